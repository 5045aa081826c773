package register

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/report/xlsxprint"
	"deputydesk/store"
)

func TestTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, Book{Township: "城关镇", Groups: []string{"第一代表小组", "第二代表小组"}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{SheetName, OptionsSheet, NotesSheet}) {
		t.Fatalf("sheets = %v", got)
	}
	if v, _ := f.GetSheetVisible(OptionsSheet); v {
		t.Error("the 选项 sheet should be hidden")
	}
	if v, _ := f.GetCellValue(SheetName, "A1"); v != "城关镇人大代表名册" {
		t.Errorf("title = %q", v)
	}
	mc, _ := f.GetMergeCells(SheetName)
	if len(mc) != 1 || mc[0].GetStartAxis() != "A1" || mc[0].GetEndAxis() != "U1" {
		t.Errorf("merged = %v", mc)
	}
	rows, _ := f.GetRows(SheetName)
	if rows[1][0] != "序号" || rows[1][1] != "姓名" || rows[1][12] != "代表层级" || rows[1][13] != "代表小组" {
		t.Errorf("headers = %v", rows[1])
	}
	if rows[2][0] != "示例" {
		t.Errorf("example row = %v", rows[2])
	}
	dvs, err := f.GetDataValidations(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		col := strings.TrimRight(strings.SplitN(dv.Sqref, ":", 2)[0], "0123456789")
		lists[col] = dv.Formula1
	}
	for col, header := range map[string]string{"C": "性别", "M": "代表层级", "N": "代表小组", "R": "状态"} {
		formula, ok := lists[col]
		if !ok {
			t.Errorf("no drop-down on %s (%s)", col, header)
			continue
		}
		ref := strings.SplitN(strings.Trim(formula, "<>/formula1"), "!", 2)
		// The list cells must hold the choices.
		opts, _ := f.GetCols(OptionsSheet)
		found := false
		for _, c := range opts {
			for len(c) > 0 && c[len(c)-1] == "" {
				c = c[:len(c)-1]
			}
			if len(c) > 0 && c[0] == header {
				found = true
				if header == "代表小组" && !reflect.DeepEqual(c[1:], []string{"第一代表小组", "第二代表小组"}) {
					t.Errorf("group choices = %v", c[1:])
				}
				if header == "性别" && !reflect.DeepEqual(c[1:], store.Genders) {
					t.Errorf("gender choices = %v", c[1:])
				}
			}
		}
		if !found || len(ref) != 2 {
			t.Errorf("list %s = %q", header, formula)
		}
	}
	notes, _ := f.GetRows(NotesSheet)
	if len(notes) < 5 || notes[0][0] != "填写说明" {
		t.Errorf("notes = %v", notes)
	}
	// The template alone holds nothing to import: its example row is skipped.
	path := filepath.Join(t.TempDir(), "模板.xlsx")
	os.WriteFile(path, buf.Bytes(), 0o644)
	if _, err := ParseFile(path); err == nil || !strings.Contains(err.Error(), "没有代表数据") {
		t.Fatalf("parse template: %v", err)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	ctx := t.Context()
	db := openDB(t)
	if _, err := importFile(t, db, cleanBook(t, 80, nil)); err != nil {
		t.Fatal(err)
	}
	// Some variety the sheet did not have: a terminated deputy, a month-only
	// birth date, a deputy in two groups, one in none.
	ds, _ := db.Deputies(ctx, store.DeputyFilter{})
	ds[0].Status, ds[0].StatusDate, ds[0].StatusReason = store.StatusTerminated, "2026-05-01", "调离本行政区域"
	ds[1].BirthDate = "1971-07"
	ds[2].IDNumber = "11010519491231002X"
	ds[2].Notes = "备注，含逗号、顿号"
	for i := 0; i < 3; i++ {
		if err := db.SaveDeputy(ctx, &ds[i]); err != nil {
			t.Fatal(err)
		}
	}
	gs, _ := db.Groups(ctx)
	gs[0].MemberIDs = append(gs[0].MemberIDs, gs[1].MemberIDs[0])
	gs[0].LeaderID = gs[0].MemberIDs[0]
	if err := db.SaveGroup(ctx, &gs[0]); err != nil {
		t.Fatal(err)
	}
	gs[2].MemberIDs = gs[2].MemberIDs[1:]
	if err := db.SaveGroup(ctx, &gs[2]); err != nil {
		t.Fatal(err)
	}

	before, _ := db.Deputies(ctx, store.DeputyFilter{})
	groupsBefore, _ := db.Groups(ctx)
	logBefore, _ := db.Changes(ctx, store.ChangeFilter{})

	b, err := LoadBook(ctx, db, true)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteExport(&buf, b); err != nil {
		t.Fatal(err)
	}
	imp, err := Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := db.ImportDeputies(ctx, imp)
	if err != nil {
		t.Fatal(err)
	}
	if plan.New != 0 || plan.Changed != 0 || plan.Unchanged != 80 {
		for _, r := range plan.Rows {
			if r.Action != store.ImportUnchanged {
				t.Logf("row %d %s %v", r.Line, r.Action, r.Changed)
			}
		}
		t.Fatalf("round trip plan = new %d changed %d unchanged %d", plan.New, plan.Changed, plan.Unchanged)
	}
	after, _ := db.Deputies(ctx, store.DeputyFilter{})
	groupsAfter, _ := db.Groups(ctx)
	logAfter, _ := db.Changes(ctx, store.ChangeFilter{})
	if !reflect.DeepEqual(before, after) || !reflect.DeepEqual(groupsBefore, groupsAfter) || len(logBefore) != len(logAfter) {
		t.Fatalf("round trip changed the database (log %d -> %d)", len(logBefore), len(logAfter))
	}
	// The export reads back as the register: title, 80 rows, levels in words.
	f, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	defer f.Close()
	rows, _ := f.GetRows(SheetName)
	if len(rows) != 82 || rows[2][0] != "1" || rows[2][1] != before[0].Name || rows[2][12] != before[0].Levels.String() {
		t.Fatalf("export rows = %d, first %v", len(rows), rows[2])
	}
	// Full dates are real date cells in the Chinese format, a month alone
	// stays text, 序号 is a number.
	col := func(header string) string {
		for i, c := range columns {
			if c.Header == header {
				return colName(i + 2)
			}
		}
		t.Fatalf("no column %s", header)
		return ""
	}
	rowOf := func(id string) int {
		for i, d := range before {
			if d.ID == id {
				return i + 3
			}
		}
		t.Fatalf("deputy %s not exported", id)
		return 0
	}
	checkCell := func(cell string, want excelize.CellType, format string) {
		t.Helper()
		typ, err := f.GetCellType(SheetName, cell)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := xlsxprint.NumFmt(f, SheetName, cell)
		if typ != want || got != format {
			raw, _ := f.GetCellValue(SheetName, cell)
			t.Errorf("%s (%q): type %v format %q; want %v %q", cell, raw, typ, got, want, format)
		}
	}
	term := fmt.Sprintf("%s%d", col("终止日期"), rowOf(ds[0].ID))
	checkCell(term, excelize.CellTypeUnset, xlsxprint.DateFormat) // a number cell with a date format
	if v, _ := f.GetCellValue(SheetName, term); v != "2026年5月1日" {
		t.Errorf("终止日期 shows %q", v)
	}
	checkCell(fmt.Sprintf("%s%d", col("出生日期"), rowOf(ds[1].ID)), excelize.CellTypeSharedString, "@")
	for _, d := range before {
		if len(d.BirthDate) == 10 {
			checkCell(fmt.Sprintf("%s%d", col("出生日期"), rowOf(d.ID)), excelize.CellTypeUnset, xlsxprint.DateFormat)
			break
		}
	}
	checkCell("A3", excelize.CellTypeUnset, "")
}

func TestTemplatePrintSetup(t *testing.T) {
	db := openDB(t)
	b, err := LoadBook(t.Context(), db, false)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := xlsxprint.Verify(f, SheetName, xlsxprint.Setup{Landscape: true, HeaderRows: 2, PagesWide: 2, TitleCols: 2}); err != nil {
		t.Fatal(err)
	}
	// A text-format column's header keeps the header style.
	if nf, _ := xlsxprint.NumFmt(f, SheetName, "E2"); nf != "" {
		t.Errorf("出生日期 header has the column's format %q instead of the header style", nf)
	}
	// The example's 出生日期 is a date cell shown the Chinese way.
	if v, _ := f.GetCellValue(SheetName, "E3"); v != "1975年3月8日" {
		t.Errorf("example 出生日期 shows %q", v)
	}
	if nf, _ := xlsxprint.NumFmt(f, SheetName, "E3"); nf != xlsxprint.DateFormat {
		t.Errorf("example 出生日期 format %q", nf)
	}
}
