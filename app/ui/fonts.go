package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"deputydesk/app/ui/fonts"
)

// The embedded Chinese font (see package fonts for why).
var (
	fontRegularRes = fyne.NewStaticResource("NotoSansSC-Regular-subset.otf", fonts.Regular)
	fontBoldRes    = fyne.NewStaticResource("NotoSansSC-Bold-subset.otf", fonts.Bold)
)

// Font returns the embedded Chinese font; monospaced text keeps Fyne's.
func (Theme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol:
		return theme.DefaultTheme().Font(s)
	case s.Bold:
		return fontBoldRes
	}
	return fontRegularRes
}
