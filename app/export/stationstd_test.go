package export

import (
	"testing"

	"deputydesk/store"
)

func TestStationStandardsSheets(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	st := &store.Station{Name: "石桥村代表联络点", Kind: "代表联络点", Address: "石桥村村民委员会"}
	if err := db.SaveStation(ctx, st); err != nil {
		t.Fatal(err)
	}
	lists, _ := db.StationChecklists(ctx)
	if err := db.SaveStationCheck(ctx, &store.StationCheck{StationID: st.ID, ItemID: lists[1].Items[0].ID, Met: true, Day: "2026-11-20", CheckedBy: "刘建军"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveStationRating(ctx, &store.StationRating{StationID: st.ID, Stars: 3, Model: true}); err != nil {
		t.Fatal(err)
	}
	f := writeAll(t, db)
	rows, err := f.GetRows("联络站标准化总览")
	if err != nil || len(rows) != 2 {
		t.Fatalf("overview %v %v", rows, err)
	}
	if rows[1][0] != "石桥村代表联络点" || rows[1][2] != "三星级" || rows[1][3] != "是" || rows[1][5] != "1/6" || rows[0][4] != "「五有」达标" {
		t.Fatalf("overview row %v / %v", rows[0], rows[1])
	}
	checks, err := f.GetRows("标准化检查记录")
	if err != nil || len(checks) != 2 {
		t.Fatalf("checks %v %v", checks, err)
	}
	for i, h := range checks[0] {
		if h == "met" || h == "checked_by" || h == "item_id" {
			t.Errorf("column %d has no Chinese header: %q", i, h)
		}
	}
	items, _ := f.GetRows("标准化检查项目")
	if len(items) != 21 {
		t.Fatalf("%d checklist item rows", len(items))
	}
}
