package register

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/store"
)

// MaxRows bounds a sheet so a stray formatted million-row column cannot hang
// the import.
const MaxRows = 20000

// headerScan is how many rows from the top are searched for the header row;
// county sheets put a title, a unit line and a date above it.
const headerScan = 15

// ParseFile reads a register workbook. See Parse.
func ParseFile(path string) (store.DeputyImport, error) {
	fh, err := os.Open(path)
	if err != nil {
		return store.DeputyImport{}, fmt.Errorf("无法打开文件：%w", err)
	}
	defer fh.Close()
	return Parse(fh)
}

// Parse reads a register workbook and checks every row. If any row is bad it
// returns *store.ImportError listing every problem as 第N行 「字段」：原因;
// a file that is not a register at all gets a plain Chinese error.
func Parse(r io.Reader) (store.DeputyImport, error) {
	var imp store.DeputyImport
	f, err := excelize.OpenReader(r)
	if err != nil {
		return imp, errors.New("无法读取该文件，请确认它是 Excel 工作簿（.xlsx）")
	}
	defer f.Close()
	props, _ := f.GetWorkbookProps()
	date1904 := props.Date1904 != nil && *props.Date1904
	for _, sheet := range f.GetSheetList() {
		if sheet == NotesSheet || sheet == OptionsSheet {
			continue
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return imp, fmt.Errorf("无法读取工作表“%s”：%w", sheet, err)
		}
		hdr, cols := findHeader(rows)
		if hdr < 0 {
			continue
		}
		if err := fillMerged(f, sheet, rows, hdr); err != nil {
			return imp, err
		}
		isNumber := func(row, col int) bool {
			cell, _ := excelize.CoordinatesToCellName(col+1, row+1)
			t, err := f.GetCellType(sheet, cell)
			return err == nil && (t == excelize.CellTypeNumber || t == excelize.CellTypeUnset)
		}
		return parseRows(rows, hdr, cols, date1904, isNumber)
	}
	return imp, errors.New("没有找到代表名册的表头：表格前几行中应有“姓名”“联系电话”“代表层级”等栏目")
}

// findHeader returns the 0-based header row and, for each column index, the
// register column it holds (nil for unknown columns).
func findHeader(rows [][]string) (int, []*column) {
	for i := 0; i < len(rows) && i < headerScan; i++ {
		cols := make([]*column, len(rows[i]))
		known, hasName := 0, false
		for j, cell := range rows[i] {
			c := lookupColumn(cell)
			if c == nil {
				continue
			}
			cols[j] = c
			known++
			hasName = hasName || c.Field == "Name"
		}
		if hasName && known >= 3 {
			return i, cols
		}
	}
	return -1, nil
}

// headerKey strips what people add to headers: spaces, line breaks, “*” for
// required, and notes in brackets.
func headerKey(s string) string {
	s = store.Normalize(s)
	if i := strings.IndexAny(s, "（("); i > 0 {
		s = s[:i]
	}
	return strings.NewReplacer(" ", "", "\n", "", "\r", "", "*", "", "＊", "", "：", "", ":", "").Replace(s)
}

func lookupColumn(cell string) *column {
	k := headerKey(cell)
	if k == "" {
		return nil
	}
	for i := range columns {
		c := &columns[i]
		if k == c.Header {
			return c
		}
		for _, a := range c.Aliases {
			if k == a {
				return c
			}
		}
	}
	return nil
}

// fillMerged copies a merged cell's value into every cell it covers below the
// header, since sheets often merge the 代表小组 cell over its members.
func fillMerged(f *excelize.File, sheet string, rows [][]string, hdr int) error {
	// Values come from rows (raw), not from excelize, which would re-read each cell.
	merged, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return fmt.Errorf("无法读取合并单元格：%w", err)
	}
	for _, m := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r1-1 <= hdr {
			continue
		}
		v := ""
		if r1-1 < len(rows) && c1-1 < len(rows[r1-1]) {
			v = rows[r1-1][c1-1]
		}
		if r2 > MaxRows {
			r2 = MaxRows
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r-1 < len(rows) {
					for len(rows[r-1]) < c {
						rows[r-1] = append(rows[r-1], "")
					}
					rows[r-1][c-1] = v
				}
			}
		}
	}
	return nil
}

// parseRows reads the data rows below the header. isNumber tells whether a
// cell (0-based) was stored as a number rather than text.
func parseRows(rows [][]string, hdr int, cols []*column, date1904 bool, isNumber func(row, col int) bool) (store.DeputyImport, error) {
	imp := store.DeputyImport{Columns: map[string]bool{}}
	seqCol := -1
	for j, c := range cols {
		if c != nil {
			imp.Columns[c.Field] = true
		}
		if j < len(rows[hdr]) && headerKey(rows[hdr][j]) == seqHeader {
			seqCol = j
		}
	}
	var errs []store.RowError
	if len(rows)-hdr-1 > MaxRows {
		return imp, fmt.Errorf("表格行数过多（超过%d行），请检查是否选错了文件", MaxRows)
	}
	for i := hdr + 1; i < len(rows); i++ {
		line := i + 1
		cells := rows[i]
		if blank(cells) {
			continue
		}
		if seqCol >= 0 && seqCol < len(cells) && store.Normalize(cells[seqCol]) == exampleMark {
			continue
		}
		row := store.ImportRow{Line: line}
		var rowErrs []store.RowError
		for j, c := range cols {
			if c == nil || j >= len(cells) {
				continue
			}
			v, msg := cellValue(c, cells[j], date1904)
			if c.Field == "IDNumber" && len(v) >= 15 && isNumber(i, j) {
				// 18 digits exceed a double's precision: Excel has already lost the last ones.
				msg = idAsNumber
			}
			if msg != "" {
				rowErrs = append(rowErrs, store.RowError{Row: line, Field: c.Field, Label: c.Header, Message: msg})
				continue
			}
			if err := set(&row, c.Field, v); err != nil {
				rowErrs = append(rowErrs, store.RowError{Row: line, Field: c.Field, Label: c.Header, Message: err.Error()})
			}
		}
		d := row.Deputy
		if err := d.Validate(); err != nil {
			for _, e := range store.RowErrorsFrom(line, err) {
				// Fields the sheet lacks are kept from the stored deputy; the store checks them.
				if !imp.Columns[e.Field] && e.Field != "StatusDate" && e.Field != "StatusReason" {
					continue
				}
				if hasField(rowErrs, e.Field) {
					continue
				}
				rowErrs = append(rowErrs, e)
			}
		}
		errs = append(errs, rowErrs...)
		imp.Rows = append(imp.Rows, row)
	}
	if len(errs) > 0 {
		return imp, &store.ImportError{Errors: errs}
	}
	if len(imp.Rows) == 0 {
		return imp, errors.New("表格中没有代表数据（表头下方都是空行）")
	}
	return imp, nil
}

func hasField(errs []store.RowError, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

func blank(cells []string) bool {
	for _, c := range cells {
		if store.Normalize(c) != "" {
			return false
		}
	}
	return true
}

const idAsNumber = "被Excel存成了数字，末几位已丢失；请把该列设为文本格式后重新填写"

// cellValue turns a raw cell into text for a field, undoing what Excel does
// to numbers: phones and ID numbers stored as numbers, dates as serials.
func cellValue(c *column, raw string, date1904 bool) (string, string) {
	v := store.Normalize(raw)
	switch c.Field {
	case "Notes":
		return strings.TrimSpace(raw), "" // free text keeps its full-width punctuation
	case "BirthDate", "StatusDate":
		return dateValue(v, date1904)
	case "Phone", "CertNo", "IDNumber":
		if f, err := strconv.ParseFloat(v, 64); err == nil && strings.ContainsAny(v, "eE.") {
			if c.Field == "IDNumber" && f >= 1e15 {
				return "", idAsNumber
			}
			if f == math.Trunc(f) {
				v = strconv.FormatFloat(f, 'f', -1, 64)
			}
		}
	}
	return v, ""
}

// dateValue reads a date cell: text the store can parse, an Excel serial
// date, or a number typed as 1975.03 (which Excel keeps as 1975.03, and
// 1975.10 as 1975.1).
func dateValue(v string, date1904 bool) (string, string) {
	if v == "" {
		return "", ""
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || strings.ContainsAny(v, "-/") {
		return v, ""
	}
	if len(v) == 8 && !strings.Contains(v, ".") {
		return v, "" // 19750308
	}
	if f >= 1900 && f < 2200 {
		year := int(f)
		month := int(math.Round((f - float64(year)) * 100))
		if month < 1 || month > 12 {
			return "", "无法识别，应如 1975-03-08 或 1975.03"
		}
		return fmt.Sprintf("%04d-%02d", year, month), ""
	}
	if f > 2200 && f < 2958466 {
		t, err := excelize.ExcelDateToTime(f, date1904)
		if err == nil {
			return t.Format(time.DateOnly), ""
		}
	}
	return "", "无法识别，应如 1975-03-08 或 1975.03"
}

// set stores one cell's text in the row.
func set(r *store.ImportRow, field, v string) error {
	d := &r.Deputy
	switch field {
	case store.GroupsColumn:
		r.Groups = strings.FieldsFunc(v, func(c rune) bool { return strings.ContainsRune("、,，;；/\n", c) })
	case "Levels":
		ls, err := store.ParseLevels(v)
		if err != nil {
			return err
		}
		d.Levels = ls
	case "Name":
		d.Name = strings.ReplaceAll(v, " ", "")
	case "Gender":
		d.Gender = v
	case "Ethnicity":
		d.Ethnicity = v
	case "BirthDate":
		d.BirthDate = v
	case "Party":
		d.Party = v
	case "Education":
		d.Education = v
	case "WorkUnit":
		d.WorkUnit = v
	case "Post":
		d.Post = v
	case "Phone":
		d.Phone = v
	case "IDNumber":
		d.IDNumber = v
	case "CertNo":
		d.CertNo = v
	case "District":
		d.District = v
	case "Term":
		d.Term = v
	case "Category":
		d.Category = v
	case "Status":
		d.Status = v
	case "StatusDate":
		d.StatusDate = v
	case "StatusReason":
		d.StatusReason = v
	case "Notes":
		d.Notes = v
	default:
		return fmt.Errorf("register: unknown field %s", field)
	}
	return nil
}
