package ui

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// chooserHome makes a home folder with the desktop's Chinese folders, so the
// chooser's shortcuts and list are what a secretary's computer shows.
func chooserHome(t *testing.T) string {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	for _, d := range []string{"桌面/月度台账", "文档", "下载"} {
		if err := os.MkdirAll(filepath.Join(home, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(home, "桌面", "旧台账.xlsx"), []byte("旧"), 0o644)
	os.WriteFile(filepath.Join(home, "桌面", "照片.jpg"), []byte("图"), 0o644)
	lastFolder = ""
	return home
}

// TestFileChooserSavesInChinese walks the save dialog: it opens on the
// desktop, names its places in Chinese, lists only the matching files,
// enters a folder, adds the extension and asks before replacing a file.
func TestFileChooserSavesInChinese(t *testing.T) {
	home := chooserHome(t)
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 680))
	var got fyne.URIWriteCloser
	calls := 0
	c := newFileSave(func(wc fyne.URIWriteCloser, err error) {
		calls++
		if err != nil {
			t.Fatal(err)
		}
		got = wc
	}, w)
	c.SetFileName("2026年11月台账")
	c.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	c.Show()
	if c.dir != filepath.Join(home, "桌面") || c.where.Text != "桌面" {
		t.Fatalf("starts in %s shown as %q", c.dir, c.where.Text)
	}
	texts := strings.Join(drawnTexts(w), "|")
	for _, want := range []string{"保存文件", "常用位置", "桌面", "文档", "下载", "主文件夹", "文件名", "保存", "取消", "旧台账.xlsx", "月度台账"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the dialog does not show %q: %s", want, texts)
		}
	}
	if strings.Contains(texts, "照片.jpg") {
		t.Error("a file the filter excludes is listed")
	}
	if bad := latinIn(w); len(bad) > 0 {
		t.Errorf("Latin words in the file dialog: %v", bad)
	}
	if latin := regexp.MustCompile(`Home|Computer|Desktop|Documents`); latin.MatchString(texts) {
		t.Errorf("Fyne's English place names shown: %s", texts)
	}
	capture(t, w, "file-save-dialog")
	c.list.Select(0) // 月度台账, folders first
	if c.where.Text != "桌面 › 月度台账" {
		t.Fatalf("folder not entered: %q", c.where.Text)
	}
	test.Tap(c.confirm)
	if calls != 1 || got == nil {
		t.Fatal("保存 did not hand back a file")
	}
	io.WriteString(got, "台账")
	got.Close()
	path := filepath.Join(home, "桌面", "月度台账", "2026年11月台账.xlsx")
	if b, err := os.ReadFile(path); err != nil || string(b) != "台账" {
		t.Fatalf("file not written at %s: %v", path, err)
	}

	// Saving again over the same name asks first.
	c2 := newFileSave(func(wc fyne.URIWriteCloser, err error) { calls++ }, w)
	c2.SetFileName("2026年11月台账.xlsx")
	c2.Show()
	if c2.dir != filepath.Join(home, "桌面", "月度台账") {
		t.Fatalf("the next chooser does not start where the last file went: %s", c2.dir)
	}
	test.Tap(c2.confirm)
	if calls != 1 || !strings.Contains(strings.Join(drawnTexts(w), "|"), "要替换它吗") {
		t.Fatal("an existing file replaced without asking")
	}
}

// TestFileChooserOpensAndPicksFolders checks the open and folder modes.
func TestFileChooserOpensAndPicksFolders(t *testing.T) {
	home := chooserHome(t)
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 680))
	var read string
	c := newFileOpen(func(r fyne.URIReadCloser, err error) {
		if r != nil {
			b, _ := io.ReadAll(r)
			read = string(b)
			r.Close()
		}
	}, w)
	c.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	c.Show()
	test.Tap(c.confirm) // nothing chosen yet
	if read != "" || !strings.Contains(strings.Join(drawnTexts(w), "|"), "请先在列表中点选") {
		t.Fatal("打开 with no file chosen")
	}
	c.list.Select(1) // 旧台账.xlsx, after the folder
	test.Tap(c.confirm)
	if read != "旧" {
		t.Fatalf("read %q", read)
	}

	var folder string
	f := showFolderOpen(func(l fyne.ListableURI, err error) {
		if l != nil {
			folder = l.Path()
		}
	}, w)
	if !strings.Contains(strings.Join(drawnTexts(w), "|"), "选择此文件夹") {
		t.Fatal("no folder chooser")
	}
	if bad := latinIn(w); len(bad) > 0 {
		t.Errorf("Latin words in the folder dialog: %v", bad)
	}
	for _, b := range f.shortcut {
		if b.Text == "主文件夹" {
			test.Tap(b)
		}
	}
	for i, it := range f.items {
		if !it.isDir {
			t.Errorf("a file listed when choosing a folder: %s", it.name)
		}
		if it.name == "下载" {
			f.list.Select(i)
		}
	}
	test.Tap(f.confirm)
	if folder != filepath.Join(home, "下载") {
		t.Fatalf("folder chosen: %q", folder)
	}
}

// TestNoFyneFileDialog keeps Fyne's English file dialog out of the app: every
// screen asks through the Chinese chooser.
func TestNoFyneFileDialog(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fyneDialog := regexp.MustCompile(`dialog\.(NewFileSave|NewFileOpen|ShowFileSave|ShowFileOpen|NewFolderOpen|ShowFolderOpen)\(`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := fyneDialog.Find(b); m != nil {
			t.Errorf("%s uses Fyne's file dialog (%s), which shows English: use newFileSave / newFileOpen / showFolderOpen", f, m)
		}
	}
}
