package ledger

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/report/xlsxprint"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

// Sheet names of the 月度台账 workbook, in order.
const (
	SheetSummary    = "汇总"
	SheetReceptions = "接待记录"
	SheetCases      = "事项办理"
	SheetDeputies   = "代表履职"
)

// ledgerSheets are the workbook's sheets in order.
var ledgerSheets = []string{SheetSummary, SheetReceptions, SheetCases, SheetDeputies, SheetReferrals}

// headerRow is the row of column titles on every sheet; rows above it are
// the title block, repeated on every printed page with it.
const headerRow = 4

// column is one column of a ledger table.
type column struct {
	title string
	min   float64 // width in Excel character units
	max   float64
}

// table is one sheet's data: column titles and rows of strings or numbers.
type table struct {
	caption string
	cols    []column
	rows    [][]any
	note    string // printed below the table
}

func (l *Ledger) summaryCols(first string) []column {
	return []column{{first, 14, 24}, {"接待场次", 8, 8}, {"接待人次", 8, 8}, {"收集意见（件）", 9, 9}, {"当场答复", 8, 8},
		{"交办", 8, 8}, {"转代表建议", 8, 8}, {"转12345热线", 8, 8}, {"转调解", 8, 8}, {"其他", 8, 8},
		{"办结", 8, 8}, {"超期", 8, 8}, {"解决率", 8, 8}}
}

// day is a stored date (YYYY-MM-DD) that the workbook writes as a real date
// cell in the Chinese format. A date in the ledger's own year is shown as
// 10月23日 (the title names the year): three full dates would make the
// 事项办理 sheet too wide to print at a readable size.
type day struct {
	iso   string
	short bool
}

func (l *Ledger) day(s string) day {
	return day{iso: s, short: len(s) == 10 && strings.HasPrefix(s, l.Opts.Month[:4]+"-")}
}

func figureRow(name string, f Figures, withReceptions bool) []any {
	row := []any{name}
	if withReceptions {
		row = append(row, f.Receptions, f.Visitors)
	} else {
		row = append(row, "—", "—")
	}
	row = append(row, f.Cases, f.OnSpot, f.Assigned, f.Suggestion, f.Hotline, f.Mediation, f.Other, f.Closed, f.Overdue)
	if f.Cases == 0 {
		return append(row, "—")
	}
	return append(row, f.Rate())
}

// tables returns the four sheets' contents; the xlsx and the PDF print the
// same cells.
func (l *Ledger) tables() map[string][]table {
	st := table{caption: "一、按联络站点汇总", cols: l.summaryCols("联络站点")}
	for _, r := range l.ByStation {
		st.rows = append(st.rows, figureRow(r.Name, r.Figures, true))
	}
	st.rows = append(st.rows, figureRow("合计", l.Total, true))
	ct := table{caption: "二、按事项类别汇总", cols: l.summaryCols("事项类别")}
	for _, r := range l.ByCategory {
		ct.rows = append(ct.rows, figureRow(r.Name, r.Figures, false))
	}
	ct.rows = append(ct.rows, figureRow("合计", l.Total, true))

	rt := table{caption: "本月接待记录（按日期）", cols: []column{{"序号", 5, 6}, {"接待日期", 15, 15}, {"方式", 8, 14}, {"站点／地点", 14, 30},
		{"到场代表", 12, 30}, {"接待人次", 8, 9}, {"反映事项（件）", 8, 9}, {"备注", 10, 30}}}
	for i, r := range l.Receptions {
		place := r.StationNm
		if place == "" {
			place = r.Place
		} else if r.Place != "" {
			place += "（" + r.Place + "）"
		}
		rt.rows = append(rt.rows, []any{i + 1, l.day(r.Day), r.Kind, place, strings.Join(r.DeputyNames, "、"), r.Visitors, r.CaseCount, r.Notes})
	}

	// Widths are kept to what a landscape A4 page holds at about 80 %, so the
	// 11 pt cells print at 9 pt or more; long text wraps instead of widening.
	// (With 身份证号 shown the sheet is wider and prints smaller.)
	cols := []column{{"编号", 11, 11}, {"登记日期", 10, 17}, {"站点", 7, 8}, {"反映人", 7, 7}, {"联系电话", 13, 13}, {"村（社区）", 7, 7}}
	if l.Opts.ShowIDNumbers {
		cols = append(cols, column{"身份证号", 21, 21})
	}
	cols = append(cols, []column{{"类别", 7, 7}, {"反映内容", 14, 14}, {"办理方式", 8, 8}, {"主办单位", 8, 8}, {"办理时限", 10, 17},
		{"当前状态（满意度）", 7, 7}, {"办结日期", 10, 17}, {"办理结果／答复", 12, 12}, {"超期", 5, 5}}...)
	kt := table{caption: "本月登记、办理或催办的事项及其当前状态", cols: cols, note: "说明：" + OverdueDefinition}
	for _, c := range l.Cases {
		row := []any{c.No, l.day(c.Day), orDash(c.StationName), c.VisitorName, c.Phone, c.VisitorVillage}
		if l.Opts.ShowIDNumbers {
			row = append(row, c.IDNo)
		}
		overdue := ""
		if c.Overdue {
			overdue = "超期"
		}
		disp := c.Disposition
		if c.HotlineNo != "" {
			disp += "（工单" + c.HotlineNo + "，" + c.HotlineState + "）"
		}
		if c.SuggestionNo != "" {
			disp += "（" + c.SuggestionNo + "，" + c.SuggestionDept
			if c.SuggestionClass != "" {
				disp += "，" + c.SuggestionClass + "类"
			}
			disp += "）"
		}
		status := c.Status
		if c.Satisfaction != "" {
			status += "（" + c.Satisfaction + "）"
		}
		row = append(row, c.Category, c.Content, disp, c.LeadUnit, l.day(c.Deadline), status, l.day(c.ClosedDay),
			c.Result, overdue)
		kt.rows = append(kt.rows, row)
	}

	dt := table{caption: "本月代表值班、参加接待及收集意见情况（值班含替他人值班）", cols: []column{{"序号", 5, 6}, {"姓名", 8, 10}, {"层级", 6, 10}, {"代表小组", 14, 26},
		{"排班（次）", 8, 8}, {"到岗（次）", 8, 8}, {"请假（次）", 8, 8}, {"缺席（次）", 8, 8},
		{"参加接待（次）", 9, 9}, {"接待群众（人次）", 9, 9}, {"收集意见（件）", 9, 9}, {"其中办结（件）", 9, 9}}}
	for i, d := range l.Deputies {
		dt.rows = append(dt.rows, []any{i + 1, d.Name, d.Levels, d.Groups, d.Duties, d.DutiesHeld, d.DutiesLeave, d.DutiesMissed,
			d.Receptions, d.Visitors, d.Cases, d.Closed})
	}
	return map[string][]table{SheetSummary: {st, ct}, SheetReceptions: {rt}, SheetCases: {kt}, SheetDeputies: {dt},
		SheetReferrals: l.referralTables(calendar.Today(l.Opts.Date))}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// textWidth is the width of s in Excel character units: a Chinese
// character takes two.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2E80 {
			w++
		} else {
			w += 2
		}
	}
	return w
}

func cellText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case day:
		if t, ok := xlsxprint.Day(x.iso); ok && x.short {
			return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
		}
		return store.FormatDate(x.iso)
	case float64:
		return fmt.Sprintf("%.0f%%", 100*x)
	default:
		return fmt.Sprint(x)
	}
}

// widths fits each column to its longest line, between its min and max.
func (t *table) widths() []float64 {
	ws := make([]float64, len(t.cols))
	for i, c := range t.cols {
		w := textWidth(c.title) + 1
		for _, r := range t.rows {
			w = math.Max(w, textWidth(cellText(r[i]))+1.5)
		}
		ws[i] = math.Min(math.Max(w, c.min), c.max)
	}
	return ws
}

type styles struct {
	title, meta, caption, header, text, num, pct, note, date, monthDay int
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	defs := []*excelize.Style{
		{Font: font(16, true), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Font: font(10, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}},
		{Font: font(11, true), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}},
		{Font: font(10, true), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: font(11, false), Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}},
		{Font: font(11, false), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Font: font(11, false), Border: border, NumFmt: 9, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Font: font(11, false), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		{Font: font(11, false), Border: border, CustomNumFmt: &xlsxprint.DateFormat, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Font: font(11, false), Border: border, CustomNumFmt: &xlsxprint.MonthDayFormat, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return styles{}, fmt.Errorf("ledger: style: %w", err)
		}
		ids[i] = id
	}
	return styles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8], ids[9]}, nil
}

// WriteXLSX writes the 月度台账 workbook: four sheets, each with the title
// block, frozen and repeated header rows, fitted widths, wrapped text,
// borders, and A4 landscape printing fitted to the page width.
func (l *Ledger) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	tabs := l.tables()
	for i, name := range ledgerSheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := l.writeSheet(f, st, name, tabs[name]); err != nil {
			return fmt.Errorf("ledger: sheet %s: %w", name, err)
		}
	}
	f.SetDocProps(&excelize.DocProperties{Title: l.Title, Creator: l.Opts.Unit,
		Created: xlsxprint.Stamp(l.Opts.Date), Modified: xlsxprint.Stamp(l.Opts.Date)})
	return f.Write(w)
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// writeSheet sets the print setup, then streams the rows: excelize's stream
// writer writes each row once with its styles, instead of building the
// whole sheet in memory and restyling ranges.
func (l *Ledger) writeSheet(f *excelize.File, st styles, name string, tabs []table) error {
	ncol := len(tabs[0].cols)
	widths := tabs[0].widths()
	for _, t := range tabs[1:] {
		for i, w := range t.widths() {
			widths[i] = math.Max(widths[i], w)
		}
	}
	// Print setup lives in the worksheet part the stream writer copies, so
	// it is set before streaming begins.
	setup := xlsxprint.Setup{Landscape: true, HeaderRows: headerRow}
	if err := xlsxprint.Apply(f, name, setup); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(setup.Panes()); err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	row := 1
	// line writes one merged full-width row of text.
	line := func(text string, style int, height float64) error {
		if err := sw.MergeCell(cell(1, row), cell(ncol, row)); err != nil {
			return err
		}
		cells := make([]any, ncol)
		cells[0] = excelize.Cell{StyleID: style, Value: text}
		for i := 1; i < ncol; i++ {
			cells[i] = excelize.Cell{StyleID: style}
		}
		err := sw.SetRow(cell(1, row), cells, excelize.RowOpts{Height: height})
		row++
		return err
	}
	if err := line(l.Title, st.title, 30); err != nil {
		return err
	}
	if err := line(fmt.Sprintf("制表单位：%s　　制表人：%s　　制表日期：%s", l.Opts.Unit, l.Opts.Maker, l.Opts.Date.In(calendar.Beijing).Format("2006年1月2日")), st.meta, 0); err != nil {
		return err
	}
	for ti, t := range tabs {
		if ti > 0 {
			row++ // a blank row between tables
		}
		if err := line(t.caption, st.caption, 0); err != nil {
			return err
		}
		head := make([]any, len(t.cols))
		for i, c := range t.cols {
			head[i] = excelize.Cell{StyleID: st.header, Value: c.title}
		}
		if err := sw.SetRow(cell(1, row), head, excelize.RowOpts{Height: 42}); err != nil {
			return err
		}
		row++
		// Text left and wrapped, counts centred, the rate as a percentage.
		colStyle := make([]int, len(t.cols))
		for i := range t.cols {
			colStyle[i] = st.text
			if len(t.rows) > 0 {
				switch t.rows[0][i].(type) {
				case int:
					colStyle[i] = st.num
				case float64:
					colStyle[i] = st.pct
				}
			}
			if name == SheetSummary && i > 0 {
				colStyle[i] = st.num
				if i == len(t.cols)-1 {
					colStyle[i] = st.pct
				}
			}
		}
		for _, r := range t.rows {
			lines := 1.0
			cells := make([]any, len(r))
			for i, v := range r {
				cells[i] = excelize.Cell{StyleID: colStyle[i], Value: v}
				if d, ok := v.(day); ok {
					tm, ok := xlsxprint.Day(d.iso)
					switch {
					case ok && d.short:
						cells[i] = excelize.Cell{StyleID: st.monthDay, Value: tm}
					case ok:
						cells[i] = excelize.Cell{StyleID: st.date, Value: tm}
					default:
						cells[i] = excelize.Cell{StyleID: st.num, Value: d.iso}
					}
					continue
				}
				if s, ok := v.(string); ok {
					// 11 pt text is about 1.05 times the width unit's 10 pt; lines break at words, so round up.
					if n := math.Ceil(textWidth(s) * 1.05 / (widths[i] - 1)); n > lines {
						lines = n
					}
				}
			}
			opts := excelize.RowOpts{}
			if lines > 1 {
				opts.Height = 14.5*lines + 3
			}
			if err := sw.SetRow(cell(1, row), cells, opts); err != nil {
				return err
			}
			row++
		}
	}
	if name == SheetSummary {
		row++
		if err := line("说明："+RateDefinition+"当场答复至其他六栏按办理方式统计，相加等于收集意见件数。"+OverdueDefinition+"“—”表示不适用。", st.note, 44); err != nil {
			return err
		}
	}
	for _, t := range tabs {
		if t.note != "" {
			row++
			if err := line(t.note, st.note, 30); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}
