package ui

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
	"deputydesk/sync/notice"
	"deputydesk/sync/outbox"
)

// noticeBanner tells of county notices waiting for the secretary, on 上报
// and on the 首页, with a button to the confirm window. Hidden when none wait.
type noticeBanner struct {
	mw      *MainWindow
	text    *widget.Label
	open    *widget.Button
	box     *fyne.Container
	pending []store.CountyNotice
	window  *noticeWindow // the last confirm window opened, for tests
	// applied is called after a notice was applied or dismissed.
	applied func()
}

func newNoticeBanner(mw *MainWindow, applied func()) *noticeBanner {
	b := &noticeBanner{mw: mw, text: widget.NewLabel(""), applied: applied}
	b.text.Wrapping = fyne.TextWrapWord
	b.text.Importance = widget.WarningImportance
	b.text.TextStyle.Bold = true
	b.open = widget.NewButtonWithIcon("查看并确认", theme.InfoIcon(), func() {
		if len(b.pending) > 0 {
			b.window = mw.showCountyNotice(b.pending[0].Serial, b.afterDecision)
		}
	})
	b.open.Importance = widget.HighImportance
	b.box = container.NewBorder(nil, nil, nil, container.NewVBox(b.open), b.text)
	b.box.Hide()
	return b
}

func (b *noticeBanner) afterDecision() {
	b.reload()
	if b.applied != nil {
		b.applied()
	}
}

func (b *noticeBanner) reload() {
	ns, err := b.mw.db.PendingNotices(b.mw.ctx)
	b.pending = ns
	if err != nil || len(ns) == 0 {
		b.box.Hide()
		return
	}
	text := "县里发布了新的通知：" + ns[0].Title + "，确认后才生效"
	if len(ns) > 1 {
		text += fmt.Sprintf("（另有 %d 份待确认）", len(ns)-1)
	}
	b.text.SetText(text)
	b.box.Show()
}

// noticeWindow is the confirm window of one county notice: what would
// change, and 应用 / 暂不应用.
type noticeWindow struct {
	dlg            *dialog.CustomDialog
	changes        *widget.Label
	apply, dismiss *widget.Button
}

// showCountyNotice opens the confirm window of a notice; after runs once it
// was applied or dismissed.
func (mw *MainWindow) showCountyNotice(serial int64, after func()) *noticeWindow {
	n, d, err := mw.db.NoticeDiff(mw.ctx, serial)
	if err != nil {
		showError(mw.win, "县级通知", err)
		return nil
	}
	w := &noticeWindow{}
	head := widget.NewLabelWithStyle(fmt.Sprintf("第%d号通知：%s", n.Serial, n.Title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	who := n.PublishedBy
	if who == "" || who == "命令行" {
		who = "县人大"
	}
	meta := hintLabel(fmt.Sprintf("%s 于 %s 发布，%s收到 · %s", who, formatStamp(n.PublishedAt), n.Via, store.NoticeStateLabel(n.State)))
	lines := d.Lines()
	intro := "应用后本机将有以下变化："
	if n.State == store.NoticeApplied {
		intro = "已应用。与本机现在的数据相比："
	}
	if d.Empty() {
		lines = append(lines, "本机数据已与通知一致，应用后不会改变任何内容。")
	}
	w.changes = widget.NewLabel(strings.Join(lines, "\n"))
	w.changes.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(w.changes)
	scroll.SetMinSize(fyne.NewSize(600, 300))
	note := noteLabel("应用后：值班表按新的节假日安排生成（已排的值班请重新生成），年度考核按新的评分细则计分，上报提醒按新的截止日。全部修改记入操作日志。")
	w.apply = widget.NewButtonWithIcon("应用", theme.ConfirmIcon(), func() {
		if _, err := mw.db.ApplyCountyNotice(mw.ctx, n.Serial); err != nil {
			showError(mw.win, "应用县级通知", err)
			return
		}
		w.dlg.Hide()
		if after != nil {
			after()
		}
		showInfo("已应用", "第"+fmt.Sprint(n.Serial)+"号通知“"+n.Title+"”已生效。", mw.win)
	})
	w.apply.Importance = widget.HighImportance
	w.dismiss = widget.NewButtonWithIcon("暂不应用", theme.CancelIcon(), func() {
		if err := mw.db.DismissCountyNotice(mw.ctx, n.Serial); err != nil {
			showError(mw.win, "县级通知", err)
			return
		}
		w.dlg.Hide()
		if after != nil {
			after()
		}
	})
	switch n.State {
	case store.NoticeApplied:
		w.apply.Disable()
		w.dismiss.Disable()
	case store.NoticeDismissed:
		w.dismiss.Disable()
	}
	closeBtn := widget.NewButton("关闭", func() { w.dlg.Hide() })
	body := container.NewBorder(container.NewVBox(head, meta, widget.NewLabel(intro)),
		container.NewVBox(note, container.NewHBox(w.apply, w.dismiss, closeBtn)), nil, nil, scroll)
	w.dlg = dialog.NewCustomWithoutButtons("县级通知", limitWidth(640, body), mw.win)
	w.dlg.Resize(fyne.NewSize(700, 560))
	w.dlg.Show()
	return w
}

// noticeList is the 县级通知 window of the 上报 screen: every notice
// received, and the USB imports (notice file, enrolment reply).
type noticeList struct {
	dlg  *dialog.CustomDialog
	list *widget.List
}

func (s *syncScreen) showNotices() *noticeList {
	l := &noticeList{}
	var ns []store.CountyNotice
	load := func() {
		ns, _ = s.mw.db.CountyNotices(s.mw.ctx)
	}
	load()
	refresh := func() {
		load()
		l.list.Refresh()
		s.reload()
	}
	l.list = widget.NewList(func() int { return len(ns) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			n := ns[i]
			o.(*widget.Label).SetText(n.Label() + " · " + formatStamp(n.PublishedAt) + " 发布，" + n.Via + "收到")
		})
	l.list.OnSelected = func(i widget.ListItemID) {
		l.list.UnselectAll()
		if i >= 0 && i < len(ns) {
			s.noticeWin = s.mw.showCountyNotice(ns[i].Serial, refresh)
		}
	}
	key := "尚未记录县级平台的签名公钥：导入登记回执，或联网上报一次后自动记录。"
	if k, err := s.mw.db.CountyKey(s.mw.ctx); err == nil {
		key = "县级平台签名公钥指纹：" + k.Fingerprint() + "（" + k.Source + "），只接受用它签名的通知。"
	}
	importBtn := widget.NewButtonWithIcon("从U盘导入通知", theme.FolderOpenIcon(), func() {
		showFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				r.Close()
				if serial, ok := s.importNotice(r.URI().Path()); ok {
					refresh()
					s.noticeWin = s.mw.showCountyNotice(serial, refresh)
				}
			}
		}, s.mw.win)
	})
	replyBtn := widget.NewButtonWithIcon("导入登记回执", theme.DocumentIcon(), func() {
		showFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				r.Close()
				s.importEnrolReply(r.URI().Path())
			}
		}, s.mw.win)
	})
	empty := hintLabel("还没有收到县级通知。县人大发布后，联网时自动收到；也可以从U盘导入通知文件。")
	if len(ns) > 0 {
		empty.Hide()
	}
	keyLabel := widget.NewLabel(key)
	keyLabel.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(container.NewVBox(keyLabel, empty), container.NewHBox(importBtn, replyBtn, widget.NewButton("关闭", func() { l.dlg.Hide() })), nil, nil, l.list)
	l.dlg = dialog.NewCustomWithoutButtons("县级通知", limitWidth(640, body), s.mw.win)
	l.dlg.Resize(fyne.NewSize(700, 460))
	s.notices = l
	l.dlg.Show()
	return l
}

// importNotice reads a notice file from a USB stick; a refusal is told in
// Chinese and nothing is stored.
func (s *syncScreen) importNotice(path string) (int64, bool) {
	n, added, err := outbox.ImportNotice(s.mw.ctx, s.mw.db, path)
	if err != nil {
		dialog.ShowError(errors.New("未导入："+notice.Message(err)), s.mw.win)
		return 0, false
	}
	if !added {
		showInfo("县级通知", fmt.Sprintf("第%d号通知“%s”已经收到过。", n.Serial, n.Title), s.mw.win)
		return 0, false
	}
	return n.Serial, true
}

// importEnrolReply reads the county's enrolment reply: it pins the hub's
// key and certificate.
func (s *syncScreen) importEnrolReply(path string) error {
	fi, err := os.Stat(path)
	var b []byte
	if err == nil && fi.Size() > 64<<10 {
		err = errors.New("文件过大，不是县级平台的登记回执")
	}
	if err == nil {
		b, err = os.ReadFile(path)
	}
	if err == nil {
		_, err = outbox.ImportEnrolReply(s.mw.ctx, s.mw.db, b)
	}
	if err != nil {
		dialog.ShowError(errors.New("未导入登记回执："+notice.Message(err)), s.mw.win)
		return err
	}
	k, _ := s.mw.db.CountyKey(s.mw.ctx)
	msg := "已记录县级平台签名公钥，指纹 " + k.Fingerprint()
	if set, err := s.mw.db.SyncSettings(s.mw.ctx); err == nil && set.HubPin != "" {
		msg += "\n已记录县级平台证书指纹，只接受该证书。"
	}
	showInfo("登记回执", msg+"\n请与县人大电话核对指纹。", s.mw.win)
	s.reload()
	s.worker.Kick()
	return nil
}
