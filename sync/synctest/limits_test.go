package synctest_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/hub"
	"deputydesk/sync/outbox"
	"deputydesk/sync/synctest"
	"deputydesk/sync/transport"
)

func TestPartialUploadsStayWithinTheTownshipsLimits(t *testing.T) {
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	// 3×MaxOpenUploads uploads, each left after its first kilobyte.
	for i := range 3 * hub.MaxOpenUploads {
		data := bytes.Repeat([]byte{byte(i)}, 4<<10)
		req, _ := http.NewRequest(http.MethodPatch, srv.URL+fmt.Sprintf("/api/v1/uploads/part-%02d", i), bytes.NewReader(data[:1<<10]))
		req.Header.Set(transport.HeaderSHA256, sha(data))
		req.Header.Set(transport.HeaderLength, strconv.Itoa(len(data)))
		req.Header.Set(transport.HeaderOffset, "0")
		signWith(t, db, req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("partial %d answered %s", i, resp.Status)
		}
	}
	parts, _ := filepath.Glob(filepath.Join(h.Dir(), "incoming", synctest.Code(1), "*.part"))
	if len(parts) != hub.MaxOpenUploads {
		t.Errorf("%d partial uploads kept, want the limit %d (the newest)", len(parts), hub.MaxOpenUploads)
	}
	if _, err := os.Stat(filepath.Join(h.Dir(), "incoming", synctest.Code(1), fmt.Sprintf("part-%02d.part", 3*hub.MaxOpenUploads-1))); err != nil {
		t.Error("the newest partial upload was dropped")
	}
}

// signWith signs a hand-made request as the township of db.
func signWith(t *testing.T, db interface {
	SyncKey(ctx context.Context) (store.SyncKey, error)
	Township(ctx context.Context) (store.Township, error)
}, req *http.Request) {
	t.Helper()
	k, _ := db.SyncKey(t.Context())
	tw, _ := db.Township(t.Context())
	now := time.Now().Unix()
	msg := transport.SigningMessage(req.Method, req.URL.Path, tw.Code, req.Header.Get(transport.HeaderSHA256), req.Header.Get(transport.HeaderLength), now)
	req.Header.Set(transport.HeaderTownship, tw.Code)
	req.Header.Set(transport.HeaderTime, strconv.FormatInt(now, 10))
	req.Header.Set(transport.HeaderSignature, base64.StdEncoding.EncodeToString(ed25519.Sign(k.Private, msg)))
}

func TestStalledPatchDoesNotHoldTheHub(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	h.BodyTimeout = 300 * time.Millisecond
	db := enrolledTownship(t, h, srv.URL)
	it, _ := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1), Pad: 64 << 10}, bundle.Ledger, "2026-10")
	data, _ := db.OutboxData(ctx, it.ID)
	// A PATCH that sends its headers and a few bytes, then nothing.
	conn, err := net.Dial("tcp", synctest.Addr(srv))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/api/v1/uploads/"+it.ID, nil)
	req.Header.Set(transport.HeaderSHA256, sha(data))
	req.Header.Set(transport.HeaderLength, strconv.Itoa(len(data)))
	req.Header.Set(transport.HeaderOffset, "0")
	signWith(t, db, req)
	fmt.Fprintf(conn, "PATCH %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n", req.URL.Path, len(data))
	for k, v := range req.Header {
		fmt.Fprintf(conn, "%s: %s\r\n", k, v[0])
	}
	fmt.Fprintf(conn, "\r\n")
	conn.Write(data[:100])
	time.Sleep(50 * time.Millisecond)
	// The township's own next attempt gets through once the stalled body
	// times out, well before a human would notice.
	start := time.Now()
	if _, err := synctest.Client(t, db, srv.URL).Deliver(ctx, it.ID, data, nil); err != nil {
		t.Fatalf("delivery next to a stalled PATCH: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("waited %v behind a stalled PATCH", d)
	}
}

func TestFullHubDiskIsToldAsSuch(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	it, _ := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1)}, bundle.Ledger, "2026-10")
	// The township's folder for partial uploads cannot be made: as good as
	// a full disk for the hub's writes.
	os.MkdirAll(filepath.Join(h.Dir(), "incoming"), 0o750)
	os.WriteFile(filepath.Join(h.Dir(), "incoming", synctest.Code(1)), []byte("x"), 0o640)
	w := outbox.New(db)
	if _, err := w.Pass(ctx); err == nil {
		t.Fatal("the pass succeeded on a hub that cannot store")
	}
	got, _ := db.OutboxItem(ctx, it.ID)
	if !strings.Contains(got.LastError, "县级平台无法保存上报包") || got.State == "failed" {
		t.Errorf("outbox shows %q (%s)", got.StatusText(), got.State)
	}
}

func TestDamagedUploadsAreRetriedABoundedNumberOfTimes(t *testing.T) {
	ctx := t.Context()
	h, _ := synctest.Hub(t)
	// A line that flips one byte of every upload body.
	inner := h.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPatch {
			b, _ := io.ReadAll(r.Body)
			if len(b) > 0 {
				b[len(b)/2] ^= 0xff
			}
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		inner.ServeHTTP(w, r)
	}))
	defer srv.Close()
	db := enrolledTownship(t, h, srv.URL)
	it, _ := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1), Pad: 100 << 10}, bundle.Ledger, "2026-10")
	data, _ := db.OutboxData(ctx, it.ID)
	c := synctest.Client(t, db, srv.URL)
	_, err := c.Deliver(ctx, it.ID, data, nil)
	if !errors.Is(err, transport.ErrCorrupted) || !strings.Contains(transport.Message(err), "多次传输损坏") {
		t.Fatalf("deliver over a corrupting line: %v", err)
	}
	if max := int64(c.MaxRestarts+1) * it.Size; c.Sent() > max {
		t.Errorf("sent %d bytes of a %d-byte bundle; bound %d", c.Sent(), it.Size, max)
	}
	t.Logf("a %d-byte bundle over a corrupting line: gave up after %d bytes", it.Size, c.Sent())
}
