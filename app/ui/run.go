// Package ui is deputydesk's Fyne desktop interface, in Simplified Chinese.
// It talks to the store through typed methods and never writes SQL.
package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/theme"

	"deputydesk/store"
)

// AppID is the application ID; Fyne keys the preferences file on it.
const AppID = "cn.deputydesk.app"

// Run opens the main window on db and blocks until it is closed.
func Run(db *store.DB) error {
	a := app.NewWithID(AppID)
	autoSync = true
	nativeDialogs = true
	mw := ShowMainWindow(a, db)
	// The start-up diagnosis was the quick one (store.DiagnoseQuick): the
	// integrity check the saves wait for runs once the window is up, and
	// damage turns the window into the recovery view.
	a.Lifecycle().SetOnStarted(mw.Started)
	mw.Window().ShowAndRun()
	return nil
}

// Theme is the light theme the app always uses: office PCs print what is
// on screen, and forms read best dark-on-light whatever the system setting.
type Theme struct{}

var _ fyne.Theme = Theme{}

// Color returns the default theme's light colours.
func (Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Icon returns the default icons.
func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size returns the default sizes.
func (Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
