// Package xlsxprint gives every workbook the program writes the same print
// setup, so each sheet prints on A4 as laid out on screen: orientation, fit
// to the page width, the title block and header rows repeated on every page,
// frozen header rows, and 第 N 页 共 M 页 in the footer. It also holds the
// Chinese number formats for real date and number cells.
package xlsxprint

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/store/calendar"
)

// Setup is one sheet's print layout.
type Setup struct {
	Landscape bool
	// HeaderRows is the last row (1-based) of the title block and column
	// headers: repeated on every printed page and frozen on screen. 0
	// repeats and freezes nothing.
	HeaderRows int
	// FreezeCols keeps that many left columns in view when scrolling.
	FreezeCols int
	// NoFreeze repeats the header rows in print but does not freeze them,
	// for sheets whose header is long (a rules sheet with its notes).
	NoFreeze bool
	// FitHeight fits the whole sheet on one page as well (a one-page form);
	// by default only the width is fitted and pages run down.
	FitHeight bool
	// PagesWide spreads a sheet too wide for one page over that many pages
	// side by side (0 or 1: fit to one page width), so a wide register still
	// prints at a readable size; TitleCols left columns (序号, 姓名) then
	// repeat on each of them.
	PagesWide int
	TitleCols int
	// Draft prints 未定稿 at the top right of every page, for the results
	// of a year not yet finalised.
	Draft bool
}

// A4 is the excelize paper-size code for A4.
const A4 = 9

// Footer is the page number every workbook prints at the foot of the page.
const Footer = "&C第 &P 页 共 &N 页"

// DraftHeader is the page header of a draft: 未定稿, bold, at the right.
const DraftHeader = `&R&"-,Bold"&14未定稿`

// Apply sets the print layout of sheet. With a stream writer, call it
// before excelize.File.NewStreamWriter (the stream writer copies the
// worksheet's settings when it starts) and freeze with Freeze on the stream
// writer; otherwise Apply freezes too.
func Apply(f *excelize.File, sheet string, s Setup) error {
	size, orient := A4, "portrait"
	if s.Landscape {
		orient = "landscape"
	}
	one, zero := 1, 0
	wide := max(1, s.PagesWide)
	fitH := &zero
	if s.FitHeight {
		fitH = &one
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: fitH}); err != nil {
		return fmt.Errorf("xlsxprint: page layout: %w", err)
	}
	yes := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return fmt.Errorf("xlsxprint: fit to page: %w", err)
	}
	m, side, hf := 0.5, 0.3, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &m, Bottom: &m, Header: &hf, Footer: &hf}); err != nil {
		return fmt.Errorf("xlsxprint: margins: %w", err)
	}
	hfo := &excelize.HeaderFooterOptions{OddFooter: Footer}
	if s.Draft {
		hfo.OddHeader = DraftHeader
	}
	if err := f.SetHeaderFooter(sheet, hfo); err != nil {
		return fmt.Errorf("xlsxprint: footer: %w", err)
	}
	if s.HeaderRows > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: s.printTitles(sheet), Scope: sheet}); err != nil {
			return fmt.Errorf("xlsxprint: print titles: %w", err)
		}
	}
	return nil
}

// printTitles is the print-titles reference: the title columns, if any,
// and the header rows.
func (s Setup) printTitles(sheet string) string {
	rows := fmt.Sprintf("'%s'!$1:$%d", sheet, s.HeaderRows)
	if s.TitleCols > 0 {
		last, _ := excelize.ColumnNumberToName(s.TitleCols)
		return fmt.Sprintf("'%s'!$A:$%s,%s", sheet, last, rows)
	}
	return rows
}

// Panes is the frozen-pane setting for s, or nil if nothing is frozen.
func (s Setup) Panes() *excelize.Panes {
	if (s.HeaderRows == 0 || s.NoFreeze) && s.FreezeCols == 0 {
		return nil
	}
	rows := s.HeaderRows
	if s.NoFreeze {
		rows = 0
	}
	top, _ := excelize.CoordinatesToCellName(s.FreezeCols+1, rows+1)
	pane := "bottomLeft"
	switch {
	case s.FreezeCols > 0 && rows > 0:
		pane = "bottomRight"
	case s.FreezeCols > 0:
		pane = "topRight"
	}
	return &excelize.Panes{Freeze: true, XSplit: s.FreezeCols, YSplit: rows, TopLeftCell: top, ActivePane: pane}
}

// Freeze freezes the header rows of a sheet written without a stream writer.
func Freeze(f *excelize.File, sheet string, s Setup) error {
	if p := s.Panes(); p != nil {
		return f.SetPanes(sheet, p)
	}
	return nil
}

// ApplyAll is Apply and Freeze for a sheet written cell by cell.
func ApplyAll(f *excelize.File, sheet string, s Setup) error {
	if err := Apply(f, sheet, s); err != nil {
		return err
	}
	return Freeze(f, sheet, s)
}

// Chinese number formats for real date cells.
var (
	DateFormat     = `yyyy"年"m"月"d"日"`
	MonthFormat    = `yyyy"年"m"月"`
	MonthDayFormat = `m"月"d"日"`
	DateTimeFormat = `yyyy"年"m"月"d"日" hh:mm`
)

// Day turns a stored YYYY-MM-DD (or YYYY-MM) into a date cell value, the
// calendar day at midnight; ok is false for an empty or unreadable value,
// which the caller writes as text.
func Day(s string) (time.Time, bool) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// Local gives an instant as the Beijing wall clock, which is what a date
// cell shows: excelize writes a time's wall clock, not its zone.
func Local(t time.Time) time.Time {
	b := t.In(calendar.Beijing)
	return time.Date(b.Year(), b.Month(), b.Day(), b.Hour(), b.Minute(), b.Second(), 0, time.UTC)
}

// LocalDay is the Beijing calendar day of an instant, as a date cell value.
func LocalDay(t time.Time) time.Time {
	b := t.In(calendar.Beijing)
	return time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
}

// Stamp formats an instant as the document properties want it (W3C, UTC).
func Stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// Verify reads back a sheet's print setup and says what differs from want:
// A4, orientation, fit to width, print titles, footer, frozen rows. Tests of
// every workbook call it.
func Verify(f *excelize.File, sheet string, want Setup) error {
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		return err
	}
	orient := "portrait"
	if want.Landscape {
		orient = "landscape"
	}
	wide := max(1, want.PagesWide)
	if pl.Size == nil || *pl.Size != A4 || pl.Orientation == nil || *pl.Orientation != orient || pl.FitToWidth == nil || *pl.FitToWidth != wide {
		return fmt.Errorf("%s: page layout %+v, want A4 %s fitted to %d page(s) wide", sheet, pl, orient, wide)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		return fmt.Errorf("%s: fit to page not set", sheet)
	}
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil || hf.OddFooter != Footer {
		return fmt.Errorf("%s: footer %q, want %q", sheet, hf.OddFooter, Footer)
	}
	if want.Draft != (hf.OddHeader == DraftHeader) {
		return fmt.Errorf("%s: header %q, want draft mark %v", sheet, hf.OddHeader, want.Draft)
	}
	if want.HeaderRows > 0 {
		ref := want.printTitles(sheet)
		found := false
		for _, n := range f.GetDefinedName() {
			if n.Name == "_xlnm.Print_Titles" && n.Scope == sheet && n.RefersTo == ref {
				found = true
			}
		}
		if !found {
			return fmt.Errorf("%s: no print titles %s", sheet, ref)
		}
		if !want.NoFreeze {
			p, err := f.GetPanes(sheet)
			if err != nil || !p.Freeze || p.YSplit != want.HeaderRows {
				return fmt.Errorf("%s: panes %+v, want %d frozen rows", sheet, p, want.HeaderRows)
			}
		}
	}
	return nil
}

// NumFmt is the number format of a cell's style ("" for General), to check
// that dates are real date cells in the Chinese format.
func NumFmt(f *excelize.File, sheet, cell string) (string, error) {
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		return "", err
	}
	st, err := f.GetStyle(id)
	if err != nil {
		return "", err
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt, nil
	}
	if st.NumFmt != 0 {
		return fmt.Sprintf("builtin %d", st.NumFmt), nil
	}
	return "", nil
}

// RowHeight is the height in points a row needs so that every wrapped cell
// shows all its lines when printed: Excel and LibreOffice keep a row's
// stored height, so text longer than its column would otherwise overlap the
// row below. widths are the columns' widths in characters (a Chinese
// character takes two), size the font size in points.
func RowHeight(widths []float64, cells []string, size float64) float64 {
	lines := 1
	for i, c := range cells {
		if i >= len(widths) || c == "" {
			continue
		}
		per := max(widths[i]-1, 1)
		n := 0
		for _, para := range strings.Split(c, "\n") {
			units := 0.0
			for _, r := range para {
				if r < 0x2E80 {
					units++
				} else {
					units += 2
				}
			}
			n += max(1, int(math.Ceil(units/per)))
		}
		lines = max(lines, n)
	}
	return float64(lines)*size*1.35 + 4
}
