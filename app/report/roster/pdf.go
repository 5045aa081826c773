package roster

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"deputydesk/store"
)

// PDFOptions tune the PDF for tests: a fixed creation date and no
// compression make the output byte-stable and easy to inspect.
type PDFOptions struct {
	Created      time.Time
	Uncompressed bool
}

// column widths in mm on A4 portrait with 15 mm margins (180 mm of table).
var pdfCols = []struct {
	head  string
	width float64
}{{"日期", 38}, {"星期", 20}, {"时间", 30}, {"值班代表", 46}, {"联系电话", 46}}

const (
	lineH   = 6.5
	bodyPt  = 11
	marginL = 15.0
)

// WritePDF writes the wall roster: one or more A4 pages per station with the
// title, address and 接待时间, a table with a header repeated on every page,
// and the 制表单位, 制表日期 and page numbers in the footer.
func WritePDF(w io.Writer, doc Doc, opt PDFOptions) error {
	font, err := chineseFont()
	if err != nil {
		return err
	}
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("cjk", "", font)
	pdf.SetMargins(marginL, 15, marginL)
	pdf.SetAutoPageBreak(false, 20)
	pdf.AliasNbPages("{nb}")
	pdf.SetTitle(doc.Period.Label+"代表接待安排表", true)
	pdf.SetCreator("deputydesk", true)
	created := opt.Created
	if created.IsZero() {
		created = doc.MadeOn
	}
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCompression(!opt.Uncompressed)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("cjk", "", 9)
		pdf.SetTextColor(80, 80, 80)
		left := "制表单位：" + doc.Maker() + "    制表日期：" + store.FormatDate(doc.MadeOn.Format("2006-01-02"))
		pdf.CellFormat(120, 5, left, "", 0, "L", false, 0, "")
		pdf.CellFormat(60, 5, fmt.Sprintf("第 %d 页 共 {nb} 页", pdf.PageNo()), "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	if len(doc.Sheets) == 0 {
		pdf.AddPage()
		pdf.SetFont("cjk", "", 14)
		pdf.CellFormat(180, 8, doc.Period.Label+"没有任何站点的接待安排。", "", 1, "C", false, 0, "")
	}
	for _, sh := range doc.Sheets {
		writeSheetPDF(pdf, doc, sh)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("report: roster pdf: %w", err)
	}
	return pdf.Output(w)
}

func writeSheetPDF(pdf *gofpdf.Fpdf, doc Doc, sh Sheet) {
	_, pageH := pdf.GetPageSize()
	bottom := pageH - 22
	header := func(first bool) {
		pdf.AddPage()
		if first {
			pdf.SetFont("cjk", "", 18)
			for _, l := range splitText(pdf, sh.Title, 180) {
				pdf.CellFormat(180, 10, l, "", 1, "C", false, 0, "")
			}
			pdf.Ln(2)
			pdf.SetFont("cjk", "", 11)
			info := "接待地点：" + sh.Station.Address
			if sh.Station.Phone != "" {
				info += "    联系电话：" + sh.Station.Phone
			}
			paragraph(pdf, info, 180, 6)
			if sh.Rule != "" {
				paragraph(pdf, "接待时间："+sh.Rule, 180, 6)
			}
			pdf.Ln(3)
		} else {
			pdf.SetFont("cjk", "", 11)
			pdf.CellFormat(180, 8, sh.Title+"（续）", "", 1, "C", false, 0, "")
		}
		pdf.SetFont("cjk", "", bodyPt)
		pdf.SetFillColor(230, 230, 230)
		for _, c := range pdfCols {
			pdf.CellFormat(c.width, 8, c.head, "1", 0, "C", true, 0, "")
		}
		pdf.Ln(-1)
	}
	header(true)
	if len(sh.Rows) == 0 {
		pdf.CellFormat(180, 10, "本期无接待安排", "1", 1, "C", false, 0, "")
	}
	for _, r := range sh.Rows {
		date := r.Date
		cells := [][]string{
			wrap(pdf, date, pdfCols[0].width),
			{r.Weekday},
			{r.Time},
			wrapAll(pdf, r.Names, pdfCols[3].width),
			wrapAll(pdf, r.Phones, pdfCols[4].width),
		}
		if r.Note != "" {
			cells[0] = append(cells[0], wrap(pdf, "（"+strings.TrimSuffix(r.Note, "。")+"）", pdfCols[0].width)...)
		}
		n := 1
		for _, c := range cells {
			n = max(n, len(c))
		}
		h := float64(n)*lineH + 2
		if pdf.GetY()+h > bottom {
			header(false)
		}
		x, y := pdf.GetX(), pdf.GetY()
		for i, c := range cells {
			w := pdfCols[i].width
			pdf.Rect(x, y, w, h, "D")
			top := y + (h-float64(len(c))*lineH)/2
			for j, line := range c {
				size := float64(bodyPt)
				if i == 0 && j > 0 {
					size = 8 // the holiday note under the date
				}
				pdf.SetFont("cjk", "", size)
				pdf.SetXY(x, top+float64(j)*lineH)
				pdf.CellFormat(w, lineH, line, "", 0, "C", false, 0, "")
			}
			x += w
		}
		pdf.SetFont("cjk", "", bodyPt)
		pdf.SetXY(marginL, y+h)
	}
	pdf.Ln(4)
	if pdf.GetY()+12 > bottom {
		return
	}
	pdf.SetFont("cjk", "", 10)
	note := "请值班代表按时到岗接待选民，认真记录群众反映的问题；如不能到岗，请提前告知" + doc.Maker()
	if doc.Township.Phone != "" {
		note += "（电话：" + doc.Township.Phone + "）"
	}
	paragraph(pdf, note+"。", 180, 5.5)
}

// paragraph writes left-aligned text wrapped to width.
func paragraph(pdf *gofpdf.Fpdf, text string, width, h float64) {
	for _, l := range splitText(pdf, text, width) {
		pdf.CellFormat(width, h, l, "", 1, "L", false, 0, "")
	}
}

// wrap splits text into lines that fit width at the current font size.
func wrap(pdf *gofpdf.Fpdf, s string, width float64) []string {
	pdf.SetFont("cjk", "", bodyPt)
	if s == "" {
		return nil
	}
	return splitText(pdf, s, width-2)
}

// splitText breaks text into lines no wider than width at the current font.
// gofpdf's SplitText and MultiCell treat a Chinese character at a break like
// a space and drop it, so this breaks between any two characters instead,
// keeping every one.
func splitText(pdf *gofpdf.Fpdf, text string, width float64) []string {
	var lines []string
	var cur []rune
	w := 0.0
	for _, r := range text {
		rw := pdf.GetStringWidth(string(r))
		if r == '\n' || (w+rw > width && len(cur) > 0) {
			lines = append(lines, string(cur))
			cur, w = cur[:0], 0
			if r == '\n' {
				continue
			}
		}
		cur = append(cur, r)
		w += rw
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

func wrapAll(pdf *gofpdf.Fpdf, items []string, width float64) []string {
	var out []string
	for _, s := range items {
		out = append(out, wrap(pdf, s, width)...)
	}
	return out
}
