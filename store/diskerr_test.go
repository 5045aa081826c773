package store

import (
	"fmt"
	"strings"
	"testing"
)

func TestFullDiskKeepsSavedDataAndSaysSo(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	if err := db.SaveDeputy(ctx, validDeputy("王建国", "13812345678")); err != nil {
		t.Fatal(err)
	}
	// Cap the file at its current size: the next large write cannot fit,
	// exactly as on a full disk.
	var pages int
	if err := db.w.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	var batch []*Deputy
	for i := 0; i < 300; i++ {
		d := validDeputy(fmt.Sprintf("代表%d", i), fmt.Sprintf("139%08d", i))
		d.Notes = strings.Repeat("联系群众，反映民意。", 100)
		batch = append(batch, d)
	}
	err := db.SaveDeputies(ctx, batch)
	if err == nil || !DiskFull(err) {
		t.Fatalf("SaveDeputies on a full disk = %v", err)
	}
	if msg := UserMessage(err); !strings.Contains(msg, "磁盘空间已满") || !strings.Contains(msg, "之前保存的数据都完好") {
		t.Fatalf("message %q", msg)
	}
	if n, _ := db.CountDeputies(ctx); n != 1 {
		t.Fatalf("%d deputies after the failed batch, want the 1 saved before", n)
	}
	if err := db.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestReadOnlyDatabaseSaysSo(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	if _, err := db.w.ExecContext(ctx, `PRAGMA query_only = 1`); err != nil {
		t.Fatal(err)
	}
	err := db.SaveDeputy(ctx, validDeputy("王建国", "13812345678"))
	if err == nil || !ReadOnly(err) {
		t.Fatalf("SaveDeputy on a read-only database = %v", err)
	}
	if msg := UserMessage(err); !strings.Contains(msg, "只读") {
		t.Fatalf("message %q", msg)
	}
}
