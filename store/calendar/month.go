package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Month is one calendar month. Its zero value is no month (IsZero). Months
// are stepped with Add, never with time.AddDate(0, n, 0), which on the 31st
// skips a short month.
type Month struct {
	n int // year*12 + (month-1)
}

// MonthOf is the month t falls in, in Beijing time.
func MonthOf(t time.Time) Month {
	y, m, _ := t.In(Beijing).Date()
	return NewMonth(y, m)
}

// NewMonth is the month m of year y; out-of-range months roll over
// (NewMonth(2026, 13) is January 2027).
func NewMonth(y int, m time.Month) Month { return Month{n: y*12 + int(m) - 1 + 1<<20} }

// ParseMonth reads a month written as 2026-11, 2026-1, 202611, 2026/11,
// 2026.11 or 2026年11月. Errors are in Chinese.
func ParseMonth(s string) (Month, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, "月")
	var ys, ms string
	for _, sep := range []string{"-", "年", "/", "."} {
		if a, b, ok := strings.Cut(t, sep); ok {
			ys, ms = a, b
			break
		}
	}
	if ys == "" && len(t) == 6 {
		ys, ms = t[:4], t[4:]
	}
	y, err1 := strconv.Atoi(ys)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || len(ys) != 4 || m < 1 || m > 12 {
		return Month{}, fmt.Errorf("月份应写作 2026-11（现为“%s”）", s)
	}
	return NewMonth(y, time.Month(m)), nil
}

// MustMonth is ParseMonth for constants in tests and tables; it panics on a
// malformed month.
func MustMonth(s string) Month {
	m, err := ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

func (m Month) ym() (int, time.Month) {
	n := m.n - 1<<20
	return n / 12, time.Month(n%12 + 1)
}

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m.n == 0 }

// Year is m's year.
func (m Month) Year() int { y, _ := m.ym(); return y }

// Month is m's month of the year.
func (m Month) Month() time.Month { _, mm := m.ym(); return mm }

// Quarter is 1–4.
func (m Month) Quarter() int { return (int(m.Month())-1)/3 + 1 }

// String is the stored form, 2026-11; the zero Month is "".
func (m Month) String() string {
	if m.IsZero() {
		return ""
	}
	y, mm := m.ym()
	return fmt.Sprintf("%04d-%02d", y, int(mm))
}

// Chinese is 2026年11月.
func (m Month) Chinese() string {
	if m.IsZero() {
		return ""
	}
	y, mm := m.ym()
	return fmt.Sprintf("%d年%d月", y, int(mm))
}

// Add steps n months forward (or back for negative n).
func (m Month) Add(n int) Month { return Month{n: m.n + n} }

// Prev is the month before m; Next the one after.
func (m Month) Prev() Month { return m.Add(-1) }

// Next is the month after m.
func (m Month) Next() Month { return m.Add(1) }

// Sub is the number of months from o to m (m.Sub(m.Add(-3)) == 3).
func (m Month) Sub(o Month) int { return m.n - o.n }

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool { return m.n < o.n }

// After reports whether m is later than o.
func (m Month) After(o Month) bool { return m.n > o.n }

// Start is the first instant of m in loc (Beijing when loc is nil).
func (m Month) Start(loc *time.Location) time.Time {
	if loc == nil {
		loc = Beijing
	}
	y, mm := m.ym()
	return time.Date(y, mm, 1, 0, 0, 0, 0, loc)
}

// End is the first instant after m in loc: the start of the next month.
func (m Month) End(loc *time.Location) time.Time { return m.Next().Start(loc) }

// Days is the number of days in m.
func (m Month) Days() int { return m.End(time.UTC).Add(-time.Hour).Day() }

// FirstDay is m's first day as YYYY-MM-DD.
func (m Month) FirstDay() string { return m.String() + "-01" }

// LastDay is m's last day as YYYY-MM-DD.
func (m Month) LastDay() string { return fmt.Sprintf("%s-%02d", m, m.Days()) }

// Day is day d of m as a time at midnight Beijing.
func (m Month) Day(d int) time.Time {
	y, mm := m.ym()
	return time.Date(y, mm, d, 0, 0, 0, 0, Beijing)
}

// Contains reports whether a stored date (YYYY-MM-DD, or a longer timestamp
// that starts with one) falls in m.
func (m Month) Contains(day string) bool {
	return len(day) >= 7 && day[:7] == m.String()
}

// Through lists the months from m to last inclusive; empty when last is
// before m.
func (m Month) Through(last Month) []Month {
	var out []Month
	for x := m; !x.After(last); x = x.Next() {
		out = append(out, x)
	}
	return out
}

// ReportDue is when the monthly report for m is due at the county: the end
// of day deadlineDay of the following month, Beijing time (deadlineDay 0
// means the end of m itself). The township and the hub both use it, so the
// two never disagree about what is overdue.
func ReportDue(m Month, deadlineDay int) time.Time {
	return m.Next().Day(deadlineDay + 1).Add(-time.Nanosecond)
}
