// Package calendartest gives tests their "today". A date-sensitive test
// takes today from Today: the date in DEPUTYDESK_TEST_TODAY when set (so
// `make test TODAY=2027-03-31` runs the whole suite as if it were that day),
// else the date the test names. No test reads the real clock or the
// caller's DEPUTYDESK_NOW.
package calendartest

import (
	"os"
	"testing"
	"time"

	"deputydesk/store/calendar"
)

// EnvToday names the variable `make test TODAY=…` sets.
const EnvToday = "DEPUTYDESK_TEST_TODAY"

// A DEPUTYDESK_NOW in the shell that runs the tests must not change them:
// every test binary that imports this package starts without it.
func init() { os.Unsetenv(calendar.EnvNow) }

// TodayOr is Today for package-level fixtures that have no test at hand: it
// panics on a malformed DEPUTYDESK_TEST_TODAY.
func TodayOr(def string) time.Time {
	s := def
	if v := os.Getenv(EnvToday); v != "" {
		s = v
	}
	d, err := time.ParseInLocation("2006-01-02", s, calendar.Beijing)
	if err != nil {
		panic(EnvToday + ": 日期应写作 2027-03-31（现为“" + s + "”）")
	}
	return d.Add(9*time.Hour + 30*time.Minute)
}

// Today is the test's today at 09:30 Beijing time: DEPUTYDESK_TEST_TODAY
// when set, else def (YYYY-MM-DD).
func Today(tb testing.TB, def string) time.Time {
	tb.Helper()
	s := def
	if v := os.Getenv(EnvToday); v != "" {
		s = v
	}
	d, err := time.ParseInLocation("2006-01-02", s, calendar.Beijing)
	if err != nil {
		tb.Fatalf("%s: 日期应写作 2027-03-31（现为“%s”）", EnvToday, s)
	}
	return d.Add(9*time.Hour + 30*time.Minute)
}

// Clock is a fixed clock reading Today(tb, def).
func Clock(tb testing.TB, def string) calendar.Clock {
	return calendar.Fixed(Today(tb, def))
}
