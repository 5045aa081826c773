// Package demotest gives tests their own copy of the filled demo township.
// Filling it takes seconds, so it is filled once per test binary into a
// template file that each test copies.
package demotest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"deputydesk/app/demo"
	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/store/calendar/calendartest"
)

// Default is the day the demo township is made on unless
// DEPUTYDESK_TEST_TODAY says otherwise.
const Default = "2026-11-23"

// Today is the clock of the demo copies: the demo's "now", which
// DEPUTYDESK_TEST_TODAY moves (see calendartest). A package whose tests
// plan fixed calendar periods rather than "from today" pins it with
// MainOn instead.
var Today = calendartest.TodayOr(Default)

var template struct {
	sync.Once
	dir, path string
	err       error
}

// MainOn is Main with the demo township made on day (YYYY-MM-DD) whatever
// DEPUTYDESK_TEST_TODAY says, for tests about fixed calendar periods.
func MainOn(m *testing.M, day string) {
	t, err := time.ParseInLocation("2006-01-02", day, calendar.Beijing)
	if err != nil {
		panic(err)
	}
	Today = t.Add(9 * time.Hour)
	Main(m)
}

// Main runs the package's tests and removes the template afterwards; call
// it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if template.dir != "" {
		os.RemoveAll(template.dir)
	}
	os.Exit(code)
}

// Open returns a private copy of the filled demo database, closed when the
// test ends.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	template.Do(func() {
		if template.dir, template.err = os.MkdirTemp("", "deputydesk-demo-"); template.err != nil {
			return
		}
		template.path = filepath.Join(template.dir, "demo.db")
		db, err := store.Open(context.Background(), template.path)
		if err != nil {
			template.err = err
			return
		}
		db.Now = func() time.Time { return Today }
		template.err = demo.Fill(context.Background(), db)
		if err := db.Close(); template.err == nil {
			template.err = err
		}
	})
	if template.err != nil {
		tb.Fatal(template.err)
	}
	b, err := os.ReadFile(template.path)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "t.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return Today }
	tb.Cleanup(func() { db.Close() })
	return db
}
