package ui

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/atomicfile"
	"deputydesk/app/photo"
	"deputydesk/app/report/projects"
	"deputydesk/store"
)

// ScreenProjects is the 民生实事 screen's name.
const ScreenProjects = "projects"

func init() {
	registerScreen(screenDef{name: ScreenProjects, label: "民生实事", order: 65, icon: theme.ViewFullScreenIcon,
		make: func(mw *MainWindow) screen { return newProjectScreen(mw) }})
}

var (
	projectCols = columns{widths: []float32{50, 0, 140, 100, 150, 100, 90, 70}}
	siteCols    = columns{widths: []float32{50, 110, 0, 140, 130, 170}}
)

// projectScreen is the 民生实事代表票决 of a year: the candidates, the vote
// and its tally, and for the chosen items their 点位 and 销号.
type projectScreen struct {
	mw *MainWindow

	year     int
	book     projects.Book
	selected string // project ID whose 点位 are shown
	sites    []store.ProjectSite
	deputies []store.Deputy

	yearSel   *widget.Select
	status    *widget.Label
	list      *widget.List
	siteList  *widget.List
	siteTitle *widget.Label
	addSite   *widget.Button
	editItem  *widget.Button
	root      fyne.CanvasObject

	// The forms last opened, for tests.
	projectForm *ProjectForm
	tallyForm   *countsForm
	surveyForm  *countsForm
	siteForm    *SiteForm
}

func newProjectScreen(mw *MainWindow) *projectScreen {
	s := &projectScreen{mw: mw, year: mw.db.Now().Year()}
	s.yearSel = newSelect(yearChoices(s.year), func(v string) {
		if y, err := strconv.Atoi(v); err == nil && y != s.year {
			s.year, s.selected = y, ""
			s.reload()
		}
	})
	s.yearSel.SetSelected(strconv.Itoa(s.year))
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.list = widget.NewList(func() int { return len(s.book.Projects) },
		func() fyne.CanvasObject { return cells(projectCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := s.book.Projects[i]
			votes, result, progress, sat := "", "", "", ""
			if s.book.Vote.Tallied {
				votes = fmt.Sprintf("%d／%d／%d", p.VotesFor, p.VotesAgainst, p.VotesAbstain)
				result = "未当选"
				if p.Chosen {
					result = fmt.Sprintf("第%d名当选", p.Rank)
					progress = "销号 " + projects.Progress(p)
				}
			}
			if p.Surveyed() {
				sat = fmt.Sprintf("%.1f%%", p.SatisfactionRate()*100)
			}
			setCells(o.(*fyne.Container), strconv.Itoa(p.Position), p.Title, p.Department, projects.Budget(p.Budget), votes, result, progress, sat)
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.Unselect(i)
		s.Select(s.book.Projects[i].ID)
	}
	s.siteList = widget.NewList(func() int { return len(s.sites) },
		func() fyne.CanvasObject { return cells(siteCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			st := s.sites[i]
			done := "未销号"
			if st.Done() {
				done = "已销号 " + store.FormatDate(st.DoneDay)
			}
			setCells(o.(*fyne.Container), strconv.Itoa(st.Position), st.Location, st.Content, s.book.DeputyNames(st), store.FormatDate(st.PlannedDay), done)
		})
	s.siteList.OnSelected = func(i widget.ListItemID) {
		s.siteList.Unselect(i)
		s.EditSite(s.sites[i])
	}
	head := func(c columns, texts ...string) *fyne.Container {
		h := cells(c, true)
		setCells(h, texts...)
		return h
	}
	add := widget.NewButtonWithIcon("新增候选项目", theme.ContentAddIcon(), func() { s.EditProject(store.Project{Year: s.year, Source: "部门申报"}) })
	add.Importance = widget.HighImportance
	from := widget.NewButtonWithIcon("从事项或建议生成", theme.ContentCopyIcon(), func() { s.OpenImport() })
	vote := widget.NewButtonWithIcon("票决设置", theme.SettingsIcon(), func() { s.OpenVote() })
	tally := widget.NewButtonWithIcon("录入计票", theme.ListIcon(), func() { s.OpenTally() })
	survey := widget.NewButtonWithIcon("满意度测评", theme.ConfirmIcon(), func() { s.OpenSurvey() })
	clear := widget.NewButtonWithIcon("清除计票", theme.ContentUndoIcon(), func() { s.AskClearTally() })
	ballot := widget.NewButtonWithIcon("打印选票", theme.DocumentPrintIcon(), func() { s.save("ballot", "民生实事票决票.pdf", "选票") })
	result := widget.NewButtonWithIcon("打印计票结果", theme.DocumentPrintIcon(), func() { s.save("result", "民生实事计票结果.pdf", "计票结果") })
	progress := widget.NewButtonWithIcon("导出销号进度（PDF）", theme.DocumentPrintIcon(), func() { s.save("progress", "民生实事点位销号进度.pdf", "点位销号进度") })
	workbook := widget.NewButtonWithIcon("导出（Excel）", theme.DocumentSaveIcon(), func() { s.save("xlsx", "民生实事.xlsx", "民生实事工作簿") })
	s.editItem = widget.NewButtonWithIcon("修改项目", theme.DocumentCreateIcon(), func() {
		if p, ok := s.project(s.selected); ok {
			s.EditProject(p)
		}
	})
	s.addSite = widget.NewButtonWithIcon("新增点位", theme.ContentAddIcon(), func() {
		s.EditSite(store.ProjectSite{ProjectID: s.selected})
	})
	s.siteTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.siteTitle.Truncation = fyne.TextTruncateEllipsis
	top := container.NewVBox(
		container.NewHBox(screenTitle("民生实事"), widget.NewLabel("年度"), s.yearSel),
		container.NewHBox(add, from, vote, tally, clear, survey),
		container.NewHBox(ballot, result, progress, workbook),
		s.status,
		head(projectCols, "序号", "项目名称", "责任单位", "投资（万元）", "同意／不同意／弃权", "票决结果", "进度", "满意率"),
	)
	items := container.NewBorder(top, nil, nil, nil, s.list)
	siteBox := container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(s.editItem, s.addSite), s.siteTitle),
		head(siteCols, "序号", "点位", "建设内容", "责任代表", "计划完成", "销号")), nil, nil, nil, s.siteList)
	split := container.NewVSplit(items, siteBox)
	split.Offset = 0.55
	s.root = container.NewPadded(split)
	return s
}

func (s *projectScreen) view() fyne.CanvasObject { return s.root }

func (s *projectScreen) project(id string) (store.Project, bool) {
	for _, p := range s.book.Projects {
		if p.ID == id {
			return p, true
		}
	}
	return store.Project{}, false
}

func (s *projectScreen) reload() {
	ctx, db := s.mw.ctx, s.mw.db
	b, err := projects.Load(ctx, db, s.year)
	if err != nil {
		showError(s.mw.win, "读取民生实事", err)
		return
	}
	s.book = b
	if s.deputies, err = db.Deputies(ctx, store.DeputyFilter{Status: store.StatusActive}); err != nil {
		showError(s.mw.win, "读取代表名册", err)
		return
	}
	v := b.Vote
	text := fmt.Sprintf("%d年候选项目%d项", s.year, len(b.Projects))
	if v.Choose > 0 {
		text += fmt.Sprintf("，应选%d项", v.Choose)
	}
	if v.Session != "" {
		text += "，" + v.Session
	}
	if v.Tallied {
		sites, done := 0, 0
		for _, p := range b.Chosen() {
			sites += p.Sites
			done += p.SitesDone
		}
		text += fmt.Sprintf("。%s票决：应到%d人，实到%d人，当选%d项；点位销号 %d/%d。", store.FormatDate(v.VoteDay), v.Expected, v.Present, len(b.Chosen()), done, sites)
		if v.SurveyDay != "" {
			text += "满意度测评：" + store.FormatDate(v.SurveyDay) + "。"
		}
	} else {
		text += "，尚未计票。票决后当选项目才能分解点位。"
	}
	if len(b.Projects) == 0 {
		text = fmt.Sprintf("%d年还没有民生实事候选项目。点“新增候选项目”，或从群众反映事项、代表建议生成。", s.year)
	}
	s.status.SetText(text)
	if _, ok := s.project(s.selected); !ok {
		s.selected = ""
		if ch := b.Chosen(); len(ch) > 0 {
			s.selected = ch[0].ID
		} else if len(b.Projects) > 0 {
			s.selected = b.Projects[0].ID
		}
	}
	s.list.Refresh()
	s.showSites()
}

// Select shows the 点位 of one item.
func (s *projectScreen) Select(id string) {
	s.selected = id
	s.list.Refresh()
	s.showSites()
}

func (s *projectScreen) showSites() {
	s.sites = s.book.Sites[s.selected]
	p, ok := s.project(s.selected)
	switch {
	case !ok:
		s.siteTitle.SetText("点位")
	case p.Chosen:
		s.siteTitle.SetText(fmt.Sprintf("“%s”的点位：已销号 %s（点击一行修改或销号）", p.Title, projects.Progress(p)))
	default:
		s.siteTitle.SetText(fmt.Sprintf("“%s”未经票决确定，不分解点位", p.Title))
	}
	if ok && p.Chosen {
		s.addSite.Enable()
	} else {
		s.addSite.Disable()
	}
	if ok {
		s.editItem.Enable()
	} else {
		s.editItem.Disable()
	}
	s.siteList.Refresh()
}

// WritePaper writes one of the year's papers to path: ballot, result,
// progress (PDF) or xlsx.
func (s *projectScreen) WritePaper(kind, path string) error {
	b := s.book
	return atomicfile.Write(path, func(w io.Writer) error {
		switch kind {
		case "ballot":
			return projects.WriteBallot(w, b)
		case "result":
			return projects.WriteResult(w, b)
		case "progress":
			return projects.WriteProgress(w, b)
		}
		return projects.WriteXLSX(w, b)
	})
}

func (s *projectScreen) save(kind, name, what string) {
	d := newFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		if err := s.WritePaper(kind, path); err != nil {
			showError(s.mw.win, "导出"+what, err)
			return
		}
		s.mw.notify("已导出" + what + "：" + path)
	}, s.mw.win)
	d.SetFileName(fmt.Sprintf("%d年%s", s.year, name))
	d.Show()
}

// AskClearTally undoes the year's tally after asking, so the candidates can
// be changed (refused once 点位 exist).
func (s *projectScreen) AskClearTally() *confirm {
	if !s.book.Vote.Tallied {
		showError(s.mw.win, "清除计票", fmt.Errorf("%d年还没有计票", s.year))
		return nil
	}
	return s.mw.askVerb("清除计票结果", fmt.Sprintf("确定要清除%d年民生实事的计票结果吗？\n\n清除后可修改候选项目和选票顺序，之后须重新录入计票。", s.year), "清除计票", func() {
		if err := s.mw.db.ClearTally(s.mw.ctx, s.year); err != nil {
			showError(s.mw.win, "清除计票", err)
			return
		}
		s.mw.changed()
		s.mw.notify(fmt.Sprintf("已清除%d年民生实事计票结果", s.year))
	})
}

// ProjectForm edits a candidate item.
type ProjectForm struct {
	s                                    *projectScreen
	p                                    store.Project
	fields                               *fieldSet
	title, dept, budget, content, source *widget.Entry
	sourceSel                            *widget.Select
	dlg                                  *dialog.CustomDialog
	Remove                               *widget.Button
}

// EditProject opens the form of a candidate (empty ID: a new one).
func (s *projectScreen) EditProject(p store.Project) *ProjectForm {
	f := &ProjectForm{s: s, p: p, fields: newFieldSet()}
	f.title, f.dept, f.budget, f.content = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewMultiLineEntry()
	f.title.SetText(p.Title)
	f.dept.SetText(p.Department)
	f.budget.SetText(projects.Budget(p.Budget))
	f.budget.SetPlaceHolder("如 120")
	f.content.SetText(p.Content)
	f.content.SetMinRowsVisible(3)
	f.content.Wrapping = fyne.TextWrapWord
	f.sourceSel = newSelect(store.ProjectSources, nil)
	f.sourceSel.SetSelected(p.Source)
	ref := "（无）"
	if p.SourceRef != "" {
		ref = p.SourceRef
	}
	grid := formGrid(
		f.fields.row("Title", "项目名称", true, f.title),
		f.fields.row("Department", "责任单位", false, f.dept),
		f.fields.row("Budget", "投资（万元）", false, f.budget),
		f.fields.row("Content", "主要内容", false, f.content),
		f.fields.row("Source", "项目来源", false, f.sourceSel),
		[]fyne.CanvasObject{widget.NewLabel("来源记录"), widget.NewLabel(ref)},
	)
	body := container.NewVBox(f.fields.summary, grid)
	if p.ID != "" && s.book.Vote.Tallied {
		body.Add(noteLabel(fmt.Sprintf("票决结果：同意%d、不同意%d、弃权%d，第%d名。", p.VotesFor, p.VotesAgainst, p.VotesAbstain, p.Rank)))
	}
	f.fields.root = body
	var remove func()
	if p.ID != "" {
		remove = func() {
			s.mw.askDelete("删除民生实事项目", "候选项目“"+p.Title+"”", "", func() {
				if err := s.mw.db.DeleteProject(s.mw.ctx, p.ID); err != nil {
					showError(s.mw.win, "删除民生实事项目", err)
					return
				}
				f.dlg.Hide()
				s.mw.changed()
				s.mw.notify("已删除候选项目“" + p.Title + "”，可在回收站恢复")
			})
		}
	}
	f.dlg, _, f.Remove = s.mw.recordDialog("民生实事候选项目", body, fyne.NewSize(640, 480), func() { f.Save() }, "删除", remove)
	f.dlg.Show()
	s.projectForm = f
	return f
}

// Save stores the form; field errors show beside their fields.
func (f *ProjectForm) Save() bool {
	p := f.p
	p.Title, p.Department, p.Content, p.Source = f.title.Text, f.dept.Text, f.content.Text, f.sourceSel.Selected
	p.Budget = 0
	if t := strings.TrimSpace(f.budget.Text); t != "" {
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			f.fields.show(&store.ValidationError{Errors: []store.FieldError{{Field: "Budget", Label: "投资（万元）", Message: "应为数字，如 120 或 35.5"}}})
			return false
		}
		p.Budget = v
	}
	if !f.fields.saved(f.s.mw.win, "保存民生实事项目", f.s.mw.db.SaveProject(f.s.mw.ctx, &p)) {
		return false
	}
	f.dlg.Hide()
	f.s.selected = p.ID
	f.s.mw.changed()
	f.s.mw.notify("已保存民生实事项目“" + p.Title + "”")
	return true
}

// OpenImport drafts a candidate from a 群众反映事项 or a 代表建议 by its
// number, then opens the form to complete it.
func (s *projectScreen) OpenImport() {
	kind := widget.NewRadioGroup([]string{"群众反映事项", "代表建议"}, nil)
	kind.Horizontal = true
	kind.SetSelected("群众反映事项")
	no := widget.NewEntry()
	no.SetPlaceHolder("事项编号如 2026-00012，建议编号如 2026-001")
	body := container.NewVBox(noteLabel("生成的候选项目会记下来源，并可从项目回到原事项或建议。"), formGrid(
		[]fyne.CanvasObject{widget.NewLabel("来源"), kind},
		[]fyne.CanvasObject{widget.NewLabel("编号"), no}))
	var dlg *dialog.CustomDialog
	dlg, _, _ = s.mw.recordDialog("从事项或建议生成候选项目", body, fyne.NewSize(560, 260), func() {
		var p store.Project
		var err error
		if kind.Selected == "代表建议" {
			var id string
			if id, err = s.mw.db.SuggestionIDByNo(s.mw.ctx, no.Text); err == nil {
				p, err = s.mw.db.ProjectFromSuggestion(s.mw.ctx, s.year, id)
			}
		} else {
			var id string
			if id, err = s.mw.db.CaseIDByNo(s.mw.ctx, no.Text); err == nil {
				p, err = s.mw.db.ProjectFromCase(s.mw.ctx, s.year, id)
			}
		}
		if err != nil {
			showError(s.mw.win, "生成候选项目", fmt.Errorf("找不到编号为“%s”的%s：%w", strings.TrimSpace(no.Text), kind.Selected, err))
			return
		}
		dlg.Hide()
		s.EditProject(p)
	}, "", nil)
	dlg.Show()
}

// OpenVote sets the session, the day and how many items to choose.
func (s *projectScreen) OpenVote() {
	v := s.book.Vote
	fields := newFieldSet()
	session, choose, day := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	session.SetText(v.Session)
	session.SetPlaceHolder("如 城关镇第十八届人民代表大会第三次会议")
	if v.Choose > 0 {
		choose.SetText(strconv.Itoa(v.Choose))
	}
	day.SetText(v.VoteDay)
	day.SetPlaceHolder("如 2027-01-12")
	body := container.NewVBox(fields.summary, formGrid(
		fields.row("Session", "会议名称", false, session),
		fields.row("Choose", "应选项目数", true, choose),
		fields.row("VoteDay", "票决日期", false, day)))
	fields.root = body
	var dlg *dialog.CustomDialog
	dlg, _, _ = s.mw.recordDialog("民生实事票决设置", body, fyne.NewSize(600, 300), func() {
		nv := v
		nv.Year, nv.Session, nv.VoteDay = s.year, session.Text, day.Text
		nv.Choose, _ = strconv.Atoi(strings.TrimSpace(choose.Text))
		if fields.saved(s.mw.win, "保存票决设置", s.mw.db.SaveProjectVote(s.mw.ctx, &nv)) {
			dlg.Hide()
			s.mw.changed()
		}
	}, "", nil)
	dlg.Show()
}

// countsForm is a table of three counts per item: the tally (同意, 不同意,
// 弃权) or the 测评 (满意, 基本满意, 不满意), with the figures above it.
type countsForm struct {
	dlg    *dialog.CustomDialog
	heads  []*widget.Entry // 应到, 实到 (tally) or none; then the day
	day    *widget.Entry
	rows   map[string][3]*widget.Entry
	order  []store.Project
	Save   func() bool
	fields *fieldSet
}

func (s *projectScreen) newCountsForm(title string, items []store.Project, names [3]string, value func(store.Project) [3]int, tops [][2]string) *countsForm {
	f := &countsForm{rows: map[string][3]*widget.Entry{}, order: items, fields: newFieldSet()}
	var top [][]fyne.CanvasObject
	for _, t := range tops {
		e := widget.NewEntry()
		e.SetText(t[1])
		f.heads = append(f.heads, e)
		top = append(top, []fyne.CanvasObject{widget.NewLabel(t[0]), e})
	}
	f.day = f.heads[0]
	grid := container.NewGridWithColumns(4, widget.NewLabelWithStyle("项目", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(names[0], fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(names[1], fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(names[2], fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	for _, p := range items {
		v := value(p)
		var es [3]*widget.Entry
		l := widget.NewLabel(fmt.Sprintf("%d．%s", p.Position, p.Title))
		l.Truncation = fyne.TextTruncateEllipsis
		grid.Add(l)
		for k := range es {
			es[k] = widget.NewEntry()
			if v != [3]int{} {
				es[k].SetText(strconv.Itoa(v[k]))
			}
			grid.Add(es[k])
		}
		f.rows[p.ID] = es
	}
	body := container.NewBorder(container.NewVBox(f.fields.summary, formGrid(top...)), nil, nil, nil, container.NewVScroll(grid))
	f.fields.root = body
	f.dlg, _, _ = s.mw.recordDialog(title, body, fyne.NewSize(760, 560), func() { f.Save() }, "", nil)
	return f
}

// counts reads the table; a cell that is not a whole number is named.
func (f *countsForm) counts() (map[string][3]int, error) {
	out := map[string][3]int{}
	for _, p := range f.order {
		var n [3]int
		for k, e := range f.rows[p.ID] {
			t := strings.TrimSpace(e.Text)
			if t == "" {
				t = "0"
			}
			v, err := strconv.Atoi(t)
			if err != nil || v < 0 {
				return nil, fmt.Errorf("第%d项“%s”的票数“%s”应为非负整数", p.Position, p.Title, e.Text)
			}
			n[k] = v
		}
		out[p.ID] = n
	}
	return out, nil
}

func atoiField(e *widget.Entry) int {
	n, _ := strconv.Atoi(strings.TrimSpace(e.Text))
	return n
}

// OpenTally enters the counted votes.
func (s *projectScreen) OpenTally() *countsForm {
	v := s.book.Vote
	if len(s.book.Projects) == 0 {
		showError(s.mw.win, "录入计票", fmt.Errorf("%d年还没有候选项目", s.year))
		return nil
	}
	expected := v.Expected
	if expected == 0 {
		expected = len(s.deputies)
	}
	present := ""
	if v.Present > 0 {
		present = strconv.Itoa(v.Present)
	}
	f := s.newCountsForm("录入计票结果", s.book.Projects, [3]string{"同意", "不同意", "弃权"},
		func(p store.Project) [3]int { return [3]int{p.VotesFor, p.VotesAgainst, p.VotesAbstain} },
		[][2]string{{"票决日期", v.VoteDay}, {"应到代表", strconv.Itoa(expected)}, {"实到代表", present}})
	f.Save = func() bool {
		counts, err := f.counts()
		if err != nil {
			showError(s.mw.win, "保存计票结果", err)
			return false
		}
		t := store.Tally{Year: s.year, VoteDay: f.day.Text, Expected: atoiField(f.heads[1]), Present: atoiField(f.heads[2]), Votes: map[string]store.Votes{}}
		for id, n := range counts {
			t.Votes[id] = store.Votes{For: n[0], Against: n[1], Abstain: n[2]}
		}
		if err := s.mw.db.SaveTally(s.mw.ctx, t); err != nil {
			showError(s.mw.win, "保存计票结果", err)
			return false
		}
		f.dlg.Hide()
		s.mw.changed()
		s.mw.notify(fmt.Sprintf("已保存%d年民生实事计票结果", s.year))
		return true
	}
	f.dlg.Show()
	s.tallyForm = f
	return f
}

// OpenSurvey enters the year-end 满意度测评 of the chosen items.
func (s *projectScreen) OpenSurvey() *countsForm {
	chosen := s.book.Chosen()
	if len(chosen) == 0 {
		showError(s.mw.win, "满意度测评", fmt.Errorf("%d年还没有经票决确定的项目", s.year))
		return nil
	}
	day := s.book.Vote.SurveyDay
	if day == "" {
		day = s.mw.db.Now().Format("2006-01-02")
	}
	f := s.newCountsForm("年终满意度测评", chosen, [3]string{"满意", "基本满意", "不满意"},
		func(p store.Project) [3]int { return [3]int{p.SatGood, p.SatFair, p.SatBad} },
		[][2]string{{"测评日期", day}})
	f.Save = func() bool {
		counts, err := f.counts()
		if err != nil {
			showError(s.mw.win, "保存满意度测评", err)
			return false
		}
		sv := map[string]store.Survey{}
		for id, n := range counts {
			sv[id] = store.Survey{Good: n[0], Fair: n[1], Bad: n[2]}
		}
		if err := s.mw.db.SaveSurvey(s.mw.ctx, s.year, f.day.Text, sv); err != nil {
			showError(s.mw.win, "保存满意度测评", err)
			return false
		}
		f.dlg.Hide()
		s.mw.changed()
		s.mw.notify(fmt.Sprintf("已保存%d年民生实事满意度测评", s.year))
		return true
	}
	f.dlg.Show()
	s.surveyForm = f
	return f
}

// SiteForm edits one 点位: where, what, who leads it, and its 销号.
type SiteForm struct {
	s                                       *projectScreen
	site                                    store.ProjectSite
	fields                                  *fieldSet
	location, content, planned, done, proof *widget.Entry
	deputies                                *checklist
	photoNote                               *widget.Label
	photo                                   []byte // chosen in this form, saved with it
	dlg                                     *dialog.CustomDialog
	Remove                                  *widget.Button
}

// EditSite opens a 点位's form (empty ID: a new one of the selected item).
func (s *projectScreen) EditSite(site store.ProjectSite) *SiteForm {
	f := &SiteForm{s: s, site: site, fields: newFieldSet()}
	f.location, f.content, f.planned, f.done, f.proof = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewMultiLineEntry()
	f.location.SetText(site.Location)
	f.location.SetPlaceHolder("村（社区）或路段")
	f.content.SetText(site.Content)
	f.planned.SetText(site.PlannedDay)
	f.planned.SetPlaceHolder("如 2027-06-30")
	f.done.SetText(site.DoneDay)
	f.done.SetPlaceHolder("完成并查看后填写")
	f.proof.SetText(site.Evidence)
	f.proof.SetMinRowsVisible(2)
	f.proof.Wrapping = fyne.TextWrapWord
	var items []checkItem
	for _, d := range s.deputies {
		items = append(items, checkItem{id: d.ID, label: d.Name + "　" + d.WorkUnit, hay: d.Name + d.WorkUnit})
	}
	f.deputies = newChecklist(items, site.DeputyIDs, "名代表", nil)
	f.photoNote = widget.NewLabel("未上传现场照片")
	if site.HasPhoto {
		f.photoNote.SetText("已有现场照片")
	}
	today := widget.NewButton("今天销号", func() { f.done.SetText(s.mw.db.Now().Format("2006-01-02")) })
	pick := widget.NewButtonWithIcon("选择现场照片", theme.FileImageIcon(), func() {
		d := newFileOpen(func(rc fyne.URIReadCloser, err error) {
			if err != nil || rc == nil {
				return
			}
			defer rc.Close()
			b, err := photo.PrepareEvidence(rc)
			if err != nil {
				showError(s.mw.win, "现场照片", err)
				return
			}
			f.photo = b
			f.photoNote.SetText("已选择照片，保存后存入")
		}, s.mw.win)
		d.Show()
	})
	grid := formGrid(
		f.fields.row("Location", "点位", true, f.location),
		f.fields.row("Content", "建设内容", false, f.content),
		f.fields.row("PlannedDay", "计划完成日期", false, f.planned),
		f.fields.row("DeputyIDs", "责任代表", true, f.deputies.view(150)),
		f.fields.row("DoneDay", "销号日期", false, container.NewBorder(nil, nil, nil, today, f.done)),
		f.fields.row("Evidence", "销号说明", false, f.proof),
		[]fyne.CanvasObject{widget.NewLabel("现场照片"), container.NewHBox(pick, f.photoNote)},
	)
	title := "点位"
	if p, ok := s.project(site.ProjectID); ok {
		title = "“" + p.Title + "”的点位"
	}
	body := container.NewVBox(f.fields.summary, grid)
	f.fields.root = body
	var remove func()
	if site.ID != "" {
		remove = func() {
			s.mw.askDelete("删除点位", "点位“"+site.Location+"”", "", func() {
				if err := s.mw.db.DeleteProjectSite(s.mw.ctx, site.ID); err != nil {
					showError(s.mw.win, "删除点位", err)
					return
				}
				f.dlg.Hide()
				s.mw.changed()
				s.mw.notify("已删除点位“" + site.Location + "”，可在回收站恢复")
			})
		}
	}
	f.dlg, _, f.Remove = s.mw.recordDialog(title, container.NewVScroll(body), fyne.NewSize(680, 620), func() { f.Save() }, "删除", remove)
	f.dlg.Show()
	s.siteForm = f
	return f
}

// Save stores the 点位 and, when one was chosen, its photo.
func (f *SiteForm) Save() bool {
	st := f.site
	st.Location, st.Content, st.PlannedDay, st.DoneDay, st.Evidence = f.location.Text, f.content.Text, f.planned.Text, f.done.Text, f.proof.Text
	st.DeputyIDs = f.deputies.ids()
	db, ctx := f.s.mw.db, f.s.mw.ctx
	if !f.fields.saved(f.s.mw.win, "保存点位", db.SaveProjectSite(ctx, &st)) {
		return false
	}
	if f.photo != nil {
		if err := db.SetSitePhoto(ctx, st.ID, f.photo); err != nil {
			showError(f.s.mw.win, "保存现场照片", err)
			return false
		}
	}
	f.dlg.Hide()
	f.s.mw.changed()
	what := "已保存点位“" + st.Location + "”"
	if st.Done() {
		what = "点位“" + st.Location + "”已销号"
	}
	f.s.mw.notify(what)
	return true
}

// projectProgress is the 首页's line on the year's 民生实事: 销号 x/y per
// chosen item, and a click through to the screen.
type projectProgress struct {
	mw   *MainWindow
	text *widget.Label
	box  fyne.CanvasObject
}

func newProjectProgress(mw *MainWindow) *projectProgress {
	p := &projectProgress{mw: mw, text: widget.NewLabel("")}
	p.text.Wrapping = fyne.TextWrapWord
	open := widget.NewButton("查看民生实事", func() { mw.Show(ScreenProjects) })
	p.box = container.NewBorder(container.NewBorder(nil, nil, widget.NewLabelWithStyle("民生实事点位销号", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), open),
		nil, nil, nil, p.text)
	return p
}

// Text is what the 首页 shows, for tests.
func (p *projectProgress) Text() string { return p.text.Text }

func (p *projectProgress) reload() {
	year := p.mw.db.Now().Year()
	ps, err := p.mw.db.Projects(p.mw.ctx, year)
	if err != nil {
		p.text.SetText("读取民生实事失败：" + store.UserMessage(err))
		return
	}
	var lines []string
	sites, done := 0, 0
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Rank < ps[j].Rank })
	for _, pr := range ps {
		if !pr.Chosen {
			continue
		}
		sites += pr.Sites
		done += pr.SitesDone
		lines = append(lines, fmt.Sprintf("%s　销号 %s", pr.Title, projects.Progress(pr)))
	}
	if len(lines) == 0 {
		p.text.SetText(fmt.Sprintf("%d年还没有经代表票决确定的民生实事项目。", year))
		return
	}
	p.text.SetText(fmt.Sprintf("%d年共%d项，点位销号 %d/%d\n", year, len(lines), done, sites) + strings.Join(lines, "\n"))
}
