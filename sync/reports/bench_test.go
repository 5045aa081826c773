package reports_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"deputydesk/app/demo"
	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/outbox"
	"deputydesk/sync/reports"
)

// BenchmarkLedgerBundle measures 上报 of one month's ledger on the ten-year
// township: the workbook, the PDF and the figures built, zipped, signed and
// put into the outbox. It works on a copy so the shared database stays as
// the other benchmarks expect it.
func BenchmarkLedgerBundle(b *testing.B) {
	ctx := context.Background()
	src, err := demo.EnsureTenYears(ctx)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "copy.db")
	copyFile(b, src, path)
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.Now = func() time.Time { return demo.BenchClock }
	p := reports.Providers(db)
	var size int64
	for b.Loop() {
		item, err := outbox.Queue(ctx, db, p, bundle.Ledger, "2026-10")
		if err != nil {
			b.Fatal(err)
		}
		size = item.Size
	}
	b.ReportMetric(float64(size)/1024, "KB")
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
