package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/export"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

// The screens that keep the township's data safe: 操作日志 (every change,
// who, when, old → new), 回收站 (deleted records, restorable with their
// links) and 备份与恢复.

func init() {
	registerScreen(screenDef{name: ScreenChangeLog, label: "操作日志", order: 900, icon: theme.HistoryIcon,
		make: func(mw *MainWindow) screen { return newChangeLogScreen(mw) }})
	registerScreen(screenDef{name: ScreenTrash, label: "回收站", order: 910, icon: theme.DeleteIcon,
		make: func(mw *MainWindow) screen { return newTrashScreen(mw) }})
	registerScreen(screenDef{name: ScreenBackups, label: "备份与恢复", order: 920, icon: theme.StorageIcon,
		make: func(mw *MainWindow) screen { return newBackupScreen(mw) }})
}

// Screen names of this file.
const (
	ScreenChangeLog = "changelog"
	ScreenTrash     = "trash"
	ScreenBackups   = "backups"
)

var actionNames = map[string]string{"create": "新增", "update": "修改", "delete": "删除"}

// describeChange turns a change-log row's diff into Chinese, one part per
// field (store.Change.Describe names the fields and renders the values).
func describeChange(c store.Change, names map[string]string) string {
	return strings.Join(c.Describe(names), "；")
}

type changeLogScreen struct {
	mw     *MainWindow
	root   fyne.CanvasObject
	filter store.ChangeFilter
	rows   []store.Change
	names  map[string]string // record IDs → names, for the values shown
	list   *widget.List
	count  *widget.Label
}

var changeCols = columns{widths: []float32{190, 80, 60, 110, 180, 0}}

func newChangeLogScreen(mw *MainWindow) *changeLogScreen {
	s := &changeLogScreen{mw: mw, filter: store.ChangeFilter{Limit: 2000}}
	search := widget.NewEntry()
	search.SetPlaceHolder("按姓名、名称或操作人查找")
	search.OnChanged = func(q string) { s.filter.Query = q; s.reload() }
	var kinds []string
	kindOf := map[string]string{}
	for _, k := range []string{"deputy", "group", "station", "duty", "leave", "reception", "case", "case_handler", "township"} {
		kinds = append(kinds, store.EntityNames[k])
		kindOf[store.EntityNames[k]] = k
	}
	kind := selectWithAll("全部类别", kinds, func(v string) { s.filter.Entity = kindOf[v]; s.reload() })
	action := selectWithAll("全部操作", []string{"新增", "修改", "删除"}, func(v string) {
		s.filter.Action = map[string]string{"新增": "create", "修改": "update", "删除": "delete"}[v]
		s.reload()
	})
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	s.list = widget.NewList(func() int { return len(s.rows) },
		func() fyne.CanvasObject { return cells(changeCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := s.rows[i]
			setCells(o.(*fyne.Container), c.At.In(calendar.Beijing).Format("2006年1月2日 15:04"), c.Actor, actionNames[c.Action], store.EntityName(c.Entity), c.Summary, describeChange(c, s.names))
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.rows) {
			c := s.rows[i]
			text := widget.NewLabel(strings.Join(c.Describe(s.names), "\n"))
			text.Wrapping = fyne.TextWrapWord
			d := dialog.NewCustom(actionNames[c.Action]+store.EntityName(c.Entity)+"："+c.Summary, "关闭", container.NewVScroll(text), mw.win)
			d.Resize(fyne.NewSize(640, 420))
			d.Show()
		}
	}
	header := cells(changeCols, true)
	setCells(header, "时间", "操作人", "操作", "类别", "对象", "内容（原值 → 新值）")
	top := container.NewVBox(screenTitle("操作日志"), search,
		container.NewBorder(nil, nil, container.NewHBox(kind, action), nil, s.count),
		container.NewPadded(header), widget.NewSeparator())
	s.root = container.NewPadded(container.NewBorder(top, hintLabel("每一次新增、修改和删除都记录在这里，不能删改。点击一行查看全部内容。"), nil, nil, s.list))
	return s
}

func (s *changeLogScreen) view() fyne.CanvasObject { return s.root }

func (s *changeLogScreen) reload() {
	rows, err := s.mw.db.Changes(s.mw.ctx, s.filter)
	if err != nil {
		showError(s.mw.win, "读取操作日志", err)
		return
	}
	if s.names, err = s.mw.db.ChangeNames(s.mw.ctx); err != nil {
		showError(s.mw.win, "读取操作日志", err)
		return
	}
	s.rows = rows
	text := fmt.Sprintf("共 %d 条", len(rows))
	if len(rows) == s.filter.Limit {
		text = fmt.Sprintf("最近 %d 条", len(rows))
	}
	s.count.SetText(text)
	s.list.Refresh()
}

type trashScreen struct {
	mw    *MainWindow
	root  fyne.CanvasObject
	rows  []store.TrashItem
	list  *widget.List
	count *widget.Label
	// lastRestore is the confirmation last shown, for tests.
	lastRestore *confirm
}

var trashCols = columns{widths: []float32{160, 110, 0, 90, 100}}

func newTrashScreen(mw *MainWindow) *trashScreen {
	s := &trashScreen{mw: mw}
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	s.list = widget.NewList(func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			restore := widget.NewButtonWithIcon("恢复", theme.ContentUndoIcon(), nil)
			row := cells(columns{widths: trashCols.widths[:4]}, false)
			return container.New(trashCols, append(row.Objects, restore)...)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			t := s.rows[i]
			c := o.(*fyne.Container)
			for j, text := range []string{t.DeletedAt.In(calendar.Beijing).Format("2006年1月2日 15:04"), store.EntityNames[t.Entity], t.Label, t.Actor} {
				c.Objects[j].(*widget.Label).SetText(text)
			}
			c.Objects[4].(*widget.Button).OnTapped = func() { s.askRestore(t) }
		})
	header := cells(columns{widths: trashCols.widths[:4]}, true)
	setCells(header, "删除时间", "类别", "名称", "操作人")
	headerRow := container.New(trashCols, append(header.Objects, widget.NewLabel(""))...)
	top := container.NewVBox(container.NewBorder(nil, nil, screenTitle("回收站"), s.count), container.NewPadded(headerRow), widget.NewSeparator())
	s.root = container.NewPadded(container.NewBorder(top,
		hintLabel("删除的代表、小组、站点、值班、接待记录和事项都先放在这里。“恢复”会连同它的关联（小组成员、进站小组、值班等）一起放回原处。"),
		nil, nil, s.list))
	return s
}

func (s *trashScreen) view() fyne.CanvasObject { return s.root }

func (s *trashScreen) reload() {
	rows, err := s.mw.db.Trash(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取回收站", err)
		return
	}
	s.rows = rows
	s.count.SetText(fmt.Sprintf("共 %d 项", len(rows)))
	s.list.Refresh()
}

// Restore puts an item back after the secretary confirms.
func (s *trashScreen) askRestore(t store.TrashItem) {
	msg := widget.NewLabel(fmt.Sprintf("把%s“%s”连同它的关联一起恢复吗？", store.EntityNames[t.Entity], t.Label))
	msg.Wrapping = fyne.TextWrapWord
	c := &confirm{message: msg}
	c.dlg = dialog.NewCustomWithoutButtons("从回收站恢复", msg, s.mw.win)
	c.ok = widget.NewButtonWithIcon("恢复", theme.ContentUndoIcon(), func() {
		c.dlg.Hide()
		if err := s.mw.db.RestoreFromTrash(s.mw.ctx, t.ID); err != nil {
			showError(s.mw.win, "恢复", err)
			return
		}
		s.mw.changed()
	})
	c.ok.Importance = widget.HighImportance
	c.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton("取消", func() { c.dlg.Hide() }), c.ok})
	c.dlg.Resize(fyne.NewSize(480, 200))
	c.dlg.Show()
	s.lastRestore = c
}

// backupReasons names why a backup was made.
func backupReason(r string) string {
	switch {
	case r == "daily":
		return "每日自动备份"
	case strings.HasPrefix(r, "manual"):
		return "手动备份"
	case strings.HasPrefix(r, "before-migration"):
		return "程序升级前"
	case r == "before-restore":
		return "恢复前的数据"
	case r == "damaged":
		return "损坏的原文件"
	}
	return r
}

type backupScreen struct {
	mw    *MainWindow
	root  fyne.CanvasObject
	rows  []store.BackupFile
	list  *widget.List
	info  *widget.Label
	count *widget.Label
}

var backupCols = columns{widths: []float32{200, 140, 100, 0, 100}}

func newBackupScreen(mw *MainWindow) *backupScreen {
	s := &backupScreen{mw: mw}
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	s.info = hintLabel("")
	now := widget.NewButtonWithIcon("立即备份", theme.DocumentSaveIcon(), func() {
		path, err := mw.db.Backup(mw.ctx, "manual")
		if err != nil {
			showError(mw.win, "备份", err)
			return
		}
		s.reload()
		showInfo("备份完成", "已备份到：\n"+path, mw.win)
	})
	now.Importance = widget.HighImportance
	toUSB := widget.NewButtonWithIcon("备份到…", theme.FolderOpenIcon(), func() {
		showFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				return
			}
			dest := dir.Path() + "/" + "deputydesk-" + mw.db.Now().Format("20060102-150405") + "-manual.db"
			if err := mw.db.BackupTo(mw.ctx, dest); err != nil {
				showError(mw.win, "备份到文件夹", err)
				return
			}
			showInfo("备份完成", "已备份到：\n"+dest, mw.win)
		}, mw.win)
	})
	exportAll := widget.NewButtonWithIcon("全部数据导出…", theme.DocumentSaveIcon(), func() {
		d := newFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			tables, rows, err := s.ExportAll(path)
			if err != nil {
				showError(mw.win, "全部数据导出", err)
				return
			}
			showInfo("全部数据导出", fmt.Sprintf("已导出 %d 张表、%d 行数据：\n%s", tables, rows, path), mw.win)
		}, mw.win)
		d.SetFileName("全部数据-" + mw.db.Now().Format("20060102") + ".xlsx")
		d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
		d.Show()
	})
	s.list = widget.NewList(func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			row := cells(columns{widths: backupCols.widths[:4]}, false)
			return container.New(backupCols, append(row.Objects, widget.NewButtonWithIcon("恢复", theme.ContentUndoIcon(), nil))...)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			b := s.rows[i]
			c := o.(*fyne.Container)
			for j, text := range []string{b.Time.Format("2006年1月2日 15:04:05"), backupReason(b.Reason),
				fmt.Sprintf("%.1f MB", float64(b.Size)/1e6), b.Path} {
				c.Objects[j].(*widget.Label).SetText(text)
			}
			c.Objects[4].(*widget.Button).OnTapped = func() { s.askRestore(b) }
		})
	header := cells(columns{widths: backupCols.widths[:4]}, true)
	setCells(header, "备份时间", "原因", "大小", "文件")
	headerRow := container.New(backupCols, append(header.Objects, widget.NewLabel(""))...)
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("备份与恢复"), container.NewHBox(exportAll, toUSB, now)),
		s.info, container.NewBorder(nil, nil, nil, s.count), container.NewPadded(headerRow), widget.NewSeparator())
	s.root = container.NewPadded(container.NewBorder(top,
		hintLabel("程序每天自动备份一次，并在升级和恢复之前各备份一次；保留最近7天、4周和12个月的备份。建议每月用“备份到…”存一份到U盘。"),
		nil, nil, s.list))
	return s
}

func (s *backupScreen) view() fyne.CanvasObject { return s.root }

// ExportAll writes every table to one workbook at path (全部数据导出), so
// the township's data is never trapped in the program.
func (s *backupScreen) ExportAll(path string) (tables, rows int, err error) {
	return export.Write(s.mw.ctx, s.mw.db, path)
}

func (s *backupScreen) reload() {
	rows, err := store.ListBackups(s.mw.db.BackupDir())
	if err != nil {
		showError(s.mw.win, "读取备份", err)
		return
	}
	s.rows = rows
	s.count.SetText(fmt.Sprintf("共 %d 份备份", len(rows)))
	s.info.SetText("数据文件：" + s.mw.db.Path() + "\n备份文件夹：" + s.mw.db.BackupDir())
	s.list.Refresh()
}

// askRestore shows what the backup holds and, on confirmation, replaces the
// database with it. The current data is backed up first; the program then
// closes so it starts again on the restored file.
func (s *backupScreen) askRestore(b store.BackupFile) {
	info, err := store.Inspect(s.mw.ctx, b.Path)
	if err != nil {
		dialog.ShowError(fmt.Errorf("这份备份无法使用（可能已损坏），请选择另一份。"), s.mw.win)
		return
	}
	text := fmt.Sprintf("备份时间：%s\n乡镇：%s\n代表 %d 名，代表小组 %d 个，联络站点 %d 个\n最后一次修改：%s\n\n恢复后，当前数据会被这份备份替换；替换前会先把当前数据另存为一份备份。恢复完成后程序会关闭，请重新打开。",
		b.Time.Format("2006年1月2日 15:04"), info.Township, info.Counts["代表"], info.Counts["代表小组"], info.Counts["联络站点"],
		info.LastChange.In(calendar.Beijing).Format("2006年1月2日 15:04"))
	dialog.ShowConfirm("从备份恢复", text, func(ok bool) {
		if !ok {
			return
		}
		path := s.mw.db.Path()
		s.mw.db.Close()
		res, err := store.Restore(s.mw.ctx, b.Path, path)
		if err != nil {
			showError(s.mw.win, "恢复", err)
			d := dialog.NewInformation("恢复", "数据文件已关闭，程序现在关闭，请重新打开。", s.mw.win)
			d.SetOnClosed(func() { s.mw.app.Quit() })
			d.Show()
			return
		}
		d := dialog.NewInformation("恢复完成", "已恢复。恢复前的数据已原样另存为：\n"+res.SafetyCopy+"\n\n程序现在关闭，请重新打开。", s.mw.win)
		d.SetOnClosed(func() { s.mw.app.Quit() })
		d.Show()
	}, s.mw.win)
}
