package register

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"deputydesk/store"
)

// mustRefuse imports path and wants it refused with exactly want, one line per
// bad cell in sheet order, and no deputy stored.
func mustRefuse(t *testing.T, db *store.DB, path string, want ...string) {
	t.Helper()
	_, err := importFile(t, db, path)
	var ie *store.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want *store.ImportError", err)
	}
	var got []string
	for _, e := range ie.Errors {
		got = append(got, e.String())
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n, _ := db.CountDeputies(t.Context()); n != 0 {
		t.Fatalf("deputies = %d after a bad sheet, want 0", n)
	}
}

func importFile(t *testing.T, db *store.DB, path string) (*store.ImportPlan, error) {
	t.Helper()
	imp, err := ParseFile(path)
	if err != nil {
		return nil, err
	}
	return db.ImportDeputies(t.Context(), imp)
}

func TestImportClean80(t *testing.T) {
	db := openDB(t)
	plan, err := importFile(t, db, cleanBook(t, 80, nil))
	if err != nil {
		t.Fatal(err)
	}
	if plan.New != 80 || plan.Changed != 0 || plan.Unchanged != 0 {
		t.Fatalf("plan = %d/%d/%d, want 80 new", plan.New, plan.Changed, plan.Unchanged)
	}
	if n, _ := db.CountDeputies(t.Context()); n != 80 {
		t.Fatalf("deputies = %d, want 80", n)
	}
	gs, err := db.Groups(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 4 {
		t.Fatalf("groups = %d, want 4 created from the 代表小组 column", len(gs))
	}
	members := 0
	for _, g := range gs {
		members += len(g.MemberIDs)
	}
	if members != 80 {
		t.Fatalf("group members = %d, want 80", members)
	}
	ds, _ := db.Deputies(t.Context(), store.DeputyFilter{Query: "D00003"})
	if len(ds) != 1 || ds[0].Levels != store.Levels(store.TownshipLv) || ds[0].Phone != "13910000002" || ds[0].BirthDate != "1962-03-03" {
		t.Fatalf("row 5 imported as %+v", ds)
	}
}

func TestImportFiveBadRowsImportsNothing(t *testing.T) {
	db := openDB(t)
	path := cleanBook(t, 80, func(rows [][]any) {
		// rows[i] is sheet row i+1.
		rows[5][1] = ""         // 姓名 empty
		rows[12][9] = "1391234" // 联系电话: 7 digits is a local number; make it plainly wrong below
		rows[12][9] = "139123"  // too short
		rows[20][12] = "村"      // 代表层级
		rows[33][4] = "1975.13" // 出生日期
		rows[47][2] = "男性"      // 性别
	})
	mustRefuse(t, db, path,
		"第6行 「姓名」：不能为空",
		"第13行 「联系电话」：应为11位手机号或带区号的固定电话",
		"第21行 「代表层级」：无法识别的层级“村”",
		"第34行 「出生日期」：无法识别，应如 1975-03-08 或 1975.03",
		"第48行 「性别」：应为“男”或“女”",
	)
	if gs, _ := db.Groups(t.Context()); len(gs) != 0 {
		t.Fatalf("groups = %d after a bad sheet, want 0", len(gs))
	}
}

func TestReimportUpdatesWithoutDuplicates(t *testing.T) {
	db := openDB(t)
	if _, err := importFile(t, db, cleanBook(t, 80, nil)); err != nil {
		t.Fatal(err)
	}
	path := cleanBook(t, 82, func(rows [][]any) {
		rows[2][9] = "13700000001" // new phone, matched by 代表证号
		rows[3][8] = "镇长"          // new post
		rows[4][13] = "第二代表小组"     // moved group
		rows[10][11] = ""          // no 代表证号: matched by name and birth date
		rows[11][11] = ""          // no 代表证号 and a new unit
		rows[11][7] = "城关镇西街村村民委员会"
	})
	imp, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := db.PreviewDeputyImport(t.Context(), imp)
	if err != nil {
		t.Fatal(err)
	}
	// Rows 11 and 12 lack the 代表证号 (an empty cell erases nothing); row 12 has a new unit.
	if plan.New != 2 || plan.Changed != 4 || plan.Unchanged != 76 {
		t.Fatalf("preview = new %d changed %d unchanged %d, want 2/4/76", plan.New, plan.Changed, plan.Unchanged)
	}
	if n, _ := db.CountDeputies(t.Context()); n != 80 {
		t.Fatalf("preview changed the database: %d deputies", n)
	}
	if _, err := db.ImportDeputies(t.Context(), imp); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountDeputies(t.Context()); n != 82 {
		t.Fatalf("deputies = %d, want 82", n)
	}
	ds, _ := db.Deputies(t.Context(), store.DeputyFilter{Query: "13700000001"})
	if len(ds) != 1 || ds[0].CertNo != "D00001" {
		t.Fatalf("updated phone: %+v", ds)
	}
	g, _ := db.GroupNamesByDeputy(t.Context())
	ds, _ = db.Deputies(t.Context(), store.DeputyFilter{Query: "D00003"})
	if got := g[ds[0].ID]; !reflect.DeepEqual(got, []string{"第二代表小组"}) {
		t.Fatalf("moved deputy groups = %v", got)
	}
	// Importing the same sheet again changes nothing.
	plan, err = db.ImportDeputies(t.Context(), imp)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Unchanged != 82 {
		t.Fatalf("second import: %+v", plan)
	}
}

func TestMessySheet(t *testing.T) {
	rows := [][]any{
		{"城关镇第十八届人大代表名册"},
		nil,
		{"填报单位：城关镇人大主席团", nil, nil, nil, nil, "填报日期：2026年11月"},
		{"序 号", "姓  名", "性别", "出生年月", "联系电话\n（手机）", "层级", "所属小组", "代表证号", "工作单位及职务", "身份证号"},
		{1, "张　三", "男", "1975.03", 13812345678, "县、乡", "第一代表小组", 1001, "东街村", "11010519491231002X"},
		{2, "李四", "女", "1975-3-8", "１３９１２３４５６７８", "乡", nil, "D-2", "西街村", ""},
		{3, "王五", "男", "1975年3月", "0351-1234567", "乡镇", nil, "", "南关社区", ""},
		{4, "赵六", "女", 1975.03, 13700000000.0, "县", "第二代表小组", "", "北关社区", ""},
		{5, "钱七", "男", 1975.1, "137 0000 0001", "县级", "第二代表小组", "", "县医院", ""},
		{6, "孙八", "女", nil, "13700000002", "市、县", "第二代表小组", "", "县一中", ""},
		nil, nil,
	}
	path := writeBook(t, rows, func(f *excelize.File, s string) {
		f.MergeCell(s, "A1", "J2")
		f.MergeCell(s, "G5", "G7") // 第一代表小组 over three deputies
		// 孙八's birth date as a real Excel date cell.
		st, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellValue(s, "D10", 27461.0) // 1975-03-08
		f.SetCellStyle(s, "D10", "D10", st)
		// Formatted but empty rows far below, as Excel leaves them.
		f.SetCellStyle(s, "A11", "J40", st)
		f.SetCellValue(s, "B40", "　")
	})
	imp, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Rows) != 6 {
		t.Fatalf("rows = %d, want 6", len(imp.Rows))
	}
	type want struct {
		line                  int
		name, birth, phone, c string
		levels                store.Levels
		groups                []string
	}
	wants := []want{
		{5, "张三", "1975-03", "13812345678", "1001", store.Levels(store.County | store.TownshipLv), []string{"第一代表小组"}},
		{6, "李四", "1975-03-08", "13912345678", "D-2", store.Levels(store.TownshipLv), []string{"第一代表小组"}},
		{7, "王五", "1975-03", "0351-1234567", "", store.Levels(store.TownshipLv), []string{"第一代表小组"}},
		{8, "赵六", "1975-03", "13700000000", "", store.Levels(store.County), []string{"第二代表小组"}},
		{9, "钱七", "1975-10", "13700000001", "", store.Levels(store.County), []string{"第二代表小组"}},
		{10, "孙八", "1975-03-08", "13700000002", "", store.Levels(store.Municipal | store.County), []string{"第二代表小组"}},
	}
	for i, w := range wants {
		r := imp.Rows[i]
		d := r.Deputy
		if err := d.Validate(); err != nil {
			t.Fatalf("row %d: %v", r.Line, err)
		}
		if r.Line != w.line || d.Name != w.name || d.BirthDate != w.birth || d.Phone != w.phone || d.CertNo != w.c ||
			d.Levels != w.levels || !reflect.DeepEqual(r.Groups, w.groups) {
			t.Errorf("row %d = line %d %q %q %q %q %v %v, want %+v", i, r.Line, d.Name, d.BirthDate, d.Phone, d.CertNo, d.Levels, r.Groups, w)
		}
	}
	if imp.Rows[0].Deputy.WorkUnit != "东街村" || imp.Rows[0].Deputy.IDNumber != "11010519491231002X" {
		t.Errorf("unit/id: %+v", imp.Rows[0].Deputy)
	}
	db := openDB(t)
	plan, err := db.ImportDeputies(t.Context(), imp)
	if err != nil {
		t.Fatal(err)
	}
	if plan.New != 6 || len(plan.NewGroups) != 2 {
		t.Fatalf("plan = %+v", plan)
	}
}

func TestNotARegister(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "photo.xlsx")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	if _, err := ParseFile(bad); err == nil || !strings.Contains(err.Error(), "Excel") {
		t.Fatalf("err = %v", err)
	}
	other := writeBook(t, [][]any{{"日期", "金额"}, {"2026-01-01", 5}}, nil)
	if _, err := ParseFile(other); err == nil || !strings.Contains(err.Error(), "表头") {
		t.Fatalf("err = %v", err)
	}
}

func TestIDNumberStoredAsNumber(t *testing.T) {
	path := cleanBook(t, 3, func(rows [][]any) { rows[3][10] = 110105194912310020.0 })
	imp, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Errors) != 1 || imp.Errors[0].Row != 4 || imp.Errors[0].Label != "身份证号" ||
		!strings.Contains(imp.Errors[0].Message, "文本") {
		t.Fatalf("errors = %v", imp.Errors)
	}
	if _, err := openDB(t).ImportDeputies(t.Context(), imp); err == nil {
		t.Fatal("a sheet with reader errors was imported")
	}
}

// A row carrying another deputy's 代表证号 is refused with the holder named
// (CertOwnerID), and imported once the secretary chooses: update that
// deputy from the row, or skip the row.
func TestCertConflictChoices(t *testing.T) {
	ctx := t.Context()
	db := openDB(t)
	if _, err := importFile(t, db, cleanBook(t, 3, nil)); err != nil {
		t.Fatal(err)
	}
	ds, _ := db.Deputies(ctx, store.DeputyFilter{})
	holder := map[string]store.Deputy{}
	for _, d := range ds {
		holder[d.CertNo] = d
	}
	// Row 3 keeps D00001 with a corrected name; row 4 gives D00002 to a
	// stranger.
	path := cleanBook(t, 3, func(rows [][]any) {
		rows[2][1] = "改名甲"
		rows[3][1], rows[3][4] = "陌生人", "1999-09-09"
	})
	imp, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.PreviewDeputyImport(ctx, imp)
	var ie *store.ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != 2 {
		t.Fatalf("preview err = %v", err)
	}
	for i, cert := range []string{"D00001", "D00002"} {
		if e := ie.Errors[i]; e.Row != 3+i || e.Field != "CertNo" || e.CertOwnerID != holder[cert].ID {
			t.Errorf("error %d = %+v; want row %d naming %s", i, e, 3+i, holder[cert].Name)
		}
	}
	imp.CertChoices = map[int]store.CertChoice{3: store.CertUpdate, 4: store.CertSkip}
	plan, err := db.ImportDeputies(ctx, imp)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Changed != 1 || plan.Unchanged != 1 || plan.New != 0 || !slices.Equal(plan.SkippedLines, []int{4}) {
		t.Fatalf("plan = changed %d unchanged %d new %d skipped %v", plan.Changed, plan.Unchanged, plan.New, plan.SkippedLines)
	}
	if d, _ := db.Deputy(ctx, holder["D00001"].ID); d.Name != "改名甲" {
		t.Errorf("D00001 holder is %s; want the row's name", d.Name)
	}
	if d, _ := db.Deputy(ctx, holder["D00002"].ID); d.Name != holder["D00002"].Name || d.BirthDate != holder["D00002"].BirthDate {
		t.Errorf("the skipped row changed D00002's holder: %+v", d)
	}
	if n, _ := db.CountDeputies(ctx); n != 3 {
		t.Errorf("%d deputies; want 3", n)
	}
}
