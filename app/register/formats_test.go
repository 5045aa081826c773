package register

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"deputydesk/store"
)

// The county roster fixtures: county.xlsx has a hidden stale sheet 旧名册
// first, then 代表名册 with a title, a 填报单位 line, a header with 籍贯 (not
// imported) and 所在代表小组, five deputies (陈文明's phone a number and his
// birth date a date cell), then 合计, 说明 and 填表人/审核人 rows.
// county.xls and county.ods were saved from it by LibreOffice, and
// county-gbk.csv is LibreOffice's CSV export of 代表名册 in GB18030.
func TestCountyRosterEveryFormat(t *testing.T) {
	for _, tc := range []struct{ file, format, sheet string }{
		{"county.xlsx", "Excel 工作簿（.xlsx）", "代表名册"},
		{"county.xls", "Excel 97-2003（.xls）", "代表名册"},
		{"county.ods", "OpenDocument 表格（.ods）", "代表名册"},
		{"county-gbk.csv", "CSV", "CSV"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			imp, err := ParseFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(imp.Errors) != 0 {
				t.Fatalf("errors: %v", imp.Errors)
			}
			if imp.Format != tc.format || imp.Sheet != tc.sheet {
				t.Errorf("format/sheet = %q/%q, want %q/%q", imp.Format, imp.Sheet, tc.format, tc.sheet)
			}
			type want struct {
				line                     int
				name, birth, phone, cert string
				levels                   store.Levels
				group                    string
			}
			wants := []want{
				{4, "张建国", "1968-05", "13912340001", "X001", store.Levels(store.County | store.TownshipLv), "第一代表小组"},
				{5, "李秀英", "1975-03-08", "13912340002", "X002", store.Levels(store.TownshipLv), "第一代表小组"},
				{6, "王志强", "1980-06", "0351-6123456", "X003", store.Levels(store.County), "第二代表小组"},
				{7, "刘海燕", "1972-10", "13912340004", "X004", store.Levels(store.TownshipLv), "第二代表小组"},
				{8, "陈文明", "1964-12-01", "13912340005", "X005", store.Levels(store.Municipal | store.County), "第三代表小组"},
			}
			if len(imp.Rows) != len(wants) {
				t.Fatalf("rows = %d, want %d", len(imp.Rows), len(wants))
			}
			for i, w := range wants {
				r := imp.Rows[i]
				d := r.Deputy
				if err := d.Validate(); err != nil {
					t.Fatalf("line %d: %v", r.Line, err)
				}
				if r.Line != w.line || d.Name != w.name || d.BirthDate != w.birth || d.Phone != w.phone || d.CertNo != w.cert ||
					d.Levels != w.levels || !reflect.DeepEqual(r.Groups, []string{w.group}) {
					t.Errorf("row %d = %d %q %q %q %q %v %v, want %+v", i, r.Line, d.Name, d.BirthDate, d.Phone, d.CertNo, d.Levels, r.Groups, w)
				}
			}
			var skipped []string
			for _, s := range imp.Skipped {
				skipped = append(skipped, fmt.Sprintf("%d %s", s.Line, s.Reason))
			}
			wantSkipped := []string{"1 表头上方的标题或说明", "2 表头上方的标题或说明", "9 合计行", "10 说明行", "11 表尾签字行"}
			if !reflect.DeepEqual(skipped, wantSkipped) {
				t.Errorf("skipped = %q, want %q", skipped, wantSkipped)
			}
			if !reflect.DeepEqual(imp.Ignored, []string{"E列「籍贯」"}) {
				t.Errorf("ignored = %q", imp.Ignored)
			}
			desc := strings.Join(imp.Describe(), "\n")
			for _, s := range []string{"读取工作表“" + tc.sheet + "”", "E列「籍贯」", "跳过第11行（表尾签字行）：填表人"} {
				if !strings.Contains(desc, s) {
					t.Errorf("Describe lacks %q:\n%s", s, desc)
				}
			}
			if tc.file != "county-gbk.csv" && !strings.Contains(desc, "隐藏的工作表“旧名册”未读取") {
				t.Errorf("Describe does not name the hidden sheet:\n%s", desc)
			}

			db := openDB(t)
			plan, err := db.PreviewDeputyImport(t.Context(), imp)
			if err != nil {
				t.Fatal(err)
			}
			if plan.New != 5 || !reflect.DeepEqual(plan.NewGroups, []string{"第一代表小组", "第二代表小组", "第三代表小组"}) {
				t.Fatalf("plan: new %d groups %v", plan.New, plan.NewGroups)
			}
			if _, err := db.ImportDeputies(t.Context(), imp); err != nil {
				t.Fatal(err)
			}
			gs, _ := db.Groups(t.Context())
			members := 0
			for _, g := range gs {
				members += len(g.MemberIDs)
			}
			if len(gs) != 3 || members != 5 {
				t.Fatalf("groups %d members %d, want 3 and 5", len(gs), members)
			}
			// The hidden 旧名册's phone for 张建国 never arrives.
			ds, _ := db.Deputies(t.Context(), store.DeputyFilter{Query: "X001"})
			if len(ds) != 1 || ds[0].Phone != "13912340001" {
				t.Fatalf("张建国 = %+v", ds)
			}
		})
	}
}

// TestFiveBadRowsOnePass: five different problems, one of them a duplicate
// 代表证号 and one a 7-digit phone, are all named in the first pass, each
// under its own field.
func TestFiveBadRowsOnePass(t *testing.T) {
	db := openDB(t)
	path := cleanBook(t, 30, func(rows [][]any) {
		rows[5][1] = ""         // 第6行 姓名 empty
		rows[12][9] = "8621234" // 第13行 a bare 7-digit local number
		rows[20][12] = "村"      // 第21行 代表层级
		rows[24][11] = "D00003" // 第25行 代表证号 of row 5
		rows[27][4] = "1975.13" // 第28行 出生日期
	})
	mustRefuse(t, db, path,
		"第6行 「姓名」：不能为空",
		"第13行 「联系电话」：应为11位手机号或带区号的固定电话",
		"第21行 「代表层级」：无法识别的层级“村”",
		"第25行 「代表证号」：与第5行的代表证号相同（D00003）",
		"第28行 「出生日期」：无法识别，应如 1975-03-08 或 1975.03",
	)
}

// TestCertNoOfAnotherDeputy: a row carrying a stored deputy's 代表证号 with
// another name is refused, and the stored deputy keeps everything.
func TestCertNoOfAnotherDeputy(t *testing.T) {
	db := openDB(t)
	if _, err := importFile(t, db, cleanBook(t, 5, nil)); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Deputies(t.Context(), store.DeputyFilter{Query: "D00001"})
	path := cleanBook(t, 5, func(rows [][]any) {
		rows[2][1] = "冒名顶替" // 第3行 carries D00001 with another name
		rows[2][9] = "13800000000"
	})
	_, err := importFile(t, db, path)
	var ie *store.ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Row != 3 ||
		ie.Errors[0].Label != "代表证号" || !strings.Contains(ie.Errors[0].Message, before[0].Name) {
		t.Fatalf("err = %v", err)
	}
	after, _ := db.Deputies(t.Context(), store.DeputyFilter{Query: "D00001"})
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("deputy changed: %+v -> %+v", before, after)
	}
}

// TestStrayCellFarBelow: a stray value at row 1,048,576 is reported as a
// skipped row, not as a sheet of a million rows.
func TestStrayCellFarBelow(t *testing.T) {
	// Written as Excel writes it: the stray row alone, not a million empty rows.
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	sw.SetRow("A1", headerRow())
	for i := 0; i < 5; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, sheetRow(i))
	}
	sw.SetRow("Z1048576", []any{"x"})
	sw.Flush()
	path := filepath.Join(t.TempDir(), "stray.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	imp, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Rows) != 5 || len(imp.Errors) != 0 {
		t.Fatalf("rows %d errors %v", len(imp.Rows), imp.Errors)
	}
	last := imp.Skipped[len(imp.Skipped)-1]
	if last.Line != 1048576 {
		t.Fatalf("skipped = %+v", imp.Skipped)
	}
}

// TestHugeSheetRefusedAtOnce: a small file whose sheet unpacks past the
// limit is refused from the zip directory, before anything is parsed.
func TestHugeSheetRefusedAtOnce(t *testing.T) {
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	sw.SetRow("A1", []any{"姓名", "联系电话", "代表层级"})
	pad := strings.Repeat("填", 4000)
	for r := 2; r < 2+maxSheetBytes/12000+10; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, []any{pad})
	}
	sw.Flush()
	path := filepath.Join(t.TempDir(), "big.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	t.Logf("file %d KB", st.Size()>>10)
	_, err := ParseFile(path)
	if err == nil || !strings.Contains(err.Error(), "表格过大") {
		t.Fatalf("err = %v", err)
	}
}

func TestUnreadableFilesSayWhatToDo(t *testing.T) {
	dir := t.TempDir()
	// A workbook with an opening password, encrypted by excelize as Excel does.
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "联系电话", "代表层级"})
	pw := filepath.Join(dir, "加密.xlsx")
	if err := f.SaveAs(pw, excelize.Options{Password: "123"}); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "名册.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.4\n..."), 0o644)
	misnamed := filepath.Join(dir, "名册.xlsx")
	os.WriteFile(misnamed, []byte("not a zip"), 0o644)
	binary := filepath.Join(dir, "名册.dat")
	os.WriteFile(binary, []byte{0, 1, 2, 3, 0xff}, 0o644)
	for _, tc := range []struct{ path, want string }{
		{pw, "密码"},
		{pdf, "PDF"},
		{misnamed, "另存为 .xlsx"},
		{binary, "另存为 .xlsx"},
	} {
		_, err := ParseFile(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", filepath.Base(tc.path), err, tc.want)
		}
	}
}

func TestHiddenRegisterOnlyIsRefused(t *testing.T) {
	path := cleanBook(t, 3, nil)
	f, _ := excelize.OpenFile(path)
	idx, _ := f.NewSheet("空白")
	f.SetActiveSheet(idx)
	if err := f.SetSheetVisible("Sheet1", false); err != nil {
		t.Fatal(err)
	}
	f.Save()
	f.Close()
	_, err := ParseFile(path)
	if err == nil || !strings.Contains(err.Error(), "隐藏") {
		t.Fatalf("err = %v", err)
	}
}
