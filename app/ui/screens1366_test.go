package ui

import (
	"image"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	capture(t, mw.win, "shuzhi-tally-1366")
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
	capture(t, mw.win, "shuzhi-tally-1366-bottom")
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
	capture(t, mw.win, "suggestion-6-referrals")
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
	capture(t, mw.win, "suggestion-6-referrals-bottom")
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

// TestLookAtTheYearsRestScreens opens the 述职测评 and 12345 and
// procuratorate screens over the demo township at 1366×768: each shows
// something, in Chinese; DEPUTYDESK_SHOTS keeps them to look at.
func TestLookAtTheYearsRestScreens(t *testing.T) {
	mw, db := demoWindow(t)
	ctx := t.Context()
	closeDialogs := func() {
		for mw.win.Canvas().Overlays().Top() != nil {
			mw.win.Canvas().Overlays().Remove(mw.win.Canvas().Overlays().Top())
		}
	}
	latin := func(where string) {
		t.Helper()
		if bad := latinIn(mw.win); len(bad) > 0 {
			t.Errorf("%s shows Latin: %v", where, bad)
		}
	}
	mw.Show(ScreenShuzhi)
	s := mw.screens[ScreenShuzhi].(*shuzhiScreen)
	if len(s.Rows()) == 0 {
		t.Fatal("述职测评 opens empty on the demo township")
	}
	capture(t, mw.win, "look-shuzhi-screen")
	latin("述职测评")
	s.Edit("")
	capture(t, mw.win, "look-shuzhi-add")
	latin("登记述职")
	closeDialogs()
	f := s.Edit(s.rows[0].ID)
	capture(t, mw.win, "look-shuzhi-form")
	f.OpenTally()
	capture(t, mw.win, "look-shuzhi-tally")
	latin("录入测评票数")
	closeDialogs()

	mw.Show(ScreenCases)
	cs := mw.screens[ScreenCases].(*caseScreen)
	cs.hotline.SetChecked(true)
	if len(cs.rows) == 0 {
		t.Fatal("the 12345未办结 filter finds nothing in the demo")
	}
	capture(t, mw.win, "look-cases-hotline-open")
	latin("12345未办结")
	v := mw.OpenCase(cs.rows[0].ID)
	capture(t, mw.win, "look-case-hotline")
	if !v.Hotline.box.Visible() {
		t.Fatal("the case window of a 12345 case shows no 工单 part")
	}
	if sc := scrollOf(v.fields.root); sc != nil {
		sc.ScrollToBottom()
	}
	capture(t, mw.win, "look-case-hotline-step")
	latin("事项的12345工单")
	v.Close()

	rs, err := db.Referrals(ctx, store.ReferralFilter{})
	if err != nil || len(rs) == 0 {
		t.Fatalf("demo referrals %v %v", rs, err)
	}
	var sg store.Suggestion
	sgs, _ := db.Suggestions(ctx, store.RecordFilter{})
	for _, x := range sgs {
		if x.ID == rs[len(rs)-1].SuggestionID {
			sg = x
		}
	}
	mw.Show(ScreenActivities)
	sf := mw.screens[ScreenActivities].(*activityScreen).EditSuggestion(sg)
	if len(sf.Referrals.Lines()) == 0 {
		t.Fatal("no referral shown")
	}
	capture(t, mw.win, "look-suggestion-referral")
	latin("代表建议")
}

func scrollOf(o fyne.CanvasObject) *container.Scroll {
	sc, _ := o.(*container.Scroll)
	return sc
}
