package synctest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deputydesk/app/cli"
	"deputydesk/app/demo/demotest"
	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/outbox"
	"deputydesk/sync/synctest"
	"deputydesk/sync/transport"
)

// TestMain lets the test binary stand in for the deputydesk command: the
// kill-and-restart test runs it as a child with DEPUTYDESK_CLI_ARGS set,
// which avoids building the GUI program.
func TestMain(m *testing.M) {
	if a := os.Getenv("DEPUTYDESK_CLI_ARGS"); a != "" {
		var args []string
		if err := json.Unmarshal([]byte(a), &args); err != nil {
			panic(err)
		}
		os.Exit(cli.Main(context.Background(), args, cli.Env{Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	demotest.Main(m)
}

// fastWorker retries quickly and notices a stalled link within a second.
func fastWorker(db *store.DB) *outbox.Worker {
	w := outbox.New(db)
	w.Min, w.Max, w.Poll = 5*time.Millisecond, 80*time.Millisecond, 50*time.Millisecond
	w.NewClient = func(url string) *transport.Client {
		c := transport.NewClient(url)
		c.RequestTimeout = time.Second
		// One request per connection, so the proxy's per-connection
		// faults hit requests at the planned rate.
		c.HTTP = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		return c
	}
	return w
}

func TestTwoHundredBundlesThroughFlakyLinkArriveExactlyOnce(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	proxy := synctest.StartProxy(t, synctest.Addr(srv))
	flakyPlan(proxy)
	db := enrolledTownship(t, h, proxy.URL())
	p := synctest.LedgerProvider{Code: synctest.Code(1), Pad: 3000}
	start := time.Date(2010, 1, 1, 0, 0, 0, 0, time.Local)
	for i := range 200 {
		if _, err := outbox.Queue(ctx, db, p, bundle.Ledger, start.AddDate(0, i, 0).Format("2006-01")); err != nil {
			t.Fatal(err)
		}
	}
	w := fastWorker(db)
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		left, err := db.ToSend(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d bundles still waiting after 3 minutes", len(left))
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v", err)
	}
	if st, _, _ := w.Status(); st != outbox.Stopped || st.String() != "已停止" {
		t.Errorf("state after stop = %v", st)
	}

	items, _ := db.Outbox(ctx)
	held, err := h.Store().Bundles(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 200 {
		t.Fatalf("hub holds %d bundles, want 200", len(held))
	}
	byID := map[string]string{}
	receipts := map[string]bool{}
	for _, b := range held {
		byID[b.ID] = b.Receipt
		receipts[b.Receipt] = true
	}
	if len(receipts) != 200 {
		t.Errorf("%d distinct receipts, want 200", len(receipts))
	}
	retried := 0
	for _, it := range items {
		if it.State != store.OutboxDelivered || it.Receipt == "" || it.Receipt != byID[it.ID] {
			t.Errorf("%s: state %s receipt %q, hub receipt %q", it.Title, it.State, it.Receipt, byID[it.ID])
		}
		if it.Attempts > 1 {
			retried++
		}
	}
	files, _ := filepath.Glob(filepath.Join(hubDir(t, h), "bundles", synctest.Code(1), "*.zip"))
	if len(files) != 200 {
		t.Errorf("%d bundle files on the hub's disk, want 200", len(files))
	}
	if f := proxy.Faulted.Load(); f*4 < proxy.Conns() {
		t.Errorf("only %d of %d connections faulted; the link was not bad enough", f, proxy.Conns())
	}
	// The client retries a failed request at once, so most faults are
	// absorbed inside one attempt; what shows they hit is the request count.
	if req := w.Client().Requests(); req <= 4*200 {
		t.Errorf("%d requests for 200 bundles; the faults did not make the client retry", req)
	}
	t.Logf("200 bundles delivered over %d connections, %d faulted, %d requests; %d bundles needed more than one attempt", proxy.Conns(), proxy.Faulted.Load(), w.Client().Requests(), retried)
}

// hubDir finds the hub's data folder from a stored bundle's path.
func hubDir(t *testing.T, h interface{ Dir() string }) string { return h.Dir() }

func TestUploadCutAt60PercentResumes(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	proxy := synctest.StartProxy(t, synctest.Addr(srv))
	db := enrolledTownship(t, h, proxy.URL())
	it, err := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1), Pad: 2 << 20}, bundle.Ledger, "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	w := fastWorker(db)
	w.NewClient = func(url string) *transport.Client {
		c := transport.NewClient(url)
		c.Retries = 0         // the cut must end this pass
		c.ChunkSize = 8 << 20 // the whole bundle in one request, cut inside it
		c.HTTP = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		return c
	}
	// Connections: 1 ping, 2 enrolment check, 3 lookup, 4 offset, 5 the
	// upload — cut at 60%.
	cut := int64(float64(it.Size) * 0.6)
	proxy.SetPlan(func(n int) synctest.Fault {
		if n == 5 {
			return synctest.Fault{DropAfter: 400 + cut}
		}
		return synctest.Fault{}
	})
	if _, err := w.Pass(ctx); err == nil {
		t.Fatal("first pass succeeded through a cut link")
	}
	mid, _ := db.OutboxItem(ctx, it.ID)
	if mid.State != store.OutboxPending || mid.LastError == "" {
		t.Errorf("after the cut: state %s, last error %q", mid.State, mid.LastError)
	}
	c := w.Client()
	before := c.Sent()
	upBefore := proxy.Up.Load()
	res, err := w.Pass(ctx)
	if err != nil || res.Delivered != 1 {
		t.Fatalf("resume: %+v %v", res, err)
	}
	resent := c.Sent() - before
	up := proxy.Up.Load() - upBefore
	if resent > it.Size/2 {
		t.Errorf("resume sent %d of %d bytes again; want well under the full size", resent, it.Size)
	}
	t.Logf("bundle %d bytes, cut at 60%%; resume sent %d body bytes (%.0f%%), %d bytes over the link", it.Size, resent, 100*float64(resent)/float64(it.Size), up)
	got, _ := db.OutboxItem(ctx, it.ID)
	if got.State != store.OutboxDelivered || got.UploadOffset != got.Size {
		t.Errorf("after resume: %s offset %d", got.State, got.UploadOffset)
	}
	if _, err := h.Receipt(ctx, it.ID); err != nil {
		t.Errorf("hub has no receipt: %v", err)
	}
}

func TestKilledProcessFinishesDeliveryAfterRestart(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	proxy := synctest.StartProxy(t, synctest.Addr(srv))
	proxy.SetRate(96 << 10) // a slow line, so the kill lands mid-upload
	dir := t.TempDir()
	db := synctest.Township(t, dir, "城关镇", synctest.Code(1), proxy.URL())
	synctest.Enrol(t, h, db)
	it, err := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1), Pad: 1500 << 10}, bundle.Ledger, "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	dbPath := db.Path()
	client := synctest.Client(t, db, srv.URL)
	db.Close()

	child := func(args ...string) *exec.Cmd {
		b, _ := json.Marshal(append([]string{"--db", dbPath}, args...))
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "DEPUTYDESK_CLI_ARGS="+string(b), "LANG=zh_CN.UTF-8")
		return cmd
	}
	first := child("sync", "run")
	var out1 strings.Builder
	first.Stdout, first.Stderr = &out1, &out1
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	data := mustBundle(t, dbPath, it.ID)
	var held int64
	for deadline := time.Now().Add(60 * time.Second); ; {
		held = hubOffset(t, client, it.ID, data)
		if held > it.Size*35/100 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("upload did not get going; child said %s", out1.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	first.Process.Kill()
	first.Wait()
	if _, err := h.Receipt(ctx, it.ID); err == nil {
		t.Fatal("the bundle was complete before the kill; the line is too fast for this test")
	}
	db2, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	mid, _ := db2.OutboxItem(ctx, it.ID)
	db2.Close()
	if mid.State != store.OutboxSending || mid.UploadOffset == 0 {
		t.Errorf("after the kill the outbox shows %s at offset %d; want 上报中 with a saved offset", mid.State.Label(), mid.UploadOffset)
	}

	proxy.SetRate(0)
	upBefore := proxy.Up.Load()
	second := child("sync", "run")
	out2, err := second.CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out2)
	}
	up := proxy.Up.Load() - upBefore
	if !strings.Contains(string(out2), "本次上报成功 1 个") {
		t.Errorf("second run said:\n%s", out2)
	}
	rec, err := h.Receipt(ctx, it.ID)
	if err != nil {
		t.Fatalf("hub lacks the bundle after restart: %v", err)
	}
	db3, _ := store.Open(ctx, dbPath)
	defer db3.Close()
	final, _ := db3.OutboxItem(ctx, it.ID)
	if final.State != store.OutboxDelivered || final.Receipt != rec.Number {
		t.Errorf("outbox after restart: %s receipt %q, hub %q", final.State, final.Receipt, rec.Number)
	}
	if up > it.Size*80/100 {
		t.Errorf("restart sent %d bytes of a %d-byte bundle; it should resume after the %d bytes held", up, it.Size, held)
	}
	t.Logf("killed with %d of %d bytes at the hub (saved offset %d); restart sent %d bytes over the link", held, it.Size, mid.UploadOffset, up)
}

func mustBundle(t *testing.T, dbPath, id string) []byte {
	t.Helper()
	db, err := store.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := db.OutboxData(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hubOffset asks the hub directly how much of an upload it holds.
func hubOffset(t *testing.T, c *transport.Client, id string, data []byte) int64 {
	t.Helper()
	n, err := c.Offset(t.Context(), id, data)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLostReceiptIsRecoveredWithoutResending(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	proxy := synctest.StartProxy(t, synctest.Addr(srv))
	db := enrolledTownship(t, h, proxy.URL())
	it, err := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1), Pad: 200 << 10}, bundle.Ledger, "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	w := fastWorker(db)
	w.NewClient = func(url string) *transport.Client {
		c := transport.NewClient(url)
		c.Retries = 0 // the lost reply must end this pass
		c.ChunkSize = 1 << 20
		c.HTTP = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		return c
	}
	// Connections: 1 ping, 2 enrolment check, 3 lookup, 4 offset, 5 the
	// upload, whose answer (the receipt) is lost on the way back.
	proxy.SetPlan(func(n int) synctest.Fault { return synctest.Fault{LoseReply: n == 5} })
	if _, err := w.Pass(ctx); err == nil {
		t.Fatal("the pass succeeded without hearing the receipt")
	}
	rec, err := h.Receipt(ctx, it.ID)
	if err != nil {
		t.Fatalf("the hub should hold the bundle: %v", err)
	}
	mid, _ := db.OutboxItem(ctx, it.ID)
	if mid.State == store.OutboxDelivered {
		t.Fatal("delivered without a receipt")
	}
	before := w.Client().Sent()
	if res, err := w.Pass(ctx); err != nil || res.Delivered != 1 {
		t.Fatalf("second pass: %+v %v", res, err)
	}
	got, _ := db.OutboxItem(ctx, it.ID)
	if got.Receipt != rec.Number || w.Client().Sent() != before {
		t.Errorf("receipt %q (hub %q), resent %d bytes", got.Receipt, rec.Number, w.Client().Sent()-before)
	}
	if bs, _ := h.Store().Bundles(ctx, ""); len(bs) != 1 {
		t.Errorf("hub holds %d bundles", len(bs))
	}
}
