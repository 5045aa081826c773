package store

import (
	"errors"
	"testing"
)

func TestTrashRestoresGroupWithMembersAndStations(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	a, b := validDeputy("王建国", "13812345678"), validDeputy("李秀英", "13912345678")
	if err := db.SaveDeputies(ctx, []*Deputy{a, b}); err != nil {
		t.Fatal(err)
	}
	g := &Group{Name: "第一代表小组", MemberIDs: []string{a.ID, b.ID}, LeaderID: b.ID}
	if err := db.SaveGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	s := &Station{Name: "城关镇人大代表联络站", Kind: "代表联络站", Address: "镇政府院内", GroupIDs: []string{g.ID}}
	if err := db.SaveStation(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteGroup(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Group(ctx, g.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("group still there: %v", err)
	}
	items, err := db.Trash(ctx)
	if err != nil || len(items) != 1 || items[0].Label != "第一代表小组" || items[0].Entity != "group" {
		t.Fatalf("trash %+v %v", items, err)
	}
	if err := db.RestoreFromTrash(ctx, items[0].ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.Group(ctx, g.ID)
	if err != nil || len(got.MemberIDs) != 2 || got.LeaderID != b.ID {
		t.Fatalf("restored group %+v %v", got, err)
	}
	st, _ := db.Station(ctx, s.ID)
	if len(st.GroupIDs) != 1 || st.GroupIDs[0] != g.ID {
		t.Fatalf("station link not restored: %+v", st)
	}
	if items, _ := db.Trash(ctx); len(items) != 0 {
		t.Fatalf("trash not emptied: %+v", items)
	}
}

func TestTrashRestoresDeputyAsLeader(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	a, b := validDeputy("王建国", "13812345678"), validDeputy("李秀英", "13912345678")
	a.CertNo = "HS-1"
	if err := db.SaveDeputies(ctx, []*Deputy{a, b}); err != nil {
		t.Fatal(err)
	}
	g := &Group{Name: "一组", MemberIDs: []string{a.ID, b.ID}, LeaderID: a.ID}
	if err := db.SaveGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteDeputy(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Group(ctx, g.ID); got.LeaderID != "" || len(got.MemberIDs) != 1 {
		t.Fatalf("after delete %+v", got)
	}
	items, _ := db.Trash(ctx)
	if err := db.RestoreFromTrash(ctx, items[0].ID); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Group(ctx, g.ID)
	if got.LeaderID != a.ID || len(got.MemberIDs) != 2 {
		t.Fatalf("leader/membership not restored: %+v", got)
	}
	d, err := db.Deputy(ctx, a.ID)
	if err != nil || d.CertNo != "HS-1" || !d.CreatedAt.Equal(a.CreatedAt) {
		t.Fatalf("restored deputy %+v %v", d, err)
	}

	// A new deputy taking the 代表证号 blocks the restore, changing nothing.
	if err := db.DeleteDeputy(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	c := validDeputy("张伟", "13712345678")
	c.CertNo = "HS-1"
	if err := db.SaveDeputy(ctx, c); err != nil {
		t.Fatal(err)
	}
	items, _ = db.Trash(ctx)
	if err := db.RestoreFromTrash(ctx, items[0].ID); !errors.Is(err, ErrRestoreConflict) {
		t.Fatalf("restore over a conflict: %v", err)
	}
	if items2, _ := db.Trash(ctx); len(items2) != 1 {
		t.Fatal("failed restore removed the trash entry")
	}
}

func TestTrashRestoresReceptionWithCasesAndSearch(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	d := validDeputy("王建国", "13812345678")
	if err := db.SaveDeputy(ctx, d); err != nil {
		t.Fatal(err)
	}
	r := &Reception{Kind: "走访选民", Day: "2026-11-20", Place: "石桥村", Visitors: 2, DeputyIDs: []string{d.ID}}
	if err := db.SaveReception(ctx, r); err != nil {
		t.Fatal(err)
	}
	c := &Case{ReceptionID: r.ID, Day: "2026-11-20", VisitorName: "李大爷", Category: "基础设施",
		Content: "石桥村村口的路灯坏了三个月，晚上出行不便", Disposition: "交办乡镇或村（社区）"}
	if err := db.SaveCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	found := func() int {
		n, err := db.CountCases(ctx, CaseFilter{Search: "路灯"})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if found() != 1 {
		t.Fatal("case not found by search before delete")
	}
	if err := db.DeleteReception(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if found() != 0 {
		t.Fatal("deleted case still found by search")
	}
	items, _ := db.Trash(ctx)
	if len(items) != 1 || items[0].Entity != "reception" {
		t.Fatalf("trash %+v", items)
	}
	if err := db.RestoreFromTrash(ctx, items[0].ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.Case(ctx, c.ID)
	if err != nil || got.Content != c.Content || got.ReceptionID != r.ID {
		t.Fatalf("restored case %+v %v", got, err)
	}
	if found() != 1 {
		t.Fatal("restored case not found by search")
	}
}
