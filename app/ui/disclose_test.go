package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"deputydesk/app/report/disclose"
	"deputydesk/store"
)

func TestDisclosureFromGroupAndStationForms(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }
	f := &factory{t: t, db: db}
	f.township()
	a := f.deputy("王建国", store.Levels(store.TownshipLv))
	b := f.deputy("李秀英", store.Levels(store.TownshipLv|store.County))
	g := f.group("第一代表小组", a.ID, a.ID, b.ID)
	st := f.station("城关镇人大代表联络站", g.ID)
	act := &store.Activity{Kind: "集中视察", Day: "2026-09-10", Topic: "视察农村饮水安全工程",
		Participants: []store.Participant{{DeputyID: a.ID, Attendance: "出席"}, {DeputyID: b.ID, Attendance: "缺席"}}}
	if err := db.SaveActivity(ctx, act); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSuggestion(ctx, &store.Suggestion{DeputyID: b.ID, Day: "2026-10-12", Title: "关于增设村道路灯的建议"}); err != nil {
		t.Fatal(err)
	}
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenGroups)
	mw.EditGroup(g.ID)
	test.Tap(findButton(t, mw.win, "履职登记情况公示"))
	d := mw.disclosure
	if d == nil || d.from.Text != "2026-07-01" || d.to.Text != "2026-12-31" {
		t.Fatalf("dialog %+v", d)
	}
	rows := d.Rows()
	if len(rows) != 2 {
		t.Fatalf("rows %+v", rows)
	}
	byName := map[string]disclose.Row{}
	for _, r := range rows {
		byName[r.Name] = r
	}
	if byName["王建国"].Activities != 1 || byName["李秀英"].Absences != 1 || byName["李秀英"].Suggestions != 1 {
		t.Fatalf("counts %+v", byName)
	}
	capture(t, mw.win, "disclosure")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("disclosure shows Latin: %v", bad)
	}
	// A period without the activity, then a bad one: said in Chinese, nothing printed.
	d.from.SetText("2026-10-01")
	if d.Rows()[0].Activities+d.Rows()[1].Activities != 0 {
		t.Fatalf("October on shows the September activity: %+v", d.Rows())
	}
	d.to.SetText("2026-02-30")
	if d.err == nil || !strings.Contains(d.summary.Text, "日期无效") {
		t.Fatalf("bad period: %q", d.summary.Text)
	}
	d.dlg.Hide()
	closeAll := func() {
		for mw.win.Canvas().Overlays().Top() != nil {
			mw.win.Canvas().Overlays().Remove(mw.win.Canvas().Overlays().Top())
		}
	}
	closeAll()
	mw.Show(ScreenStations)
	mw.EditStation(st.ID)
	test.Tap(findButton(t, mw.win, "履职登记情况公示"))
	if mw.disclosure == d || len(mw.disclosure.Rows()) != 2 || !strings.Contains(mw.disclosure.summary.Text, "城关镇人大代表联络站") {
		t.Fatalf("station disclosure %q", mw.disclosure.summary.Text)
	}
}
