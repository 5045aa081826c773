package ui

import (
	"bytes"
	"deputydesk/app/atomicfile"
	"deputydesk/store/calendar"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	rosterreport "deputydesk/app/report/roster"
	"deputydesk/app/roster"
	"deputydesk/store"
)

// ScreenRoster is the 值班表 screen's name.
const ScreenRoster = "roster"

func init() {
	registerScreen(screenDef{name: ScreenRoster, label: "值班表", order: 40, icon: theme.CalendarIcon,
		make: func(mw *MainWindow) screen { return newRosterScreen(mw) }})
}

var rosterCols = columns{widths: []float32{130, 70, 100, 190, 0, 110}}

// rosterScreen is the 值班表: a month of duties per station, with the
// station's reception-day rule, generation, edits, attendance and leave.
type rosterScreen struct {
	mw *MainWindow
	// genNext generates next month's roster in one tap.
	genNext *widget.Button

	month    calendar.Month // the month shown
	stations []store.Station
	names    map[string]string // deputy ID → name
	rows     []store.Duty

	stationSel *widget.Select
	monthLabel *widget.Label
	ruleLabel  *widget.Label
	count      *widget.Label
	list       *widget.List
	root       fyne.CanvasObject

	// The dialogs last opened, for tests.
	ruleForm  *RuleForm
	genDialog *GenerateDialog
	dutyForm  *DutyForm
	leaveForm *LeaveForm
}

func newRosterScreen(mw *MainWindow) *rosterScreen {
	s := &rosterScreen{mw: mw, names: map[string]string{}}
	s.month = calendar.MonthOf(mw.db.Now())
	s.stationSel = newSelect(nil, func(string) { s.apply() })
	s.monthLabel = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { s.SetMonth(s.month.Prev()) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { s.SetMonth(s.month.Next()) })
	s.ruleLabel = widget.NewLabel("")
	s.ruleLabel.Wrapping = fyne.TextWrapWord
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})

	rule := widget.NewButtonWithIcon("接待日规则", theme.SettingsIcon(), func() { s.EditRule() })
	// The monthly task is one button; other periods go through the dialog.
	s.genNext = widget.NewButtonWithIcon("生成下月值班表", theme.ViewRefreshIcon(), func() { s.GenerateNextMonth() })
	s.genNext.Importance = widget.HighImportance
	gen := widget.NewButtonWithIcon("按时段生成", theme.ViewRefreshIcon(), func() { s.OpenGenerate() })
	leave := widget.NewButtonWithIcon("请假/外出登记", theme.ContentAddIcon(), func() { s.OpenLeave() })
	pdf := widget.NewButtonWithIcon("导出PDF", theme.DocumentPrintIcon(), func() { s.askExport(".pdf") })
	xlsx := widget.NewButtonWithIcon("导出Excel", theme.DocumentSaveIcon(), func() { s.askExport(".xlsx") })
	ics := widget.NewButtonWithIcon("导出日历", theme.MailSendIcon(), s.askCalendar)
	holidays := widget.NewButtonWithIcon("节假日", theme.CalendarIcon(), func() { s.OpenHolidays() })

	s.list = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject { return cells(rosterCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d := s.rows[i]
			setCells(o.(*fyne.Container), store.FormatDate(d.Date), roster.Weekday(d.Date),
				store.ShortClock(d.From)+"–"+store.ShortClock(d.To), s.stationName(d.StationID), s.deputiesText(d), dutyState(d))
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.rows) {
			s.OpenDuty(s.rows[i].ID)
		}
	}
	header := cells(rosterCols, true)
	setCells(header, "日期", "星期", "时间", "站点", "值班代表（到岗情况）", "状态")
	hint := hintLabel("点击一次值班可换人或登记到岗情况。手工调整过和已接待的值班在重新生成时保留。")
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("值班表"), container.NewHBox(s.genNext, rule, holidays, gen, leave, pdf, xlsx, ics)),
		container.NewBorder(nil, nil, container.NewHBox(prev, limitWidth(130, s.monthLabel), next, container.New(minWidth{260}, s.stationSel)), s.count, s.ruleLabel),
		container.NewPadded(header),
		widget.NewSeparator(),
	)
	s.root = container.NewPadded(container.NewBorder(top, hint, nil, nil, s.list))
	return s
}

func (s *rosterScreen) view() fyne.CanvasObject { return s.root }

func dutyState(d store.Duty) string {
	var parts []string
	if d.Held {
		parts = append(parts, "已接待")
	}
	if d.HandEdited {
		parts = append(parts, "手工调整")
	}
	return strings.Join(parts, "、")
}

func (s *rosterScreen) stationName(id string) string {
	for _, st := range s.stations {
		if st.ID == id {
			return st.Name
		}
	}
	return ""
}

func (s *rosterScreen) deputiesText(d store.Duty) string {
	parts := make([]string, len(d.DeputyIDs))
	for i, id := range d.DeputyIDs {
		parts[i] = s.names[id]
		if m, ok := d.Marks[id]; ok {
			if m.Status == store.AttendSubstituted {
				parts[i] += "（" + s.names[m.SubstituteID] + "替班）"
			} else {
				parts[i] += "（" + m.Status + "）"
			}
		}
	}
	if len(parts) == 0 {
		return "（未安排）"
	}
	return strings.Join(parts, "、")
}

// selectedStation returns the chosen station's ID, "" for all.
func (s *rosterScreen) selectedStation() string {
	for _, st := range s.stations {
		if st.Name == s.stationSel.Selected {
			return st.ID
		}
	}
	return ""
}

// SelectStation picks a station by name ("" for all).
func (s *rosterScreen) SelectStation(name string) {
	if name == "" {
		name = allCaseStations
	}
	s.stationSel.SetSelected(name)
}

// SetMonth shows month m.
func (s *rosterScreen) SetMonth(m calendar.Month) {
	s.month = m
	s.apply()
}

func (s *rosterScreen) reload() {
	sts, err := s.mw.db.Stations(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取联络站", err)
		return
	}
	deps, err := s.mw.db.Deputies(s.mw.ctx, store.DeputyFilter{})
	if err != nil {
		showError(s.mw.win, "读取代表", err)
		return
	}
	s.stations = sts
	s.names = map[string]string{}
	for _, d := range deps {
		s.names[d.ID] = d.Name
	}
	opts := []string{allCaseStations}
	for _, st := range sts {
		opts = append(opts, st.Name)
	}
	cur := s.stationSel.Selected
	s.stationSel.Options = opts
	if !slices.Contains(opts, cur) {
		cur = allCaseStations
	}
	s.stationSel.Selected = cur
	s.stationSel.Refresh()
	s.apply()
}

func (s *rosterScreen) apply() {
	s.monthLabel.SetText(s.month.Chinese())
	from, to := s.month.FirstDay(), s.month.LastDay()
	stationID := s.selectedStation()
	rows, err := s.mw.db.Duties(s.mw.ctx, store.DutyFilter{StationID: stationID, From: from, To: to})
	if err != nil {
		showError(s.mw.win, "读取值班表", err)
		return
	}
	s.rows = rows
	switch stationID {
	case "":
		s.ruleLabel.SetText("选择一个站点可查看和设置它的接待日规则。")
	default:
		r, err := s.mw.db.RosterRule(s.mw.ctx, stationID)
		if err != nil {
			s.ruleLabel.SetText("接待日规则：尚未设置，请点“接待日规则”。")
		} else {
			s.ruleLabel.SetText("接待日规则：" + r.Describe())
		}
	}
	s.count.SetText("本月 " + strconv.Itoa(len(rows)) + " 次接待")
	s.list.Refresh()
}

// RuleForm edits one station's reception-day rule.
type RuleForm struct {
	s       *rosterScreen
	station store.Station
	fields  *fieldSet
	dlg     *dialog.CustomDialog

	kind, weekday, nth *widget.Select
	days, dates        *widget.Entry
	from, to, per      *widget.Entry
	holiday            *widget.RadioGroup
	rows               map[string][]fyne.CanvasObject // label and value cells by field
	save               *widget.Button
}

var nthLabels = []string{"第一个", "第二个", "第三个", "第四个", "第五个", "最后一个"}

const (
	holidayNextText = "顺延至下一个工作日"
	holidaySkipText = "取消当次接待"
)

// EditRule opens the rule form for the selected station.
func (s *rosterScreen) EditRule() *RuleForm {
	id := s.selectedStation()
	if id == "" {
		showInfo("接待日规则", "请先在上方选择一个站点。", s.mw.win)
		return nil
	}
	st, err := s.mw.db.Station(s.mw.ctx, id)
	if err != nil {
		showError(s.mw.win, "读取联络站", err)
		return nil
	}
	r, err := s.mw.db.RosterRule(s.mw.ctx, id)
	if err != nil {
		r = store.RosterRule{Kind: store.RuleMonthlyNth, Nth: 1, Weekday: time.Friday, From: "09:00", To: "11:30", PerDuty: 2, HolidayPolicy: store.HolidayNext}
	}
	f := &RuleForm{s: s, station: st, fields: newFieldSet(), rows: map[string][]fyne.CanvasObject{}}
	var kinds []string
	for _, k := range store.RuleKinds {
		kinds = append(kinds, k.Label())
	}
	f.kind = newSelect(kinds, func(string) { f.sync() })
	f.weekday = newSelect(store.WeekdayNames[1:], nil)
	f.weekday.Options = append(f.weekday.Options, store.WeekdayNames[0])
	f.nth = newSelect(nthLabels, nil)
	f.days = widget.NewEntry()
	f.days.SetPlaceHolder("如：5, 20")
	f.dates = widget.NewMultiLineEntry()
	f.dates.SetPlaceHolder("每行一个日期，如 2026-12-04")
	f.from, f.to, f.per = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.holiday = widget.NewRadioGroup([]string{holidayNextText, holidaySkipText}, nil)
	f.holiday.Horizontal = true

	f.kind.SetSelected(r.Kind.Label())
	f.weekday.SetSelected(store.WeekdayNames[r.Weekday])
	if r.Nth == store.LastWeek {
		f.nth.SetSelected(nthLabels[5])
	} else if r.Nth >= 1 {
		f.nth.SetSelected(nthLabels[r.Nth-1])
	}
	var days []string
	for _, d := range r.Days {
		days = append(days, strconv.Itoa(d))
	}
	f.days.SetText(strings.Join(days, ", "))
	f.dates.SetText(strings.Join(r.Dates, "\n"))
	f.from.SetText(store.ShortClock(r.From))
	f.to.SetText(store.ShortClock(r.To))
	f.per.SetText(strconv.Itoa(r.PerDuty))
	if r.HolidayPolicy == store.HolidaySkip {
		f.holiday.SetSelected(holidaySkipText)
	} else {
		f.holiday.SetSelected(holidayNextText)
	}

	fs := f.fields
	row := func(key string, cells []fyne.CanvasObject) []fyne.CanvasObject {
		f.rows[key] = cells
		return cells
	}
	grid := formGrid(
		fs.row("Kind", "规则类型", true, f.kind),
		row("Nth", fs.row("Nth", "第几个", true, f.nth)),
		row("Weekday", fs.row("Weekday", "星期", true, f.weekday)),
		row("Days", fs.row("Days", "每月日期", true, f.days)),
		row("Dates", fs.row("Dates", "指定日期", true, f.dates)),
		fs.row("From", "开始时间", true, f.from),
		fs.row("To", "结束时间", true, f.to),
		fs.row("PerDuty", "每次人数", true, f.per),
		fs.row("HolidayPolicy", "遇法定节假日", true, f.holiday),
	)
	hint := hintLabel("法定节假日和调休上班日按国务院放假通知计算；新一年的放假安排点值班表上方的“节假日”按钮补录。")
	fs.root = container.NewVScroll(container.NewPadded(container.NewVBox(hint, fs.summary, grid)))
	f.sync()
	f.dlg = dialog.NewCustomWithoutButtons("接待日规则 · "+st.Name, fs.root, s.mw.win)
	f.save = widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), f.Save)
	f.save.Importance = widget.HighImportance
	f.dlg.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon("取消", theme.CancelIcon(), func() { f.dlg.Hide() }), f.save})
	f.dlg.Resize(fyne.NewSize(640, 560))
	f.dlg.Show()
	s.ruleForm = f
	return f
}

func (f *RuleForm) selectedKind() store.RuleKind {
	for _, k := range store.RuleKinds {
		if k.Label() == f.kind.Selected {
			return k
		}
	}
	return ""
}

// sync shows only the fields the chosen kind uses.
func (f *RuleForm) sync() {
	k := f.selectedKind()
	show := map[string]bool{
		"Nth":     k == store.RuleMonthlyNth,
		"Weekday": k == store.RuleMonthlyNth || k == store.RuleWeekly,
		"Days":    k == store.RuleMonthDays,
		"Dates":   k == store.RuleDates,
	}
	for key, cells := range f.rows {
		for _, c := range cells {
			if show[key] {
				c.Show()
			} else {
				c.Hide()
			}
		}
	}
	f.fields.relayout()
}

// Save validates and stores the rule; errors appear next to the fields.
func (f *RuleForm) Save() {
	r := store.RosterRule{StationID: f.station.ID, Kind: f.selectedKind(), From: f.from.Text, To: f.to.Text, HolidayPolicy: store.HolidayNext}
	if f.holiday.Selected == holidaySkipText {
		r.HolidayPolicy = store.HolidaySkip
	}
	r.Weekday = time.Weekday(slices.Index(store.WeekdayNames[:], f.weekday.Selected))
	if i := slices.Index(nthLabels, f.nth.Selected); i == 5 {
		r.Nth = store.LastWeek
	} else {
		r.Nth = i + 1
	}
	var bad []string
	for _, p := range strings.FieldsFunc(store.Normalize(f.days.Text), func(c rune) bool { return strings.ContainsRune(",，、 ", c) }) {
		n, err := strconv.Atoi(strings.TrimSuffix(p, "日"))
		if err != nil {
			bad = append(bad, p)
			continue
		}
		r.Days = append(r.Days, n)
	}
	r.Dates = strings.FieldsFunc(f.dates.Text, func(c rune) bool { return strings.ContainsRune("\n,，、 ", c) })
	r.PerDuty, _ = strconv.Atoi(store.Normalize(f.per.Text))
	var err error
	if len(bad) > 0 && r.Kind == store.RuleMonthDays {
		err = &store.ValidationError{Errors: []store.FieldError{{Field: "Days", Label: "每月日期", Message: "“" + strings.Join(bad, "、") + "”不是日期数字，应如 5, 20"}}}
	} else {
		err = f.s.mw.db.SaveRosterRule(f.s.mw.ctx, &r)
	}
	if err != nil {
		if !f.fields.show(err) {
			showError(f.s.mw.win, "保存接待日规则", err)
		}
		return
	}
	f.dlg.Hide()
	f.s.mw.changed()
}

// GenerateDialog asks for a period, shows what generation would change and
// saves it on request.
type GenerateDialog struct {
	s        *rosterScreen
	from, to *widget.Entry
	summary  *widget.Label
	lines    *widget.Label
	dlg      *dialog.CustomDialog
	Result   roster.Result
	fields   *fieldSet
}

// OpenGenerate opens the generation dialog for the shown month onwards
// (three months by default), for the selected station or all.
func (s *rosterScreen) OpenGenerate() *GenerateDialog {
	g := &GenerateDialog{s: s, fields: newFieldSet()}
	g.from, g.to = widget.NewEntry(), widget.NewEntry()
	g.from.SetText(s.month.FirstDay())
	g.to.SetText(s.month.Add(2).LastDay())
	g.summary = widget.NewLabel("先点“试算”查看将作的变动，确认后点“生成并保存”。手工调整过和已接待的值班不会改动。")
	g.summary.Wrapping = fyne.TextWrapWord
	g.lines = widget.NewLabel("")
	g.lines.Wrapping = fyne.TextWrapWord
	scope := "全部站点"
	if id := s.selectedStation(); id != "" {
		scope = s.stationName(id)
	}
	grid := formGrid(g.fields.row("From", "开始日期", true, g.from), g.fields.row("To", "结束日期", true, g.to))
	body := container.NewBorder(container.NewVBox(widget.NewLabel("范围："+scope), g.fields.summary, grid, g.summary), nil, nil, nil,
		container.NewVScroll(g.lines))
	g.fields.root = body
	g.dlg = dialog.NewCustomWithoutButtons("生成值班表", body, s.mw.win)
	try := widget.NewButton("试算", func() { g.Run(true) })
	save := widget.NewButtonWithIcon("生成并保存", theme.ConfirmIcon(), func() { g.Run(false) })
	save.Importance = widget.HighImportance
	g.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton("关闭", func() { g.dlg.Hide() }), try, save})
	g.dlg.Resize(fyne.NewSize(820, 600))
	g.dlg.Show()
	s.genDialog = g
	return g
}

// GenerateNextMonth generates and saves next month's roster for the station
// chosen (or all) and shows that month: the month's routine in one tap.
// Duties changed by hand or already received are kept, as in the dialog.
func (s *rosterScreen) GenerateNextMonth() {
	m := calendar.MonthOf(s.mw.db.Now()).Next()
	opt := roster.Options{From: m.FirstDay(), To: m.LastDay()}
	if id := s.selectedStation(); id != "" {
		opt.StationIDs = []string{id}
	}
	res, err := roster.Generate(s.mw.ctx, s.mw.db, opt)
	if err != nil {
		showError(s.mw.win, "生成"+m.Chinese()+"值班表", err)
		return
	}
	s.SetMonth(m)
	s.mw.changed()
	text := "已生成" + m.Chinese() + "值班表：" + res.Summary()
	if len(res.Warnings) > 0 {
		text += "。提示：" + strings.Join(res.Warnings, "；")
	}
	s.mw.notify(text)
}

// Run generates (or, with dryRun, only computes) and shows the summary.
func (g *GenerateDialog) Run(dryRun bool) {
	s := g.s
	opt := roster.Options{From: g.from.Text, To: g.to.Text, DryRun: dryRun}
	if id := s.selectedStation(); id != "" {
		opt.StationIDs = []string{id}
	}
	res, err := roster.Generate(s.mw.ctx, s.mw.db, opt)
	if err != nil {
		if !g.fields.show(err) {
			showError(s.mw.win, "生成值班表", err)
		}
		return
	}
	g.fields.clear()
	g.Result = res
	lines := append([]string{}, res.Warnings...)
	for i := range lines {
		lines[i] = "提示：" + lines[i]
	}
	lines = append(lines, res.Lines(s.stationName, func(id string) string { return s.names[id] })...)
	if dryRun {
		g.summary.SetText("试算结果（尚未保存）：" + res.Summary())
	} else {
		g.summary.SetText("已保存：" + res.Summary())
		s.mw.changed()
	}
	g.lines.SetText(strings.Join(lines, "\n"))
}

// DutyForm shows one duty: who is on it, their attendance, and changes.
type DutyForm struct {
	s    *rosterScreen
	duty store.Duty
	dlg  *dialog.CustomDialog
	// Remove moves the duty to the 回收站 after confirmation.
	Remove *widget.Button
	// swapOut, swapIn and swapWith choose the two deputies of a 对调.
	swapOut, swapIn *widget.Select
	swapWith        map[string][2]string
	marks           map[string]*widget.Select
	subs            map[string]*widget.Select
	out             *widget.Select
	in              *widget.Select
	// Warnings from the last replacement, shown before it is saved.
	Warnings []string
	choices  map[string]string // label → deputy ID
}

const notMarked = "未登记"

// OpenDuty opens the duty dialog.
func (s *rosterScreen) OpenDuty(id string) *DutyForm {
	d, err := s.mw.db.Duty(s.mw.ctx, id)
	if err != nil {
		showError(s.mw.win, "读取值班", err)
		return nil
	}
	f := &DutyForm{s: s, duty: d, marks: map[string]*widget.Select{}, subs: map[string]*widget.Select{}}
	f.choices, _ = s.deputyChoices()
	labels := make([]string, 0, len(f.choices))
	for l := range f.choices {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	store.SortChinese(labels, func(s string) string { return s })

	att := container.NewVBox(widget.NewLabelWithStyle("到岗情况（接待后登记）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, dep := range d.DeputyIDs {
		m := newSelect(append([]string{notMarked}, store.AttendanceKinds...), nil)
		sub := newSelect(labels, nil)
		sub.PlaceHolder = "替班代表"
		mark := d.Marks[dep]
		m.SetSelected(notMarked)
		if mark.Status != "" {
			m.SetSelected(mark.Status)
		}
		for l, id := range f.choices {
			if id == mark.SubstituteID && id != "" {
				sub.SetSelected(l)
			}
		}
		m.OnChanged = func(v string) {
			if v == store.AttendSubstituted {
				sub.Enable()
			} else {
				sub.Disable()
			}
		}
		m.OnChanged(m.Selected)
		f.marks[dep], f.subs[dep] = m, sub
		id := dep
		remind := widget.NewButtonWithIcon("复制提醒", theme.ContentCopyIcon(), func() { f.CopyReminder(id) })
		att.Add(container.NewBorder(nil, nil, nil, remind, container.NewGridWithColumns(3, widget.NewLabel(s.names[dep]), m, sub)))
	}
	var onDuty []string
	for _, dep := range d.DeputyIDs {
		onDuty = append(onDuty, s.names[dep])
	}
	f.out = newSelect(onDuty, nil)
	f.out.PlaceHolder = "换下（留空为增加一人）"
	f.in = newSelect(labels, nil)
	f.in.PlaceHolder = "换上的代表"
	replace := widget.NewButton("更换", func() { f.Replace(false) })
	change := container.NewVBox(widget.NewLabelWithStyle("换人", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewBorder(nil, nil, nil, replace, container.NewGridWithColumns(2, f.out, f.in)))
	info := widget.NewLabel(fmt.Sprintf("%s %s（%s）%s–%s  %s", s.stationName(d.StationID), store.FormatDate(d.Date), roster.Weekday(d.Date),
		store.ShortClock(d.From), store.ShortClock(d.To), d.Note))
	info.Wrapping = fyne.TextWrapWord
	// 对调: this duty's deputy and one on another duty of the month trade
	// places, for a deputy who cannot come but can take another day.
	f.swapOut = newSelect(onDuty, nil)
	f.swapOut.PlaceHolder = "本次值班的代表"
	f.swapWith = map[string][2]string{}
	var others []string
	for _, od := range s.rows {
		if od.ID == d.ID {
			continue
		}
		for _, dep := range od.DeputyIDs {
			label := fmt.Sprintf("%s %s — %s", store.FormatDate(od.Date), s.stationName(od.StationID), s.names[dep])
			f.swapWith[label] = [2]string{od.ID, dep}
			others = append(others, label)
		}
	}
	f.swapIn = newSelect(others, nil)
	f.swapIn.PlaceHolder = "与本月另一次值班的代表对调"
	swap := widget.NewButton("对调", f.Swap)
	change.Add(widget.NewLabelWithStyle("与另一次值班对调", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	change.Add(container.NewBorder(nil, nil, nil, swap, container.NewGridWithColumns(2, f.swapOut, f.swapIn)))
	body := container.NewVBox(info, widget.NewSeparator(), att, widget.NewSeparator(), change)
	f.dlg = dialog.NewCustomWithoutButtons("值班安排", container.NewVScroll(body), s.mw.win)
	save := widget.NewButtonWithIcon("保存到岗情况", theme.DocumentSaveIcon(), f.SaveMarks)
	save.Importance = widget.HighImportance
	f.Remove = widget.NewButtonWithIcon("删除这次值班", theme.DeleteIcon(), func() {
		s.mw.askDelete("删除值班安排", fmt.Sprintf("%s %s的值班", s.stationName(d.StationID), store.FormatDate(d.Date)), "", func() {
			f.dlg.Hide()
			if err := s.mw.db.DeleteDuty(s.mw.ctx, d.ID); err != nil {
				showError(s.mw.win, "删除值班安排", err)
				return
			}
			s.mw.changed()
		})
	})
	f.Remove.Importance = widget.DangerImportance
	f.dlg.SetButtons([]fyne.CanvasObject{f.Remove, widget.NewButton("关闭", func() { f.dlg.Hide() }), save})
	f.dlg.Resize(fyne.NewSize(760, 520))
	f.dlg.Show()
	s.dutyForm = f
	return f
}

// deputyChoices labels active deputies 姓名（单位） so namesakes differ.
func (s *rosterScreen) deputyChoices() (map[string]string, error) {
	deps, err := s.mw.db.Deputies(s.mw.ctx, store.DeputyFilter{Status: store.StatusActive})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, d := range deps {
		l := d.Name
		if d.WorkUnit != "" {
			l += "（" + d.WorkUnit + "）"
		}
		if _, dup := out[l]; dup {
			l += " " + d.Phone
		}
		out[l] = d.ID
	}
	return out, nil
}

// CopyReminder puts the deputy's 值班提醒 for the four weeks from this
// duty's date on the clipboard, ready to paste into a text message, and
// returns it.
func (f *DutyForm) CopyReminder(deputyID string) string {
	s := f.s
	start, err := roster.ParseDay(f.duty.Date)
	if err != nil {
		return ""
	}
	text, err := rosterreport.Reminder(s.mw.ctx, s.mw.db, deputyID, start, 4)
	if err != nil {
		showError(s.mw.win, "值班提醒", err)
		return ""
	}
	s.mw.app.Clipboard().SetContent(text)
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("值班提醒已复制，可粘贴到短信或微信", "好", container.NewVScroll(l), s.mw.win)
	d.Resize(fyne.NewSize(640, 360))
	d.Show()
	return text
}

// SaveMarks records the attendance that changed, all in one transaction.
func (f *DutyForm) SaveMarks() {
	s := f.s
	var marks []store.AttendanceMark
	for _, dep := range f.duty.DeputyIDs {
		status := f.marks[dep].Selected
		if status == notMarked {
			status = ""
		}
		sub := ""
		if status == store.AttendSubstituted {
			sub = f.choices[f.subs[dep].Selected]
		}
		old := f.duty.Marks[dep]
		if old.Status == status && old.SubstituteID == sub {
			continue
		}
		marks = append(marks, store.AttendanceMark{DeputyID: dep, Status: status, SubstituteID: sub})
	}
	if err := s.mw.db.MarkAttendances(s.mw.ctx, f.duty.ID, marks); err != nil {
		showError(s.mw.win, "登记到岗情况", err)
		return
	}
	f.dlg.Hide()
	s.mw.changed(ScreenRoster, ScreenDashboard)
	if len(marks) == 0 {
		s.mw.notify("到岗情况没有变化")
	} else {
		s.mw.notify(fmt.Sprintf("已保存%s的到岗情况（%d 人）", store.FormatDate(f.duty.Date), len(marks)))
	}
}

// Replace swaps the chosen deputies. Conflicts (leave, 终止, another duty
// that day, not in the station's groups) are shown first and the change is
// made only when confirmed (or when force is set).
func (f *DutyForm) Replace(force bool) {
	s := f.s
	newID := f.choices[f.in.Selected]
	if newID == "" {
		showInfo("换人", "请选择换上的代表。", s.mw.win)
		return
	}
	oldID := ""
	if i := f.out.SelectedIndex(); i >= 0 {
		oldID = f.duty.DeputyIDs[i]
	}
	if !force {
		warn, err := roster.Warnings(s.mw.ctx, s.mw.db, f.duty, newID)
		if err != nil {
			showError(s.mw.win, "检查冲突", err)
			return
		}
		f.Warnings = warn
		if len(warn) > 0 {
			msg := widget.NewLabel("注意：\n" + strings.Join(warn, "\n") + "\n\n仍要更换吗？")
			msg.Wrapping = fyne.TextWrapWord
			c := dialog.NewCustomConfirm("更换值班代表", "仍要更换", "取消", msg, func(ok bool) {
				if ok {
					f.Replace(true)
				}
			}, s.mw.win)
			c.Resize(fyne.NewSize(520, 280))
			c.Show()
			return
		}
	}
	if _, err := roster.Replace(s.mw.ctx, s.mw.db, f.duty.ID, oldID, newID); err != nil {
		showError(s.mw.win, "更换值班代表", err)
		return
	}
	f.dlg.Hide()
	s.mw.changed()
}

// Swap trades the chosen deputy of this duty with the chosen deputy of
// another duty, then shows any conflicts the new places have.
func (f *DutyForm) Swap() {
	s := f.s
	i := f.swapOut.SelectedIndex()
	other, ok := f.swapWith[f.swapIn.Selected]
	if i < 0 || !ok {
		showInfo("对调", "请选择本次值班的代表和要对调的另一次值班。", s.mw.win)
		return
	}
	warn, err := roster.Swap(s.mw.ctx, s.mw.db, f.duty.ID, f.duty.DeputyIDs[i], other[0], other[1])
	if err != nil {
		showError(s.mw.win, "对调值班", err)
		return
	}
	f.Warnings = warn
	f.dlg.Hide()
	s.mw.changed()
	if len(warn) > 0 {
		showInfo("已对调，请注意", strings.Join(warn, "\n"), s.mw.win)
	}
}

// LeaveForm enters a 请假/外出 period.
type LeaveForm struct {
	s        *rosterScreen
	fields   *fieldSet
	dlg      *dialog.CustomDialog
	deputy   *widget.SelectEntry
	kind     *widget.Select
	from, to *widget.Entry
	reason   *widget.Entry
	choices  map[string]string
	list     *widget.Label
}

// OpenLeave opens the leave form with the month's leave listed under it.
func (s *rosterScreen) OpenLeave() *LeaveForm {
	f := &LeaveForm{s: s, fields: newFieldSet()}
	f.choices, _ = s.deputyChoices()
	labels := make([]string, 0, len(f.choices))
	for l := range f.choices {
		labels = append(labels, l)
	}
	store.SortChinese(labels, func(s string) string { return s })
	f.deputy = widget.NewSelectEntry(labels)
	f.deputy.SetPlaceHolder("输入姓名查找")
	f.deputy.OnChanged = func(q string) {
		var hits []string
		for _, l := range labels {
			if strings.Contains(l, q) {
				hits = append(hits, l)
			}
		}
		f.deputy.SetOptions(hits)
	}
	f.kind = newSelect(store.LeaveKinds, nil)
	f.kind.SetSelected(store.LeaveAbsent)
	f.from, f.to, f.reason = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.from.SetPlaceHolder("如：2026-12-01")
	f.to.SetPlaceHolder("如：2026-12-31")
	f.list = widget.NewLabel("")
	f.list.Wrapping = fyne.TextWrapWord
	f.refreshList()
	fs := f.fields
	grid := formGrid(
		fs.row("DeputyID", "代表", true, f.deputy),
		fs.row("Kind", "类型", true, f.kind),
		fs.row("From", "开始日期", true, f.from),
		fs.row("To", "结束日期", true, f.to),
		fs.row("Reason", "事由", false, f.reason),
	)
	hint := hintLabel("登记后请重新生成值班表：请假/外出期间不会安排值班。")
	body := container.NewBorder(container.NewVBox(hint, fs.summary, grid, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(f.list))
	fs.root = body
	f.dlg = dialog.NewCustomWithoutButtons("请假/外出登记", body, s.mw.win)
	save := widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), f.Save)
	save.Importance = widget.HighImportance
	f.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton("关闭", func() { f.dlg.Hide() }), save})
	f.dlg.Resize(fyne.NewSize(640, 560))
	f.dlg.Show()
	s.leaveForm = f
	return f
}

func (f *LeaveForm) refreshList() {
	s := f.s
	from := s.month.FirstDay()
	ls, err := s.mw.db.Leaves(s.mw.ctx, store.LeaveFilter{From: from, To: s.month.Add(2).LastDay()})
	if err != nil {
		f.list.SetText(store.UserMessage(err))
		return
	}
	if len(ls) == 0 {
		f.list.SetText("本月起三个月内没有请假/外出登记。")
		return
	}
	lines := []string{"本月起三个月内的请假/外出："}
	for _, l := range ls {
		lines = append(lines, fmt.Sprintf("%s %s %s至%s %s", s.names[l.DeputyID], l.Kind, store.FormatDate(l.From), store.FormatDate(l.To), l.Reason))
	}
	f.list.SetText(strings.Join(lines, "\n"))
}

// Save stores the leave period; errors appear next to the fields.
func (f *LeaveForm) Save() {
	l := &store.Leave{DeputyID: f.choices[f.deputy.Text], Kind: f.kind.Selected, From: f.from.Text, To: f.to.Text, Reason: f.reason.Text}
	if err := f.s.mw.db.SaveLeave(f.s.mw.ctx, l); err != nil {
		if !f.fields.show(err) {
			showError(f.s.mw.win, "保存请假/外出", err)
		}
		return
	}
	f.fields.clear()
	f.deputy.SetText("")
	f.from.SetText("")
	f.to.SetText("")
	f.reason.SetText("")
	f.refreshList()
}

// askExport lets the secretary choose where to save the month's roster.
func (s *rosterScreen) askExport(ext string) {
	d := newFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		if err := s.Export(path); err != nil {
			showError(s.mw.win, "导出值班表", err)
			return
		}
		showInfo("导出值班表", "已导出："+filepath.Base(path), s.mw.win)
	}, s.mw.win)
	name := s.month.Chinese() + "值班表" + ext
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Show()
}

// Export writes the shown month's roster for the selected station (or all)
// to path, as PDF or Excel by its extension.
func (s *rosterScreen) Export(path string) error {
	p, err := rosterreport.ParseMonth(s.month.String())
	if err != nil {
		return err
	}
	doc, err := rosterreport.Load(s.mw.ctx, s.mw.db, p, s.selectedStation())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		err = rosterreport.WriteXLSX(&buf, doc)
	default:
		err = rosterreport.WritePDF(&buf, doc, rosterreport.PDFOptions{})
	}
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, buf.Bytes())
}

// minWidth gives its one child at least w of width.
type minWidth struct{ w float32 }

func (m minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	ms := objs[0].MinSize()
	return fyne.NewSize(max(m.w, ms.Width), ms.Height)
}

func (m minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}
