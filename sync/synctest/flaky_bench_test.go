package synctest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/sync/bundle"
	"deputydesk/sync/outbox"
	"deputydesk/sync/synctest"
	"deputydesk/sync/transport"
)

// flakyClient is the township's client as shipped, except that a stalled
// request is given up after two seconds instead of two minutes, so the
// benchmark's stalls cost seconds; one request per connection, so the
// proxy's per-connection faults hit requests at the planned rate.
func flakyClient(url string) *transport.Client {
	c := transport.NewClient(url)
	c.RequestTimeout = 2 * time.Second
	c.HTTP = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	return c
}

// BenchmarkFlakyDelivery sends 200 bundles through the fault proxy — every
// third connection refused with 5xx, cut, stalled, delayed or its reply
// lost — once with the GUI's background worker (its real backoff: 5 s
// doubling to 10 min, reset on success) and once with `sync run` run again
// and again as a script would. It reports the time, the bytes that crossed
// the link against the bundles' own size, and duplicates at the hub.
// Run with -benchtime 1x.
func BenchmarkFlakyDelivery(b *testing.B) {
	for _, mode := range []string{"worker", "sync-run-loop"} {
		b.Run(mode, func(b *testing.B) {
			for range b.N {
				flakyRun(b, mode)
			}
		})
	}
}

func flakyRun(b *testing.B, mode string) {
	ctx := b.Context()
	h, srv := synctest.Hub(b)
	proxy := synctest.StartProxy(b, synctest.Addr(srv))
	flakyPlan(proxy)
	db := enrolledTownship(b, h, proxy.URL())
	p := synctest.LedgerProvider{Code: synctest.Code(1), Pad: 3000}
	m, _ := calendar.ParseMonth("2010-01")
	var size int64
	for i := range 200 {
		it, err := outbox.Queue(ctx, db, p, bundle.Ledger, m.Add(i).String())
		if err != nil {
			b.Fatal(err)
		}
		size += it.Size
	}
	b.ResetTimer()
	start := time.Now()
	passes := 0
	switch mode {
	case "worker":
		w := outbox.New(db)
		w.NewClient = flakyClient
		wctx, cancel := context.WithCancel(ctx)
		done := make(chan error)
		go func() { done <- w.Run(wctx) }()
		for left(b, db) > 0 {
			time.Sleep(50 * time.Millisecond)
		}
		cancel()
		<-done
	default:
		for left(b, db) > 0 {
			w := outbox.New(db) // a new process each time
			w.NewClient = flakyClient
			w.Pass(ctx)
			passes++
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	held, _ := h.Store().Bundles(ctx, "")
	seen := map[string]int{}
	for _, x := range held {
		seen[x.Period]++
	}
	dups := len(held) - len(seen)
	if len(seen) != 200 {
		b.Fatalf("hub holds %d periods, want 200", len(seen))
	}
	b.ReportMetric(elapsed.Seconds(), "s/200bundles")
	b.ReportMetric(float64(proxy.Up.Load())/float64(size), "linkbytes/bundlebytes")
	b.ReportMetric(float64(dups), "duplicates")
	b.Logf("%s: 200 bundles (%d bytes) in %v, %d bytes up the link, %d connections (%d faulted), %d duplicates, %d sync-run passes",
		mode, size, elapsed.Round(time.Millisecond), proxy.Up.Load(), proxy.Conns(), proxy.Faulted.Load(), dups, passes)
}

func left(b *testing.B, db *store.DB) int {
	items, err := db.ToSend(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	return len(items)
}
