package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// tenYearCopy copies the ten-year benchmark township into a temporary
// folder, so saves do not change the shared file, and opens it with the
// given synchronous setting.
func tenYearCopy(b *testing.B, synchronous string) *DB {
	b.Helper()
	src := filepath.Join(benchCacheDir(), "ten-years-v2.db")
	if _, err := os.Stat(src); err != nil {
		b.Skip("no ten-year database yet (make bench builds it)")
	}
	dst := filepath.Join(b.TempDir(), "deputydesk.db")
	if err := copyFile(src, dst); err != nil {
		b.Fatal(err)
	}
	old := Synchronous
	Synchronous = synchronous
	defer func() { Synchronous = old }()
	db, err := Open(context.Background(), dst)
	if err != nil {
		b.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC) }
	b.Cleanup(func() { db.Close() })
	return db
}

func benchDeputy(b *testing.B, db *DB) *Deputy {
	b.Helper()
	ds, err := db.Deputies(context.Background(), DeputyFilter{})
	if err != nil || len(ds) == 0 {
		b.Fatalf("deputies: %d %v", len(ds), err)
	}
	d := ds[len(ds)/2]
	return &d
}

// BenchmarkSave measures one save of a deputy (its change-log row included)
// on the ten-year township: "deputy" with the durable setting the program
// uses (synchronous FULL: the save survives a power cut), "deputy-normal"
// with the old NORMAL setting (survives a crash of the program only).
func BenchmarkSave(b *testing.B) {
	for _, c := range []struct{ name, sync string }{{"deputy", "FULL"}, {"deputy-normal", "NORMAL"}} {
		b.Run(c.name, func(b *testing.B) {
			db := tenYearCopy(b, c.sync)
			d := benchDeputy(b, db)
			i := 0
			for b.Loop() {
				i++
				d.Notes = fmt.Sprintf("第%d次修改", i)
				if err := db.SaveDeputy(context.Background(), d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSaveDuringBackup measures one save made while the daily backup
// of the ten-year township is being written: "reader" is how backups run
// now (VACUUM INTO on a reader connection), "writer" the old way (on the
// only writer connection, so the save waits for the whole backup).
func BenchmarkSaveDuringBackup(b *testing.B) {
	for _, onWriter := range []bool{false, true} {
		name := "reader"
		if onWriter {
			name = "writer"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			db := tenYearCopy(b, Synchronous)
			d := benchDeputy(b, db)
			dir := b.TempDir()
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				dest := filepath.Join(dir, fmt.Sprintf("b%d.db", i))
				done := make(chan error, 1)
				go func() {
					if onWriter {
						_, err := db.w.ExecContext(ctx, `VACUUM INTO ?`, dest+".part")
						done <- err
						return
					}
					done <- db.BackupTo(ctx, dest)
				}()
				// Wait until the backup is under way.
				for {
					if st, err := os.Stat(dest + ".part"); err == nil && st.Size() > 0 {
						break
					}
					time.Sleep(time.Millisecond)
				}
				d.Notes = fmt.Sprintf("备份时修改%d", i)
				b.StartTimer()
				if err := db.SaveDeputy(ctx, d); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if err := <-done; err != nil {
					b.Fatal(err)
				}
				os.Remove(dest)
				os.Remove(dest + ".part")
				b.StartTimer()
			}
		})
	}
}

// BenchmarkDiagnoseTenYears measures the start-up check (header, write
// probe, schema version, quick_check) every start and CLI command makes.
func BenchmarkDiagnoseTenYears(b *testing.B) {
	path := filepath.Join(benchCacheDir(), "ten-years-v2.db")
	if _, err := os.Stat(path); err != nil {
		b.Skip("no ten-year database yet (make bench builds it)")
	}
	for b.Loop() {
		if d := Diagnose(context.Background(), path); d.Kind != KindHealthy {
			b.Fatalf("%s %v", d.Kind, d.Err)
		}
	}
}
