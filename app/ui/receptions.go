package ui

import (
	"errors"
	"fmt"
	"strconv"
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

var receptionCols = columns{widths: []float32{130, 130, 200, 0, 70, 70}}

// receptionScreen lists a month's receptions and records new ones.
type receptionScreen struct {
	mw     *MainWindow
	month  *widget.Select
	months map[string]string
	rows   []store.Reception
	count  *widget.Label
	list   *widget.List
	empty  *fyne.Container // shown instead of an empty list
	root   fyne.CanvasObject
	add    *widget.Button // 新增接待记录
}

func newReceptionScreen(mw *MainWindow) *receptionScreen {
	s := &receptionScreen{mw: mw}
	labels, keys := monthChoices(mw.db.Now(), 120)
	s.months = keys
	s.month = newSelect(labels, func(string) { s.reload() })
	s.month.SetSelected(labels[0])
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	add := widget.NewButtonWithIcon("新增接待记录", theme.ContentAddIcon(), func() { mw.NewReception() })
	add.Importance = widget.HighImportance
	s.add = add
	s.list = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject { return cells(receptionCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := s.rows[i]
			setCells(o.(*fyne.Container), store.FormatDate(r.Day), r.Kind, placeOf(r), strings.Join(r.DeputyNames, "、"),
				strconv.Itoa(r.Visitors)+"人", strconv.Itoa(r.CaseCount)+"件")
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.rows) {
			mw.ShowReception(s.rows[i].ID)
		}
	}
	header := cells(receptionCols, true)
	setCells(header, "接待日期", "方式", "站点／地点", "到场代表", "人数", "事项")
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("接待记录"), container.NewHBox(s.month, add)),
		container.NewBorder(nil, nil, nil, s.count, hintLabel("点击一行查看这次接待反映的事项。纸质登记表按编号顺序录入即可。")),
		container.NewPadded(header),
		widget.NewSeparator(),
	)
	// An empty month says what to do next and offers the button.
	emptyAdd := widget.NewButtonWithIcon("新增接待记录", theme.ContentAddIcon(), func() { mw.NewReception() })
	emptyAdd.Importance = widget.HighImportance
	s.empty = container.NewCenter(container.NewVBox(
		widget.NewLabel("这个月还没有接待记录。把纸质接待登记表按编号顺序录入，或从值班表中的一次值班开始。"),
		container.NewCenter(emptyAdd)))
	s.empty.Hide()
	s.root = container.NewPadded(container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, s.empty)))
	return s
}

func placeOf(r store.Reception) string {
	switch {
	case r.StationNm != "" && r.Place != "":
		return r.StationNm + "（" + r.Place + "）"
	case r.StationNm != "":
		return r.StationNm
	}
	return r.Place
}

func (s *receptionScreen) view() fyne.CanvasObject { return s.root }

func (s *receptionScreen) reload() {
	if s.list == nil {
		return
	}
	m := s.months[s.month.Selected]
	rs, err := s.mw.db.Receptions(s.mw.ctx, store.ReceptionFilter{From: m + "-01", To: m + "-31"})
	if err != nil {
		showError(s.mw.win, "读取接待记录", err)
		return
	}
	s.rows = rs
	visitors, cases := 0, 0
	for _, r := range rs {
		visitors += r.Visitors
		cases += r.CaseCount
	}
	s.count.SetText(fmt.Sprintf("共 %d 场，%d 人次，%d 件", len(rs), visitors, cases))
	if len(rs) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	s.list.Refresh()
}

// ShowReception shows one reception and its cases; a case opens on tap,
// 修改 opens the reception's form with everything kept.
func (mw *MainWindow) ShowReception(id string) {
	r, err := mw.db.Reception(mw.ctx, id)
	if err != nil {
		showError(mw.win, "读取接待记录", err)
		return
	}
	mine, err := mw.receptionCases(r)
	if err != nil {
		showError(mw.win, "读取事项", err)
		return
	}
	info := widget.NewLabel(fmt.Sprintf("%s　%s　%s\n到场代表：%s\n接待 %d 人次　%s", store.FormatDate(r.Day), r.Kind, placeOf(r),
		strings.Join(r.DeputyNames, "、"), r.Visitors, r.Notes))
	info.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	list := widget.NewList(func() int { return len(mine) },
		func() fyne.CanvasObject { return cells(columns{widths: []float32{96, 70, 64, 0}}, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := mine[i]
			setCells(o.(*fyne.Container), c.No, c.VisitorName, c.Status, c.Content)
		})
	list.OnSelected = func(i widget.ListItemID) {
		list.UnselectAll()
		d.Hide()
		mw.OpenCase(mine[i].ID)
	}
	remove := widget.NewButtonWithIcon("删除这次接待", theme.DeleteIcon(), func() {
		impact := ""
		if len(mine) > 0 {
			impact = fmt.Sprintf("这次接待登记的 %d 件群众反映事项会一并放入回收站", len(mine))
		}
		mw.askDelete("删除接待记录", store.FormatDate(r.Day)+"的"+r.Kind+"记录", impact, func() {
			d.Hide()
			if err := mw.db.DeleteReception(mw.ctx, id); err != nil {
				showError(mw.win, "删除接待记录", err)
				return
			}
			mw.changed(ScreenReceptions, ScreenCases, ScreenDashboard)
			mw.notify("已删除" + store.FormatDate(r.Day) + "的接待记录，可在回收站恢复")
		})
	})
	remove.Importance = widget.DangerImportance
	edit := widget.NewButtonWithIcon("修改这次接待", theme.DocumentCreateIcon(), func() {
		d.Hide()
		mw.EditReception(id)
	})
	edit.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons("接待记录", container.NewBorder(info, nil, nil, nil, container.New(minHeight{300}, list)), mw.win)
	d.SetButtons([]fyne.CanvasObject{remove, widget.NewButtonWithIcon("关闭", theme.CancelIcon(), func() { d.Hide() }), edit})
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// receptionCases lists the cases recorded at a reception, oldest first.
func (mw *MainWindow) receptionCases(r store.Reception) ([]store.Case, error) {
	cs, err := mw.db.Cases(mw.ctx, store.CaseFilter{From: r.Day, To: r.Day, StationID: r.StationID, Oldest: true})
	if err != nil {
		return nil, err
	}
	var mine []store.Case
	for _, c := range cs {
		if c.ReceptionID == r.ID {
			mine = append(mine, c)
		}
	}
	return mine, nil
}

// ReceptionForm records a reception and the cases raised at it, with the
// fields numbered as on the paper 接待登记表; opened on a saved reception it
// edits it, keeping its cases and adding any new ones.
type ReceptionForm struct {
	mw     *MainWindow
	dlg    *dialog.CustomDialog
	fields *fieldSet

	Day      *widget.Entry
	Kind     *widget.Select
	Station  *widget.Select
	Place    *widget.Entry
	Duty     *widget.Select
	deputies *checklist
	Visitors *widget.Entry
	Notes    *widget.Entry
	Cases    []*CaseEntry
	caseBox  *fyne.Container
	Save     *widget.Button
	Cancel   *widget.Button

	stationIDs map[string]string
	duties     map[string]string // label → duty ID
	editing    *store.Reception  // the saved reception being edited
	kept       []store.Case      // its cases, kept as they are
	pristine   string            // the form as opened, to tell whether anything was typed
	// AddCaseBtn adds a case block below the others.
	AddCaseBtn *widget.Button
	rules      cases.Rules
	// Saved is the reception once saved.
	Saved *store.Reception
	// Asked is the question shown when 取消 would drop what was typed.
	Asked *dialog.CustomDialog
}

// CaseEntry is one case block of the reception form.
type CaseEntry struct {
	Name, Phone, Village, IDNo *widget.Entry
	Category, Disposition      *widget.Select
	Content                    *widget.Entry
	// Unit is the 主办 unit, Assist the 协办 one.
	Unit, Assist, Deadline, Answer *widget.Entry
}

const noStation = "（不在站点）"

// CheckDeputy ticks a deputy as present, for tests.
func (f *ReceptionForm) CheckDeputy(id string, on bool) { f.deputies.set(id, on) }

// NewReception opens the form for a new reception.
func (mw *MainWindow) NewReception() *ReceptionForm {
	f := mw.receptionForm(nil, nil)
	f.AddCase()
	f.fromTodaysDuty()
	f.open("新增接待记录")
	mw.lastReception = f
	return f
}

// fromTodaysDuty fills in the station of today's first duty, which brings
// in its deputies: on a 接待日 the form opens ready for the visitors.
func (f *ReceptionForm) fromTodaysDuty() {
	today := calendar.Today(f.mw.db.Now())
	ds, err := f.mw.db.Duties(f.mw.ctx, store.DutyFilter{From: today, To: today})
	if err != nil || len(ds) == 0 {
		return
	}
	for name, id := range f.stationIDs {
		if id == ds[0].StationID {
			f.Station.SetSelected(name)
			return
		}
	}
}

// EditReception opens a saved reception's form: its date, place, deputies,
// numbers and notes can be changed, its cases are kept (each is changed in
// its own window) and new ones can be added. It returns nil when the
// reception cannot be read.
func (mw *MainWindow) EditReception(id string) *ReceptionForm {
	r, err := mw.db.Reception(mw.ctx, id)
	if err != nil {
		showError(mw.win, "读取接待记录", err)
		return nil
	}
	kept, err := mw.receptionCases(r)
	if err != nil {
		showError(mw.win, "读取事项", err)
		return nil
	}
	f := mw.receptionForm(&r, kept)
	f.open("修改接待记录")
	return f
}

func (mw *MainWindow) receptionForm(r *store.Reception, kept []store.Case) *ReceptionForm {
	f := &ReceptionForm{mw: mw, fields: newFieldSet(), stationIDs: map[string]string{}, duties: map[string]string{}, editing: r, kept: kept}
	f.fields.win = mw.win
	f.Day = widget.NewEntry()
	f.Day.SetText(calendar.Today(mw.db.Now()))
	f.Day.OnChanged = func(string) { f.loadDuties(); f.refreshDeadlineHints() }
	f.Kind = newSelect(store.ReceptionKinds, nil)
	f.Kind.SetSelected(store.ReceptionKinds[0])
	stations, _ := mw.db.Stations(mw.ctx)
	opts := []string{noStation}
	for _, st := range stations {
		opts = append(opts, st.Name)
		f.stationIDs[st.Name] = st.ID
	}
	f.Station = newSelect(opts, func(string) { f.loadDuties() })
	f.Station.PlaceHolder = "请选择联络站点"
	f.Place = widget.NewEntry()
	f.Place.SetPlaceHolder("地点（走访、座谈时填写）")
	f.Duty = newSelect(nil, func(string) { f.fromDuty() })
	f.Duty.PlaceHolder = "从值班安排带入到场代表（可不选）"
	deps, _ := mw.db.Deputies(mw.ctx, store.DeputyFilter{Status: store.StatusActive})
	var items []checkItem
	for _, d := range deps {
		items = append(items, checkItem{id: d.ID, label: d.Name + "　" + d.WorkUnit, hay: d.Name + d.WorkUnit})
	}
	f.deputies = newChecklist(items, nil, "名代表", nil)
	f.Visitors = widget.NewEntry()
	f.Visitors.SetText("1")
	f.Notes = widget.NewEntry()
	f.caseBox = container.NewVBox()
	if r != nil {
		f.fill(*r)
	}
	f.rules, _ = cases.LoadRules(mw.ctx, mw.db, calendar.Today(mw.db.Now()))
	return f
}

// fill puts a saved reception into the form; the deputies come last so a
// duty picked up from the day and station does not overwrite them.
func (f *ReceptionForm) fill(r store.Reception) {
	f.Day.SetText(r.Day)
	f.Kind.SetSelected(r.Kind)
	if r.StationNm != "" {
		f.Station.SetSelected(r.StationNm)
	} else {
		f.Station.SetSelected(noStation)
	}
	for label, id := range f.duties {
		if id == r.DutyID {
			f.Duty.SetSelected(label)
		}
	}
	if r.DutyID == "" {
		f.Duty.ClearSelected()
	}
	f.Place.SetText(r.Place)
	for _, id := range f.deputies.ids() {
		f.deputies.set(id, false)
	}
	for _, id := range r.DeputyIDs {
		f.deputies.set(id, true)
	}
	f.deputies.list.Refresh()
	f.Visitors.SetText(strconv.Itoa(r.Visitors))
	f.Notes.SetText(r.Notes)
}

func (f *ReceptionForm) open(title string) {
	num := ledger.FieldLabel
	f.AddCaseBtn = widget.NewButtonWithIcon("添加一件反映事项", theme.ContentAddIcon(), func() {
		// The new block comes into view with the cursor in its first field,
		// so the secretary goes on typing without scrolling.
		f.AddCase()
		f.fields.relayout()
		f.fields.reveal(fieldKey(len(f.Cases), "VisitorName"))
	})
	saveLabel := "保存接待记录和事项"
	if f.editing != nil {
		saveLabel = "保存修改"
	}
	f.Save = widget.NewButtonWithIcon(saveLabel, theme.DocumentSaveIcon(), f.save)
	f.Save.Importance = widget.HighImportance
	f.Cancel = widget.NewButtonWithIcon("取消", theme.CancelIcon(), f.cancel)
	form := formGrid(
		f.fields.row("Day", num("接待日期"), true, f.Day),
		f.fields.row("Kind", num("接待方式"), true, f.Kind),
		f.fields.row("StationID", num("联络站点／地点"), false, container.NewVBox(f.Station, f.Place, f.Duty)),
		f.fields.row("DeputyIDs", num("到场代表"), true, f.deputies.view(160)),
		f.fields.row("Visitors", num("接待人数"), true, f.Visitors),
		f.fields.row("Notes", num("备注"), false, f.Notes),
	)
	// The reception on the left, its cases on the right: on a 1366×768
	// screen both are in view, and only the cases scroll.
	body := container.NewVBox()
	if f.editing != nil {
		body.Add(f.keptBox())
	}
	body.Add(f.caseBox)
	body.Add(f.AddCaseBtn)
	scroll := container.NewVScroll(body)
	f.fields.root = scroll
	left := container.NewVScroll(limitWidth(400, form))
	left.SetMinSize(fyne.NewSize(400, 0))
	// The result of 保存 is shown beside it, where the eye is.
	footer := container.NewBorder(nil, nil, nil, container.NewHBox(f.Cancel, f.Save), f.fields.summary)
	f.dlg = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, footer, container.NewHBox(left, widget.NewSeparator()), nil,
		container.New(minHeight{480}, scroll)), f.mw.win)
	f.dlg.Resize(fyne.NewSize(1240, 680))
	f.pristine = f.snapshot()
	f.dlg.Show()
}

// keptBox lists the saved reception's cases, which the form keeps.
func (f *ReceptionForm) keptBox() fyne.CanvasObject {
	if len(f.kept) == 0 {
		return widget.NewLabel("这次接待还没有登记反映事项；可在下面添加。")
	}
	box := container.NewVBox(widget.NewLabelWithStyle(fmt.Sprintf("已登记的反映事项（%d件，保存时原样保留；要改某件请在事项窗口中改）", len(f.kept)),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, c := range f.kept {
		l := widget.NewLabel(fmt.Sprintf("%s　%s　%s　%s", c.No, c.VisitorName, c.Status, c.Content))
		l.Truncation = fyne.TextTruncateEllipsis
		box.Add(l)
	}
	return box
}

// snapshot is everything typed, to tell a touched form from an untouched one.
func (f *ReceptionForm) snapshot() string {
	parts := []string{f.Day.Text, f.Kind.Selected, f.Station.Selected, f.Place.Text, f.Duty.Selected,
		strings.Join(f.deputies.ids(), ","), f.Visitors.Text, f.Notes.Text}
	for _, e := range f.Cases {
		parts = append(parts, e.Name.Text, e.Phone.Text, e.Village.Text, e.IDNo.Text, e.Category.Selected, e.Content.Text,
			e.Disposition.Selected, e.Unit.Text, e.Assist.Text, e.Deadline.Text, e.Answer.Text)
	}
	return strings.Join(parts, "\x00")
}

// cancel closes the form, asking first when something was typed.
func (f *ReceptionForm) cancel() {
	if f.snapshot() == f.pristine {
		f.dlg.Hide()
		return
	}
	msg := widget.NewLabel("这张登记表里填写的内容还没有保存。关闭后这些内容会丢失。")
	msg.Wrapping = fyne.TextWrapWord
	f.Asked = dialog.NewCustomWithoutButtons("放弃未保存的内容？", msg, f.mw.win)
	drop := widget.NewButtonWithIcon("放弃并关闭", theme.DeleteIcon(), func() {
		f.Asked.Hide()
		f.dlg.Hide()
	})
	drop.Importance = widget.DangerImportance
	keep := widget.NewButtonWithIcon("继续填写", theme.DocumentCreateIcon(), func() { f.Asked.Hide() })
	keep.Importance = widget.HighImportance
	f.Asked.SetButtons([]fyne.CanvasObject{drop, keep})
	f.Asked.Resize(fyne.NewSize(460, 200))
	f.Asked.Show()
}

// AddCase adds an empty case block (fields numbered as on paper).
func (f *ReceptionForm) AddCase() *CaseEntry {
	num := ledger.FieldLabel
	cats, _ := f.mw.db.Categories(f.mw.ctx)
	e := &CaseEntry{Name: widget.NewEntry(), Phone: widget.NewEntry(), Village: widget.NewEntry(), IDNo: widget.NewEntry(),
		Category: newSelect(cats, nil), Disposition: newSelect(store.Dispositions, nil), Content: widget.NewMultiLineEntry(),
		Unit: widget.NewEntry(), Assist: widget.NewEntry(), Deadline: widget.NewEntry(), Answer: widget.NewMultiLineEntry()}
	e.Category.PlaceHolder = "请选择类别"
	e.Content.SetMinRowsVisible(3)
	e.Answer.SetMinRowsVisible(2)
	e.Disposition.SetSelected(store.DispOnSpot)
	e.Disposition.OnChanged = func(string) { f.refreshDeadlineHints() }
	e.Phone.SetPlaceHolder("11位手机号，或带区号的固定电话")
	e.Unit.SetPlaceHolder("主办单位")
	e.Assist.SetPlaceHolder("协办单位（可不填）")
	f.Cases = append(f.Cases, e)
	n := len(f.Cases)
	fs := f.fields
	title := widget.NewLabelWithStyle(fmt.Sprintf("反映事项（第%d件）", n), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if f.editing != nil {
		title.SetText(fmt.Sprintf("新增的反映事项（第%d件）", n))
	}
	// Two columns for the short fields, so a whole case fits the window
	// of a 1366×768 screen without scrolling; the paper's numbers stay.
	short := container.NewGridWithColumns(2,
		formGrid(fs.rowAt(n, "VisitorName", num("反映人"), true, e.Name),
			fs.rowAt(n, "VisitorVillage", num("村（社区）"), false, e.Village),
			fs.rowAt(n, "Category", num("类别"), true, e.Category),
			fs.rowAt(n, "Disposition", num("办理方式"), true, e.Disposition)),
		formGrid(fs.rowAt(n, "VisitorPhone", num("联系电话"), false, e.Phone),
			fs.rowAt(n, "VisitorID", num("身份证号（可不填）"), false, e.IDNo),
			fs.rowAt(n, "Deadline", num("办理时限"), false, e.Deadline)))
	f.caseBox.Add(container.NewVBox(title, short, formGrid(
		fs.rowAt(n, "Content", num("反映内容"), true, e.Content),
		fs.rowAt(n, "Handlers", num("承办单位（主办／协办）"), false, container.NewGridWithColumns(2, e.Unit, e.Assist)),
		fs.rowAt(n, "Text", num("当场答复或办理情况"), false, e.Answer),
	), widget.NewSeparator()))
	f.refreshDeadlineHints()
	return e
}

// refreshDeadlineHints shows in each case's 办理时限 the default it gets
// when left empty.
func (f *ReceptionForm) refreshDeadlineHints() {
	day, ok := store.ParseDate(f.Day.Text)
	for _, e := range f.Cases {
		hint := "当场答复的事项不设时限"
		if d := f.rules.Deadline(e.Disposition.Selected, day); ok && d != "" {
			hint = fmt.Sprintf("不填则为%d个工作日后：%s", f.rules.Days[e.Disposition.Selected], d)
		}
		e.Deadline.SetPlaceHolder(hint)
	}
}

func (f *ReceptionForm) loadDuties() {
	if f.Duty == nil {
		return
	}
	f.duties = map[string]string{}
	var opts []string
	day, ok := store.ParseDate(f.Day.Text)
	if id := f.stationIDs[f.Station.Selected]; ok && id != "" {
		ds, err := f.mw.db.Duties(f.mw.ctx, store.DutyFilter{StationID: id, From: day, To: day})
		if err == nil {
			for _, d := range ds {
				label := fmt.Sprintf("%s %s–%s 值班", store.FormatDate(d.Date), d.From, d.To)
				f.duties[label] = d.ID
				opts = append(opts, label)
			}
		}
	}
	f.Duty.Options = opts
	f.Duty.ClearSelected()
	if len(opts) == 1 {
		f.Duty.SetSelected(opts[0])
	}
}

// fromDuty ticks the deputies who came to the chosen duty.
func (f *ReceptionForm) fromDuty() {
	id := f.duties[f.Duty.Selected]
	if id == "" {
		return
	}
	r, err := f.mw.db.ReceptionForDuty(f.mw.ctx, id)
	if err != nil {
		showError(f.mw.win, "读取值班安排", err)
		return
	}
	for _, did := range f.deputies.ids() {
		f.deputies.set(did, false)
	}
	for _, did := range r.DeputyIDs {
		f.deputies.set(did, true)
	}
	f.deputies.list.Refresh()
	f.Kind.SetSelected("接待日")
}

func (f *ReceptionForm) save() {
	visitors, err := strconv.Atoi(strings.TrimSpace(store.Normalize(f.Visitors.Text)))
	if err != nil {
		f.fields.show(&store.ValidationError{Errors: []store.FieldError{{Field: "Visitors", Label: "接待人数", Message: "请填写整数"}}})
		return
	}
	r := &store.Reception{Kind: f.Kind.Selected, Day: f.Day.Text, StationID: f.stationIDs[f.Station.Selected], Place: f.Place.Text,
		DeputyIDs: f.deputies.ids(), Visitors: visitors, Notes: f.Notes.Text, DutyID: f.duties[f.Duty.Selected]}
	if f.editing != nil {
		r.ID = f.editing.ID
	}
	var records []*store.CaseRecord
	secretary := f.mw.secretary()
	day, _ := store.ParseDate(f.Day.Text)
	var blocks []int
	for i, e := range f.Cases {
		if strings.TrimSpace(e.Name.Text+e.Content.Text) == "" {
			continue // an untouched block
		}
		blocks = append(blocks, i+1)
		records = append(records, f.rules.Record(day, cases.Intake{Case: store.Case{VisitorName: e.Name.Text, VisitorPhone: e.Phone.Text,
			VisitorVillage: e.Village.Text, VisitorID: e.IDNo.Text, Category: e.Category.Selected, Content: e.Content.Text,
			Disposition: e.Disposition.Selected, Deadline: e.Deadline.Text},
			Secretary: secretary, Lead: e.Unit.Text, Assist: e.Assist.Text, Answer: e.Answer.Text}))
	}
	if err := f.mw.db.RecordReception(f.mw.ctx, r, records); err != nil {
		// The store counts the cases it was given; the form counts its blocks.
		var ve *store.ValidationError
		if errors.As(err, &ve) {
			for i := range ve.Errors {
				if it := ve.Errors[i].Item; it > 0 && it <= len(blocks) {
					ve.Errors[i].Item = blocks[it-1]
				}
			}
		}
		if !f.fields.show(err) {
			showError(f.mw.win, "保存接待记录", err)
		}
		return
	}
	f.Saved = r
	f.dlg.Hide()
	f.mw.changed(ScreenReceptions, ScreenCases, ScreenDashboard, ScreenRoster)
	what := "已保存" + store.FormatDate(r.Day) + "的接待记录"
	if len(records) > 0 {
		what += fmt.Sprintf("和 %d 件反映事项", len(records))
	}
	f.mw.notify(what)
}
