package store

import (
	"errors"
	"strings"
	"testing"
)

func TestShuzhiTallyResultAndElectorsRating(t *testing.T) {
	ctx := t.Context()
	db := newDB(t) // today is 2026-11-22
	a, b := twoDeputies(t, db)
	g := &Group{Name: "第一代表小组", MemberIDs: []string{a.ID, b.ID}}
	if err := db.SaveGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	var ve *ValidationError
	for name, bad := range map[string]*Shuzhi{
		"no date":     {Day: "年底", Audience: AudienceGroup, GroupID: g.ID, DeputyIDs: []string{a.ID}, Items: DefaultShuzhiItems},
		"no group":    {Day: "2026-11-20", Audience: AudienceGroup, DeputyIDs: []string{a.ID}, Items: DefaultShuzhiItems},
		"no district": {Day: "2026-11-20", Audience: AudienceDistrict, DeputyIDs: []string{a.ID}, Items: DefaultShuzhiItems},
		"no deputy":   {Day: "2026-11-20", Audience: AudienceGroup, GroupID: g.ID, Items: DefaultShuzhiItems},
		"dup item":    {Day: "2026-11-20", Audience: AudienceGroup, GroupID: g.ID, DeputyIDs: []string{a.ID}, Items: []string{"履职情况", "履职情况"}},
		"future":      {Day: "2026-12-20", Audience: AudienceGroup, GroupID: g.ID, DeputyIDs: []string{a.ID}, Items: DefaultShuzhiItems},
	} {
		if err := db.SaveShuzhi(ctx, bad); !errors.As(err, &ve) {
			t.Errorf("%s: saved: %v", name, err)
		}
	}
	s := &Shuzhi{Day: "2026-11-20", Audience: AudienceDistrict, GroupID: g.ID, District: "石桥村", Place: "石桥村村委会", Attendees: 48,
		Topics: "一年来履职情况", Items: append([]string(nil), DefaultShuzhiItems...), DeputyIDs: []string{a.ID, b.ID}}
	if err := db.SaveShuzhi(ctx, s); err != nil {
		t.Fatal(err)
	}
	// More returned than handed out, and a line with more ticks than
	// sheets: refused, each named, nothing saved.
	bad := &ShuzhiCount{ShuzhiID: s.ID, Handed: 40, Returned: 45}
	if err := db.SaveShuzhiCount(ctx, bad); !errors.As(err, &ve) || !strings.Contains(UserMessage(err), "收回测评表") {
		t.Fatalf("returned > handed: %v", err)
	}
	bad = &ShuzhiCount{ShuzhiID: s.ID, Handed: 50, Returned: 40, Tallies: []ShuzhiTally{{DeputyID: b.ID, Item: "联系群众", Satisfied: 30, Basic: 9, Unsatisfied: 2}}}
	if err := db.SaveShuzhiCount(ctx, bad); !errors.As(err, &ve) || !strings.Contains(UserMessage(err), "“李秀英”的“联系群众”") {
		t.Fatalf("line over returned: %v", UserMessage(err))
	}
	if r, _ := db.ShuzhiRecord(ctx, s.ID); r.Tallied || len(r.Scores) != 0 {
		t.Fatalf("a refused count was saved: %+v", r)
	}
	var ts []ShuzhiTally
	for _, it := range DefaultShuzhiItems {
		ts = append(ts, ShuzhiTally{DeputyID: a.ID, Item: it, Satisfied: 36, Basic: 3, Unsatisfied: 1},
			ShuzhiTally{DeputyID: b.ID, Item: it, Satisfied: 20, Basic: 10, Unsatisfied: 8})
	}
	if err := db.SaveShuzhiCount(ctx, &ShuzhiCount{ShuzhiID: s.ID, Handed: 45, Returned: 40, Tallies: ts}); err != nil {
		t.Fatal(err)
	}
	r, err := db.ShuzhiRecord(ctx, s.ID)
	if err != nil || !r.Tallied || len(r.Scores) != 2 {
		t.Fatalf("record %+v %v", r, err)
	}
	// 王建国: (36+3)/40 = 97.5%; (36×100+3×60)/40 = 94.5.
	// 李秀英: (20+10)/40 = 75%; (20×100+10×60)/40 = 65, 2 sheets left blank.
	want := map[string][2]float64{"王建国": {0.975, 94.5}, "李秀英": {0.75, 65}}
	for _, sc := range r.Scores {
		if w := want[sc.Name]; sc.Rate != w[0] || sc.Score != w[1] || sc.Sheets != 40 {
			t.Errorf("%s: rate %v score %v sheets %d", sc.Name, sc.Rate, sc.Score, sc.Sheets)
		}
	}
	if r.Scores[1].RateText() != "97.5%" && r.Scores[0].RateText() != "97.5%" {
		t.Errorf("rate text %s %s", r.Scores[0].RateText(), r.Scores[1].RateText())
	}
	// Items cannot change once counted.
	s.Items = []string{"履职情况"}
	if err := db.SaveShuzhi(ctx, s); !errors.As(err, &ve) {
		t.Fatalf("items changed after tally: %v", err)
	}
	s.Items = DefaultShuzhiItems
	er, err := db.ElectorsRatings(ctx, 2026)
	if err != nil || er[a.ID].Score != 94.5 || er[a.ID].Points(5) != 4.73 || !strings.Contains(er[a.ID].Source(), "满意率97.5%") {
		t.Fatalf("ratings %+v %v", er, err)
	}
	// The rating is no longer typed.
	if err := db.SetManualScore(ctx, &ManualScore{Year: 2026, DeputyID: a.ID, Item: "yearend", Rater: RaterElectors, Points: 3}); !errors.As(err, &ve) {
		t.Fatalf("typed electors score over a 测评: %v", err)
	}
	// The 述职 counts once as 向选民述职, also when an activity of the
	// same day records it again.
	count := func() int {
		evs, err := db.DeputyEvents(ctx, "2026-01-01", "2026-12-31")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range evs {
			if e.DeputyID == a.ID && e.Source == SourceShuzhi {
				n++
			}
		}
		return n
	}
	if n := count(); n != 1 {
		t.Fatalf("shuzhi events %d", n)
	}
	act := &Activity{Kind: SourceShuzhi, Day: "2026-11-20", Topic: "代表向选民述职", Participants: []Participant{{DeputyID: a.ID}}}
	if err := db.SaveActivity(ctx, act); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Fatalf("counted twice: %d", n)
	}
	// The change log speaks Chinese.
	chs, _ := db.Changes(ctx, ChangeFilter{Entity: "shuzhi"})
	if len(chs) < 2 {
		t.Fatalf("changes %+v", chs)
	}
	lines := strings.Join(chs[0].Describe(map[string]string{a.ID: "王建国", b.ID: "李秀英"}), "\n")
	if !strings.Contains(lines, "收回测评表") || !strings.Contains(lines, "测评票数") {
		t.Fatalf("change lines %s", lines)
	}
	// Dropping a deputy drops their counts.
	s.DeputyIDs = []string{a.ID}
	if err := db.SaveShuzhi(ctx, s); err != nil {
		t.Fatal(err)
	}
	if r, _ := db.ShuzhiRecord(ctx, s.ID); len(r.Scores) != 1 || r.Scores[0].Name != "王建国" {
		t.Fatalf("after dropping: %+v", r.Scores)
	}
	// Delete lands in the 回收站 and comes back whole.
	if msg, _ := db.ShuzhiImpact(ctx, s.ID); !strings.Contains(msg, "收回 40 份") {
		t.Fatalf("impact %q", msg)
	}
	if err := db.DeleteShuzhi(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if l, _ := db.ShuzhiList(ctx, ShuzhiFilter{}); len(l) != 0 {
		t.Fatalf("after delete %d", len(l))
	}
	tr, _ := db.Trash(ctx)
	if len(tr) != 1 || tr[0].Entity != "shuzhi" {
		t.Fatalf("trash %+v", tr)
	}
	if err := db.RestoreFromTrash(ctx, tr[0].ID); err != nil {
		t.Fatal(err)
	}
	if l, _ := db.ShuzhiList(ctx, ShuzhiFilter{DeputyID: a.ID, Year: 2026}); len(l) != 1 || len(l[0].Scores) != 1 || l[0].Scores[0].Score != 94.5 {
		t.Fatalf("restored %+v", l)
	}
}
