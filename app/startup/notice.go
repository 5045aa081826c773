package startup

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// softwareNotice is what the user is told once, when the window opened
// only through the shipped software renderer.
const softwareNotice = "这台电脑的显卡没有提供可用的 OpenGL 图形支持，工作台改用随程序附带的软件渲染显示窗口。\n\n" +
	"所有功能和数据都不受影响，只是画面（尤其是滚动和切换页面）可能比平时慢。\n" +
	"安装或更新显卡驱动后，工作台会自动恢复正常显示。"

// noticeSoftwareGL shows softwareNotice over the first window once the app
// is up: Start runs before the app exists, and app/ui owns the window.
func noticeSoftwareGL() {
	go func() {
		for fyne.CurrentApp() == nil {
			time.Sleep(100 * time.Millisecond)
		}
		fyne.Do(showSoftwareNotice)
	}()
}

func showSoftwareNotice() {
	ws := fyne.CurrentApp().Driver().AllWindows()
	if len(ws) == 0 { // the app exists, its window not yet
		time.AfterFunc(200*time.Millisecond, func() { fyne.Do(showSoftwareNotice) })
		return
	}
	text := widget.NewLabel(softwareNotice)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("正在使用软件渲染", "知道了", text, ws[0])
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}
