// Package calendar holds the program's one clock and its calendar-month
// type. Nothing else in deputydesk reads the wall clock: store, the GUI, the
// CLI, reports, the outbox and the hub all take "now" from a Clock, and step
// or print months with Month, so a test (or DEPUTYDESK_NOW) can set the date
// of the whole program at once.
package calendar

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// Beijing is the time zone the townships and the county live in. It is a
// fixed zone rather than time.LoadLocation("Asia/Shanghai") because Windows
// PCs often lack the zone database, and China has had no daylight saving
// since 1991.
var Beijing = time.FixedZone("CST", 8*3600)

// Clock tells the time. Read it once per action so every timestamp one
// change writes agrees.
type Clock func() time.Time

// system is the only place in the program that reads the wall clock.
func system() time.Time { return time.Now() }

// System is the real clock.
var System Clock = system

// Fixed is a clock that always reads t.
func Fixed(t time.Time) Clock { return func() time.Time { return t } }

// Starting is a clock that reads t now and then runs on at the real pace, so
// a program started "on" another date still sees minutes pass.
func Starting(t time.Time) Clock {
	start := time.Now()
	return func() time.Time { return t.Add(time.Since(start)) }
}

// EnvNow names the environment variable that sets the program's date for
// scripted runs and demonstrations (RFC 3339, or a plain YYYY-MM-DD taken as
// 09:00 Beijing time).
const EnvNow = "DEPUTYDESK_NOW"

// FromEnv returns the program's clock: the real one, or one starting at
// DEPUTYDESK_NOW when that is set. A malformed value is an error in Chinese.
func FromEnv() (Clock, error) {
	s := strings.TrimSpace(os.Getenv(EnvNow))
	if s == "" {
		return System, nil
	}
	t, err := ParseInstant(s)
	if err != nil {
		return System, fmt.Errorf("%s 应为 RFC 3339 时间或日期，如 2026-11-23T09:00:00+08:00 或 2026-11-23（现为“%s”）", EnvNow, s)
	}
	return Starting(t), nil
}

// ParseInstant reads an RFC 3339 time, or a YYYY-MM-DD date taken as 09:00
// Beijing time.
func ParseInstant(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, Beijing)
	if err != nil {
		return time.Time{}, err
	}
	return d.Add(9 * time.Hour), nil
}

// Today is t's date in Beijing as YYYY-MM-DD, the form dates are stored in.
func Today(t time.Time) string { return t.In(Beijing).Format("2006-01-02") }

// Date is midnight in Beijing at the start of t's day.
func Date(t time.Time) time.Time {
	y, m, d := t.In(Beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Beijing)
}
