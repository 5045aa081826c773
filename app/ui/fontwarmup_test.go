package ui

import (
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"deputydesk/store"
)

// TestShowMainWindowWaitsForFontWarmup: the screens are built only once
// the font warm-up has finished. Fyne's font caches are plain maps in this
// build, and the ten-year benchmark stopped with "concurrent map read and
// map write" when the screens measured text while the warm-up still ran.
func TestShowMainWindowWaitsForFontWarmup(t *testing.T) {
	db := newDB(t)
	f := &factory{t: t, db: db}
	f.township()
	f.deputy("王建国", store.Levels(store.TownshipLv))

	var warmed atomic.Bool
	real := warmFonts
	t.Cleanup(func() { warmFonts = real })
	warmFonts = func() {
		// A slow disk: the window is made long before the fonts are read.
		time.Sleep(300 * time.Millisecond)
		real()
		warmed.Store(true)
	}
	mw := ShowMainWindow(test.NewTempApp(t), db)
	if !warmed.Load() {
		t.Fatal("the screens were built while the font warm-up was still running")
	}
	if mw.current != ScreenDeputies {
		t.Fatalf("first screen %q, want %q", mw.current, ScreenDeputies)
	}
	mw.Window().Close()
}
