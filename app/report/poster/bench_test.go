package poster

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"

	"deputydesk/app/pdfdoc"
)

// benchSheets is one poster of n deputies with photos (two in three have
// one, as in the fixture), loaded through the store.
func benchSheets(b *testing.B, n int) []Sheet {
	b.Helper()
	f := newFixture(b, n, true)
	sheets, _, err := Load(b.Context(), f.db, Select{})
	if err != nil {
		b.Fatal(err)
	}
	return sheets
}

// BenchmarkPosters500 is deputydesk drawing 500 cards as when the posters
// are printed again: text fitted, photos and placeholders, header and footer
// on every page, QR codes from the cache.
func BenchmarkPosters500(b *testing.B) {
	sheets := benchSheets(b, 500)
	if err := Render(io.Discard, sheets, Options{Date: fixed}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		if err := Render(io.Discard, sheets, Options{Paper: "A4", Date: fixed}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// reportCPU adds the CPU milliseconds per operation to the results.
func reportCPU(b *testing.B, start time.Duration) {
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkPosters500Cold is the first print: every QR code encoded.
func BenchmarkPosters500Cold(b *testing.B) {
	sheets := benchSheets(b, 500)
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		resetQRCache()
		if err := Render(io.Discard, sheets, Options{Paper: "A4", Date: fixed}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkLoad500 is reading 500 deputies, groups, stations and photos
// from the database for the posters.
func BenchmarkLoad500(b *testing.B) {
	f := newFixture(b, 500, true)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Load(b.Context(), f.db, Select{}); err != nil {
			b.Fatal(err)
		}
	}
}

// prepared is a card with everything worked out in advance: the QR PNG and
// the text lines.
type prepared struct {
	photo, qr              []byte
	name, levels, phone    string
	group, post, hoursText []string
}

// BenchmarkPostersBaseline500 draws the same cards straight with gofpdf from
// prepared data (same font, photos and QR images), with no fitting and no
// QR encoding: the floor deputydesk is measured against.
func BenchmarkPostersBaseline500(b *testing.B) {
	sheets := benchSheets(b, 500)
	doc, err := pdfdoc.New(pdfdoc.Options{})
	if err != nil {
		b.Fatal(err)
	}
	doc.AddPage()
	var cards []prepared
	var titles []string
	for _, s := range sheets {
		for _, c := range s.Cards {
			png, err := QRPNG(c.Contact.VCard())
			if err != nil {
				b.Fatal(err)
			}
			doc.SetFont(9, false)
			cards = append(cards, prepared{photo: c.Photo, qr: png, name: c.Name, levels: c.Levels, phone: c.Phone,
				group: doc.Wrap("代表小组："+c.Group, 46), post: doc.Wrap(c.Post, 46), hoursText: doc.Wrap(c.Hours, 55)})
			titles = append(titles, s.Title)
		}
	}
	_, font, _ := pdfdoc.Font()
	bold := pdfdoc.BoldFont()
	if bold == nil {
		bold = font
	}
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		baseline(b, cards, titles, font, bold)
	}
	reportCPU(b, start)
}

func baseline(b *testing.B, cards []prepared, titles []string, font, bold []byte) {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AliasNbPages("{nb}")
	pdf.AddUTF8FontFromBytes("f", "", font)
	pdf.AddUTF8FontFromBytes("f", "B", bold)
	pdf.SetAutoPageBreak(false, 12)
	pdf.SetFooterFunc(func() {
		pdf.SetFont("f", "", 9)
		pdf.Line(12, 279.5, 198, 279.5)
		pdf.SetXY(12, 281)
		pdf.CellFormat(90, 5, "制表单位：城关镇人大主席团", "", 0, "L", false, 0, "")
		pdf.SetXY(12, 281)
		pdf.CellFormat(186, 5, fmt.Sprintf("第 %d 页 共 {nb} 页", pdf.PageNo()), "", 0, "C", false, 0, "")
		pdf.SetXY(105, 281)
		pdf.CellFormat(93, 5, "制表日期：2026年11月23日", "", 0, "R", false, 0, "")
	})
	const cw, ch = 90.5, 76.0
	for i, c := range cards {
		slot := i % 6
		if slot == 0 {
			pdf.AddPage()
			pdf.SetFont("f", "B", 24)
			pdf.SetTextColor(190, 22, 34)
			pdf.SetXY(12, 14)
			pdf.CellFormat(186, 10, titles[i], "", 0, "C", false, 0, "")
			pdf.SetDrawColor(190, 22, 34)
			pdf.SetLineWidth(0.8)
			pdf.Line(12, 39, 198, 39)
			pdf.SetLineWidth(0.25)
			pdf.Line(12, 40.2, 198, 40.2)
		}
		x := 12 + float64(slot%2)*(cw+5)
		y := 43 + float64(slot/2)*(ch+5)
		pdf.SetDrawColor(200, 200, 200)
		pdf.SetLineWidth(0.3)
		pdf.RoundedRect(x, y, cw, ch, 2, "1234", "D")
		pdf.SetFillColor(190, 22, 34)
		pdf.RoundedRect(x, y, cw, 1.6, 0.8, "12", "F")
		if c.photo != nil {
			name := fmt.Sprintf("p%d", i)
			pdf.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(c.photo))
			pdf.ImageOptions(name, x+3.5, y+4.5, 28, 37.3, false, gofpdf.ImageOptions{ImageType: "JPG"}, 0, "")
		} else {
			pdf.SetFillColor(236, 239, 243)
			pdf.Rect(x+3.5, y+4.5, 28, 37.3, "F")
		}
		pdf.SetTextColor(33, 33, 33)
		pdf.SetFont("f", "B", 18)
		pdf.SetXY(x+35.5, y+4.5)
		pdf.CellFormat(51, 8, c.name, "", 0, "L", false, 0, "")
		pdf.SetFont("f", "B", 10.5)
		pdf.SetTextColor(190, 22, 34)
		pdf.SetXY(x+35.5, y+13.5)
		pdf.CellFormat(51, 5.5, c.levels, "", 0, "L", false, 0, "")
		pdf.SetFont("f", "", 9)
		pdf.SetTextColor(96, 96, 96)
		ty := y + 20
		for _, l := range append(c.group, c.post...) {
			pdf.SetXY(x+35.5, ty)
			pdf.CellFormat(51, 4.2, l, "", 0, "L", false, 0, "")
			ty += 4.2
		}
		qname := fmt.Sprintf("q%d", i)
		pdf.RegisterImageOptionsReader(qname, gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(c.qr))
		pdf.ImageOptions(qname, x+cw-27.5, y+ch-31, 24, 24, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		pdf.SetFont("f", "", 6.5)
		pdf.SetXY(x+cw-29.5, y+ch-7)
		pdf.CellFormat(28, 3.5, "扫码保存联系方式", "", 0, "C", false, 0, "")
		pdf.SetFont("f", "", 8.5)
		pdf.SetXY(x+3.5, y+45)
		pdf.CellFormat(55, 4.5, "联系电话", "", 0, "L", false, 0, "")
		pdf.SetFont("f", "B", 14)
		pdf.SetXY(x+3.5, y+49.5)
		pdf.CellFormat(55, 6.5, c.phone, "", 0, "L", false, 0, "")
		pdf.SetFont("f", "", 8.5)
		pdf.SetXY(x+3.5, y+57)
		pdf.CellFormat(55, 4.5, "接待时间", "", 0, "L", false, 0, "")
		ty = y + 61.5
		for _, l := range c.hoursText {
			pdf.SetXY(x+3.5, ty)
			pdf.CellFormat(55, 4, l, "", 0, "L", false, 0, "")
			ty += 4
		}
	}
	if err := pdf.Output(io.Discard); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPosters500NewRun is the first print of a new run of the
// program after an earlier run stored the codes: the memory cache is empty,
// the codes come from the database.
func BenchmarkPosters500NewRun(b *testing.B) {
	f := newFixture(b, 500, true)
	if err := Write(b.Context(), f.db, io.Discard, Select{}, Options{Paper: "A4", Date: fixed}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		resetQRCache()
		if err := Write(b.Context(), f.db, io.Discard, Select{}, Options{Paper: "A4", Date: fixed}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}
