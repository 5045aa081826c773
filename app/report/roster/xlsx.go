package roster

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/report/xlsxprint"
)

var xlsxHead = []string{"日期", "星期", "时间", "值班代表", "联系电话", "备注"}

// sheetName makes a valid, unique Excel sheet name (at most 31 characters,
// none of : \ / ? * [ ]).
func sheetName(name string, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, name)
	r := []rune(name)
	if len(r) > 28 {
		r = r[:28]
	}
	base := string(r)
	out := base
	for i := 2; used[out]; i++ {
		out = fmt.Sprintf("%s(%d)", base, i)
	}
	used[out] = true
	return out
}

// WriteXLSX writes the same roster as WritePDF, one sheet per station, for
// the county: a title row, the address and 接待时间, a header, and one row
// per duty with the deputies and phones one per line in their cells.
func WriteXLSX(w io.Writer, doc Doc) error {
	f := excelize.NewFile()
	defer f.Close()
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	border := []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "right", Style: 1, Color: "000000"},
		{Type: "top", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}}
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6E6E6"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	cell, _ := f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	dateCell, _ := f.NewStyle(&excelize.Style{Border: border, CustomNumFmt: &xlsxprint.DateFormat,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	madeOn, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &xlsxprint.DateFormat, Alignment: &excelize.Alignment{Horizontal: "left"}})
	right, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right"}})
	used := map[string]bool{}
	first := true
	sheets := doc.Sheets
	if len(sheets) == 0 {
		sheets = []Sheet{{Title: doc.Period.Label + "代表接待安排表"}}
	}
	for _, sh := range sheets {
		name := sheetName(sh.Station.Name, used)
		if sh.Station.Name == "" {
			name = sheetName("接待安排", used)
		}
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return fmt.Errorf("report: roster xlsx: %w", err)
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("report: roster xlsx: %w", err)
		}
		set := func(c string, v any) {
			if err := f.SetCellValue(name, c, v); err != nil {
				panic(err) // only a bad cell name, fixed in this file
			}
		}
		set("A1", sh.Title)
		f.MergeCell(name, "A1", "F1")
		f.SetCellStyle(name, "A1", "F1", title)
		f.SetRowHeight(name, 1, 30)
		info := "接待地点：" + sh.Station.Address
		if sh.Station.Phone != "" {
			info += "    联系电话：" + sh.Station.Phone
		}
		set("A2", info)
		f.MergeCell(name, "A2", "F2")
		set("A3", "接待时间："+sh.Rule)
		f.MergeCell(name, "A3", "F3")
		for i, h := range xlsxHead {
			c, _ := excelize.CoordinatesToCellName(i+1, 4)
			set(c, h)
		}
		f.SetCellStyle(name, "A4", "F4", head)
		row := 5
		for _, r := range sh.Rows {
			// The date is a real date cell, shown 2026年12月4日.
			day, ok := xlsxprint.Day(r.Day)
			vals := []any{r.Date, r.Weekday, r.Time, strings.Join(r.Names, "\n"), strings.Join(r.Phones, "\n"), r.Note}
			if ok {
				vals[0] = day
			}
			for i, v := range vals {
				c, _ := excelize.CoordinatesToCellName(i+1, row)
				set(c, v)
			}
			f.SetRowHeight(name, row, float64(max(1, len(r.Names)))*15+4)
			row++
		}
		if row > 5 {
			f.SetCellStyle(name, "A5", fmt.Sprintf("F%d", row-1), cell)
			f.SetCellStyle(name, "A5", fmt.Sprintf("A%d", row-1), dateCell)
		}
		row++
		set(fmt.Sprintf("A%d", row), "制表单位："+doc.Maker())
		set(fmt.Sprintf("D%d", row), "制表日期：")
		f.SetCellStyle(name, fmt.Sprintf("D%d", row), fmt.Sprintf("D%d", row), right)
		set(fmt.Sprintf("E%d", row), xlsxprint.LocalDay(doc.MadeOn))
		f.SetCellStyle(name, fmt.Sprintf("E%d", row), fmt.Sprintf("E%d", row), madeOn)
		for col, wd := range map[string]float64{"A": 18, "B": 9, "C": 14, "D": 26, "E": 18, "F": 30} {
			f.SetColWidth(name, col, col, wd)
		}
		// Landscape A4 fitted to the width: the six columns are wider than a portrait page.
		if err := xlsxprint.ApplyAll(f, name, xlsxprint.Setup{Landscape: true, HeaderRows: 4}); err != nil {
			return fmt.Errorf("report: roster xlsx: %w", err)
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: roster xlsx: %w", err)
	}
	return nil
}
