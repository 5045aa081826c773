package ui

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/assess"
	"deputydesk/store"
)

// ScreenTenOne is the 「十个一」 screen's name.
const ScreenTenOne = "tenone"

func init() {
	registerScreen(screenDef{name: ScreenTenOne, label: "「十个一」", order: 65, icon: theme.CheckButtonCheckedIcon,
		make: func(mw *MainWindow) screen { return newTenOneScreen(mw) }})
}

var (
	colorDone    = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
	colorNotYet  = color.NRGBA{R: 0x75, G: 0x75, B: 0x75, A: 0xff}
	colorOverdue = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
)

// tenOneScreen shows one 「十个一」 duty as a grid of deputies × periods
// (已完成 / 未完成 / 逾期), a deputy's list of what is still owed this
// period, and the editable duty list.
type tenOneScreen struct {
	mw *MainWindow

	year    int
	today   string
	tracker *assess.Tracker
	def     int
	grid    assess.Grid

	yearSel  *widget.Select
	dutySel  *widget.Select
	summary  *widget.Label
	header   *fyne.Container
	list     *widget.List
	listBox  *fyne.Container // holds list; replaced when the column count changes
	shownN   int
	owedName *widget.Label
	owed     *widget.Label
	root     fyne.CanvasObject

	dutyForm *DutyDefForm
}

func newTenOneScreen(mw *MainWindow) *tenOneScreen {
	s := &tenOneScreen{mw: mw, year: mw.db.Now().Year()}
	s.yearSel = newSelect(yearChoices(s.year), func(v string) {
		if y, err := strconv.Atoi(v); err == nil && y != s.year {
			s.year = y
			s.reload()
		}
	})
	s.yearSel.SetSelected(strconv.Itoa(s.year))
	s.dutySel = newSelect(nil, func(v string) { s.pick(v) })
	s.summary = widget.NewLabel("")
	s.header = container.NewHBox()
	s.listBox = container.NewStack()
	s.newList()
	s.owedName = widget.NewLabelWithStyle("选中一名代表，查看其本期尚未完成的任务。", 0, fyne.TextStyle{Bold: true})
	s.owed = widget.NewLabel("")
	s.owed.Wrapping = fyne.TextWrapWord
	edit := widget.NewButtonWithIcon("任务设置", theme.SettingsIcon(), func() { s.EditDuty(-1) })
	editCur := widget.NewButtonWithIcon("修改本项", theme.DocumentCreateIcon(), func() { s.EditDuty(s.def) })
	top := container.NewVBox(
		container.NewHBox(screenTitle("「十个一」履职任务"), widget.NewLabel("年度"), s.yearSel, widget.NewLabel("任务"), container.NewGridWrap(fyne.NewSize(230, s.dutySel.MinSize().Height), s.dutySel), editCur, edit),
		s.summary,
		hintLabel("按值班到岗、接待记录、群众反映事项、履职活动、社情民意和代表建议自动统计；绿色为已完成，灰色为本期未到期，红色为逾期未完成，“—”为不在任。"),
		s.header)
	side := container.NewVBox(s.owedName, s.owed)
	s.root = container.NewBorder(top, nil, nil, container.NewGridWrap(fyne.NewSize(240, 400), side), s.listBox)
	return s
}

// newList builds the grid's list for the current column count: a list
// keeps its row objects, so months and quarters each need their own.
func (s *tenOneScreen) newList() {
	s.shownN = s.cellCount()
	s.list = widget.NewList(func() int { return len(s.grid.Rows) },
		func() fyne.CanvasObject { return s.rowTemplate() },
		func(i widget.ListItemID, o fyne.CanvasObject) { s.fillRow(o.(*fyne.Container), s.grid.Rows[i]) })
	s.list.OnSelected = func(i widget.ListItemID) { s.ShowOwed(s.grid.Rows[i].DeputyID) }
	s.listBox.Objects = []fyne.CanvasObject{s.list}
	s.listBox.Refresh()
}

func (s *tenOneScreen) view() fyne.CanvasObject { return s.root }

func (s *tenOneScreen) cellCount() int {
	if s.grid.Def.Period == store.PeriodMonth {
		return 12
	}
	if s.grid.Def.Period == store.PeriodQuarter {
		return 4
	}
	return 1
}

func (s *tenOneScreen) rowTemplate() fyne.CanvasObject {
	objs := []fyne.CanvasObject{widget.NewLabel("")}
	for i := 0; i < s.cellCount(); i++ {
		t := canvas.NewText("", colorNotYet)
		t.Alignment = fyne.TextAlignCenter
		objs = append(objs, t)
	}
	return container.New(s.cols(), objs...)
}

func (s *tenOneScreen) cols() columns {
	w := []float32{84}
	cw := float32(56)
	if s.cellCount() == 4 {
		cw = 110
	} else if s.cellCount() == 1 {
		cw = 160
	}
	for i := 0; i < s.cellCount(); i++ {
		w = append(w, cw)
	}
	return columns{widths: w}
}

// CellText is what a cell shows.
func CellText(c assess.Cell) string {
	switch c.State {
	case assess.Done:
		if c.Need > 1 || c.Have > 1 {
			return fmt.Sprintf("✓ %d/%d", c.Have, c.Need)
		}
		return "✓"
	case assess.NotYet:
		return fmt.Sprintf("%d/%d", c.Have, c.Need)
	case assess.Overdue:
		return fmt.Sprintf("逾期 %d/%d", c.Have, c.Need)
	}
	return "—"
}

func (s *tenOneScreen) fillRow(row *fyne.Container, r assess.GridRow) {
	if len(row.Objects) != len(r.Cells)+1 {
		return
	}
	row.Objects[0].(*widget.Label).SetText(r.Name)
	for i, c := range r.Cells {
		t := row.Objects[i+1].(*canvas.Text)
		t.Text = CellText(c)
		switch c.State {
		case assess.Done:
			t.Color = colorDone
		case assess.Overdue:
			t.Color = colorOverdue
		default:
			t.Color = colorNotYet
		}
		t.Refresh()
	}
}

func (s *tenOneScreen) reload() {
	s.today = s.mw.db.Now().Format("2006-01-02")
	tr, err := assess.LoadTracker(s.mw.ctx, s.mw.db, s.year)
	if err != nil {
		showError(s.mw.win, "读取「十个一」", err)
		return
	}
	s.tracker = tr
	var names []string
	for _, d := range tr.Defs {
		names = append(names, d.Name)
	}
	s.dutySel.Options = names
	if s.def >= len(names) {
		s.def = 0
	}
	if len(names) == 0 {
		s.grid = assess.Grid{}
		s.list.Refresh()
		return
	}
	s.dutySel.SetSelected(names[s.def])
	s.pick(names[s.def])
}

// pick shows the grid of the named duty.
func (s *tenOneScreen) pick(name string) {
	if s.tracker == nil {
		return
	}
	for i, d := range s.tracker.Defs {
		if d.Name == name {
			s.def = i
			s.grid = s.tracker.Grid(d, s.today)
		}
	}
	c := s.cols()
	hdr := []fyne.CanvasObject{widget.NewLabelWithStyle("代表", 0, fyne.TextStyle{Bold: true})}
	for _, p := range s.grid.Periods {
		hdr = append(hdr, widget.NewLabelWithStyle(p.Label, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	s.header.Objects = []fyne.CanvasObject{container.New(c, hdr...)}
	s.header.Refresh()
	done, notYet, overdue := 0, 0, 0
	for _, r := range s.grid.Rows {
		for _, cell := range r.Cells {
			switch cell.State {
			case assess.Done:
				done++
			case assess.NotYet:
				notYet++
			case assess.Overdue:
				overdue++
			}
		}
	}
	d := s.grid.Def
	s.summary.SetText(fmt.Sprintf("%s：%s%d次，计入：%s。共%d名代表，已完成%d格，未到期%d格，逾期%d格。",
		d.Name, store.PeriodLabel(d.Period), d.Count, strings.Join(d.Sources, "、"), len(s.grid.Rows), done, notYet, overdue))
	if s.cellCount() != s.shownN {
		s.newList()
	}
	s.list.Refresh()
}

// ShowOwed lists what a deputy still owes in the current periods.
func (s *tenOneScreen) ShowOwed(deputyID string) string {
	var name string
	for _, d := range s.tracker.Deputies {
		if d.ID == deputyID {
			name = d.Name
		}
	}
	today := s.today
	if s.year != s.mw.db.Now().Year() {
		today = fmt.Sprintf("%d-12-31", s.year)
	}
	owed := s.tracker.Owed(deputyID, today)
	s.owedName.SetText(name + " 本期尚未完成：")
	var lines []string
	for _, o := range owed {
		state := "未完成"
		if o.Period.To < s.today {
			state = "逾期"
		}
		lines = append(lines, fmt.Sprintf("·%s（%s，已完成%d/%d，%s）", o.Def.Name, o.Period.Label, o.Have, o.Need, state))
	}
	if len(lines) == 0 {
		lines = []string{"本期任务已全部完成。"}
	}
	s.owed.SetText(strings.Join(lines, "\n"))
	return s.owed.Text
}

// DutyDefForm edits one 「十个一」 duty or adds a new one.
type DutyDefForm struct {
	s       *tenOneScreen
	def     store.DutyDef
	fields  *fieldSet
	name    *widget.Entry
	period  *widget.Select
	count   *widget.Entry
	sources *checklist
	dlg     *dialog.CustomDialog
}

var periodLabels = map[string]string{"每月": store.PeriodMonth, "每季度": store.PeriodQuarter, "每年": store.PeriodYear}

// EditDuty opens the form for the i-th duty, or a new one when i < 0.
func (s *tenOneScreen) EditDuty(i int) *DutyDefForm {
	var d store.DutyDef
	if s.tracker != nil && i >= 0 && i < len(s.tracker.Defs) {
		d = s.tracker.Defs[i]
	} else {
		d = store.DutyDef{Period: store.PeriodMonth, Count: 1}
	}
	f := &DutyDefForm{s: s, def: d, fields: newFieldSet()}
	f.name = widget.NewEntry()
	f.name.SetText(d.Name)
	f.period = newSelect([]string{"每月", "每季度", "每年"}, nil)
	f.period.SetSelected(store.PeriodLabel(d.Period))
	f.count = widget.NewEntry()
	f.count.SetText(strconv.Itoa(d.Count))
	var items []checkItem
	for _, src := range store.Sources() {
		items = append(items, checkItem{id: src, label: src, hay: src})
	}
	f.sources = newChecklist(items, d.Sources, "种记录", nil)
	srcErr := widget.NewLabel("")
	srcErr.Importance = widget.DangerImportance
	srcErr.Hide()
	f.fields.errs["Sources"] = srcErr
	grid := formGrid(
		f.fields.row("Name", "任务名称", true, f.name),
		f.fields.row("Period", "周期", true, f.period),
		f.fields.row("Count", "每期次数", true, f.count),
	)
	body := container.NewBorder(container.NewVBox(f.fields.summary, grid, widget.NewLabelWithStyle("哪些记录计入", 0, fyne.TextStyle{Bold: true}), srcErr),
		nil, nil, nil, f.sources.view(260))
	f.fields.root = body
	title := "新增履职任务"
	if d.ID != "" {
		title = "履职任务：" + d.Name
	}
	f.dlg = dialog.NewCustom(title, "取消", body, s.mw.win)
	save := widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), func() { f.Save() })
	save.Importance = widget.HighImportance
	buttons := []fyne.CanvasObject{widget.NewButton("取消", func() { f.dlg.Hide() }), save}
	if d.ID != "" {
		buttons = append([]fyne.CanvasObject{widget.NewButtonWithIcon("删除此任务", theme.DeleteIcon(), func() {
			s.mw.askDelete("删除履职任务", "“"+d.Name+"”", "只删除任务设置，已登记的履职记录不受影响。", func() {
				if err := s.mw.db.DeleteDutyDef(s.mw.ctx, d.ID); err != nil {
					showError(s.mw.win, "删除履职任务", err)
					return
				}
				f.dlg.Hide()
				s.def = 0
				s.reload()
			})
		})}, buttons...)
	}
	f.dlg.SetButtons(buttons)
	f.dlg.Resize(fyne.NewSize(600, 600))
	f.dlg.Show()
	s.dutyForm = f
	return f
}

// Save validates and stores the duty.
func (f *DutyDefForm) Save() bool {
	d := f.def
	d.Name, d.Period = f.name.Text, periodLabels[f.period.Selected]
	n, err := strconv.Atoi(strings.TrimSpace(f.count.Text))
	if err != nil {
		n = 0
	}
	d.Count, d.Sources = n, f.sources.ids()
	if err := f.s.mw.db.SaveDutyDef(f.s.mw.ctx, &d); err != nil {
		if !f.fields.show(err) {
			showError(f.s.mw.win, "保存履职任务", err)
		}
		return false
	}
	f.dlg.Hide()
	f.s.reload()
	return true
}
