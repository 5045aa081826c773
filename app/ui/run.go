// Package ui is deputydesk's Fyne desktop interface, in Simplified Chinese.
// It talks to the store through typed methods and never writes SQL.
package ui

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
)

// Run opens the main window on db and blocks until it is closed.
func Run(db *store.DB) error {
	a := app.NewWithID("cn.deputydesk.app")
	w := a.NewWindow("乡镇人大代表工作台")
	w.SetContent(widget.NewLabel("乡镇人大代表工作台"))
	w.ShowAndRun()
	return nil
}
