package register

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
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

// errTooManyRows refuses a sheet with more data rows than any register.
var errTooManyRows = fmt.Errorf("表格中有数据的行过多（超过%d行），请检查是否选错了文件", MaxRows)

// ParseFile reads a register workbook. See Parse.
func ParseFile(path string) (store.DeputyImport, error) {
	fh, err := os.Open(path)
	if err != nil {
		return store.DeputyImport{}, fmt.Errorf("无法打开文件：%w", err)
	}
	defer fh.Close()
	return ParseNamed(filepath.Base(path), fh)
}

// ParseNamed is Parse for a file whose name is known: a file called .xlsx
// whose content is text is damaged or misnamed, not a CSV.
func ParseNamed(name string, r io.Reader) (store.DeputyImport, error) {
	return parse(strings.ToLower(filepath.Ext(name)), r)
}

// Parse reads a register — .xlsx, .xls, .ods or .csv (UTF-8 or GBK) — from
// the first visible sheet that has a register header, and checks every row.
// Problems in cells are returned in DeputyImport.Errors (第N行 「字段」：原因),
// not as an error, so that the store's checks across rows (duplicate 代表证号,
// a 代表证号 of another person) are reported in the same pass; the store
// refuses a DeputyImport that has Errors. An error return means the file
// could not be read at all or is not a register, in plain Chinese.
func Parse(r io.Reader) (store.DeputyImport, error) { return parse("", r) }

func parse(ext string, r io.Reader) (store.DeputyImport, error) {
	var imp store.DeputyImport
	tables, format, err := readTables(ext, r)
	if err != nil {
		return imp, err
	}
	defer func() {
		for _, t := range tables {
			if t.close != nil {
				t.close()
			}
		}
	}()
	var hiddenWithHeader []string
	for _, t := range tables {
		if t.name == NotesSheet || t.name == OptionsSheet {
			continue
		}
		hdr, cols := findHeader(t.rows)
		if hdr < 0 {
			continue
		}
		if t.hidden {
			// A stale hidden sheet (旧名册) must never overwrite the current one.
			hiddenWithHeader = append(hiddenWithHeader, t.name)
			continue
		}
		fillMerged(t, hdr)
		imp, err := parseRows(t, hdr, cols)
		imp.Format = format
		imp.Sheet = t.name
		if len(hiddenWithHeader) > 0 {
			imp.Notes = append(imp.Notes, "隐藏的工作表“"+strings.Join(hiddenWithHeader, "”“")+"”未读取")
		}
		return imp, err
	}
	if len(hiddenWithHeader) > 0 {
		return imp, fmt.Errorf("名册在隐藏的工作表“%s”中，隐藏的工作表不会导入。如果它是现用的名册，请在 Excel 或 WPS 中取消隐藏后再导入", hiddenWithHeader[0])
	}
	return imp, errors.New("没有找到代表名册的表头：表格前几行中应有“姓名”“联系电话”“代表层级”等栏目")
}

// findHeader returns the index in rows of the header row (searched among
// the first headerScan lines) and, for each column, the register column it
// holds (nil for unknown columns).
func findHeader(rows []trow) (int, []*column) {
	for i := 0; i < len(rows) && rows[i].line <= headerScan; i++ {
		cols := make([]*column, len(rows[i].cells))
		known, hasName := 0, false
		for j, cell := range rows[i].cells {
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

// fillMerged copies a merged cell's value into every cell it covers below
// the header, since sheets often merge the 代表小组 cell over its members.
// Only rows that hold something are filled: a merge never creates rows.
func fillMerged(t *table, hdr int) {
	hdrLine := t.rows[hdr].line
	for _, m := range t.merges {
		if m.line1 <= hdrLine {
			continue
		}
		v := ""
		i, found := slices.BinarySearchFunc(t.rows, m.line1, func(r trow, l int) int { return r.line - l })
		if found && m.col1 < len(t.rows[i].cells) {
			v = t.rows[i].cells[m.col1]
		}
		for ; i < len(t.rows) && t.rows[i].line <= m.line2; i++ {
			r := &t.rows[i]
			for len(r.cells) <= m.col2 {
				r.cells = append(r.cells, "")
			}
			for c := m.col1; c <= m.col2; c++ {
				r.cells[c] = v
			}
		}
	}
}

// footerWords start the rows county rosters put below the data: signature
// lines, totals and notes. The first such row ends the data; what follows is
// skipped with it.
var footerWords = []struct{ prefix, why string }{
	{"填表人", "表尾签字行"}, {"填报人", "表尾签字行"}, {"审核人", "表尾签字行"}, {"审核", "表尾签字行"},
	{"制表", "表尾签字行"}, {"负责人", "表尾签字行"}, {"经办人", "表尾签字行"}, {"分管领导", "表尾签字行"},
	{"主要领导", "表尾签字行"}, {"填表日期", "表尾签字行"}, {"填报日期", "表尾签字行"}, {"报送日期", "表尾签字行"},
	{"合计", "合计行"}, {"总计", "合计行"}, {"共计", "合计行"},
	{"说明", "说明行"}, {"备注：", "说明行"}, {"备注:", "说明行"}, {"注：", "说明行"}, {"注:", "说明行"}, {"注1", "说明行"},
}

// footerReason says why a row is a footer ("" if it is not): its first
// non-empty cell starts with one of footerWords.
func footerReason(cells []string) string {
	for _, c := range cells {
		v := strings.ReplaceAll(store.Normalize(c), " ", "")
		if v == "" {
			continue
		}
		for _, f := range footerWords {
			if strings.HasPrefix(v, f.prefix) {
				return f.why
			}
		}
		return ""
	}
	return ""
}

// subtotal rows (小计) sit between the groups of some rosters.
func isSubtotal(cells []string) bool {
	for _, c := range cells {
		if v := strings.ReplaceAll(store.Normalize(c), " ", ""); v != "" {
			return strings.HasPrefix(v, "小计")
		}
	}
	return false
}

// sectionTitle reports whether a row is a heading inside the data (一、县人大代表):
// one text, maybe merged across, and no name.
func sectionTitle(cells []string, nameCol int) bool {
	if !allSame(cells) {
		return false
	}
	if nameCol < 0 || nameCol >= len(cells) || store.Normalize(cells[nameCol]) == "" {
		return true
	}
	n := 0 // a name alone is a deputy with missing cells; the same text across cells is a merged title
	for _, c := range cells {
		if store.Normalize(c) != "" {
			n++
		}
	}
	return n > 1
}

func allSame(cells []string) bool {
	v := ""
	for _, c := range cells {
		c = store.Normalize(c)
		if c == "" {
			continue
		}
		if v != "" && c != v {
			return false
		}
		v = c
	}
	return v != ""
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

func firstText(cells []string) string {
	for _, c := range cells {
		if v := store.Normalize(c); v != "" {
			return v
		}
	}
	return ""
}

// parseRows reads the data rows below the header (t.rows[hdr]).
func parseRows(t *table, hdr int, cols []*column) (store.DeputyImport, error) {
	imp := store.DeputyImport{Columns: map[string]bool{}}
	header := t.rows[hdr]
	for _, r := range t.rows[:hdr] {
		imp.Skipped = append(imp.Skipped, store.SkippedRow{Line: r.line, Reason: "表头上方的标题或说明", Text: short(firstText(r.cells))})
	}
	seqCol, nameCol := -1, -1
	for j, c := range cols {
		if c != nil {
			imp.Columns[c.Field] = true
			if c.Field == "Name" && nameCol < 0 {
				nameCol = j
			}
		}
		k := headerKey(header.cells[j])
		switch {
		case k == seqHeader:
			seqCol = j
		case c == nil && k != "":
			col, _ := excelize.ColumnNumberToName(j + 1)
			imp.Ignored = append(imp.Ignored, fmt.Sprintf("%s列「%s」", col, short(header.cells[j])))
		}
	}
	if len(t.rows)-hdr-1 > MaxRows {
		return imp, errTooManyRows
	}
	var errs []store.RowError
	footerAt := 0 // line of the first footer row: the data ends there
	for i := hdr + 1; i < len(t.rows); i++ {
		line, cells := t.rows[i].line, t.rows[i].cells
		why := footerReason(cells)
		if why != "" && footerAt == 0 {
			footerAt = line
		}
		if why == "" && footerAt > 0 {
			why = fmt.Sprintf("位于第%d行表尾之后", footerAt)
		}
		switch {
		case why != "":
			imp.Skipped = append(imp.Skipped, store.SkippedRow{Line: line, Reason: why, Text: short(firstText(cells))})
			continue
		case isSubtotal(cells):
			imp.Skipped = append(imp.Skipped, store.SkippedRow{Line: line, Reason: "小计行", Text: short(firstText(cells))})
			continue
		case seqCol >= 0 && seqCol < len(cells) && store.Normalize(cells[seqCol]) == exampleMark:
			imp.Skipped = append(imp.Skipped, store.SkippedRow{Line: line, Reason: "模板中的示例行"})
			continue
		case !mappedContent(cells, cols):
			imp.Skipped = append(imp.Skipped, store.SkippedRow{Line: line, Reason: "只在未导入的栏目中有内容", Text: short(firstText(cells))})
			continue
		case sectionTitle(cells, nameCol):
			imp.Skipped = append(imp.Skipped, store.SkippedRow{Line: line, Reason: "表中的分类标题行", Text: short(firstText(cells))})
			continue
		}
		row := store.ImportRow{Line: line}
		var rowErrs []store.RowError
		for j, c := range cols {
			if c == nil || j >= len(cells) {
				continue
			}
			v, msg := cellValue(c, cells[j], t.date1904)
			if c.Field == "IDNumber" && len(v) >= 15 && t.isNumber(line, j) {
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
	imp.Errors = errs
	if len(imp.Rows) == 0 {
		return imp, errors.New("表格中没有代表数据（表头下方都是空行或表尾）")
	}
	return imp, nil
}

// mappedContent reports whether a row holds something in a column that is
// imported (序号 alone does not count).
func mappedContent(cells []string, cols []*column) bool {
	for j, c := range cols {
		if c != nil && j < len(cells) && store.Normalize(cells[j]) != "" {
			return true
		}
	}
	return false
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
