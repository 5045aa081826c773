package synctest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/multipart"
	"testing"
	"time"

	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/hub"
	"deputydesk/sync/outbox"
	"deputydesk/sync/synctest"
)

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// newMultipart writes a one-file form and returns its content type.
func newMultipart(w io.Writer, field, name string, data []byte) string {
	mw := multipart.NewWriter(w)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType()
}

// enrolledTownship makes 城关镇 (code 1) pointed at hubURL and enrolled with
// h: the one township most of these tests send from.
func enrolledTownship(tb testing.TB, h *hub.Hub, hubURL string) *store.DB {
	tb.Helper()
	db := synctest.Township(tb, tb.TempDir(), "城关镇", synctest.Code(1), hubURL)
	synctest.Enrol(tb, h, db)
	return db
}

// acceptedLedger queues the township's 2026-10 ledger and hands it straight
// to the hub, for tests about what the county does with a received bundle;
// it returns the item and the bundle's bytes.
func acceptedLedger(ctx context.Context, t *testing.T, h *hub.Hub, db *store.DB) (store.OutboxItem, []byte) {
	t.Helper()
	it, err := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1)}, bundle.Ledger, "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	data, err := db.OutboxData(ctx, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Accept(ctx, data, "网络"); err != nil {
		t.Fatal(err)
	}
	return it, data
}

// flakyPlan makes every third connection through proxy fail, cycling through
// the kinds of failure: the flaky-link test and benchmark share it so they
// measure the same link.
func flakyPlan(proxy *synctest.Proxy) {
	faults := []synctest.Fault{
		{Status: 503}, {Status: 500}, {DropAfter: 400}, {StallAfter: 300}, {Delay: 300 * time.Millisecond, DropAfter: 1}, {LoseReply: true},
	}
	proxy.SetPlan(func(n int) synctest.Fault {
		if n%3 != 0 {
			return synctest.Fault{}
		}
		return faults[(n/3)%len(faults)]
	})
}
