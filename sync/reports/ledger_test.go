package reports_test

import (
	"bytes"
	"crypto/ed25519"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/demo"
	"deputydesk/app/ledger"
	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/hub"
	"deputydesk/sync/outbox"
	"deputydesk/sync/reports"
)

// TestLedgerBundlesAddUpAtTheCounty sends the real 月度台账 of two demo
// townships to a hub and checks the county summary against the ledgers.
func TestLedgerBundlesAddUpAtTheCounty(t *testing.T) {
	ctx := t.Context()
	h, err := hub.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()

	want := map[string]int{}
	for i, tw := range []struct {
		name, code string
		now        time.Time
	}{
		{"城关镇", "421022100", time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)},
		{"东湖镇", "421022101", time.Date(2026, 12, 20, 9, 30, 0, 0, time.UTC)},
	} {
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.Now = func() time.Time { return tw.now }
		if err := demo.Fill(ctx, db); err != nil {
			t.Fatal(err)
		}
		town, _ := db.Township(ctx)
		town.Name, town.Code = tw.name, tw.code
		if err := db.SaveTownship(ctx, &town); err != nil {
			t.Fatal(err)
		}
		db.SaveSyncSettings(ctx, &store.SyncSettings{HubURL: srv.URL, DeadlineDay: 5})
		req, _, _ := outbox.EnrolRequest(ctx, db)
		if _, err := h.Enrol(ctx, req); err != nil {
			t.Fatal(err)
		}
		it, err := outbox.Queue(ctx, db, reports.Providers(db), bundle.Ledger, "2026-10")
		if err != nil {
			t.Fatal(err)
		}
		l, err := ledger.Build(ctx, db, ledger.Options{Month: "2026-10"})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total.Cases == 0 {
			t.Fatalf("%s: the demo month has no cases", tw.name)
		}
		want["接待场次（场）"] += l.Total.Receptions
		want["接待人次（人次）"] += l.Total.Visitors
		want["收集意见（件）"] += l.Total.Cases
		want["办结（件）"] += l.Total.Closed

		if i == 0 {
			key, _ := db.SyncKey(ctx)
			data, _ := db.OutboxData(ctx, it.ID)
			b, err := bundle.Verify(data, func(string) (ed25519.PublicKey, bool) { return key.Public, true })
			if err != nil {
				t.Fatal(err)
			}
			wb, err := excelize.OpenReader(bytes.NewReader(b.Files["ledger-2026-10.xlsx"]))
			if err != nil {
				t.Fatalf("ledger workbook: %v", err)
			}
			wb.Close()
			if _, err := exec.LookPath("pdftotext"); err == nil {
				p := filepath.Join(t.TempDir(), "l.pdf")
				os.WriteFile(p, b.Files["ledger-2026-10.pdf"], 0o644)
				out, err := exec.CommandContext(ctx, "pdftotext", p, "-").Output()
				if err != nil || !strings.Contains(string(out), "城关镇") {
					t.Errorf("ledger pdf: %v %.200s", err, out)
				}
			}
		}
		if res, err := outbox.New(db).Pass(ctx); err != nil || res.Delivered != 1 {
			t.Fatalf("%s delivery: %+v %v", tw.name, res, err)
		}
	}
	var buf bytes.Buffer
	if err := h.SummaryWorkbook(ctx, &buf, "ledger", "2026-10"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("县级汇总")
	header, total := rows[2], rows[len(rows)-1]
	for c, name := range header {
		if w, ok := want[name]; ok {
			if total[c] != strconv.Itoa(w) {
				t.Errorf("%s: county total %s, ledgers add up to %d", name, total[c], w)
			}
			delete(want, name)
		}
	}
	if len(want) != 0 {
		t.Errorf("summary lacks columns %v (header %v)", want, header)
	}
}
