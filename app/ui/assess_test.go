package ui

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	"deputydesk/app/assess"
	"deputydesk/store"
)

func TestActivitiesTenOneAndAssessmentScreens(t *testing.T) {
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	ctx := t.Context()
	f := &factory{t: t, db: db}
	f.township()
	a := f.deputy("王建国", store.Levels(store.TownshipLv))
	b := f.deputy("李秀英", store.Levels(store.TownshipLv))
	mw := newWindow(t, test.NewTempApp(t), db)
	capture := func(name string) {
		if dir := os.Getenv("ASSESS_UI_OUT"); dir != "" {
			out, _ := os.Create(filepath.Join(dir, name))
			png.Encode(out, mw.win.Canvas().Capture())
			out.Close()
		}
	}

	// 履职活动: the same deputy both present and absent is refused beside
	// the participants, nothing saved.
	mw.Show(ScreenActivities)
	as := mw.screens[ScreenActivities].(*activityScreen)
	form := as.EditActivity(store.Activity{Day: "2026-05-12"})
	form.Fill("专题调研", "2026-05-12", "调研养老服务中心运营情况", map[string]string{a.ID: store.ActPresent})
	form.absent.set(a.ID, true)
	if form.Save() || !strings.Contains(form.fields.message("Participants"), "王建国") {
		t.Fatalf("double mark: %q", form.fields.message("Participants"))
	}
	form.absent.set(a.ID, false)
	form.absent.set(b.ID, true)
	form.day.SetText("2026-13-01")
	if form.Save() || form.fields.message("Day") == "" {
		t.Fatal("bad date not shown beside 活动日期")
	}
	if acts, _ := db.Activities(ctx, store.ActivityFilter{}); len(acts) != 0 {
		t.Fatalf("%d activities saved from bad forms", len(acts))
	}
	form.day.SetText("2026-05-12")
	capture("activity-form.png")
	if !form.Save() {
		t.Fatalf("save failed: %v", shownTexts(mw.win))
	}
	if len(as.activities) != 1 || !shows(mw.win, "出席1 请假0 缺席1") {
		t.Fatalf("list after save: %v", shownTexts(mw.win))
	}
	of := as.EditOpinion(store.Opinion{Day: "2026-06-02"})
	pickDeputy := func(sel []string, name string) string {
		for _, o := range sel {
			if strings.HasPrefix(o, name) {
				return o
			}
		}
		t.Fatalf("no %s among %v", name, sel)
		return ""
	}
	of.deputy.SetSelected(pickDeputy(of.deputy.Options, "王建国"))
	of.title.SetText("村民反映灌溉水渠淤堵")
	if !of.Save() || len(as.opinions) != 1 {
		t.Fatal("opinion not saved")
	}
	sf := as.EditSuggestion(store.Suggestion{Day: "2026-01-08"})
	sf.deputy.SetSelected(pickDeputy(sf.deputy.Options, "王建国"))
	sf.title.SetText("关于修缮石桥村道路的建议")
	sf.class.SetSelected(store.SuggestionClassLabel("A"))
	if !sf.Save() || len(as.suggestions) != 1 || as.suggestions[0].ResultClass != "A" {
		t.Fatalf("suggestion %+v", as.suggestions)
	}
	as.tabs.SelectIndex(0)
	capture("activities.png")

	// 「十个一」: 王建国's 调研 in May fills the second quarter; the first
	// quarter is overdue on 23 November for both.
	mw.Show(ScreenTenOne)
	ts := mw.screens[ScreenTenOne].(*tenOneScreen)
	ts.dutySel.SetSelected("每季度一次调研视察")
	row := func(id string) []assess.Cell {
		for _, r := range ts.grid.Rows {
			if r.DeputyID == id {
				return r.Cells
			}
		}
		t.Fatalf("no row for %s", id)
		return nil
	}
	if c := row(a.ID); CellText(c[1]) != "✓" || CellText(c[0]) != "逾期 0/1" || CellText(c[3]) != "0/1" {
		t.Errorf("王建国: Q1 %q Q2 %q Q4 %q", CellText(c[0]), CellText(c[1]), CellText(c[3]))
	}
	if c := row(b.ID); c[1].State != assess.Overdue {
		t.Errorf("李秀英 was absent; Q2 %v", c[1].State)
	}
	owed := ts.ShowOwed(a.ID)
	// The suggestion settles the year's one; the fourth quarter's 调研 is
	// still owed.
	if strings.Contains(owed, "代表建议") || !strings.Contains(owed, "每季度一次调研视察（第四季度，已完成0/1，未完成）") ||
		!strings.Contains(owed, "每月一次接待选民（11月，已完成0/1，未完成）") {
		t.Errorf("owed:\n%s", owed)
	}
	ts.dutySel.SetSelected("每人每月一条社情民意")
	if len(row(a.ID)) != 12 || ts.list.Length() != 2 {
		t.Errorf("monthly grid has %d cells", len(row(a.ID)))
	}
	capture("tenone.png")

	// 年度考核: scores from the records, a rater's score typed in, an
	// out-of-range one refused, finalise freezes, reopen needs a reason.
	mw.Show(ScreenAssessment)
	ss := mw.screens[ScreenAssessment].(*assessScreen)
	if len(ss.data.Results) != 2 || !shows(mw.win, "未定稿") {
		t.Fatalf("assessment: %v", shownTexts(mw.win))
	}
	res, _ := ss.data.Find(a.ID)
	before := res.Total // 50 + 1.5 调研 + 0.5 社情民意 + 2 + 1 建议
	if before != 55 {
		t.Errorf("王建国 computed %g; want 55", before)
	}
	ss.Select(a.ID)
	sc := ss.OpenScores()
	sc.Set("speech", store.RaterGroup, "6")
	if sc.Save() {
		t.Fatal("6 points on a 5-point item saved")
	}
	sc.Set("speech", store.RaterGroup, "4")
	sc.Set("speech", store.RaterPresidum, "5")
	capture("assessment-scores.png")
	if !sc.Save() {
		t.Fatal("scores not saved")
	}
	if r, _ := ss.data.Find(a.ID); r.Total != before+4.6 {
		t.Errorf("after speech scores total %g; want %g", r.Total, before+4.6)
	}
	ss.Select(b.ID)
	adj := ss.OpenAdjust()
	adj.points.SetText("2")
	if adj.Save() {
		t.Fatal("adjustment without a reason saved")
	}
	adj.reason.SetText("参与防汛抢险")
	if !adj.Save() {
		t.Fatal("adjustment not saved")
	}
	ss.Select(b.ID)
	rf := ss.OpenRect()
	rf.talkDay.SetText("2026-12-30")
	if !rf.Save() || ss.rects[b.ID].DueDay != "2026-12-23" || !shows(mw.win, "已谈话") {
		t.Errorf("rectification %+v", ss.rects[b.ID])
	}
	var xb bytes.Buffer
	if err := ss.WriteXLSX(&xb); err != nil {
		t.Fatal(err)
	}
	xf, err := excelize.OpenReader(&xb)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := xf.GetRows("考核结果"); len(rows) != 5 || rows[3][1] != "王建国" {
		t.Errorf("exported rows %v", rows)
	}
	ss.Finalise()
	capture("assessment.png")
	if !ss.data.Final || !shows(mw.win, "已定稿") {
		t.Fatal("not finalised")
	}
	frozen, _ := ss.data.Find(a.ID)
	if err := db.SaveOpinion(ctx, &store.Opinion{DeputyID: a.ID, Day: "2026-07-02", Title: "又一条"}); err != nil {
		t.Fatal(err)
	}
	mw.Show(ScreenAssessment)
	if r, _ := ss.data.Find(a.ID); r.Total != frozen.Total {
		t.Errorf("final total moved from %g to %g", frozen.Total, r.Total)
	}
	ss.Reopen("")
	if !ss.data.Final {
		t.Error("reopened without a reason")
	}
	ss.Reopen("补录社情民意")
	if r, _ := ss.data.Find(a.ID); ss.data.Final || r.Total != frozen.Total+0.5 {
		t.Errorf("after reopen final=%v total %g", ss.data.Final, r.Total)
	}

	rulesForm := ss.OpenRules()
	rulesForm.SetItem("opinion", "1", "5")
	rulesForm.SetItem("speech", "小组评定 1", "5") // the 主席团 no longer scores 审议发言
	capture("rules.png")
	if !rulesForm.Save() {
		t.Fatal("rules not saved")
	}
	// 社情民意 1 point each (+1 over two entries), 审议发言 now the group's 4
	// alone instead of 4.6.
	if r, _ := ss.data.Find(a.ID); r.Total != frozen.Total+1.5-0.6 || ss.data.Rules.Version != 1 {
		t.Errorf("after new rules: %g (v%d)", r.Total, ss.data.Rules.Version)
	}
	rulesForm = ss.OpenRules()
	rulesForm.SetItem("speech", "小组评定", "5")
	if rulesForm.Save() {
		t.Error("raters without weights saved")
	}
	rulesForm.dlg.Hide()

	// A township's own item in, 学习培训 out.
	rulesForm = ss.OpenRules()
	itemsBefore := ss.data.Rules.Items
	for i, it := range rulesForm.rules.Items {
		if it.Code == "study" {
			rulesForm.removes[i].SetChecked(true)
		}
	}
	rulesForm.NewName.SetText("报送社情民意（加报）")
	rulesForm.NewKind.SetSelected("加分（按次计分）")
	rulesForm.SetNewSources([]string{store.SourceOpinion})
	rulesForm.NewPoints.SetText("0.5")
	rulesForm.NewCap.SetText("2")
	capture("rules-new-item.png")
	if !rulesForm.Save() {
		t.Fatal("rules with a new item not saved")
	}
	got := ss.data.Rules.Items
	names := map[string]bool{}
	for _, it := range got {
		names[it.Name] = true
	}
	if len(got) != len(itemsBefore) || names["学习培训"] || !names["报送社情民意（加报）"] {
		t.Fatalf("items after edit: %v", names)
	}
	if r, _ := ss.data.Find(a.ID); r.Total != frozen.Total+1.5-0.6+1 {
		t.Errorf("with the new item (two 社情民意 at 0.5): %g", r.Total)
	}
}
