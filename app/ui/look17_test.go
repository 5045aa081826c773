package ui

import (
	"image"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/demo"
	"deputydesk/store"
)

// demoWindow is the demo township in a window of a common laptop's size.
func demoWindow(t *testing.T) (*MainWindow, *store.DB) {
	t.Helper()
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }
	if err := demo.Fill(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.win.Resize(fyne.NewSize(1366, 768))
	return mw, db
}

// absRect is where o lies in the window.
func absRect(o fyne.CanvasObject) image.Rectangle {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	s := o.Size()
	return image.Rect(int(p.X), int(p.Y), int(p.X+s.Width), int(p.Y+s.Height))
}

// drawnOutside reports how many pixels change outside keep when change is
// applied: what the change touches must stay inside keep.
func drawnOutside(w fyne.Window, keep image.Rectangle, change, undo func()) int {
	before := w.Canvas().Capture()
	change()
	after := w.Canvas().Capture()
	undo()
	n := 0
	b := before.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if image.Pt(x, y).In(keep) {
				continue
			}
			r1, g1, b1, _ := before.At(x, y).RGBA()
			r2, g2, b2, _ := after.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n
}

func TestShuzhiTallyEntriesStayInsideTheirScroller(t *testing.T) {
	mw, _ := demoWindow(t)
	f := mw.OpenShuzhi("", false)
	if f == nil {
		t.Fatal("the demo has no 述职")
	}
	tf := f.OpenTally()
	if len(tf.cells) < 10 {
		t.Fatalf("only %d lines: too few to need scrolling", len(tf.cells))
	}
	shot(t, mw.win, "shuzhi-tally-1366")
	win := image.Rect(0, 0, 1366, 768)
	view := absRect(tf.scroll)
	save := absRect(tf.save)
	if !save.In(win) || !view.In(win) || save.Min.Y < view.Max.Y {
		t.Fatalf("buttons %v overlap the counts %v or leave the window", save, view)
	}
	if tf.scroll.Content.MinSize().Height <= tf.scroll.Size().Height {
		t.Fatal("the counts fit without scrolling: the test shows nothing")
	}
	// The numbers of the lines scrolled away are not drawn anywhere.
	var all []*widget.Entry
	for _, es := range tf.cells {
		all = append(all, es[0], es[1], es[2])
	}
	texts := make([]string, len(all))
	for i, e := range all {
		texts[i] = e.Text
	}
	blank := func() {
		for _, e := range all {
			e.SetText("")
		}
	}
	restore := func() {
		for i, e := range all {
			e.SetText(texts[i])
		}
	}
	if n := drawnOutside(mw.win, view, blank, restore); n > 0 {
		t.Fatalf("%d pixels of the counts are drawn outside the scrolled area %v", n, view)
	}
	// Every line can be scrolled to and then lies above the buttons.
	for key, es := range tf.cells {
		for _, e := range es {
			tf.scroll.ScrollToOffset(fyne.NewPos(0, e.Position().Y))
			if r := absRect(e); !r.In(view) || r.Max.Y > save.Min.Y {
				t.Fatalf("%v: entry at %v after scrolling, view %v, buttons at %v", key, r, view, save)
			}
		}
	}
	tf.scroll.ScrollToBottom()
	shot(t, mw.win, "shuzhi-tally-1366-bottom")
}

func TestSuggestionWithManyReferralsScrollsAboveItsButtons(t *testing.T) {
	mw, db := demoWindow(t)
	ctx := t.Context()
	deps, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sg := store.Suggestion{DeputyID: deps[0].ID, Day: "2026-03-10", No: "2026-990", Title: "关于加强清水河流域生态环境保护的建议"}
	if err := db.SaveSuggestion(ctx, &sg); err != nil {
		t.Fatal(err)
	}
	subjects := []string{"沿岸入河排污口污水直排", "河道非法采砂", "废弃矿坑未复绿", "养殖废水渗漏", "垃圾填埋场渗滤液外溢", "沿河农家乐油烟直排"}
	for i, sub := range subjects {
		r := store.Referral{SuggestionID: sg.ID, Direction: store.DirClue, ClueDay: "2026-03-2" + string(rune('0'+i)), Subject: sub, State: store.StateClue}
		if i%2 == 0 {
			r.State, r.RefNo, r.RefDay = store.StateIssued, "和检行公建〔2026〕9"+string(rune('1'+i))+"号", "2026-05-08"
		}
		if err := db.SaveReferral(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	mw.Show(ScreenActivities)
	sf := mw.screens[ScreenActivities].(*activityScreen).EditSuggestion(sg)
	if n := len(sf.Referrals.Lines()); n != len(subjects) {
		t.Fatalf("%d referrals shown", n)
	}
	shot(t, mw.win, "suggestion-6-referrals")
	win := image.Rect(0, 0, 1366, 768)
	check := func(when string) {
		t.Helper()
		view, save := absRect(sf.scroll), absRect(sf.save)
		if !save.In(win) || !view.In(win) || save.Min.Y < view.Max.Y {
			t.Fatalf("%s: buttons %v overlap the form %v or leave the window", when, save, view)
		}
		sf.scroll.ScrollToBottom()
		if add := absRect(sf.Referrals.Add); !add.In(view) {
			t.Fatalf("%s: the add button %v cannot be scrolled into %v", when, add, view)
		}
	}
	check("on opening")
	shot(t, mw.win, "suggestion-6-referrals-bottom")
	// One more, added in the window: the form grows and still scrolls.
	test.Tap(sf.Referrals.Add)
	rf := sf.Referrals.Form
	rf.Subject.SetText("沿河工厂噪声扰民")
	if !rf.Submit() {
		t.Fatalf("not saved: %q", rf.fields.summary.Text)
	}
	if n := len(sf.Referrals.Lines()); n != len(subjects)+1 {
		t.Fatalf("%d referrals after adding", n)
	}
	check("after adding")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("suggestion window shows Latin: %v", bad)
	}
}
