package assess

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"deputydesk/store"
)

// fixture is a real database file with a station and helpers to make
// records through the store's public methods.
type fixture struct {
	t       *testing.T
	ctx     context.Context
	db      *store.DB
	station string
	day     int
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "town.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC) }
	st := &store.Station{Name: "测试联络站", Kind: "代表联络站", Address: "镇政府"}
	if err := db.SaveStation(ctx, st); err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, ctx: ctx, db: db, station: st.ID}
}

func (f *fixture) deputy(name string) *store.Deputy {
	f.t.Helper()
	d := &store.Deputy{Name: name, Phone: fmt.Sprintf("139%08d", len(name)*1000+int(name[len(name)-1])), Levels: store.Levels(store.TownshipLv)}
	if err := f.db.SaveDeputy(f.ctx, d); err != nil {
		f.t.Fatal(err)
	}
	return d
}

// duty puts the deputy on a duty on day and marks the attendance.
func (f *fixture) duty(dep *store.Deputy, day, mark string) {
	f.t.Helper()
	d := &store.Duty{StationID: f.station, Date: day, From: "09:00", To: "11:30", DeputyIDs: []string{dep.ID}}
	if err := f.db.SaveDuty(f.ctx, d); err != nil {
		f.t.Fatal(err)
	}
	if err := f.db.MarkAttendance(f.ctx, d.ID, dep.ID, mark, "", ""); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) activity(kind, day string, marks map[*store.Deputy]string) {
	f.t.Helper()
	a := &store.Activity{Kind: kind, Day: day, Topic: kind + "测试", Organiser: "镇人大主席团"}
	for d, m := range marks {
		a.Participants = append(a.Participants, store.Participant{DeputyID: d.ID, Attendance: m})
	}
	if err := f.db.SaveActivity(f.ctx, a); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) opinion(dep *store.Deputy, day string) {
	f.t.Helper()
	if err := f.db.SaveOpinion(f.ctx, &store.Opinion{DeputyID: dep.ID, Day: day, Title: "村道路灯不亮"}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) assess(year int) Year {
	f.t.Helper()
	y, err := Load(f.ctx, f.db, year)
	if err != nil {
		f.t.Fatal(err)
	}
	return y
}

func mustResult(t *testing.T, y Year, id string) Result {
	t.Helper()
	r, ok := y.Find(id)
	if !ok {
		t.Fatalf("deputy %s not assessed", id)
	}
	return r
}

func points(t *testing.T, r Result, code string) (int, float64) {
	t.Helper()
	is, ok := r.Item(code)
	if !ok {
		t.Fatalf("no item %s", code)
	}
	return is.Count, is.Points
}

func TestScoreItemsFromRecords(t *testing.T) {
	f := newFixture(t)
	a := f.deputy("王建国")
	other := f.deputy("李秀英")
	// Ten duties in 2026: eight attended, two missed without leave; one
	// more on leave, which neither earns nor loses points.
	for i := 1; i <= 10; i++ {
		mark := store.AttendPresent
		if i == 4 || i == 9 {
			mark = store.AttendAbsent
		}
		f.duty(a, fmt.Sprintf("2026-%02d-05", i), mark)
	}
	f.duty(a, "2026-11-05", store.AttendLeave)
	f.duty(a, "2025-12-05", store.AttendPresent) // last year: not counted
	for _, day := range []string{"2026-03-10", "2026-06-10", "2026-09-10"} {
		f.activity("专题调研", day, map[*store.Deputy]string{a: store.ActPresent, other: store.ActLeave})
	}
	f.activity("集中视察", "2026-10-10", map[*store.Deputy]string{a: store.ActAbsent, other: store.ActPresent})
	for m := 1; m <= 7; m++ {
		f.opinion(a, fmt.Sprintf("2026-%02d-15", m))
	}
	if err := f.db.SaveSuggestion(f.ctx, &store.Suggestion{DeputyID: a.ID, Day: "2026-01-08", No: "2026-001", Title: "关于修缮石桥的建议", Department: "县交通运输局", ResultClass: "A", Satisfaction: "满意"}); err != nil {
		t.Fatal(err)
	}
	// A reception where two matters were raised, recorded once in the
	// cases screen, counts without retyping.
	rec := &store.Reception{Kind: "走访选民", Day: "2026-05-20", Place: "石桥村", DeputyIDs: []string{a.ID}, Visitors: 2}
	mk := func(c string) *store.CaseRecord {
		return &store.CaseRecord{Case: store.Case{VisitorName: "张三", Category: "基础设施", Content: c, Disposition: "当场答复"}}
	}
	if err := f.db.RecordReception(f.ctx, rec, []*store.CaseRecord{mk("路灯不亮"), mk("水渠堵塞")}); err != nil {
		t.Fatal(err)
	}

	t.Run("default rules", func(t *testing.T) {
		r := mustResult(t, f.assess(2026), a.ID)
		want := map[string][2]float64{
			"duty":      {8, 10},  // 8 × 2 = 16, capped at 10
			"absent":    {2, -4},  // 2 × −2
			"inspect":   {3, 4.5}, // 3 × 1.5
			"absentAct": {1, -1},
			"opinion":   {7, 3}, // 7 × 0.5 = 3.5, capped at 3
			"suggest":   {1, 2},
			"suggestA":  {1, 1},
			"case":      {2, 1},
			"contact":   {1, 1}, // the 走访 reception counts as 走访选民
			"meeting":   {0, 0},
			"speech":    {0, 0},
		}
		for code, w := range want {
			n, p := points(t, r, code)
			if float64(n) != w[0] && code != "speech" || p != w[1] {
				t.Errorf("%s: %d records, %g points; want %g, %g", code, n, p, w[0], w[1])
			}
		}
		// 50 + 10 − 4 + 4.5 − 1 + 3 + 2 + 1 + 1 + 1 = 67.5, manual parts missing.
		if r.Total != 67.5 || r.Grade != store.GradeFail || r.Complete {
			t.Errorf("total %g %s complete=%v; want 67.5 不合格 incomplete", r.Total, r.Grade, r.Complete)
		}
		if len(r.Missing) != 6 {
			t.Errorf("missing rater parts %v; want 6", r.Missing)
		}
	})

	t.Run("uncapped rule gives points per occurrence", func(t *testing.T) {
		rules := store.DefaultScoringRules(2026)
		for i := range rules.Items {
			if rules.Items[i].Code == "duty" {
				rules.Items[i].Cap = 0
			}
		}
		if err := f.db.SaveScoringRules(f.ctx, &rules); err != nil {
			t.Fatal(err)
		}
		r := mustResult(t, f.assess(2026), a.ID)
		if n, p := points(t, r, "duty"); n != 8 || p != 16 {
			t.Errorf("duty %d records %g points; want 8, 16", n, p)
		}
		if rules.Version != 1 {
			t.Errorf("first saved version %d", rules.Version)
		}
	})

	t.Run("manual items with raters and weights", func(t *testing.T) {
		scores := []store.ManualScore{
			{Item: "speech", Rater: store.RaterGroup, Points: 4},
			{Item: "speech", Rater: store.RaterPresidum, Points: 5},
			{Item: "yearend", Rater: store.RaterSelf, Points: 5},
			{Item: "yearend", Rater: store.RaterGroup, Points: 4},
			{Item: "yearend", Rater: store.RaterPresidum, Points: 4},
		}
		for _, s := range scores {
			s.Year, s.DeputyID, s.Reason = 2026, a.ID, "小组会议评定"
			if err := f.db.SetManualScore(f.ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
		r := mustResult(t, f.assess(2026), a.ID)
		if _, p := points(t, r, "speech"); p != 4.6 { // 0.4×4 + 0.6×5
			t.Errorf("speech %g; want 4.6", p)
		}
		if r.Complete || len(r.Missing) != 1 || r.Missing[0] != "年终核定（选举单位确认）" {
			t.Errorf("missing %v; want only 年终核定（选举单位确认）", r.Missing)
		}
		s := store.ManualScore{Year: 2026, DeputyID: a.ID, Item: "yearend", Rater: store.RaterElectors, Points: 3, Reason: "选举单位确认"}
		if err := f.db.SetManualScore(f.ctx, &s); err != nil {
			t.Fatal(err)
		}
		r = mustResult(t, f.assess(2026), a.ID)
		// 0.1×5 + 0.3×4 + 0.4×4 + 0.2×3 = 3.9
		if _, p := points(t, r, "yearend"); p != 3.9 || !r.Complete {
			t.Errorf("yearend %g complete=%v; want 3.9 complete", p, r.Complete)
		}
		bad := store.ManualScore{Year: 2026, DeputyID: a.ID, Item: "speech", Rater: store.RaterSelf, Points: 3}
		var ve *store.ValidationError
		if err := f.db.SetManualScore(f.ctx, &bad); !errors.As(err, &ve) || ve.For("Rater") == "" {
			t.Errorf("a rater scoring an item it does not rate: %v", err)
		}
		bad = store.ManualScore{Year: 2026, DeputyID: a.ID, Item: "speech", Rater: store.RaterGroup, Points: 6}
		if err := f.db.SetManualScore(f.ctx, &bad); !errors.As(err, &ve) || ve.For("Points") == "" {
			t.Errorf("6 points on a 5-point item: %v", err)
		}
		if err := f.db.AddAdjustment(f.ctx, &store.Adjustment{Year: 2026, DeputyID: a.ID, Points: 2}); !errors.As(err, &ve) || ve.For("Reason") == "" {
			t.Errorf("adjustment without a reason: %v", err)
		}
		before := r.Total
		if err := f.db.AddAdjustment(f.ctx, &store.Adjustment{Year: 2026, DeputyID: a.ID, Points: 2, Reason: "牵头解决石桥修缮"}); err != nil {
			t.Fatal(err)
		}
		r = mustResult(t, f.assess(2026), a.ID)
		if r.Total != before+2 || len(r.Reasons) != 1 {
			t.Errorf("after +2 adjustment total %g (was %g), reasons %v", r.Total, before, r.Reasons)
		}
		ch, err := f.db.Changes(f.ctx, store.ChangeFilter{Entity: "assessment_adjust"})
		if err != nil || len(ch) != 1 || ch[0].Changes["Reason"][1] != "牵头解决石桥修缮" {
			t.Errorf("adjustment change log %+v %v", ch, err)
		}
	})
}

func TestGradeThresholds(t *testing.T) {
	rules := store.DefaultScoringRules(2026)
	rules.Base, rules.Items = 0, nil
	for _, c := range []struct {
		total float64
		want  string
	}{{79.5, store.GradeFail}, {79.99, store.GradeFail}, {80, store.GradePass}, {89.9, store.GradePass}, {90, store.GradeExcellent}, {100, store.GradeExcellent}} {
		t.Run(fmt.Sprint(c.total), func(t *testing.T) {
			// Through Compute, as an adjustment, so the total's arithmetic is exercised too.
			in := Input{Year: 2026, Rules: rules, Deputies: []store.Deputy{{ID: "d1", Name: "甲", Status: store.StatusActive}},
				Adjust: []store.Adjustment{{DeputyID: "d1", Points: c.total - 30, Reason: "x"}, {DeputyID: "d1", Points: 30, Reason: "y"}}}
			r := Compute(in)[0]
			if r.Total != c.total || r.Grade != c.want {
				t.Errorf("total %g grade %s; want %g %s", r.Total, r.Grade, c.total, c.want)
			}
		})
	}
	t.Run("floating sums", func(t *testing.T) {
		if g := rules.Grade(0.1 + 0.2 + 89.7); g != store.GradeExcellent {
			t.Errorf("0.1+0.2+89.7 graded %s", g)
		}
	})
}

func TestRankSharesTies(t *testing.T) {
	rs := []Result{{Name: "乙", Total: 85}, {Name: "甲", Total: 91}, {Name: "丙", Total: 85}, {Name: "丁", Total: 70}}
	Rank(rs)
	got := ""
	for _, r := range rs {
		got += fmt.Sprintf("%s%d ", r.Name, r.Rank)
	}
	if got != "甲1 丙2 乙2 丁4 " && got != "甲1 乙2 丙2 丁4 " {
		t.Errorf("ranks %s", got)
	}
}

func TestFinalisedYearIsFrozen(t *testing.T) {
	f := newFixture(t)
	a := f.deputy("赵红梅")
	for m := 1; m <= 3; m++ {
		f.duty(a, fmt.Sprintf("2026-%02d-06", m), store.AttendPresent)
	}
	y, err := Finalise(f.ctx, f.db, 2026)
	if err != nil {
		t.Fatal(err)
	}
	frozen := mustResult(t, y, a.ID)
	if !y.Final || frozen.Total != 56 {
		t.Fatalf("finalised %v total %g; want 56", y.Final, frozen.Total)
	}
	// Later edits: another duty, an activity, new rules. None changes the final result.
	f.duty(a, "2026-04-06", store.AttendPresent)
	f.activity("学习培训", "2026-05-06", map[*store.Deputy]string{a: store.ActPresent})
	rules := store.DefaultScoringRules(2026)
	rules.Base = 70
	if err := f.db.SaveScoringRules(f.ctx, &rules); !errors.Is(err, store.ErrYearFinal) {
		t.Errorf("saving rules of a final year: %v", err)
	}
	s := store.ManualScore{Year: 2026, DeputyID: a.ID, Item: "speech", Rater: store.RaterGroup, Points: 5}
	if err := f.db.SetManualScore(f.ctx, &s); !errors.Is(err, store.ErrYearFinal) {
		t.Errorf("manual score on a final year: %v", err)
	}
	if got := mustResult(t, f.assess(2026), a.ID); got.Total != 56 {
		t.Errorf("after later edits the final total became %g", got.Total)
	}
	if err := f.db.ReopenYear(f.ctx, 2026, ""); err == nil {
		t.Error("reopened without a reason")
	}
	if err := f.db.ReopenYear(f.ctx, 2026, "补录第二季度值班记录"); err != nil {
		t.Fatal(err)
	}
	if got := mustResult(t, f.assess(2026), a.ID); got.Total != 59 { // 50 + 4×2 + 1
		t.Errorf("reopened total %g; want 59", got.Total)
	}
	ch, err := f.db.Changes(f.ctx, store.ChangeFilter{Entity: "assessment_year"})
	if err != nil || len(ch) != 2 || ch[0].Summary != "2026年度考核重新开启：补录第二季度值班记录" {
		t.Errorf("change log %+v %v", ch, err)
	}
}

func TestProRating(t *testing.T) {
	f := newFixture(t)
	full := f.deputy("全年代表")
	half := f.deputy("半年代表")
	left := f.deputy("离任代表")
	if err := f.db.SetTookOffice(f.ctx, half.ID, "2026-07-02"); err != nil {
		t.Fatal(err)
	}
	left.Status, left.StatusDate, left.StatusReason = store.StatusTerminated, "2026-03-31", "调离"
	if err := f.db.SaveDeputy(f.ctx, left); err != nil {
		t.Fatal(err)
	}
	gone := f.deputy("往年离任")
	gone.Status, gone.StatusDate, gone.StatusReason = store.StatusTerminated, "2025-06-30", "辞职"
	if err := f.db.SaveDeputy(f.ctx, gone); err != nil {
		t.Fatal(err)
	}
	for i, d := range []*store.Deputy{full, half} {
		f.duty(d, fmt.Sprintf("2026-08-%02d", 7+i), store.AttendPresent)
		f.duty(d, fmt.Sprintf("2026-09-%02d", 7+i), store.AttendPresent)
	}
	f.duty(half, "2026-06-07", store.AttendPresent) // before taking office: not counted
	y := f.assess(2026)
	if _, ok := y.Find(gone.ID); ok {
		t.Error("a deputy who left in 2025 was assessed in 2026")
	}
	_, pf := points(t, mustResult(t, y, full.ID), "duty")
	rh := mustResult(t, y, half.ID)
	nh, ph := points(t, rh, "duty")
	if pf != 4 || nh != 2 || ph != 8 || rh.Fraction != 0.5 {
		t.Errorf("full year 2 duties = %g; half year %d duties = %g (fraction %g); want 4, 2, 8, 0.5", pf, nh, ph, rh.Fraction)
	}
	if rl := mustResult(t, y, left.ID); rl.OfficeTo != "2026-03-31" || rl.Fraction != 0.25 {
		t.Errorf("left deputy span to %s fraction %g", rl.OfficeTo, rl.Fraction)
	}
}

func TestTenOneGridBoundaries(t *testing.T) {
	f := newFixture(t)
	a := f.deputy("甲代表")
	b := f.deputy("乙代表")
	// Monthly: a on the last day of January and the first of February.
	f.opinion(a, "2026-01-31")
	f.opinion(a, "2026-02-01")
	f.opinion(b, "2026-02-28")
	// Quarterly: a's 调研 on the last day of Q1, b's on the first of Q2.
	f.activity("专题调研", "2026-03-31", map[*store.Deputy]string{a: store.ActPresent})
	f.activity("专题调研", "2026-04-01", map[*store.Deputy]string{b: store.ActPresent})
	// Yearly: a's suggestion on the last day of the year, b's a day late.
	if err := f.db.SaveSuggestion(f.ctx, &store.Suggestion{DeputyID: a.ID, Day: "2026-12-31", Title: "建议一"}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SaveSuggestion(f.ctx, &store.Suggestion{DeputyID: b.ID, Day: "2027-01-01", Title: "建议二"}); err != nil {
		t.Fatal(err)
	}
	tr, err := LoadTracker(f.ctx, f.db, 2026)
	if err != nil {
		t.Fatal(err)
	}
	def := func(name string) store.DutyDef {
		for _, d := range tr.Defs {
			if d.Name == name {
				return d
			}
		}
		t.Fatalf("no duty %s", name)
		return store.DutyDef{}
	}
	if len(tr.Defs) != 10 {
		t.Fatalf("%d duties seeded; want the ten of 十个一", len(tr.Defs))
	}
	row := func(g Grid, id string) []Cell {
		for _, r := range g.Rows {
			if r.DeputyID == id {
				return r.Cells
			}
		}
		t.Fatalf("no row for %s", id)
		return nil
	}
	cases := []struct {
		name   string
		def    string
		today  string
		dep    *store.Deputy
		period int
		want   State
	}{
		{"month: Jan 31 counts in January", "每人每月一条社情民意", "2026-02-01", a, 0, Done},
		{"month: Feb 1 counts in February", "每人每月一条社情民意", "2026-02-01", a, 1, Done},
		{"month: January still open on its last day", "每人每月一条社情民意", "2026-01-31", b, 0, NotYet},
		{"month: January overdue the next day", "每人每月一条社情民意", "2026-02-01", b, 0, Overdue},
		{"month: February done on its last day", "每人每月一条社情民意", "2026-02-28", b, 1, Done},
		{"month: March not yet in February", "每人每月一条社情民意", "2026-02-28", a, 2, NotYet},
		{"quarter: Mar 31 counts in Q1", "每季度一次调研视察", "2026-04-01", a, 0, Done},
		{"quarter: Apr 1 does not count in Q1", "每季度一次调研视察", "2026-04-01", b, 0, Overdue},
		{"quarter: Apr 1 counts in Q2", "每季度一次调研视察", "2026-04-01", b, 1, Done},
		{"quarter: Q1 open on Mar 31", "每季度一次调研视察", "2026-03-31", b, 0, NotYet},
		{"year: Dec 31 counts", "每人每年一条代表建议", "2026-12-31", a, 0, Done},
		{"year: open on Dec 31", "每人每年一条代表建议", "2026-12-31", b, 0, NotYet},
		{"year: Jan 1 next year is too late", "每人每年一条代表建议", "2027-01-01", b, 0, Overdue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := tr.Grid(def(c.def), c.today)
			if got := row(g, c.dep.ID)[c.period]; got.State != c.want {
				t.Errorf("%s: %v (have %d need %d); want %v", g.Periods[c.period].Label, got.State, got.Have, got.Need, c.want)
			}
		})
	}
	t.Run("owed this period", func(t *testing.T) {
		owed := tr.Owed(b.ID, "2026-02-10")
		names := map[string]bool{}
		for _, o := range owed {
			names[o.Def.Name] = true
		}
		if names["每人每月一条社情民意"] || !names["每月一次接待选民"] || !names["每季度一次调研视察"] || len(owed) != 9 {
			t.Errorf("owed on 2026-02-10: %v", names)
		}
	})
	t.Run("part year", func(t *testing.T) {
		c := f.deputy("丙代表")
		if err := f.db.SetTookOffice(f.ctx, c.ID, "2026-05-15"); err != nil {
			t.Fatal(err)
		}
		tr, err := LoadTracker(f.ctx, f.db, 2026)
		if err != nil {
			t.Fatal(err)
		}
		cells := row(tr.Grid(def("每人每月一条社情民意"), "2026-06-01"), c.ID)
		if cells[3].State != NotApplicable || cells[4].State != Overdue || cells[5].State != NotYet {
			t.Errorf("Apr %v May %v Jun %v; want —, 逾期, 未完成", cells[3].State, cells[4].State, cells[5].State)
		}
	})
}
