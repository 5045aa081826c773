package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCountyNoticeValidationNamesTheRow(t *testing.T) {
	tests := []struct {
		name string
		n    CountyNotice
		want string
	}{
		{"empty", CountyNotice{}, "至少要有一项"},
		{"day outside the year", CountyNotice{Holidays: &NoticeHolidays{Year: 2027, Days: []Holiday{{Date: "2027-01-01", Name: "元旦", Kind: HolidayOff}, {Date: "2028-01-01", Name: "元旦", Kind: HolidayOff}}}}, "第2行的日期 2028-01-01 不在2027年"},
		{"repeated day", CountyNotice{Holidays: &NoticeHolidays{Year: 2027, Days: []Holiday{{Date: "2027-01-01", Name: "元旦", Kind: HolidayOff}, {Date: "2027-01-01", Name: "元旦", Kind: HolidayWork}}}}, "第2行的日期 2027-01-01 重复"},
		{"bad deadline", CountyNotice{DeadlineDay: 31}, "应为1到28之间"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.n.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// A notice that cannot apply whole applies not at all: its 细则 is for a
// finalised year, so the calendar and the deadline stay as they were.
func TestApplyCountyNoticeIsOneTransaction(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	rules := DefaultScoringRules(2026)
	rules.Base = 60
	n := CountyNotice{Serial: 4, Title: "测试", PublishedAt: db.Now(), DeadlineDay: 9, Rules: &rules,
		Holidays: &NoticeHolidays{Year: 2027, Days: []Holiday{{Date: "2027-02-14", Name: "春节调休", Kind: HolidayWork}}}}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	if added, err := db.AddCountyNotice(ctx, n, []byte("signed"), "U盘"); err != nil || !added {
		t.Fatalf("add: %v %v", added, err)
	}
	if added, _ := db.AddCountyNotice(ctx, n, []byte("signed"), "网络"); added {
		t.Fatal("the same serial added twice")
	}
	if err := db.FinaliseYear(ctx, DefaultScoringRules(2026), json.RawMessage(`[]`)); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Holidays(ctx, "2027-01-01", "2027-12-31")
	if _, err := db.ApplyCountyNotice(ctx, 4); !errors.Is(err, ErrYearFinal) {
		t.Fatalf("apply over a finalised year: %v", err)
	}
	after, _ := db.Holidays(ctx, "2027-01-01", "2027-12-31")
	set, _ := db.SyncSettings(ctx)
	got, _ := db.CountyNotice(ctx, 4)
	if len(after) != len(before) || set.DeadlineDay != 5 || got.State != NoticePending {
		t.Fatalf("half applied: %d→%d days, deadline %d, state %s", len(before), len(after), set.DeadlineDay, got.State)
	}
	if err := db.ReopenYear(ctx, 2026, "县里更新细则"); err != nil {
		t.Fatal(err)
	}
	d, err := db.ApplyCountyNotice(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Removed) != len(before) || len(d.Added) != 1 || len(d.Rules) != 1 || d.Rules[0] != "基础分：50分 → 60分" {
		t.Fatalf("diff: %+v", d)
	}
	if r, saved, _ := db.ScoringRulesFor(ctx, 2026); !saved || r.Base != 60 {
		t.Fatalf("rules: %+v", r)
	}
	ys, _ := db.HolidayYears(ctx)
	for _, y := range ys {
		if y.Year == 2027 && !y.Announced {
			t.Fatal("2027 not marked announced")
		}
	}
	cs, _ := db.Changes(ctx, ChangeFilter{Entity: "holiday"})
	if len(cs) < len(before)+1 || !strings.Contains(cs[0].Summary, "县级通知第4号") {
		t.Fatalf("holiday changes not logged: %d", len(cs))
	}
}
