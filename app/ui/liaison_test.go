package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"deputydesk/store"
)

func TestLiaisonScreenVisitsAndReminder(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }
	f := &factory{t: t, db: db}
	f.township()
	a := f.deputy("王建国", store.Levels(store.TownshipLv))
	b := f.deputy("李秀英", store.Levels(store.TownshipLv|store.County))
	pa := &store.LiaisonPair{Contact: "张志强", ContactPost: "县交通运输局局长", DeputyID: a.ID, Since: "2026-01-05"}
	pb := &store.LiaisonPair{Contact: "张志强", ContactPost: "县交通运输局局长", DeputyID: b.ID, Since: "2026-01-05"}
	for _, p := range []*store.LiaisonPair{pa, pb} {
		if err := db.SaveLiaisonPair(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveLiaisonVisit(ctx, &store.LiaisonVisit{PairID: pa.ID, Day: "2026-09-18", How: "座谈", Opinions: "希望增开城乡公交班次"}); err != nil {
		t.Fatal(err)
	}
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDashboard)
	d := mw.screens[ScreenDashboard].(*dashboardScreen)
	if !d.liaison.box.Visible() || !strings.Contains(d.liaison.text.Text, "2026年下半年尚有 1 对结对未走访") || !strings.Contains(d.liaison.text.Text, "张志强—李秀英") {
		t.Fatalf("reminder %q", d.liaison.text.Text)
	}
	capture(t, mw.win, "liaison-dashboard")
	mw.Show(ScreenLiaison)
	s := mw.screens[ScreenLiaison].(*liaisonScreen)
	rows := s.Rows()
	if len(rows) != 2 || rows[0][2] != "李秀英" || !strings.HasPrefix(rows[0][6], "本期尚未走访") || rows[1][4] != "1 次" {
		t.Fatalf("rows %v", rows)
	}
	capture(t, mw.win, "liaison-screen")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("screen shows Latin: %v", bad)
	}
	form := s.EditPair(pb.ID)
	vf := form.EditVisit(store.LiaisonVisit{PairID: pb.ID, Day: "2026-13-01", How: "上门走访"})
	vf.opinions.SetText("卫生院夜间值班医生少")
	if vf.Save() {
		t.Fatal("a bad date was saved")
	}
	vf.day.SetText("2026-11-20")
	if !vf.Save() || len(form.visits) != 1 {
		t.Fatalf("visit not saved: %d", len(form.visits))
	}
	// An opinion that needs handling goes into the reception form as a case.
	vf = form.EditVisit(form.visits[0])
	rf := vf.ToCase()
	if rf.Day.Text != "2026-11-20" || rf.Kind.Selected != "走访选民" || rf.Cases[0].Content.Text != "卫生院夜间值班医生少" ||
		len(rf.deputies.ids()) != 1 || rf.deputies.ids()[0] != b.ID {
		t.Fatalf("reception form from the visit: %q %q %q %v", rf.Day.Text, rf.Kind.Selected, rf.Cases[0].Content.Text, rf.deputies.ids())
	}
	rf.dlg.Hide()
	vf.dlg.Hide()
	capture(t, mw.win, "liaison-pair")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("pair form shows Latin: %v", bad)
	}
	form.dlg.Hide()
	s.reload()
	if rows := s.Rows(); strings.HasPrefix(rows[0][6], "本期尚未走访") || strings.HasPrefix(rows[1][6], "本期尚未走访") {
		t.Fatalf("still behind: %v", rows)
	}
	// Deleting a pair confirms, names its visits, and lands in the 回收站.
	form = s.EditPair(pa.ID)
	test.Tap(findButton(t, mw.win, "删除此结对"))
	if !strings.Contains(mw.lastConfirm.message.Text, "1 次走访记录") {
		t.Fatalf("confirmation %q", mw.lastConfirm.message.Text)
	}
	test.Tap(mw.lastConfirm.ok)
	if tr, _ := db.Trash(ctx); len(tr) != 1 || tr[0].Entity != "liaison_pair" {
		t.Fatalf("trash %+v", tr)
	}
	// A new pair from the screen.
	form = s.EditPair("")
	form.contact.SetText("刘慧敏")
	form.post.SetText("县教育科技局局长")
	for label, id := range form.deputyIDs {
		if id == a.ID {
			form.deputy.SetSelected(label)
		}
	}
	if !form.Save() {
		t.Fatal("new pair refused")
	}
	if ps, _ := db.LiaisonPairs(ctx, "2026-11-23"); len(ps) != 2 {
		t.Fatalf("pairs %d", len(ps))
	}
}
