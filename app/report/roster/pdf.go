package roster

import (
	"fmt"
	"io"
	"strings"
	"time"

	"deputydesk/app/pdfdoc"
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
	margin  = 15.0
	tableW  = 180.0
	noteCol = 0 // the holiday note is printed small under the date
)

// WritePDF writes the wall roster: one or more A4 pages per station with the
// title, address and 接待时间, a table whose header is repeated on every
// page, and the 制表单位, 制表日期 and page numbers in the footer. It fails
// with *pdfdoc.FontError when no Chinese font is installed.
func WritePDF(w io.Writer, doc Doc, opt PDFOptions) error {
	created := opt.Created
	if created.IsZero() {
		created = doc.MadeOn
	}
	d, err := pdfdoc.New(pdfdoc.Options{Title: doc.Period.Label + "代表接待安排表", Unit: doc.Maker(), Date: created,
		Margin: margin, NoCompress: opt.Uncompressed})
	if err != nil {
		return err
	}
	if len(doc.Sheets) == 0 {
		d.AddPage()
		d.SetFont(14, false)
		d.CellFormat(tableW, 8, doc.Period.Label+"没有任何站点的接待安排。", "", 1, "C", false, 0, "")
	}
	for _, sh := range doc.Sheets {
		writeSheetPDF(d, doc, sh)
	}
	if err := d.Error(); err != nil {
		return fmt.Errorf("report: roster pdf: %w", err)
	}
	return d.Write(w)
}

func writeSheetPDF(d *pdfdoc.Doc, doc Doc, sh Sheet) {
	bottom := d.FooterTop() - 3
	header := func(first bool) {
		d.AddPage()
		y := margin
		if first {
			y = d.Title(sh.Title, y, 18) + 4
			d.SetFont(bodyPt, false)
			info := "接待地点：" + sh.Station.Address
			if sh.Station.Phone != "" {
				info += "    联系电话：" + sh.Station.Phone
			}
			y = d.Lines(d.Wrap(info, tableW), margin, y, tableW, 6)
			if sh.Rule != "" {
				y = d.Lines(d.Wrap("接待时间："+sh.Rule, tableW), margin, y, tableW, 6)
			}
			y += 3
		} else {
			d.SetFont(bodyPt, false)
			d.SetXY(margin, y)
			d.CellFormat(tableW, 8, sh.Title+"（续）", "", 0, "C", false, 0, "")
			y += 9
		}
		d.SetXY(margin, y)
		d.SetFont(bodyPt, true)
		d.SetFillColor(230, 230, 230)
		for _, c := range pdfCols {
			d.CellFormat(c.width, 8, c.head, "1", 0, "C", true, 0, "")
		}
		d.SetXY(margin, y+8)
	}
	header(true)
	if len(sh.Rows) == 0 {
		d.SetFont(bodyPt, false)
		d.CellFormat(tableW, 10, "本期无接待安排", "1", 1, "C", false, 0, "")
	}
	wrapAll := func(items []string, width float64) []string {
		d.SetFont(bodyPt, false)
		var out []string
		for _, s := range items {
			out = append(out, d.Wrap(s, width-2)...)
		}
		return out
	}
	for _, r := range sh.Rows {
		cells := [][]string{
			wrapAll([]string{r.Date}, pdfCols[0].width),
			{r.Weekday},
			{r.Time},
			wrapAll(r.Names, pdfCols[3].width),
			wrapAll(r.Phones, pdfCols[4].width),
		}
		notes := 0
		if r.Note != "" {
			d.SetFont(8, false)
			extra := d.Wrap(strings.TrimSuffix(r.Note, "。"), pdfCols[0].width-2)
			cells[noteCol] = append(cells[noteCol], extra...)
			notes = len(extra)
		}
		n := 1
		for _, c := range cells {
			n = max(n, len(c))
		}
		h := float64(n)*lineH + 2
		if d.GetY()+h > bottom {
			header(false)
		}
		x, y := margin, d.GetY()
		for i, c := range cells {
			w := pdfCols[i].width
			d.Rect(x, y, w, h, "D")
			top := y + (h-float64(len(c))*lineH)/2
			for j, line := range c {
				size := float64(bodyPt)
				if i == noteCol && j >= len(c)-notes {
					size = 8
				}
				d.SetFont(size, false)
				d.SetXY(x, top+float64(j)*lineH)
				d.CellFormat(w, lineH, line, "", 0, "C", false, 0, "")
			}
			x += w
		}
		d.SetXY(margin, y+h)
	}
	y := d.GetY() + 4
	d.SetFont(10, false)
	note := "请值班代表按时到岗接待选民，认真记录群众反映的问题；如不能到岗，请提前告知" + doc.Maker()
	if doc.Township.Phone != "" {
		note += "（电话：" + doc.Township.Phone + "）"
	}
	lines := d.Wrap(note+"。", tableW)
	if y+float64(len(lines))*5.5 > bottom {
		return
	}
	d.Lines(lines, margin, y, tableW, 5.5)
}
