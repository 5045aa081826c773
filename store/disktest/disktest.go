//go:build linux

// Package disktest gives tests a real small file system: a size-limited
// tmpfs to fill up, remountable read-only like a write-protected USB stick.
// Mounting needs root (or CAP_SYS_ADMIN); without it the tests that need a
// real file system are skipped with the reason.
package disktest

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
	_ "modernc.org/sqlite" // the driver, for MarkNewer
)

// Tmpfs mounts a tmpfs of size bytes on a new folder and unmounts it when
// the test ends.
func Tmpfs(tb testing.TB, size int64) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
		tb.Skipf("cannot mount a tmpfs here (%v): a real full or read-only disk cannot be made", err)
	}
	tb.Cleanup(func() {
		if err := unix.Unmount(dir, unix.MNT_DETACH); err != nil {
			tb.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// RemountRO makes the tmpfs at dir read-only, as a write-protected stick is:
// even root cannot write to it.
func RemountRO(tb testing.TB, dir string) {
	tb.Helper()
	if err := unix.Mount("", dir, "", unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		tb.Fatalf("remount %s read-only: %v", dir, err)
	}
}

// RemountRW makes it writable again.
func RemountRW(tb testing.TB, dir string) {
	tb.Helper()
	if err := unix.Mount("", dir, "", unix.MS_REMOUNT, ""); err != nil {
		tb.Fatalf("remount %s read-write: %v", dir, err)
	}
}

// Fill writes a filler file in dir until the file system is full and
// returns its path; removing it frees the space again.
func Fill(tb testing.TB, dir string) string {
	tb.Helper()
	path := filepath.Join(dir, "filler.bin")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				break
			}
			tb.Fatal(err)
		}
	}
	// Single bytes into the last partial page.
	for {
		if _, err := f.Write(buf[:1]); err != nil {
			break
		}
	}
	f.Sync()
	return path
}

// MarkNewer records schema version v in the database at path, as a newer
// program would, so tests can check that an older one refuses it.
func MarkNewer(tb testing.TB, path string, v int) {
	tb.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, 'future', 'x')`, v); err != nil {
		tb.Fatal(err)
	}
}
