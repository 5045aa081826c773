package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBackupAndRestoreRoundTrip(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "deputydesk.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveTownship(ctx, &Township{Name: "城关镇", Code: "140723100"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveDeputy(ctx, validDeputy("王建国", "13812345678")); err != nil {
		t.Fatal(err)
	}
	bak, err := db.Backup(ctx, "manual")
	if err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(ctx, bak)
	if err != nil || info.Township != "城关镇" || info.Counts["代表"] != 1 {
		t.Fatalf("inspect %+v %v", info, err)
	}
	// A change after the backup, then restore: the change is gone, and the
	// state before the restore is kept as a backup of its own.
	if err := db.SaveDeputy(ctx, validDeputy("李秀英", "13912345678")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	safety, err := Restore(ctx, bak, path)
	if err != nil {
		t.Fatal(err)
	}
	if si, err := Inspect(ctx, safety.SafetyCopy); err != nil || si.Counts["代表"] != 2 {
		t.Fatalf("safety copy %+v %v", si, err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.CountDeputies(ctx); n != 1 {
		t.Fatalf("after restore %d deputies, want 1", n)
	}
}

func TestDamagedDatabaseDetectedAndRestored(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "deputydesk.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var ds []*Deputy
	for i := 0; i < 400; i++ {
		d := validDeputy("代表"+strings.Repeat("甲", i%5+1), fmt.Sprintf("138%08d", i))
		d.Notes = strings.Repeat("履职记录", 50)
		ds = append(ds, d)
	}
	if err := db.SaveDeputies(ctx, ds); err != nil {
		t.Fatal(err)
	}
	bak, err := db.Backup(ctx, "daily")
	if err != nil {
		t.Fatal(err)
	}
	db.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	db.Close()

	// Overwrite bytes in the middle of the file, as a failing disk would.
	damage(t, path)

	if _, err := Inspect(ctx, path); !errors.Is(err, ErrDamaged) {
		t.Fatalf("damaged file not detected: %v", err)
	}
	list, _ := ListBackups(filepath.Join(dir, "backups"))
	if len(list) == 0 || list[0].Path != bak {
		t.Fatalf("newest backup %v", list)
	}
	if _, err := Restore(ctx, list[0].Path, path); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountDeputies(ctx); n != 400 {
		t.Fatalf("%d deputies after restore", n)
	}
}

func TestRotateKeepsDailyWeeklyMonthly(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.Local)
	// One backup a day for 400 days.
	for i := 0; i < 400; i++ {
		p := filepath.Join(dir, backupName(now.AddDate(0, 0, -i), "daily"))
		os.WriteFile(p, []byte("x"), 0o644)
	}
	if err := Rotate(dir, now); err != nil {
		t.Fatal(err)
	}
	list, _ := ListBackups(dir)
	// 7 days + up to 4 weeks + 12 months, overlapping at the newest end.
	if len(list) < 12 || len(list) > 23 {
		t.Fatalf("kept %d backups", len(list))
	}
	if !list[0].Time.Equal(now) {
		t.Fatalf("newest not kept: %v", list[0].Time)
	}
	oldest := list[len(list)-1].Time
	if now.Sub(oldest) < 300*24*time.Hour {
		t.Fatalf("monthly backups not kept back a year: oldest %v", oldest)
	}
}

func TestBackupBeforeMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// Pretend the file was left at schema 1 by an older program.
	if _, err := db.w.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version > 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if latestVersion() == 1 {
		t.Skip("only one migration so far")
	}
	// Re-running later migrations on tables that exist fails, which is fine
	// here: the point is that the backup is taken before anything runs.
	Open(ctx, path)
	list, _ := ListBackups(filepath.Join(filepath.Dir(path), "backups"))
	if len(list) != 1 || !strings.HasPrefix(list[0].Reason, "before-migration-v1") {
		t.Fatalf("backups %+v", list)
	}
}

// BenchmarkBackupTenYears measures the daily backup (VACUUM INTO plus its
// check) of the ten-year township kept by the ledger benchmarks.
func BenchmarkBackupTenYears(b *testing.B) {
	path := filepath.Join(benchCacheDir(), "ten-years-v2.db")
	if _, err := os.Stat(path); err != nil {
		b.Skip("no ten-year database yet (make bench builds it)")
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		if err := db.BackupTo(context.Background(), filepath.Join(dir, fmt.Sprintf("b%d.db", i))); err != nil {
			b.Fatal(err)
		}
	}
	st, _ := os.Stat(path)
	b.ReportMetric(float64(st.Size())/1e6, "MB")
}

func benchCacheDir() string {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	return filepath.Join(cache, "deputydesk-bench")
}
