package instance

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestSecondAcquireRaisesTheFirst(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sub", "deputydesk.db")
	raised := make(chan struct{}, 1)
	first, err := Acquire(db, func() { raised <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(db, nil)
	var run *ErrRunning
	if !errors.As(err, &run) || !run.Raised {
		t.Fatalf("second Acquire = %v, want ErrRunning{Raised: true}", err)
	}
	select {
	case <-raised:
	case <-time.After(5 * time.Second):
		t.Fatal("the first holder was not asked to come forward")
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Acquire(db, nil)
	if err != nil {
		t.Fatalf("Acquire after Close: %v", err)
	}
	again.Close()
}

func TestOtherDatabasesDoNotCollide(t *testing.T) {
	dir := t.TempDir()
	a, err := Acquire(filepath.Join(dir, "a.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Acquire(filepath.Join(dir, "b.db"), nil)
	if err != nil {
		t.Fatalf("a second database is its own instance: %v", err)
	}
	b.Close()
}

func TestSilentHolderIsReported(t *testing.T) {
	db := filepath.Join(t.TempDir(), "deputydesk.db")
	first, err := Acquire(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	first.ln.Close() // a holder that no longer answers
	_, err = Acquire(db, nil)
	var run *ErrRunning
	if !errors.As(err, &run) || run.Raised {
		t.Fatalf("Acquire = %v, want ErrRunning{Raised: false}", err)
	}
}
