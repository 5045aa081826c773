package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Spacing of the navigation: compact, so the whole list fits a 1366×768
// screen's 680-pixel window with the read-only banner above it and room
// for more screens.
const (
	navInnerPad = 2.5
	navGap      = 1
)

// navButton is one item of the navigation: an icon and a screen's name,
// filled in the primary colour while its screen is shown.
//
// It is drawn in the app's own theme on purpose. A widget.Button in a
// theme override with smaller padding looks the same, but Fyne gives every
// override a font cache of its own and forgets measured text and drawn
// icons when one is applied: the navigation then loaded the fonts a second
// time before the first frame.
type navButton struct {
	widget.BaseWidget
	Text     string
	icon     fyne.Resource
	onTapped func()

	selected, hovered, focused bool
}

var (
	_ fyne.Tappable     = (*navButton)(nil)
	_ fyne.Focusable    = (*navButton)(nil)
	_ desktop.Hoverable = (*navButton)(nil)
)

func newNavButton(text string, icon fyne.Resource, tapped func()) *navButton {
	b := &navButton{Text: text, icon: icon, onTapped: tapped}
	b.ExtendBaseWidget(b)
	return b
}

// SetSelected marks the item of the screen in view; it redraws only when
// the mark changes.
func (b *navButton) SetSelected(on bool) {
	if b.selected != on {
		b.selected = on
		b.Refresh()
	}
}

// Tapped shows the item's screen.
func (b *navButton) Tapped(*fyne.PointEvent) {
	if b.onTapped != nil {
		b.onTapped()
	}
}

// MouseIn, MouseMoved and MouseOut shade the item under the pointer.
func (b *navButton) MouseIn(*desktop.MouseEvent)    { b.hovered = true; b.Refresh() }
func (b *navButton) MouseMoved(*desktop.MouseEvent) {}
func (b *navButton) MouseOut()                      { b.hovered = false; b.Refresh() }

// FocusGained and FocusLost mark the item reached with the Tab key; space
// or Enter then shows its screen, as on a button.
func (b *navButton) FocusGained()   { b.focused = true; b.Refresh() }
func (b *navButton) FocusLost()     { b.focused = false; b.Refresh() }
func (b *navButton) TypedRune(rune) {}
func (b *navButton) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeySpace || e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter {
		b.Tapped(nil)
	}
}

func (b *navButton) CreateRenderer() fyne.WidgetRenderer {
	r := &navRenderer{b: b, bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText(b.Text, color.Black), icon: canvas.NewImageFromResource(nil)}
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.icon.FillMode = canvas.ImageFillContain
	r.Refresh()
	return r
}

type navRenderer struct {
	b    *navButton
	bg   *canvas.Rectangle
	icon *canvas.Image
	text *canvas.Text
}

func (r *navRenderer) iconSize() float32 { return theme.IconInlineSize() }

func (r *navRenderer) MinSize() fyne.Size {
	t := r.text.MinSize()
	s := r.iconSize()
	return fyne.NewSize(s+t.Width+4*navInnerPad, fyne.Max(s, t.Height)+2*navInnerPad)
}

func (r *navRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	s := r.iconSize()
	r.icon.Resize(fyne.NewSquareSize(s))
	r.icon.Move(fyne.NewPos(2*navInnerPad, (size.Height-s)/2))
	t := r.text.MinSize()
	r.text.Resize(t)
	r.text.Move(fyne.NewPos(3*navInnerPad+s, (size.Height-t.Height)/2))
}

func (r *navRenderer) Refresh() {
	b := r.b
	fg, bg := theme.ColorNameForeground, fyne.ThemeColorName("")
	switch {
	case b.selected:
		fg, bg = theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary
	case b.hovered:
		bg = theme.ColorNameHover
	}
	if bg == "" {
		r.bg.FillColor = color.Transparent
	} else {
		r.bg.FillColor = theme.Color(bg)
	}
	// The item reached with Tab keeps its fill and gets a ring.
	r.bg.StrokeWidth = 0
	if b.focused {
		r.bg.StrokeColor = theme.Color(theme.ColorNameFocus)
		r.bg.StrokeWidth = 2
	}
	r.text.Text = b.Text
	r.text.Color = theme.Color(fg)
	r.text.TextSize = theme.TextSize()
	if b.icon != nil {
		r.icon.Resource = theme.NewColoredResource(b.icon, fg)
	}
	r.bg.Refresh()
	r.icon.Refresh()
	r.text.Refresh()
}

func (r *navRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.icon, r.text}
}

func (r *navRenderer) Destroy() {}
