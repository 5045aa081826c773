package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"deputydesk/app/demo"
	"deputydesk/app/ledger"
	"deputydesk/store"
)

// caseWindow is a township with a station, two deputies and a fixed clock,
// showing the main window.
func caseWindow(t *testing.T) (*MainWindow, *store.DB, []store.Deputy, store.Station) {
	t.Helper()
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }
	f := &factory{t: t, db: db}
	f.township()
	a := f.deputy("王建国", store.Levels(store.TownshipLv))
	b := f.deputy("李秀英", store.Levels(store.TownshipLv))
	st := f.station("城关镇人大代表联络站")
	mw := newWindow(t, test.NewTempApp(t), db)
	return mw, db, []store.Deputy{a, b}, st
}

func TestRecordReceptionWithCasesThroughForm(t *testing.T) {
	mw, db, deps, _ := caseWindow(t)
	ctx := t.Context()
	mw.Show(ScreenReceptions)
	f := mw.NewReception()
	f.Day.SetText("2026-11-06")
	f.Station.SetSelected("城关镇人大代表联络站")
	f.CheckDeputy(deps[0].ID, true)
	f.Visitors.SetText("3")
	c1 := f.Cases[0]
	test.Type(c1.Name, "张大爷")
	test.Type(c1.Phone, "1381234567") // one digit short
	c1.Category.SetSelected("政策咨询")
	test.Type(c1.Content, "咨询城乡居民医保缴费标准。")
	test.Type(c1.Answer, "代表当场解释了缴费标准")
	c2 := f.AddCase()
	test.Type(c2.Name, "刘桂珍")
	c2.Category.SetSelected("基础设施")
	test.Type(c2.Content, "村口道路坑洼不平，雨天积水。")
	c2.Disposition.SetSelected(store.DispAssigned)
	test.Type(c2.Unit, "镇村镇建设办公室")
	test.Type(c2.Deadline, "2026-11-15")

	test.Tap(f.Save)
	if !strings.Contains(f.fields.summary.Text, "第1件·联系电话") {
		t.Fatalf("summary = %q", f.fields.summary.Text)
	}
	if n, _ := db.CountCases(ctx, store.CaseFilter{}); n != 0 {
		t.Fatal("bad form saved cases")
	}
	test.Type(c1.Phone, "8")
	test.Tap(f.Save)
	if f.Saved == nil {
		t.Fatalf("not saved: %q", f.fields.summary.Text)
	}
	cs, _ := db.Cases(ctx, store.CaseFilter{Oldest: true})
	if len(cs) != 2 || cs[0].Status != "已反馈" || cs[1].Status != "交办" || cs[1].LeadUnit != "镇村镇建设办公室" {
		t.Fatalf("cases = %+v", cs)
	}
	// The form's numbers follow the paper form.
	if !shows(mw.win, "接待记录") {
		t.Fatal("reception screen not shown")
	}

	// The assigned case is overdue (deadline 11-15, today 11-20) and shows
	// on the dashboard; step it along in its dialog.
	mw.Show(ScreenDashboard)
	dash := mw.screens[ScreenDashboard].(*dashboardScreen)
	dash.month.SetSelected("2026年11月")
	if dash.figures["收集意见"].Text != "2" || dash.figures["办结"].Text != "1" || dash.rate.Text != "50%" {
		t.Fatalf("dashboard: %s %s %s", dash.figures["收集意见"].Text, dash.figures["办结"].Text, dash.rate.Text)
	}
	if !strings.Contains(dash.odTitle.Text, "超期未办结 1 件") {
		t.Fatalf("overdue title = %q", dash.odTitle.Text)
	}
	v := mw.OpenCase(cs[1].ID)
	if !strings.Contains(v.info.Text, "已超期") {
		t.Fatalf("case view does not say overdue: %q", v.info.Text)
	}
	v.UrgeHow.SetSelected("电话")
	test.Type(v.UrgeNote, "请加快办理")
	test.Tap(v.Urge)
	// One path: the next step after 交办 is 办结, with one button.
	if v.Action() != "办结" || v.Act.Text != "办结" {
		t.Fatalf("next = %q (%q)", v.Action(), v.Act.Text)
	}
	v.Day.SetText("2026-11-19")
	test.Tap(v.Act)
	if v.fields.message("Text") == "" {
		t.Fatal("办结 without a result accepted")
	}
	test.Type(v.Text, "已修补路面")
	test.Tap(v.Act)
	if v.Detail().Status != "办结" || !strings.Contains(mw.Status(), "已办结") {
		t.Fatalf("status = %s, status line %q", v.Detail().Status, mw.Status())
	}
	// Correct the 办结 step: the old one stays, marked.
	for label := range v.correctSeqs {
		if strings.Contains(label, "办结") {
			v.Correct.SetSelected(label)
		}
	}
	if v.CorrectText.Text != "已修补路面" {
		t.Fatalf("correction not pre-filled: %q", v.CorrectText.Text)
	}
	v.CorrectText.SetText("已修补路面80米")
	test.Tap(v.SaveCorrect)
	if !strings.Contains(v.history.Text, "〔已被更正〕") || !strings.Contains(v.history.Text, "已修补路面80米") || !strings.Contains(v.history.Text, "催办") {
		t.Fatalf("history = %q", v.history.Text)
	}
	// 反馈 and 回访, one button each.
	test.Type(v.Text, "电话告知反映人")
	test.Tap(v.Act)
	if v.Action() != "已回访" {
		t.Fatalf("after 反馈 next = %q", v.Action())
	}
	test.Type(v.Text, "回访满意")
	v.Satisfaction.SetSelected("满意")
	test.Tap(v.Act)
	if v.Detail().Status != "已回访" || v.Act.Visible() {
		t.Fatalf("after 回访: %s, button shown %v", v.Detail().Status, v.Act.Visible())
	}
	v.Close()
	dash.reload()
	if dash.board.OverdueTotal != 0 || dash.figures["办结"].Text != "2" {
		t.Fatalf("after closing: overdue %d, closed %s", dash.board.OverdueTotal, dash.figures["办结"].Text)
	}
	if bars := dash.chart.Bars(); len(bars) != 24 || bars[23].Size().Height <= 0 {
		t.Fatalf("chart bars = %d", len(bars))
	}

	// Export the month's ledger and the blank form.
	dir := t.TempDir()
	for _, name := range []string{"台账.xlsx", "台账.pdf"} {
		if err := dash.ExportLedger(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.WriteBlankForm(filepath.Join(dir, "登记表.pdf")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"台账.xlsx", "台账.pdf", "登记表.pdf"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() < 1000 {
			t.Fatalf("%s: %v", name, err)
		}
	}
	capture(t, mw.win, "dashboard")
}

func TestCaseScreenFiltersAndSearch(t *testing.T) {
	mw, db, deps, st := caseWindow(t)
	ctx := t.Context()
	r := &store.Reception{Kind: "接待日", Day: "2026-10-09", StationID: st.ID, DeputyIDs: []string{deps[0].ID}, Visitors: 2}
	var recs []*store.CaseRecord
	for _, c := range []struct{ cat, content string }{
		{"基础设施", "通往镇上的道路年久失修。"}, {"社会保障", "申请低保不知道需要什么材料。"}, {"生态环境", "垃圾清运不及时。"},
	} {
		recs = append(recs, &store.CaseRecord{Case: store.Case{VisitorName: "张三", Category: c.cat, Content: c.content, Disposition: store.DispOnSpot}})
	}
	if err := db.RecordReception(ctx, r, recs); err != nil {
		t.Fatal(err)
	}
	mw.Show(ScreenCases)
	s := mw.screens[ScreenCases].(*caseScreen)
	if s.total != 3 {
		t.Fatalf("all = %d", s.total)
	}
	test.Type(s.search, "低保")
	if s.total != 1 || s.rows[0].Category != "社会保障" {
		t.Fatalf("search 低保 = %d", s.total)
	}
	s.search.SetText("")
	s.category.SetSelected("基础设施")
	if s.total != 1 {
		t.Fatalf("category = %d", s.total)
	}
	s.category.SetSelected(allCategories)
	s.month.SetSelected("2026年11月")
	if s.total != 0 || !strings.Contains(s.count.Text, "共 0 件") {
		t.Fatalf("november = %d %q", s.total, s.count.Text)
	}
	s.month.SetSelected("2026年10月")
	s.station.SetSelected(st.Name)
	if s.total != 3 {
		t.Fatalf("station = %d", s.total)
	}
	if !shows(mw.win, "道路") {
		t.Fatal("list does not show the content")
	}
	// Field numbers on screen match the printed form.
	if ledger.FieldLabel("反映人") != "7. 反映人" {
		t.Fatalf("numbering = %q", ledger.FieldLabel("反映人"))
	}
}

func TestScreensOverTheDemoTownship(t *testing.T) {
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }
	if err := demo.Fill(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDashboard)
	dash := mw.screens[ScreenDashboard].(*dashboardScreen)
	dash.month.SetSelected("2026年10月")
	b, err := ledger.Dashboard(t.Context(), db, "2026-10", db.Now())
	if err != nil {
		t.Fatal(err)
	}
	if dash.figures["收集意见"].Text != strconv.Itoa(b.Figures.Cases) || dash.rate.Text != b.Figures.RateText() || b.Figures.Cases == 0 {
		t.Fatalf("dashboard shows %s cases, %s; store says %d, %s", dash.figures["收集意见"].Text, dash.rate.Text, b.Figures.Cases, b.Figures.RateText())
	}
	if len(b.Upcoming) == 0 || !strings.Contains(dash.duties.Text, b.Upcoming[0].Station) {
		t.Fatalf("next 7 days: %q", dash.duties.Text)
	}
	shot := func(name string) { capture(t, mw.win, name) }
	shot("dashboard")
	mw.Show(ScreenReceptions)
	shot("receptions")
	mw.Show(ScreenCases)
	cs := mw.screens[ScreenCases].(*caseScreen)
	test.Type(cs.search, "道路硬化")
	n, _ := db.CountCases(t.Context(), store.CaseFilter{Search: "道路硬化"})
	if cs.total != n || n == 0 {
		t.Fatalf("search shows %d, store %d", cs.total, n)
	}
	shot("cases")
	v := mw.OpenCase(cs.rows[0].ID)
	shot("case")
	v.Close()
	f := mw.NewReception()
	f.Station.SetSelected("城关镇人大代表联络站")
	f.Day.SetText("2026-11-06")
	if len(f.Duty.Options) != 1 || len(f.deputies.ids()) == 0 {
		t.Fatalf("duty not offered or deputies not pre-filled: %v %v", f.Duty.Options, f.deputies.ids())
	}
	shot("reception-form")
}
