package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// Filter choices for the register, in the order shown.
var (
	levelChoices = []struct {
		label string
		level store.Level
	}{{"全国人大代表", store.National}, {"省人大代表", store.Provincial}, {"市人大代表", store.Municipal},
		{"县人大代表", store.County}, {"乡镇人大代表", store.TownshipLv}}
	sortChoices = []struct {
		label string
		sort  store.DeputySort
	}{{"按姓名排序", store.SortByName}, {"按层级排序", store.SortByLevel},
		{"按单位排序", store.SortByUnit}, {"最近录入在前", store.SortByCreated}}
)

const (
	allLevels   = "全部层级"
	allGroups   = "全部小组"
	allStatuses = "全部状态"
)

var deputyCols = columns{widths: []float32{92, 48, 92, 200, 0, 116, 80, 124}}

// deputyScreen is the 代表名册: search, filters, sorting, a count and one
// row per deputy, drawn by widget.List so hundreds of rows stay quick.
type deputyScreen struct {
	mw *MainWindow

	filter   store.DeputyFilter
	rows     []store.Deputy
	groupsOf map[string][]string
	groupIDs map[string]string // group name → ID, for the filter
	total    int

	search                                 *widget.Entry
	levelSel, groupSel, statusSel, sortSel *widget.Select
	count                                  *widget.Label
	list                                   *widget.List
	add                                    *widget.Button
	root                                   fyne.CanvasObject
	thumbs                                 *thumbCache
}

func newDeputyScreen(mw *MainWindow) *deputyScreen {
	s := &deputyScreen{mw: mw, groupIDs: map[string]string{}, thumbs: newThumbCache(mw)}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("搜索姓名、单位、职务、电话、代表证号或选区")
	s.search.OnChanged = func(q string) { s.filter.Query = q; s.reload() }

	var levels []string
	for _, c := range levelChoices {
		levels = append(levels, c.label)
	}
	s.levelSel = selectWithAll(allLevels, levels, func(v string) {
		s.filter.Level = 0
		for _, c := range levelChoices {
			if c.label == v {
				s.filter.Level = c.level
			}
		}
		s.reload()
	})
	s.groupSel = selectWithAll(allGroups, nil, func(v string) { s.filter.GroupID = s.groupIDs[v]; s.reload() })
	s.statusSel = selectWithAll(allStatuses, store.Statuses, func(v string) {
		s.filter.Status = ""
		if v != allStatuses {
			s.filter.Status = v
		}
		s.reload()
	})
	var sorts []string
	for _, c := range sortChoices {
		sorts = append(sorts, c.label)
	}
	s.sortSel = newSelect(sorts, nil)
	s.sortSel.SetSelected(sorts[0])
	s.sortSel.OnChanged = func(v string) {
		for _, c := range sortChoices {
			if c.label == v {
				s.filter.Sort = c.sort
			}
		}
		s.reload()
	}
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	s.add = widget.NewButtonWithIcon("新增代表", theme.ContentAddIcon(), func() { mw.EditDeputy("") })
	s.add.Importance = widget.HighImportance

	s.list = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject { return withThumb(cells(deputyCols, false)) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d := s.rows[i]
			unit := d.WorkUnit
			if d.Post != "" {
				unit += " " + d.Post
			}
			status := d.Status
			if d.Status == store.StatusTerminated && len(d.StatusDate) >= 7 {
				// The month is enough in a list, and fits the column.
				status += " " + store.FormatDate(d.StatusDate[:7])
			}
			s.thumbs.set(o, d.ID)
			setCells(rowCells(o), d.Name, d.Gender, d.Levels.String(), strings.Join(s.groupsOf[d.ID], "、"),
				strings.TrimSpace(unit), d.Phone, d.Term, status)
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.rows) {
			mw.EditDeputy(s.rows[i].ID)
		}
	}

	header := cells(deputyCols, true)
	setCells(header, "姓名", "性别", "代表层级", "代表小组", "工作单位及职务", "联系电话", "届次", "状态")
	hint := hintLabel("点击一行可查看、修改或删除该代表。")
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("代表名册"), container.NewHBox(mw.registerActions(), s.add)),
		s.search,
		container.NewBorder(nil, nil, container.NewHBox(s.levelSel, s.groupSel, s.statusSel, s.sortSel), nil, s.count),
		container.NewPadded(withThumb(header)),
		widget.NewSeparator(),
	)
	s.root = container.NewPadded(container.NewBorder(top, hint, nil, nil, s.list))
	return s
}

func (s *deputyScreen) view() fyne.CanvasObject { return s.root }

// reload reads the register with the current filter.
func (s *deputyScreen) reload() {
	ctx := s.mw.ctx
	groups, err := s.mw.db.Groups(ctx)
	if err != nil {
		showError(s.mw.win, "读取代表小组", err)
		return
	}
	names := make([]string, 0, len(groups))
	s.groupIDs = map[string]string{}
	for _, g := range groups {
		names = append(names, g.Name)
		s.groupIDs[g.Name] = g.ID
	}
	s.groupSel.SetOptions(append([]string{allGroups}, names...))
	if _, ok := s.groupIDs[s.groupSel.Selected]; !ok && s.groupSel.Selected != allGroups {
		s.groupSel.SetSelected(allGroups) // the group was deleted or renamed
		return
	}
	rows, err := s.mw.db.Deputies(ctx, s.filter)
	if err != nil {
		showError(s.mw.win, "读取代表名册", err)
		return
	}
	s.groupsOf, err = s.mw.db.GroupNamesByDeputy(ctx)
	if err != nil {
		showError(s.mw.win, "读取代表小组", err)
		return
	}
	s.total, err = s.mw.db.CountDeputies(ctx)
	if err != nil {
		showError(s.mw.win, "读取代表名册", err)
		return
	}
	s.rows = rows
	s.thumbs.reset()
	text := "共 " + strconv.Itoa(len(rows)) + " 名代表"
	if len(rows) != s.total {
		text += "（名册共 " + strconv.Itoa(s.total) + " 名）"
	}
	s.count.SetText(text)
	s.list.Refresh()
}

// EditDeputy opens the deputy form: an empty one for id "", else the
// deputy's record.
func (mw *MainWindow) EditDeputy(id string) *DeputyForm {
	d := store.Deputy{Status: store.StatusActive}
	if id != "" {
		var err error
		if d, err = mw.db.Deputy(mw.ctx, id); err != nil {
			showError(mw.win, "读取代表", err)
			return nil
		}
	} else if t, err := mw.db.Township(mw.ctx); err == nil {
		d.Term = t.TermName
	}
	f := newDeputyForm(mw, d)
	mw.deputyForm = f
	f.dlg.Show()
	return f
}

// DeputyForm is the add/edit dialog for one deputy.
type DeputyForm struct {
	mw     *MainWindow
	d      store.Deputy
	fields *fieldSet
	dlg    *dialog.CustomDialog
	// acceptedID is the ID number, birth date and sex the secretary chose to
	// keep although they disagree.
	acceptedID string

	name, ethnicity, birth, unit, post, phone, idNumber, certNo *widget.Entry
	district, term, statusDate, statusReason, notes             *widget.Entry
	gender, party, education, category, status                  *widget.Select
	levels                                                      map[store.Level]*widget.Check

	save, remove *widget.Button
	photo        *photoPanel
}

func newDeputyForm(mw *MainWindow, d store.Deputy) *DeputyForm {
	f := &DeputyForm{mw: mw, d: d, fields: newFieldSet(), levels: map[store.Level]*widget.Check{}}
	entry := func(hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(hint)
		return e
	}
	sel := func(opts []string) *widget.Select {
		s := newSelect(opts, nil)
		s.PlaceHolder = "请选择"
		return s
	}
	f.name = entry("")
	f.ethnicity = entry("如：汉族")
	f.birth = entry("如：1975-03-08 或 1975.03")
	f.unit = entry("如：城关镇东关村村民委员会")
	f.post = entry("如：党支部书记")
	f.phone = entry("11位手机号或带区号的固定电话")
	f.idNumber = entry("18位，可不填")
	f.certNo = entry("可不填；填写时不能与他人重复")
	f.district = entry("如：第三选区（东关村）")
	f.term = entry("如：第十八届")
	f.statusDate = entry("如：2026-03-01")
	f.statusReason = entry("如：调离本行政区域")
	f.notes = widget.NewMultiLineEntry()
	f.notes.SetMinRowsVisible(2)
	f.gender = sel(store.Genders)
	f.party = sel(store.Parties)
	f.education = sel(store.Educations)
	f.category = sel(store.Categories)
	f.status = sel(store.Statuses)
	f.status.OnChanged = func(v string) { f.syncStatus() }
	levelBox := container.NewHBox()
	for _, l := range store.AllLevels {
		c := widget.NewCheck(l.String(), nil)
		f.levels[l] = c
		levelBox.Add(c)
	}
	f.Fill(d)

	fs := f.fields
	left := formGrid(
		fs.row("Name", "姓名", true, f.name),
		fs.row("Gender", "性别", false, f.gender),
		fs.row("Ethnicity", "民族", false, f.ethnicity),
		fs.row("BirthDate", "出生日期", false, f.birth),
		fs.row("Party", "政治面貌", false, f.party),
		fs.row("Education", "文化程度", false, f.education),
		fs.row("Phone", "联系电话", true, f.phone),
		fs.row("IDNumber", "身份证号", false, f.idNumber),
		fs.row("WorkUnit", "工作单位", false, f.unit),
		fs.row("Post", "职务", false, f.post),
	)
	right := formGrid(
		fs.row("Levels", "代表层级", true, levelBox),
		fs.row("Term", "届次", false, f.term),
		fs.row("District", "选区", false, f.district),
		fs.row("CertNo", "代表证号", false, f.certNo),
		fs.row("Category", "代表构成", false, f.category),
		fs.row("Status", "状态", true, f.status),
		fs.row("StatusDate", "终止日期", false, f.statusDate),
		fs.row("StatusReason", "终止原因", false, f.statusReason),
	)
	notes := formGrid(fs.row("Notes", "备注", false, f.notes))
	hint := hintLabel("带 * 的为必填项。一名代表可同时是几级人大代表，请勾选全部层级。")
	f.photo = newPhotoPanel(mw, d.ID)
	body := container.NewVBox(hint, fs.summary, container.NewGridWithColumns(2, left, container.NewVBox(f.photo.box, right)), notes)
	fs.root = container.NewVScroll(container.NewPadded(body))

	title := "新增代表"
	if d.ID != "" {
		title = "代表信息 · " + d.Name
	}
	var remove func()
	if d.ID != "" {
		remove = func() { mw.AskDeleteDeputy(f.d.ID) }
	}
	f.dlg, f.save, f.remove = mw.recordDialog(title, fs.root, fyne.NewSize(1040, 700), f.Save, "删除此代表", remove)
	return f
}

// Fill puts a deputy's values into the form.
func (f *DeputyForm) Fill(d store.Deputy) {
	f.name.SetText(d.Name)
	f.ethnicity.SetText(d.Ethnicity)
	f.birth.SetText(store.FormatDate(d.BirthDate))
	f.unit.SetText(d.WorkUnit)
	f.post.SetText(d.Post)
	f.phone.SetText(d.Phone)
	f.idNumber.SetText(d.IDNumber)
	f.certNo.SetText(d.CertNo)
	f.district.SetText(d.District)
	f.term.SetText(d.Term)
	f.statusDate.SetText(store.FormatDate(d.StatusDate))
	f.statusReason.SetText(d.StatusReason)
	f.notes.SetText(d.Notes)
	setSelect(f.gender, d.Gender)
	setSelect(f.party, d.Party)
	setSelect(f.education, d.Education)
	setSelect(f.category, d.Category)
	setSelect(f.status, d.Status)
	for l, c := range f.levels {
		c.SetChecked(d.Levels.Has(l))
	}
	f.syncStatus()
}

func setSelect(s *widget.Select, v string) {
	if v == "" {
		s.ClearSelected()
		return
	}
	s.SetSelected(v)
}

// syncStatus enables the termination fields only for a terminated deputy.
func (f *DeputyForm) syncStatus() {
	if f.status.Selected == store.StatusTerminated {
		f.statusDate.Enable()
		f.statusReason.Enable()
	} else {
		f.statusDate.Disable()
		f.statusReason.Disable()
	}
}

// values reads the form into a deputy record.
func (f *DeputyForm) values() store.Deputy {
	d := f.d
	d.Name, d.Ethnicity, d.BirthDate = f.name.Text, f.ethnicity.Text, f.birth.Text
	d.WorkUnit, d.Post, d.Phone, d.IDNumber, d.CertNo = f.unit.Text, f.post.Text, f.phone.Text, f.idNumber.Text, f.certNo.Text
	d.District, d.Term, d.Notes = f.district.Text, f.term.Text, f.notes.Text
	d.Gender, d.Party, d.Education, d.Category, d.Status = f.gender.Selected, f.party.Selected, f.education.Selected, f.category.Selected, f.status.Selected
	d.StatusDate, d.StatusReason = "", ""
	if d.Status == store.StatusTerminated {
		d.StatusDate, d.StatusReason = f.statusDate.Text, f.statusReason.Text
	}
	d.Levels = 0
	for l, c := range f.levels {
		if c.Checked {
			d.Levels |= store.Levels(l)
		}
	}
	return d
}

// Save validates and saves the deputy, as the 保存 button does. Problems are
// shown next to their fields and nothing is saved.
//
// An ID number that disagrees with the 出生日期 or 性别 typed beside it is
// shown beside those fields and asked about: the papers sometimes really
// differ, so 仍然保存 keeps what was typed.
func (f *DeputyForm) Save() {
	d := f.values()
	check := d
	if err := check.Validate(); err != nil {
		f.fields.saved(f.mw.win, "保存代表", err)
		return
	}
	warn := store.IDNumberMismatch(check.IDNumber, check.BirthDate, check.Gender)
	if key := check.IDNumber + "|" + check.BirthDate + "|" + check.Gender; len(warn) > 0 && key != f.acceptedID {
		f.fields.show(&store.ValidationError{Errors: warn})
		var lines []string
		for _, w := range warn {
			lines = append(lines, w.String())
		}
		f.mw.askVerb("身份证号与所填信息不一致", strings.Join(lines, "\n")+"\n\n请核对证件。若证件上确实如此，可以仍然保存。", "仍然保存", func() {
			f.acceptedID = key
			f.Save()
		})
		return
	}
	if !f.fields.saved(f.mw.win, "保存代表", f.mw.db.SaveDeputy(f.mw.ctx, &d)) {
		return
	}
	f.d = d
	f.dlg.Hide()
	f.mw.changed(ScreenDeputies, ScreenGroups, ScreenStations, ScreenDashboard)
	f.mw.notify("已保存代表“" + d.Name + "”")
}

// AskDeleteDeputy asks to confirm deleting a deputy, naming the groups the
// deputy leaves.
func (mw *MainWindow) AskDeleteDeputy(id string) {
	d, err := mw.db.Deputy(mw.ctx, id)
	if err != nil {
		showError(mw.win, "读取代表", err)
		return
	}
	impact, short, err := mw.db.DeputyDeleteImpact(mw.ctx, id, calendar.Today(mw.db.Now()))
	if err != nil {
		showError(mw.win, "删除代表", err)
		return
	}
	mw.askDelete("删除代表", "代表“"+d.Name+"”", impact, func() {
		if err := mw.db.DeleteDeputy(mw.ctx, id); err != nil {
			showError(mw.win, "删除代表", err)
			return
		}
		if mw.deputyForm != nil {
			mw.deputyForm.dlg.Hide()
		}
		mw.changed()
		msg := "已删除代表“" + d.Name + "”，可在回收站恢复"
		if len(short) > 0 {
			var days []string
			for _, s := range short {
				days = append(days, store.FormatDate(s.Day)+" "+s.Station)
			}
			msg += "。以下值班人数不足，请到值班表补排：" + strings.Join(days, "、")
			showInfo("值班人数不足", "删除“"+d.Name+"”后，以下值班人数不足，请到值班表补排：\n"+strings.Join(days, "\n"), mw.win)
		}
		mw.notify(msg)
	})
}
