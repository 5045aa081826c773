package ledger

import (
	"context"
	"time"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// Board is the 首页 at a glance: the month's figures, the overdue cases to
// chase (most overdue first), and the 12 months ending with this one.
type Board struct {
	Month   string // YYYY-MM
	Today   string // YYYY-MM-DD
	Figures Figures
	Overdue []store.Case
	// OverdueTotal counts the cases still to chase: those Overdue calls
	// overdue that are not yet 办结 (closed-late cases are in Figures.Overdue
	// but need no chasing); Overdue holds the first page.
	OverdueTotal int
	Trend        []store.MonthCounts
	// Upcoming are the roster duties from today through the next 6 days.
	Upcoming []UpcomingDuty
}

// UpcomingDuty is a duty as the 首页 lists it.
type UpcomingDuty struct {
	Date, From, To string
	Station        string
	Deputies       []string
}

// DashboardOverdueLimit is how many overdue cases the board lists.
const DashboardOverdueLimit = 50

// Dashboard computes the board for month (YYYY-MM) as of today.
func Dashboard(ctx context.Context, db *store.DB, month string, today time.Time) (*Board, error) {
	m, err := calendar.ParseMonth(month)
	if err != nil {
		return nil, err
	}
	b := &Board{Month: m.String(), Today: calendar.Today(today)}
	b.Trend, err = db.MonthlyCounts(ctx, m.Add(-11), m)
	if err != nil {
		return nil, err
	}
	cur := b.Trend[len(b.Trend)-1]
	// The month's case figures are counted case by case with the ledger's
	// own rules (addCase, Overdue), so the 首页 and the 台账 always agree.
	b.Figures = Figures{Receptions: cur.Receptions, Visitors: cur.Visitors}
	cases, err := db.Cases(ctx, store.CaseFilter{Month: b.Month})
	if err != nil {
		return nil, err
	}
	for i := range cases {
		b.Figures.addCase(&cases[i], b.Today)
	}
	f := store.CaseFilter{Overdue: true, Today: b.Today}
	if b.OverdueTotal, err = db.CountCases(ctx, f); err != nil {
		return nil, err
	}
	f.ByDeadline, f.Limit = true, DashboardOverdueLimit
	if b.Overdue, err = db.Cases(ctx, f); err != nil {
		return nil, err
	}
	duties, err := db.Duties(ctx, store.DutyFilter{From: b.Today, To: calendar.Today(today.AddDate(0, 0, 6))})
	if err != nil {
		return nil, err
	}
	if len(duties) == 0 {
		return b, nil
	}
	stations, err := db.Stations(ctx)
	if err != nil {
		return nil, err
	}
	deps, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		return nil, err
	}
	stName, depName := map[string]string{}, map[string]string{}
	for _, s := range stations {
		stName[s.ID] = s.Name
	}
	for _, d := range deps {
		depName[d.ID] = d.Name
	}
	for _, d := range duties {
		u := UpcomingDuty{Date: d.Date, From: d.From, To: d.To, Station: stName[d.StationID]}
		for _, id := range d.DeputyIDs {
			u.Deputies = append(u.Deputies, depName[id])
		}
		b.Upcoming = append(b.Upcoming, u)
	}
	return b, nil
}
