package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"deputydesk/store"
)

// BenchClock is the "today" of the ten-year benchmark township.
var BenchClock = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

// TenYearPath is where the ten-year benchmark township is kept: in the
// user's cache folder, because building it takes minutes and every
// package's benchmarks share it.
func TenYearPath() string {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	return filepath.Join(cache, "deputydesk-bench", "ten-years-v2.db")
}

// EnsureTenYears builds the ten-year busy township (about 50,000 cases) at
// TenYearPath unless it is already there, and returns its path.
func EnsureTenYears(ctx context.Context) (string, error) {
	path := TenYearPath()
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := path + ".building"
	os.Remove(tmp)
	db, err := store.Open(ctx, tmp)
	if err != nil {
		return "", err
	}
	db.Now = func() time.Time { return BenchClock }
	if err := FillYears(ctx, db, 10, 180); err != nil {
		db.Close()
		return "", fmt.Errorf("demo: ten-year township: %w", err)
	}
	// One file, no WAL beside it, before it is moved into place.
	if err := db.Checkpoint(ctx); err != nil {
		db.Close()
		return "", err
	}
	if err := db.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}
