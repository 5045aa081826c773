package store

import (
	"deputydesk/store/calendar"
	"errors"
	"testing"
)

// caseWorld is a township with one station, two deputies and a reception.
type caseWorld struct {
	db        *DB
	station   *Station
	deps      []*Deputy
	reception *Reception
}

func newCaseWorld(t *testing.T) *caseWorld {
	t.Helper()
	ctx := t.Context()
	db := newDB(t)
	w := &caseWorld{db: db}
	w.deps = []*Deputy{validDeputy("王建国", "13812345678"), validDeputy("李秀英", "13912345678")}
	for _, d := range w.deps {
		if err := db.SaveDeputy(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	w.station = &Station{Name: "城关镇人大代表联络站", Kind: "代表联络站", Address: "镇政府院内"}
	if err := db.SaveStation(ctx, w.station); err != nil {
		t.Fatal(err)
	}
	w.reception = w.receive(t, "2026-10-09", w.station.ID, w.deps[0].ID)
	return w
}

func (w *caseWorld) receive(t *testing.T, day, stationID string, deputyIDs ...string) *Reception {
	t.Helper()
	r := &Reception{Kind: "接待日", Day: day, StationID: stationID, DeputyIDs: deputyIDs, Visitors: 3}
	if stationID == "" {
		r.Kind, r.Place = "走访选民", "石桥村"
	}
	if err := w.db.SaveReception(t.Context(), r); err != nil {
		t.Fatal(err)
	}
	return r
}

func (w *caseWorld) addCase(t *testing.T, r *Reception, category, disposition, content, deadline string) *Case {
	t.Helper()
	c := &Case{ReceptionID: r.ID, VisitorName: "张大爷", VisitorPhone: "13812345678", VisitorVillage: "石桥村",
		Category: category, Disposition: disposition, Content: content, Deadline: deadline}
	if err := w.db.SaveCase(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCaseStatusFlowAndHistory(t *testing.T) {
	ctx := t.Context()
	w := newCaseWorld(t)
	db := w.db
	c := w.addCase(t, w.reception, "基础设施", DispAssigned, "村口道路坑洼不平，雨天积水严重，希望尽快修补。", "2026-10-30")
	if c.No != "2026-00001" || c.Status != "登记" {
		t.Fatalf("new case = %q %q", c.No, c.Status)
	}
	step := func(status, day, text, sat string) (int64, error) {
		return db.AdvanceCase(ctx, c.ID, StepInput{Status: status, Day: day, Who: "赵丽华", Text: text, Satisfaction: sat})
	}
	// Skipping 交办 is refused for an assigned case.
	if _, err := step("办结", "2026-10-12", "已修补", ""); err == nil {
		t.Fatal("skip to 办结 accepted")
	}
	if _, err := step("交办", "2026-10-10", "交镇村建办", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := step("办理中", "2026-10-11", "", ""); err != nil {
		t.Fatal(err)
	}
	closedSeq, err := step("办结", "2026-10-20", "已铺设水泥路面120米", "")
	if err != nil {
		t.Fatal(err)
	}
	// Going back is refused.
	if _, err := step("交办", "2026-10-21", "", ""); err == nil {
		t.Fatal("backwards step accepted")
	}
	if _, err := step("已反馈", "2026-10-22", "电话告知反映人", ""); err != nil {
		t.Fatal(err)
	}
	var ve *ValidationError
	if _, err := step("已回访", "2026-10-25", "回访", ""); !errors.As(err, &ve) || ve.For("Satisfaction") == "" {
		t.Fatalf("回访 without satisfaction: %v", err)
	}
	if _, err := step("已回访", "2026-10-25", "群众表示路修好了", "满意"); err != nil {
		t.Fatal(err)
	}
	// Correct the 办结 step: the date and text change, the old step stays.
	newSeq, err := db.CorrectStep(ctx, c.ID, closedSeq, StepInput{Day: "2026-10-19", Who: "赵丽华", Text: "已铺设水泥路面150米"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CorrectStep(ctx, c.ID, closedSeq, StepInput{Day: "2026-10-18", Who: "赵丽华", Text: "x"}); err == nil {
		t.Fatal("correcting a superseded step accepted")
	}
	d, err := db.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != "已回访" || d.ClosedDay != "2026-10-19" || d.Satisfaction != "满意" {
		t.Fatalf("after correction: %q %q %q", d.Status, d.ClosedDay, d.Satisfaction)
	}
	if len(d.Steps) != 7 || len(d.CurrentSteps()) != 6 {
		t.Fatalf("steps = %d, current = %d; want 7 and 6", len(d.Steps), len(d.CurrentSteps()))
	}
	for _, s := range d.Steps {
		if s.Seq == closedSeq && (!s.Superseded || s.Text != "已铺设水泥路面120米") {
			t.Fatalf("old step lost: %+v", s)
		}
		if s.Seq == newSeq && (s.Replaces != closedSeq || s.Status != "办结") {
			t.Fatalf("correction: %+v", s)
		}
	}
	// The new text is searchable, and the superseded one no longer is.
	if n, _ := db.CountCases(ctx, CaseFilter{Search: "150米"}); n != 1 {
		t.Fatalf("search corrected text = %d", n)
	}
	if n, _ := db.CountCases(ctx, CaseFilter{Search: "120米"}); n != 0 {
		t.Fatalf("search superseded text = %d", n)
	}
	changes, err := db.Changes(ctx, ChangeFilter{Entity: "case", EntityID: c.ID})
	if err != nil || len(changes) != 7 {
		t.Fatalf("change log = %d rows, %v; want create + 6 steps", len(changes), err)
	}
}

func TestOnSpotCaseClosesDirectly(t *testing.T) {
	w := newCaseWorld(t)
	c := w.addCase(t, w.reception, "政策咨询", DispOnSpot, "咨询城乡居民医保缴费标准。", "")
	if _, err := w.db.AdvanceCase(t.Context(), c.ID, StepInput{Status: "办结", Day: "2026-10-09", Who: "王建国", Text: "当场解释缴费标准"}); err != nil {
		t.Fatal(err)
	}
}

func TestHandlersDeclineAndReroute(t *testing.T) {
	ctx := t.Context()
	w := newCaseWorld(t)
	c := w.addCase(t, w.reception, "矛盾纠纷", DispAssigned, "邻里宅基地边界纠纷。", "")
	lead := &Handler{Unit: "镇司法所", Role: "主办", AssignedDay: "2026-10-10"}
	if err := w.db.AssignHandler(ctx, c.ID, lead); err != nil {
		t.Fatal(err)
	}
	if err := w.db.AssignHandler(ctx, c.ID, &Handler{Unit: "石桥村委会", Role: "协办", AssignedDay: "2026-10-10"}); err != nil {
		t.Fatal(err)
	}
	if err := w.db.AssignHandler(ctx, c.ID, &Handler{Unit: "镇综治中心", Role: "主办", AssignedDay: "2026-10-11"}); err == nil {
		t.Fatal("second 主办 accepted")
	}
	if err := w.db.DeclineHandler(ctx, c.ID, lead.ID, "2026-10-12", "属土地权属争议，应由自然资源所办理"); err != nil {
		t.Fatal(err)
	}
	if err := w.db.AssignHandler(ctx, c.ID, &Handler{Unit: "镇自然资源所", Role: "主办", AssignedDay: "2026-10-12"}); err != nil {
		t.Fatal(err)
	}
	if err := w.db.AddUrge(ctx, c.ID, &Urge{Day: "2026-10-20", By: "赵丽华", How: "电话"}); err != nil {
		t.Fatal(err)
	}
	d, err := w.db.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Handlers) != 3 || d.LeadUnit != "镇自然资源所" || len(d.Urges) != 1 {
		t.Fatalf("handlers %+v lead %q urges %d", d.Handlers, d.LeadUnit, len(d.Urges))
	}
	if d.Handlers[0].DeclinedDay != "2026-10-12" {
		t.Fatalf("decline not kept: %+v", d.Handlers[0])
	}
}

func TestCaseValidation(t *testing.T) {
	w := newCaseWorld(t)
	c := &Case{ReceptionID: w.reception.ID, VisitorName: "张三", VisitorPhone: "12345", VisitorID: "110101199003071234",
		Category: "不存在", Disposition: "当场答复", Content: ""}
	err := w.db.SaveCase(t.Context(), c)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	for _, f := range []string{"VisitorPhone", "VisitorID", "Content"} {
		if ve.For(f) == "" {
			t.Errorf("no message for %s in %v", f, ve)
		}
	}
	c.VisitorPhone, c.VisitorID, c.Content = "13812345678", "11010519491231002X", "内容"
	if err := w.db.SaveCase(t.Context(), c); !errors.As(err, &ve) || ve.For("Category") == "" {
		t.Fatalf("unknown category: %v", err)
	}
	if n, _ := w.db.CountCases(t.Context(), CaseFilter{}); n != 0 {
		t.Fatalf("bad case saved")
	}
}

func TestOverdueAndFilters(t *testing.T) {
	ctx := t.Context()
	w := newCaseWorld(t)
	db := w.db
	visit := w.receive(t, "2026-11-03", "", w.deps[1].ID)
	late := w.addCase(t, w.reception, "基础设施", DispAssigned, "路灯损坏", "2026-10-20")
	closedLate := w.addCase(t, w.reception, "生态环境", DispAssigned, "河道垃圾", "2026-10-20")
	w.addCase(t, w.reception, "基础设施", DispOnSpot, "咨询修路计划", "")
	w.addCase(t, visit, "社会保障", DispSuggestion, "低保评定标准不透明", "2026-12-31")
	for _, s := range []string{"交办", "办理中"} {
		if _, err := db.AdvanceCase(ctx, closedLate.ID, StepInput{Status: s, Day: "2026-10-10", Who: "赵丽华"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.AdvanceCase(ctx, closedLate.ID, StepInput{Status: "办结", Day: "2026-10-25", Who: "赵丽华", Text: "已清理"}); err != nil {
		t.Fatal(err)
	}
	if !late.Overdue("2026-11-22") || late.Overdue("2026-10-20") {
		t.Fatal("Overdue() wrong")
	}
	tests := []struct {
		name string
		f    CaseFilter
		want int
	}{
		{"all", CaseFilter{}, 4},
		{"month", CaseFilter{Month: "2026-10"}, 3},
		{"station", CaseFilter{StationID: w.station.ID}, 3},
		{"deputy", CaseFilter{DeputyID: w.deps[1].ID}, 1},
		{"category", CaseFilter{Category: "基础设施"}, 2},
		{"disposition", CaseFilter{Disposition: DispOnSpot}, 1},
		{"status", CaseFilter{Status: "办结"}, 1},
		{"overdue", CaseFilter{Overdue: true, Today: "2026-11-22"}, 1},
		{"overdue before deadline", CaseFilter{Overdue: true, Today: "2026-10-20"}, 0},
		{"combined", CaseFilter{Month: "2026-10", Category: "基础设施", Disposition: DispAssigned}, 1},
		{"touched in december", CaseFilter{Month: "2026-12", Touched: true}, 0},
		{"touched in october", CaseFilter{Month: "2026-10", Touched: true}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := db.Cases(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			n, err := db.CountCases(ctx, tc.f)
			if err != nil || len(got) != tc.want || n != tc.want {
				t.Fatalf("Cases = %d, Count = %d (%v); want %d", len(got), n, err, tc.want)
			}
		})
	}
	all, _ := db.Cases(ctx, CaseFilter{})
	for off := 0; off < 4; off++ {
		page, err := db.Cases(ctx, CaseFilter{Limit: 2, Offset: off})
		if err != nil || len(page) != min(2, 4-off) || page[0].ID != all[off].ID {
			t.Fatalf("page at %d = %d rows, %v", off, len(page), err)
		}
	}
	got, _ := db.Cases(ctx, CaseFilter{Overdue: true, Today: "2026-11-22"})
	if got[0].ID != late.ID {
		t.Fatalf("overdue = %s", got[0].No)
	}
	mc, err := db.MonthlyCounts(ctx, calendar.MustMonth("2026-10"), calendar.MustMonth("2026-11"))
	if err != nil {
		t.Fatal(err)
	}
	if m := mc[0]; m.Receptions != 1 || m.Visitors != 3 || m.Cases != 3 || m.Closed != 1 || m.OnSpot != 1 || m.Assigned != 2 {
		t.Fatalf("october = %+v", m)
	}
	if m := mc[1]; m.Cases != 1 || m.Suggestion != 1 {
		t.Fatalf("november = %+v", m)
	}
}

func TestSearchFindsChineseWords(t *testing.T) {
	ctx := t.Context()
	w := newCaseWorld(t)
	contents := []string{
		"反映村里通往镇上的道路年久失修，路面坑洼，希望列入道路硬化计划。",
		"家中老人患病，申请低保，不知道需要什么材料。",
		"小区垃圾清运不及时，夏天气味很大。",
		"希望增加农村客运班车，方便学生上学。",
		"咨询2026年城乡居民医保缴费标准，是否有减免政策？",
	}
	for _, s := range contents {
		w.addCase(t, w.reception, "其他", DispOnSpot, s, "")
	}
	tests := []struct {
		q    string
		want int
	}{
		{"道路", 1},     // two characters inside a sentence
		{"低保", 1},     // two characters
		{"道路硬化", 1},   // four characters
		{"垃圾清运", 1},   // across a word boundary inside a clause
		{"清运不及时", 1},  // five
		{"医保 减免", 1},  // two terms, both needed
		{"医保 道路", 0},  // two terms that never meet
		{"2026", 1},   // digits
		{"路", 1},      // one character, also at the end of a run
		{"修路", 0},     // characters in the wrong order
		{"坑洼，", 1},    // punctuation typed along
		{"农村", 1},     // 农村客运
		{"上学", 1},     // last two characters of a clause
		{"材料", 1},     // just before 。
		{"低保材料", 0},   // not contiguous
		{"希望", 2},     // several cases
		{"，。", 0},     // nothing searchable
		{"ＡＢＣ", 0},    // full-width Latin normalised, not present
		{"老人患病", 1},   // four
		{"学生", 1},     // inside
		{"村里通往镇上", 1}, // six
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			n, err := w.db.CountCases(ctx, CaseFilter{Search: tc.q})
			if err != nil || n != tc.want {
				t.Fatalf("search %q = %d, %v; want %d", tc.q, n, err, tc.want)
			}
		})
	}
	// Results typed at a step are searchable too.
	cs, _ := w.db.Cases(ctx, CaseFilter{Search: "低保"})
	if _, err := w.db.AdvanceCase(ctx, cs[0].ID, StepInput{Status: "办结", Day: "2026-10-09", Who: "王建国", Text: "已告知到民政办领取申请表"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.db.CountCases(ctx, CaseFilter{Search: "民政"}); n != 1 {
		t.Fatalf("search in results = %d", n)
	}
}

func TestReceptionValidationAndDelete(t *testing.T) {
	ctx := t.Context()
	w := newCaseWorld(t)
	bad := &Reception{Kind: "接待日", Day: "2026-13-01", Visitors: -1}
	var ve *ValidationError
	if err := w.db.SaveReception(ctx, bad); !errors.As(err, &ve) || ve.For("Day") == "" || ve.For("StationID") == "" || ve.For("Visitors") == "" || ve.For("DeputyIDs") == "" {
		t.Fatalf("err = %v", err)
	}
	c := w.addCase(t, w.reception, "其他", DispOnSpot, "咨询", "")
	// Moving the reception moves its cases' day.
	w.reception.Day = "2026-10-16"
	if err := w.db.SaveReception(ctx, w.reception); err != nil {
		t.Fatal(err)
	}
	d, _ := w.db.Case(ctx, c.ID)
	if d.Day != "2026-10-16" {
		t.Fatalf("case day = %s", d.Day)
	}
	if err := w.db.DeleteReception(ctx, w.reception.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Case(ctx, c.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("case after delete: %v", err)
	}
	if n, _ := w.db.CountCases(ctx, CaseFilter{Search: "咨询"}); n != 0 {
		t.Fatal("index kept a deleted case")
	}
}

func TestCategoriesEditable(t *testing.T) {
	ctx := t.Context()
	w := newCaseWorld(t)
	cats, _ := w.db.Categories(ctx)
	if len(cats) != 10 || cats[0] != "基础设施" || cats[9] != "其他" {
		t.Fatalf("seeded = %v", cats)
	}
	c := w.addCase(t, w.reception, "教育", DispOnSpot, "校车", "")
	if err := w.db.SetCategories(ctx, []string{"基础设施", "移风易俗", "其他"}); err != nil {
		t.Fatal(err)
	}
	cats, _ = w.db.Categories(ctx)
	if len(cats) != 3 || cats[1] != "移风易俗" {
		t.Fatalf("after edit = %v", cats)
	}
	// A retired category stays on its old case and the case can still be saved.
	c.Content = "校车接送时间"
	if err := w.db.SaveCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SaveCase(ctx, &Case{ReceptionID: w.reception.ID, VisitorName: "甲", Category: "教育", Disposition: DispOnSpot, Content: "x"}); err == nil {
		t.Fatal("retired category accepted on a new case")
	}
}

func TestReceptionForDuty(t *testing.T) {
	ctx := t.Context()
	w := newCaseWorld(t)
	third := validDeputy("张伟", "13712345678")
	if err := w.db.SaveDeputy(ctx, third); err != nil {
		t.Fatal(err)
	}
	duty := &Duty{StationID: w.station.ID, Date: "2026-11-06", From: "09:00", To: "11:30", DeputyIDs: []string{w.deps[0].ID, w.deps[1].ID}}
	if err := w.db.SaveDuty(ctx, duty); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkAttendance(ctx, duty.ID, w.deps[1].ID, AttendSubstituted, third.ID, ""); err != nil {
		t.Fatal(err)
	}
	r, err := w.db.ReceptionForDuty(ctx, duty.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Day != "2026-11-06" || r.StationID != w.station.ID || len(r.DeputyIDs) != 2 || r.DeputyIDs[1] != third.ID {
		t.Fatalf("prefilled = %+v", r)
	}
	r.Visitors = 4
	if err := w.db.SaveReception(ctx, &r); err != nil {
		t.Fatal(err)
	}
	d, _ := w.db.Duty(ctx, duty.ID)
	if !d.Held {
		t.Fatal("duty not marked held")
	}
	other := &Station{Name: "石桥村代表联络点", Kind: "代表联络点", Address: "石桥村"}
	if err := w.db.SaveStation(ctx, other); err != nil {
		t.Fatal(err)
	}
	bad := Reception{DutyID: duty.ID, Kind: "接待日", Day: "2026-11-06", StationID: other.ID, DeputyIDs: []string{w.deps[0].ID}}
	var ve *ValidationError
	if err := w.db.SaveReception(ctx, &bad); !errors.As(err, &ve) || ve.For("StationID") == "" {
		t.Fatalf("mismatched station: %v", err)
	}
	// Deleting the duty by hand keeps the reception.
	if err := w.db.DeleteDuty(ctx, duty.ID); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.Reception(ctx, r.ID)
	if err != nil || got.DutyID != "" {
		t.Fatalf("after duty delete: %+v %v", got, err)
	}
}
