package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"deputydesk/store"
)

// TestDeadlineSettingSetsTheNextCasesDeadline edits the 办理时限 in 设置:
// a bad value is named beside its entry and saves nothing; a good one is
// confirmed and the next case 交办 from a reception gets it.
func TestDeadlineSettingSetsTheNextCasesDeadline(t *testing.T) {
	mw, db, deps, _ := smallWindow(t)
	ctx := t.Context()
	mw.Show(ScreenSettings)
	f := mw.settings.deadlines
	if f == nil || f.days[store.DispAssigned].Text != "15" || f.days[store.DispSuggestion].Text != "90" {
		t.Fatal("the 办理时限 form does not show the defaults")
	}
	if _, ok := f.days[store.DispOnSpot]; ok {
		t.Fatal("当场答复 has no 办理时限 and must not be offered")
	}
	f.days[store.DispAssigned].SetText("五")
	f.days["转调解"].SetText("400")
	test.Tap(f.save)
	if f.fields.message(store.DispAssigned) == "" || !strings.Contains(f.fields.message("转调解"), "1到365") {
		t.Fatalf("bad values not named: %q / %q", f.fields.message(store.DispAssigned), f.fields.message("转调解"))
	}
	if days, _ := db.DeadlineDays(ctx); days[store.DispAssigned] != 15 {
		t.Fatalf("saved despite the bad values: %v", days)
	}
	f.days[store.DispAssigned].SetText(" 5 ")
	f.days["转调解"].SetText("30")
	test.Tap(f.save)
	if f.fields.message(store.DispAssigned) != "" || !strings.HasPrefix(f.saved.Text, "已保存") ||
		!strings.Contains(mw.Status(), "交办乡镇或村（社区） 5 个工作日") {
		t.Fatalf("no save: %q, status %q", f.fields.summary.Text, mw.Status())
	}
	capture(t, mw.win, "settings-deadlines")

	r := mw.NewReception()
	r.Station.SetSelected("城关镇人大代表联络站")
	r.Day.SetText("2026-11-20")
	r.CheckDeputy(deps[0].ID, true)
	c := r.Cases[0]
	fillCase(c, "刘桂珍", "基础设施", "村口道路积水。")
	c.Disposition.SetSelected(store.DispAssigned)
	if !strings.Contains(c.Deadline.PlaceHolder, "5个工作日") {
		t.Fatalf("deadline hint = %q", c.Deadline.PlaceHolder)
	}
	test.Type(c.Unit, "镇村镇建设办公室")
	test.Tap(r.Save)
	cs, _ := db.Cases(ctx, store.CaseFilter{})
	// Friday 2026-11-20 plus five working days.
	if len(cs) != 1 || cs[0].Deadline != "2026-11-27" {
		t.Fatalf("case = %+v", cs)
	}
}
