package cli

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"deputydesk/store"
)

func runRegisterCLI(t *testing.T, dbPath string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(t.Context(), append([]string{"--db", dbPath}, args...), Env{Stdout: &out, Stderr: &errb})
	return out.String(), errb.String(), code
}

func TestRegisterCommands(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "t.db")
	db, err := store.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	tw := store.Township{Name: "城关镇", Code: "140105001"}
	db.SaveTownship(t.Context(), &tw)
	d := store.Deputy{Name: "张三", Phone: "13800000000", Levels: store.Levels(store.TownshipLv), CertNo: "X1"}
	if err := db.SaveDeputy(t.Context(), &d); err != nil {
		t.Fatal(err)
	}
	db.Close()

	tmpl := filepath.Join(dir, "模板.xlsx")
	if out, errs, code := runRegisterCLI(t, dbPath, "deputies", "template", tmpl); code != 0 || !strings.Contains(out, "模板") {
		t.Fatalf("template: %d %s %s", code, out, errs)
	}
	if _, errs, code := runRegisterCLI(t, dbPath, "deputies", "import", tmpl); code != 1 || !strings.Contains(errs, "没有代表数据") {
		t.Fatalf("import of an empty template: %d %s", code, errs)
	}

	// Export, change a phone and add a row with a bad phone: nothing imported, the row is named.
	xlsx := filepath.Join(dir, "名册.xlsx")
	if out, errs, code := runRegisterCLI(t, dbPath, "deputies", "export", xlsx); code != 0 || !strings.Contains(out, "1 名") {
		t.Fatalf("export: %d %s %s", code, out, errs)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("代表名册", "J3", "13900000000")
	f.SetSheetRow("代表名册", "A4", &[]any{2, "李四", "女", "", "", "", "", "", "", "12345", "", "", "乡"})
	f.Save()
	f.Close()
	_, errs, code := runRegisterCLI(t, dbPath, "deputies", "import", xlsx)
	if code != 1 || !strings.Contains(errs, "第4行 「联系电话」") || !strings.Contains(errs, "未导入任何数据") {
		t.Fatalf("bad import: %d %s", code, errs)
	}
	f, _ = excelize.OpenFile(xlsx)
	f.SetCellValue("代表名册", "J4", "13700000000")
	f.Save()
	f.Close()
	out, errs, code := runRegisterCLI(t, dbPath, "deputies", "import", "--dry-run", xlsx)
	if code != 0 || !strings.Contains(out, "新增 1 人，修改 1 人，不变 0 人") || !strings.Contains(out, "第3行 张三：修改 联系电话") {
		t.Fatalf("preview: %d %s %s", code, out, errs)
	}
	if out, errs, code := runRegisterCLI(t, dbPath, "deputies", "import", xlsx); code != 0 || !strings.Contains(out, "导入完成") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}

	// Photo: a PNG is taken, a text file refused.
	pic := filepath.Join(dir, "照片.png")
	m := image.NewRGBA(image.Rect(0, 0, 300, 400))
	for i := range m.Pix {
		m.Pix[i] = 200
	}
	m.Set(1, 1, color.Black)
	var b bytes.Buffer
	png.Encode(&b, m)
	os.WriteFile(pic, b.Bytes(), 0o644)
	if out, errs, code := runRegisterCLI(t, dbPath, "deputies", "photo", d.ID, pic); code != 0 || !strings.Contains(out, "张三") {
		t.Fatalf("photo: %d %s %s", code, out, errs)
	}
	if _, errs, code := runRegisterCLI(t, dbPath, "deputies", "photo", d.ID, xlsx); code != 1 || !strings.Contains(errs, "不是 JPEG 或 PNG") {
		t.Fatalf("photo of a spreadsheet: %d %s", code, errs)
	}

	pdf := filepath.Join(dir, "公示牌.pdf")
	if out, errs, code := runRegisterCLI(t, dbPath, "report", "posters", "--paper", "A3", "--out", pdf); code != 0 || !strings.Contains(out, pdf) {
		t.Fatalf("posters: %d %s %s", code, out, errs)
	}
	if head, _ := os.ReadFile(pdf); !bytes.HasPrefix(head, []byte("%PDF")) {
		t.Fatal("posters did not write a PDF")
	}
	if _, errs, code := runRegisterCLI(t, dbPath, "report", "posters", "--paper", "B5", "--out", pdf); code != 2 || !strings.Contains(errs, "A4 或 A3") {
		t.Fatalf("bad paper: %d %s", code, errs)
	}
}
