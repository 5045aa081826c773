package assess

import (
	"context"
	"fmt"
	"math"
	"time"

	"deputydesk/store"
)

// Period is one month, quarter or year, as inclusive YYYY-MM-DD bounds.
type Period struct {
	Kind     string // store.PeriodMonth, PeriodQuarter, PeriodYear
	From, To string
	Label    string // 1月, 第一季度, 2026年
}

var quarterNames = []string{"第一季度", "第二季度", "第三季度", "第四季度"}

// Periods lists the periods of kind in year, in order.
func Periods(kind string, year int) []Period {
	day := func(y int, m time.Month, d int) string {
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	var out []Period
	switch kind {
	case store.PeriodMonth:
		for m := time.January; m <= time.December; m++ {
			out = append(out, Period{kind, day(year, m, 1), day(year, m+1, 0), fmt.Sprintf("%d月", m)})
		}
	case store.PeriodQuarter:
		for q := 0; q < 4; q++ {
			m := time.Month(q*3 + 1)
			out = append(out, Period{kind, day(year, m, 1), day(year, m+3, 0), quarterNames[q]})
		}
	default:
		out = append(out, Period{store.PeriodYear, day(year, 1, 1), day(year, 12, 31), fmt.Sprintf("%d年", year)})
	}
	return out
}

// PeriodOf returns the period of kind that holds day (YYYY-MM-DD).
func PeriodOf(kind, day string) Period {
	t, _ := time.Parse("2006-01-02", day)
	for _, p := range Periods(kind, t.Year()) {
		if day >= p.From && day <= p.To {
			return p
		}
	}
	return Period{}
}

// State is a cell of the 「十个一」 grid.
type State int

const (
	NotApplicable State = iota // not in office in this period
	Done                       // 已完成
	NotYet                     // 未完成, the period has not ended
	Overdue                    // 逾期未完成
)

// String is the Chinese label.
func (s State) String() string {
	switch s {
	case Done:
		return "已完成"
	case NotYet:
		return "未完成"
	case Overdue:
		return "逾期"
	}
	return "—"
}

// Cell is one deputy in one period.
type Cell struct {
	Have, Need int
	State      State
}

// GridRow is one deputy's line.
type GridRow struct {
	DeputyID string
	Name     string
	Cells    []Cell
}

// Grid is one duty's deputies × periods.
type Grid struct {
	Def     store.DutyDef
	Year    int
	Today   string
	Periods []Period
	Rows    []GridRow
}

// Tracker holds what the grid and the owed lists are built from.
type Tracker struct {
	Year       int
	Defs       []store.DutyDef
	Deputies   []store.Deputy
	TookOffice map[string]string
	Events     []store.Event
}

// LoadTracker reads the duty list, the register and the year's records.
func LoadTracker(ctx context.Context, db *store.DB, year int) (*Tracker, error) {
	t := &Tracker{Year: year}
	var err error
	if t.Defs, err = db.DutyDefs(ctx); err != nil {
		return nil, err
	}
	if t.Deputies, err = db.Deputies(ctx, store.DeputyFilter{}); err != nil {
		return nil, err
	}
	if t.TookOffice, err = db.TookOffice(ctx); err != nil {
		return nil, err
	}
	if t.Events, err = db.DeputyEvents(ctx, fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)); err != nil {
		return nil, err
	}
	return t, nil
}

// cell works out one deputy's state in one period on today.
func (t *Tracker) cell(def store.DutyDef, d store.Deputy, p Period, today string) Cell {
	from, to, _, ok := Span(t.Year, d, t.TookOffice[d.ID])
	if !ok || to < p.From || from > p.To {
		return Cell{State: NotApplicable}
	}
	lo, hi := max(from, p.From), min(to, p.To)
	need := def.Count
	if def.Period == store.PeriodYear {
		// A part-year deputy owes the part-year share of a yearly duty,
		// rounded up so a yearly "one" stays one.
		frac := monthsBetween(lo, hi) / 12
		need = int(math.Ceil(float64(def.Count)*frac - 1e-9))
	}
	have := 0
	for _, e := range eventsOf(t.Events, d.ID) {
		if e.Day >= lo && e.Day <= hi && contains(def.Sources, e.Source) {
			have++
		}
	}
	c := Cell{Have: have, Need: need}
	switch {
	case have >= need:
		c.State = Done
	case hi < today:
		c.State = Overdue
	default:
		c.State = NotYet
	}
	return c
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Grid builds the deputies × periods grid of one duty as it stands on today.
func (t *Tracker) Grid(def store.DutyDef, today string) Grid {
	g := Grid{Def: def, Year: t.Year, Today: today, Periods: Periods(def.Period, t.Year)}
	for _, d := range t.Deputies {
		if _, _, _, ok := Span(t.Year, d, t.TookOffice[d.ID]); !ok {
			continue
		}
		row := GridRow{DeputyID: d.ID, Name: d.Name}
		for _, p := range g.Periods {
			row.Cells = append(row.Cells, t.cell(def, d, p, today))
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

// Owed is one duty a deputy has not yet done in the current period.
type Owed struct {
	Def    store.DutyDef
	Period Period
	Have   int
	Need   int
}

// Owed lists what the deputy still owes in the periods that hold today.
func (t *Tracker) Owed(deputyID, today string) []Owed {
	var d *store.Deputy
	for i := range t.Deputies {
		if t.Deputies[i].ID == deputyID {
			d = &t.Deputies[i]
		}
	}
	if d == nil {
		return nil
	}
	var out []Owed
	for _, def := range t.Defs {
		p := PeriodOf(def.Period, today)
		c := t.cell(def, *d, p, today)
		if c.State == NotYet || c.State == Overdue {
			out = append(out, Owed{Def: def, Period: p, Have: c.Have, Need: c.Need})
		}
	}
	return out
}
