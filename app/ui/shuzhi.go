package ui

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	shuzhireport "deputydesk/app/report/shuzhi"
	"deputydesk/store"
)

// ScreenShuzhi is the 述职测评 screen.
const ScreenShuzhi = "shuzhi"

func init() {
	registerScreen(screenDef{name: ScreenShuzhi, label: "述职测评", order: 62, icon: theme.ConfirmIcon,
		make: func(mw *MainWindow) screen { return newShuzhiScreen(mw) }})
}

var shuzhiCols = columns{widths: []float32{135, 290, 200, 85, 120, 0}}

// shuzhiScreen lists a year's 述职 with their 测评 results.
type shuzhiScreen struct {
	mw      *MainWindow
	year    int
	yearSel *widget.Select
	rows    []store.ShuzhiRecord
	count   *widget.Label
	list    *widget.List
	root    fyne.CanvasObject
	form    *ShuzhiForm
}

func newShuzhiScreen(mw *MainWindow) *shuzhiScreen {
	s := &shuzhiScreen{mw: mw, year: mw.db.Now().Year()}
	// 述职 are held at the year's end: until this year's, the screen opens
	// on the latest year that has some.
	if cur, err := mw.db.ShuzhiList(mw.ctx, store.ShuzhiFilter{Year: s.year}); err == nil && len(cur) == 0 {
		if all, err := mw.db.ShuzhiList(mw.ctx, store.ShuzhiFilter{}); err == nil && len(all) > 0 {
			s.year = all[0].Year()
		}
	}
	s.yearSel = newSelect(yearChoices(mw.db.Now().Year()), func(v string) {
		if y, err := strconv.Atoi(v); err == nil && y != s.year {
			s.year = y
			s.reload()
		}
	})
	s.yearSel.SetSelected(strconv.Itoa(s.year))
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	add := widget.NewButtonWithIcon("登记述职", theme.ContentAddIcon(), func() { s.Edit("") })
	add.Importance = widget.HighImportance
	s.list = widget.NewList(func() int { return len(s.rows) },
		func() fyne.CanvasObject { return cells(shuzhiCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			setCells(o.(*fyne.Container), shuzhiCells(s.rows[i])...)
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i >= 0 && i < len(s.rows) {
			s.Edit(s.rows[i].ID)
		}
	}
	header := cells(shuzhiCols, true)
	setCells(header, "述职日期", "述职对象", "述职代表", "参加人数", "测评表", "测评结果")
	hint := hintLabel("登记述职后打印测评表，收回后录入票数：满意率和测评得分作为年度考核“年终核定”中“" + store.RaterElectors + "”的评分，并计入“向选民述职”。")
	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(screenTitle("述职测评"), widget.NewLabel("年度"), s.yearSel), add),
		container.NewBorder(nil, nil, nil, s.count),
		container.NewPadded(header), widget.NewSeparator())
	s.root = container.NewPadded(container.NewBorder(top, hint, nil, nil, s.list))
	return s
}

func shuzhiCells(r store.ShuzhiRecord) []string {
	who := strings.Join(r.DeputyNames, "、")
	if len(r.DeputyNames) > 3 {
		who = strings.Join(r.DeputyNames[:3], "、") + fmt.Sprintf("等%d人", len(r.DeputyNames))
	}
	sheets, result := "—", "尚未录入测评票数"
	if r.Tallied {
		sheets = fmt.Sprintf("收回%d/发出%d", r.Returned, r.Handed)
		result = shuzhiResultText(r)
	}
	return []string{store.FormatDate(r.Day), r.AudienceText(), who, strconv.Itoa(r.Attendees) + " 人", sheets, result}
}

// shuzhiResultText sums up a tallied 述职: one deputy's 满意率 and 得分, or
// the range over several.
func shuzhiResultText(r store.ShuzhiRecord) string {
	if len(r.Scores) == 0 {
		return "尚未录入测评票数"
	}
	if len(r.Scores) == 1 {
		sc := r.Scores[0]
		return fmt.Sprintf("满意率%s，得分%.1f", sc.RateText(), sc.Score)
	}
	lo, hi := r.Scores[0], r.Scores[0]
	sum := 0.0
	for _, sc := range r.Scores {
		if sc.Rate < lo.Rate {
			lo = sc
		}
		if sc.Rate > hi.Rate {
			hi = sc
		}
		sum += sc.Score
	}
	return fmt.Sprintf("满意率%s至%s，平均得分%.1f", lo.RateText(), hi.RateText(), sum/float64(len(r.Scores)))
}

func (s *shuzhiScreen) view() fyne.CanvasObject { return s.root }

func (s *shuzhiScreen) reload() {
	rows, err := s.mw.db.ShuzhiList(s.mw.ctx, store.ShuzhiFilter{Year: s.year})
	if err != nil {
		showError(s.mw.win, "读取述职测评", err)
		return
	}
	s.rows = rows
	done := 0
	for _, r := range rows {
		if r.Tallied {
			done++
		}
	}
	s.count.SetText(fmt.Sprintf("%d年共 %d 次述职，已录入测评 %d 次", s.year, len(rows), done))
	s.list.Refresh()
}

// Rows is what the list shows, for tests.
func (s *shuzhiScreen) Rows() [][]string {
	var out [][]string
	for _, r := range s.rows {
		out = append(out, shuzhiCells(r))
	}
	return out
}

// SetYear shows another year.
func (s *shuzhiScreen) SetYear(y int) { s.yearSel.SetSelected(strconv.Itoa(y)) }

// ShuzhiForm is the dialog of one 述职.
type ShuzhiForm struct {
	s      *shuzhiScreen
	rec    store.ShuzhiRecord
	fields *fieldSet
	dlg    *dialog.CustomDialog

	day, district, place, attendees, items *widget.Entry
	topics                                 *widget.Entry
	audience, group                        *widget.Select
	groupIDs                               map[string]string
	groups                                 map[string]store.Group
	deputies                               *checklist
	tally                                  *TallyForm
}

const noGroup = "（不选）"

// Edit opens a 述职 (id "" for a new one).
func (s *shuzhiScreen) Edit(id string) *ShuzhiForm {
	mw := s.mw
	rec := store.ShuzhiRecord{Shuzhi: store.Shuzhi{Day: todayText(mw), Audience: store.AudienceDistrict, Items: store.DefaultShuzhiItems}}
	if id != "" {
		var err error
		if rec, err = mw.db.ShuzhiRecord(mw.ctx, id); err != nil {
			showError(mw.win, "读取述职", err)
			return nil
		}
	}
	deps, err := mw.db.Deputies(mw.ctx, store.DeputyFilter{})
	if err != nil {
		showError(mw.win, "读取代表名册", err)
		return nil
	}
	groups, err := mw.db.Groups(mw.ctx)
	if err != nil {
		showError(mw.win, "读取代表小组", err)
		return nil
	}
	f := &ShuzhiForm{s: s, rec: rec, fields: newFieldSet(), groupIDs: map[string]string{}, groups: map[string]store.Group{}}
	entry := func(text, hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		e.SetPlaceHolder(hint)
		return e
	}
	f.day = entry(rec.Day, "如 2026-12-20")
	f.district = entry(rec.District, "如：第3选区（龙泉村）")
	f.place = entry(rec.Place, "如：龙泉村村委会会议室")
	att := ""
	if rec.Attendees > 0 {
		att = strconv.Itoa(rec.Attendees)
	}
	f.attendees = entry(att, "到会选民人数")
	f.items = entry(strings.Join(rec.Items, "、"), "用顿号分隔，如 履职情况、联系群众、总体评价")
	f.topics = widget.NewMultiLineEntry()
	f.topics.SetMinRowsVisible(3)
	f.topics.SetText(rec.Topics)
	f.topics.SetPlaceHolder("述职的主要内容")
	f.audience = newSelect(store.ShuzhiAudiences, nil)
	setSelect(f.audience, rec.Audience)
	options := []string{noGroup}
	selected := noGroup
	for _, g := range groups {
		options = append(options, g.Name)
		f.groupIDs[g.Name] = g.ID
		f.groups[g.Name] = g
		if g.ID == rec.GroupID {
			selected = g.Name
		}
	}
	var items []checkItem
	for _, d := range deps {
		if d.Status == store.StatusActive || containsID(rec.DeputyIDs, d.ID) {
			items = append(items, checkItem{id: d.ID, label: d.Name + "　" + d.WorkUnit, hay: d.Name + d.WorkUnit})
		}
	}
	f.deputies = newChecklist(items, rec.DeputyIDs, "名代表", nil)
	f.group = newSelect(options, func(name string) {
		// Choosing a group with no one ticked yet ticks its members.
		if g, ok := f.groups[name]; ok && len(f.deputies.ids()) == 0 {
			for _, id := range g.MemberIDs {
				f.deputies.checked[id] = true
			}
			f.deputies.filter()
		}
	})
	f.group.SetSelected(selected)
	fs := f.fields
	grid := formGrid(
		fs.row("Day", "述职日期", true, f.day),
		fs.row("Audience", "述职对象", true, f.audience),
		fs.row("GroupID", "代表小组", false, f.group),
		fs.row("District", "选区", false, f.district),
		fs.row("Place", "地点", false, f.place),
		fs.row("Attendees", "参加选民人数", false, f.attendees),
		fs.row("Topics", "述职内容", false, f.topics),
		fs.row("Items", "测评项目", true, f.items),
		fs.row("DeputyIDs", "述职代表", true, f.deputies.view(180)),
	)
	body := container.NewVBox(fs.summary, grid)
	if rec.ID != "" {
		state := widget.NewLabelWithStyle("测评结果："+shuzhiResultText(rec), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		state.Wrapping = fyne.TextWrapWord
		tally := widget.NewButtonWithIcon("录入测评票数", theme.ListIcon(), func() { f.OpenTally() })
		sheet := widget.NewButtonWithIcon("打印测评表", theme.DocumentPrintIcon(), func() {
			mw.chooseSaveFile(rec.Day+"述职满意度测评表.pdf", ".pdf", "打印测评表", f.WriteSheet)
		})
		result := widget.NewButtonWithIcon("打印测评结果", theme.DocumentPrintIcon(), func() {
			mw.chooseSaveFile(rec.Day+"述职满意度测评结果统计表.pdf", ".pdf", "打印测评结果", f.WriteResult)
		})
		if !rec.Tallied {
			result.Disable()
		}
		body.Add(widget.NewSeparator())
		body.Add(state)
		body.Add(container.NewHBox(tally, sheet, result))
	}
	fs.root = container.NewVScroll(container.NewPadded(body))
	title := "登记述职"
	var remove func()
	if rec.ID != "" {
		title = "述职 · " + store.FormatDate(rec.Day) + " " + rec.AudienceText()
		remove = func() {
			mw.askDeleteRecord("删除述职", store.FormatDate(f.rec.Day)+"向"+f.rec.AudienceText()+"的述职",
				func() (string, error) { return mw.db.ShuzhiImpact(mw.ctx, f.rec.ID) },
				func() error { return mw.db.DeleteShuzhi(mw.ctx, f.rec.ID) },
				func() { f.dlg.Hide() })
		}
	}
	f.dlg, _, _ = mw.recordDialog(title, fs.root, fyne.NewSize(860, 700), func() { f.Save() }, "删除此述职", remove)
	s.form = f
	f.dlg.Show()
	return f
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// WriteSheet prints the blank 测评表.
func (f *ShuzhiForm) WriteSheet(w io.Writer) error {
	return shuzhireport.WriteSheet(f.s.mw.ctx, f.s.mw.db, w, f.rec.ID, shuzhireport.Options{})
}

// WriteResult prints the 测评结果统计表.
func (f *ShuzhiForm) WriteResult(w io.Writer) error {
	return shuzhireport.WriteResult(f.s.mw.ctx, f.s.mw.db, w, f.rec.ID, shuzhireport.Options{})
}

// Save saves the 述职, as 保存 does.
func (f *ShuzhiForm) Save() bool {
	s := f.rec.Shuzhi
	s.Day, s.Audience, s.District, s.Place, s.Topics = f.day.Text, f.audience.Selected, f.district.Text, f.place.Text, f.topics.Text
	s.GroupID = f.groupIDs[f.group.Selected]
	s.Items = strings.FieldsFunc(f.items.Text, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ' ' || r == '　' })
	s.DeputyIDs = f.deputies.ids()
	s.Attendees = 0
	if t := strings.TrimSpace(f.attendees.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			f.fields.show(&store.ValidationError{Errors: []store.FieldError{{Field: "Attendees", Label: "参加选民人数", Message: "应为整数"}}})
			return false
		}
		s.Attendees = n
	}
	mw := f.s.mw
	if !f.fields.saved(mw.win, "保存述职", mw.db.SaveShuzhi(mw.ctx, &s)) {
		return false
	}
	isNew := f.rec.ID == ""
	f.dlg.Hide()
	mw.changed()
	if isNew {
		mw.notify("已登记述职，可点击该行打印测评表")
	} else {
		mw.notify("已保存述职")
	}
	f.rec.Shuzhi = s
	return true
}

// TallyForm is where the counts of the returned 测评表 are typed: the
// sheets handed out and returned, then per deputy and item the ticks of
// 满意, 基本满意 and 不满意.
type TallyForm struct {
	f        *ShuzhiForm
	rec      store.ShuzhiRecord
	fields   *fieldSet
	handed   *widget.Entry
	returned *widget.Entry
	cells    map[[2]string][3]*widget.Entry // deputy ID, item
	dlg      *dialog.CustomDialog
	scroll   *container.Scroll
	save     *widget.Button
}

// OpenTally opens the count form of the 述职.
func (f *ShuzhiForm) OpenTally() *TallyForm {
	mw := f.s.mw
	rec, err := mw.db.ShuzhiRecord(mw.ctx, f.rec.ID)
	if err != nil {
		showError(mw.win, "读取述职", err)
		return nil
	}
	tf := &TallyForm{f: f, rec: rec, fields: newFieldSet(), cells: map[[2]string][3]*widget.Entry{}}
	num := func(n int) string {
		if n == 0 && !rec.Tallied {
			return ""
		}
		return strconv.Itoa(n)
	}
	tf.handed = countEntry()
	tf.handed.SetText(num(rec.Handed))
	if rec.Handed == 0 && rec.Attendees > 0 {
		tf.handed.SetText(strconv.Itoa(rec.Attendees))
	}
	tf.returned = countEntry()
	tf.returned.SetText(num(rec.Returned))
	fs := tf.fields
	top := formGrid(fs.row("Handed", "发出测评表（份）", true, tf.handed), fs.row("Returned", "收回测评表（份）", true, tf.returned))
	bold := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	}
	// The column heads stay put while the lines scroll under them.
	heads := container.NewGridWithColumns(4, widget.NewLabelWithStyle("代表 · 测评项目", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		bold(store.ChoiceSatisfied), bold(store.ChoiceBasic), bold(store.ChoiceUnsatisfied))
	grid := container.NewGridWithColumns(4)
	old := map[[2]string]store.ShuzhiTally{}
	for _, sc := range rec.Scores {
		for _, t := range sc.Tallies {
			old[[2]string{t.DeputyID, t.Item}] = t
		}
	}
	for i, id := range rec.DeputyIDs {
		for _, it := range rec.Items {
			key := [2]string{id, it}
			o := old[key]
			l := widget.NewLabel(rec.DeputyNames[i] + " · " + it)
			l.Truncation = fyne.TextTruncateEllipsis
			grid.Add(l)
			var es [3]*widget.Entry
			for k, v := range []int{o.Satisfied, o.Basic, o.Unsatisfied} {
				es[k] = countEntry()
				if rec.Tallied {
					es[k].SetText(strconv.Itoa(v))
				}
				grid.Add(es[k])
			}
			tf.cells[key] = es
		}
	}
	hint := hintLabel("每一行三项之和不能多于收回份数，少于收回份数的部分为未选（弃权）。")
	tf.scroll = container.NewVScroll(grid)
	body := container.NewBorder(container.NewVBox(fs.summary, top, hint, heads), nil, nil, nil, tf.scroll)
	fs.root = body
	tf.dlg, tf.save, _ = mw.recordDialog("录入测评票数 · "+store.FormatDate(rec.Day)+" "+rec.AudienceText(), body, fyne.NewSize(780, 640), func() { tf.Save() }, "", nil)
	f.tally = tf
	tf.dlg.Show()
	return tf
}

// countEntry is an entry for a few digits. It has no scroller of its own:
// an entry's own scroller clips its text to itself alone, so the rows
// scrolled out of the grid drew their numbers under the dialog's buttons.
func countEntry() *widget.Entry {
	e := widget.NewEntry()
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = container.ScrollNone
	return e
}

// Set types one line's counts, for tests.
func (tf *TallyForm) Set(deputyID, item string, satisfied, basic, unsatisfied int) {
	es := tf.cells[[2]string{deputyID, item}]
	for k, v := range []int{satisfied, basic, unsatisfied} {
		es[k].SetText(strconv.Itoa(v))
	}
}

// Save stores the counts in one transaction; a bad cell or line is named
// and nothing is saved.
func (tf *TallyForm) Save() bool {
	mw := tf.f.s.mw
	var ps []store.FieldError
	atoi := func(e *widget.Entry, field, label string) int {
		t := strings.TrimSpace(e.Text)
		if t == "" {
			return 0
		}
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			ps = append(ps, store.FieldError{Field: field, Label: label, Message: "“" + e.Text + "”应为非负整数"})
		}
		return n
	}
	c := &store.ShuzhiCount{ShuzhiID: tf.rec.ID, Handed: atoi(tf.handed, "Handed", "发出测评表"), Returned: atoi(tf.returned, "Returned", "收回测评表")}
	for i, id := range tf.rec.DeputyIDs {
		for _, it := range tf.rec.Items {
			es := tf.cells[[2]string{id, it}]
			label := "“" + tf.rec.DeputyNames[i] + "”的“" + it + "”"
			t := store.ShuzhiTally{DeputyID: id, Item: it, Satisfied: atoi(es[0], "Tallies", label+"满意票"),
				Basic: atoi(es[1], "Tallies", label+"基本满意票"), Unsatisfied: atoi(es[2], "Tallies", label+"不满意票")}
			c.Tallies = append(c.Tallies, t)
		}
	}
	if len(ps) > 0 {
		tf.fields.show(&store.ValidationError{Errors: ps})
		return false
	}
	if !tf.fields.saved(mw.win, "保存测评票数", mw.db.SaveShuzhiCount(mw.ctx, c)) {
		return false
	}
	tf.dlg.Hide()
	tf.f.dlg.Hide()
	mw.changed()
	rec, err := mw.db.ShuzhiRecord(mw.ctx, tf.rec.ID)
	if err == nil {
		mw.notify("已保存测评票数：" + shuzhiResultText(rec))
	}
	return true
}

// OpenShuzhi shows the 述职测评 screen and opens the 述职 id (the newest
// listed when id is ""); with tally it opens its count form too.
func (mw *MainWindow) OpenShuzhi(id string, tally bool) *ShuzhiForm {
	mw.Show(ScreenShuzhi)
	s, ok := mw.screens[ScreenShuzhi].(*shuzhiScreen)
	if !ok {
		return nil
	}
	if id == "" {
		if len(s.rows) == 0 {
			return nil
		}
		id = s.rows[0].ID
	}
	f := s.Edit(id)
	if f != nil && tally {
		f.OpenTally()
	}
	return f
}
