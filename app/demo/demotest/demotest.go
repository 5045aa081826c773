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
)

// Today is the clock of the demo copies: the demo's "now".
var Today = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

var template struct {
	sync.Once
	dir, path string
	err       error
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
	db.Actor = "赵丽华"
	tb.Cleanup(func() { db.Close() })
	return db
}
