// Package fonts holds the program's own Chinese font: Noto Sans CJK SC (SIL
// Open Font License, OFL.txt) cut down to GB 2312, the characters the
// program itself shows, Latin letters and punctuation, without the layout
// tables. Falling back to the system's full CJK font cost the first frame a
// quarter of a second, most of it setting up its 20 MB of layout lookups; a
// character outside the subset (a rare character in a name) still falls back
// to the system font. `make ui-fonts` cuts them again.
package fonts

import _ "embed"

var (
	//go:embed NotoSansSC-Regular-subset.otf
	Regular []byte
	//go:embed NotoSansSC-Bold-subset.otf
	Bold []byte
)
