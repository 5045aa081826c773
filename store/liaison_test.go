package store

import (
	"errors"
	"strings"
	"testing"
)

func TestLiaisonPairsVisitsAndTheHalfYearRule(t *testing.T) {
	ctx := t.Context()
	db := newDB(t) // today is 2026-11-22
	a, b := twoDeputies(t, db)
	var ve *ValidationError
	if err := db.SaveLiaisonPair(ctx, &LiaisonPair{Contact: "", DeputyID: a.ID, Since: "去年"}); !errors.As(err, &ve) ||
		!strings.Contains(UserMessage(err), "联系人") || !strings.Contains(UserMessage(err), "结对日期") {
		t.Fatalf("bad pair: %v", err)
	}
	pa := &LiaisonPair{Contact: "张志强", ContactPost: "县交通运输局局长", DeputyID: a.ID, Since: "2026-01-05"}
	pb := &LiaisonPair{Contact: "张志强", ContactPost: "县交通运输局局长", DeputyID: b.ID, Since: "2026-01-05"}
	for _, p := range []*LiaisonPair{pa, pb} {
		if err := db.SaveLiaisonPair(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveLiaisonPair(ctx, &LiaisonPair{Contact: "张志强", DeputyID: a.ID, Since: "2026-02-01"}); !errors.As(err, &ve) {
		t.Fatalf("duplicate pair: %v", err)
	}
	// A visit in the first half-year does not count for the second.
	for _, v := range []*LiaisonVisit{
		{PairID: pa.ID, Day: "2026-05-10", How: "上门走访", Opinions: "村道破损，雨天积水"},
		{PairID: pa.ID, Day: "2026-09-18", How: "座谈", Opinions: "希望增开城乡公交班次"},
		{PairID: pb.ID, Day: "2026-04-02", How: "电话联系"},
	} {
		if err := db.SaveLiaisonVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveLiaisonVisit(ctx, &LiaisonVisit{PairID: pa.ID, Day: "2026-12-30", How: "座谈"}); !errors.As(err, &ve) {
		t.Fatalf("a visit after today was saved: %v", err)
	}
	behind, err := db.LiaisonBehind(ctx, "2026-11-22")
	if err != nil || len(behind) != 1 || behind[0].DeputyName != "李秀英" || behind[0].PeriodLabel != "2026年下半年" || behind[0].LastVisit != "2026-04-02" {
		t.Fatalf("behind %+v %v", behind, err)
	}
	if b, _ := db.LiaisonBehind(ctx, "2026-05-31"); len(b) != 0 {
		t.Fatalf("first half-year: %+v", b)
	}
	visits, _ := db.LiaisonVisits(ctx, "", a.ID)
	if len(visits) != 2 || visits[0].Day != "2026-09-18" {
		t.Fatalf("visits %+v", visits)
	}
	if err := db.DeleteLiaisonPair(ctx, pa.ID); err != nil {
		t.Fatal(err)
	}
	tr, _ := db.Trash(ctx)
	if len(tr) != 1 || tr[0].Entity != "liaison_pair" {
		t.Fatalf("trash %+v", tr)
	}
	if err := db.RestoreFromTrash(ctx, tr[0].ID); err != nil {
		t.Fatal(err)
	}
	if visits, _ = db.LiaisonVisits(ctx, pa.ID, ""); len(visits) != 2 {
		t.Fatalf("restored visits %d", len(visits))
	}
}
