package store

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"strings"
	"testing"
)

func testJPEG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 80, 60)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestStationStandardsChecksPhotosRatingAndTrash(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	st := &Station{Name: "城关镇人大代表联络站", Kind: StationKinds[0], Address: "镇政府一楼"}
	if err := db.SaveStation(ctx, st); err != nil {
		t.Fatal(err)
	}
	lists, err := db.StationChecklists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 3 || lists[0].Name != "五有" || len(lists[0].Items) != 5 || lists[1].Name != "六统一" || len(lists[1].Items) != 6 ||
		len(lists[2].Items) != 9 || lists[0].Items[0].Label != "有适用场地" || lists[1].Items[5].Label != "统一工作流程" {
		t.Fatalf("default checklists: %+v", lists)
	}
	// Bad input names the field and saves nothing.
	bad := &StationCheck{StationID: st.ID, ItemID: lists[0].Items[0].ID, Day: "十一月", CheckedBy: ""}
	var ve *ValidationError
	if err := db.SaveStationCheck(ctx, bad); !errors.As(err, &ve) || !strings.Contains(UserMessage(err), "检查日期") || !strings.Contains(UserMessage(err), "检查人") {
		t.Fatalf("bad check: %v", err)
	}
	for i, it := range lists[0].Items {
		c := &StationCheck{StationID: st.ID, ItemID: it.ID, Met: i < 4, Day: "2026/11/20", CheckedBy: "县人大代表工委 李明", Note: "现场查看"}
		if err := db.SaveStationCheck(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.Day != "2026-11-20" {
			t.Fatalf("day %q", c.Day)
		}
	}
	if err := db.SaveStationCheck(ctx, &StationCheck{StationID: st.ID, ItemID: lists[1].Items[0].ID, Day: "2026-12-01", CheckedBy: "李明"}); !errors.As(err, &ve) {
		t.Fatalf("a check after today was saved: %v", err)
	}
	// A second check of the same item replaces the first.
	again := &StationCheck{StationID: st.ID, ItemID: lists[0].Items[4].ID, Met: true, Day: "2026-11-21", CheckedBy: "李明"}
	if err := db.SaveStationCheck(ctx, again); err != nil {
		t.Fatal(err)
	}
	checks, err := db.StationChecks(ctx, st.ID)
	if err != nil || len(checks) != 5 || !checks[lists[0].Items[4].ID].Met {
		t.Fatalf("checks %v %v", checks, err)
	}
	p, err := db.AddCheckPhoto(ctx, again.ID, testJPEG(t))
	if err != nil || p.Width != 80 {
		t.Fatalf("photo %+v %v", p, err)
	}
	if _, err := db.AddCheckPhoto(ctx, again.ID, []byte("not a jpeg")); !errors.As(err, &ve) {
		t.Fatalf("bad photo accepted: %v", err)
	}
	if err := db.SaveStationRating(ctx, &StationRating{StationID: st.ID, Stars: 4, Model: true, Day: "2026-11-21", RatedBy: "县人大常委会"}); err != nil {
		t.Fatal(err)
	}
	rows, _, err := db.StationStandards(ctx)
	if err != nil || len(rows) != 1 {
		t.Fatal(rows, err)
	}
	r := rows[0]
	if r.Rating.Label() != "四星级 · 示范站" || r.Scores[0].Met != 5 || !r.Scores[0].Complete() || r.Scores[1].Met != 0 || r.LastCheck != "2026-11-21" {
		t.Fatalf("overview %+v", r)
	}
	// Deleting the check sends it and its photo to the 回收站; restoring brings both back.
	if err := db.DeleteStationCheck(ctx, again.ID); err != nil {
		t.Fatal(err)
	}
	if checks, _ = db.StationChecks(ctx, st.ID); len(checks) != 4 {
		t.Fatalf("after delete %d checks", len(checks))
	}
	trash, err := db.Trash(ctx)
	if err != nil || len(trash) != 1 || trash[0].Entity != "station_check" {
		t.Fatalf("trash %+v %v", trash, err)
	}
	if err := db.RestoreFromTrash(ctx, trash[0].ID); err != nil {
		t.Fatal(err)
	}
	if photos, err := db.CheckPhotos(ctx, again.ID); err != nil || len(photos) != 1 {
		t.Fatalf("restored photos %d %v", len(photos), err)
	}
	// Items are editable: a new one, a rename, a duplicate refused.
	it := &ChecklistItem{ChecklistID: lists[2].ID, Label: "有代表履职积分"}
	if err := db.SaveChecklistItem(ctx, it); err != nil || it.Position != 10 {
		t.Fatalf("add item %+v %v", it, err)
	}
	if err := db.SaveChecklistItem(ctx, &ChecklistItem{ChecklistID: lists[2].ID, Label: "有固定场所"}); !errors.As(err, &ve) {
		t.Fatalf("duplicate item: %v", err)
	}
	if err := db.DeleteChecklistItem(ctx, lists[0].Items[0].ID); err != nil {
		t.Fatal(err)
	}
	if checks, _ = db.StationChecks(ctx, st.ID); len(checks) != 4 {
		t.Fatalf("deleting an item should take its check: %d", len(checks))
	}
	log, err := db.Changes(ctx, ChangeFilter{Entity: "station_check"})
	if err != nil || len(log) < 6 {
		t.Fatalf("change log %d %v", len(log), err)
	}
	for _, line := range log[len(log)-1].Describe(nil) {
		if strings.Contains(line, "其他信息") {
			t.Errorf("unnamed field in %q", line)
		}
	}
	if n, ok := ParseStars("五星级"); !ok || n != 5 {
		t.Fatal("五星级", n)
	}
	if n, ok := ParseStars("★★★"); !ok || n != 3 {
		t.Fatal("★★★", n)
	}
}
