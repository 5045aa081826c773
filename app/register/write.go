package register

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/report/xlsxprint"
	"deputydesk/store"
)

// templateRows is how far down the drop-downs and text formats reach.
const templateRows = 2000

// Book is what the template and the export need from the database.
type Book struct {
	Township string   // e.g. 城关镇; used in the title
	Groups   []string // group names for the 代表小组 drop-down
	Deputies []store.Deputy
	// GroupsOf maps a deputy ID to the names of their groups.
	GroupsOf map[string][]string
}

// LoadBook reads the township, groups and (with deputies) the register.
func LoadBook(ctx context.Context, db *store.DB, deputies bool) (Book, error) {
	var b Book
	if t, err := db.Township(ctx); err == nil {
		b.Township = t.Name
	}
	gs, err := db.Groups(ctx)
	if err != nil {
		return b, err
	}
	for _, g := range gs {
		b.Groups = append(b.Groups, g.Name)
	}
	if !deputies {
		return b, nil
	}
	if b.Deputies, err = db.Deputies(ctx, store.DeputyFilter{}); err != nil {
		return b, err
	}
	b.GroupsOf, err = db.GroupNamesByDeputy(ctx)
	return b, err
}

// WriteTemplate writes the empty import template: title, headers, one
// example row, drop-downs and the 说明 sheet.
func WriteTemplate(w io.Writer, b Book) error {
	b.Deputies = nil
	return write(w, b, true)
}

// WriteExport writes the register in the template's layout, so an exported
// file can be edited in Excel and imported again.
func WriteExport(w io.Writer, b Book) error { return write(w, b, false) }

// PrintSetup is how the register sheet prints: its twenty columns over two
// landscape pages side by side, 序号 and 姓名 repeated on each, so the text
// stays readable (fitted to one page it would print at about 5 pt).
var PrintSetup = xlsxprint.Setup{Landscape: true, HeaderRows: 2, PagesWide: 2, TitleCols: 2}

func title(b Book) string {
	if b.Township == "" {
		return "人大代表名册"
	}
	return b.Township + "人大代表名册"
}

func colName(i int) string {
	n, _ := excelize.ColumnNumberToName(i)
	return n
}

func write(w io.Writer, b Book, example bool) (err error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return err
	}
	last := colName(len(columns) + 1)
	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	// Row 1: the title across every column.
	f.SetCellValue(SheetName, "A1", title(b))
	f.MergeCell(SheetName, "A1", last+"1")
	f.SetCellStyle(SheetName, "A1", last+"1", styles.title)
	f.SetRowHeight(SheetName, 1, 30)
	// Row 2: headers.
	headers := []any{seqHeader}
	for _, c := range columns {
		headers = append(headers, c.Header)
	}
	f.SetSheetRow(SheetName, "A2", &headers)
	f.SetColWidth(SheetName, "A", "A", 6)
	for i, c := range columns {
		n := colName(i + 2)
		f.SetColWidth(SheetName, n, n, c.Width)
		if c.Text {
			f.SetColStyle(SheetName, n, styles.text)
		}
	}
	// After the column formats, which would otherwise replace it.
	f.SetCellStyle(SheetName, "A2", last+"2", styles.header)
	f.SetRowHeight(SheetName, 2, 22)
	if err := xlsxprint.ApplyAll(f, SheetName, PrintSetup); err != nil {
		return err
	}

	row := 3
	if example {
		ex := []any{exampleMark, "张三", "男", "汉族", "1975-03-08", "中共党员", "大学", "城关镇人民政府", "副镇长",
			"13800000000", "", "X0001", "县、乡", firstOr(b.Groups, "第一代表小组"), "第一选区", "第十八届", "党政领导干部", "在任", "", "", "此行为示例，导入时自动跳过"}
		for i, c := range columns {
			if t, ok := xlsxprint.Day(fmt.Sprint(ex[i+1])); ok && isDate(c) {
				ex[i+1] = t
			}
		}
		f.SetSheetRow(SheetName, "A3", &ex)
		f.SetCellStyle(SheetName, "A3", last+"3", styles.example)
		for i, c := range columns {
			if isDate(c) {
				cell := colName(i+2) + "3"
				f.SetCellStyle(SheetName, cell, cell, styles.exampleDate)
			}
		}
		row = 4
	}
	// Full dates are written as date cells (the import reads their serials);
	// a month alone (1975-03) stays text, since a date cell would add a day.
	var dateCells []string
	for i, d := range b.Deputies {
		vals := []any{i + 1}
		for k, c := range columns {
			v := any(cellText(d, c, b.GroupsOf[d.ID]))
			if t, ok := xlsxprint.Day(v.(string)); ok && isDate(c) {
				v = t
				dateCells = append(dateCells, fmt.Sprintf("%s%d", colName(k+2), row))
			}
			vals = append(vals, v)
		}
		cell := fmt.Sprintf("A%d", row)
		if err := f.SetSheetRow(SheetName, cell, &vals); err != nil {
			return err
		}
		row++
	}
	if len(b.Deputies) > 0 {
		f.SetCellStyle(SheetName, "A3", fmt.Sprintf("%s%d", last, row-1), styles.body)
		// 序号 is a number.
		f.SetCellStyle(SheetName, "A3", fmt.Sprintf("A%d", row-1), styles.number)
	}
	for _, c := range dateCells {
		f.SetCellStyle(SheetName, c, c, styles.date)
	}
	if err := addOptions(f, b); err != nil {
		return err
	}
	if err := addNotes(f, styles); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// isDate says whether a column holds a date.
func isDate(c column) bool { return c.Field == "BirthDate" || c.Field == "StatusDate" }

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

// cellText is how a field is written in the sheet.
func cellText(d store.Deputy, c column, groups []string) string {
	switch c.Field {
	case store.GroupsColumn:
		return strings.Join(groups, "、")
	case "Name":
		return d.Name
	case "Gender":
		return d.Gender
	case "Ethnicity":
		return d.Ethnicity
	case "BirthDate":
		return d.BirthDate
	case "Party":
		return d.Party
	case "Education":
		return d.Education
	case "WorkUnit":
		return d.WorkUnit
	case "Post":
		return d.Post
	case "Phone":
		return d.Phone
	case "IDNumber":
		return d.IDNumber
	case "CertNo":
		return d.CertNo
	case "Levels":
		return d.Levels.String()
	case "District":
		return d.District
	case "Term":
		return d.Term
	case "Category":
		return d.Category
	case "Status":
		return d.Status
	case "StatusDate":
		return d.StatusDate
	case "StatusReason":
		return d.StatusReason
	case "Notes":
		return d.Notes
	}
	panic("register: no writer for column " + c.Field)
}

type sheetStyles struct {
	title, header, example, exampleDate, body, date, number, text, note, noteTitle int
}

func newStyles(f *excelize.File) (sheetStyles, error) {
	var s sheetStyles
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	text := "@"
	defs := []struct {
		dst *int
		st  *excelize.Style
	}{
		// Left-aligned: the sheet prints two pages wide, and a title centred
		// across both would be cut at the first page's edge.
		{&s.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Family: "宋体"},
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", Indent: 1}}},
		{&s.header, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 11, Family: "宋体"}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.example, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080"}, Border: border, CustomNumFmt: &text}},
		{&s.exampleDate, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080"}, Border: border, CustomNumFmt: &xlsxprint.DateFormat,
			Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&s.body, &excelize.Style{Border: border, CustomNumFmt: &text, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.date, &excelize.Style{Border: border, CustomNumFmt: &xlsxprint.DateFormat, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}},
		{&s.number, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.text, &excelize.Style{CustomNumFmt: &text}},
		{&s.note, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.noteTitle, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.st)
		if err != nil {
			return s, fmt.Errorf("register: style: %w", err)
		}
		*d.dst = id
	}
	return s, nil
}

// addOptions writes the hidden 选项 sheet and the drop-downs that use it.
// Lists live in cells rather than inline, which Excel caps at 255 characters.
func addOptions(f *excelize.File, b Book) error {
	if _, err := f.NewSheet(OptionsSheet); err != nil {
		return err
	}
	groups := b.Groups
	if len(groups) == 0 {
		groups = []string{"第一代表小组"}
	}
	lists := []struct {
		header string
		values []string
		strict bool // refuse other values; otherwise warn only
	}{
		{"性别", store.Genders, true},
		{"代表层级", levelChoices, false},
		{"代表小组", groups, false},
		{"状态", store.Statuses, true},
		{"政治面貌", store.Parties, false},
		{"文化程度", store.Educations, false},
		{"代表类别", store.Categories, false},
	}
	for i, l := range lists {
		col := colName(i + 1)
		f.SetCellValue(OptionsSheet, col+"1", l.header)
		for j, v := range l.values {
			f.SetCellValue(OptionsSheet, fmt.Sprintf("%s%d", col, j+2), v)
		}
		target := -1
		for k, c := range columns {
			if c.Header == l.header {
				target = k + 2
			}
		}
		if target < 0 {
			return fmt.Errorf("register: no column for list %s", l.header)
		}
		tc := colName(target)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s3:%s%d", tc, tc, templateRows)
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$2:$%s$%d", OptionsSheet, col, col, len(l.values)+1))
		if l.strict {
			dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", "请从下拉列表中选择“"+l.header+"”。")
		} else {
			dv.SetError(excelize.DataValidationErrorStyleWarning, "请确认", "“"+l.header+"”不在常用列表中，确定要这样填写吗？")
		}
		if err := f.AddDataValidation(SheetName, dv); err != nil {
			return fmt.Errorf("register: drop-down %s: %w", l.header, err)
		}
	}
	return f.SetSheetVisible(OptionsSheet, false)
}

var notes = []string{
	"1. 第1行为标题，第2行为表头，请勿修改表头文字；从第3行起每行填写一名代表。",
	"2. 序号为“示例”的一行是填写示例，导入时会自动跳过，可以删除。",
	"3. 姓名、联系电话、代表层级为必填项。联系电话填11位手机号，或带区号的固定电话（如 0351-1234567）。",
	"4. 代表层级填 全国、省、市、县、乡 中的一个或几个，多个层级用“、”分隔，如“县、乡”。",
	"5. 出生日期可写作 1975-03-08、1975.03、1975年3月 等；身份证号、代表证号、电话请保持文本格式，避免末位变成0。",
	"6. 代表小组填小组名称，属于多个小组时用“、”分隔；名称不存在的小组会在导入时自动新建。填写了代表小组时，该代表将只属于所填的小组。",
	"7. 状态填“在任”或“终止”；终止的代表须填写终止日期和终止原因，终止的代表不会出现在公示牌上。",
	"8. 再次导入时，按代表证号（没有代表证号时按姓名和出生日期）找到已有代表并更新，不会重复新增；空白的单元格不会清除已有的内容。",
	"9. 导入前会检查每一行，只要有一行有误，就不导入任何数据，并列出所有出错的行和栏目。",
}

func addNotes(f *excelize.File, s sheetStyles) error {
	if _, err := f.NewSheet(NotesSheet); err != nil {
		return err
	}
	f.SetColWidth(NotesSheet, "A", "A", 100)
	f.SetCellValue(NotesSheet, "A1", "填写说明")
	f.SetCellStyle(NotesSheet, "A1", "A1", s.noteTitle)
	for i, n := range notes {
		cell := fmt.Sprintf("A%d", i+2)
		f.SetCellValue(NotesSheet, cell, n)
		f.SetCellStyle(NotesSheet, cell, cell, s.note)
	}
	return nil
}
