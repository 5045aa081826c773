package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"deputydesk/app/assess"
	"deputydesk/store"
)

func TestShuzhiScreenRecordTallyPrintAndDelete(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 12, 22, 2, 0, 0, 0, time.UTC) }
	f := &factory{t: t, db: db}
	f.township()
	a := f.deputy("王建国", store.Levels(store.TownshipLv))
	b := f.deputy("李秀英", store.Levels(store.TownshipLv|store.County))
	g := f.group("第一代表小组", a.ID, a.ID, b.ID)
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenShuzhi)
	s := mw.screens[ScreenShuzhi].(*shuzhiScreen)
	if len(s.Rows()) != 0 {
		t.Fatalf("rows %v", s.Rows())
	}
	// A new 述职: choosing the group ticks its members.
	form := s.Edit("")
	form.district.SetText("第3选区（龙泉村）")
	form.place.SetText("龙泉村村委会")
	form.attendees.SetText("四十")
	form.group.SetSelected(g.Name)
	if len(form.deputies.ids()) != 2 {
		t.Fatalf("group members not ticked: %v", form.deputies.ids())
	}
	if form.Save() {
		t.Fatal("a bad head count was saved")
	}
	form.attendees.SetText("42")
	form.day.SetText("2026-12-30")
	if form.Save() {
		t.Fatal("a 述职 after today was saved")
	}
	form.day.SetText("2026-12-20")
	if !form.Save() {
		t.Fatal("述职 refused")
	}
	capture(t, mw.win, "shuzhi-screen-new")
	rows := s.Rows()
	if len(rows) != 1 || rows[0][1] != "第3选区（龙泉村）选民（第一代表小组）" || rows[0][5] != "尚未录入测评票数" {
		t.Fatalf("rows %v", rows)
	}
	// The counts: a line over the returned sheets is named and nothing saved.
	form = s.Edit(s.rows[0].ID)
	var sheet bytes.Buffer
	if err := form.WriteSheet(&sheet); err != nil || sheet.Len() == 0 {
		t.Fatalf("sheet: %v", err)
	}
	tf := form.OpenTally()
	if tf.handed.Text != "42" {
		t.Fatalf("handed defaults to the head count: %q", tf.handed.Text)
	}
	tf.returned.SetText("40")
	for _, it := range store.DefaultShuzhiItems {
		tf.Set(a.ID, it, 36, 3, 1)
		tf.Set(b.ID, it, 20, 10, 8)
	}
	tf.Set(b.ID, "廉洁自律", 30, 10, 8)
	if tf.Save() || !strings.Contains(tf.fields.summary.Text, "“李秀英”的“廉洁自律”") {
		t.Fatalf("over-counted line: %q", tf.fields.summary.Text)
	}
	capture(t, mw.win, "shuzhi-tally")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("tally form shows Latin: %v", bad)
	}
	if r, _ := db.ShuzhiRecord(ctx, s.rows[0].ID); r.Tallied {
		t.Fatal("a refused count was stored")
	}
	tf.Set(b.ID, "廉洁自律", 20, 10, 8)
	if !tf.Save() {
		t.Fatalf("count refused: %q", tf.fields.summary.Text)
	}
	rows = s.Rows()
	if rows[0][4] != "收回40/发出42" || rows[0][5] != "满意率75.0%至97.5%，平均得分79.8" {
		t.Fatalf("after count %v", rows)
	}
	capture(t, mw.win, "shuzhi-screen")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("screen shows Latin: %v", bad)
	}
	form = s.Edit(s.rows[0].ID)
	var res bytes.Buffer
	if err := form.WriteResult(&res); err != nil || res.Len() == 0 {
		t.Fatalf("result: %v", err)
	}
	capture(t, mw.win, "shuzhi-form")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("form shows Latin: %v", bad)
	}
	form.dlg.Hide()
	// The assessment shows where the electors' rating came from.
	y, err := assess.Load(ctx, db, 2026)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := y.Find(a.ID)
	if from := electorsFrom(r); !strings.Contains(from, "满意率97.5%") {
		t.Fatalf("electors' rating source %q", from)
	}
	mw.Show(ScreenAssessment)
	as := mw.screens[ScreenAssessment].(*assessScreen)
	if !as.Select(a.ID) {
		t.Fatal("deputy not in the assessment")
	}
	sf := as.OpenScores()
	if _, typed := sf.entries[[2]string{"yearend", store.RaterElectors}]; typed {
		t.Fatal("the electors' rating can still be typed")
	}
	capture(t, mw.win, "shuzhi-assessment-scores")
	sf.dlg.Hide()
	// Delete confirms, names the counts, and lands in the 回收站.
	mw.Show(ScreenShuzhi)
	form = s.Edit(s.rows[0].ID)
	test.Tap(findButton(t, mw.win, "删除此述职"))
	if !strings.Contains(mw.lastConfirm.message.Text, "测评票数") {
		t.Fatalf("confirmation %q", mw.lastConfirm.message.Text)
	}
	test.Tap(mw.lastConfirm.ok)
	if tr, _ := db.Trash(ctx); len(tr) != 1 || tr[0].Entity != "shuzhi" {
		t.Fatalf("trash %+v", tr)
	}
	if len(s.Rows()) != 0 {
		t.Fatalf("rows after delete %v", s.Rows())
	}
}
