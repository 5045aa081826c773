package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// RunRecovery is what the program shows instead of the main window when the
// database failed its start-up check: the file is not opened for writing;
// the secretary sees the newest good backup and restores it in one step,
// after which the main window opens on the restored data.
func RunRecovery(dbPath string) error {
	a := app.NewWithID(AppID)
	autoSync = true
	w := a.NewWindow(appTitle + " · 数据恢复")
	w.Resize(fyne.NewSize(760, 460))
	rv := NewRecoveryView(a, w, dbPath)
	rv.OnRestored = func(db *store.DB) {
		mw := NewMainWindow(a, db)
		mw.Window().Show()
		w.Close()
	}
	w.ShowAndRun()
	return nil
}

// RecoveryView explains the damage and offers the newest good backup.
type RecoveryView struct {
	dbPath  string
	win     fyne.Window
	Backup  *store.BackupFile // the newest backup that passed its check
	Info    store.BackupInfo
	Message *widget.Label
	Restore *widget.Button
	// OnRestored gets the restored database, opened.
	OnRestored func(db *store.DB)
}

// NewRecoveryView looks for the newest good backup beside dbPath and fills
// w with the explanation and the restore button.
func NewRecoveryView(a fyne.App, w fyne.Window, dbPath string) *RecoveryView {
	a.Settings().SetTheme(Theme{})
	rv := &RecoveryView{dbPath: dbPath, win: w}
	ctx := context.Background()
	title := widget.NewLabelWithStyle("数据文件已损坏", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	rv.Message = widget.NewLabel("")
	rv.Message.Wrapping = fyne.TextWrapWord
	rv.Restore = widget.NewButtonWithIcon("从这份备份恢复", theme.ContentUndoIcon(), rv.restore)
	rv.Restore.Importance = widget.HighImportance

	text := "启动时检查发现数据文件 " + dbPath + " 已损坏（可能是停电、死机或磁盘故障造成的）。为了不让损坏扩大，程序没有打开它。\n\n"
	list, _ := store.ListBackups(store.BackupDirFor(dbPath))
	for i := range list {
		if info, err := store.Inspect(ctx, list[i].Path); err == nil {
			rv.Backup, rv.Info = &list[i], info
			break
		}
	}
	if rv.Backup == nil {
		text += "没有找到可用的备份。请不要删除这个数据文件，联系技术支持处理；如果U盘上有“备份到…”保存的备份，请把它复制到 " + store.BackupDirFor(dbPath) + " 后重新打开程序。"
		rv.Restore.Disable()
	} else {
		text += fmt.Sprintf("最近一份完好的备份：%s（%s）\n乡镇：%s；代表 %d 名，代表小组 %d 个，联络站点 %d 个；最后一次修改：%s。\n\n"+
			"恢复后将使用这份备份的数据，备份之后所做的修改需要重新录入。损坏的文件会原样保留在备份文件夹中。",
			rv.Backup.Time.Format("2006年1月2日 15:04"), backupReason(rv.Backup.Reason), rv.Info.Township, rv.Info.Counts["代表"], rv.Info.Counts["代表小组"],
			rv.Info.Counts["联络站点"], rv.Info.LastChange.In(calendar.Beijing).Format("2006年1月2日 15:04"))
	}
	rv.Message.SetText(text)
	w.SetContent(container.NewPadded(container.NewVBox(title, rv.Message, container.NewHBox(rv.Restore))))
	return rv
}

func (rv *RecoveryView) restore() {
	ctx := context.Background()
	if _, err := store.Restore(ctx, rv.Backup.Path, rv.dbPath); err != nil {
		showError(rv.win, "恢复", err)
		return
	}
	db, err := store.Open(ctx, rv.dbPath)
	if err != nil {
		showError(rv.win, "打开恢复后的数据", err)
		return
	}
	if rv.OnRestored != nil {
		rv.OnRestored(db)
	}
}
