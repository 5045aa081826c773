package ui

import (
	"fmt"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"deputydesk/store"
)

// TestNavFitsTheWindow checks that every item of the navigation lies inside
// the 1280×680 window a 1366×768 screen leaves, with and without the
// read-only banner above it, and that three more screens would still fit.
func TestNavFitsTheWindow(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("read-only=%v", readOnly), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "deputydesk.db")
			townshipAt(t, path, 3)
			open := store.Open
			if readOnly {
				open = store.OpenReadOnly
			}
			db, err := open(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			mw := NewMainWindow(test.NewTempApp(t), db)
			mw.win.Resize(fyne.NewSize(1280, 680))
			if readOnly && mw.Banner() == "" {
				t.Fatal("no read-only banner")
			}
			d := fyne.CurrentApp().Driver()
			var bottom, step float32
			for _, name := range mw.ScreenNames() {
				b := mw.navBtns[name]
				top := d.AbsolutePositionForObject(b).Y
				if top+b.Size().Height > 680 || b.Size().Height == 0 {
					t.Errorf("nav item %s lies at %.0f–%.0f, outside the 680-pixel window", b.Text, top, top+b.Size().Height)
				}
				if bottom > 0 {
					step = top + b.Size().Height - bottom
				}
				bottom = top + b.Size().Height
			}
			if bottom+3*step > 680 {
				t.Errorf("no room for three more screens: the nav ends at %.0f, %.0f per item", bottom, step)
			}
			capture(t, mw.win, fmt.Sprintf("nav-read-only-%v", readOnly))
		})
	}
}
