package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// readOnlyText is the banner over every screen of a database opened
// read-only (a write-protected stick, a read-only folder, a full disk).
const readOnlyText = "只读方式打开：数据文件不能写入（U盘写保护、只读文件夹或磁盘已满）。可以查看、打印和导出，修改不会被保存。要修改，请关闭写保护或把数据文件复制到电脑硬盘上，然后重新打开程序。"

// readOnlyBanner returns the banner for a read-only database, or nil.
func (mw *MainWindow) readOnlyBanner() fyne.CanvasObject {
	if !mw.db.ReadOnly() {
		return nil
	}
	l := widget.NewLabelWithStyle(readOnlyText, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	mw.banner = l
	bg := canvas.NewRectangle(color.NRGBA{R: 0xFF, G: 0xE8, B: 0xA3, A: 0xFF})
	return container.NewStack(bg, container.NewPadded(l))
}

// Banner returns the text of the read-only banner ("" when writable).
func (mw *MainWindow) Banner() string {
	if mw.banner == nil {
		return ""
	}
	return mw.banner.Text
}
