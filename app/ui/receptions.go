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

	"deputydesk/app/ledger"
	"deputydesk/store"
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
	root   fyne.CanvasObject
}

func newReceptionScreen(mw *MainWindow) *receptionScreen {
	s := &receptionScreen{mw: mw}
	labels, keys := monthChoices(mw.db.Now(), 120)
	s.months = keys
	s.month = widget.NewSelect(labels, func(string) { s.reload() })
	s.month.SetSelected(labels[0])
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	add := widget.NewButtonWithIcon("新增接待记录", theme.ContentAddIcon(), func() { mw.NewReception() })
	add.Importance = widget.HighImportance
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
	s.root = container.NewPadded(container.NewBorder(top, nil, nil, nil, s.list))
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
	s.list.Refresh()
}

// ShowReception shows one reception and its cases; a case opens on tap.
func (mw *MainWindow) ShowReception(id string) {
	r, err := mw.db.Reception(mw.ctx, id)
	if err != nil {
		showError(mw.win, "读取接待记录", err)
		return
	}
	cs, err := mw.db.Cases(mw.ctx, store.CaseFilter{From: r.Day, To: r.Day, StationID: r.StationID, Oldest: true})
	if err != nil {
		showError(mw.win, "读取事项", err)
		return
	}
	var mine []store.Case
	for _, c := range cs {
		if c.ReceptionID == id {
			mine = append(mine, c)
		}
	}
	info := widget.NewLabel(fmt.Sprintf("%s　%s　%s\n到场代表：%s\n接待 %d 人次　%s", store.FormatDate(r.Day), r.Kind, placeOf(r),
		strings.Join(r.DeputyNames, "、"), r.Visitors, r.Notes))
	info.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
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
			mw.changed()
		})
	})
	remove.Importance = widget.DangerImportance
	d = dialog.NewCustom("接待记录", "关闭", container.NewBorder(info, container.NewHBox(remove), nil, nil, container.New(minHeight{300}, list)), mw.win)
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// ReceptionForm records a reception and the cases raised at it, with the
// fields numbered as on the paper 接待登记表.
type ReceptionForm struct {
	mw     *MainWindow
	dlg    dialog.Dialog
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

	stationIDs map[string]string
	duties     map[string]string // label → duty ID
	// Saved is the reception once saved.
	Saved *store.Reception
}

// CaseEntry is one case block of the reception form.
type CaseEntry struct {
	Name, Phone, Village, IDNo *widget.Entry
	Category, Disposition      *widget.Select
	Content                    *widget.Entry
	Unit, Deadline, Answer     *widget.Entry
}

const noStation = "（不在站点）"

// CheckDeputy ticks a deputy as present, for tests.
func (f *ReceptionForm) CheckDeputy(id string, on bool) { f.deputies.set(id, on) }

// NewReception opens the form for a new reception.
func (mw *MainWindow) NewReception() *ReceptionForm {
	f := &ReceptionForm{mw: mw, fields: newFieldSet(), stationIDs: map[string]string{}, duties: map[string]string{}}
	num := ledger.FieldLabel
	f.Day = widget.NewEntry()
	f.Day.SetText(mw.db.Now().Format("2006-01-02"))
	f.Day.OnChanged = func(string) { f.loadDuties() }
	f.Kind = widget.NewSelect(store.ReceptionKinds, nil)
	f.Kind.SetSelected(store.ReceptionKinds[0])
	stations, _ := mw.db.Stations(mw.ctx)
	opts := []string{noStation}
	for _, st := range stations {
		opts = append(opts, st.Name)
		f.stationIDs[st.Name] = st.ID
	}
	f.Station = widget.NewSelect(opts, func(string) { f.loadDuties() })
	f.Station.PlaceHolder = "请选择联络站点"
	f.Place = widget.NewEntry()
	f.Place.SetPlaceHolder("地点（走访、座谈时填写）")
	f.Duty = widget.NewSelect(nil, func(string) { f.fromDuty() })
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
	addCase := widget.NewButtonWithIcon("添加一件反映事项", theme.ContentAddIcon(), func() { f.AddCase() })
	f.Save = widget.NewButtonWithIcon("保存接待记录和事项", theme.DocumentSaveIcon(), f.save)
	f.Save.Importance = widget.HighImportance
	form := formGrid(
		f.fields.row("Day", num("接待日期"), true, f.Day),
		f.fields.row("Kind", num("接待方式"), true, f.Kind),
		f.fields.row("StationID", num("联络站点／地点"), false, container.NewVBox(f.Station, f.Place, f.Duty)),
		f.fields.row("DeputyIDs", num("到场代表"), true, f.deputies.view(160)),
		f.fields.row("Visitors", num("接待人数"), true, f.Visitors),
		f.fields.row("Notes", num("备注"), false, f.Notes),
	)
	body := container.NewVBox(form, widget.NewSeparator(), f.caseBox, addCase, f.fields.summary)
	scroll := container.NewVScroll(body)
	f.fields.root = scroll
	f.AddCase()
	f.dlg = dialog.NewCustomWithoutButtons("新增接待记录", container.NewBorder(nil, container.NewHBox(widget.NewButton("取消", func() { f.dlg.Hide() }), f.Save), nil, nil,
		container.New(minHeight{480}, scroll)), mw.win)
	f.dlg.Resize(fyne.NewSize(900, 680))
	f.dlg.Show()
	return f
}

// AddCase adds an empty case block (fields numbered as on paper).
func (f *ReceptionForm) AddCase() *CaseEntry {
	num := ledger.FieldLabel
	cats, _ := f.mw.db.Categories(f.mw.ctx)
	e := &CaseEntry{Name: widget.NewEntry(), Phone: widget.NewEntry(), Village: widget.NewEntry(), IDNo: widget.NewEntry(),
		Category: widget.NewSelect(cats, nil), Disposition: widget.NewSelect(store.Dispositions, nil), Content: widget.NewMultiLineEntry(),
		Unit: widget.NewEntry(), Deadline: widget.NewEntry(), Answer: widget.NewMultiLineEntry()}
	e.Category.PlaceHolder = "请选择类别"
	e.Content.SetMinRowsVisible(3)
	e.Answer.SetMinRowsVisible(2)
	e.Disposition.SetSelected(store.DispOnSpot)
	e.Deadline.SetPlaceHolder("交办时填写，如 2026-12-15")
	e.Unit.SetPlaceHolder("主办单位（交办时填写）")
	f.Cases = append(f.Cases, e)
	n := len(f.Cases)
	row := func(label string, w fyne.CanvasObject) []fyne.CanvasObject {
		l := widget.NewLabel(label)
		l.Alignment = fyne.TextAlignTrailing
		return []fyne.CanvasObject{l, w}
	}
	title := widget.NewLabelWithStyle(fmt.Sprintf("反映事项（第%d件）", n), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.caseBox.Add(container.NewVBox(title, formGrid(
		row(num("反映人")+" *", e.Name), row(num("联系电话"), e.Phone), row(num("村（社区）"), e.Village),
		row(num("身份证号（可不填）"), e.IDNo), row(num("类别")+" *", e.Category), row(num("反映内容")+" *", e.Content),
		row(num("办理方式")+" *", e.Disposition), row(num("承办单位（主办／协办）"), e.Unit), row(num("办理时限"), e.Deadline),
		row(num("当场答复或办理情况"), e.Answer),
	), widget.NewSeparator()))
	return e
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
	var records []*store.CaseRecord
	secretary := ""
	if t, err := f.mw.db.Township(f.mw.ctx); err == nil {
		secretary = t.Secretary
	}
	day, _ := store.ParseDate(f.Day.Text)
	for _, e := range f.Cases {
		if strings.TrimSpace(e.Name.Text+e.Content.Text) == "" {
			continue // an untouched block
		}
		cr := &store.CaseRecord{Case: store.Case{VisitorName: e.Name.Text, VisitorPhone: e.Phone.Text, VisitorVillage: e.Village.Text,
			VisitorID: e.IDNo.Text, Category: e.Category.Selected, Content: e.Content.Text, Disposition: e.Disposition.Selected, Deadline: e.Deadline.Text}}
		if u := strings.TrimSpace(e.Unit.Text); u != "" {
			cr.Handlers = append(cr.Handlers, store.Handler{Unit: u, Role: "主办", AssignedDay: day})
			cr.Steps = append(cr.Steps, store.StepInput{Status: "交办", Day: day, Who: secretary, Text: "交" + u + "办理"})
		} else if a := strings.TrimSpace(e.Answer.Text); a != "" && e.Disposition.Selected == store.DispOnSpot {
			// Answered on the spot: the case is closed that day.
			cr.Steps = append(cr.Steps, store.StepInput{Status: "办结", Day: day, Who: secretary, Text: a})
		}
		records = append(records, cr)
	}
	if err := f.mw.db.RecordReception(f.mw.ctx, r, records); err != nil {
		if !f.fields.show(err) {
			showError(f.mw.win, "保存接待记录", err)
		}
		return
	}
	f.Saved = r
	f.dlg.Hide()
	f.mw.changed()
}
