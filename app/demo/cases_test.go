package demo

import (
	"path/filepath"
	"testing"

	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/store/calendar/calendartest"
)

func TestFillMakesTwoYearsOfCases(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Now = calendartest.Clock(t, "2026-11-22")
	cur := calendar.MonthOf(db.Now())
	if err := Fill(ctx, db); err != nil {
		t.Fatal(err)
	}
	mc, err := db.MonthlyCounts(ctx, cur.Add(-23), cur)
	if err != nil {
		t.Fatal(err)
	}
	total, closed := 0, 0
	for _, m := range mc {
		if m.Month.Before(cur) && (m.Receptions < 20 || m.Cases < 80) {
			t.Errorf("%s: %d receptions, %d cases; want a busy month", m.Month, m.Receptions, m.Cases)
		}
		total += m.Cases
		closed += m.Closed
	}
	t.Logf("%d cases, %d closed (%.0f%%)", total, closed, 100*float64(closed)/float64(total))
	if mc[0].Cases == 0 {
		t.Fatal("first month empty")
	}
	overdue, err := db.CountCases(ctx, store.CaseFilter{Overdue: true})
	if err != nil || overdue == 0 || overdue > total/5 {
		t.Fatalf("overdue = %d, %v", overdue, err)
	}
	last := cur.Prev()
	duties, err := db.Duties(ctx, store.DutyFilter{From: last.FirstDay(), To: last.LastDay()})
	if err != nil || len(duties) < 6 {
		t.Fatalf("%s duties = %d, %v", last, len(duties), err)
	}
	recs, _ := db.Receptions(ctx, store.ReceptionFilter{From: last.FirstDay(), To: last.LastDay()})
	onDuty := 0
	for _, r := range recs {
		if r.DutyID != "" {
			onDuty++
		}
	}
	for _, d := range duties {
		if !d.Held || len(d.Marks) == 0 {
			t.Errorf("duty %s not held or not marked", d.Date)
		}
	}
	if onDuty != len(duties) {
		t.Errorf("receptions on duty = %d, duties = %d", onDuty, len(duties))
	}
	for _, st := range store.CaseStatuses[1:] {
		if n, _ := db.CountCases(ctx, store.CaseFilter{Status: st}); n == 0 {
			t.Errorf("no case at %s", st)
		}
	}
}

func TestFillFollowsHotlineOrdersAndProcuratorateReferrals(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Now = calendartest.Clock(t, "2026-11-22")
	if err := Fill(ctx, db); err != nil {
		t.Fatal(err)
	}
	all, err := db.HotlineOrders(ctx, false, "", "")
	if err != nil {
		t.Fatal(err)
	}
	open, _ := db.HotlineOrders(ctx, true, "", "")
	if len(all) < 10 || len(open) == 0 || len(open) == len(all) {
		t.Fatalf("%d orders, %d open", len(all), len(open))
	}
	rs, err := db.Referrals(ctx, store.ReferralFilter{})
	if err != nil {
		t.Fatal(err)
	}
	clues, back := 0, 0
	for _, r := range rs {
		if r.Direction == store.DirClue {
			clues++
		}
		if r.RefNo != "" {
			back++
		}
	}
	if clues < 5 || back != 3 {
		t.Fatalf("%d clues, %d procuratorial suggestions", clues, back)
	}
}
