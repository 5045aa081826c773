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
	overdue                                       *widget.Check
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
		container.NewHBox(s.month, s.station, s.category, s.disposition, s.status, s.overdue),
		container.NewBorder(nil, nil, nil, s.count, s.search),
		container.NewPadded(header),
		widget.NewSeparator(),
	)
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(s.prev, s.next), hintLabel("点击一行查看办理过程、推进状态、交办或催办。"))
	s.root = container.NewPadded(container.NewBorder(top, bottom, nil, nil, s.list))
	return s
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
	f := store.CaseFilter{Search: s.search.Text, Overdue: s.overdue.Checked, Limit: casePage, Offset: s.page * casePage, Today: s.today}
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

// CaseView is the dialog showing one case's history with the actions that
// move it along: advance or correct a step, send to a unit, record a
// unit's refusal, 催办.
type CaseView struct {
	mw     *MainWindow
	id     string
	detail store.CaseDetail
	dlg    dialog.Dialog
	// Remove moves the case to the 回收站 after confirmation.
	Remove *widget.Button

	info, history *widget.Label

	// Advancing or correcting a step.
	Next         *widget.Select
	Correct      *widget.Select
	Day, Who     *widget.Entry
	Text         *widget.Entry
	Satisfaction *widget.Select
	Advance      *widget.Button
	fields       *fieldSet

	// Handlers and 催办.
	Unit        *widget.Entry
	Role        *widget.Select
	Assign      *widget.Button
	DeclineWho  *widget.Select
	Reason      *widget.Entry
	Decline     *widget.Button
	UrgeHow     *widget.Select
	UrgeNote    *widget.Entry
	Urge        *widget.Button
	correctSeqs map[string]int64
}

const newStep = "（推进到下一步）"

// OpenCase shows a case in a dialog; it returns the view for tests.
func (mw *MainWindow) OpenCase(id string) *CaseView {
	v := &CaseView{mw: mw, id: id, fields: newFieldSet(), correctSeqs: map[string]int64{}}
	v.info = widget.NewLabel("")
	v.info.Wrapping = fyne.TextWrapWord
	v.history = widget.NewLabel("")
	v.history.Wrapping = fyne.TextWrapWord
	today := mw.db.Now().Format("2006-01-02")
	secretary := ""
	if t, err := mw.db.Township(mw.ctx); err == nil {
		secretary = t.Secretary
	}
	v.Next = newSelect(nil, nil)
	v.Next.PlaceHolder = "（已回访，闭环完成）"
	v.Correct = newSelect(nil, func(string) { v.prefillCorrection() })
	v.Day = widget.NewEntry()
	v.Day.SetText(today)
	v.Who = widget.NewEntry()
	v.Who.SetText(secretary)
	v.Text = widget.NewMultiLineEntry()
	v.Text.SetMinRowsVisible(2)
	v.Text.SetPlaceHolder("办理结果、给反映人的答复或回访情况")
	v.Satisfaction = newSelect(store.Satisfactions, nil)
	v.Satisfaction.PlaceHolder = "（回访时选择）"
	v.Advance = widget.NewButtonWithIcon("保存这一步", theme.ConfirmIcon(), v.saveStep)
	v.Advance.Importance = widget.HighImportance

	v.Unit = widget.NewEntry()
	v.Unit.SetPlaceHolder("承办单位，如 镇村镇建设办公室")
	v.Role = newSelect([]string{"主办", "协办"}, nil)
	v.Role.SetSelected("主办")
	v.Assign = widget.NewButton("交办", v.assign)
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

	stepForm := formGrid(
		v.fields.row("Status", "办理状态", true, container.NewGridWithColumns(2, v.Next, v.Correct)),
		v.fields.row("Day", "日期", true, v.Day),
		v.fields.row("Who", "经办人", true, v.Who),
		v.fields.row("Text", "情况", false, v.Text),
		v.fields.row("Satisfaction", "满意度（回访时）", false, v.Satisfaction),
	)
	body := container.NewVBox(
		v.info,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("办理过程（含更正记录）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.history,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("推进或更正", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		stepForm, v.fields.summary, container.NewHBox(v.Advance),
		widget.NewSeparator(),
		widget.NewLabelWithStyle("交办、退回与催办", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewBorder(nil, nil, nil, container.NewHBox(v.Role, v.Assign), v.Unit),
		container.NewBorder(nil, nil, v.DeclineWho, v.Decline, v.Reason),
		container.NewBorder(nil, nil, v.UrgeHow, v.Urge, v.UrgeNote),
	)
	v.Remove = widget.NewButtonWithIcon("删除此事项", theme.DeleteIcon(), func() {
		mw.askDelete("删除群众反映事项", "事项 "+v.detail.No, "它的办理过程、承办单位和催办记录会一并放入回收站", func() {
			v.dlg.Hide()
			if err := mw.db.DeleteCase(mw.ctx, v.detail.ID); err != nil {
				showError(mw.win, "删除事项", err)
				return
			}
			mw.changed()
		})
	})
	v.Remove.Importance = widget.DangerImportance
	body.Add(widget.NewSeparator())
	body.Add(container.NewHBox(v.Remove))
	scroll := container.NewVScroll(body)
	v.fields.root = scroll
	v.dlg = dialog.NewCustom("群众反映事项", "关闭", container.New(minHeight{480}, scroll), mw.win)
	v.dlg.Resize(fyne.NewSize(900, 680))
	if !v.load() {
		return v
	}
	v.dlg.Show()
	return v
}

// Detail returns the case as last read.
func (v *CaseView) Detail() store.CaseDetail { return v.detail }

func (v *CaseView) load() bool {
	d, err := v.mw.db.Case(v.mw.ctx, v.id)
	if err != nil {
		showError(v.mw.win, "读取事项", err)
		return false
	}
	v.detail = d
	today := v.mw.db.Now().Format("2006-01-02")
	var b strings.Builder
	fmt.Fprintf(&b, "编号 %s　登记 %s　站点 %s\n", d.No, store.FormatDate(d.Day), orDash(d.StationName))
	fmt.Fprintf(&b, "反映人 %s　电话 %s　村（社区） %s\n", d.VisitorName, orDash(d.VisitorPhone), orDash(d.VisitorVillage))
	fmt.Fprintf(&b, "类别 %s　办理方式 %s　办理时限 %s\n", d.Category, d.Disposition, orDash(store.FormatDate(d.Deadline)))
	if d.SuggestionNo != "" {
		fmt.Fprintf(&b, "代表建议 %s　承办部门 %s　结果类别 %s\n", d.SuggestionNo, d.SuggestionDept, orDash(d.SuggestionClass))
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

	var h []string
	v.correctSeqs = map[string]int64{}
	corrections := []string{newStep}
	for _, st := range d.Steps {
		line := fmt.Sprintf("%s　%s　%s", store.FormatDate(st.Day), st.Status, st.Who)
		if st.Text != "" {
			line += "：" + st.Text
		}
		if st.Satisfaction != "" {
			line += "（" + st.Satisfaction + "）"
		}
		if st.Replaces != 0 {
			line += "　〔更正〕"
		}
		if st.Superseded {
			line = "〔已被更正〕" + line
		} else {
			label := "更正“" + st.Status + "”（" + store.FormatDate(st.Day) + "）"
			v.correctSeqs[label] = st.Seq
			corrections = append(corrections, label)
		}
		h = append(h, line)
	}
	var declinable []string
	for _, hd := range d.Handlers {
		line := fmt.Sprintf("%s　%s %s", store.FormatDate(hd.AssignedDay), hd.Role, hd.Unit)
		if hd.DeclinedDay != "" {
			line += fmt.Sprintf("　%s退回：%s", store.FormatDate(hd.DeclinedDay), hd.DeclineReason)
		} else {
			declinable = append(declinable, hd.Unit)
		}
		h = append(h, line)
	}
	for _, u := range d.Urges {
		h = append(h, fmt.Sprintf("%s　催办（%s，%s）%s", store.FormatDate(u.Day), u.How, u.By, u.Note))
	}
	v.history.SetText(strings.Join(h, "\n"))
	v.DeclineWho.Options = declinable
	v.DeclineWho.ClearSelected()
	if len(declinable) > 0 {
		v.DeclineWho.SetSelected(declinable[0])
	}

	// The statuses the case may move to next.
	rank := store.StatusRank(d.Status)
	var next []string
	if rank+1 < len(store.CaseStatuses) {
		next = append(next, store.CaseStatuses[rank+1])
	}
	if d.Disposition == store.DispOnSpot && rank == store.RankRegistered {
		next = append(next, "办结")
	}
	v.Next.Options = next
	v.Next.ClearSelected()
	if len(next) > 0 {
		v.Next.SetSelected(next[0])
	}
	v.Correct.Options = corrections
	v.Correct.SetSelected(newStep)
	v.Text.SetText("")
	v.Satisfaction.ClearSelected()
	return true
}

func (v *CaseView) prefillCorrection() {
	seq, ok := v.correctSeqs[v.Correct.Selected]
	if !ok {
		return
	}
	for _, st := range v.detail.Steps {
		if st.Seq == seq {
			v.Day.SetText(st.Day)
			v.Who.SetText(st.Who)
			v.Text.SetText(st.Text)
			if st.Satisfaction == "" {
				v.Satisfaction.ClearSelected()
			} else {
				v.Satisfaction.SetSelected(st.Satisfaction)
			}
		}
	}
}

func (v *CaseView) after(what string, err error) {
	if err != nil {
		if !v.fields.show(err) {
			showError(v.mw.win, what, err)
		}
		return
	}
	v.fields.clear()
	v.load()
	v.mw.changed()
}

func (v *CaseView) saveStep() {
	in := store.StepInput{Status: v.Next.Selected, Day: v.Day.Text, Who: v.Who.Text, Text: v.Text.Text, Satisfaction: v.Satisfaction.Selected}
	var err error
	if seq, ok := v.correctSeqs[v.Correct.Selected]; ok {
		_, err = v.mw.db.CorrectStep(v.mw.ctx, v.id, seq, in)
	} else {
		_, err = v.mw.db.AdvanceCase(v.mw.ctx, v.id, in)
	}
	v.after("保存办理状态", err)
}

func (v *CaseView) assign() {
	h := &store.Handler{Unit: v.Unit.Text, Role: v.Role.Selected, AssignedDay: v.Day.Text}
	err := v.mw.db.AssignHandler(v.mw.ctx, v.id, h)
	if err == nil {
		v.Unit.SetText("")
	}
	v.after("交办", err)
}

func (v *CaseView) decline() {
	for _, h := range v.detail.Handlers {
		if h.Unit == v.DeclineWho.Selected && h.DeclinedDay == "" {
			err := v.mw.db.DeclineHandler(v.mw.ctx, v.id, h.ID, v.Day.Text, v.Reason.Text)
			if err == nil {
				v.Reason.SetText("")
			}
			v.after("记录退回", err)
			return
		}
	}
}

func (v *CaseView) urge() {
	err := v.mw.db.AddUrge(v.mw.ctx, v.id, &store.Urge{Day: v.Day.Text, By: v.Who.Text, How: v.UrgeHow.Selected, Note: v.UrgeNote.Text})
	if err == nil {
		v.UrgeNote.SetText("")
	}
	v.after("记录催办", err)
}

// Close hides the dialog.
func (v *CaseView) Close() { v.dlg.Hide() }
