package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestUpgradeFromSchema5SeedsTenOne(t *testing.T) {
	// A database written before 0006, with a deputy on a marked duty, gains
	// the ten duties of 十个一 and its duty counts toward them at once.
	ctx := t.Context()
	db := openOlder(t, func(v int) bool { return v <= 5 },
		`INSERT INTO deputy(id, name, phone, levels, created_at, updated_at) VALUES ('d1', '李秀英', '13900001111', 16, 'x', 'x')`,
		`INSERT INTO station(id, name, kind, created_at, updated_at) VALUES ('s1', '联络站', '代表联络站', 'x', 'x')`,
		`INSERT INTO duty(id, station_id, day, time_from, time_to, held, created_at, updated_at) VALUES ('u1', 's1', '2026-03-06', '09:00', '11:30', 1, 'x', 'x')`,
		`INSERT INTO duty_deputy(duty_id, deputy_id, position, attendance) VALUES ('u1', 'd1', 0, '到岗')`)
	defs, err := db.DutyDefs(ctx)
	if err != nil || len(defs) != 10 || defs[0].Name != "每月一次接待选民" || defs[9].Name != "每年一次履职评议" {
		t.Fatalf("seeded duties %v %v", defs, err)
	}
	ev, err := db.DeputyEvents(ctx, "2026-01-01", "2026-12-31")
	if err != nil || len(ev) != 1 || ev[0] != (Event{DeputyID: "d1", Day: "2026-03-06", Source: SourceDutyPresent}) {
		t.Fatalf("events %v %v", ev, err)
	}
}

func TestActivityValidationAndLog(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	a, b := validDeputy("王建国", "13900000001"), validDeputy("李秀英", "13900000002")
	if err := db.SaveDeputies(ctx, []*Deputy{a, b}); err != nil {
		t.Fatal(err)
	}
	bad := &Activity{Kind: "吃饭", Day: "2026-02-30", Topic: "", Participants: []Participant{{DeputyID: a.ID}, {DeputyID: a.ID}}}
	var ve *ValidationError
	if err := db.SaveActivity(ctx, bad); !errors.As(err, &ve) || ve.For("Kind") == "" || ve.For("Day") == "" || ve.For("Topic") == "" || ve.For("Participants") == "" {
		t.Fatalf("bad activity: %v", err)
	}
	act := &Activity{Kind: "集中视察", Day: "2026.4.8", Topic: "视察农村人居环境", Participants: []Participant{{DeputyID: a.ID}, {DeputyID: b.ID, Attendance: ActLeave}}}
	if err := db.SaveActivity(ctx, act); err != nil {
		t.Fatal(err)
	}
	if act.Day != "2026-04-08" || act.Participants[0].Attendance != ActPresent {
		t.Errorf("normalised %+v", act)
	}
	act.Participants[1].Attendance = ActAbsent
	if err := db.SaveActivity(ctx, act); err != nil {
		t.Fatal(err)
	}
	got, err := db.Activities(ctx, ActivityFilter{DeputyID: b.ID, From: "2026-04-01", To: "2026-04-30"})
	if err != nil || len(got) != 1 {
		t.Fatalf("activities %+v %v", got, err)
	}
	for _, p := range got[0].Participants {
		if want := map[string]string{a.ID: ActPresent, b.ID: ActAbsent}[p.DeputyID]; p.Attendance != want {
			t.Errorf("%s marked %s; want %s", p.DeputyID, p.Attendance, want)
		}
	}
	if err := db.DeleteActivity(ctx, act.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Activity(ctx, act.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted activity still there: %v", err)
	}
	trash, err := db.Trash(ctx)
	if err != nil || len(trash) != 1 || trash[0].Entity != "activity" {
		t.Fatalf("trash %+v %v", trash, err)
	}
	if err := db.RestoreFromTrash(ctx, trash[0].ID); err != nil {
		t.Fatal(err)
	}
	if back, err := db.Activity(ctx, act.ID); err != nil || len(back.Participants) != 2 {
		t.Fatalf("restored %+v %v", back, err)
	}
	ch, err := db.Changes(ctx, ChangeFilter{Entity: "activity", EntityID: act.ID})
	if err != nil || len(ch) != 4 || ch[0].Action != "create" || ch[1].Action != "delete" || ch[2].Action != "update" || ch[3].Action != "create" {
		t.Fatalf("change log %+v %v", ch, err)
	}
	if _, ok := ch[2].Changes["Participants"]; !ok {
		t.Errorf("attendance change not logged: %v", ch[2].Changes)
	}
}

func TestSuggestionsOpinionsAndEvents(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	a, b := validDeputy("王建国", "13900000001"), validDeputy("李秀英", "13900000002")
	if err := db.SaveDeputies(ctx, []*Deputy{a, b}); err != nil {
		t.Fatal(err)
	}
	s1 := &Suggestion{DeputyID: a.ID, Day: "2026-01-10", No: "2026-001", Title: "关于修缮石桥的建议", ResultClass: "a"}
	if err := db.SaveSuggestion(ctx, s1); err != nil || s1.ResultClass != "A" {
		t.Fatalf("save: %v %q", err, s1.ResultClass)
	}
	var ve *ValidationError
	dup := &Suggestion{DeputyID: b.ID, Day: "2026-01-11", No: "2026-001", Title: "另一件"}
	if err := db.SaveSuggestion(ctx, dup); !errors.As(err, &ve) || !strings.Contains(ve.For("No"), "关于修缮石桥的建议") {
		t.Errorf("duplicate number: %v", err)
	}
	if err := db.SaveSuggestion(ctx, &Suggestion{DeputyID: b.ID, Day: "2026-01-11", Title: "x", ResultClass: "D", Satisfaction: "还行"}); !errors.As(err, &ve) ||
		ve.For("ResultClass") == "" || ve.For("Satisfaction") == "" {
		t.Errorf("bad class and satisfaction: %v", err)
	}
	if err := db.SaveOpinion(ctx, &Opinion{DeputyID: b.ID, Day: "2026-02-03", Title: "快递进村难"}); err != nil {
		t.Fatal(err)
	}
	// A duty 李秀英 stood in on for 王建国 credits her, not him; a 走访
	// reception counts as 走访选民 as well as a reception.
	st := &Station{Name: "联络站", Kind: "代表联络站", Address: "镇政府"}
	if err := db.SaveStation(ctx, st); err != nil {
		t.Fatal(err)
	}
	d := &Duty{StationID: st.ID, Date: "2026-03-06", From: "09:00", To: "11:30", DeputyIDs: []string{a.ID}}
	if err := db.SaveDuty(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkAttendance(ctx, d.ID, a.ID, AttendSubstituted, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordReception(ctx, &Reception{Kind: "走访选民", Day: "2026-03-20", Place: "石桥村", DeputyIDs: []string{a.ID}}, nil); err != nil {
		t.Fatal(err)
	}
	ev, err := db.DeputyEvents(ctx, "2026-01-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ev {
		who := "王"
		if e.DeputyID == b.ID {
			who = "李"
		}
		got = append(got, fmt.Sprintf("%s %s %s", who, e.Day, e.Source))
	}
	want := map[string]bool{
		"王 2026-01-10 代表建议": true, "王 2026-01-10 代表建议A类": true, "李 2026-02-03 社情民意": true,
		"李 2026-03-06 值班到岗": true, "王 2026-03-20 接待群众": true, "王 2026-03-20 走访选民": true,
	}
	if len(got) != len(want) {
		t.Fatalf("events %v", got)
	}
	for _, g := range got {
		if !want[g] {
			t.Errorf("unexpected event %s", g)
		}
	}
}

func TestRulesAndDutyDefValidation(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	r := DefaultScoringRules(2026)
	if err := r.Validate(); err != nil {
		t.Fatalf("default rules invalid: %v", err)
	}
	r.Pass, r.Excellent = 90, 80
	r.Items[0].Sources = []string{"打麻将"}
	r.Items[len(r.Items)-1].Raters = append(r.Items[len(r.Items)-1].Raters, RaterWeight{"村支书", 1})
	err := db.SaveScoringRules(ctx, &r)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.For("Excellent") == "" || !strings.Contains(err.Error(), "第1项“进站值班接待选民”的记录类型“打麻将”无法识别") ||
		!strings.Contains(err.Error(), "“村支书”不在评定主体名单中") {
		t.Fatalf("bad rules: %v", err)
	}
	if _, saved, _ := db.ScoringRulesFor(ctx, 2026); saved {
		t.Error("bad rules saved")
	}
	// Saved rules carry over to later years until those get their own.
	good := DefaultScoringRules(2026)
	good.Base = 60
	if err := db.SaveScoringRules(ctx, &good); err != nil {
		t.Fatal(err)
	}
	next, saved, err := db.ScoringRulesFor(ctx, 2027)
	if err != nil || saved || next.Base != 60 || next.Year != 2027 {
		t.Errorf("2027 rules %v %v %v", next.Base, saved, err)
	}
	if prev, _, _ := db.ScoringRulesFor(ctx, 2025); prev.Base != 50 {
		t.Errorf("2025 got later rules: base %g", prev.Base)
	}
	dd := &DutyDef{Name: "", Period: "week", Count: 0, Sources: nil}
	if err := db.SaveDutyDef(ctx, dd); !errors.As(err, &ve) || ve.For("Name") == "" || ve.For("Period") == "" || ve.For("Count") == "" || ve.For("Sources") == "" {
		t.Errorf("bad duty def: %v", err)
	}
	dd = &DutyDef{Name: "每月一次接待选民", Period: PeriodMonth, Count: 1, Sources: []string{SourceOpinion}}
	if err := db.SaveDutyDef(ctx, dd); !errors.As(err, &ve) || ve.For("Name") == "" {
		t.Errorf("duplicate duty name: %v", err)
	}
	if err := db.SaveRectification(ctx, &Rectification{Year: 2026, DeputyID: "nobody", DueDay: "2027-02-30"}); !errors.As(err, &ve) || ve.For("DueDay") == "" {
		t.Errorf("bad due day: %v", err)
	}
}
