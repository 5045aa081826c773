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
	"deputydesk/store/calendar"
)

// ScreenLiaison is the 双联系 screen.
const ScreenLiaison = "liaison"

func init() {
	registerScreen(screenDef{name: ScreenLiaison, label: "双联系", order: 35, icon: theme.AccountIcon,
		make: func(mw *MainWindow) screen { return newLiaisonScreen(mw) }})
}

var liaisonCols = columns{widths: []float32{90, 190, 90, 110, 80, 140, 0}}

// liaisonScreen lists the 双联系 pairs with this half-year's visits; those
// not yet visited come first.
type liaisonScreen struct {
	mw     *MainWindow
	all    []store.PairStatus
	rows   []store.PairStatus
	search *widget.Entry
	behind *widget.Check
	count  *widget.Label
	list   *widget.List
	root   fyne.CanvasObject
	form   *PairForm
}

func newLiaisonScreen(mw *MainWindow) *liaisonScreen {
	s := &liaisonScreen{mw: mw}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("搜索联系人、单位或代表")
	s.search.OnChanged = func(string) { s.apply() }
	s.behind = widget.NewCheck("只看本期尚未走访", func(bool) { s.apply() })
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	add := widget.NewButtonWithIcon("新增结对", theme.ContentAddIcon(), func() { s.EditPair("") })
	add.Importance = widget.HighImportance
	s.list = widget.NewList(func() int { return len(s.rows) },
		func() fyne.CanvasObject { return cells(liaisonCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) { setCells(o.(*fyne.Container), pairCells(s.rows[i])...) })
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.rows) {
			s.EditPair(s.rows[i].Pair.ID)
		}
	}
	header := cells(liaisonCols, true)
	setCells(header, "联系人", "单位职务", "联系代表", "本期", "本期走访", "最近走访", "状态")
	hint := hintLabel("“双联系”：部门负责人等联系代表，每半年至少走访一次。点击一行查看结对、登记走访和听取的意见。")
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("双联系"), add),
		container.NewBorder(nil, nil, nil, container.NewHBox(s.behind, s.count), s.search),
		container.NewPadded(header), widget.NewSeparator())
	s.root = container.NewPadded(container.NewBorder(top, hint, nil, nil, s.list))
	return s
}

func pairCells(p store.PairStatus) []string {
	state := "已走访"
	if p.Behind() {
		state = "本期尚未走访，请于" + store.FormatDate(p.PeriodEnd) + "前走访"
	}
	last := store.FormatDate(p.LastVisit)
	if last == "" {
		last = "从未走访"
	}
	return []string{p.Pair.Contact, p.Pair.ContactPost, p.DeputyName, p.PeriodLabel, strconv.Itoa(p.Visits) + " 次", last, state}
}

func (s *liaisonScreen) view() fyne.CanvasObject { return s.root }

func (s *liaisonScreen) reload() {
	all, err := s.mw.db.LiaisonPairs(s.mw.ctx, todayText(s.mw))
	if err != nil {
		showError(s.mw.win, "读取双联系", err)
		return
	}
	// Those behind first, each part in its usual order.
	var late, done []store.PairStatus
	for _, p := range all {
		if p.Behind() {
			late = append(late, p)
		} else {
			done = append(done, p)
		}
	}
	s.all = append(late, done...)
	s.apply()
}

func (s *liaisonScreen) apply() {
	q := store.Normalize(s.search.Text)
	s.rows = s.rows[:0]
	late := 0
	for _, p := range s.all {
		if p.Behind() {
			late++
		}
		if s.behind.Checked && !p.Behind() {
			continue
		}
		if q != "" && !strings.Contains(p.Pair.Contact+" "+p.Pair.ContactPost+" "+p.DeputyName, q) {
			continue
		}
		s.rows = append(s.rows, p)
	}
	s.count.SetText(fmt.Sprintf("共 %d 对，本期尚未走访 %d 对", len(s.all), late))
	s.list.Refresh()
}

// Rows is what the list shows, for tests.
func (s *liaisonScreen) Rows() [][]string {
	var out [][]string
	for _, r := range s.rows {
		out = append(out, pairCells(r))
	}
	return out
}

func todayText(mw *MainWindow) string { return mw.db.Now().In(calendar.Beijing).Format("2006-01-02") }

// PairForm is the dialog of one pair with its visits.
type PairForm struct {
	s      *liaisonScreen
	pair   store.LiaisonPair
	fields *fieldSet
	dlg    *dialog.CustomDialog

	contact, post, since, notes *widget.Entry
	deputy                      *widget.Select
	deputyIDs                   map[string]string
	visits                      []store.LiaisonVisit
	visitList                   *widget.List
	visitForm                   *VisitForm
}

// EditPair opens a pair (id "" for a new one).
func (s *liaisonScreen) EditPair(id string) *PairForm {
	mw := s.mw
	p := store.LiaisonPair{Since: todayText(mw)}
	if id != "" {
		var err error
		if p, err = mw.db.LiaisonPair(mw.ctx, id); err != nil {
			showError(mw.win, "读取双联系结对", err)
			return nil
		}
	}
	deps, err := mw.db.Deputies(mw.ctx, store.DeputyFilter{Status: store.StatusActive})
	if err != nil {
		showError(mw.win, "读取代表名册", err)
		return nil
	}
	f := &PairForm{s: s, pair: p, fields: newFieldSet(), deputyIDs: map[string]string{}}
	var options []string
	selected := ""
	for _, d := range deps {
		label := d.Name + "（" + d.Levels.String() + "级，" + d.WorkUnit + "）"
		options = append(options, label)
		f.deputyIDs[label] = d.ID
		if d.ID == p.DeputyID {
			selected = label
		}
	}
	entry := func(text, hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		e.SetPlaceHolder(hint)
		return e
	}
	f.contact = entry(p.Contact, "如：张志强")
	f.post = entry(p.ContactPost, "如：县交通运输局局长")
	f.since = entry(p.Since, "如 2026-01-05")
	f.notes = entry(p.Notes, "可不填")
	f.deputy = newSelect(options, nil)
	if selected != "" {
		f.deputy.SetSelected(selected)
	}
	fs := f.fields
	grid := formGrid(
		fs.row("Contact", "联系人", true, f.contact),
		fs.row("ContactPost", "单位职务", false, f.post),
		fs.row("DeputyID", "联系代表", true, f.deputy),
		fs.row("Since", "结对日期", true, f.since),
		fs.row("Notes", "备注", false, f.notes),
	)
	f.visitList = widget.NewList(func() int { return len(f.visits) },
		func() fyne.CanvasObject { return cells(visitCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			v := f.visits[i]
			setCells(o.(*fyne.Container), store.FormatDate(v.Day), v.How, v.Opinions)
		})
	f.visitList.OnSelected = func(i widget.ListItemID) {
		f.visitList.UnselectAll()
		if i >= 0 && i < len(f.visits) {
			f.EditVisit(f.visits[i])
		}
	}
	body := container.NewVBox(fs.summary, grid)
	var content fyne.CanvasObject = container.NewVScroll(container.NewPadded(body))
	if p.ID != "" {
		f.loadVisits()
		header := cells(visitCols, true)
		setCells(header, "走访日期", "方式", "听取的意见")
		addVisit := widget.NewButtonWithIcon("登记走访", theme.ContentAddIcon(), func() {
			f.EditVisit(store.LiaisonVisit{PairID: f.pair.ID, Day: todayText(mw), How: store.VisitWays[0]})
		})
		visits := container.NewBorder(container.NewVBox(widget.NewSeparator(),
			container.NewBorder(nil, nil, widget.NewLabelWithStyle("走访记录（每半年至少一次）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), addVisit),
			container.NewPadded(header)), nil, nil, nil, f.visitList)
		split := container.NewVSplit(container.NewVScroll(container.NewPadded(body)), visits)
		split.Offset = 0.5
		content = split
	}
	fs.root = content
	title := "新增双联系结对"
	var remove func()
	if p.ID != "" {
		title = "双联系 · " + p.Contact
		remove = func() {
			mw.askDeleteRecord("删除结对", "“"+f.pair.Contact+"”与代表的结对",
				func() (string, error) { return mw.db.LiaisonPairImpact(mw.ctx, f.pair.ID) },
				func() error { return mw.db.DeleteLiaisonPair(mw.ctx, f.pair.ID) },
				func() { f.dlg.Hide() })
		}
	}
	f.dlg, _, _ = mw.recordDialog(title, content, fyne.NewSize(860, 680), func() { f.Save() }, "删除此结对", remove)
	s.form = f
	f.dlg.Show()
	return f
}

var visitCols = columns{widths: []float32{130, 90, 0}}

func (f *PairForm) loadVisits() {
	vs, err := f.s.mw.db.LiaisonVisits(f.s.mw.ctx, f.pair.ID, "")
	if err != nil {
		showError(f.s.mw.win, "读取走访记录", err)
		return
	}
	f.visits = vs
	f.visitList.Refresh()
}

// Save saves the pair, as 保存 does.
func (f *PairForm) Save() bool {
	p := f.pair
	p.Contact, p.ContactPost, p.Since, p.Notes, p.DeputyID = f.contact.Text, f.post.Text, f.since.Text, f.notes.Text, f.deputyIDs[f.deputy.Selected]
	if !f.fields.saved(f.s.mw.win, "保存双联系结对", f.s.mw.db.SaveLiaisonPair(f.s.mw.ctx, &p)) {
		return false
	}
	f.pair = p
	f.dlg.Hide()
	f.s.mw.changed()
	return true
}

// VisitForm is the dialog of one visit.
type VisitForm struct {
	f        *PairForm
	visit    store.LiaisonVisit
	fields   *fieldSet
	day      *widget.Entry
	how      *widget.Select
	opinions *widget.Entry
	dlg      *dialog.CustomDialog
}

// EditVisit opens a visit; one without ID is new.
func (f *PairForm) EditVisit(v store.LiaisonVisit) *VisitForm {
	mw := f.s.mw
	vf := &VisitForm{f: f, visit: v, fields: newFieldSet()}
	vf.day = widget.NewEntry()
	vf.day.SetText(v.Day)
	vf.day.SetPlaceHolder("如 2026-11-20")
	vf.how = newSelect(store.VisitWays, nil)
	setSelect(vf.how, v.How)
	vf.opinions = widget.NewMultiLineEntry()
	vf.opinions.SetMinRowsVisible(5)
	vf.opinions.SetText(v.Opinions)
	vf.opinions.SetPlaceHolder("走访中听取的意见建议，一条一行")
	fs := vf.fields
	body := container.NewVBox(fs.summary, formGrid(
		fs.row("Day", "走访日期", true, vf.day),
		fs.row("How", "方式", true, vf.how),
		fs.row("Opinions", "听取的意见", false, vf.opinions)),
		hintLabel("需要办理的意见可“转为群众反映事项”：打开新的接待记录，日期、代表和意见已填好，补全后保存即进入事项办理。"))
	fs.root = container.NewVScroll(container.NewPadded(body))
	var remove func()
	if v.ID != "" {
		remove = func() {
			mw.askDeleteRecord("删除走访记录", store.FormatDate(v.Day)+"的走访记录", func() (string, error) { return "", nil },
				func() error { return mw.db.DeleteLiaisonVisit(mw.ctx, v.ID) },
				func() {
					vf.dlg.Hide()
					f.loadVisits()
				})
		}
	}
	toCase := widget.NewButtonWithIcon("转为群众反映事项", theme.MailForwardIcon(), func() { vf.ToCase() })
	body.Add(container.NewHBox(toCase))
	vf.dlg, _, _ = mw.recordDialog(f.pair.Contact+" · 走访", fs.root, fyne.NewSize(720, 520), func() { vf.Save() }, "删除此记录", remove)
	f.visitForm = vf
	vf.dlg.Show()
	return vf
}

// Save saves the visit, as 保存 does.
func (vf *VisitForm) Save() bool {
	v := vf.visit
	v.Day, v.How, v.Opinions = vf.day.Text, vf.how.Selected, vf.opinions.Text
	mw := vf.f.s.mw
	if !vf.fields.saved(mw.win, "保存走访记录", mw.db.SaveLiaisonVisit(mw.ctx, &v)) {
		return false
	}
	vf.dlg.Hide()
	vf.f.loadVisits()
	mw.changed()
	mw.notify("已登记" + vf.f.pair.Contact + "的走访")
	return true
}

// ToCase opens a new 接待记录 filled from the visit: its day, the paired
// deputy, 走访选民, and the opinions as the matter raised, so an opinion that
// needs handling enters the case flow (交办, 办结, 回访) like any other.
func (vf *VisitForm) ToCase() *ReceptionForm {
	mw := vf.f.s.mw
	r := mw.NewReception()
	if r == nil {
		return nil
	}
	r.Day.SetText(vf.day.Text)
	setSelect(r.Kind, "走访选民")
	r.deputies.set(vf.f.pair.DeputyID, true)
	r.deputies.list.Refresh()
	r.Notes.SetText("双联系走访：" + vf.f.pair.Contact + " " + vf.f.pair.ContactPost)
	if len(r.Cases) > 0 {
		r.Cases[0].Content.SetText(vf.opinions.Text)
	}
	return r
}

// liaisonReminder is the 首页 line naming the pairs not yet visited this
// half-year.
type liaisonReminder struct {
	mw   *MainWindow
	text *widget.Label
	box  *fyne.Container
}

func newLiaisonReminder(mw *MainWindow) *liaisonReminder {
	r := &liaisonReminder{mw: mw, text: widget.NewLabel("")}
	r.text.Wrapping = fyne.TextWrapWord
	r.text.Importance = widget.WarningImportance
	r.text.TextStyle.Bold = true
	open := widget.NewButtonWithIcon("去双联系", theme.AccountIcon(), func() {
		mw.Show(ScreenLiaison)
		if s, ok := mw.screens[ScreenLiaison].(*liaisonScreen); ok {
			s.behind.SetChecked(true)
		}
	})
	r.box = container.NewBorder(nil, nil, nil, container.NewVBox(open), r.text)
	r.box.Hide()
	return r
}

func (r *liaisonReminder) reload() {
	behind, err := r.mw.db.LiaisonBehind(r.mw.ctx, todayText(r.mw))
	if err != nil || len(behind) == 0 {
		r.box.Hide()
		return
	}
	var names []string
	for i, p := range behind {
		if i == 4 {
			names = append(names, fmt.Sprintf("等 %d 对", len(behind)))
			break
		}
		names = append(names, p.Pair.Contact+"—"+p.DeputyName)
	}
	r.text.SetText(fmt.Sprintf("双联系提醒：%s尚有 %d 对结对未走访（每半年至少一次，%s前）：%s", behind[0].PeriodLabel, len(behind),
		store.FormatDate(behind[0].PeriodEnd), strings.Join(names, "、")))
	r.box.Show()
}
