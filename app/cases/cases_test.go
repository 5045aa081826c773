package cases_test

import (
	"testing"

	"deputydesk/app/cases"
	"deputydesk/app/demo/demotest"
	"deputydesk/app/roster"
	"deputydesk/store"
)

func TestMain(m *testing.M) { demotest.Main(m) }

func TestAddWorkdaysSkipsWeekendsAndHolidays(t *testing.T) {
	cal := roster.NewCalendar([]store.Holiday{
		{Date: "2026-10-01", Kind: store.HolidayOff}, {Date: "2026-10-02", Kind: store.HolidayOff},
		{Date: "2026-10-05", Kind: store.HolidayOff}, {Date: "2026-10-06", Kind: store.HolidayOff},
		{Date: "2026-10-07", Kind: store.HolidayOff}, {Date: "2026-10-10", Kind: store.HolidayWork},
	})
	tests := []struct {
		name, day string
		n         int
		want      string
	}{
		{"within a week", "2026-11-16", 3, "2026-11-19"},
		{"over a weekend", "2026-11-20", 1, "2026-11-23"},
		{"fifteen working days", "2026-11-20", 15, "2026-12-11"},
		{"over 国庆 with a 调休 Saturday", "2026-09-30", 2, "2026-10-09"},
		{"调休 Saturday counts", "2026-10-09", 1, "2026-10-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cases.AddWorkdays(cal, tt.day, tt.n); got != tt.want {
				t.Fatalf("AddWorkdays(%s, %d) = %s, want %s", tt.day, tt.n, got, tt.want)
			}
		})
	}
}

func TestRecord(t *testing.T) {
	rules := cases.Rules{Days: store.DefaultDeadlineDays, Cal: roster.NewCalendar(nil)}
	base := store.Case{VisitorName: "张大爷", Category: "基础设施", Content: "道路坑洼"}
	t.Run("on-the-spot answer closes and replies", func(t *testing.T) {
		c := base
		c.Disposition = store.DispOnSpot
		cr := rules.Record("2026-11-20", cases.Intake{Case: c, Secretary: "赵丽华", Answer: "已解释"})
		if len(cr.Steps) != 2 || cr.Steps[0].Status != "办结" || cr.Steps[1].Status != "已反馈" || cr.Case.Deadline != "" {
			t.Fatalf("record = %+v", cr)
		}
	})
	t.Run("a unit means 交办 with the default deadline", func(t *testing.T) {
		c := base
		c.Disposition = store.DispAssigned
		cr := rules.Record("2026-11-20", cases.Intake{Case: c, Secretary: "赵丽华", Lead: "镇村镇建设办公室", Assist: "东关村委会"})
		if cr.Case.Deadline != "2026-12-11" {
			t.Fatalf("deadline = %s, want 15 working days later", cr.Case.Deadline)
		}
		if len(cr.Handlers) != 2 || cr.Handlers[1].Role != "协办" || len(cr.Steps) != 1 || cr.Steps[0].Text != "交镇村镇建设办公室办理" {
			t.Fatalf("record = %+v", cr)
		}
	})
	t.Run("a typed deadline wins", func(t *testing.T) {
		c := base
		c.Disposition, c.Deadline = store.DispAssigned, "2026-11-30"
		if cr := rules.Record("2026-11-20", cases.Intake{Case: c}); cr.Case.Deadline != "2026-11-30" || len(cr.Steps) != 0 {
			t.Fatalf("record = %+v", cr)
		}
	})
}

func TestPathWithOneActionEach(t *testing.T) {
	db := demotest.Open(t)
	ctx := t.Context()
	rs, err := db.Receptions(ctx, store.ReceptionFilter{From: "2026-11-01"})
	if err != nil || len(rs) == 0 {
		t.Fatalf("receptions: %v %v", rs, err)
	}
	cr := &store.CaseRecord{Case: store.Case{VisitorName: "刘桂珍", Category: "基础设施", Content: "村口道路积水", Disposition: store.DispAssigned}}
	if err := db.RecordReception(ctx, &rs[0], []*store.CaseRecord{cr}); err != nil {
		t.Fatal(err)
	}
	id := cr.Case.ID
	if err := cases.Assign(ctx, db, id, "", "", "2026-11-20", "赵丽华", ""); err == nil {
		t.Fatal("交办 without a 主办 unit was accepted")
	}
	if err := cases.Assign(ctx, db, id, "镇村镇建设办公室", "", "2026-11-20", "赵丽华", ""); err != nil {
		t.Fatal(err)
	}
	d, _ := db.Case(ctx, id)
	if d.Status != "交办" || d.Deadline == "" || d.LeadUnit != "镇村镇建设办公室" {
		t.Fatalf("after 交办: %+v", d.Case)
	}
	if !d.Overdue("2027-01-31") || d.Overdue("2026-11-21") {
		t.Fatalf("deadline %s does not make the case 超期 when it passes", d.Deadline)
	}
	for _, text := range []string{"已修复", "电话告知", "回访满意"} {
		a, ok := cases.Next(d.Case)
		if !ok {
			t.Fatalf("no next step at %s", d.Status)
		}
		in := store.StepInput{Status: a.Status, Day: "2026-11-25", Who: "赵丽华", Text: text}
		if a.Status == "已回访" {
			in.Satisfaction = "满意"
		}
		if _, err := db.AdvanceCase(ctx, id, in); err != nil {
			t.Fatalf("%s: %v", a.Label, err)
		}
		d, _ = db.Case(ctx, id)
	}
	if _, ok := cases.Next(d.Case); ok || d.Status != "已回访" {
		t.Fatalf("path ends at %s", d.Status)
	}
}
