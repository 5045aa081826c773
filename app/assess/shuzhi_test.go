package assess

import (
	"strings"
	"testing"

	"deputydesk/store"
)

// The voters' 测评 at a 述职 is the electors' part of 年终核定, converted
// to the item's scale, and the 述职 counts once for the contact item.
func TestShuzhiSuppliesTheElectorsRating(t *testing.T) {
	f := newFixture(t) // today is 2026-12-20
	d := f.deputy("王建国")
	rules := store.DefaultScoringRules(2026)
	for _, it := range rules.Items {
		for _, rw := range it.Raters {
			if rw.Rater == store.RaterElectors {
				continue
			}
			if err := f.db.SetManualScore(f.ctx, &store.ManualScore{Year: 2026, DeputyID: d.ID, Item: it.Code, Rater: rw.Rater, Points: it.Max}); err != nil {
				t.Fatal(err)
			}
		}
	}
	y, err := Load(f.ctx, f.db, 2026)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := y.Find(d.ID)
	if r.Complete || !strings.Contains(strings.Join(r.Missing, " "), store.RaterElectors) {
		t.Fatalf("electors' part not missing before the 测评: %v", r.Missing)
	}
	s := &store.Shuzhi{Day: "2026-12-18", Audience: store.AudienceDistrict, District: "第3选区", Items: []string{"履职情况", store.OverallItem}, DeputyIDs: []string{d.ID}}
	if err := f.db.SaveShuzhi(f.ctx, s); err != nil {
		t.Fatal(err)
	}
	// 得分 (36×100 + 3×60) ÷ 40 = 94.5 on both lines.
	c := &store.ShuzhiCount{ShuzhiID: s.ID, Handed: 42, Returned: 40, Tallies: []store.ShuzhiTally{
		{DeputyID: d.ID, Item: "履职情况", Satisfied: 36, Basic: 3, Unsatisfied: 1}, {DeputyID: d.ID, Item: store.OverallItem, Satisfied: 36, Basic: 3, Unsatisfied: 1}}}
	if err := f.db.SaveShuzhiCount(f.ctx, c); err != nil {
		t.Fatal(err)
	}
	if y, err = Load(f.ctx, f.db, 2026); err != nil {
		t.Fatal(err)
	}
	r, _ = y.Find(d.ID)
	ye, _ := r.Item("yearend")
	contact, _ := r.Item("contact")
	// 年终核定 = (0.1×5 + 0.3×5 + 0.4×5 + 0.2×4.73) ÷ 1.0 = 4.95.
	if !r.Complete || ye.Rated[store.RaterElectors] != 4.73 || ye.Points != 4.95 || !strings.Contains(ye.From[store.RaterElectors], "满意率97.5%") {
		t.Fatalf("yearend %+v complete %v", ye, r.Complete)
	}
	if contact.Count != 1 {
		t.Fatalf("contact count %d", contact.Count)
	}
}
