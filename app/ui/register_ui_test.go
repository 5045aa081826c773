package ui

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	reg "deputydesk/app/register"
	"deputydesk/store"
)

// exportedBook is the register exported, edited by edit, as xlsx bytes.
func exportedBook(t *testing.T, mw *MainWindow, edit func(f *excelize.File)) *bytes.Reader {
	t.Helper()
	var b bytes.Buffer
	if err := mw.ExportRegister(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(out.Bytes())
}

func TestImportPreviewThenConfirm(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	zhang := fx.deputy("张建国", store.Levels(store.TownshipLv), func(d *store.Deputy) { d.CertNo = "X001" })
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDeputies)

	// A bad row: the preview lists it and nothing can be imported.
	bad := exportedBook(t, mw, func(f *excelize.File) {
		f.SetSheetRow(reg.SheetName, "A4", &[]any{2, "李秀英", "女", "", "", "", "", "西关村", "", "139000", "", "", "乡"})
	})
	p := mw.PreviewImport(bad)
	if p == nil || len(p.Problems) != 1 || p.Problems[0] != "第4行 「联系电话」：应为11位手机号或带区号的固定电话" {
		t.Fatalf("problems = %v", p)
	}
	if !shows(mw.win, "未导入任何数据") || !shows(mw.win, "第4行 「联系电话」") {
		t.Fatalf("problems not shown: %q", shownTexts(mw.win))
	}
	capture(t, mw.win, "import-problems")
	p.dlg.Hide()

	good := exportedBook(t, mw, func(f *excelize.File) {
		f.SetCellValue(reg.SheetName, "J3", "13700001111")
		f.SetSheetRow(reg.SheetName, "A4", &[]any{2, "李秀英", "女", "", "1980.05", "", "", "西关村", "会计", "13900002222", "", "", "县、乡", "第一代表小组"})
	})
	p = mw.PreviewImport(good)
	if p == nil || p.Summary() != "新增 1 人 · 修改 1 人 · 不变 0 人\n将新建代表小组：第一代表小组" {
		t.Fatalf("preview = %q", p.Summary())
	}
	if !shows(mw.win, "修改：联系电话") || !shows(mw.win, "李秀英") {
		t.Fatalf("preview rows not shown: %q", shownTexts(mw.win))
	}
	capture(t, mw.win, "import-preview")
	if n, _ := db.CountDeputies(t.Context()); n != 1 {
		t.Fatalf("the preview imported: %d deputies", n)
	}
	<-p.Confirm()
	if n, _ := db.CountDeputies(t.Context()); n != 2 {
		t.Fatalf("after 确认导入: %d deputies", n)
	}
	if d, _ := db.Deputy(t.Context(), zhang.ID); d.Phone != "13700001111" {
		t.Fatalf("phone not updated: %s", d.Phone)
	}
	if mw.deputies.count.Text != "共 2 名代表" || !shows(mw.win, "导入完成：新增 1 人，修改 1 人") {
		t.Fatalf("after import: %q / %q", mw.deputies.count.Text, shownTexts(mw.win))
	}
	capture(t, mw.win, "import-done")
}

func TestDeputyPhotoInForm(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	d := fx.deputy("王秀英", store.Levels(store.TownshipLv))
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDeputies)

	nf := mw.EditDeputy("")
	if !nf.photo.choose.Disabled() {
		t.Fatal("a new deputy's photo can be chosen before saving")
	}
	nf.dlg.Hide()
	f := mw.EditDeputy(d.ID)
	if f.photo.choose.Disabled() || !f.photo.remove.Disabled() {
		t.Fatal("buttons for a deputy without photo")
	}
	m := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			m.Set(x, y, color.RGBA{uint8(x / 3), 120, uint8(y / 2), 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, m)
	if err := f.photo.SetPhoto(&b); err != nil {
		t.Fatal(err)
	}
	ph, err := db.DeputyPhoto(t.Context(), d.ID)
	if err != nil || ph.Width != 300 || ph.Height != 400 {
		t.Fatalf("stored photo %dx%d, %v", ph.Width, ph.Height, err)
	}
	if f.photo.remove.Disabled() || f.photo.img.Resource == nil || !strings.HasSuffix(f.photo.img.Resource.Name(), ".jpg") {
		t.Fatal("form does not show the new photo")
	}
	capture(t, mw.win, "deputy-photo")
	if mw.deputies.thumbs.get(d.ID) == nil {
		t.Fatal("the register list has no photo for the deputy")
	}
	// A spreadsheet is not a photo: refused, the stored photo kept.
	if err := f.photo.SetPhoto(strings.NewReader("PK\x03\x04 not an image")); err == nil {
		t.Fatal("a non-image was accepted")
	}
	if !shows(mw.win, "不是 JPEG 或 PNG") {
		t.Fatalf("refusal not shown: %q", shownTexts(mw.win))
	}
	if again, _ := db.DeputyPhoto(t.Context(), d.ID); !bytes.Equal(again.JPEG, ph.JPEG) {
		t.Fatal("a refused file changed the stored photo")
	}
	f.dlg.Hide()
	for dialogOpen(mw.win) {
		mw.win.Canvas().Overlays().Top().Hide() // the refusal message
	}
	capture(t, mw.win, "deputy-list-photo")
	f.photo.Remove()
	if has, _ := db.DeputiesWithPhoto(t.Context()); has[d.ID] || mw.deputies.thumbs.get(d.ID) != nil {
		t.Fatal("photo not removed")
	}
}

func TestPosterDialogAndExport(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	a := fx.deputy("赵春梅", store.Levels(store.County|store.TownshipLv))
	g := fx.group("第一代表小组", a.ID, a.ID)
	fx.station("城关镇人大代表联络站", g.ID)
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDeputies)

	p := mw.ShowPosterDialog()
	if len(p.Scope.Options) != 3 || p.Scope.Options[1] != "联络站：城关镇人大代表联络站" {
		t.Fatalf("scopes = %v", p.Scope.Options)
	}
	capture(t, mw.win, "poster-dialog")
	p.Scope.SetSelected("代表小组：第一代表小组")
	p.Paper.SetSelected("A3")
	var pdf bytes.Buffer
	if err := p.Write(&pdf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) || !bytes.Contains(pdf.Bytes(), []byte("/MediaBox [0 0 841.89 1190.55]")) {
		t.Fatal("not an A3 PDF")
	}

	var x bytes.Buffer
	if err := mw.ExportRegister(&x); err != nil {
		t.Fatal(err)
	}
	imp, err := reg.Parse(&x)
	if err != nil || len(imp.Rows) != 1 || imp.Rows[0].Deputy.Name != "赵春梅" {
		t.Fatalf("export read back: %v %+v", err, imp.Rows)
	}
}

// TestImportPreviewCountyXLS: a county roster saved as .xls by LibreOffice,
// with title and footer rows and a 所在代表小组 column. The preview names the
// sheet read, every skipped row and why, the ignored column and the groups
// to be made.
func TestImportPreviewCountyXLS(t *testing.T) {
	db := newDB(t)
	(&factory{t: t, db: db}).township()
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDeputies)
	data, err := os.ReadFile(filepath.Join("..", "register", "testdata", "county.xls"))
	if err != nil {
		t.Fatal(err)
	}
	p := mw.PreviewImport(bytes.NewReader(data))
	if p == nil || p.Plan == nil {
		t.Fatalf("preview = %+v", p)
	}
	if want := "新增 5 人 · 修改 0 人 · 不变 0 人\n将新建代表小组：第一代表小组、第二代表小组、第三代表小组"; p.Summary() != want {
		t.Fatalf("summary = %q", p.Summary())
	}
	for _, s := range []string{"读取工作表“代表名册”（Excel 97-2003（.xls））", "隐藏的工作表“旧名册”未读取",
		"以下栏目不导入：E列「籍贯」", "跳过第9行（合计行）", "跳过第11行（表尾签字行）：填表人"} {
		if !shows(mw.win, s) {
			t.Errorf("preview does not show %q: %q", s, shownTexts(mw.win))
		}
	}
	capture(t, mw.win, "import-county-xls")
	<-p.Confirm()
	gs, _ := db.Groups(t.Context())
	if n, _ := db.CountDeputies(t.Context()); n != 5 || len(gs) != 3 {
		t.Fatalf("after import: %d deputies, %d groups", n, len(gs))
	}
}

// A row whose 代表证号 belongs to another deputy: the preview offers, row by
// row, to update that deputy or to skip the row, and 确认导入 applies the
// choices in the one import.
func TestImportCertConflictOffersUpdateOrSkip(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	zhang := fx.deputy("张建国", store.Levels(store.TownshipLv), func(d *store.Deputy) { d.CertNo = "X001" })
	wang := fx.deputy("王海燕", store.Levels(store.TownshipLv), func(d *store.Deputy) { d.CertNo = "X002" })
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDeputies)
	n0, _ := db.CountDeputies(t.Context())

	// Row 3 (张建国's X001) now reads 张健国, the name corrected; row 4 (王海燕's
	// X002) is someone else entirely; row 5 is a new deputy.
	book := exportedBook(t, mw, func(f *excelize.File) {
		rows, _ := f.GetRows(reg.SheetName)
		for i, r := range rows[2:] {
			switch r[1] {
			case "张建国":
				f.SetCellValue(reg.SheetName, fmt.Sprintf("B%d", i+3), "张健国")
			case "王海燕":
				f.SetCellValue(reg.SheetName, fmt.Sprintf("B%d", i+3), "赵明")
			}
		}
		f.SetSheetRow(reg.SheetName, "A5", &[]any{3, "李秀英", "女", "", "1980.05", "", "", "西关村", "会计", "13900002222", "", "X003", "乡"})
	})
	p := mw.PreviewImport(book)
	if p == nil || len(p.Conflicts) != 2 || p.Plan != nil {
		t.Fatalf("preview = %+v", p)
	}
	if !shows(mw.win, "代表证号冲突") || !shows(mw.win, "代表证号 X001 已属于代表 张建国") {
		t.Fatalf("conflicts not shown: %q", shownTexts(mw.win))
	}
	if !p.Next.Disabled() {
		t.Fatal("继续 enabled before every row has a choice")
	}
	capture(t, mw.win, "import-cert-conflict")
	skipLine := 0
	for _, c := range p.Conflicts {
		switch c.Owner {
		case "张建国":
			c.Choice.SetSelected(c.Choice.Options[0])
		case "王海燕":
			c.Choice.SetSelected(certSkipLabel)
			skipLine = c.Line
		default:
			t.Fatalf("conflict %+v", c)
		}
	}
	if p.Next.Disabled() {
		t.Fatal("继续 still disabled")
	}
	test.Tap(p.Next)
	if p.Plan == nil || p.Summary() != fmt.Sprintf("新增 1 人 · 修改 1 人 · 不变 0 人 · 跳过 1 行（第%d行，代表证号冲突）", skipLine) {
		t.Fatalf("after the choices: %q, problems %v", p.Summary(), p.Problems)
	}
	if !shows(mw.win, "修改：姓名") {
		t.Fatalf("the update is not previewed: %q", shownTexts(mw.win))
	}
	capture(t, mw.win, "import-cert-conflict-resolved")
	if d, _ := db.Deputy(t.Context(), zhang.ID); d.Name != "张建国" {
		t.Fatalf("the preview wrote: %s", d.Name)
	}
	<-p.Confirm()
	if d, _ := db.Deputy(t.Context(), zhang.ID); d.Name != "张健国" || d.CertNo != "X001" {
		t.Errorf("张建国 not updated: %+v", d)
	}
	if d, _ := db.Deputy(t.Context(), wang.ID); d.Name != "王海燕" {
		t.Errorf("the skipped row changed 王海燕: %s", d.Name)
	}
	if n, _ := db.CountDeputies(t.Context()); n != n0+1 {
		t.Errorf("%d deputies after import; want %d", n, n0+1)
	}
	if !shows(mw.win, "跳过 1 行") {
		t.Errorf("done message: %q", shownTexts(mw.win))
	}
}
