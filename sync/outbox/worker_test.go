package outbox

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deputydesk/store"
)

func TestWorkerStatesWithoutHub(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SaveTownship(ctx, &store.Township{Name: "城关镇", Code: "421022100"}); err != nil {
		t.Fatal(err)
	}
	w := New(db)
	w.Min, w.Max, w.Poll = 10*time.Millisecond, 40*time.Millisecond, 20*time.Millisecond
	changes := make(chan struct{}, 100)
	w.OnChange = func() {
		select {
		case changes <- struct{}{}:
		default:
		}
	}
	if _, err := w.Pass(ctx); !errors.Is(err, ErrNoHub) {
		t.Fatalf("pass without hub: %v", err)
	}
	// A hub address where nothing listens.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	waitState := func(want State) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if s, _, _ := w.Status(); s == want {
				return
			}
		}
		s, msg, _ := w.Status()
		t.Fatalf("state %v (%s), want %v", s, msg, want)
	}
	waitState(NoHub)
	if NoHub.String() != "未设置县级平台地址" {
		t.Errorf("NoHub reads %q", NoHub.String())
	}
	db.SaveSyncSettings(ctx, &store.SyncSettings{HubURL: "http://" + addr, DeadlineDay: 5})
	start := time.Now()
	for range 1000 {
		w.Kick() // never blocks, however often it is called
	}
	if time.Since(start) > 100*time.Millisecond {
		t.Error("Kick blocked")
	}
	waitState(Offline)
	_, msg, next := w.Status()
	if !strings.Contains(msg, "连接不上县级平台") || next.IsZero() {
		t.Errorf("offline message %q next %v", msg, next)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v", err)
	}
	if s, _, _ := w.Status(); s != Stopped {
		t.Errorf("after stop: %v", s)
	}
	if len(changes) == 0 {
		t.Error("OnChange never called")
	}
}
