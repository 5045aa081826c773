package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/sync/bundle"
	"deputydesk/sync/outbox"
	"deputydesk/sync/reports"
)

// ScreenSync is the 上报 screen: the outbox and its settings.
const ScreenSync = "sync"

func init() {
	registerScreen(screenDef{name: ScreenSync, label: "上报", icon: theme.UploadIcon, order: 85,
		make: func(mw *MainWindow) screen { return newSyncScreen(mw) }})
}

// autoSync starts the background delivery worker with the 上报 screen. Run
// sets it for the real program; tests drive the worker's passes themselves,
// since the test driver's fyne.Do does not move work to one goroutine.
var autoSync bool

var syncCols = columns{widths: []float32{270, 80, 170, 0}}

// syncScreen shows the outbox with each bundle's state, lets the secretary
// queue a report, retry or cancel a bundle, export bundles for a USB stick,
// write the enrolment request and set the hub address. The worker delivers
// in the background; the screen only reads and nudges it.
type syncScreen struct {
	mw     *MainWindow
	worker *outbox.Worker

	items []store.OutboxItem

	status    *widget.Label
	reminders *widget.Label
	list      *widget.List
	root      fyne.CanvasObject

	// dialogs kept for tests
	actions  *outboxActions
	queueDlg *queueDialog
	settings *syncSettingsDialog
	notices  *noticeList
	// noticeWin is the last confirm window opened from the notice list.
	noticeWin *noticeWindow
	banner    *noticeBanner
}

func newSyncScreen(mw *MainWindow) *syncScreen {
	s := &syncScreen{mw: mw, worker: outbox.New(mw.db)}
	if autoSync {
		// The worker lives as long as the program; it only waits while
		// there is nothing to send or no hub, and never blocks the window.
		// It touches widgets only through fyne.Do.
		s.worker.OnChange = func() { fyne.Do(s.reload) }
		go s.worker.Run(context.Background())
	}

	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.reminders = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.reminders.Wrapping = fyne.TextWrapWord
	s.reminders.Importance = widget.DangerImportance
	s.list = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject { return cells(syncCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := s.items[i]
			setCells(o.(*fyne.Container), it.Title, bundle.HumanSize(it.Size), formatStamp(it.CreatedAt), it.StatusText())
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.items) {
			s.showActions(s.items[i])
		}
	}
	header := cells(syncCols, true)
	setCells(header, "上报内容", "大小", "生成时间", "状态")

	queue := widget.NewButtonWithIcon("生成上报包", theme.ContentAddIcon(), func() { s.showQueue() })
	queue.Importance = widget.HighImportance
	now := widget.NewButtonWithIcon("立即上报", theme.MailSendIcon(), func() {
		if set, err := s.mw.db.SyncSettings(s.mw.ctx); err == nil && set.HubURL == "" {
			// Nothing can be sent before the hub is set: say so and offer it.
			s.mw.askVerb("立即上报", "还没有设置县级平台地址，上报包无法通过网络发送。\n请先在“上报设置”中填写县人大给的平台地址；没有网络时可以用“导出到U盘”带到县里。", "上报设置", s.showSettings)
			return
		}
		s.worker.Kick()
		s.status.SetText("正在连接县级平台…")
	})
	export := widget.NewButtonWithIcon("导出到U盘", theme.FolderIcon(), func() {
		showFolderOpen(func(dir fyne.ListableURI, err error) {
			if err == nil && dir != nil {
				s.exportTo(dir.Path())
			}
		}, mw.win)
	})
	enrol := widget.NewButtonWithIcon("登记申请文件", theme.DocumentSaveIcon(), func() {
		d := newFileSave(func(w fyne.URIWriteCloser, err error) {
			if err == nil && w != nil {
				w.Close()
				s.writeEnrolRequest(w.URI().Path())
			}
		}, mw.win)
		d.SetFileName("上报登记申请.json")
		d.Show()
	})
	settings := widget.NewButtonWithIcon("上报设置", theme.SettingsIcon(), func() { s.showSettings() })
	notices := widget.NewButtonWithIcon("县级通知", theme.MailComposeIcon(), func() { s.showNotices() })
	s.banner = newNoticeBanner(mw, func() { s.reload() })
	hint := hintLabel("点击一行可重新上报或取消。网络不通时上报包留在队列中，联网后自动上报；也可以导出到U盘交给县人大。")
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("上报"), container.NewHBox(queue, now, export, enrol, notices, settings)),
		s.banner.box,
		s.reminders,
		s.status,
		container.NewPadded(header),
		widget.NewSeparator(),
	)
	s.root = container.NewPadded(container.NewBorder(top, hint, nil, nil, s.list))
	return s
}

func (s *syncScreen) view() fyne.CanvasObject { return s.root }

func formatStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	l := t.In(calendar.Beijing)
	return store.FormatDate(l.Format("2006-01-02")) + " " + l.Format("15:04")
}

func (s *syncScreen) reload() {
	items, err := s.mw.db.Outbox(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取上报队列", err)
		return
	}
	s.items = items
	s.list.Refresh()
	set, _ := s.mw.db.SyncSettings(s.mw.ctx)
	st, msg, next := s.worker.Status()
	text := "县级平台：" + set.HubURL
	if set.HubURL == "" {
		text = "尚未设置县级平台地址（点“上报设置”）。没有网络时可导出到U盘。"
	} else {
		text += " · " + st.String()
		if msg != "" {
			text += "：" + msg
		}
		if !next.IsZero() && (st == outbox.Offline || st == outbox.Waiting) {
			text += "，" + next.In(calendar.Beijing).Format("15:04:05") + " 再试"
		}
	}
	s.status.SetText(text)
	s.banner.reload()
	rs, err := s.mw.db.Reminders(s.mw.ctx, string(bundle.Ledger), 5*24*time.Hour)
	var lines []string
	if ret, err := s.mw.db.Returned(s.mw.ctx); err == nil {
		for _, it := range ret {
			lines = append(lines, it.CorrectionText()+"（点“生成上报包”）")
		}
	}
	if err == nil {
		for _, r := range rs {
			lines = append(lines, "提醒："+r.Text(bundle.Ledger.Label()))
		}
	}
	s.reminders.SetText(strings.Join(lines, "\n"))
	if len(lines) == 0 {
		s.reminders.Hide()
	} else {
		s.reminders.Show()
	}
}

func (s *syncScreen) exportTo(dir string) []string {
	files, err := outbox.Export(s.mw.ctx, s.mw.db, dir, false)
	if err != nil {
		dialog.ShowError(errors.New("导出失败："+err.Error()), s.mw.win)
		return nil
	}
	msg := "没有需要导出的上报包。"
	if len(files) > 0 {
		msg = fmt.Sprintf("已导出 %d 个上报包到\n%s\n请把这些文件交给县人大，由县级平台导入。", len(files), dir)
	}
	showInfo("导出到U盘", msg, s.mw.win)
	return files
}

func (s *syncScreen) writeEnrolRequest(path string) error {
	b, r, err := outbox.EnrolRequest(s.mw.ctx, s.mw.db)
	if err == nil {
		err = os.WriteFile(path, b, 0o644)
	}
	if err != nil {
		dialog.ShowError(errors.New("无法导出登记申请文件："+err.Error()), s.mw.win)
		return err
	}
	showInfo("登记申请文件", "已保存到\n"+path+"\n\n请交给县人大在县级平台登记。\n密钥指纹："+r.Fingerprint+"\n（登记时请与县里核对）", s.mw.win)
	return nil
}

// outboxActions is the dialog for one bundle: retry or cancel.
type outboxActions struct {
	dlg           *dialog.CustomDialog
	retry, cancel *widget.Button
}

func (s *syncScreen) showActions(it store.OutboxItem) {
	a := &outboxActions{}
	do := func(f func(context.Context, string) (store.OutboxItem, error), kick bool) {
		if _, err := f(s.mw.ctx, it.ID); err != nil {
			showError(s.mw.win, "上报", err)
			return
		}
		a.dlg.Hide()
		s.reload()
		if kick {
			s.worker.Kick()
		}
	}
	a.retry = widget.NewButtonWithIcon("重新上报", theme.ViewRefreshIcon(), func() { do(s.mw.db.RetryOutbox, true) })
	a.cancel = widget.NewButtonWithIcon("取消上报", theme.CancelIcon(), func() { do(s.mw.db.CancelOutbox, false) })
	a.cancel.Importance = widget.DangerImportance
	switch it.State {
	case store.OutboxDelivered:
		a.retry.Disable()
		a.cancel.Disable()
	case store.OutboxPending, store.OutboxSending:
		a.retry.Disable()
	}
	info := widget.NewLabel(it.Title + "\n状态：" + it.StatusText() + "\n编号：" + it.ID + "\n尝试次数：" + strconv.Itoa(it.Attempts))
	info.Wrapping = fyne.TextWrapWord
	closeBtn := widget.NewButton("关闭", func() { a.dlg.Hide() })
	body := container.NewVBox(info, container.NewHBox(a.retry, a.cancel, closeBtn))
	a.dlg = dialog.NewCustomWithoutButtons("上报包", limitWidth(520, body), s.mw.win)
	a.dlg.Resize(fyne.NewSize(560, 260))
	s.actions = a
	a.dlg.Show()
}

// queueDialog picks the report and period for a new bundle.
type queueDialog struct {
	dlg    *dialog.CustomDialog
	kind   *widget.Select
	period *widget.Entry
	errMsg *widget.Label
	submit func()
}

func (s *syncScreen) showQueue() {
	q := &queueDialog{}
	var labels []string
	for _, k := range bundle.Kinds {
		labels = append(labels, k.Label())
	}
	q.kind = newSelect(labels, nil)
	q.kind.SetSelected(bundle.Ledger.Label())
	q.period = widget.NewEntry()
	q.period.SetText(store.ReportMonth(s.mw.db.Now()).String())
	q.errMsg = widget.NewLabel("")
	q.errMsg.Importance = widget.DangerImportance
	q.errMsg.Wrapping = fyne.TextWrapWord
	q.submit = func() {
		k, _ := bundle.ParseKind(q.kind.Selected)
		it, err := outbox.Queue(s.mw.ctx, s.mw.db, reports.Providers(s.mw.db), k, strings.TrimSpace(q.period.Text))
		if err != nil {
			q.errMsg.SetText(store.UserMessage(err))
			var ve *store.ValidationError
			if !errors.As(err, &ve) && !errors.Is(err, store.ErrNotFound) {
				q.errMsg.SetText(err.Error())
			}
			return
		}
		q.dlg.Hide()
		s.reload()
		s.worker.Kick()
		showInfo("已放入上报队列", it.Title+"\n联网后自动上报。", s.mw.win)
	}
	ok := widget.NewButtonWithIcon("生成并放入队列", theme.ConfirmIcon(), q.submit)
	ok.Importance = widget.HighImportance
	body := container.NewVBox(
		formGrid(
			[]fyne.CanvasObject{widget.NewLabel("报表"), q.kind},
			[]fyne.CanvasObject{widget.NewLabel("期间"), q.period},
		),
		noteLabel("月度报表填年月，如 2026-10；年度考核填年份，如 2026。同一期间再次生成即为更正版本。"),
		q.errMsg,
		container.NewHBox(ok, widget.NewButton("取消", func() { q.dlg.Hide() })),
	)
	q.dlg = dialog.NewCustomWithoutButtons("生成上报包", limitWidth(480, body), s.mw.win)
	q.dlg.Resize(fyne.NewSize(520, 300))
	s.queueDlg = q
	q.dlg.Show()
}

// syncSettingsDialog edits the hub address and the deadline day.
type syncSettingsDialog struct {
	dlg      *dialog.CustomDialog
	hub, day *widget.Entry
	errMsg   *widget.Label
	save     func()
}

func (s *syncScreen) showSettings() {
	set, err := s.mw.db.SyncSettings(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取上报设置", err)
		return
	}
	d := &syncSettingsDialog{hub: widget.NewEntry(), day: widget.NewEntry(), errMsg: widget.NewLabel("")}
	d.hub.SetPlaceHolder("https://县级平台地址:端口")
	d.hub.SetText(set.HubURL)
	d.day.SetText(strconv.Itoa(set.DeadlineDay))
	d.errMsg.Importance = widget.DangerImportance
	d.errMsg.Wrapping = fyne.TextWrapWord
	d.save = func() {
		n, err := strconv.Atoi(strings.TrimSpace(d.day.Text))
		if err != nil {
			d.errMsg.SetText("「上报截止日」应为1到28之间的数字")
			return
		}
		// Keep the CA file and the pinned certificate (from the enrolment
		// reply or the command line); this dialog edits neither.
		ns := set
		ns.HubURL, ns.DeadlineDay = d.hub.Text, n
		if err := s.mw.db.SaveSyncSettings(s.mw.ctx, &ns); err != nil {
			d.errMsg.SetText(store.UserMessage(err))
			return
		}
		d.dlg.Hide()
		s.reload()
		s.worker.Kick()
	}
	key, _ := s.mw.db.SyncKey(s.mw.ctx)
	ok := widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), d.save)
	ok.Importance = widget.HighImportance
	body := container.NewVBox(
		formGrid(
			[]fyne.CanvasObject{widget.NewLabel("县级平台地址"), d.hub},
			[]fyne.CanvasObject{widget.NewLabel("上报截止日（次月）"), d.day},
		),
		hintLabel("本乡镇签名密钥指纹："+key.Fingerprint()),
		d.errMsg,
		container.NewHBox(ok, widget.NewButton("取消", func() { d.dlg.Hide() })),
	)
	d.dlg = dialog.NewCustomWithoutButtons("上报设置", limitWidth(520, body), s.mw.win)
	d.dlg.Resize(fyne.NewSize(560, 300))
	s.settings = d
	d.dlg.Show()
}

// syncReminder is the 首页's 上报 reminder: the monthly ledgers not yet
// delivered though due or overdue, with a button to the 上报 screen. It is
// hidden when nothing is due.
type syncReminder struct {
	mw     *MainWindow
	text   *widget.Label
	due    *fyne.Container
	notice *noticeBanner
	box    *fyne.Container
}

func newSyncReminder(mw *MainWindow) *syncReminder {
	r := &syncReminder{mw: mw, text: widget.NewLabel("")}
	r.text.Wrapping = fyne.TextWrapWord
	r.text.Importance = widget.DangerImportance
	r.text.TextStyle.Bold = true
	goSync := widget.NewButtonWithIcon("去上报", theme.UploadIcon(), func() { mw.Show(ScreenSync) })
	r.due = container.NewBorder(nil, nil, nil, container.NewVBox(goSync), r.text)
	r.notice = newNoticeBanner(mw, r.reload)
	r.box = container.NewVBox(r.notice.box, r.due)
	r.box.Hide()
	return r
}

func (r *syncReminder) reload() {
	r.notice.reload()
	rs, err := r.mw.db.Reminders(r.mw.ctx, string(bundle.Ledger), 5*24*time.Hour)
	ret, rerr := r.mw.db.Returned(r.mw.ctx)
	if (err != nil || len(rs) == 0) && (rerr != nil || len(ret) == 0) {
		r.due.Hide()
		if r.notice.box.Visible() {
			r.box.Show()
		} else {
			r.box.Hide()
		}
		return
	}
	r.due.Show()
	var lines []string
	for _, it := range ret {
		lines = append(lines, it.CorrectionText())
	}
	for i := len(rs) - 1; i >= 0; i-- { // the most recent month first
		lines = append(lines, rs[i].Text(bundle.Ledger.Label()))
	}
	if len(lines) > 3 {
		lines = append(lines[:2], fmt.Sprintf("另有 %d 个月未上报", len(lines)-2))
	}
	r.text.SetText("上报提醒：" + strings.Join(lines, "；"))
	r.box.Show()
}
