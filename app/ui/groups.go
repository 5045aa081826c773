package ui

import (
	"fmt"
	"sort"
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

var groupCols = columns{widths: []float32{170, 100, 70, 0, 240}}

var groupSorts = []string{"按名称排序", "按人数排序（多到少）"}

// groupScreen lists the 代表小组 with their leaders, sizes, members and the
// stations where they 进站.
type groupScreen struct {
	mw *MainWindow

	all      []store.Group
	rows     []store.Group
	names    map[string]store.Deputy // deputy ID → deputy
	stations map[string][]string     // group ID → station names

	search  *widget.Entry
	sortSel *widget.Select
	count   *widget.Label
	list    *widget.List
	root    fyne.CanvasObject
}

func newGroupScreen(mw *MainWindow) *groupScreen {
	s := &groupScreen{mw: mw}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("搜索小组名称或成员姓名")
	s.search.OnChanged = func(string) { s.apply() }
	s.sortSel = newSelect(groupSorts, nil)
	s.sortSel.SetSelected(groupSorts[0])
	s.sortSel.OnChanged = func(string) { s.apply() }
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	add := widget.NewButtonWithIcon("新增代表小组", theme.ContentAddIcon(), func() { mw.EditGroup("") })
	add.Importance = widget.HighImportance
	s.list = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject { return cells(groupCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			g := s.rows[i]
			leader := "（未设组长）"
			if d, ok := s.names[g.LeaderID]; ok {
				leader = d.Name
			}
			setCells(o.(*fyne.Container), g.Name, leader, strconv.Itoa(len(g.MemberIDs))+" 人",
				s.memberNames(g), strings.Join(s.stations[g.ID], "、"))
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.rows) {
			mw.EditGroup(s.rows[i].ID)
		}
	}
	header := cells(groupCols, true)
	setCells(header, "小组名称", "组长", "人数", "成员", "进站站点")
	hint := hintLabel("点击一行可查看、修改或删除该小组。小组可以混合编入各级人大代表。")
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("代表小组"), add),
		container.NewBorder(nil, nil, nil, container.NewHBox(s.sortSel, s.count), s.search),
		container.NewPadded(header),
		widget.NewSeparator(),
	)
	s.root = container.NewPadded(container.NewBorder(top, hint, nil, nil, s.list))
	return s
}

func (s *groupScreen) view() fyne.CanvasObject { return s.root }

// memberNames lists the members with levels above 乡 marked, since mixed
// groups are the point.
func (s *groupScreen) memberNames(g store.Group) string {
	names := make([]string, 0, len(g.MemberIDs))
	for _, id := range g.MemberIDs {
		names = append(names, s.names[id].Name)
	}
	return strings.Join(names, "、")
}

func (s *groupScreen) reload() {
	ctx := s.mw.ctx
	groups, err := s.mw.db.Groups(ctx)
	if err != nil {
		showError(s.mw.win, "读取代表小组", err)
		return
	}
	deps, err := s.mw.db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		showError(s.mw.win, "读取代表名册", err)
		return
	}
	stations, err := s.mw.db.Stations(ctx)
	if err != nil {
		showError(s.mw.win, "读取联络站", err)
		return
	}
	s.names = map[string]store.Deputy{}
	for _, d := range deps {
		s.names[d.ID] = d
	}
	s.stations = map[string][]string{}
	for _, st := range stations {
		for _, gid := range st.GroupIDs {
			s.stations[gid] = append(s.stations[gid], st.Name)
		}
	}
	s.all = groups
	s.apply()
}

// apply filters and sorts the loaded groups; groups are few, so this is
// done here rather than in SQL.
func (s *groupScreen) apply() {
	q := strings.TrimSpace(store.Normalize(s.search.Text))
	s.rows = s.rows[:0]
	for _, g := range s.all {
		if q == "" || strings.Contains(g.Name, q) || strings.Contains(s.memberNames(g), q) {
			s.rows = append(s.rows, g)
		}
	}
	if s.sortSel.Selected == groupSorts[1] {
		sort.SliceStable(s.rows, func(i, j int) bool { return len(s.rows[i].MemberIDs) > len(s.rows[j].MemberIDs) })
	}
	text := "共 " + strconv.Itoa(len(s.rows)) + " 个代表小组"
	if len(s.rows) != len(s.all) {
		text += "（全部 " + strconv.Itoa(len(s.all)) + " 个）"
	}
	s.count.SetText(text)
	s.list.Refresh()
}

// EditGroup opens the group form: empty for id "", else the group.
func (mw *MainWindow) EditGroup(id string) *GroupForm {
	var g store.Group
	if id != "" {
		var err error
		if g, err = mw.db.Group(mw.ctx, id); err != nil {
			showError(mw.win, "读取代表小组", err)
			return nil
		}
	}
	deps, err := mw.db.Deputies(mw.ctx, store.DeputyFilter{Sort: store.SortByLevel})
	if err != nil {
		showError(mw.win, "读取代表名册", err)
		return nil
	}
	f := newGroupForm(mw, g, deps)
	mw.groupForm = f
	f.dlg.Show()
	return f
}

// GroupForm is the add/edit dialog for a group: name, members chosen from a
// searchable checklist of deputies, and a leader chosen among the members.
type GroupForm struct {
	mw     *MainWindow
	g      store.Group
	fields *fieldSet
	dlg    *dialog.CustomDialog

	name    *widget.Entry
	notes   *widget.Entry
	members *checklist
	leader  *widget.Select

	labelOf map[string]string // deputy ID → label in the leader select
	idOf    map[string]string // label → deputy ID

	save, remove *widget.Button
}

const noLeader = "（暂不设组长）"

func newGroupForm(mw *MainWindow, g store.Group, deps []store.Deputy) *GroupForm {
	f := &GroupForm{mw: mw, g: g, fields: newFieldSet(), labelOf: map[string]string{}, idOf: map[string]string{}}
	f.name = widget.NewEntry()
	f.name.SetPlaceHolder("如：第一代表小组（东关片）")
	f.name.SetText(g.Name)
	f.notes = widget.NewMultiLineEntry()
	f.notes.SetMinRowsVisible(2)
	f.notes.SetText(g.Notes)

	seen := map[string]int{}
	for _, d := range deps {
		seen[d.Name]++
	}
	// Current members first, so the secretary sees the group as it is.
	isMember := map[string]bool{}
	for _, id := range g.MemberIDs {
		isMember[id] = true
	}
	sort.SliceStable(deps, func(i, j int) bool { return isMember[deps[i].ID] && !isMember[deps[j].ID] })
	items := make([]checkItem, 0, len(deps))
	for _, d := range deps {
		label := d.Name + "（" + d.Levels.String() + "）"
		if d.WorkUnit != "" {
			label += " " + d.WorkUnit
		}
		if d.Status == store.StatusTerminated {
			label += " [已终止]"
		}
		items = append(items, checkItem{id: d.ID, label: label, hay: d.Name + " " + d.WorkUnit + " " + d.Post})
		// Leader labels are names; same-named deputies get their unit.
		ll := d.Name
		if seen[d.Name] > 1 {
			ll += "（" + d.WorkUnit + "）"
		}
		f.labelOf[d.ID], f.idOf[ll] = ll, d.ID
	}
	f.leader = newSelect(nil, nil)
	f.leader.PlaceHolder = "请先勾选成员，再从成员中选择"
	f.members = newChecklist(items, g.MemberIDs, "名成员", f.syncLeader)
	f.syncLeader()
	if g.LeaderID != "" {
		f.leader.SetSelected(f.labelOf[g.LeaderID])
	} else {
		f.leader.SetSelected(noLeader)
	}

	fs := f.fields
	grid := formGrid(
		fs.row("Name", "小组名称", true, f.name),
		fs.row("MemberIDs", "成员", false, f.members.view(300)),
		fs.row("LeaderID", "组长", false, f.leader),
		fs.row("Notes", "备注", false, f.notes),
	)
	hint := hintLabel("勾选本小组的成员（可混合编入县、市、省级代表），组长须是本小组成员。")
	body := container.NewVBox(hint, fs.summary, grid)
	if g.ID != "" {
		body.Add(container.NewHBox(widget.NewButtonWithIcon("履职登记情况公示", theme.DocumentPrintIcon(),
			func() { mw.OpenDisclosure(disclose.Select{GroupID: g.ID}) })))
	}
	fs.root = container.NewVScroll(container.NewPadded(body))

	title := "新增代表小组"
	if g.ID != "" {
		title = "代表小组 · " + g.Name
	}
	var remove func()
	if g.ID != "" {
		remove = func() { mw.AskDeleteGroup(f.g.ID) }
	}
	f.dlg, f.save, f.remove = mw.recordDialog(title, fs.root, fyne.NewSize(820, 660), f.Save, "删除此小组", remove)
	return f
}

// syncLeader offers the chosen members as leaders. A leader who is no longer
// a member stays selected so saving says why it cannot be, rather than the
// choice silently vanishing.
func (f *GroupForm) syncLeader() {
	opts := []string{noLeader}
	for _, id := range f.members.ids() {
		opts = append(opts, f.labelOf[id])
	}
	f.leader.SetOptions(opts)
}

// Check ticks or clears one deputy in the member list.
func (f *GroupForm) Check(deputyID string, on bool) {
	f.members.set(deputyID, on)
	f.members.list.Refresh()
}

// SetLeader picks the leader by deputy ID ("" for none).
func (f *GroupForm) SetLeader(deputyID string) {
	if deputyID == "" {
		f.leader.SetSelected(noLeader)
		return
	}
	f.leader.SetSelected(f.labelOf[deputyID])
}

// Save validates and saves the group, as the 保存 button does.
func (f *GroupForm) Save() {
	g := f.g
	g.Name, g.Notes = f.name.Text, f.notes.Text
	g.MemberIDs = f.members.ids()
	g.LeaderID = f.idOf[f.leader.Selected]
	if !f.fields.saved(f.mw.win, "保存代表小组", f.mw.db.SaveGroup(f.mw.ctx, &g)) {
		return
	}
	f.g = g
	f.dlg.Hide()
	f.mw.changed()
	f.mw.notify(fmt.Sprintf("已保存代表小组“%s”（%d 名成员）", g.Name, len(g.MemberIDs)))
}

// AskDeleteGroup asks to confirm deleting a group, naming its members and
// the stations it serves.
func (mw *MainWindow) AskDeleteGroup(id string) {
	g, err := mw.db.Group(mw.ctx, id)
	if err != nil {
		showError(mw.win, "读取代表小组", err)
		return
	}
	mw.askDeleteRecord("删除代表小组", "代表小组“"+g.Name+"”",
		func() (string, error) { return mw.db.GroupImpact(mw.ctx, id) },
		func() error { return mw.db.DeleteGroup(mw.ctx, id) },
		func() {
			if mw.groupForm != nil {
				mw.groupForm.dlg.Hide()
			}
		})
}
