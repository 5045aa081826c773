package hubstore

import (
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestUpgradeFromAnIndexMadeBeforeAccounts opens an index as the hub made it
// before schema steps were counted (user_version 0) and checks that its
// townships and bundles survive and the new tables work.
func TestUpgradeFromAnIndexMadeBeforeAccounts(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "index.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, migrations[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `INSERT INTO township VALUES ('421022101', '城关镇', x'00', '2026-01-01T00:00:00.000Z')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tw, err := s.Township(ctx, "421022101")
	if err != nil || tw.Name != "城关镇" || tw.Revoked() {
		t.Fatalf("township after upgrade: %+v %v", tw, err)
	}
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	if err := s.AddAccount(ctx, Account{Name: "张三", PasswordHash: "h", Role: RoleReviewer, CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAccount(ctx, Account{Name: "张三", PasswordHash: "h", Role: RoleViewer, CreatedAt: now}); !errors.Is(err, ErrExists) {
		t.Errorf("second 张三: %v", err)
	}
	if err := s.StartSession(ctx, "tok", "张三", now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if a, err := s.Session(ctx, "tok", now.Add(time.Minute)); err != nil || a.Name != "张三" {
		t.Errorf("session: %+v %v", a, err)
	}
	if _, err := s.Session(ctx, "tok", now.Add(2*time.Hour)); !errors.Is(err, ErrNotFound) {
		t.Errorf("expired session: %v", err)
	}
	if err := s.Revoke(ctx, "421022101", now); err != nil {
		t.Fatal(err)
	}
	if tw, _ := s.Township(ctx, "421022101"); !tw.Revoked() {
		t.Error("not revoked")
	}
	// Opening again runs nothing twice.
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatalf("reopen: %v", err)
	}
}
