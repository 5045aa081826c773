package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// HotlinePanel is the case window's 12345 step: the work order's number and
// the state the hotline reports, shown for a case 转12345热线. It also names
// the procuratorate referrals of the 代表建议 a case turned into.
type HotlinePanel struct {
	v        *CaseView
	fields   *fieldSet
	box      *fyne.Container
	form     *fyne.Container
	Status   *widget.Label // the order as it stands
	OrderNo  *widget.Entry
	State    *widget.Select
	Day      *widget.Entry
	Note     *widget.Entry
	Add      *widget.Button
	Undo     *widget.Button // deletes the latest state (to the 回收站)
	Referral *widget.Label  // the suggestion's procuratorate referrals
}

func newHotlinePanel(v *CaseView) *HotlinePanel {
	p := &HotlinePanel{v: v, fields: newFieldSet()}
	p.Status = widget.NewLabel("")
	p.Status.Wrapping = fyne.TextWrapWord
	p.OrderNo = widget.NewEntry()
	p.OrderNo.SetPlaceHolder("如 GD20261115000123")
	p.State = newSelect(store.HotlineStates, nil)
	p.Day = widget.NewEntry()
	p.Note = widget.NewEntry()
	p.Note.SetPlaceHolder("热线反馈的情况（可不填）")
	p.Add = widget.NewButtonWithIcon("登记工单状态", theme.ConfirmIcon(), p.add)
	p.Undo = widget.NewButtonWithIcon("删除最近一步", theme.DeleteIcon(), p.undo)
	p.form = container.NewVBox(formGrid(
		p.fields.row("OrderNo", "工单号", true, p.OrderNo),
		p.fields.row("State", "工单状态", true, p.State),
		p.fields.row("Day", "日期", true, p.Day),
		p.fields.row("Note", "说明", false, p.Note),
	), container.NewBorder(nil, nil, p.Undo, p.Add, p.fields.summary))
	p.Referral = widget.NewLabel("")
	p.Referral.Wrapping = fyne.TextWrapWord
	p.box = container.NewVBox(widget.NewLabelWithStyle("12345热线工单", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.Status, p.form)
	return p
}

// load shows the case's order; the panel is hidden unless the case is 转12345热线.
func (p *HotlinePanel) load(d store.CaseDetail) {
	p.fields.clear()
	p.Referral.SetText(p.referralText(d))
	if p.Referral.Text == "" {
		p.Referral.Hide()
	} else {
		p.Referral.Show()
	}
	if d.Disposition != store.DispHotline {
		p.box.Hide()
		return
	}
	p.box.Show()
	today := calendar.Today(p.v.mw.db.Now())
	p.Day.SetText(today)
	p.Note.SetText("")
	p.State.ClearSelected()
	p.OrderNo.SetText(d.HotlineNo)
	switch {
	case d.HotlineNo == "":
		p.Status.SetText("尚未登记工单号。转办后请填写12345热线给出的工单号。")
		p.State.SetSelected("已转办")
	case d.HotlineState == "已回访":
		p.Status.SetText("工单 " + d.HotlineNo + " 已回访，跟踪结束。")
	default:
		s := "工单 " + d.HotlineNo + "　当前状态 " + d.HotlineState
		if d.Overdue(today) && store.HotlineOpen(d.HotlineState) {
			s += "（工单未办结，已超过办理时限，请督办）"
		}
		p.Status.SetText(s)
	}
	if d.HotlineState == "已回访" {
		p.Add.Disable()
	} else {
		p.Add.Enable()
	}
	if len(d.Hotline) == 0 {
		p.Undo.Disable()
	} else {
		p.Undo.Enable()
	}
}

// referralText names where the 代表建议 a case turned into went.
func (p *HotlinePanel) referralText(d store.CaseDetail) string {
	if d.SuggestionNo == "" {
		return ""
	}
	mw := p.v.mw
	s, err := mw.db.CaseSuggestion(mw.ctx, d.ID)
	if err != nil {
		return ""
	}
	rs, err := mw.db.Referrals(mw.ctx, store.ReferralFilter{SuggestionID: s.ID})
	if err != nil || len(rs) == 0 {
		return ""
	}
	lines := []string{"转为代表建议“" + s.Title + "”后与检察机关的移送："}
	for _, r := range rs {
		lines = append(lines, "　"+referralLine(r))
	}
	return strings.Join(lines, "\n")
}

// hotlineEvents are the order's states on the case's timeline.
func hotlineEvents(d store.CaseDetail) []timelineEvent {
	var evs []timelineEvent
	for _, h := range d.Hotline {
		text := "工单号 " + h.OrderNo
		if h.Note != "" {
			text += "　" + h.Note
		}
		evs = append(evs, timelineEvent{day: h.Day, title: "12345 " + h.State, text: text})
	}
	return evs
}

func (p *HotlinePanel) add() {
	v := p.v
	h := store.HotlineStep{CaseID: v.id, OrderNo: p.OrderNo.Text, State: p.State.Selected, Day: p.Day.Text, Note: p.Note.Text}
	if err := v.mw.db.AddHotlineStep(v.mw.ctx, &h); err != nil {
		if !p.fields.show(err) {
			showError(v.mw.win, "登记工单状态", err)
		}
		return
	}
	v.load()
	v.mw.changed(ScreenCases, ScreenDashboard)
	v.mw.notify("事项 " + v.detail.No + " 12345工单" + h.OrderNo + "：" + h.State)
}

func (p *HotlinePanel) undo() {
	v := p.v
	if len(v.detail.Hotline) == 0 {
		return
	}
	last := v.detail.Hotline[len(v.detail.Hotline)-1]
	v.mw.askDelete("删除工单状态", "12345工单"+last.OrderNo+"的“"+last.State+"”（"+store.FormatDate(last.Day)+"）", "", func() {
		if err := v.mw.db.DeleteHotlineStep(v.mw.ctx, v.id, last.ID); err != nil {
			showError(v.mw.win, "删除工单状态", err)
			return
		}
		v.load()
		v.mw.changed(ScreenCases, ScreenDashboard)
		v.mw.notify("已删除工单状态，可在回收站恢复")
	})
}

// referralLine is one referral in a sentence.
func referralLine(r store.Referral) string {
	var b strings.Builder
	b.WriteString(r.Direction)
	if r.ClueDay != "" {
		b.WriteString("（" + store.FormatDate(r.ClueDay) + "）")
	}
	b.WriteString("：" + r.Subject + "　" + r.State)
	if r.RefNo != "" {
		fmt.Fprintf(&b, "　检察建议 %s（%s）", r.RefNo, store.FormatDate(r.RefDay))
	}
	return b.String()
}

// ReferralSection is the suggestion window's part on the procuratorate:
// the 线索 passed on and the 检察建议 that came back, or the 检察建议 the
// suggestion came from.
type ReferralSection struct {
	mw    *MainWindow
	sugID string
	list  *fyne.Container
	box   *fyne.Container
	// Add opens the form for a new referral.
	Add *widget.Button
	// Form is the last form opened, for tests.
	Form *ReferralForm
	rows []store.Referral
	// parent is the form holding the section, laid out again on change.
	parent fyne.CanvasObject
}

func (mw *MainWindow) newReferralSection(sg store.Suggestion) *ReferralSection {
	s := &ReferralSection{mw: mw, sugID: sg.ID, list: container.NewVBox()}
	s.Add = widget.NewButtonWithIcon("登记移送线索或检察建议", theme.ContentAddIcon(), func() {
		s.Edit(store.Referral{SuggestionID: sg.ID, Direction: store.DirClue, State: store.StateClue, ClueDay: calendar.Today(mw.db.Now())})
	})
	s.box = container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle("检察机关（公益诉讼线索与检察建议）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.list, container.NewHBox(s.Add))
	s.load()
	return s
}

// Lines returns the referrals as shown, for tests.
func (s *ReferralSection) Lines() []string {
	var out []string
	for _, r := range s.rows {
		out = append(out, referralLine(r))
	}
	return out
}

func (s *ReferralSection) load() {
	rs, err := s.mw.db.Referrals(s.mw.ctx, store.ReferralFilter{SuggestionID: s.sugID})
	if err != nil {
		showError(s.mw.win, "读取检察机关移送", err)
		return
	}
	s.rows = rs
	s.list.Objects = nil
	if len(rs) == 0 {
		s.list.Add(hintLabel("尚未移送检察机关。涉及生态环境、食品药品安全、国有财产、文物保护等公共利益的，可作为公益诉讼线索移送。"))
	}
	for _, r := range rs {
		// Unwrapped lines: a wrapped label in a list rebuilt in place
		// keeps its old height and overlaps the button below.
		lines := container.NewVBox(widget.NewLabel(r.Direction + "：" + r.Subject + "　" + r.State))
		if r.ClueDay != "" {
			lines.Add(widget.NewLabel("　线索移送日期 " + store.FormatDate(r.ClueDay)))
		}
		if r.RefNo != "" {
			lines.Add(widget.NewLabel("　检察建议 " + r.RefNo + "（" + store.FormatDate(r.RefDay) + "）"))
		}
		s.list.Add(container.NewBorder(nil, nil, nil, widget.NewButtonWithIcon("修改", theme.DocumentCreateIcon(), func() { s.Edit(r) }), lines))
	}
	s.list.Refresh()
	s.box.Refresh()
	if s.parent != nil {
		s.parent.Refresh() // lay the form out again around the new rows
	}
}

// ReferralForm records a 线索 passed to the procuratorate and the 检察建议
// that came back, or a 检察建议 that led to the suggestion.
type ReferralForm struct {
	s                      *ReferralSection
	r                      store.Referral
	fields                 *fieldSet
	Direction, State       *widget.Select
	ClueDay, RefNo, RefDay *widget.Entry
	Subject, Note          *widget.Entry
	Save, Remove           *widget.Button
	dlg                    *dialog.CustomDialog
}

// Edit opens the form; an empty ID adds a referral.
func (s *ReferralSection) Edit(r store.Referral) *ReferralForm {
	f := &ReferralForm{s: s, r: r, fields: newFieldSet()}
	f.Direction = newSelect(store.ReferralDirections, nil)
	f.Direction.SetSelected(r.Direction)
	f.State = newSelect(store.ReferralStates, nil)
	f.State.SetSelected(r.State)
	f.ClueDay, f.RefNo, f.RefDay, f.Subject, f.Note = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.ClueDay.SetText(r.ClueDay)
	f.RefNo.SetText(r.RefNo)
	f.RefNo.SetPlaceHolder("如 某检行公建〔2026〕12号")
	f.RefDay.SetText(r.RefDay)
	f.Subject.SetText(r.Subject)
	f.Subject.SetPlaceHolder("如 清水河沿岸入河排污口污水直排")
	f.Note.SetText(r.Note)
	body := container.NewVBox(f.fields.summary, formGrid(
		f.fields.row("Direction", "关联方向", true, f.Direction),
		f.fields.row("Subject", "事由", true, f.Subject),
		f.fields.row("ClueDay", "线索移送日期", false, f.ClueDay),
		f.fields.row("RefNo", "检察建议文号", false, f.RefNo),
		f.fields.row("RefDay", "检察建议日期", false, f.RefDay),
		f.fields.row("State", "状态", true, f.State),
		f.fields.row("Note", "备注", false, f.Note),
	), hintLabel("移送线索的，检察机关发出检察建议后在此补填文号和日期；检察建议转来的，填写检察建议的文号和日期。"))
	f.fields.root = body
	f.Save = widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), func() { f.save() })
	f.Save.Importance = widget.HighImportance
	f.dlg = dialog.NewCustomWithoutButtons("检察机关移送", body, s.mw.win)
	buttons := []fyne.CanvasObject{widget.NewButton("取消", func() { f.dlg.Hide() }), f.Save}
	if r.ID != "" {
		f.Remove = widget.NewButtonWithIcon("删除", theme.DeleteIcon(), func() {
			s.mw.askDelete("删除检察机关移送", "“"+r.Subject+"”的移送记录", "", func() {
				if err := s.mw.db.DeleteReferral(s.mw.ctx, r.ID); err != nil {
					showError(s.mw.win, "删除检察机关移送", err)
					return
				}
				f.dlg.Hide()
				s.load()
				s.mw.changed()
				s.mw.notify("已删除移送记录，可在回收站恢复")
			})
		})
		f.Remove.Importance = widget.DangerImportance
		buttons = append([]fyne.CanvasObject{f.Remove}, buttons...)
	}
	f.dlg.SetButtons(buttons)
	f.dlg.Resize(fyne.NewSize(600, 480))
	f.dlg.Show()
	s.Form = f
	return f
}

func (f *ReferralForm) save() bool {
	r := f.r
	r.Direction, r.State = f.Direction.Selected, f.State.Selected
	r.ClueDay, r.RefNo, r.RefDay, r.Subject, r.Note = f.ClueDay.Text, f.RefNo.Text, f.RefDay.Text, f.Subject.Text, f.Note.Text
	if err := f.s.mw.db.SaveReferral(f.s.mw.ctx, &r); err != nil {
		if !f.fields.show(err) {
			showError(f.s.mw.win, "保存检察机关移送", err)
		}
		return false
	}
	f.dlg.Hide()
	f.s.load()
	f.s.mw.changed()
	f.s.mw.notify("已保存：" + r.Direction + " " + r.Subject)
	return true
}

// Submit saves the form, for tests.
func (f *ReferralForm) Submit() bool { return f.save() }

// OpenSuggestion shows the 履职活动 screen with a 代表建议's window open (its
// procuratorate part included); nil when the screen cannot be shown.
func (mw *MainWindow) OpenSuggestion(sg store.Suggestion) *SuggestionForm {
	mw.Show(ScreenActivities)
	s, ok := mw.screen(ScreenActivities)
	if !ok {
		return nil
	}
	as, ok := s.(*activityScreen)
	if !ok {
		return nil
	}
	return as.EditSuggestion(sg)
}

// ScrollToHotline scrolls the case window down to the 12345 step.
func (v *CaseView) ScrollToHotline() {
	sc, ok := v.fields.root.(*container.Scroll)
	if !ok || !v.Hotline.box.Visible() {
		return
	}
	sc.Offset.Y = max(0, v.Hotline.box.Position().Y-40)
	sc.Refresh()
}
