package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
)

// ScreenActivities is the 履职活动 screen's name.
const ScreenActivities = "activities"

func init() {
	registerScreen(screenDef{name: ScreenActivities, label: "履职活动", order: 60, icon: theme.ListIcon,
		make: func(mw *MainWindow) screen { return newActivityScreen(mw) }})
}

var (
	activityCols   = columns{widths: []float32{140, 110, 0, 150, 170}}
	opinionCols    = columns{widths: []float32{140, 90, 0, 70}}
	suggestionCols = columns{widths: []float32{90, 140, 90, 0, 150, 80, 80}}
)

// activityScreen records 履职活动, 社情民意 and 代表建议 for a year, each in
// its own tab.
type activityScreen struct {
	mw *MainWindow

	year        int
	names       map[string]string // deputy ID → name
	deputies    []store.Deputy
	activities  []store.Activity
	opinions    []store.Opinion
	suggestions []store.Suggestion

	yearSel *widget.Select
	count   *widget.Label
	actList *widget.List
	opList  *widget.List
	sugList *widget.List
	tabs    *container.AppTabs
	root    fyne.CanvasObject

	// The forms last opened, for tests.
	activityForm   *ActivityForm
	opinionForm    *OpinionForm
	suggestionForm *SuggestionForm
}

func newActivityScreen(mw *MainWindow) *activityScreen {
	s := &activityScreen{mw: mw, year: mw.db.Now().Year(), names: map[string]string{}}
	s.yearSel = newSelect(yearChoices(s.year), func(v string) {
		if y, err := strconv.Atoi(v); err == nil && y != s.year {
			s.year = y
			s.reload()
		}
	})
	s.yearSel.SetSelected(strconv.Itoa(s.year))
	s.count = widget.NewLabel("")

	s.actList = widget.NewList(func() int { return len(s.activities) },
		func() fyne.CanvasObject { return cells(activityCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			a := s.activities[i]
			n := map[string]int{}
			for _, p := range a.Participants {
				n[p.Attendance]++
			}
			setCells(o.(*fyne.Container), store.FormatDate(a.Day), a.Kind, a.Topic, a.Organiser,
				fmt.Sprintf("出席%d 请假%d 缺席%d", n[store.ActPresent], n[store.ActLeave], n[store.ActAbsent]))
		})
	s.actList.OnSelected = func(i widget.ListItemID) {
		s.actList.Unselect(i)
		s.EditActivity(s.activities[i])
	}
	s.opList = widget.NewList(func() int { return len(s.opinions) },
		func() fyne.CanvasObject { return cells(opinionCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			op := s.opinions[i]
			adopted := ""
			if op.Adopted {
				adopted = "被采用"
			}
			setCells(o.(*fyne.Container), store.FormatDate(op.Day), s.names[op.DeputyID], op.Title, adopted)
		})
	s.opList.OnSelected = func(i widget.ListItemID) {
		s.opList.Unselect(i)
		s.EditOpinion(s.opinions[i])
	}
	s.sugList = widget.NewList(func() int { return len(s.suggestions) },
		func() fyne.CanvasObject { return cells(suggestionCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			sg := s.suggestions[i]
			setCells(o.(*fyne.Container), sg.No, store.FormatDate(sg.Day), s.names[sg.DeputyID], sg.Title, sg.Department,
				classShort(sg.ResultClass), sg.Satisfaction)
		})
	s.sugList.OnSelected = func(i widget.ListItemID) {
		s.sugList.Unselect(i)
		s.EditSuggestion(s.suggestions[i])
	}
	head := func(c columns, texts ...string) *fyne.Container {
		h := cells(c, true)
		setCells(h, texts...)
		return h
	}
	addAct := widget.NewButtonWithIcon("新增活动", theme.ContentAddIcon(), func() { s.EditActivity(store.Activity{Day: mw.db.Now().Format("2006-01-02")}) })
	addAct.Importance = widget.HighImportance
	addOp := widget.NewButtonWithIcon("新增社情民意", theme.ContentAddIcon(), func() { s.EditOpinion(store.Opinion{Day: mw.db.Now().Format("2006-01-02")}) })
	addSug := widget.NewButtonWithIcon("新增代表建议", theme.ContentAddIcon(), func() { s.EditSuggestion(store.Suggestion{Day: mw.db.Now().Format("2006-01-02")}) })
	s.tabs = container.NewAppTabs(
		container.NewTabItem("履职活动", container.NewBorder(container.NewVBox(container.NewHBox(addAct),
			hintLabel("值班到岗、接待选民和群众反映事项已在值班表和接待记录中登记，考核时自动计入，无需在此重复录入。"),
			head(activityCols, "日期", "类型", "主题", "组织单位", "出勤")), nil, nil, nil, s.actList)),
		container.NewTabItem("社情民意", container.NewBorder(container.NewVBox(addOp, head(opinionCols, "日期", "代表", "标题", "采用")), nil, nil, nil, s.opList)),
		container.NewTabItem("代表建议", container.NewBorder(container.NewVBox(addSug, head(suggestionCols, "编号", "日期", "领衔代表", "标题", "承办单位", "办理结果", "满意度")), nil, nil, nil, s.sugList)),
	)
	top := container.NewHBox(screenTitle("履职活动"), widget.NewLabel("年度"), s.yearSel, s.count)
	s.root = container.NewBorder(top, nil, nil, nil, s.tabs)
	return s
}

func (s *activityScreen) view() fyne.CanvasObject { return s.root }

func classShort(c string) string {
	if c == "" {
		return "未答复"
	}
	return c + "类"
}

func (s *activityScreen) reload() {
	ctx, db := s.mw.ctx, s.mw.db
	var err error
	if s.deputies, err = db.Deputies(ctx, store.DeputyFilter{}); err != nil {
		showError(s.mw.win, "读取代表", err)
		return
	}
	for _, d := range s.deputies {
		s.names[d.ID] = d.Name
	}
	from, to := fmt.Sprintf("%d-01-01", s.year), fmt.Sprintf("%d-12-31", s.year)
	if s.activities, err = db.Activities(ctx, store.ActivityFilter{From: from, To: to}); err != nil {
		showError(s.mw.win, "读取履职活动", err)
	}
	if s.opinions, err = db.Opinions(ctx, store.RecordFilter{From: from, To: to}); err != nil {
		showError(s.mw.win, "读取社情民意", err)
	}
	if s.suggestions, err = db.Suggestions(ctx, store.RecordFilter{From: from, To: to}); err != nil {
		showError(s.mw.win, "读取代表建议", err)
	}
	s.count.SetText(fmt.Sprintf("本年度：活动%d次，社情民意%d条，代表建议%d件", len(s.activities), len(s.opinions), len(s.suggestions)))
	s.actList.Refresh()
	s.opList.Refresh()
	s.sugList.Refresh()
}

func (s *activityScreen) deputyItems() []checkItem {
	items := make([]checkItem, 0, len(s.deputies))
	for _, d := range s.deputies {
		if d.Status == store.StatusTerminated {
			continue
		}
		items = append(items, checkItem{id: d.ID, label: d.Name + "　" + d.WorkUnit, hay: d.Name + d.WorkUnit})
	}
	return items
}

// deputySelect offers the serving deputies by name; names may repeat, so
// the label carries the unit.
func (s *activityScreen) deputySelect(current string) (*widget.Select, func() string) {
	var labels []string
	ids := map[string]string{}
	for _, it := range s.deputyItems() {
		labels = append(labels, it.label)
		ids[it.label] = it.id
	}
	sel := newSelect(labels, nil)
	for l, id := range ids {
		if id == current {
			sel.SetSelected(l)
		}
	}
	return sel, func() string { return ids[sel.Selected] }
}

// ActivityForm records one 履职活动 and its participants' attendance: a
// checklist of those who came, and of those on leave or absent.
type ActivityForm struct {
	s                            *activityScreen
	a                            store.Activity
	fields                       *fieldSet
	kind                         *widget.Select
	day, topic, organiser, place *widget.Entry
	results                      *widget.Entry
	present, leave, absent       *checklist
	dlg                          *dialog.CustomDialog
}

// EditActivity opens the form; an empty ID adds a new activity.
func (s *activityScreen) EditActivity(a store.Activity) *ActivityForm {
	f := &ActivityForm{s: s, a: a, fields: newFieldSet()}
	f.kind = newSelect(store.ActivityKinds, nil)
	f.kind.SetSelected(a.Kind)
	f.day, f.topic, f.organiser, f.place = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.results = widget.NewMultiLineEntry()
	f.day.SetText(a.Day)
	f.topic.SetText(a.Topic)
	f.organiser.SetText(a.Organiser)
	if a.Organiser == "" {
		f.organiser.SetText("镇人大主席团")
	}
	f.place.SetText(a.Place)
	f.results.SetText(a.Results)
	f.results.SetMinRowsVisible(2)
	by := map[string][]string{}
	for _, p := range a.Participants {
		by[p.Attendance] = append(by[p.Attendance], p.DeputyID)
	}
	items := s.deputyItems()
	f.present = newChecklist(items, by[store.ActPresent], "名出席", nil)
	f.leave = newChecklist(items, by[store.ActLeave], "名请假", nil)
	f.absent = newChecklist(items, by[store.ActAbsent], "名缺席", nil)
	grid := formGrid(
		f.fields.row("Kind", "活动类型", true, f.kind),
		f.fields.row("Day", "活动日期", true, f.day),
		f.fields.row("Topic", "活动主题", true, f.topic),
		f.fields.row("Organiser", "组织单位", false, f.organiser),
		f.fields.row("Place", "地点", false, f.place),
		f.fields.row("Results", "活动成果", false, f.results),
	)
	who := container.NewAppTabs(
		container.NewTabItem("出席", f.present.view(220)),
		container.NewTabItem("请假", f.leave.view(220)),
		container.NewTabItem("缺席（无故）", f.absent.view(220)),
	)
	partErr := widget.NewLabel("")
	partErr.Importance = widget.DangerImportance
	partErr.Hide()
	f.fields.errs["Participants"] = partErr
	body := container.NewVBox(f.fields.summary, grid, widget.NewLabelWithStyle("参加代表", 0, fyne.TextStyle{Bold: true}), partErr, who)
	title := "新增履职活动"
	if a.ID != "" {
		title = "履职活动：" + a.Topic
	}
	content := fyne.CanvasObject(container.NewVScroll(container.NewPadded(body)))
	if a.ID != "" {
		del := widget.NewButtonWithIcon("删除此活动", theme.DeleteIcon(), func() {
			s.mw.askDelete("删除履职活动", "“"+a.Topic+"”", "连同参加代表的出勤记录移入回收站，可从回收站恢复；考核分数随之重算。", func() {
				if err := s.mw.db.DeleteActivity(s.mw.ctx, a.ID); err != nil {
					showError(s.mw.win, "删除履职活动", err)
					return
				}
				f.dlg.Hide()
				s.mw.changed()
			})
		})
		content = container.NewBorder(nil, container.NewHBox(del), nil, nil, content)
	}
	f.dlg = dialog.NewCustom(title, "取消", content, s.mw.win)
	save := widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), func() { f.Save() })
	save.Importance = widget.HighImportance
	f.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton("取消", func() { f.dlg.Hide() }), save})
	f.dlg.Resize(fyne.NewSize(720, 680))
	f.dlg.Show()
	f.fields.root = content
	s.activityForm = f
	return f
}

// Fill types the form's fields; marks maps deputy IDs to 出席/请假/缺席.
func (f *ActivityForm) Fill(kind, day, topic string, marks map[string]string) {
	f.kind.SetSelected(kind)
	f.day.SetText(day)
	f.topic.SetText(topic)
	for id, m := range marks {
		switch m {
		case store.ActPresent:
			f.present.set(id, true)
		case store.ActLeave:
			f.leave.set(id, true)
		case store.ActAbsent:
			f.absent.set(id, true)
		}
	}
}

// Save validates and stores the activity; problems show beside the fields.
func (f *ActivityForm) Save() bool {
	a := f.a
	a.Kind, a.Day, a.Topic, a.Organiser, a.Place, a.Results = f.kind.Selected, f.day.Text, f.topic.Text, f.organiser.Text, f.place.Text, f.results.Text
	a.Participants = nil
	seen := map[string]string{}
	for _, g := range []struct {
		c    *checklist
		mark string
	}{{f.present, store.ActPresent}, {f.leave, store.ActLeave}, {f.absent, store.ActAbsent}} {
		for _, id := range g.c.ids() {
			if prev, dup := seen[id]; dup {
				f.fields.show(&store.ValidationError{Errors: []store.FieldError{{Field: "Participants", Label: "参加代表",
					Message: fmt.Sprintf("“%s”同时勾选了%s和%s", f.s.names[id], prev, g.mark)}}})
				return false
			}
			seen[id] = g.mark
			a.Participants = append(a.Participants, store.Participant{DeputyID: id, Attendance: g.mark})
		}
	}
	if err := f.s.mw.db.SaveActivity(f.s.mw.ctx, &a); err != nil {
		if !f.fields.show(err) {
			showError(f.s.mw.win, "保存履职活动", err)
		}
		return false
	}
	f.dlg.Hide()
	f.s.mw.changed()
	return true
}

// OpinionForm records one 社情民意.
type OpinionForm struct {
	s *activityScreen
	// Remove asks before moving the record to the 回收站.
	Remove           *widget.Button
	o                store.Opinion
	fields           *fieldSet
	deputy           *widget.Select
	deputyID         func() string
	day, title, text *widget.Entry
	adopted          *widget.Check
	dlg              *dialog.CustomDialog
}

// EditOpinion opens the form; an empty ID adds a new entry.
func (s *activityScreen) EditOpinion(o store.Opinion) *OpinionForm {
	f := &OpinionForm{s: s, o: o, fields: newFieldSet()}
	f.deputy, f.deputyID = s.deputySelect(o.DeputyID)
	f.day, f.title, f.text = widget.NewEntry(), widget.NewEntry(), widget.NewMultiLineEntry()
	f.day.SetText(o.Day)
	f.title.SetText(o.Title)
	f.text.SetText(o.Content)
	f.text.SetMinRowsVisible(4)
	f.adopted = widget.NewCheck("被采用或报送上级", nil)
	f.adopted.SetChecked(o.Adopted)
	grid := formGrid(
		f.fields.row("DeputyID", "反映代表", true, f.deputy),
		f.fields.row("Day", "日期", true, f.day),
		f.fields.row("Title", "标题", true, f.title),
		f.fields.row("Content", "内容", false, f.text),
		f.fields.row("Adopted", "采用情况", false, f.adopted),
	)
	body := container.NewVBox(f.fields.summary, grid)
	f.fields.root = body
	save := widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), func() { f.Save() })
	save.Importance = widget.HighImportance
	f.dlg = dialog.NewCustom("社情民意", "取消", body, s.mw.win)
	buttons := []fyne.CanvasObject{widget.NewButton("取消", func() { f.dlg.Hide() }), save}
	if o.ID != "" {
		f.Remove = widget.NewButtonWithIcon("删除", theme.DeleteIcon(), func() {
			s.mw.askDelete("删除社情民意", "社情民意“"+o.Title+"”", "考核中这条社情民意的积分随之重算", func() {
				if err := s.mw.db.DeleteOpinion(s.mw.ctx, o.ID); err != nil {
					showError(s.mw.win, "删除社情民意", err)
					return
				}
				f.dlg.Hide()
				s.mw.changed()
				s.mw.notify("已删除社情民意“" + o.Title + "”，可在回收站恢复")
			})
		})
		f.Remove.Importance = widget.DangerImportance
		buttons = append([]fyne.CanvasObject{f.Remove}, buttons...)
	}
	f.dlg.SetButtons(buttons)
	f.dlg.Resize(fyne.NewSize(620, 420))
	f.dlg.Show()
	s.opinionForm = f
	return f
}

// Save validates and stores the entry.
func (f *OpinionForm) Save() bool {
	o := f.o
	o.DeputyID, o.Day, o.Title, o.Content, o.Adopted = f.deputyID(), f.day.Text, f.title.Text, f.text.Text, f.adopted.Checked
	if err := f.s.mw.db.SaveOpinion(f.s.mw.ctx, &o); err != nil {
		if !f.fields.show(err) {
			showError(f.s.mw.win, "保存社情民意", err)
		}
		return false
	}
	f.dlg.Hide()
	f.s.mw.changed()
	return true
}

// SuggestionForm records one 代表建议 and, later, its answer.
type SuggestionForm struct {
	s *activityScreen
	// Remove asks before moving the record to the 回收站.
	Remove               *widget.Button
	sg                   store.Suggestion
	fields               *fieldSet
	deputy               *widget.Select
	deputyID             func() string
	no, day, title, dept *widget.Entry
	class, satisfaction  *widget.Select
	dlg                  *dialog.CustomDialog
	// Referrals is the procuratorate part (a saved suggestion only).
	Referrals *ReferralSection
	scroll    *container.Scroll
	save      *widget.Button
}

// EditSuggestion opens the form; an empty ID adds a new suggestion.
func (s *activityScreen) EditSuggestion(sg store.Suggestion) *SuggestionForm {
	f := &SuggestionForm{s: s, sg: sg, fields: newFieldSet()}
	f.deputy, f.deputyID = s.deputySelect(sg.DeputyID)
	f.no, f.day, f.title, f.dept = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.no.SetText(sg.No)
	f.no.SetPlaceHolder("如 2026-001")
	f.day.SetText(sg.Day)
	f.title.SetText(sg.Title)
	f.dept.SetText(sg.Department)
	classes := []string{"未答复"}
	for _, c := range store.SuggestionClasses {
		classes = append(classes, store.SuggestionClassLabel(c))
	}
	f.class = newSelect(classes, nil)
	f.class.SetSelected(store.SuggestionClassLabel(sg.ResultClass))
	f.satisfaction = newSelect(append([]string{"未评价"}, store.Satisfactions...), nil)
	f.satisfaction.SetSelected("未评价")
	if sg.Satisfaction != "" {
		f.satisfaction.SetSelected(sg.Satisfaction)
	}
	grid := formGrid(
		f.fields.row("DeputyID", "领衔代表", true, f.deputy),
		f.fields.row("No", "建议编号", false, f.no),
		f.fields.row("Day", "提出日期", true, f.day),
		f.fields.row("Title", "建议标题", true, f.title),
		f.fields.row("Department", "承办单位", false, f.dept),
		f.fields.row("ResultClass", "办理结果", false, f.class),
		f.fields.row("Satisfaction", "代表满意度", false, f.satisfaction),
	)
	body := container.NewVBox(f.fields.summary, grid)
	if sg.ID != "" {
		f.Referrals = s.mw.newReferralSection(sg)
		body.Add(f.Referrals.box)
	}
	// Scrolled, so a suggestion with many referrals keeps its buttons on
	// the screen; padded, so its fields stay clear of the scroll bar.
	f.scroll = container.NewVScroll(container.NewPadded(body))
	if f.Referrals != nil {
		f.Referrals.parent = f.scroll
	}
	f.fields.root = f.scroll
	save := widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), func() { f.Save() })
	save.Importance = widget.HighImportance
	f.save = save
	f.dlg = dialog.NewCustom("代表建议", "取消", f.scroll, s.mw.win)
	buttons := []fyne.CanvasObject{widget.NewButton("取消", func() { f.dlg.Hide() }), save}
	if sg.ID != "" {
		f.Remove = widget.NewButtonWithIcon("删除", theme.DeleteIcon(), func() {
			s.mw.askDelete("删除代表建议", "代表建议“"+sg.Title+"”", "考核中这条代表建议的积分随之重算", func() {
				if err := s.mw.db.DeleteSuggestion(s.mw.ctx, sg.ID); err != nil {
					showError(s.mw.win, "删除代表建议", err)
					return
				}
				f.dlg.Hide()
				s.mw.changed()
				s.mw.notify("已删除代表建议“" + sg.Title + "”，可在回收站恢复")
			})
		})
		f.Remove.Importance = widget.DangerImportance
		buttons = append([]fyne.CanvasObject{f.Remove}, buttons...)
	}
	f.dlg.SetButtons(buttons)
	f.dlg.Resize(fyne.NewSize(660, 600))
	f.dlg.Show()
	s.suggestionForm = f
	return f
}

// Save validates and stores the suggestion.
func (f *SuggestionForm) Save() bool {
	sg := f.sg
	sg.DeputyID, sg.No, sg.Day, sg.Title, sg.Department = f.deputyID(), f.no.Text, f.day.Text, f.title.Text, f.dept.Text
	sg.ResultClass = ""
	if c := f.class.Selected; c != "" && c != "未答复" {
		sg.ResultClass = strings.TrimSpace(c[:1])
	}
	sg.Satisfaction = ""
	if v := f.satisfaction.Selected; v != "未评价" {
		sg.Satisfaction = v
	}
	if err := f.s.mw.db.SaveSuggestion(f.s.mw.ctx, &sg); err != nil {
		if !f.fields.show(err) {
			showError(f.s.mw.win, "保存代表建议", err)
		}
		return false
	}
	f.dlg.Hide()
	f.s.mw.changed()
	return true
}
