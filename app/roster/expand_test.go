package roster

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"deputydesk/store"
)

// seededCalendar is the calendar a fresh database holds (2025–2027).
func seededCalendar(t *testing.T) *Calendar {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hol, err := db.Holidays(t.Context(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	return NewCalendar(hol)
}

func day(s string) time.Time {
	t, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestExpand(t *testing.T) {
	cal := seededCalendar(t)
	rule := func(kind store.RuleKind, policy string, f func(*store.RosterRule)) store.RosterRule {
		r := store.RosterRule{Kind: kind, From: "09:00", To: "11:30", PerDuty: 2, HolidayPolicy: policy}
		f(&r)
		return r
	}
	firstFriday := func(r *store.RosterRule) { r.Nth, r.Weekday = 1, time.Friday }
	cases := []struct {
		name     string
		rule     store.RosterRule
		from, to string
		want     []string
		moved    map[string]string // date → moved from
		skipped  []string
	}{
		{
			// 2026-01-02 is 元旦 and 01-04 (Sunday) a 调休 working day;
			// 2026-10-02 is in 国庆; 2027-01-01 is 元旦 on a Friday.
			name: "first Friday, moved", rule: rule(store.RuleMonthlyNth, store.HolidayNext, firstFriday),
			from: "2025-12-01", to: "2027-02-28",
			want: []string{"2025-12-05", "2026-01-04", "2026-02-06", "2026-03-06", "2026-04-03", "2026-05-06", "2026-06-05",
				"2026-07-03", "2026-08-07", "2026-09-04", "2026-10-08", "2026-11-06", "2026-12-04", "2027-01-04", "2027-02-09"},
			moved: map[string]string{"2026-01-04": "2026-01-02", "2026-05-06": "2026-05-01", "2026-10-08": "2026-10-02",
				"2027-01-04": "2027-01-01", "2027-02-09": "2027-02-05"},
		},
		{
			name: "first Friday, skipped", rule: rule(store.RuleMonthlyNth, store.HolidaySkip, firstFriday),
			from: "2026-01-01", to: "2026-06-30",
			want:    []string{"2026-02-06", "2026-03-06", "2026-04-03", "2026-06-05"},
			skipped: []string{"2026-01-02", "2026-05-01"},
		},
		{
			// 2026-02-20 (Friday) falls in 春节 (02-15…23): moved to Tuesday 02-24.
			name: "weekly Friday over 春节", rule: rule(store.RuleWeekly, store.HolidayNext, func(r *store.RosterRule) { r.Weekday = time.Friday }),
			from: "2026-02-06", to: "2026-03-06",
			want:  []string{"2026-02-06", "2026-02-13", "2026-02-24", "2026-02-27", "2026-03-06"},
			moved: map[string]string{"2026-02-24": "2026-02-20"},
		},
		{
			// 2026-09-25 (Friday) is 中秋 → Monday 09-28; 10-02 is 国庆 → 10-08; 10-09 is a Friday as usual.
			name: "weekly Friday over 中秋 and 国庆", rule: rule(store.RuleWeekly, store.HolidayNext, func(r *store.RosterRule) { r.Weekday = time.Friday }),
			from: "2026-09-18", to: "2026-10-16",
			want: []string{"2026-09-18", "2026-09-28", "2026-10-08", "2026-10-09", "2026-10-16"},
		},
		{
			// A date before the period moved into it still counts.
			name: "moved across the period start", rule: rule(store.RuleMonthlyNth, store.HolidayNext, firstFriday),
			from: "2026-10-05", to: "2026-10-31",
			want: []string{"2026-10-08"},
		},
		{
			name: "last Tuesday across leap February", rule: rule(store.RuleMonthlyNth, store.HolidayNext, func(r *store.RosterRule) { r.Nth, r.Weekday = store.LastWeek, time.Tuesday }),
			from: "2027-12-01", to: "2028-03-31",
			want: []string{"2027-12-28", "2028-01-25", "2028-02-29", "2028-03-28"},
		},
		{
			name: "fifth Wednesday only where there is one", rule: rule(store.RuleMonthlyNth, store.HolidayNext, func(r *store.RosterRule) { r.Nth, r.Weekday = 5, time.Wednesday }),
			from: "2027-01-01", to: "2027-06-30",
			want: []string{"2027-03-31", "2027-06-30"},
		},
		{
			// 30日 and 31日 fall on the month's last day in short months, once.
			name: "month ends", rule: rule(store.RuleMonthDays, store.HolidayNext, func(r *store.RosterRule) { r.Days = []int{30, 31} }),
			from: "2027-01-01", to: "2027-04-30",
			want: []string{"2027-01-30", "2027-01-31", "2027-02-28", "2027-03-30", "2027-03-31", "2027-04-30"},
		},
		{
			name: "leap day", rule: rule(store.RuleMonthDays, store.HolidayNext, func(r *store.RosterRule) { r.Days = []int{29} }),
			from: "2028-01-01", to: "2028-03-31",
			want: []string{"2028-01-29", "2028-02-29", "2028-03-29"},
		},
		{
			// 2026-10-05 is in 国庆 → 10-08; 2026-10-20 is ordinary.
			name: "5日 and 20日 over 国庆", rule: rule(store.RuleMonthDays, store.HolidayNext, func(r *store.RosterRule) { r.Days = []int{5, 20} }),
			from: "2026-10-01", to: "2026-10-31",
			want: []string{"2026-10-08", "2026-10-20"},
		},
		{
			name: "explicit dates", rule: rule(store.RuleDates, store.HolidaySkip, func(r *store.RosterRule) { r.Dates = []string{"2026-12-04", "2027-02-06", "2027-03-12", "2028-01-01"} }),
			from: "2026-12-01", to: "2027-12-31",
			want:    []string{"2026-12-04", "2027-03-12"},
			skipped: []string{"2027-02-06"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			occ, skipped := Expand(c.rule, cal, day(c.from), day(c.to))
			var got []string
			for _, o := range occ {
				got = append(got, o.Date)
				if want, ok := c.moved[o.Date]; ok && o.MovedFrom != want {
					t.Errorf("%s moved from %q, want %q", o.Date, o.MovedFrom, want)
				}
				if o.MovedFrom != "" && o.Holiday == "" {
					t.Errorf("%s moved without a holiday name", o.Date)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("dates\n got %v\nwant %v", got, c.want)
			}
			var sk []string
			for _, s := range skipped {
				sk = append(sk, s.Date)
			}
			if !slices.Equal(sk, c.skipped) {
				t.Errorf("skipped %v, want %v", sk, c.skipped)
			}
		})
	}
}

func TestCalendarWorkdays(t *testing.T) {
	cal := seededCalendar(t)
	for _, c := range []struct {
		day  string
		work bool
	}{
		{"2026-01-04", true},  // Sunday, 调休 for 元旦
		{"2026-02-14", true},  // Saturday, 调休 for 春节
		{"2026-02-16", false}, // Monday in 春节
		{"2026-10-10", true},  // Saturday, 调休 for 国庆
		{"2026-10-11", false}, // ordinary Sunday
		{"2025-10-08", false}, // 国庆中秋 2025 ran to 10-08
		{"2027-02-08", false}, // 正月初三 2027
	} {
		if got := cal.Workday(day(c.day)); got != c.work {
			t.Errorf("%s workday=%v, want %v", c.day, got, c.work)
		}
	}
}
