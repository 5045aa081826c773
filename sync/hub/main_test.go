package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deputydesk/store/calendar"
	"deputydesk/sync/bundle"
)

func TestMainEnrolImportServe(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	req, _ := json.Marshal(bundle.EnrolRequest{Format: 1, TownshipName: "城关镇", TownshipCode: "421022100", PublicKey: pub, Fingerprint: "AAAA-BBBB-CCCC-DDDD"})
	reqPath := filepath.Join(dir, "req.json")
	os.WriteFile(reqPath, req, 0o644)
	data := filepath.Join(dir, "hub")
	var out, errOut bytes.Buffer
	if code := Main(ctx, []string{"enrol", reqPath, "--data", data}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "已登记：城关镇（421022100）") {
		t.Fatalf("enrol: %d %q %q", code, out.String(), errOut.String())
	}
	os.WriteFile(reqPath, []byte("{}"), 0o644)
	out.Reset()
	errOut.Reset()
	if code := Main(ctx, []string{"--data", data, "enrol", reqPath}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "格式版本") {
		t.Errorf("bad request file: %d %q", code, errOut.String())
	}
	b, err := bundle.BuildBytes(bundle.Manifest{BundleID: "id-1", TownshipName: "城关镇", TownshipCode: "421022100", Kind: bundle.Ledger,
		Period: "2026-10", Version: 1, Created: time.Date(2026, 11, 3, 9, 0, 0, 0, calendar.Beijing)}, []bundle.File{{Name: "a.xlsx", Data: []byte("x")}}, bundle.Figures{}, priv)
	if err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(dir, "b.zip")
	os.WriteFile(zipPath, b, 0o644)
	for range 2 {
		out.Reset()
		if code := Main(ctx, []string{"import", zipPath, "--data", data}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "已接收，回执号 ") {
			t.Fatalf("import: %d %q %q", code, out.String(), errOut.String())
		}
	}
	os.WriteFile(zipPath, append(b[:len(b)-30:len(b)-30], make([]byte, 30)...), 0o644)
	errOut.Reset()
	if code := Main(ctx, []string{"import", zipPath, "--data", data}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "已拒收") {
		t.Errorf("damaged import: %d %q", code, errOut.String())
	}
	if code := Main(ctx, []string{"frobnicate", "--data", data}, &out, &errOut); code != 2 {
		t.Errorf("unknown command exit %d", code)
	}

	// Serve until the context ends.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan int)
	go func() { done <- Main(sctx, []string{"--listen", addr, "--data", data}, &out, &errOut) }()
	var resp *http.Response
	for range 100 {
		if resp, err = http.Get("http://" + addr + "/api/v1/bundles/id-1"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("served receipt: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exit %d: %s", code, errOut.String())
	}
}

func TestStalePartialUploadsAreDropped(t *testing.T) {
	dir := t.TempDir()
	h, err := Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	old := filepath.Join(dir, "incoming", "abc.part")
	fresh := filepath.Join(dir, "incoming", "def.part")
	os.WriteFile(old, []byte("x"), 0o644)
	os.WriteFile(fresh, []byte("x"), 0o644)
	past := time.Now().Add(-40 * 24 * time.Hour)
	os.Chtimes(old, past, past)
	h, err = Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("a 40-day-old partial upload was kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a fresh partial upload was dropped")
	}
}
