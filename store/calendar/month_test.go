package calendar

import (
	"testing"
	"time"
)

func TestMonthSteps(t *testing.T) {
	for _, tc := range []struct {
		today string
		prev  string
		next  string
	}{
		{"2026-03-31", "2026-02", "2026-04"},
		{"2026-05-31", "2026-04", "2026-06"},
		{"2026-12-31", "2026-11", "2027-01"},
		{"2027-01-01", "2026-12", "2027-02"},
		{"2028-02-29", "2028-01", "2028-03"},
	} {
		t.Run(tc.today, func(t *testing.T) {
			now, err := ParseInstant(tc.today)
			if err != nil {
				t.Fatal(err)
			}
			m := MonthOf(now)
			if got := m.Prev().String(); got != tc.prev {
				t.Errorf("Prev = %s, want %s", got, tc.prev)
			}
			if got := m.Next().String(); got != tc.next {
				t.Errorf("Next = %s, want %s", got, tc.next)
			}
			if got := m.Add(-12).Add(12); got != m {
				t.Errorf("Add round trip = %s", got)
			}
		})
	}
}

func TestMonthOfIsBeijing(t *testing.T) {
	// 2026-11-30 17:00 UTC is 2026-12-01 01:00 in Beijing.
	if got := MonthOf(time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)).String(); got != "2026-12" {
		t.Errorf("MonthOf = %s, want 2026-12", got)
	}
}

func TestParseMonth(t *testing.T) {
	for in, want := range map[string]string{
		"2026-11": "2026-11", "2026-1": "2026-01", "202611": "2026-11", "2026年3月": "2026-03",
		"2026/12": "2026-12", " 2026.02 ": "2026-02",
	} {
		m, err := ParseMonth(in)
		if err != nil || m.String() != want {
			t.Errorf("ParseMonth(%q) = %v, %v; want %s", in, m, err, want)
		}
	}
	for _, bad := range []string{"", "2026", "2026-13", "2026-00", "26-11", "十一月"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
}

func TestMonthDays(t *testing.T) {
	for s, want := range map[string]int{"2026-02": 28, "2028-02": 29, "2026-12": 31, "2026-11": 30} {
		m := MustMonth(s)
		if m.Days() != want || m.LastDay() != s+"-"+map[int]string{28: "28", 29: "29", 30: "30", 31: "31"}[want] {
			t.Errorf("%s: Days %d LastDay %s", s, m.Days(), m.LastDay())
		}
	}
	if n := len(MustMonth("2026-11").Through(MustMonth("2027-02"))); n != 4 {
		t.Errorf("Through = %d months, want 4", n)
	}
	if !MustMonth("2026-11").Contains("2026-11-30") || MustMonth("2026-11").Contains("2026-12-01") {
		t.Error("Contains")
	}
}
