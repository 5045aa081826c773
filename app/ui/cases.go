package ui

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/cases"
	"deputydesk/app/ledger"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

const (
	allMonths       = "全部月份"
	allCaseStations = "全部站点"
	allCategories   = "全部类别"
	allDispositions = "全部办理方式"
	allCaseStatuses = "全部状态"
	casePage        = 50
)

var caseCols = columns{widths: []float32{96, 132, 150, 70, 80, 170, 64, 44, 0}}

// caseScreen finds cases by month, station, category, disposition, status,
// overdue and full-text search, a page at a time.
type caseScreen struct {
	mw *MainWindow

	month, station, category, disposition, status *widget.Select
	overdue, hotline                              *widget.Check
	search                                        *widget.Entry
	months                                        map[string]string
	stationIDs                                    map[string]string

	rows  []store.Case
	total int
	page  int
	today string

	count      *widget.Label
	prev, next *widget.Button
	list       *widget.List
	empty      *fyne.Container // shown instead of an empty list
	root       fyne.CanvasObject
}

func newCaseScreen(mw *MainWindow) *caseScreen {
	s := &caseScreen{mw: mw, stationIDs: map[string]string{}}
	labels, keys := monthChoices(mw.db.Now(), 120)
	s.months = keys
	apply := func(string) { s.page = 0; s.apply() }
	s.month = selectWithAll(allMonths, labels, apply)
	s.station = selectWithAll(allCaseStations, nil, apply)
	s.category = selectWithAll(allCategories, nil, apply)
	s.disposition = selectWithAll(allDispositions, store.Dispositions, apply)
	s.status = selectWithAll(allCaseStatuses, store.CaseStatuses, apply)
	s.overdue = widget.NewCheck("只看超期", func(bool) { s.page = 0; s.apply() })
	s.hotline = widget.NewCheck("12345未办结", func(bool) { s.page = 0; s.apply() })
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("在反映内容和办理结果中检索，如：道路、低保、垃圾清运")
	s.search.OnChanged = apply
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	s.prev = widget.NewButtonWithIcon("上一页", theme.NavigateBackIcon(), func() { s.page--; s.apply() })
	s.next = widget.NewButtonWithIcon("下一页", theme.NavigateNextIcon(), func() { s.page++; s.apply() })
	s.list = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject { return cells(caseCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := s.rows[i]
			od := ""
			if c.Overdue(s.today) {
				od = "超期"
			}
			setCells(o.(*fyne.Container), c.No, store.FormatDate(c.Day), orDash(c.StationName), c.VisitorName, c.Category, c.Disposition, c.Status, od, c.Content)
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.rows) {
			mw.OpenCase(s.rows[i].ID)
		}
	}
	header := cells(caseCols, true)
	setCells(header, "编号", "登记日期", "站点", "反映人", "类别", "办理方式", "状态", "超期", "反映内容")
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("事项查询"), nil),
		container.NewHBox(s.month, s.station, s.category, s.disposition, s.status, s.overdue, s.hotline),
		container.NewBorder(nil, nil, nil, s.count, s.search),
		container.NewPadded(header),
		widget.NewSeparator(),
	)
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(s.prev, s.next), hintLabel("点击一行查看办理过程、推进状态、交办或催办。"))
	clear := widget.NewButtonWithIcon("清除筛选条件", theme.ContentClearIcon(), func() { s.ClearFilters() })
	s.empty = container.NewCenter(container.NewVBox(
		widget.NewLabel("没有符合条件的事项。换一个月份或清除筛选条件；新的事项在“接待记录”中随接待一起登记。"),
		container.NewCenter(container.NewHBox(clear, widget.NewButtonWithIcon("新增接待记录", theme.ContentAddIcon(), func() { mw.NewReception() })))))
	s.empty.Hide()
	s.root = container.NewPadded(container.NewBorder(top, bottom, nil, nil, container.NewStack(s.list, s.empty)))
	return s
}

// ClearFilters shows every case again.
func (s *caseScreen) ClearFilters() {
	for _, sel := range []*widget.Select{s.month, s.station, s.category, s.disposition, s.status} {
		sel.OnChanged, sel.Selected = nil, sel.Options[0]
		sel.Refresh()
	}
	apply := func(string) { s.page = 0; s.apply() }
	for _, sel := range []*widget.Select{s.month, s.station, s.category, s.disposition, s.status} {
		sel.OnChanged = apply
	}
	s.overdue.SetChecked(false)
	s.hotline.SetChecked(false)
	s.search.SetText("")
	s.page = 0
	s.apply()
}

func (s *caseScreen) view() fyne.CanvasObject { return s.root }

func (s *caseScreen) reload() {
	stations, err := s.mw.db.Stations(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取联络站", err)
		return
	}
	names := []string{allCaseStations}
	for _, st := range stations {
		names = append(names, st.Name)
		s.stationIDs[st.Name] = st.ID
	}
	s.station.Options = names
	cats, err := s.mw.db.Categories(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取事项类别", err)
		return
	}
	s.category.Options = append([]string{allCategories}, cats...)
	s.apply()
}

// Filter returns the filter the screen's controls describe.
func (s *caseScreen) Filter() store.CaseFilter {
	f := store.CaseFilter{Search: s.search.Text, Overdue: s.overdue.Checked, HotlineOpen: s.hotline.Checked, Limit: casePage, Offset: s.page * casePage, Today: s.today}
	f.Month = s.months[s.month.Selected]
	f.StationID = s.stationIDs[s.station.Selected]
	if v := s.category.Selected; v != allCategories {
		f.Category = v
	}
	if v := s.disposition.Selected; v != allDispositions {
		f.Disposition = v
	}
	if v := s.status.Selected; v != allCaseStatuses {
		f.Status = v
	}
	return f
}

func (s *caseScreen) apply() {
	s.today = s.mw.db.Now().Format("2006-01-02")
	s.page = max(s.page, 0)
	f := s.Filter()
	var err error
	if s.total, err = s.mw.db.CountCases(s.mw.ctx, f); err != nil {
		showError(s.mw.win, "查询事项", err)
		return
	}
	if s.rows, err = s.mw.db.Cases(s.mw.ctx, f); err != nil {
		showError(s.mw.win, "查询事项", err)
		return
	}
	if s.total == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	pages := max((s.total+casePage-1)/casePage, 1)
	s.count.SetText(fmt.Sprintf("共 %d 件　第 %d／%d 页", s.total, s.page+1, pages))
	if s.page == 0 {
		s.prev.Disable()
	} else {
		s.prev.Enable()
	}
	if s.page+1 >= pages {
		s.next.Disable()
	} else {
		s.next.Enable()
	}
	s.list.Refresh()
	s.list.ScrollToTop()
}

// CaseView is the dialog showing one case: its steps as a timeline, the
// one next step of its path (交办 → 办结 → 反馈 → 回访) with one button, and
// under 其他操作 the rest: 办理中, correcting a step, a unit's 退回, 催办,
// changing the registration and deleting.
type CaseView struct {
	mw     *MainWindow
	id     string
	detail store.CaseDetail
	dlg    *dialog.CustomDialog
	// Remove moves the case to the 回收站 after confirmation.
	Remove *widget.Button
	// EditCase opens the registration (visitor, content, 办理方式, 时限).
	EditCase *widget.Button

	info     *widget.Label
	timeline *fyne.Container
	history  *widget.Label // the timeline as text, for tests

	// The next step.
	action        cases.Action
	ActionTitle   *widget.Label
	Day, Who      *widget.Entry
	Lead, Assist  *widget.Entry
	Deadline      *widget.Entry
	Text          *widget.Entry
	Satisfaction  *widget.Select
	Act           *widget.Button
	assignRows    *fyne.Container
	textRow       *fyne.Container
	satisfyRow    *fyne.Container
	actionBox     *fyne.Container
	fields        *fieldSet
	otherFields   *fieldSet
	InProgress    *widget.Button
	Correct       *widget.Select
	CorrectText   *widget.Entry
	SaveCorrect   *widget.Button
	DeclineWho    *widget.Select
	Reason        *widget.Entry
	Decline       *widget.Button
	UrgeHow       *widget.Select
	UrgeNote      *widget.Entry
	Urge          *widget.Button
	correctSeqs   map[string]int64
	correctChoice []string
	// Hotline is the 12345 work order step (shown for 转12345热线).
	Hotline *HotlinePanel
}

// OpenCase shows a case in a dialog; it returns the view for tests.
func (mw *MainWindow) OpenCase(id string) *CaseView {
	v := &CaseView{mw: mw, id: id, fields: newFieldSet(), otherFields: newFieldSet(), correctSeqs: map[string]int64{}}
	v.fields.win = mw.win
	v.info = widget.NewLabel("")
	v.info.Wrapping = fyne.TextWrapWord
	v.timeline = container.NewVBox()
	v.history = widget.NewLabel("")
	today := calendar.Today(mw.db.Now())
	v.ActionTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.Day = widget.NewEntry()
	v.Day.SetText(today)
	v.Day.OnChanged = func(string) { v.deadlineHint() }
	v.Who = widget.NewEntry()
	v.Who.SetText(mw.secretary())
	v.Lead = widget.NewEntry()
	v.Lead.SetPlaceHolder("主办单位，如 镇村镇建设办公室")
	v.Assist = widget.NewEntry()
	v.Assist.SetPlaceHolder("协办单位（可不填）")
	v.Deadline = widget.NewEntry()
	v.Text = widget.NewMultiLineEntry()
	v.Text.SetMinRowsVisible(2)
	v.Satisfaction = newSelect(store.Satisfactions, nil)
	v.Act = widget.NewButtonWithIcon("", theme.ConfirmIcon(), v.act)
	v.Act.Importance = widget.HighImportance

	v.assignRows = formGrid(
		v.fields.row("Unit", "承办单位", true, container.NewGridWithColumns(2, v.Lead, v.Assist)),
		v.fields.row("Deadline", "办理时限", true, v.Deadline),
	)
	v.textRow = formGrid(v.fields.row("Text", "情况", true, v.Text))
	v.satisfyRow = formGrid(v.fields.row("Satisfaction", "满意度", true, v.Satisfaction))
	common := formGrid(
		v.fields.row("Day", "日期", true, v.Day),
		v.fields.row("Who", "经办人", true, v.Who),
	)
	v.actionBox = container.NewVBox(v.ActionTitle, common, v.assignRows, v.textRow, v.satisfyRow,
		container.NewBorder(nil, nil, nil, v.Act, v.fields.summary))

	v.InProgress = widget.NewButton("记为办理中（承办单位已受理）", func() {
		_, err := mw.db.AdvanceCase(mw.ctx, v.id, store.StepInput{Status: "办理中", Day: v.Day.Text, Who: v.Who.Text,
			Text: v.detail.LeadUnit + "已受理"})
		v.after("记录办理中", "已记为办理中", err)
	})
	v.Correct = newSelect(nil, func(string) { v.prefillCorrection() })
	v.Correct.PlaceHolder = "选择要更正的一步"
	v.CorrectText = widget.NewEntry()
	v.CorrectText.SetPlaceHolder("更正后的内容")
	v.SaveCorrect = widget.NewButton("保存更正", v.correct)
	v.DeclineWho = newSelect(nil, nil)
	v.DeclineWho.PlaceHolder = "（无承办单位）"
	v.Reason = widget.NewEntry()
	v.Reason.SetPlaceHolder("退回理由")
	v.Decline = widget.NewButton("记录退回", v.decline)
	v.UrgeHow = newSelect([]string{"电话", "书面", "当面", "微信"}, nil)
	v.UrgeHow.SetSelected("电话")
	v.UrgeNote = widget.NewEntry()
	v.UrgeNote.SetPlaceHolder("催办情况")
	v.Urge = widget.NewButton("记录催办", v.urge)
	v.EditCase = widget.NewButtonWithIcon("修改登记内容", theme.DocumentCreateIcon(), func() { mw.EditCase(v) })
	v.Remove = widget.NewButtonWithIcon("删除此事项", theme.DeleteIcon(), func() {
		mw.askDelete("删除群众反映事项", "事项 "+v.detail.No, "它的办理过程、承办单位和催办记录会一并放入回收站", func() {
			v.dlg.Hide()
			if err := mw.db.DeleteCase(mw.ctx, v.detail.ID); err != nil {
				showError(mw.win, "删除事项", err)
				return
			}
			mw.changed(ScreenCases, ScreenReceptions, ScreenDashboard)
			mw.notify("已删除事项 " + v.detail.No + "，可在回收站恢复")
		})
	})
	v.Remove.Importance = widget.DangerImportance
	v.Hotline = newHotlinePanel(v)
	other := container.NewVBox(
		container.NewHBox(v.InProgress),
		container.NewBorder(nil, nil, v.Correct, v.SaveCorrect, v.CorrectText),
		container.NewBorder(nil, nil, v.DeclineWho, v.Decline, v.Reason),
		container.NewBorder(nil, nil, v.UrgeHow, v.Urge, v.UrgeNote),
		v.otherFields.summary,
		container.NewHBox(v.EditCase, v.Remove),
	)
	body := container.NewVBox(
		v.info,
		v.Hotline.Referral,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("办理过程", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.timeline,
		widget.NewSeparator(),
		v.actionBox,
		v.Hotline.box,
		widget.NewAccordion(widget.NewAccordionItem("其他操作：办理中、更正、退回、催办、修改、删除", other)),
	)
	// Padded, so the fields stay clear of the scroll bar.
	scroll := container.NewVScroll(container.NewPadded(body))
	v.fields.root = scroll
	v.dlg = dialog.NewCustomWithoutButtons("群众反映事项", container.New(minHeight{480}, scroll), mw.win)
	v.dlg.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon("关闭", theme.CancelIcon(), func() { v.dlg.Hide() })})
	v.dlg.Resize(fyne.NewSize(900, 680))
	if !v.load() {
		return v
	}
	v.dlg.Show()
	return v
}

// Detail returns the case as last read.
func (v *CaseView) Detail() store.CaseDetail { return v.detail }

// Action returns the next step offered ("" once 已回访).
func (v *CaseView) Action() string { return v.action.Status }

func (v *CaseView) load() bool {
	d, err := v.mw.db.Case(v.mw.ctx, v.id)
	if err != nil {
		showError(v.mw.win, "读取事项", err)
		return false
	}
	v.detail = d
	today := calendar.Today(v.mw.db.Now())
	var b strings.Builder
	fmt.Fprintf(&b, "编号 %s　登记 %s　站点 %s\n", d.No, store.FormatDate(d.Day), orDash(d.StationName))
	fmt.Fprintf(&b, "反映人 %s　电话 %s　村（社区） %s\n", d.VisitorName, orDash(d.VisitorPhone), orDash(d.VisitorVillage))
	fmt.Fprintf(&b, "类别 %s　办理方式 %s　办理时限 %s", d.Category, d.Disposition, orDash(store.FormatDate(d.Deadline)))
	if left := cases.DaysLeft(d.Case, today); left != "" {
		b.WriteString("（" + left + "）")
	}
	b.WriteString("\n")
	if d.SuggestionNo != "" {
		fmt.Fprintf(&b, "代表建议 %s　承办部门 %s　结果类别 %s\n", d.SuggestionNo, d.SuggestionDept, orDash(d.SuggestionClass))
	}
	if d.HotlineNo != "" {
		fmt.Fprintf(&b, "12345工单 %s　工单状态 %s\n", d.HotlineNo, d.HotlineState)
	}
	fmt.Fprintf(&b, "当前状态：%s", d.Status)
	if d.Overdue(today) {
		b.WriteString("（已超期）")
	}
	b.WriteString("\n\n反映内容：" + d.Content)
	v.info.SetText(b.String())
	if d.Overdue(today) {
		v.info.Importance = widget.DangerImportance
	} else {
		v.info.Importance = widget.MediumImportance
	}
	v.info.Refresh()
	v.loadTimeline()
	v.loadAction()
	v.Hotline.load(d)
	return true
}

// timelineEvent is one dated line of the case's history.
type timelineEvent struct {
	day, title, text string
	faded            bool
}

func (v *CaseView) loadTimeline() {
	d := v.detail
	var evs []timelineEvent
	v.correctSeqs = map[string]int64{}
	v.correctChoice = nil
	for _, st := range d.Steps {
		text := st.Who
		if st.Text != "" {
			text += "：" + st.Text
		}
		if st.Satisfaction != "" {
			text += "（" + st.Satisfaction + "）"
		}
		title := st.Status
		if st.Replaces != 0 {
			title += "〔更正〕"
		}
		if st.Superseded {
			title = "〔已被更正〕" + title
		} else if st.Status != "登记" {
			label := "更正“" + st.Status + "”（" + store.FormatDate(st.Day) + "）"
			v.correctSeqs[label] = st.Seq
			v.correctChoice = append(v.correctChoice, label)
		}
		evs = append(evs, timelineEvent{st.Day, title, text, st.Superseded})
	}
	var declinable []string
	for _, hd := range d.Handlers {
		e := timelineEvent{day: hd.AssignedDay, title: hd.Role, text: hd.Unit}
		if hd.DeclinedDay != "" {
			evs = append(evs, timelineEvent{day: hd.DeclinedDay, title: "退回", text: hd.Unit + "：" + hd.DeclineReason})
		} else {
			declinable = append(declinable, hd.Unit)
		}
		evs = append(evs, e)
	}
	for _, u := range d.Urges {
		evs = append(evs, timelineEvent{day: u.Day, title: "催办", text: u.How + "，" + u.By + "　" + u.Note})
	}
	evs = append(evs, hotlineEvents(d)...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].day < evs[j].day })
	v.timeline.Objects = nil
	var lines []string
	for _, e := range evs {
		dot := "●"
		if e.faded {
			dot = "○"
		}
		day := widget.NewLabel(store.FormatDate(e.day))
		title := widget.NewLabelWithStyle(dot+" "+e.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: !e.faded})
		text := widget.NewLabel(e.text)
		text.Wrapping = fyne.TextWrapWord
		if e.faded {
			day.Importance, title.Importance, text.Importance = widget.LowImportance, widget.LowImportance, widget.LowImportance
		}
		v.timeline.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(250, 36), container.NewHBox(day, title)), nil, text))
		lines = append(lines, store.FormatDate(e.day)+"　"+e.title+"　"+e.text)
	}
	v.timeline.Refresh()
	v.history.SetText(strings.Join(lines, "\n"))
	v.DeclineWho.Options = declinable
	v.DeclineWho.ClearSelected()
	if len(declinable) > 0 {
		v.DeclineWho.SetSelected(declinable[0])
	}
	v.Correct.Options = v.correctChoice
	v.Correct.ClearSelected()
	v.CorrectText.SetText("")
	if store.StatusRank(d.Status) == store.RankAssigned {
		v.InProgress.Enable()
	} else {
		v.InProgress.Disable()
	}
}

// loadAction sets up the one next step of the case's path.
func (v *CaseView) loadAction() {
	a, ok := cases.Next(v.detail.Case)
	v.action = a
	v.fields.clear()
	if !ok {
		v.ActionTitle.SetText("已回访，闭环完成。")
		v.actionBox.Objects[1].Hide()
		v.assignRows.Hide()
		v.textRow.Hide()
		v.satisfyRow.Hide()
		v.Act.Hide()
		return
	}
	v.actionBox.Objects[1].Show()
	v.Act.Show()
	v.Act.SetText(a.Label)
	v.ActionTitle.SetText("下一步：" + a.Label)
	v.Text.SetText("")
	v.Satisfaction.ClearSelected()
	if a.Status == "交办" {
		v.assignRows.Show()
		v.textRow.Hide()
		v.Deadline.SetText(v.detail.Deadline)
		v.deadlineHint()
	} else {
		v.assignRows.Hide()
		v.textRow.Show()
		v.Text.SetPlaceHolder(a.TextLabel)
	}
	if a.Status == "已回访" {
		v.satisfyRow.Show()
	} else {
		v.satisfyRow.Hide()
	}
}

// deadlineHint shows the default 办理时限 a 交办 on the typed day gets.
func (v *CaseView) deadlineHint() {
	if v.Deadline == nil {
		return
	}
	day, ok := store.ParseDate(v.Day.Text)
	if !ok {
		return
	}
	rules, err := cases.LoadRules(v.mw.ctx, v.mw.db, day)
	if err != nil {
		return
	}
	if d := rules.Deadline(v.detail.Disposition, day); d != "" {
		v.Deadline.SetPlaceHolder(fmt.Sprintf("不填则为%d个工作日后：%s", rules.Days[v.detail.Disposition], d))
	}
}

// act records the next step.
func (v *CaseView) act() {
	a := v.action
	var err error
	if a.Status == "交办" {
		err = cases.Assign(v.mw.ctx, v.mw.db, v.id, v.Lead.Text, v.Assist.Text, v.Day.Text, v.Who.Text, v.Deadline.Text)
		if err == nil {
			v.Lead.SetText("")
			v.Assist.SetText("")
		}
	} else {
		_, err = v.mw.db.AdvanceCase(v.mw.ctx, v.id, store.StepInput{Status: a.Status, Day: v.Day.Text, Who: v.Who.Text,
			Text: v.Text.Text, Satisfaction: v.Satisfaction.Selected})
	}
	if err != nil {
		if !v.fields.show(err) {
			showError(v.mw.win, a.Label, err)
		}
		return
	}
	v.load()
	v.mw.changed(ScreenCases, ScreenReceptions, ScreenDashboard)
	v.mw.notify("事项 " + v.detail.No + " 已" + a.Label)
}

func (v *CaseView) prefillCorrection() {
	seq, ok := v.correctSeqs[v.Correct.Selected]
	if !ok {
		return
	}
	for _, st := range v.detail.Steps {
		if st.Seq == seq {
			v.CorrectText.SetText(st.Text)
		}
	}
}

func (v *CaseView) after(what, done string, err error) {
	if err != nil {
		if !v.otherFields.show(err) {
			showError(v.mw.win, what, err)
		}
		return
	}
	v.otherFields.clear()
	v.load()
	v.mw.changed(ScreenCases, ScreenReceptions, ScreenDashboard)
	v.mw.notify("事项 " + v.detail.No + done)
}

// correct replaces the chosen step's text, keeping its day, who and
// satisfaction; the old step stays in the history.
func (v *CaseView) correct() {
	seq, ok := v.correctSeqs[v.Correct.Selected]
	if !ok {
		showInfo("更正", "请先选择要更正的一步。", v.mw.win)
		return
	}
	for _, st := range v.detail.Steps {
		if st.Seq == seq {
			_, err := v.mw.db.CorrectStep(v.mw.ctx, v.id, seq, store.StepInput{Day: st.Day, Who: st.Who, Text: v.CorrectText.Text, Satisfaction: st.Satisfaction})
			v.after("更正", "：已更正“"+st.Status+"”", err)
			return
		}
	}
}

func (v *CaseView) decline() {
	for _, h := range v.detail.Handlers {
		if h.Unit == v.DeclineWho.Selected && h.DeclinedDay == "" {
			err := v.mw.db.DeclineHandler(v.mw.ctx, v.id, h.ID, v.Day.Text, v.Reason.Text)
			if err == nil {
				v.Reason.SetText("")
			}
			v.after("记录退回", "：已记录"+h.Unit+"退回，可重新交办", err)
			return
		}
	}
	showInfo("记录退回", "这件事项没有在办的承办单位。", v.mw.win)
}

func (v *CaseView) urge() {
	err := v.mw.db.AddUrge(v.mw.ctx, v.id, &store.Urge{Day: v.Day.Text, By: v.Who.Text, How: v.UrgeHow.Selected, Note: v.UrgeNote.Text})
	if err == nil {
		v.UrgeNote.SetText("")
	}
	v.after("记录催办", "：已记录催办", err)
}

// Close hides the dialog.
func (v *CaseView) Close() { v.dlg.Hide() }

// CaseForm changes a saved case's registration: the visitor, category,
// content, 办理方式 and 办理时限. Its steps are not touched.
type CaseForm struct {
	Entry  *CaseEntry
	Save   *widget.Button
	dlg    *dialog.CustomDialog
	fields *fieldSet
}

// EditCase opens the registration form of the case shown in v.
func (mw *MainWindow) EditCase(v *CaseView) *CaseForm {
	c := v.detail.Case
	cats, _ := mw.db.Categories(mw.ctx)
	if !slices.Contains(cats, c.Category) {
		cats = append(cats, c.Category)
	}
	e := &CaseEntry{Name: widget.NewEntry(), Phone: widget.NewEntry(), Village: widget.NewEntry(), IDNo: widget.NewEntry(),
		Category: newSelect(cats, nil), Disposition: newSelect(store.Dispositions, nil), Content: widget.NewMultiLineEntry(), Deadline: widget.NewEntry()}
	e.Name.SetText(c.VisitorName)
	e.Phone.SetText(c.VisitorPhone)
	e.Village.SetText(c.VisitorVillage)
	e.IDNo.SetText(c.VisitorID)
	e.Category.SetSelected(c.Category)
	e.Disposition.SetSelected(c.Disposition)
	e.Content.SetText(c.Content)
	e.Content.SetMinRowsVisible(4)
	e.Deadline.SetText(c.Deadline)
	f := &CaseForm{Entry: e, fields: newFieldSet()}
	f.fields.win = mw.win
	num := ledger.FieldLabel
	form := formGrid(
		f.fields.row("VisitorName", num("反映人"), true, e.Name), f.fields.row("VisitorPhone", num("联系电话"), false, e.Phone),
		f.fields.row("VisitorVillage", num("村（社区）"), false, e.Village), f.fields.row("VisitorID", num("身份证号（可不填）"), false, e.IDNo),
		f.fields.row("Category", num("类别"), true, e.Category), f.fields.row("Content", num("反映内容"), true, e.Content),
		f.fields.row("Disposition", num("办理方式"), true, e.Disposition), f.fields.row("Deadline", num("办理时限"), false, e.Deadline),
	)
	scroll := container.NewVScroll(container.NewPadded(container.NewVBox(form, f.fields.summary)))
	f.fields.root = scroll
	f.dlg, f.Save, _ = mw.recordDialog("修改事项 "+c.No, scroll, fyne.NewSize(760, 600), func() {
		n := c
		n.VisitorName, n.VisitorPhone, n.VisitorVillage, n.VisitorID = e.Name.Text, e.Phone.Text, e.Village.Text, e.IDNo.Text
		n.Category, n.Disposition, n.Content, n.Deadline = e.Category.Selected, e.Disposition.Selected, e.Content.Text, e.Deadline.Text
		if !f.fields.saved(mw.win, "保存事项", mw.db.SaveCase(mw.ctx, &n)) {
			return
		}
		f.dlg.Hide()
		v.load()
		mw.changed(ScreenCases, ScreenReceptions, ScreenDashboard)
		mw.notify("已保存事项 " + c.No + " 的修改")
	}, "", nil)
	f.dlg.Show()
	return f
}
