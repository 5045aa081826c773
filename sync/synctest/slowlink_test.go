package synctest_test

import (
	"context"
	"os"
	"testing"
	"time"

	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/outbox"
	"deputydesk/sync/synctest"
)

// TestSlowLinkFigure measures the time to deliver a 5 MB bundle over a
// 256 kbit/s line that never drops, and over the same line dropped every
// 20 s. It takes about three minutes, so it runs only when asked:
//
//	DEPUTYDESK_SLOW_LINK=1 go test -run SlowLinkFigure -v ./sync/synctest/
func TestSlowLinkFigure(t *testing.T) {
	if os.Getenv("DEPUTYDESK_SLOW_LINK") == "" {
		t.Skip("set DEPUTYDESK_SLOW_LINK=1 to measure the 5 MB delivery over a 256 kbit/s line (about 3 minutes)")
	}
	for _, c := range []struct {
		name string
		drop time.Duration
	}{{"never drops", 0}, {"drops every 20 s", 20 * time.Second}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			h, srv := synctest.Hub(t)
			proxy := synctest.StartProxy(t, synctest.Addr(srv))
			proxy.SetRate(256000 / 8)
			db := synctest.Township(t, t.TempDir(), "城关镇", synctest.Code(1), proxy.URL())
			synctest.Enrol(t, h, db)
			it, err := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1), Pad: 5 << 20}, bundle.Ledger, "2026-10")
			if err != nil {
				t.Fatal(err)
			}
			w := outbox.New(db)
			w.Min, w.Max = time.Second, 8*time.Second
			stop := make(chan struct{})
			defer close(stop)
			start := time.Now()
			if c.drop > 0 {
				proxy.DropEvery(c.drop, stop)
			}
			wctx, cancel := context.WithCancel(ctx)
			defer cancel()
			go w.Run(wctx)
			for {
				got, _ := db.OutboxItem(ctx, it.ID)
				if got.State == store.OutboxDelivered {
					break
				}
				if time.Since(start) > 15*time.Minute {
					t.Fatalf("not delivered after 15 minutes: %s", got.StatusText())
				}
				time.Sleep(200 * time.Millisecond)
			}
			took := time.Since(start)
			got, _ := db.OutboxItem(ctx, it.ID)
			ideal := time.Duration(float64(it.Size) / float64(proxy.Rate()) * float64(time.Second))
			t.Logf("%s: %s bundle delivered in %.1f s (line minimum %.1f s), %d attempts, %d bytes over the line (%.2f× the bundle), %d connections",
				c.name, bundle.HumanSize(it.Size), took.Seconds(), ideal.Seconds(), got.Attempts, proxy.Up.Load(), float64(proxy.Up.Load())/float64(it.Size), proxy.Conns())
		})
	}
}
