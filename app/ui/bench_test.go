package ui

import (
	"context"
	"testing"

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
