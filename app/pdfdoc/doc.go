package pdfdoc

import (
	"deputydesk/store/calendar"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
)

// Family is the name the Chinese font is registered under in every document.
const Family = "cjk"

// Options shape a document. The zero value is an A4 portrait page dated now.
type Options struct {
	Paper     string // "A4" (default) or "A3"
	Landscape bool
	Title     string    // the file's title in its properties
	Unit      string    // 制表单位, printed in the footer when not empty
	Date      time.Time // 制表日期 and the file's creation date; zero means now
	Margin    float64   // mm; default 12
	// NoCompress writes page streams uncompressed, for tests that read them.
	NoCompress bool
	// NoFooter leaves the footer off.
	NoFooter bool
}

// Doc is a gofpdf document with the Chinese font loaded.
type Doc struct {
	*gofpdf.Fpdf
	Opts     Options
	boldUsed bool
	// sections holds the first page of each run of page numbers.
	sections []int
}

// New starts a document. It fails with *FontError when no Chinese font is
// found.
func New(opts Options) (*Doc, error) {
	if opts.Paper == "" {
		opts.Paper = "A4"
	}
	if opts.Paper != "A4" && opts.Paper != "A3" {
		return nil, fmt.Errorf("不支持的纸张“%s”，请选择 A4 或 A3", opts.Paper)
	}
	if opts.Date.IsZero() {
		// Callers pass the database clock's date; this is only for a
		// document made with no database at hand.
		opts.Date = calendar.System()
	}
	if opts.Margin == 0 {
		opts.Margin = 12
	}
	_, regular, err := Font()
	if err != nil {
		return nil, err
	}
	orientation := "P"
	if opts.Landscape {
		orientation = "L"
	}
	pdf := gofpdf.New(orientation, "mm", opts.Paper, "")
	// The alias must be set before the font is added so the subset keeps
	// the digits that replace it.
	pdf.AliasNbPages("{nb}")
	pdf.AddUTF8FontFromBytes(Family, "", regular)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("pdfdoc: load font: %w", err)
	}
	pdf.SetMargins(opts.Margin, opts.Margin, opts.Margin)
	pdf.SetAutoPageBreak(false, opts.Margin)
	pdf.SetCompression(!opts.NoCompress)
	pdf.SetCreationDate(opts.Date)
	pdf.SetModificationDate(opts.Date)
	pdf.SetCatalogSort(true)
	pdf.SetCreator("人大代表工作台", true)
	if opts.Title != "" {
		pdf.SetTitle(opts.Title, true)
	}
	d := &Doc{Fpdf: pdf, Opts: opts}
	if !opts.NoFooter {
		pdf.SetFooterFunc(d.footer)
	}
	d.SetFont(10, false)
	return d, nil
}

// SetFont selects the Chinese font at size points. Bold uses the family's
// bold face when it has one, else the regular face.
func (d *Doc) SetFont(size float64, bold bool) {
	style := ""
	if bold {
		if !d.boldUsed {
			d.boldUsed = true
			if b := BoldFont(); b != nil {
				d.AddUTF8FontFromBytes(Family, "B", b)
			} else {
				_, r, _ := Font()
				d.AddUTF8FontFromBytes(Family, "B", r)
			}
		}
		style = "B"
	}
	d.Fpdf.SetFont(Family, style, size)
}

// DateText is the 制表日期 as printed: 2026年11月23日.
func (d *Doc) DateText() string { return d.Opts.Date.In(calendar.Beijing).Format("2006年1月2日") }

// ContentWidth is the page width inside the margins.
func (d *Doc) ContentWidth() float64 {
	w, _ := d.GetPageSize()
	return w - 2*d.Opts.Margin
}

// FooterTop is where the footer begins; content should stay above it.
func (d *Doc) FooterTop() float64 {
	_, h := d.GetPageSize()
	if d.Opts.NoFooter {
		return h - d.Opts.Margin
	}
	return h - d.Opts.Margin - 6
}

func (d *Doc) footer() {
	w, h := d.GetPageSize()
	m := d.Opts.Margin
	y := h - m - 4
	r, g, b := d.GetTextColor()
	d.SetTextColor(60, 60, 60)
	d.SetFont(9, false)
	d.SetDrawColor(160, 160, 160)
	d.SetLineWidth(0.2)
	d.Line(m, y-1.5, w-m, y-1.5)
	if d.Opts.Unit != "" {
		d.SetXY(m, y)
		d.CellFormat(w/2-m, 5, "制表单位："+d.Opts.Unit, "", 0, "L", false, 0, "")
	}
	d.SetXY(m, y)
	d.CellFormat(w-2*m, 5, d.pageText(), "", 0, "C", false, 0, "")
	d.SetXY(w/2, y)
	d.CellFormat(w/2-m, 5, "制表日期："+d.DateText(), "", 0, "R", false, 0, "")
	d.SetTextColor(r, g, b)
}

// StartSection begins a new run of page numbers at the next page, for a
// document that holds several separate prints (one poster per station):
// the footer then counts 「第 N 页 共 M 页」 within each.
func (d *Doc) StartSection() { d.sections = append(d.sections, d.PageNo()+1) }

// pageText is the footer's page number. Totals are aliases that Write
// replaces once the page count is known.
func (d *Doc) pageText() string {
	page := d.PageNo()
	for k := len(d.sections) - 1; k >= 0; k-- {
		if start := d.sections[k]; page >= start {
			return fmt.Sprintf("第 %d 页 共 {s%d} 页", page-start+1, k)
		}
	}
	return fmt.Sprintf("第 %d 页 共 {nb} 页", page)
}

// Title prints text centred across the page at y, size points, bold, and
// returns the y below it. A title too wide for the page shrinks.
func (d *Doc) Title(text string, y, size float64) float64 {
	w := d.ContentWidth()
	size = d.FitSize(text, w, size, size*0.6, true)
	d.SetFont(size, true)
	h := size * 0.45
	d.SetXY(d.Opts.Margin, y)
	d.CellFormat(w, h, text, "", 0, "C", false, 0, "")
	return y + h
}

// FitSize returns the largest size from max down to min (in half points)
// at which text fits on one line of width w; min if none does.
func (d *Doc) FitSize(text string, w, max, min float64, bold bool) float64 {
	for s := max; s >= min; s -= 0.5 {
		d.SetFont(s, bold)
		if d.GetStringWidth(text) <= w {
			return s
		}
	}
	return min
}

// Wrap breaks text into lines no wider than w in the current font. Chinese
// breaks between any two characters; a run of Latin letters or digits (a
// phone number, a time) is kept whole when it fits on a line, and closing
// punctuation never starts a line.
func (d *Doc) Wrap(text string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, d.wrapPara(para, w)...)
	}
	return lines
}

func (d *Doc) wrapPara(text string, w float64) []string {
	var lines []string
	var cur []string // tokens on the current line
	curW := 0.0
	flush := func() {
		lines = append(lines, strings.TrimRight(strings.Join(cur, ""), " "))
		cur, curW = cur[:0], 0
	}
	for _, t := range tokens(text) {
		tw := d.GetStringWidth(t)
		if curW+tw > w && len(cur) > 0 {
			if t == " " {
				flush()
				continue
			}
			// Closing punctuation takes the character before it to the next line.
			var carry []string
			if noLineStart(t) && len(cur) > 1 {
				carry = []string{cur[len(cur)-1]}
				cur = cur[:len(cur)-1]
			}
			flush()
			for _, c := range carry {
				cur = append(cur, c)
				curW += d.GetStringWidth(c)
			}
		}
		if tw > w {
			// A token longer than a whole line is broken by characters.
			for _, r := range t {
				rw := d.GetStringWidth(string(r))
				if curW+rw > w && len(cur) > 0 {
					flush()
				}
				cur = append(cur, string(r))
				curW += rw
			}
			continue
		}
		cur = append(cur, t)
		curW += tw
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// tokens splits text into breakable units: each Chinese character alone,
// runs of ASCII letters/digits/punctuation together.
func tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if r < utf8.RuneSelf && r != ' ' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		out = append(out, string(r))
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func noLineStart(t string) bool {
	return t != "" && strings.ContainsRune("，。、；：？！）》」』”’,.;:?!)", []rune(t)[0])
}

// Fit wraps text into at most maxLines lines of width w, shrinking the font
// from size down to minSize; if it still does not fit, the last line ends
// with “…”. It returns the lines and the size chosen (the font is left set).
func (d *Doc) Fit(text string, w float64, maxLines int, size, minSize float64, bold bool) ([]string, float64) {
	for s := size; s >= minSize; s -= 0.5 {
		d.SetFont(s, bold)
		if lines := d.Wrap(text, w); len(lines) <= maxLines {
			return lines, s
		}
	}
	d.SetFont(minSize, bold)
	lines := d.Wrap(text, w)[:maxLines]
	last := []rune(lines[maxLines-1])
	for len(last) > 0 && d.GetStringWidth(string(last)+"…") > w {
		last = last[:len(last)-1]
	}
	lines[maxLines-1] = string(last) + "…"
	return lines, minSize
}

// Lines prints lines left-aligned from (x, y) with line height lh and
// returns the y below the last.
func (d *Doc) Lines(lines []string, x, y, w, lh float64) float64 {
	for _, l := range lines {
		d.SetXY(x, y)
		d.CellFormat(w, lh, l, "", 0, "L", false, 0, "")
		y += lh
	}
	return y
}

// Write finishes the document into w.
func (d *Doc) Write(w io.Writer) error {
	for k, start := range d.sections {
		end := d.PageNo() + 1
		if k+1 < len(d.sections) {
			end = d.sections[k+1]
		}
		d.RegisterAlias(fmt.Sprintf("{s%d}", k), fmt.Sprint(end-start))
	}
	if err := d.Output(w); err != nil {
		return fmt.Errorf("pdfdoc: write: %w", err)
	}
	return nil
}
