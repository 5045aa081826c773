package ui

import (
	"context"
	"fmt"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// RunRecovery is what the program shows instead of the main window when the
// start-up check (store.Diagnose) found the database cannot be opened for
// writing as it is. A window appears on every system, so the secretary is
// never left with a program that seems not to start. When the file becomes
// usable (restored, opened read-only, or healthy on re-check) the main
// window opens.
//
// clock is the program's clock (DEPUTYDESK_NOW's in a demonstration): the
// database opened from this window runs on it, as one opened directly does.
func RunRecovery(d store.Diagnosis, clock calendar.Clock) error {
	a := app.NewWithID(AppID)
	autoSync = true
	nativeDialogs = true
	w := a.NewWindow(appTitle + " · 启动检查")
	w.Resize(fyne.NewSize(760, 480))
	rv := NewRecoveryView(a, w, d)
	rv.Clock = clock
	rv.OnOpened = func(db *store.DB) {
		mw := NewMainWindow(a, db)
		mw.Window().Show()
		w.Close()
	}
	reportFirstFrame(w)
	w.ShowAndRun()
	return nil
}

// RecoveryView shows a diagnosis with its Chinese message and the buttons
// that fit it: 从这份备份恢复 only for real damage (and for an empty or
// missing file with backups beside it), 以只读方式打开 for a read-only or
// full disk, 重新检查 for what the secretary can fix outside the program.
type RecoveryView struct {
	a      fyne.App
	win    fyne.Window
	D      store.Diagnosis
	Backup *store.BackupFile // the newest backup that passed its check
	Info   store.BackupInfo

	Title    *widget.Label
	Message  *widget.Label
	Restore  *widget.Button
	ReadOnly *widget.Button
	Recheck  *widget.Button
	// OnOpened gets the database once it can be used, opened.
	OnOpened func(db *store.DB)
	// Clock, when set, becomes the opened database's clock.
	Clock calendar.Clock
}

// NewRecoveryView fills w with the diagnosis d.
func NewRecoveryView(a fyne.App, w fyne.Window, d store.Diagnosis) *RecoveryView {
	a.Settings().SetTheme(Theme{})
	rv := &RecoveryView{a: a, win: w}
	rv.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	rv.Title.SizeName = theme.SizeNameHeadingText
	rv.Message = widget.NewLabel("")
	rv.Message.Wrapping = fyne.TextWrapWord
	rv.Restore = widget.NewButtonWithIcon("从这份备份恢复", theme.ContentUndoIcon(), rv.restore)
	rv.Restore.Importance = widget.HighImportance
	rv.ReadOnly = widget.NewButtonWithIcon("以只读方式打开", theme.VisibilityIcon(), rv.openReadOnly)
	rv.Recheck = widget.NewButtonWithIcon("重新检查", theme.ViewRefreshIcon(), rv.recheck)
	quit := widget.NewButton("退出", func() { a.Quit() })
	w.SetContent(container.NewPadded(container.NewBorder(rv.Title, container.NewHBox(rv.Restore, rv.ReadOnly, rv.Recheck, quit),
		nil, nil, container.NewVScroll(rv.Message))))
	rv.show(d)
	return rv
}

// Text is everything the window says, for tests and the log.
func (rv *RecoveryView) Text() string { return rv.Title.Text + "\n" + rv.Message.Text }

func (rv *RecoveryView) show(d store.Diagnosis) {
	rv.D = d
	rv.Backup = nil
	ctx := context.Background()
	rv.Title.SetText(d.Title())
	text := d.Message()
	if d.CanRestore() {
		for i := range d.Backups {
			if info, err := store.Inspect(ctx, d.Backups[i].Path); err == nil {
				rv.Backup, rv.Info = &d.Backups[i], info
				break
			}
		}
		if rv.Backup == nil {
			text += "\n\n没有找到可用的备份。请不要删除这个数据文件，联系技术支持处理；如果U盘上有“备份到…”保存的备份，请把它复制到 " + store.BackupDirFor(d.Path) + " 后点“重新检查”。"
		} else {
			text += fmt.Sprintf("\n\n最近一份完好的备份：%s（%s）\n乡镇：%s；代表 %d 名，代表小组 %d 个，联络站点 %d 个；最后一次修改：%s。\n\n"+
				"恢复后将使用这份备份的数据，备份之后所做的修改需要重新录入。恢复前，当前的文件会原样复制一份保留在备份文件夹中。",
				rv.Backup.Time.Format("2006年1月2日 15:04"), backupReason(rv.Backup.Reason), rv.Info.Township, rv.Info.Counts["代表"], rv.Info.Counts["代表小组"],
				rv.Info.Counts["联络站点"], rv.Info.LastChange.In(calendar.Beijing).Format("2006年1月2日 15:04"))
		}
	}
	if d.Err != nil {
		logError("启动检查", d.Err)
	}
	rv.Message.SetText(text)
	setShown(rv.Restore, d.CanRestore() && rv.Backup != nil)
	setShown(rv.ReadOnly, d.CanReadOnly())
	switch d.Kind {
	case store.KindDiskFull, store.KindLocked, store.KindIOError, store.KindReadOnly, store.KindNoAccess:
		rv.Recheck.Show()
	default:
		setShown(rv.Recheck, d.CanRestore() && rv.Backup == nil)
	}
}

func setShown(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

func (rv *RecoveryView) restore() {
	ctx := context.Background()
	if _, err := store.Restore(ctx, rv.Backup.Path, rv.D.Path); err != nil {
		showError(rv.win, "恢复", err)
		return
	}
	rv.open(ctx, false)
}

func (rv *RecoveryView) openReadOnly() { rv.open(context.Background(), true) }

// recheck looks at the file again (after space was freed, the other
// program closed, the stick's switch moved) and opens it when it is fine.
func (rv *RecoveryView) recheck() {
	ctx := context.Background()
	d := store.Diagnose(ctx, rv.D.Path)
	if d.CanOpen() {
		rv.open(ctx, false)
		return
	}
	rv.show(d)
}

func (rv *RecoveryView) open(ctx context.Context, readOnly bool) {
	var db *store.DB
	var err error
	if readOnly {
		db, err = store.OpenReadOnly(ctx, rv.D.Path)
	} else {
		db, err = store.Open(ctx, rv.D.Path)
	}
	if err != nil {
		showError(rv.win, "打开数据文件", err)
		return
	}
	if rv.Clock != nil {
		db.Now = rv.Clock
	}
	if rv.OnOpened != nil {
		rv.OnOpened(db)
	}
}

// logError writes a failure's details to the log (never shown, never
// personal data: store errors name files and codes only).
func logError(what string, err error) { log.Printf("ui: %s: %v", what, err) }
