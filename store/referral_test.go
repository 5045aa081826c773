package store

import (
	"errors"
	"strings"
	"testing"
)

func TestHotlineOrderFollowedUntilClosed(t *testing.T) {
	ctx := t.Context()
	w := newCaseWorld(t) // today is 2026-11-22
	db := w.db
	c := w.addCase(t, w.reception, "基础设施", DispHotline, "小区路灯损坏多日无人维修。", "2026-10-24")
	other := w.addCase(t, w.reception, "基础设施", DispAssigned, "村口道路坑洼。", "")
	var ve *ValidationError
	bad := []struct {
		name, field string
		step        HotlineStep
	}{
		{"empty order", "工单号", HotlineStep{CaseID: c.ID, State: "已转办", Day: "2026-10-10"}},
		{"short order", "工单号", HotlineStep{CaseID: c.ID, OrderNo: "12345", State: "已转办", Day: "2026-10-10"}},
		{"letters only", "工单号", HotlineStep{CaseID: c.ID, OrderNo: "工单甲乙", State: "已转办", Day: "2026-10-10"}},
		{"bad state", "工单状态", HotlineStep{CaseID: c.ID, OrderNo: "GD20261010000123", State: "完成", Day: "2026-10-10"}},
		{"not first", "工单状态", HotlineStep{CaseID: c.ID, OrderNo: "GD20261010000123", State: "办理中", Day: "2026-10-10"}},
		{"before case", "日期", HotlineStep{CaseID: c.ID, OrderNo: "GD20261010000123", State: "已转办", Day: "2026-10-01"}},
		{"after today", "日期", HotlineStep{CaseID: c.ID, OrderNo: "GD20261010000123", State: "已转办", Day: "2026-12-01"}},
		{"not a hotline case", "办理方式", HotlineStep{CaseID: other.ID, OrderNo: "GD20261010000123", State: "已转办", Day: "2026-10-10"}},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			err := db.AddHotlineStep(ctx, &b.step)
			if !errors.As(err, &ve) || !strings.Contains(UserMessage(err), b.field) {
				t.Fatalf("%v", err)
			}
		})
	}
	if st, _ := db.HotlineSteps(ctx, c.ID); len(st) != 0 {
		t.Fatalf("bad input changed something: %+v", st)
	}
	add := func(no, state, day string) error {
		return db.AddHotlineStep(ctx, &HotlineStep{CaseID: c.ID, OrderNo: no, State: state, Day: day, Note: "市12345热线"})
	}
	if err := add(" gd２０２６１０１０ ０００１２３", "已转办", "2026-10-10"); err != nil {
		t.Fatal(err)
	}
	if err := add("GD20261010000999", "办理中", "2026-10-12"); !errors.As(err, &ve) || !strings.Contains(UserMessage(err), "工单号") {
		t.Fatalf("order number changed without 已转办: %v", err)
	}
	if err := add("GD20261010000123", "退回", "2026-10-15"); err != nil {
		t.Fatal(err)
	}
	if err := add("GD20261016000456", "已转办", "2026-10-16"); err != nil {
		t.Fatal(err)
	}
	if err := add("GD20261016000456", "办理中", "2026-10-14"); !errors.As(err, &ve) {
		t.Fatalf("a step before the last: %v", err)
	}
	// Open past the deadline: overdue even once the case itself is 办结.
	if _, err := db.AdvanceCase(ctx, c.ID, StepInput{Status: "交办", Day: "2026-10-10", Who: "赵丽华"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AdvanceCase(ctx, c.ID, StepInput{Status: "办结", Day: "2026-10-20", Who: "赵丽华", Text: "热线答复已派单维修"}); err != nil {
		t.Fatal(err)
	}
	d, err := db.Case(ctx, c.ID)
	if err != nil || d.HotlineNo != "GD20261016000456" || d.HotlineState != "已转办" || len(d.Hotline) != 3 || !d.Overdue("2026-11-22") {
		t.Fatalf("case %+v %v", d.Case, err)
	}
	if d.Overdue("2026-10-24") {
		t.Fatal("overdue on its deadline day")
	}
	open, err := db.HotlineOrders(ctx, true, "", "")
	if err != nil || len(open) != 1 || open[0].OrderNo != "GD20261016000456" || open[0].Since != "2026-10-16" || !open[0].Overdue("2026-11-22") {
		t.Fatalf("open orders %+v %v", open, err)
	}
	if cs, _ := db.Cases(ctx, CaseFilter{Overdue: true, Today: "2026-11-22"}); len(cs) != 1 || cs[0].ID != c.ID {
		t.Fatalf("overdue filter %+v", cs)
	}
	if cs, _ := db.Cases(ctx, CaseFilter{HotlineOpen: true}); len(cs) != 1 {
		t.Fatalf("hotline filter %+v", cs)
	}
	// Another case may not hold the same order.
	c2 := w.addCase(t, w.reception, "基础设施", DispHotline, "垃圾清运不及时。", "")
	if err := db.AddHotlineStep(ctx, &HotlineStep{CaseID: c2.ID, OrderNo: "GD20261016000456", State: "已转办", Day: "2026-10-11"}); !errors.As(err, &ve) ||
		!strings.Contains(UserMessage(err), c.No) {
		t.Fatalf("duplicate order: %v", err)
	}
	if err := add("GD20261016000456", "已办结", "2026-10-30"); err != nil {
		t.Fatal(err)
	}
	if err := add("GD20261016000456", "已回访", "2026-11-02"); err != nil {
		t.Fatal(err)
	}
	if err := add("GD20261016000456", "办理中", "2026-11-03"); !errors.As(err, &ve) {
		t.Fatalf("a step after 已回访: %v", err)
	}
	if open, _ := db.HotlineOrders(ctx, true, "", ""); len(open) != 0 {
		t.Fatalf("closed order still open: %+v", open)
	}
	if d, _ := db.Case(ctx, c.ID); d.Overdue("2026-11-22") {
		t.Fatal("closed case with a closed order is overdue")
	}
	// Only the latest step may be deleted; it goes to the 回收站 and comes back.
	d, _ = db.Case(ctx, c.ID)
	if err := db.DeleteHotlineStep(ctx, c.ID, d.Hotline[0].ID); !errors.As(err, &ve) {
		t.Fatalf("deleted an earlier step: %v", err)
	}
	last := d.Hotline[len(d.Hotline)-1]
	if err := db.DeleteHotlineStep(ctx, c.ID, last.ID); err != nil {
		t.Fatal(err)
	}
	if d, _ := db.Case(ctx, c.ID); d.HotlineState != "已办结" {
		t.Fatalf("after delete %q", d.HotlineState)
	}
	tr, _ := db.Trash(ctx)
	if len(tr) != 1 || !strings.Contains(tr[0].Label, "已回访") {
		t.Fatalf("trash %+v", tr)
	}
	if err := db.RestoreFromTrash(ctx, tr[0].ID); err != nil {
		t.Fatal(err)
	}
	if d, _ := db.Case(ctx, c.ID); d.HotlineState != "已回访" {
		t.Fatalf("after restore %q", d.HotlineState)
	}
	changes, err := db.Changes(ctx, ChangeFilter{Entity: "case_hotline"})
	if err != nil || len(changes) == 0 {
		t.Fatalf("change log %v %v", changes, err)
	}
	for f := range changes[0].Changes {
		if n := ChangeField("case_hotline", f); n == "其他信息" {
			t.Fatalf("field %s has no Chinese name", f)
		}
	}
}

func TestProcuratorateReferralBothWays(t *testing.T) {
	ctx := t.Context()
	db := newDB(t) // today is 2026-11-22
	d := validDeputy("王建国", "13812345678")
	if err := db.SaveDeputy(ctx, d); err != nil {
		t.Fatal(err)
	}
	s1 := &Suggestion{DeputyID: d.ID, Day: "2026-03-10", No: "2026-003", Title: "关于加强清水河入河排污口整治的建议", Department: "县生态环境局"}
	s2 := &Suggestion{DeputyID: d.ID, Day: "2026-08-01", No: "2026-011", Title: "关于规范农村集中式饮用水水源地保护的建议"}
	for _, s := range []*Suggestion{s1, s2} {
		if err := db.SaveSuggestion(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	var ve *ValidationError
	bad := []struct {
		name, field string
		r           Referral
	}{
		{"no subject", "事由", Referral{SuggestionID: s1.ID, Direction: DirClue, ClueDay: "2026-03-20", State: StateClue}},
		{"no clue day", "线索移送日期", Referral{SuggestionID: s1.ID, Direction: DirClue, Subject: "排污", State: StateClue}},
		{"bad ref no", "检察建议文号", Referral{SuggestionID: s1.ID, Direction: DirClue, ClueDay: "2026-03-20", Subject: "排污", State: StateIssued, RefNo: "第12号", RefDay: "2026-05-08"}},
		{"issued without ref", "检察建议文号", Referral{SuggestionID: s1.ID, Direction: DirClue, ClueDay: "2026-03-20", Subject: "排污", State: StateIssued}},
		{"ref before clue", "检察建议日期", Referral{SuggestionID: s1.ID, Direction: DirClue, ClueDay: "2026-03-20", Subject: "排污", State: StateIssued, RefNo: "某检行公建〔2026〕12号", RefDay: "2026-03-01"}},
		{"from pros as clue", "状态", Referral{SuggestionID: s2.ID, Direction: DirFromPros, Subject: "水源地", State: StateClue, RefNo: "某检行公建〔2026〕20号", RefDay: "2026-07-10"}},
		{"in the future", "线索移送日期", Referral{SuggestionID: s1.ID, Direction: DirClue, ClueDay: "2026-12-20", Subject: "排污", State: StateClue}},
		{"bad direction", "关联方向", Referral{SuggestionID: s1.ID, Direction: "转交", ClueDay: "2026-03-20", Subject: "排污", State: StateClue}},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			if err := db.SaveReferral(ctx, &b.r); !errors.As(err, &ve) || !strings.Contains(UserMessage(err), b.field) {
				t.Fatalf("%v", err)
			}
		})
	}
	// A suggestion passed as a 线索; the 检察建议 that comes back is recorded against it.
	clue := &Referral{SuggestionID: s1.ID, Direction: DirClue, ClueDay: "2026-03-20", Subject: "清水河入河排污口污染", State: StateClue}
	if err := db.SaveReferral(ctx, clue); err != nil {
		t.Fatal(err)
	}
	clue.State, clue.RefNo, clue.RefDay = StateIssued, "某检行公建[2026]12号", "2026-05-08"
	if err := db.SaveReferral(ctx, clue); err != nil {
		t.Fatal(err)
	}
	if clue.RefNo != "某检行公建〔2026〕12号" {
		t.Fatalf("ref no not folded: %q", clue.RefNo)
	}
	// The other way: a 检察建议 that led to a 代表建议.
	back := &Referral{SuggestionID: s2.ID, Direction: DirFromPros, Subject: "饮用水水源地保护区违规建设", State: StateIssued,
		RefNo: "某检行公建〔2026〕20号", RefDay: "2026-07-10"}
	if err := db.SaveReferral(ctx, back); err != nil {
		t.Fatal(err)
	}
	dup := &Referral{SuggestionID: s2.ID, Direction: DirFromPros, Subject: "x", State: StateIssued, RefNo: "某检行公建〔2026〕12号", RefDay: "2026-07-10"}
	if err := db.SaveReferral(ctx, dup); !errors.As(err, &ve) || !strings.Contains(UserMessage(err), s1.Title) {
		t.Fatalf("duplicate ref no: %v", err)
	}
	all, err := db.Referrals(ctx, ReferralFilter{DeputyID: d.ID})
	if err != nil || len(all) != 2 || all[0].ID != clue.ID || all[0].SuggestionNo != "2026-003" || all[1].DeputyName != "王建国" {
		t.Fatalf("referrals %+v %v", all, err)
	}
	if r, _ := db.Referrals(ctx, ReferralFilter{From: "2026-07-01", To: "2026-07-31"}); len(r) != 1 || r[0].ID != back.ID {
		t.Fatalf("by month %+v", r)
	}
	// Deleting the suggestion takes its referral to the 回收站 with it; restore brings both back.
	if err := db.DeleteSuggestion(ctx, s1.ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := db.Referrals(ctx, ReferralFilter{}); len(r) != 1 {
		t.Fatalf("after delete %+v", r)
	}
	tr, _ := db.Trash(ctx)
	if err := db.RestoreFromTrash(ctx, tr[0].ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := db.Referral(ctx, clue.ID); r.RefNo != "某检行公建〔2026〕12号" {
		t.Fatalf("restored %+v", r)
	}
	if err := db.DeleteReferral(ctx, back.ID); err != nil {
		t.Fatal(err)
	}
	changes, _ := db.Changes(ctx, ChangeFilter{Entity: "procuratorate_referral"})
	if len(changes) < 3 {
		t.Fatalf("change log %+v", changes)
	}
	for _, ch := range changes {
		for f := range ch.Changes {
			if ChangeField("procuratorate_referral", f) == "其他信息" {
				t.Fatalf("field %s has no Chinese name", f)
			}
		}
	}
}

func TestMigration0016ArrivesAfter0017(t *testing.T) {
	// A database that already holds 0017 (an earlier build had no 0016)
	// gets 0016 applied on open, with its data intact.
	ctx := t.Context()
	db := openOlder(t, func(v int) bool { return v != 16 && v <= 17 },
		`INSERT INTO deputy(id, name, phone, levels, created_at, updated_at) VALUES ('old-1', '李秀英', '13900001111', 16, 'x', 'x')`)
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = 16`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("0016 not recorded: %d %v", n, err)
	}
	if _, err := db.HotlineOrders(ctx, false, "", ""); err != nil {
		t.Fatalf("0016 tables missing: %v", err)
	}
	if _, err := db.Referrals(ctx, ReferralFilter{}); err != nil {
		t.Fatalf("0016 tables missing: %v", err)
	}
	if d, err := db.Deputy(ctx, "old-1"); err != nil || d.Name != "李秀英" {
		t.Fatalf("old deputy %+v %v", d, err)
	}
}
