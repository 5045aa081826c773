//go:build linux

package ui

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"deputydesk/store"
	"deputydesk/store/disktest"
)

// townshipAt writes a township with n deputies at path and closes it.
func townshipAt(t *testing.T, path string, n int) {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	fx := &factory{t: t, db: db}
	fx.township()
	var ds []*store.Deputy
	for i := 0; i < n; i++ {
		ds = append(ds, &store.Deputy{Name: fmt.Sprintf("代表%03d", i), Phone: fmt.Sprintf("139%08d", i), Levels: store.Levels(store.TownshipLv)})
	}
	if err := db.SaveDeputies(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// capture saves what the window shows, to look at.
func capture(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	if os.Getenv("DEPUTYDESK_SHOTS") == "" {
		return
	}
	f, err := os.Create(filepath.Join(os.Getenv("DEPUTYDESK_SHOTS"), name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, w.Canvas().Capture())
}

// TestStartupWindowTellsEachKindApart shows the start-up window for each
// thing that can be wrong with the file and checks its words and buttons:
// only real damage (and an empty file with backups) offers a restore.
func TestStartupWindowTellsEachKindApart(t *testing.T) {
	type want struct {
		kind                       store.Kind
		words                      []string
		restore, readOnly, recheck bool
	}
	cases := map[string]struct {
		setup func(t *testing.T) string
		want  want
	}{
		"full disk": {func(t *testing.T) string {
			dir := disktest.Tmpfs(t, 4<<20)
			p := filepath.Join(dir, "deputydesk.db")
			townshipAt(t, p, 20)
			disktest.Fill(t, dir)
			return p
		}, want{store.KindDiskFull, []string{"磁盘空间已满", "数据文件完好"}, false, true, true}},
		"read-only stick": {func(t *testing.T) string {
			dir := disktest.Tmpfs(t, 8<<20)
			p := filepath.Join(dir, "deputydesk.db")
			townshipAt(t, p, 20)
			disktest.RemountRO(t, dir)
			t.Cleanup(func() { disktest.RemountRW(t, dir) })
			return p
		}, want{store.KindReadOnly, []string{"只读", "写保护"}, false, true, true}},
		"zero bytes with a backup": {func(t *testing.T) string {
			dir := t.TempDir()
			p := filepath.Join(dir, "deputydesk.db")
			os.MkdirAll(store.BackupDirFor(p), 0o755)
			townshipAt(t, filepath.Join(store.BackupDirFor(p), "deputydesk-20261120-090000-daily.db"), 20)
			os.WriteFile(p, nil, 0o644)
			return p
		}, want{store.KindEmpty, []string{"0 字节", "不要新建", "代表 20 名"}, true, false, false}},
		"not a database": {func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "deputydesk.db")
			os.WriteFile(p, []byte("这是一个文本文件"), 0o644)
			return p
		}, want{store.KindNotDatabase, []string{"不是", "没有改动"}, false, false, false}},
		"newer schema": {func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "deputydesk.db")
			townshipAt(t, p, 1)
			disktest.MarkNewer(t, p, 9999)
			return p
		}, want{store.KindNewerSchema, []string{"更新版本", "最新版本"}, false, false, false}},
		"damaged": {func(t *testing.T) string {
			dir := t.TempDir()
			p := filepath.Join(dir, "deputydesk.db")
			townshipAt(t, p, 800)
			db, _ := store.Open(t.Context(), p)
			db.Backup(t.Context(), "daily")
			db.Close()
			f, _ := os.OpenFile(p, os.O_RDWR, 0)
			st, _ := f.Stat()
			junk := make([]byte, 8192)
			for i := range junk {
				junk[i] = byte(i*13 + 5)
			}
			f.WriteAt(junk, st.Size()/2)
			f.Close()
			return p
		}, want{store.KindDamaged, []string{"已损坏", "最近一份完好的备份"}, true, false, false}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := c.setup(t)
			a := test.NewTempApp(t)
			w := test.NewWindow(nil)
			w.Resize(fyne.NewSize(760, 480))
			rv := NewRecoveryView(a, w, store.Diagnose(t.Context(), path))
			text := strings.Join(shownTexts(w), "\n")
			if rv.D.Kind != c.want.kind {
				t.Fatalf("kind %s, want %s: %s", rv.D.Kind, c.want.kind, text)
			}
			for _, word := range c.want.words {
				if !strings.Contains(text, word) {
					t.Errorf("window does not say %q: %s", word, text)
				}
			}
			if c.want.kind != store.KindDamaged && strings.Contains(text, "已损坏") {
				t.Errorf("a %s file is called damaged: %s", name, text)
			}
			if rv.Restore.Visible() != c.want.restore || rv.ReadOnly.Visible() != c.want.readOnly || rv.Recheck.Visible() != c.want.recheck {
				t.Errorf("buttons restore %v read-only %v recheck %v", rv.Restore.Visible(), rv.ReadOnly.Visible(), rv.Recheck.Visible())
			}
			capture(t, w, "startup-"+strings.ReplaceAll(name, " ", "-"))
		})
	}
}

// TestReadOnlyStickOpensWithBanner opens a township on a write-protected
// stick: the main window shows it with a banner, and a save says why not.
func TestReadOnlyStickOpensWithBanner(t *testing.T) {
	dir := disktest.Tmpfs(t, 8<<20)
	path := filepath.Join(dir, "deputydesk.db")
	townshipAt(t, path, 20)
	disktest.RemountRO(t, dir)
	defer disktest.RemountRW(t, dir)
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	rv := NewRecoveryView(a, w, store.Diagnose(t.Context(), path))
	var mw *MainWindow
	rv.OnOpened = func(db *store.DB) { mw = NewMainWindow(a, db) }
	test.Tap(rv.ReadOnly)
	if mw == nil {
		t.Fatalf("read-only open failed: %v", shownTexts(w))
	}
	defer mw.db.Close()
	if !strings.Contains(mw.Banner(), "只读") {
		t.Fatalf("banner %q", mw.Banner())
	}
	mw.Window().Resize(fyne.NewSize(1280, 800))
	if text := strings.Join(shownTexts(mw.Window()), "\n"); !strings.Contains(text, "代表000") {
		t.Fatalf("the register is not shown: %s", text)
	}
	err := mw.db.SaveDeputy(t.Context(), &store.Deputy{Name: "新代表", Phone: "13800000000", Levels: store.Levels(store.TownshipLv)})
	if msg := store.UserMessage(err); !strings.Contains(msg, "只读") {
		t.Fatalf("save on the stick: %v %q", err, msg)
	}
	capture(t, mw.Window(), "main-read-only")
}
