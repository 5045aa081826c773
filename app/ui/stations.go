package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/report/disclose"
	"deputydesk/store"
)

// The phone is left to the form: with it the row no longer fits 1280 pixels.
var stationCols = columns{widths: []float32{170, 88, 0, 214, 320}}

const allKinds = "全部类型"

// stationScreen lists the 站点窗岗 with their 接待日 and the groups that
// 进站 there.
type stationScreen struct {
	mw *MainWindow

	all        []store.Station
	rows       []store.Station
	groupNames map[string]string

	search  *widget.Entry
	kindSel *widget.Select
	count   *widget.Label
	list    *widget.List
	root    fyne.CanvasObject
}

func newStationScreen(mw *MainWindow) *stationScreen {
	s := &stationScreen{mw: mw}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("搜索名称、地址或进站小组")
	s.search.OnChanged = func(string) { s.apply() }
	s.kindSel = selectWithAll(allKinds, store.StationKinds, func(string) { s.apply() })
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	add := widget.NewButtonWithIcon("新增联络站点", theme.ContentAddIcon(), func() { mw.EditStation("") })
	add.Importance = widget.HighImportance
	standards := widget.NewButtonWithIcon("标准化建设", theme.GridIcon(), func() { mw.OpenStandardsOverview() })
	s.list = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject { return cells(stationCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			st := s.rows[i]
			setCells(o.(*fyne.Container), st.Name, st.Kind, st.Address, st.OpeningRule, s.groupsOf(st))
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.rows) {
			mw.EditStation(s.rows[i].ID)
		}
	}
	header := cells(stationCols, true)
	setCells(header, "名称", "类型", "地址", "接待日", "进站小组")
	hint := hintLabel("点击一行可查看、修改或删除该站点。站点窗岗：代表联络站、代表之家、联络点、联络窗、联络岗。")
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("联络站"), container.NewHBox(standards, add)),
		container.NewBorder(nil, nil, nil, container.NewHBox(s.kindSel, s.count), s.search),
		container.NewPadded(header),
		widget.NewSeparator(),
	)
	s.root = container.NewPadded(container.NewBorder(top, hint, nil, nil, s.list))
	return s
}

func (s *stationScreen) view() fyne.CanvasObject { return s.root }

func (s *stationScreen) groupsOf(st store.Station) string {
	names := make([]string, 0, len(st.GroupIDs))
	for _, id := range st.GroupIDs {
		names = append(names, s.groupNames[id])
	}
	return strings.Join(names, "、")
}

func (s *stationScreen) reload() {
	stations, err := s.mw.db.Stations(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取联络站", err)
		return
	}
	groups, err := s.mw.db.Groups(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取代表小组", err)
		return
	}
	s.groupNames = map[string]string{}
	for _, g := range groups {
		s.groupNames[g.ID] = g.Name
	}
	s.all = stations
	s.apply()
}

func (s *stationScreen) apply() {
	q := strings.TrimSpace(store.Normalize(s.search.Text))
	kind := s.kindSel.Selected
	s.rows = s.rows[:0]
	for _, st := range s.all {
		if kind != allKinds && st.Kind != kind {
			continue
		}
		if q != "" && !strings.Contains(st.Name+" "+st.Address+" "+s.groupsOf(st), q) {
			continue
		}
		s.rows = append(s.rows, st)
	}
	text := "共 " + strconv.Itoa(len(s.rows)) + " 个站点"
	if len(s.rows) != len(s.all) {
		text += "（全部 " + strconv.Itoa(len(s.all)) + " 个）"
	}
	s.count.SetText(text)
	s.list.Refresh()
}

// EditStation opens the station form: empty for id "", else the station.
func (mw *MainWindow) EditStation(id string) *StationForm {
	st := store.Station{Kind: store.StationKinds[0]}
	if id != "" {
		var err error
		if st, err = mw.db.Station(mw.ctx, id); err != nil {
			showError(mw.win, "读取联络站", err)
			return nil
		}
	}
	groups, err := mw.db.Groups(mw.ctx)
	if err != nil {
		showError(mw.win, "读取代表小组", err)
		return nil
	}
	f := newStationForm(mw, st, groups)
	mw.stationForm = f
	f.dlg.Show()
	return f
}

// StationForm is the add/edit dialog for a station.
type StationForm struct {
	mw     *MainWindow
	st     store.Station
	fields *fieldSet
	dlg    *dialog.CustomDialog

	name, address, rule, phone, notes *widget.Entry
	kind                              *widget.Select
	groups                            *checklist

	save, remove *widget.Button
}

func newStationForm(mw *MainWindow, st store.Station, groups []store.Group) *StationForm {
	f := &StationForm{mw: mw, st: st, fields: newFieldSet()}
	entry := func(text, hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		e.SetPlaceHolder(hint)
		return e
	}
	f.name = entry(st.Name, "如：城关镇人大代表联络站")
	f.address = entry(st.Address, "如：城关镇人民政府一楼东侧")
	f.rule = entry(st.OpeningRule, "如：每月第一周的周五 9:00—11:30")
	f.phone = entry(st.Phone, "可不填")
	f.notes = widget.NewMultiLineEntry()
	f.notes.SetMinRowsVisible(2)
	f.notes.SetText(st.Notes)
	f.kind = newSelect(store.StationKinds, nil)
	f.kind.PlaceHolder = "请选择"
	setSelect(f.kind, st.Kind)
	items := make([]checkItem, 0, len(groups))
	for _, g := range groups {
		items = append(items, checkItem{id: g.ID, label: g.Name + "（" + strconv.Itoa(len(g.MemberIDs)) + " 人）", hay: g.Name})
	}
	f.groups = newChecklist(items, st.GroupIDs, "个小组", nil)
	f.groups.search.SetPlaceHolder("输入小组名称筛选")

	fs := f.fields
	grid := formGrid(
		fs.row("Name", "名称", true, f.name),
		fs.row("Kind", "类型", true, f.kind),
		fs.row("Address", "地址", true, f.address),
		fs.row("OpeningRule", "接待日", false, f.rule),
		fs.row("Phone", "联系电话", false, f.phone),
		fs.row("GroupIDs", "进站小组", false, f.groups.view(240)),
		fs.row("Notes", "备注", false, f.notes),
	)
	hint := hintLabel("接待日请用文字写明，例如“每月第一个星期二 上午”；勾选在此进站接待选民的代表小组。")
	body := container.NewVBox(hint, fs.summary, grid)
	if st.ID != "" {
		body.Add(container.NewHBox(widget.NewButtonWithIcon("标准化建设（五有、六统一、九有，星级评定）", theme.GridIcon(),
			func() { mw.OpenStationStandards(st.ID) }),
			widget.NewButtonWithIcon("履职登记情况公示", theme.DocumentPrintIcon(),
				func() { mw.OpenDisclosure(disclose.Select{StationID: st.ID}) })))
	}
	fs.root = container.NewVScroll(container.NewPadded(body))
	title := "新增联络站点"
	if st.ID != "" {
		title = "联络站点 · " + st.Name
	}
	var remove func()
	if st.ID != "" {
		remove = func() { mw.AskDeleteStation(f.st.ID) }
	}
	f.dlg, f.save, f.remove = mw.recordDialog(title, fs.root, fyne.NewSize(820, 740), f.Save, "删除此站点", remove)
	return f
}

// Save validates and saves the station, as the 保存 button does.
func (f *StationForm) Save() {
	st := f.st
	st.Name, st.Kind, st.Address, st.OpeningRule = f.name.Text, f.kind.Selected, f.address.Text, f.rule.Text
	st.Phone, st.Notes, st.GroupIDs = f.phone.Text, f.notes.Text, f.groups.ids()
	if !f.fields.saved(f.mw.win, "保存联络站", f.mw.db.SaveStation(f.mw.ctx, &st)) {
		return
	}
	f.st = st
	f.dlg.Hide()
	f.mw.changed()
	kind := st.Kind
	if kind == "" {
		kind = "联络站点"
	}
	f.mw.notify("已保存" + kind + "“" + st.Name + "”")
}

// AskDeleteStation asks to confirm deleting a station, naming its groups.
func (mw *MainWindow) AskDeleteStation(id string) {
	st, err := mw.db.Station(mw.ctx, id)
	if err != nil {
		showError(mw.win, "读取联络站", err)
		return
	}
	mw.askDeleteRecord("删除联络站点", st.Kind+"“"+st.Name+"”",
		func() (string, error) { return mw.db.StationImpact(mw.ctx, id) },
		func() error { return mw.db.DeleteStation(mw.ctx, id) },
		func() {
			if mw.stationForm != nil {
				mw.stationForm.dlg.Hide()
			}
		})
}
