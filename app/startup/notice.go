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
// is up: Start runs before the app exists, and app/ui owns the window. It
// asks once a second, as Fyne logs each question asked before the app
// exists.
func noticeSoftwareGL() {
	go func() {
		for {
			time.Sleep(time.Second)
			if fyne.CurrentApp() != nil {
				break
			}
		}
		fyne.Do(noticeOverMainWindow)
	}()
}

// noticeOverMainWindow shows the notice over the app's first window, the
// main one, waiting for it when the app has none yet.
func noticeOverMainWindow() {
	ws := fyne.CurrentApp().Driver().AllWindows()
	if len(ws) == 0 {
		time.AfterFunc(200*time.Millisecond, func() { fyne.Do(noticeOverMainWindow) })
		return
	}
	showSoftwareNotice(ws[0])
}

func showSoftwareNotice(w fyne.Window) {
	text := widget.NewLabel(softwareNotice)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("正在使用软件渲染", "知道了", text, w)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}
