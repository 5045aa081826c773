package ledger

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"github.com/xuri/excelize/v2"

	"deputydesk/app/demo"
	"deputydesk/app/pdfdoc"
	"deputydesk/store"
)

// tenYears opens a ten-year township (about 50,000 cases), built once and
// kept in the user's cache folder because building it takes minutes.
func tenYears(b *testing.B) *store.DB {
	b.Helper()
	ctx := context.Background()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	path := filepath.Join(cache, "deputydesk-bench", "ten-years-v2.db")
	fresh := false
	if _, err := os.Stat(path); err != nil {
		fresh = true
		os.Remove(path)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return clock }
	if fresh {
		start := time.Now()
		if err := demo.FillYears(ctx, db, 10, 180); err != nil {
			db.Close()
			os.Remove(path)
			b.Fatal(err)
		}
		b.Logf("built the ten-year database in %v", time.Since(start))
	}
	n, err := db.CountCases(ctx, store.CaseFilter{})
	if err != nil || n < 40000 {
		b.Fatalf("ten-year database has %d cases (%v); delete %s to rebuild", n, err, path)
	}
	return db
}

// BenchmarkLedgerXLSX compares the 月度台账 workbook with excelize writing
// the same cells and nothing else (no styles, widths or print setup).
func BenchmarkLedgerXLSX(b *testing.B) {
	db := tenYears(b)
	l, err := Build(context.Background(), db, Options{Month: "2026-10"})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ledger", func(b *testing.B) {
		for b.Loop() {
			if err := l.WriteXLSX(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	tabs := l.tables()
	b.Run("bare-excelize", func(b *testing.B) {
		for b.Loop() {
			f := excelize.NewFile()
			for i, name := range []string{SheetSummary, SheetReceptions, SheetCases, SheetDeputies} {
				if i == 0 {
					f.SetSheetName("Sheet1", name)
				} else {
					f.NewSheet(name)
				}
				f.SetCellValue(name, "A1", l.Title)
				row := 3
				for _, t := range tabs[name] {
					for c, col := range t.cols {
						f.SetCellValue(name, cell(c+1, row), col.title)
					}
					row++
					for _, r := range t.rows {
						for c, v := range r {
							f.SetCellValue(name, cell(c+1, row), v)
						}
						row++
					}
				}
			}
			if err := f.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}

// BenchmarkLedgerXLSXStream is the stricter baseline: excelize's stream
// writer putting the same values in the same cells, with no styles, widths,
// merges or print setup.
func BenchmarkLedgerXLSXStream(b *testing.B) {
	db := tenYears(b)
	l, err := Build(context.Background(), db, Options{Month: "2026-10"})
	if err != nil {
		b.Fatal(err)
	}
	tabs := l.tables()
	b.Run("ledger", func(b *testing.B) {
		for b.Loop() {
			if err := l.WriteXLSX(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bare-stream", func(b *testing.B) {
		for b.Loop() {
			f := excelize.NewFile()
			for i, name := range []string{SheetSummary, SheetReceptions, SheetCases, SheetDeputies} {
				if i == 0 {
					f.SetSheetName("Sheet1", name)
				} else {
					f.NewSheet(name)
				}
				sw, _ := f.NewStreamWriter(name)
				sw.SetRow("A1", []any{l.Title})
				row := 3
				for _, t := range tabs[name] {
					head := make([]any, len(t.cols))
					for c, col := range t.cols {
						head[c] = col.title
					}
					sw.SetRow(cell(1, row), head)
					row++
					for _, r := range t.rows {
						sw.SetRow(cell(1, row), r)
						row++
					}
				}
				if err := sw.Flush(); err != nil {
					b.Fatal(err)
				}
			}
			if err := f.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}

// BenchmarkLedgerBuild is reading and computing a month from the ten-year
// database, for the record beside the writers.
func BenchmarkLedgerBuild(b *testing.B) {
	db := tenYears(b)
	for b.Loop() {
		if _, err := Build(context.Background(), db, Options{Month: "2026-10"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLedgerPDF compares the 月度台账 PDF with gofpdf drawing the same
// tables directly: the same font, cells wrapped to the same widths, a new
// page with the header row when one is full, a page footer.
func BenchmarkLedgerPDF(b *testing.B) {
	db := tenYears(b)
	l, err := Build(context.Background(), db, Options{Month: "2026-10"})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ledger", func(b *testing.B) {
		for b.Loop() {
			if err := l.WritePDF(io.Discard, PDFOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	_, font, err := pdfdoc.Font()
	if err != nil {
		b.Fatal(err)
	}
	tabs := l.tables()
	tabs[SheetCases][0] = mergeCols(tabs[SheetCases][0], 4, 3, "反映人及联系方式", 16)
	// The same column widths as the ledger, worked out once outside the loop.
	d, err := pdfdoc.New(pdfdoc.Options{Landscape: true, Margin: 10})
	if err != nil {
		b.Fatal(err)
	}
	widths := map[*table][]float64{}
	for _, ts := range tabs {
		for i := range ts {
			widths[&ts[i]] = (&pdfTable{d: d}).colWidths(ts[i])
		}
	}
	b.Run("bare-gofpdf", func(b *testing.B) {
		for b.Loop() {
			pdf := gofpdf.New("L", "mm", "A4", "")
			pdf.AliasNbPages("{nb}")
			pdf.AddUTF8FontFromBytes("cjk", "", font)
			pdf.SetMargins(10, 10, 10)
			pdf.SetAutoPageBreak(false, 10)
			pdf.SetFooterFunc(func() {
				pdf.SetXY(10, 200)
				pdf.CellFormat(277, 5, fmt.Sprintf("第 %d 页 共 {nb} 页", pdf.PageNo()), "", 0, "C", false, 0, "")
			})
			pdf.SetFont("cjk", "", 8)
			for _, name := range []string{SheetSummary, SheetReceptions, SheetCases, SheetDeputies} {
				pdf.AddPage()
				y := 20.0
				for ti := range tabs[name] {
					t := &tabs[name][ti]
					ws := widths[t]
					head := make([]string, len(t.cols))
					for i, c := range t.cols {
						head[i] = c.title
					}
					draw := func(cells []string) {
						lines := make([][]string, len(cells))
						n := 1
						for i, c := range cells {
							lines[i] = pdf.SplitText(c, ws[i]-2)
							n = max(n, len(lines[i]))
						}
						h := float64(n)*3.6 + 2
						if y+h > 195 {
							pdf.AddPage()
							y = 20
						}
						x := 10.0
						for i := range cells {
							pdf.Rect(x, y, ws[i], h, "D")
							for j, line := range lines[i] {
								pdf.SetXY(x+1, y+1+float64(j)*3.6)
								pdf.CellFormat(ws[i]-2, 3.6, line, "", 0, "L", false, 0, "")
							}
							x += ws[i]
						}
						y += h
					}
					draw(head)
					for _, r := range t.rows {
						cells := make([]string, len(r))
						for i, v := range r {
							cells[i] = cellText(v)
						}
						draw(cells)
					}
				}
			}
			if err := pdf.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}
