package ledger

import (
	"fmt"
	"io"
	"strings"

	"deputydesk/app/pdfdoc"
)

// PDFOptions shape the printed ledger.
type PDFOptions struct {
	// NoCompress leaves page streams readable, for tests.
	NoCompress bool
}

// pdfTable draws tables on an A4 landscape pdfdoc page, starting a new page
// (with the title line and the column header again) whenever a row would
// run into the footer.
type pdfTable struct {
	d       *pdfdoc.Doc
	title   string
	section string
	y       float64
}

const (
	pdfFont   = 8.0
	pdfLine   = 3.6 // mm per line at pdfFont
	pdfPad    = 1.0
	pdfHeadFS = 8.5
)

// The ledger uses one regular face throughout: LXGW WenKai has no bold,
// and a second embedded copy of the font as "bold" doubles the file for
// nothing; headers stand out by their shading and size instead.
func (p *pdfTable) newPage() {
	p.d.AddPage()
	y := p.title1(p.title, p.d.Opts.Margin, 15)
	p.d.SetFont(10, false)
	p.d.SetXY(p.d.Opts.Margin, y+1.5)
	p.d.CellFormat(p.d.ContentWidth(), 6, p.section, "", 0, "L", false, 0, "")
	p.y = y + 8
}

// colWidths gives short columns (numbers, dates, names) the width of
// their widest cell so they never wrap, and shares what is left of the page
// among the long text columns (content, results, units), in proportion to
// their text.
func (p *pdfTable) colWidths(t table) []float64 {
	d := p.d
	nat := make([]float64, len(t.cols))
	for i, c := range t.cols {
		d.SetFont(pdfHeadFS, false)
		// A header may wrap onto two lines.
		w := d.GetStringWidth(c.title)/2 + 2*pdfPad + 1
		d.SetFont(pdfFont, false)
		for _, r := range t.rows {
			w = max(w, d.GetStringWidth(cellText(r[i]))+2*pdfPad+0.5)
		}
		// A short column never grows past its workbook width; longer text wraps.
		nat[i] = min(w, c.max*1.6)
	}
	fixed, flex := 0.0, 0.0
	for i, c := range t.cols {
		if c.max >= 20 {
			flex += nat[i]
		} else {
			fixed += nat[i]
		}
	}
	out := make([]float64, len(nat))
	room := d.ContentWidth() - fixed
	for i, c := range t.cols {
		switch {
		case flex == 0 || room <= 0:
			// Nothing to share or no room: scale everything to the page.
			out[i] = nat[i] / (fixed + flex) * d.ContentWidth()
		case c.max >= 20:
			out[i] = nat[i] / flex * room
		default:
			out[i] = nat[i]
		}
	}
	// A prose column wider than it needs gives the rest back to all columns.
	spare, total := 0.0, 0.0
	for i, c := range t.cols {
		if limit := max(nat[i], c.max*2); c.max >= 20 && out[i] > limit {
			spare += out[i] - limit
			out[i] = limit
		}
		total += out[i]
	}
	if spare > 0 {
		for i := range out {
			out[i] += spare * out[i] / total
		}
	}
	return out
}

// wrap breaks each cell into lines at its column width and returns them
// with the row's height; rows are wrapped once, then measured and drawn.
func (p *pdfTable) wrap(cells []string, ws []float64, bold bool) ([][]string, float64) {
	size := pdfFont
	if bold {
		size = pdfHeadFS
	}
	p.d.SetFont(size, false)
	wrapped := make([][]string, len(cells))
	n := 1
	for i, c := range cells {
		wrapped[i] = p.d.Wrap(c, ws[i]-2*pdfPad)
		n = max(n, len(wrapped[i]))
	}
	return wrapped, float64(n)*pdfLine + 2*pdfPad
}

func (p *pdfTable) row(wrapped [][]string, h float64, ws []float64, center []bool, bold bool) {
	d := p.d
	size := pdfFont
	if bold {
		size = pdfHeadFS
		d.SetFillColor(221, 230, 240)
	}
	d.SetFont(size, false)
	x := d.Opts.Margin
	for i := range wrapped {
		style := "D"
		if bold {
			style = "FD"
		}
		d.Rect(x, p.y, ws[i], h, style)
		ly := p.y + pdfPad + (h-2*pdfPad-float64(len(wrapped[i]))*pdfLine)/2
		align := "L"
		if bold || center[i] {
			align = "C"
		}
		for _, line := range wrapped[i] {
			d.SetXY(x+pdfPad, ly)
			d.CellFormat(ws[i]-2*pdfPad, pdfLine, line, "", 0, align, false, 0, "")
			ly += pdfLine
		}
		x += ws[i]
	}
	p.y += h
}

func (p *pdfTable) draw(t table) {
	ws := p.colWidths(t)
	head := make([]string, len(t.cols))
	for i, c := range t.cols {
		head[i] = c.title
	}
	// A caption and header with no row under them at a page's foot move
	// to the next page with the table.
	hw, hh := p.wrap(head, ws, true)
	if len(t.rows) > 0 {
		first := make([]string, len(t.cols))
		for i, v := range t.rows[0] {
			first[i] = cellText(v)
		}
		if _, h := p.wrap(first, ws, false); p.y+6+hh+h > p.d.FooterTop()-2 {
			p.newPage()
		}
	}
	p.d.SetFont(9.5, false)
	p.d.SetXY(p.d.Opts.Margin, p.y)
	p.d.CellFormat(p.d.ContentWidth(), 6, t.caption, "", 0, "L", false, 0, "")
	p.y += 6
	p.d.SetDrawColor(0, 0, 0)
	p.d.SetLineWidth(0.15)
	// Columns of short values (numbers, dates, statuses) are centred,
	// columns of prose left-aligned.
	center := make([]bool, len(t.cols))
	for i := range t.cols {
		center[i] = true
		for _, r := range t.rows {
			if s := cellText(r[i]); len([]rune(s)) > 11 || strings.Contains(s, "\n") {
				center[i] = false
				break
			}
		}
	}
	p.row(hw, hh, ws, center, true)
	cells := make([]string, len(t.cols))
	for _, r := range t.rows {
		for i, v := range r {
			cells[i] = cellText(v)
		}
		wrapped, h := p.wrap(cells, ws, false)
		if p.y+h > p.d.FooterTop()-2 {
			p.newPage()
			p.row(hw, hh, ws, center, true)
		}
		p.row(wrapped, h, ws, center, false)
	}
	p.y += 4
}

// WritePDF prints the same tables as the workbook: A4 landscape, the title
// and column header on every page, 「第 N 页 共 M 页」 with 制表单位 and
// 制表日期 in the footer.
func (l *Ledger) WritePDF(w io.Writer, opts PDFOptions) error {
	d, err := pdfdoc.New(pdfdoc.Options{Landscape: true, Title: l.Title, Unit: l.Opts.Unit, Date: l.Opts.Date, NoCompress: opts.NoCompress, Margin: 10})
	if err != nil {
		return err
	}
	tabs := l.tables()
	sections := []struct{ sheet, name string }{
		{SheetSummary, "表一　汇总"}, {SheetReceptions, "表二　接待记录"}, {SheetCases, "表三　事项办理"}, {SheetDeputies, "表四　代表履职"},
		{SheetReferrals, "表五　转办跟踪"},
	}
	for _, s := range sections {
		p := &pdfTable{d: d, title: l.Title, section: fmt.Sprintf("%s　　制表人：%s", s.name, l.Opts.Maker)}
		p.newPage()
		for _, t := range tabs[s.sheet] {
			if s.sheet == SheetCases {
				// 17 columns do not fit across A4: the visitor's name, phone
				// and village share one cell on paper.
				t = mergeCols(t, 4, 3, "反映人及联系方式", 16)
			}
			p.draw(t)
		}
		if s.sheet == SheetSummary {
			d.SetFont(9, false)
			lines := d.Wrap("说明："+RateDefinition+"当场答复、交办、转代表建议按办理方式统计；“—”表示不适用。", d.ContentWidth())
			d.Lines(lines, d.Opts.Margin, p.y, d.ContentWidth(), 4.5)
		}
	}
	return d.Write(w)
}

// mergeCols joins n columns from index at into one titled title, their
// values on separate lines.
func mergeCols(t table, at, n int, title string, maxW float64) table {
	out := table{caption: t.caption}
	out.cols = append(append(append(out.cols, t.cols[:at]...), column{title, maxW, maxW}), t.cols[at+n:]...)
	for _, r := range t.rows {
		var parts []string
		for _, v := range r[at : at+n] {
			if s := cellText(v); s != "" {
				parts = append(parts, s)
			}
		}
		row := append([]any{}, r[:at]...)
		row = append(row, strings.Join(parts, "\n"))
		out.rows = append(out.rows, append(row, r[at+n:]...))
	}
	return out
}

// title1 prints a centred title in the regular face, shrinking it to fit.
func (p *pdfTable) title1(text string, y, size float64) float64 {
	return centredTitle(p.d, text, y, size)
}

func centredTitle(d *pdfdoc.Doc, text string, y, size float64) float64 {
	w := d.ContentWidth()
	size = d.FitSize(text, w, size, size*0.6, false)
	d.SetFont(size, false)
	h := size * 0.45
	d.SetXY(d.Opts.Margin, y)
	d.CellFormat(w, h, text, "", 0, "C", false, 0, "")
	return y + h
}
