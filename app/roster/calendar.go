// Package roster turns each station's reception-day rule into dates, fills
// the duties fairly from the station's groups, and checks hand edits. It
// reads and writes through store and never touches the GUI.
package roster

import (
	"time"

	"deputydesk/store"
)

// DateLayout is how dates are stored: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// Calendar knows which days are 法定节假日 and which weekends are 调休
// working days.
type Calendar struct {
	off  map[string]string // day → holiday name
	work map[string]bool
}

// NewCalendar builds a calendar from the store's holiday days.
func NewCalendar(days []store.Holiday) *Calendar {
	c := &Calendar{off: map[string]string{}, work: map[string]bool{}}
	for _, h := range days {
		switch h.Kind {
		case store.HolidayOff:
			c.off[h.Date] = h.Name
		case store.HolidayWork:
			c.work[h.Date] = true
		}
	}
	return c
}

// Holiday returns the holiday's name when day is a day off by announcement.
func (c *Calendar) Holiday(day time.Time) (string, bool) {
	n, ok := c.off[day.Format(DateLayout)]
	return n, ok
}

// Workday reports whether people work on day: a weekday that is not a
// holiday, or a 调休 weekend.
func (c *Calendar) Workday(day time.Time) bool {
	s := day.Format(DateLayout)
	if _, ok := c.off[s]; ok {
		return false
	}
	if c.work[s] {
		return true
	}
	return day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
}

// NextWorkday returns the first working day after day.
func (c *Calendar) NextWorkday(day time.Time) time.Time {
	d := day.AddDate(0, 0, 1)
	for i := 0; i < 60 && !c.Workday(d); i++ {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// ParseDay reads a stored YYYY-MM-DD date.
func ParseDay(s string) (time.Time, error) { return time.Parse(DateLayout, s) }

// Weekday returns the Chinese weekday (星期五) of a YYYY-MM-DD date.
func Weekday(day string) string {
	t, err := ParseDay(day)
	if err != nil {
		return ""
	}
	return store.WeekdayNames[t.Weekday()]
}
