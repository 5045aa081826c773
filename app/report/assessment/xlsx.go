// Package assessment writes the 年度履职考核 outputs: the results workbook
// with the rules used, the rules alone, the 《履职测评结果反馈通知书》 for
// every deputy, and a deputy's 履职档案. It never imports Fyne.
package assessment

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/assess"
	"deputydesk/app/report/xlsxprint"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

// Meta is what the outputs print besides the results.
type Meta struct {
	Township string    // e.g. 城关镇, in titles
	Unit     string    // 制表单位 / 落款, e.g. 城关镇人大主席团
	Date     time.Time // 制表日期 / 落款日期
	// NoCompress writes PDFs uncompressed, for tests.
	NoCompress bool
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

type book struct {
	f                                        *excelize.File
	title, head, cell, num, left, date, note int
}

func newBook() *book {
	f := excelize.NewFile()
	b := &book{f: f}
	border := []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "right", Style: 1, Color: "000000"},
		{Type: "top", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}}
	b.title, _ = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	b.head, _ = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6E6E6"}}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.cell, _ = f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.left, _ = f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}})
	b.num, _ = f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	b.note, _ = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}})
	b.date, _ = f.NewStyle(&excelize.Style{CustomNumFmt: &xlsxprint.DateFormat, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}})
	return b
}

// rulesWidths are the 细则 columns' widths, chosen to print landscape on A4
// at full size.
var rulesWidths = []float64{5, 22, 7, 28, 7, 6, 26, 30}

// rulesSheet writes the 细则 onto sheet.
func (b *book) rulesSheet(sheet string, rules store.ScoringRules, town string) {
	f := b.f
	f.SetCellValue(sheet, "A1", fmt.Sprintf("%s%d年度%s（第%d版）", town, rules.Year, rules.Title, rules.Version))
	f.MergeCell(sheet, "A1", "H1")
	f.SetCellStyle(sheet, "A1", "H1", b.title)
	f.SetRowHeight(sheet, 1, 30)
	note := fmt.Sprintf("基础分 %g 分，满分 %g 分；%g 分及以上为优秀，%g 分及以上为合格，低于 %g 分为不合格。%s",
		rules.Base, rules.MaxTotal, rules.Excellent, rules.Pass, rules.Pass, proRateText(rules))
	f.SetCellValue(sheet, "A2", note)
	f.MergeCell(sheet, "A2", "H2")
	f.SetCellStyle(sheet, "A2", "H2", b.note)
	total := 0.0
	for _, w := range rulesWidths {
		total += w
	}
	f.SetRowHeight(sheet, 2, xlsxprint.RowHeight([]float64{total}, []string{note}, 11))
	head := []string{"序号", "评分项目", "类型", "计入的记录", "每次分值", "上限", "评定主体及权重", "改进建议"}
	for i, h := range head {
		f.SetCellValue(sheet, cellName(i+1, 3), h)
	}
	f.SetCellStyle(sheet, "A3", "H3", b.head)
	f.SetRowHeight(sheet, 3, xlsxprint.RowHeight(rulesWidths, head, 11))
	for i, it := range rules.Items {
		r := 4 + i
		var raters []string
		for _, rw := range it.Raters {
			raters = append(raters, fmt.Sprintf("%s %g", rw.Rater, rw.Weight))
		}
		per, limit := any(it.Points), any(it.Cap)
		if it.Kind == store.ItemManual {
			per, limit = "", it.Max
		}
		if it.Cap == 0 && it.Kind != store.ItemManual {
			limit = "不限"
		}
		vals := []any{i + 1, it.Name, store.ItemKindLabel(it.Kind), strings.Join(it.Sources, "、"), per, limit, strings.Join(raters, "；"), it.Advice}
		texts := make([]string, len(vals))
		for c, v := range vals {
			f.SetCellValue(sheet, cellName(c+1, r), v)
			texts[c] = fmt.Sprint(v)
		}
		f.SetCellStyle(sheet, cellName(1, r), cellName(8, r), b.left)
		f.SetCellStyle(sheet, cellName(1, r), cellName(1, r), b.num)
		f.SetCellStyle(sheet, cellName(5, r), cellName(6, r), b.num)
		// Rows keep their stored height when printed: make it fit the wrapped text.
		f.SetRowHeight(sheet, r, xlsxprint.RowHeight(rulesWidths, texts, 11))
	}
	for c, w := range rulesWidths {
		col, _ := excelize.ColumnNumberToName(c + 1)
		f.SetColWidth(sheet, col, col, w)
	}
}

func proRateText(r store.ScoringRules) string {
	if r.ProRate {
		return "年度中就任或离任的代表，加分项目按在任月数折算。"
	}
	return ""
}

// RulesSetup is how a 评分细则 sheet prints: the title, the grading note and
// the column headers repeat on every page.
var RulesSetup = xlsxprint.Setup{Landscape: true, HeaderRows: 3}

// ResultsSetup is how the 考核结果 sheet of y prints, marked 未定稿 until
// the year is finalised.
func ResultsSetup(y assess.Year) xlsxprint.Setup {
	return xlsxprint.Setup{Landscape: true, HeaderRows: 3, FreezeCols: 2, Draft: !y.Final}
}

// WriteRulesXLSX exports one year's 履职评分细则.
func WriteRulesXLSX(w io.Writer, rules store.ScoringRules, meta Meta) error {
	b := newBook()
	defer b.f.Close()
	b.f.SetSheetName("Sheet1", "评分细则")
	b.rulesSheet("评分细则", rules, meta.Township)
	if err := xlsxprint.ApplyAll(b.f, "评分细则", RulesSetup); err != nil {
		return fmt.Errorf("report: rules xlsx: %w", err)
	}
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("report: write rules xlsx: %w", err)
	}
	return nil
}

// WriteXLSX writes the year's results, one row per deputy in rank order
// with every item's points, the adjustment, total, rank, grade and
// completeness, and a second sheet with the rules used.
func WriteXLSX(w io.Writer, y assess.Year, meta Meta) error {
	b := newBook()
	f := b.f
	defer f.Close()
	const sheet = "考核结果"
	f.SetSheetName("Sheet1", sheet)
	head := []string{"名次", "姓名", "层级", "在任月数", "基础分"}
	for _, it := range y.Rules.Items {
		head = append(head, it.Name)
	}
	head = append(head, "加减分", "总分", "等次", "评定完成", "加减分理由")
	last := len(head)
	state := "（计算结果，未定稿）"
	if y.Final {
		state = "（已定稿 " + y.FinalisedAt.In(calendar.Beijing).Format("2006年1月2日") + "）"
	}
	f.SetCellValue(sheet, "A1", fmt.Sprintf("%s%d年度人大代表履职考核结果%s", meta.Township, y.Year, state))
	f.MergeCell(sheet, "A1", cellName(last, 1))
	f.SetCellStyle(sheet, "A1", cellName(last, 1), b.title)
	f.SetRowHeight(sheet, 1, 30)
	c := y.Counts()
	f.SetCellValue(sheet, "A2", fmt.Sprintf("共 %d 名代表：优秀 %d 名，合格 %d 名，不合格 %d 名。",
		len(y.Results), c[store.GradeExcellent], c[store.GradePass], c[store.GradeFail]))
	f.MergeCell(sheet, "A2", cellName(last-2, 2))
	// 制表日期 as a real date cell beside its label.
	f.SetCellValue(sheet, cellName(last-1, 2), "制表日期")
	f.SetCellValue(sheet, cellName(last, 2), xlsxprint.LocalDay(meta.Date))
	f.SetCellStyle(sheet, cellName(last, 2), cellName(last, 2), b.date)
	for i, h := range head {
		f.SetCellValue(sheet, cellName(i+1, 3), h)
	}
	f.SetCellStyle(sheet, "A3", cellName(last, 3), b.head)
	f.SetRowHeight(sheet, 3, 45)
	for i, r := range y.Results {
		row := 4 + i
		vals := []any{r.Rank, r.Name, r.Levels, int(r.Fraction*12 + 0.5), y.Rules.Base}
		for _, it := range y.Rules.Items {
			is, _ := r.Item(it.Code)
			vals = append(vals, is.Points)
		}
		done := "是"
		if !r.Complete {
			done = "否：缺" + strings.Join(r.Missing, "、")
		}
		vals = append(vals, r.Adjust, r.Total, r.Grade, done, strings.Join(r.Reasons, "；"))
		for c, v := range vals {
			f.SetCellValue(sheet, cellName(c+1, row), v)
		}
		f.SetCellStyle(sheet, cellName(1, row), cellName(last, row), b.cell)
		f.SetCellStyle(sheet, cellName(5, row), cellName(last-4, row), b.num)
	}
	// Narrow columns under wrapped headers keep the printed sheet at 9 pt
	// or more on landscape A4.
	widths := []float64{5, 8, 7, 5, 5}
	for range y.Rules.Items {
		widths = append(widths, 6)
	}
	widths = append(widths, 6, 6, 6, 12, 18)
	for c, w := range widths {
		col, _ := excelize.ColumnNumberToName(c + 1)
		f.SetColWidth(sheet, col, col, w)
	}
	headTexts := make([]string, len(head))
	copy(headTexts, head)
	f.SetRowHeight(sheet, 3, xlsxprint.RowHeight(widths, headTexts, 11))
	for i, r := range y.Results {
		done := ""
		if !r.Complete {
			done = "否：缺" + strings.Join(r.Missing, "、")
		}
		cells := make([]string, len(widths))
		cells[1], cells[2] = r.Name, r.Levels
		cells[last-2], cells[last-1] = done, strings.Join(r.Reasons, "；")
		f.SetRowHeight(sheet, 4+i, xlsxprint.RowHeight(widths, cells, 11))
	}
	if err := xlsxprint.ApplyAll(f, sheet, ResultsSetup(y)); err != nil {
		return fmt.Errorf("report: assessment xlsx: %w", err)
	}
	if _, err := f.NewSheet("评分细则"); err != nil {
		return fmt.Errorf("report: assessment xlsx: %w", err)
	}
	b.rulesSheet("评分细则", y.Rules, meta.Township)
	rs := RulesSetup
	rs.Draft = !y.Final
	if err := xlsxprint.ApplyAll(f, "评分细则", rs); err != nil {
		return fmt.Errorf("report: assessment xlsx: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("report: write assessment xlsx: %w", err)
	}
	return nil
}
