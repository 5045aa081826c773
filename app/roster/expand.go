package roster

import (
	"sort"
	"time"

	"deputydesk/store"
)

// Occurrence is one reception day a rule produces.
type Occurrence struct {
	Date      string // YYYY-MM-DD, after any holiday move
	MovedFrom string // the rule's own date when a holiday moved it
	Holiday   string // the holiday that moved it
}

// Skipped is a rule date dropped because it fell on a holiday.
type Skipped struct {
	Date    string
	Holiday string
}

// Expand lists the reception days rule gives from from to to (inclusive),
// applying the station's holiday policy. A date moved past to is left out; a
// date before from moved into the period is kept, so a period boundary
// never loses a duty.
func Expand(rule store.RosterRule, cal *Calendar, from, to time.Time) ([]Occurrence, []Skipped) {
	// Look back far enough that a holiday move (春节 and 国庆 span up to 9
	// days) from before the period lands inside it.
	raw := ruleDates(rule, from.AddDate(0, 0, -20), to)
	seen := map[string]bool{}
	var out []Occurrence
	var skipped []Skipped
	for _, d := range raw {
		o := Occurrence{Date: d.Format(DateLayout)}
		if name, ok := cal.Holiday(d); ok {
			if rule.HolidayPolicy == store.HolidaySkip {
				if !d.Before(from) && !d.After(to) {
					skipped = append(skipped, Skipped{Date: o.Date, Holiday: name})
				}
				continue
			}
			n := cal.NextWorkday(d)
			o = Occurrence{Date: n.Format(DateLayout), MovedFrom: o.Date, Holiday: name}
			d = n
		}
		if d.Before(from) || d.After(to) || seen[o.Date] {
			continue
		}
		seen[o.Date] = true
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out, skipped
}

// ruleDates lists the rule's own dates in [from, to], before holidays.
func ruleDates(r store.RosterRule, from, to time.Time) []time.Time {
	var out []time.Time
	switch r.Kind {
	case store.RuleWeekly:
		d := from.AddDate(0, 0, (int(r.Weekday)-int(from.Weekday())+7)%7)
		for ; !d.After(to); d = d.AddDate(0, 0, 7) {
			out = append(out, d)
		}
	case store.RuleMonthlyNth, store.RuleMonthDays:
		for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
			for _, d := range monthDates(r, m) {
				if !d.Before(from) && !d.After(to) {
					out = append(out, d)
				}
			}
		}
	case store.RuleDates:
		for _, s := range r.Dates {
			if d, err := ParseDay(s); err == nil && !d.Before(from) && !d.After(to) {
				out = append(out, d)
			}
		}
	}
	return out
}

// monthDates gives the rule's dates in the month starting at first.
func monthDates(r store.RosterRule, first time.Time) []time.Time {
	last := first.AddDate(0, 1, -1)
	switch r.Kind {
	case store.RuleMonthlyNth:
		if r.Nth == store.LastWeek {
			back := (int(last.Weekday()) - int(r.Weekday) + 7) % 7
			return []time.Time{last.AddDate(0, 0, -back)}
		}
		d := first.AddDate(0, 0, (int(r.Weekday)-int(first.Weekday())+7)%7+7*(r.Nth-1))
		if d.Month() != first.Month() {
			return nil // no fifth such weekday this month
		}
		return []time.Time{d}
	case store.RuleMonthDays:
		var out []time.Time
		seen := map[int]bool{}
		for _, day := range r.Days {
			// 30日 or 31日 in a shorter month falls on its last day.
			day = min(day, last.Day())
			if !seen[day] {
				seen[day] = true
				out = append(out, time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, time.UTC))
			}
		}
		return out
	}
	return nil
}
