package assess_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"deputydesk/app/assess"
	"deputydesk/app/demo"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

var (
	busyOnce sync.Once
	busyDB   *store.DB
	busyErr  error
	busyDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if busyDB != nil {
		busyDB.Close()
	}
	if busyDir != "" {
		os.RemoveAll(busyDir)
	}
	os.Exit(code)
}

// busyTown builds, once per run, ten years (2017–2026) of a busy township
// with 150 deputies: weekly duties at six stations with attendance, ten
// activities a month with forty deputies each, a 社情民意 from most
// deputies most months, 代表建议, and the receptions and cases of the demo
// generator for 120 months.
func busyTown(tb testing.TB) *store.DB {
	busyOnce.Do(func() {
		ctx := context.Background()
		busyDir, busyErr = os.MkdirTemp("", "assess-bench")
		if busyErr != nil {
			return
		}
		db, err := store.Open(ctx, filepath.Join(busyDir, "busy.db"))
		if err != nil {
			busyErr = err
			return
		}
		busyDB = db
		now := time.Date(2026, 12, 28, 9, 0, 0, 0, time.Local)
		db.Now = func() time.Time { return now }
		busyErr = fillBusy(ctx, db, now)
	})
	if busyErr != nil {
		tb.Fatal(busyErr)
	}
	return busyDB
}

func fillBusy(ctx context.Context, db *store.DB, now time.Time) error {
	r := rand.New(rand.NewPCG(10, 150))
	if err := db.SaveTownship(ctx, &store.Township{Name: "繁忙镇", Code: "140723101"}); err != nil {
		return err
	}
	var deps []*store.Deputy
	for i := 0; i < 150; i++ {
		deps = append(deps, &store.Deputy{Name: fmt.Sprintf("代表%03d", i), Phone: fmt.Sprintf("139%08d", i), Levels: store.Levels(store.TownshipLv)})
	}
	if err := db.SaveDeputies(ctx, deps); err != nil {
		return err
	}
	rules := []string{"每月第一周的周五 9:00–11:30", "每月第一个星期二 9:00–12:00", "每月5日、20日 15:00–17:00", "每周三 9:00–11:00"}
	var stations []*store.Station
	for i := 0; i < 6; i++ {
		st := &store.Station{Name: fmt.Sprintf("第%d联络站", i+1), Kind: "代表联络站", Address: "镇政府", OpeningRule: rules[i%len(rules)]}
		if err := db.SaveStation(ctx, st); err != nil {
			return err
		}
		stations = append(stations, st)
	}
	pick := func(n int) []string {
		var ids []string
		for _, k := range r.Perm(len(deps))[:n] {
			ids = append(ids, deps[k].ID)
		}
		return ids
	}
	marks := []string{store.AttendPresent, store.AttendPresent, store.AttendPresent, store.AttendPresent, store.AttendLeave, store.AttendAbsent}
	for year := 2017; year <= 2026; year++ {
		var duties []*store.Duty
		for wk := 0; wk < 52; wk++ {
			for _, st := range stations {
				day := time.Date(year, 1, 2+wk*7, 0, 0, 0, 0, time.Local).AddDate(0, 0, len(st.Name)%5).Format("2006-01-02")
				on := pick(2)
				d := &store.Duty{StationID: st.ID, Date: day, From: "09:00", To: "11:30", DeputyIDs: on, Held: true, Marks: map[string]store.Mark{}}
				for _, id := range on {
					d.Marks[id] = store.Mark{Status: marks[r.IntN(len(marks))]}
				}
				duties = append(duties, d)
			}
		}
		if err := db.ApplyDuties(ctx, nil, duties); err != nil {
			return fmt.Errorf("duties %d: %w", year, err)
		}
		for m := 1; m <= 12; m++ {
			for k := 0; k < 10; k++ {
				a := &store.Activity{Kind: store.ActivityKinds[(m*10+k)%len(store.ActivityKinds)], Day: fmt.Sprintf("%d-%02d-%02d", year, m, 1+k*2),
					Topic: "履职活动", Organiser: "镇人大主席团"}
				for _, id := range pick(40) {
					a.Participants = append(a.Participants, store.Participant{DeputyID: id, Attendance: store.ActivityAttendance[r.IntN(10)/8]})
				}
				if err := db.SaveActivity(ctx, a); err != nil {
					return err
				}
			}
			for _, id := range pick(100) {
				if err := db.SaveOpinion(ctx, &store.Opinion{DeputyID: id, Day: fmt.Sprintf("%d-%02d-%02d", year, m, 1+r.IntN(28)), Title: "社情民意"}); err != nil {
					return err
				}
			}
		}
		for _, id := range pick(120) {
			if err := db.SaveSuggestion(ctx, &store.Suggestion{DeputyID: id, Day: fmt.Sprintf("%d-01-%02d", year, 1+r.IntN(28)), Title: "代表建议", ResultClass: "B"}); err != nil {
				return err
			}
		}
	}
	for _, d := range deps {
		for _, it := range store.DefaultScoringRules(2026).Items {
			for _, rw := range it.Raters {
				if err := db.SetManualScore(ctx, &store.ManualScore{Year: 2026, DeputyID: d.ID, Item: it.Code, Rater: rw.Rater, Points: 4}); err != nil {
					return err
				}
			}
		}
	}
	_, _, err := demo.FillCases(ctx, db, demo.CasePace{From: calendar.NewMonth(2017, time.January), Months: 120, AdHocPerMonth: 80, Seed: 7})
	return err
}

// BenchmarkAssessYear assesses all 150 deputies for 2026 from the records
// of the busy ten-year database: read rules, register, the year's records
// and manual scores, and score every item.
func BenchmarkAssessYear(b *testing.B) {
	db := busyTown(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		y, err := assess.Load(ctx, db, 2026)
		if err != nil {
			b.Fatal(err)
		}
		if len(y.Results) != 150 {
			b.Fatalf("%d results", len(y.Results))
		}
	}
	// Reported after the loop: ResetTimer drops metrics reported before it.
	if n, err := db.CountCases(ctx, store.CaseFilter{}); err == nil {
		b.ReportMetric(float64(n), "cases_in_db")
	}
}

// BenchmarkTenOneGrid builds all ten 「十个一」 grids for 150 deputies.
func BenchmarkTenOneGrid(b *testing.B) {
	db := busyTown(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		tr, err := assess.LoadTracker(ctx, db, 2026)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range tr.Defs {
			if g := tr.Grid(d, "2026-12-28"); len(g.Rows) != 150 {
				b.Fatalf("%d rows", len(g.Rows))
			}
		}
	}
}
