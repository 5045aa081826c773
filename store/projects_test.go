package store

import (
	"errors"
	"strings"
	"testing"
)

func TestRankProjectsTieRule(t *testing.T) {
	ps := []Project{
		{ID: "a", Position: 1, VotesFor: 40, VotesAgainst: 5},
		{ID: "b", Position: 2, VotesFor: 45, VotesAgainst: 2},
		{ID: "c", Position: 3, VotesFor: 40, VotesAgainst: 3},  // ties a on 同意, fewer 不同意
		{ID: "d", Position: 4, VotesFor: 40, VotesAgainst: 3},  // ties c fully: ballot order
		{ID: "e", Position: 5, VotesFor: 25, VotesAgainst: 20}, // not more than half of 50
	}
	got := RankProjects(ps, 50, 4)
	var order []string
	for _, p := range got {
		mark := ""
		if p.Chosen {
			mark = "*"
		}
		order = append(order, p.ID+mark)
	}
	if strings.Join(order, " ") != "b* c* d* a* e" {
		t.Fatalf("order %v", order)
	}
	// Only items with more than half of those present can be chosen.
	got = RankProjects(ps, 50, 5)
	if !got[3].Chosen || got[4].Chosen || got[4].Rank != 5 {
		t.Fatalf("e chosen with 25 of 50: %+v", got[4])
	}
}

func TestProjectVoteSitesAndSurvey(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	a, b := validDeputy("王建国", "13900000001"), validDeputy("李秀英", "13900000002")
	if err := db.SaveDeputies(ctx, []*Deputy{a, b}); err != nil {
		t.Fatal(err)
	}
	sg := &Suggestion{DeputyID: a.ID, Day: "2026-03-01", No: "2026-001", Title: "加装老旧小区电梯", Department: "住建办"}
	if err := db.SaveSuggestion(ctx, sg); err != nil {
		t.Fatal(err)
	}
	draft, err := db.ProjectFromSuggestion(ctx, 2027, sg.ID)
	if err != nil || draft.SourceSuggestionID != sg.ID || draft.Title != sg.Title {
		t.Fatalf("draft %+v %v", draft, err)
	}
	var ids []string
	for _, p := range []*Project{&draft, {Year: 2027, Title: "农村道路硬化", Budget: 320}, {Year: 2027, Title: "新建村级养老服务站", Budget: 180}} {
		if err := db.SaveProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	var ve *ValidationError
	if err := db.SaveProject(ctx, &Project{Year: 2027, Title: "农村道路硬化"}); !errors.As(err, &ve) || ve.For("Title") == "" {
		t.Fatalf("duplicate title: %v", err)
	}
	if err := db.SaveTally(ctx, Tally{Year: 2027, VoteDay: "2027-01-10", Expected: 50, Present: 48}); !errors.As(err, &ve) || ve.For("Choose") == "" {
		t.Fatalf("tally before settings: %v", err)
	}
	if err := db.SaveProjectVote(ctx, &ProjectVote{Year: 2027, Session: "城关镇第十八届人民代表大会第三次会议", Choose: 2}); err != nil {
		t.Fatal(err)
	}
	// A site on a candidate not yet chosen is refused.
	if err := db.SaveProjectSite(ctx, &ProjectSite{ProjectID: ids[1], Location: "石桥村", DeputyIDs: []string{a.ID}}); !errors.As(err, &ve) {
		t.Fatalf("site before the vote: %v", err)
	}
	// A bad tally names the item and changes nothing.
	bad := Tally{Year: 2027, VoteDay: "2027-01-10", Expected: 50, Present: 48, Votes: map[string]Votes{
		ids[0]: {30, 10, 8}, ids[1]: {40, 5, 4}, ids[2]: {45, 2, 1}}}
	if err := db.SaveTally(ctx, bad); !errors.As(err, &ve) || !strings.Contains(err.Error(), "农村道路硬化") {
		t.Fatalf("over-counted tally: %v", err)
	}
	if ps, _ := db.Projects(ctx, 2027); ps[1].VotesFor != 0 || ps[1].Chosen {
		t.Fatalf("bad tally saved: %+v", ps[1])
	}
	good := bad
	good.Votes = map[string]Votes{ids[0]: {30, 10, 8}, ids[1]: {40, 5, 3}, ids[2]: {45, 2, 1}}
	if err := db.SaveTally(ctx, good); err != nil {
		t.Fatal(err)
	}
	ps, err := db.Projects(ctx, 2027)
	if err != nil {
		t.Fatal(err)
	}
	if ps[0].Chosen || !ps[1].Chosen || !ps[2].Chosen || ps[2].Rank != 1 || ps[0].SourceRef != "2026-001 加装老旧小区电梯" {
		t.Fatalf("after tally %+v", ps)
	}
	if err := db.SaveProject(ctx, &Project{Year: 2027, Title: "又一项"}); !errors.As(err, &ve) {
		t.Fatalf("candidate added after the tally: %v", err)
	}
	road := ids[1]
	sites := []*ProjectSite{
		{ProjectID: road, Location: "石桥村二组", Content: "硬化道路1.2公里", PlannedDay: "2027-06-30", DeputyIDs: []string{b.ID, a.ID}},
		{ProjectID: road, Location: "河东村", PlannedDay: "2027-09-30", DeputyIDs: []string{b.ID}},
	}
	if err := db.SaveProjectSites(ctx, sites); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckOffSite(ctx, sites[0].ID, "2027-05-20", ""); !errors.As(err, &ve) || ve.For("Evidence") == "" {
		t.Fatalf("销号 without evidence: %v", err)
	}
	if err := db.CheckOffSite(ctx, sites[0].ID, "2027-05-20", "现场查看，路面已硬化并通车"); err != nil {
		t.Fatal(err)
	}
	p, _ := db.Project(ctx, road)
	if p.Sites != 2 || p.SitesDone != 1 {
		t.Fatalf("progress %d/%d", p.SitesDone, p.Sites)
	}
	mine, _ := db.ProjectSites(ctx, SiteFilter{DeputyID: a.ID})
	if len(mine) != 1 || mine[0].Location != "石桥村二组" || len(mine[0].DeputyIDs) != 2 {
		t.Fatalf("a's sites %+v", mine)
	}
	ev, err := db.DeputyEvents(ctx, "2027-01-01", "2027-12-31")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ev {
		if e.Source == SourceProjectSite {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d site events, want 2 (two deputies lead the checked-off site)", n)
	}
	// A tally that would drop an item with 点位 is refused.
	drop := good
	drop.Votes = map[string]Votes{ids[0]: {47, 0, 1}, ids[1]: {30, 10, 8}, ids[2]: {45, 2, 1}}
	if err := db.SaveTally(ctx, drop); !errors.As(err, &ve) || !strings.Contains(err.Error(), "点位") {
		t.Fatalf("re-tally dropping sites: %v", err)
	}
	if err := db.ClearTally(ctx, 2027); !errors.As(err, &ve) {
		t.Fatalf("clear with sites: %v", err)
	}
	// Survey: only chosen items, at most the deputies expected.
	if err := db.SaveSurvey(ctx, 2027, "2027-12-20", map[string]Survey{ids[0]: {10, 2, 0}}); !errors.As(err, &ve) {
		t.Fatalf("survey of a candidate not chosen: %v", err)
	}
	if err := db.SaveSurvey(ctx, 2027, "2027-12-20", map[string]Survey{road: {40, 6, 2}, ids[2]: {44, 3, 1}}); err != nil {
		t.Fatal(err)
	}
	p, _ = db.Project(ctx, road)
	if p.SatGood != 40 || p.SatisfactionRate() < 0.95 || p.SatisfactionRate() > 0.96 {
		t.Fatalf("survey %+v", p)
	}
	// Deleting a 点位 lands in the 回收站 and comes back.
	if err := db.DeleteProjectSite(ctx, sites[1].ID); err != nil {
		t.Fatal(err)
	}
	items, _ := db.Trash(ctx)
	if len(items) != 1 || !strings.Contains(items[0].Label, "河东村") {
		t.Fatalf("trash %+v", items)
	}
	if err := db.RestoreFromTrash(ctx, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if s, err := db.ProjectSite(ctx, sites[1].ID); err != nil || len(s.DeputyIDs) != 1 {
		t.Fatalf("restored %+v %v", s, err)
	}
	changes, _ := db.Changes(ctx, ChangeFilter{Entity: "project_site"})
	for _, c := range changes {
		for _, line := range c.Describe(nil) {
			if strings.Contains(line, "其他信息") {
				t.Errorf("change log line without a Chinese field name: %s", line)
			}
		}
	}
}
