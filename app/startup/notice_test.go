package startup

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestSoftwareNoticeShowsOverTheWindow(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("人大代表工作台")
	w.Resize(fyne.NewSize(1000, 600))
	w.Show()
	showSoftwareNotice(w)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no notice over the window")
	}
	var texts []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			texts = append(texts, v.Text)
		case *widget.Button:
			texts = append(texts, v.Text)
		case fyne.Widget:
			for _, c := range test.TempWidgetRenderer(t, v).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(top)
	all := strings.Join(texts, "|")
	for _, want := range []string{"正在使用软件渲染", "软件渲染", "可能比平时慢", "知道了"} {
		if !strings.Contains(all, want) {
			t.Errorf("notice lacks %q: %s", want, all)
		}
	}
}
