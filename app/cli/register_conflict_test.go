package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	reg "deputydesk/app/register"
	"deputydesk/store"
)

// deputies import names the rows whose 代表证号 belongs to another deputy,
// says how to choose, and applies --update and --skip.
func TestDeputiesImportCertConflict(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "x.db")
	db, err := store.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, d := range []store.Deputy{{Name: "张建国", CertNo: "X001", Phone: "13900000001", Levels: store.Levels(store.TownshipLv)},
		{Name: "王海燕", CertNo: "X002", Phone: "13900000002", Levels: store.Levels(store.TownshipLv)}} {
		if err := db.SaveDeputy(t.Context(), &d); err != nil {
			t.Fatal(err)
		}
		ids[d.Name] = d.ID
	}
	db.Close()
	book := filepath.Join(dir, "名册.xlsx")
	if code, _, errOut := runCLI(t, "--db", dbPath, "deputies", "export", book); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	line := map[string]int{}
	rows, _ := f.GetRows(reg.SheetName)
	for i, r := range rows[2:] {
		rename := map[string]string{"张建国": "张健国", "王海燕": "赵明"}[r[1]]
		line[r[1]] = i + 3
		f.SetCellValue(reg.SheetName, fmt.Sprintf("B%d", i+3), rename)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	code, _, errOut := runCLI(t, "--db", dbPath, "deputies", "import", book)
	if code == 0 || !strings.Contains(errOut, "代表证号 X001 已属于代表 张建国") || !strings.Contains(errOut, "--update 行号") {
		t.Fatalf("conflicts: exit %d\n%s", code, errOut)
	}
	code, out, errOut := runCLI(t, "--db", dbPath, "deputies", "import",
		"--update", fmt.Sprint(line["张建国"]), "--skip", fmt.Sprint(line["王海燕"]), book)
	if code != 0 || !strings.Contains(out, "修改 1 人") || !strings.Contains(out, fmt.Sprintf("第%d行：跳过（代表证号冲突）", line["王海燕"])) {
		t.Fatalf("with choices: exit %d\n%s\n%s", code, out, errOut)
	}
	db, err = store.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if d, _ := db.Deputy(t.Context(), ids["张建国"]); d.Name != "张健国" {
		t.Errorf("X001 holder is %s; want the row's name", d.Name)
	}
	if d, _ := db.Deputy(t.Context(), ids["王海燕"]); d.Name != "王海燕" {
		t.Errorf("the skipped row renamed X002's holder to %s", d.Name)
	}
	if code, _, errOut := runCLI(t, "--db", dbPath, "deputies", "import", "--skip", "x", book); code == 0 || !strings.Contains(errOut, "行号“x”无效") {
		t.Errorf("bad line number: exit %d %s", code, errOut)
	}
}
