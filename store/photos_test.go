package store

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"path/filepath"
	"strings"
	"testing"
)

func openRegisterTestDB(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(tb.Context(), filepath.Join(tb.TempDir(), "t.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestDeputyPhoto(t *testing.T) {
	ctx := t.Context()
	db := openRegisterTestDB(t)
	d := Deputy{Name: "张三", Phone: "13800000000", Levels: Levels(TownshipLv)}
	if err := db.SaveDeputy(ctx, &d); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeputyPhoto(ctx, d.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no photo yet: %v", err)
	}
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 30, 40)), nil)
	if err := db.SetDeputyPhoto(ctx, d.ID, b.Bytes()); err != nil {
		t.Fatal(err)
	}
	p, err := db.DeputyPhoto(ctx, d.ID)
	if err != nil || p.Width != 30 || p.Height != 40 || !bytes.Equal(p.JPEG, b.Bytes()) {
		t.Fatalf("photo = %dx%d %v", p.Width, p.Height, err)
	}
	if err := db.SetDeputyPhoto(ctx, d.ID, []byte("GIF89a")); err == nil || !strings.Contains(UserMessage(err), "JPEG") {
		t.Fatalf("a non-JPEG was stored: %v", err)
	}
	if err := db.SetDeputyPhoto(ctx, "no-such", b.Bytes()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("photo for a missing deputy: %v", err)
	}
	has, _ := db.DeputiesWithPhoto(ctx)
	all, _ := db.DeputyPhotos(ctx, []string{d.ID, "other"})
	if !has[d.ID] || len(all) != 1 {
		t.Fatalf("with photo %v, photos %d", has, len(all))
	}
	// The change log records the photo without its bytes.
	cs, _ := db.Changes(ctx, ChangeFilter{Entity: "deputy_photo"})
	if len(cs) != 1 || cs[0].Action != "create" || cs[0].Changes["Size"][1] != float64(b.Len()) {
		t.Fatalf("log = %+v", cs)
	}
	if err := db.DeleteDeputy(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if has, _ := db.DeputiesWithPhoto(ctx); len(has) != 0 {
		t.Fatal("photo outlived its deputy")
	}
}

func TestImportMatching(t *testing.T) {
	ctx := t.Context()
	db := openRegisterTestDB(t)
	for _, d := range []Deputy{
		{Name: "王芳", BirthDate: "1980-05-02", Phone: "13800000001", Levels: Levels(TownshipLv)},
		{Name: "王芳", BirthDate: "1980-05", Phone: "13800000002", Levels: Levels(TownshipLv)},
		{Name: "李明", BirthDate: "1970-01-09", Phone: "13800000003", Levels: Levels(County), CertNo: "C1"},
		{Name: "刘洋", Phone: "13800000004", Levels: Levels(TownshipLv)},
		{Name: "刘洋", Phone: "13800000005", Levels: Levels(TownshipLv)},
	} {
		if err := db.SaveDeputy(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
	row := func(line int, name, birth, cert string) ImportRow {
		return ImportRow{Line: line, Deputy: Deputy{Name: name, BirthDate: birth, CertNo: cert, Phone: "13900000000", Levels: Levels(TownshipLv)}}
	}
	_, err := db.ImportDeputies(ctx, DeputyImport{Rows: []ImportRow{
		row(3, "刘洋", "", ""),          // both 刘洋 fit
		row(4, "赵强", "1990-01", "C9"), // new
		row(5, "赵强", "1990-01", "C9"), // the same person twice
	}})
	var ie *ImportError
	if !errors.As(err, &ie) || ie.Error() != "第3行 「姓名」：已有多名同名且出生日期相同的代表，无法确定是哪一位，请填写代表证号\n第5行 「代表证号」：与第4行的代表证号相同（C9）" {
		t.Fatalf("err = %v", err)
	}
	if n, _ := db.CountDeputies(ctx); n != 5 {
		t.Fatalf("a bad import wrote: %d deputies", n)
	}
	// By 代表证号 even with another name spelling; by name and birth date otherwise.
	plan, err := db.ImportDeputies(ctx, DeputyImport{Rows: []ImportRow{row(3, "李 明", "", "C1"), row(4, "王芳", "1980-05-02", "")},
		Columns: map[string]bool{"Name": true, "Phone": true, "CertNo": true, "BirthDate": true}})
	if err != nil {
		t.Fatal(err)
	}
	if plan.New != 0 || plan.Changed != 2 {
		t.Fatalf("plan = %+v", plan)
	}
	ds, _ := db.Deputies(ctx, DeputyFilter{Query: "C1"})
	// Columns the sheet lacks keep their values; the sheet's empty birth date is taken as given.
	if ds[0].Phone != "13900000000" || ds[0].Levels != Levels(County) {
		t.Fatalf("merged = %+v", ds[0])
	}
}

// A deleted deputy's photo goes to the trash with them and comes back on restore.
func TestPhotoRestoredFromTrash(t *testing.T) {
	ctx := t.Context()
	db := openRegisterTestDB(t)
	d := Deputy{Name: "李四", Phone: "13800000009", Levels: Levels(TownshipLv)}
	if err := db.SaveDeputy(ctx, &d); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 30, 40)), nil)
	if err := db.SetDeputyPhoto(ctx, d.ID, b.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteDeputy(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	items, err := db.Trash(ctx)
	if err != nil || len(items) != 1 {
		t.Fatalf("trash = %v, %v", items, err)
	}
	if err := db.RestoreFromTrash(ctx, items[0].ID); err != nil {
		t.Fatal(err)
	}
	p, err := db.DeputyPhoto(ctx, d.ID)
	if err != nil || !bytes.Equal(p.JPEG, b.Bytes()) {
		t.Fatalf("photo after restore: %v", err)
	}
}
