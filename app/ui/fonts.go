package ui

import (
	_ "embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The app's own Chinese font: Noto Sans CJK SC (SIL Open Font License,
// fonts/OFL.txt) cut down to GB 2312, the program's own characters, Latin
// letters and punctuation, without the layout tables. Falling back to the
// system's full CJK font cost the first frame a quarter of a second, most
// of it setting up its 20 MB of layout lookups; a character outside the
// subset (a rare character in a name) still falls back to the system font.
var (
	//go:embed fonts/NotoSansSC-Regular-subset.otf
	fontRegular []byte
	//go:embed fonts/NotoSansSC-Bold-subset.otf
	fontBold []byte

	fontRegularRes = fyne.NewStaticResource("NotoSansSC-Regular-subset.otf", fontRegular)
	fontBoldRes    = fyne.NewStaticResource("NotoSansSC-Bold-subset.otf", fontBold)
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
