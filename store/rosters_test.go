package store

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
	"github.com/6tail/lunar-go/calendar"
)

func TestHolidaySeedMatchesAnnouncements(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	// 2025 and 2026 are checked day by day against lunar-go's copy of the
	// State Council announcements, a second independent transcription.
	for _, year := range []int{2025, 2026} {
		t.Run(fmt.Sprint(year), func(t *testing.T) {
			got, err := db.Holidays(ctx, fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year))
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			for e := HolidayUtil.GetHolidaysByYear(year).Front(); e != nil; e = e.Next() {
				h := e.Value.(*HolidayUtil.Holiday)
				kind := HolidayOff
				if h.IsWork() {
					kind = HolidayWork
				}
				want[h.GetDay()] = kind
			}
			if len(got) != len(want) {
				t.Fatalf("%d days seeded, announcement has %d", len(got), len(want))
			}
			for _, h := range got {
				if want[h.Date] != h.Kind {
					t.Errorf("%s seeded as %s, announcement says %q", h.Date, h.Kind, want[h.Date])
				}
			}
		})
	}
	t.Run("2027 statutory days", func(t *testing.T) {
		got, err := db.Holidays(ctx, "2027-01-01", "2027-12-31")
		if err != nil {
			t.Fatal(err)
		}
		seeded := map[string]string{}
		for _, h := range got {
			seeded[h.Date] = h.Name
		}
		lunar := func(m, d int) string { return calendar.NewLunarFromYmd(2027, m, d).GetSolar().ToYmd() }
		eve := calendar.NewLunarFromYmd(2027, 1, 1).Next(-1).GetSolar().ToYmd()
		qingming := calendar.NewLunarFromYmd(2027, 3, 1).GetJieQiTable()["清明"].ToYmd()
		want := map[string]string{
			"2027-01-01": "元旦", eve: "春节", lunar(1, 1): "春节", lunar(1, 2): "春节", lunar(1, 3): "春节",
			qingming: "清明节", "2027-05-01": "劳动节", "2027-05-02": "劳动节", lunar(5, 5): "端午节", lunar(8, 15): "中秋节",
			"2027-10-01": "国庆节", "2027-10-02": "国庆节", "2027-10-03": "国庆节",
		}
		if len(seeded) != len(want) {
			t.Fatalf("seeded %v, want %v", seeded, want)
		}
		for day, name := range want {
			if seeded[day] != name {
				t.Errorf("%s: seeded %q, want %q", day, seeded[day], name)
			}
		}
	})
	years, err := db.HolidayYears(ctx)
	if err != nil || len(years) != 3 || !years[1].Announced || years[2].Announced {
		t.Fatalf("years %+v %v", years, err)
	}
}

func TestHolidayEditing(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	h := &Holiday{Date: "2027年2月4日", Name: "春节", Kind: HolidayOff, Source: "国务院办公厅关于2027年部分节假日安排的通知"}
	if err := db.SaveHoliday(ctx, h); err != nil {
		t.Fatal(err)
	}
	if h.Date != "2027-02-04" {
		t.Fatalf("date not normalised: %s", h.Date)
	}
	if err := db.SaveHoliday(ctx, &Holiday{Date: "2027-02-04", Name: "春节", Kind: HolidayWork}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Holidays(ctx, "2027-02-04", "2027-02-04")
	if len(got) != 1 || got[0].Kind != HolidayWork {
		t.Fatalf("replace: %+v", got)
	}
	var ve *ValidationError
	if err := db.SaveHoliday(ctx, &Holiday{Date: "2027-02-30", Name: "", Kind: "x"}); !errors.As(err, &ve) || len(ve.Errors) != 3 {
		t.Fatalf("want 3 field errors, got %v", err)
	}
	if err := db.DeleteHoliday(ctx, "2027-02-04"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteHoliday(ctx, "2027-02-04"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if err := db.SaveHolidayYear(ctx, HolidayYear{Year: 2027, Announced: true, Source: "国务院办公厅关于2027年部分节假日安排的通知"}); err != nil {
		t.Fatal(err)
	}
	log, _ := db.Changes(ctx, ChangeFilter{Entity: "holiday"})
	if len(log) != 3 || log[0].Action != "delete" || log[2].Action != "create" {
		t.Fatalf("change log: %+v", log)
	}
	if log, _ := db.Changes(ctx, ChangeFilter{Entity: "holiday_year", EntityID: "2027"}); len(log) != 1 || log[0].Action != "update" {
		t.Fatalf("year change log: %+v", log)
	}
}

// rosterFixture makes a station with one group of n township deputies.
func rosterFixture(t *testing.T, db *DB, n int) (Station, []string) {
	t.Helper()
	ctx := t.Context()
	var ids []string
	for i := 0; i < n; i++ {
		d := validDeputy(fmt.Sprintf("代表%c", '甲'+rune(i)), fmt.Sprintf("139%08d", i))
		if err := db.SaveDeputy(ctx, d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	g := &Group{Name: "第一代表小组", MemberIDs: ids}
	if err := db.SaveGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	s := &Station{Name: "城关镇人大代表联络站", Kind: "代表联络站", Address: "镇政府一楼", GroupIDs: []string{g.ID}}
	if err := db.SaveStation(ctx, s); err != nil {
		t.Fatal(err)
	}
	return *s, ids
}

func TestRosterRuleValidationAndSave(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	st, _ := rosterFixture(t, db, 2)
	bad := []struct {
		name  string
		rule  RosterRule
		field string
	}{
		{"no kind", RosterRule{StationID: st.ID, From: "9:00", To: "11:30", PerDuty: 2}, "Kind"},
		{"sixth week", RosterRule{StationID: st.ID, Kind: RuleMonthlyNth, Nth: 6, Weekday: time.Friday, From: "9:00", To: "11:30", PerDuty: 2}, "Nth"},
		{"day 32", RosterRule{StationID: st.ID, Kind: RuleMonthDays, Days: []int{5, 32}, From: "9:00", To: "11:30", PerDuty: 2}, "Days"},
		{"bad date", RosterRule{StationID: st.ID, Kind: RuleDates, Dates: []string{"2026-02-30"}, From: "9:00", To: "11:30", PerDuty: 2}, "Dates"},
		{"ends first", RosterRule{StationID: st.ID, Kind: RuleWeekly, Weekday: time.Wednesday, From: "11:30", To: "9:00", PerDuty: 2}, "To"},
		{"bad time", RosterRule{StationID: st.ID, Kind: RuleWeekly, Weekday: time.Wednesday, From: "25:00", To: "26:00", PerDuty: 2}, "From"},
		{"nobody", RosterRule{StationID: st.ID, Kind: RuleWeekly, Weekday: time.Wednesday, From: "9:00", To: "11:00"}, "PerDuty"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			var ve *ValidationError
			err := db.SaveRosterRule(ctx, &c.rule)
			if !errors.As(err, &ve) || ve.For(c.field) == "" {
				t.Fatalf("want error on %s, got %v", c.field, err)
			}
		})
	}
	if _, err := db.RosterRule(ctx, st.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("bad rules were saved: %v", err)
	}
	r := &RosterRule{StationID: st.ID, Kind: RuleMonthlyNth, Nth: 1, Weekday: time.Friday, From: "9：00", To: "11:30", PerDuty: 2}
	if err := db.SaveRosterRule(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := db.RosterRule(ctx, st.ID)
	if err != nil || got.From != "09:00" || got.Weekday != time.Friday || got.HolidayPolicy != HolidayNext {
		t.Fatalf("read back %+v %v", got, err)
	}
	sun := &RosterRule{StationID: st.ID, Kind: RuleWeekly, Weekday: time.Sunday, From: "14:00", To: "16:00", PerDuty: 1, HolidayPolicy: HolidaySkip}
	if err := db.SaveRosterRule(ctx, sun); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.RosterRule(ctx, st.ID); got.Weekday != time.Sunday || got.Kind != RuleWeekly {
		t.Fatalf("sunday rule read back %+v", got)
	}
	days := &RosterRule{StationID: st.ID, Kind: RuleMonthDays, Days: []int{20, 5, 20}, From: "15:00", To: "17:00", PerDuty: 2}
	if err := db.SaveRosterRule(ctx, days); err != nil {
		t.Fatal(err)
	}
	s, _ := db.Station(ctx, st.ID)
	if s.OpeningRule != "每月5日、20日 15:00–17:00，每次2人，遇法定节假日顺延至下一个工作日" {
		t.Fatalf("station opening rule %q", s.OpeningRule)
	}
	if log, _ := db.Changes(ctx, ChangeFilter{Entity: "roster_rule"}); len(log) != 3 {
		t.Fatalf("rule change log %d rows", len(log))
	}
}

func TestDutiesAttendanceAndLeave(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	st, ids := rosterFixture(t, db, 3)
	d := &Duty{StationID: st.ID, Date: "2026-12-04", From: "9:00", To: "11:30", DeputyIDs: ids[:2]}
	if err := db.SaveDuty(ctx, d); err != nil {
		t.Fatal(err)
	}
	var ve *ValidationError
	if err := db.SaveDuty(ctx, &Duty{StationID: st.ID, Date: "2026-12-04", From: "14:00", To: "16:00"}); !errors.As(err, &ve) || ve.For("Date") == "" {
		t.Fatalf("second duty same day: %v", err)
	}
	if err := db.SaveDuty(ctx, &Duty{StationID: st.ID, Date: "2026-12-05", From: "9:00", To: "10:00", DeputyIDs: []string{ids[0], ids[0]}}); !errors.As(err, &ve) {
		t.Fatalf("duplicate deputy: %v", err)
	}
	// A batch with one bad duty writes nothing.
	err := db.ApplyDuties(ctx, []string{d.ID}, []*Duty{
		{StationID: st.ID, Date: "2026-12-11", From: "9:00", To: "11:30", DeputyIDs: ids[1:]},
		{StationID: st.ID, Date: "2026-12-18", From: "9:00", To: "11:30", DeputyIDs: []string{"no-such-deputy"}},
	})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("bad batch: %v", err)
	}
	if all, _ := db.Duties(ctx, DutyFilter{}); len(all) != 1 || all[0].ID != d.ID {
		t.Fatalf("batch was not rolled back: %+v", all)
	}

	if err := db.MarkAttendance(ctx, d.ID, ids[1], AttendSubstituted, "", ""); !errors.As(err, &ve) || ve.For("SubstituteID") == "" {
		t.Fatalf("替班 without substitute: %v", err)
	}
	if err := db.MarkAttendance(ctx, d.ID, ids[2], AttendPresent, "", ""); !errors.As(err, &ve) {
		t.Fatalf("mark someone not on duty: %v", err)
	}
	if err := db.MarkAttendance(ctx, d.ID, ids[0], AttendPresent, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkAttendance(ctx, d.ID, ids[1], AttendAbsent, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkAttendance(ctx, d.ID, ids[1], AttendSubstituted, ids[2], "临时有事"); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Duty(ctx, d.ID)
	if !got.Held || got.Marks[ids[0]].Status != AttendPresent || got.Marks[ids[1]] != (Mark{AttendSubstituted, ids[2]}) {
		t.Fatalf("duty after marks: %+v", got)
	}
	hist, _ := db.AttendanceHistory(ctx, AttendanceFilter{DutyID: d.ID})
	if len(hist) != 3 || hist[1].Status != AttendAbsent || hist[2].SubstituteID != ids[2] || hist[2].Actor != "赵丽华" {
		t.Fatalf("history %+v", hist)
	}
	// The substitute's duties include the one they stood in for.
	if sub, _ := db.Duties(ctx, DutyFilter{DeputyID: ids[2]}); len(sub) != 1 {
		t.Fatalf("substitute's duties: %d", len(sub))
	}
	if log, _ := db.Changes(ctx, ChangeFilter{Entity: "duty", EntityID: d.ID}); len(log) != 4 {
		t.Fatalf("duty change log: %d rows", len(log))
	}
	// History outlives the duty.
	if err := db.DeleteDuty(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if hist, _ := db.AttendanceHistory(ctx, AttendanceFilter{DeputyID: ids[1]}); len(hist) != 2 {
		t.Fatalf("history after delete: %d", len(hist))
	}

	if err := db.SaveLeave(ctx, &Leave{DeputyID: ids[0], Kind: "出差", From: "2026-12-10", To: "2026-12-01"}); !errors.As(err, &ve) || ve.For("Kind") == "" || ve.For("To") == "" {
		t.Fatalf("bad leave: %v", err)
	}
	l := &Leave{DeputyID: ids[0], Kind: LeaveAway, From: "2026.12.1", To: "2026年12月20日", Reason: "外出务工"}
	if err := db.SaveLeave(ctx, l); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		from, to string
		n        int
	}{{"2026-11-01", "2026-11-30", 0}, {"2026-12-20", "2027-01-01", 1}, {"2026-11-01", "2026-12-01", 1}, {"", "", 1}} {
		if got, _ := db.Leaves(ctx, LeaveFilter{From: c.from, To: c.to}); len(got) != c.n {
			t.Errorf("leaves %s–%s: %d, want %d", c.from, c.to, len(got), c.n)
		}
	}
	if !l.Covers("2026-12-20") || l.Covers("2026-12-21") {
		t.Fatal("Covers")
	}
}
