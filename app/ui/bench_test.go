package ui

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"deputydesk/app/demo"
	"deputydesk/store"
)

// tenYearDB opens the shared ten-year benchmark township (about 50,000
// cases), building it the first time.
func tenYearDB(b *testing.B) string {
	b.Helper()
	path, err := demo.EnsureTenYears(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkStartToFirstScreen measures what the secretary waits for after
// double-clicking: open the database (migrations checked), build the main
// window and show the first screen with its data.
func BenchmarkStartToFirstScreen(b *testing.B) {
	path := tenYearDB(b)
	a := test.NewTempApp(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		db, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		mw := NewMainWindow(a, db)
		mw.Show(mw.ScreenNames()[0])
		mw.win.Close()
		db.Close()
	}
}

// BenchmarkSwitchScreens measures one pass through every screen of the
// navigation over the ten-year township.
func BenchmarkSwitchScreens(b *testing.B) {
	path := tenYearDB(b)
	db, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	mw := NewMainWindow(test.NewTempApp(b), db)
	names := mw.ScreenNames()
	b.ResetTimer()
	for b.Loop() {
		for _, n := range names {
			mw.Show(n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(len(names)), "ms/screen")
}

// benchCopy opens a private copy of the ten-year township, for benchmarks
// that write.
func benchCopy(b *testing.B) *store.DB {
	b.Helper()
	src, err := os.ReadFile(tenYearDB(b))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "ten-years.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	db.Now = func() time.Time { return demo.BenchClock }
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkSaveAndRefresh measures what the secretary waits for after
// 保存 on the ten-year township: the save and the refresh of the screen in
// view (the register for a deputy, the case list for a case).
func BenchmarkSaveAndRefresh(b *testing.B) {
	b.Run("deputy", func(b *testing.B) {
		db := benchCopy(b)
		mw := NewMainWindow(test.NewTempApp(b), db)
		mw.Show(ScreenDeputies)
		ds, err := db.Deputies(context.Background(), store.DeputyFilter{Status: store.StatusActive})
		if err != nil || len(ds) == 0 {
			b.Fatal(err)
		}
		f := mw.EditDeputy(ds[0].ID)
		i := 0
		for b.Loop() {
			i++
			f.notes.SetText("第" + strconv.Itoa(i) + "次修改")
			f.Save()
			if f.d.Notes == "" {
				b.Fatal("not saved")
			}
			f.dlg.Show()
		}
	})
	b.Run("case", func(b *testing.B) {
		db := benchCopy(b)
		mw := NewMainWindow(test.NewTempApp(b), db)
		mw.Show(ScreenCases)
		cs, err := db.Cases(context.Background(), store.CaseFilter{Limit: 1})
		if err != nil || len(cs) == 0 {
			b.Fatal(err)
		}
		v := mw.OpenCase(cs[0].ID)
		i := 0
		for b.Loop() {
			i++
			f := mw.EditCase(v)
			f.Entry.Content.SetText(cs[0].Content + strings.Repeat("。", i%7+1))
			f.Save.OnTapped()
			if v.Detail().Content == cs[0].Content {
				b.Fatal("not saved")
			}
		}
	})
}
