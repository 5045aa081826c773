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

	"deputydesk/app/assess"
	"deputydesk/app/report/assessment"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

// ScreenAssessment is the 年度考核 screen's name.
const ScreenAssessment = "assessment"

func init() {
	registerScreen(screenDef{name: ScreenAssessment, label: "年度考核", order: 70, icon: theme.DocumentIcon,
		make: func(mw *MainWindow) screen { return newAssessScreen(mw) }})
}

var assessCols = columns{widths: []float32{50, 110, 70, 70, 0, 190}}

// yearChoices are the years offered: three back, the current and the next.
func yearChoices(now int) []string {
	var out []string
	for y := now + 1; y >= now-3; y-- {
		out = append(out, strconv.Itoa(y))
	}
	return out
}

// assessScreen is the 年度考核: every deputy's computed score, the raters'
// scores and adjustments, the rules, finalising and reopening, 谈话提醒 and
// 整改报告 for those who failed, and the outputs.
type assessScreen struct {
	mw *MainWindow

	year  int
	data  assess.Year
	rects map[string]store.Rectification
	sel   int

	yearSel *widget.Select
	status  *widget.Label
	summary *widget.Label
	list    *widget.List
	final   *widget.Button
	reopen  *widget.Button
	root    fyne.CanvasObject

	// The dialogs last opened, for tests.
	scoreForm  *ScoreForm
	rulesForm  *RulesForm
	rectForm   *RectForm
	adjustForm *AdjustForm
}

func newAssessScreen(mw *MainWindow) *assessScreen {
	s := &assessScreen{mw: mw, year: mw.db.Now().Year(), sel: -1}
	s.yearSel = newSelect(yearChoices(s.year), func(v string) {
		if y, err := strconv.Atoi(v); err == nil && y != s.year {
			s.year = y
			s.reload()
		}
	})
	s.yearSel.SetSelected(strconv.Itoa(s.year))
	s.status = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.summary = widget.NewLabel("")
	head := cells(assessCols, true)
	setCells(head, "名次", "姓名", "总分", "等次", "评定情况", "谈话与整改")
	s.list = widget.NewList(
		func() int { return len(s.data.Results) },
		func() fyne.CanvasObject { return cells(assessCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := s.data.Results[i]
			done := "各评定主体已评"
			if !r.Complete {
				done = fmt.Sprintf("缺%d项：%s", len(r.Missing), strings.Join(r.Missing, "、"))
			}
			if r.Fraction < 1 {
				done = fmt.Sprintf("在任%d个月；", int(r.Fraction*12+0.5)) + done
			}
			if electorsFrom(r) != "" {
				done += "；选民评分来自述职测评"
			}
			setCells(o.(*fyne.Container), strconv.Itoa(r.Rank), r.Name, strconv.FormatFloat(r.Total, 'f', -1, 64), r.Grade, done, s.rectText(r))
		})
	s.list.OnSelected = func(i widget.ListItemID) { s.sel = i }
	s.list.OnUnselected = func(widget.ListItemID) { s.sel = -1 }

	scores := widget.NewButtonWithIcon("评分录入", theme.DocumentCreateIcon(), func() { s.OpenScores() })
	adjust := widget.NewButtonWithIcon("加减分", theme.ContentAddIcon(), func() { s.OpenAdjust() })
	rect := widget.NewButtonWithIcon("谈话与整改", theme.MailComposeIcon(), func() { s.OpenRect() })
	dossier := widget.NewButtonWithIcon("打印履职档案", theme.DocumentPrintIcon(), func() { s.askDossier() })
	office := widget.NewButtonWithIcon("就任日期", theme.CalendarIcon(), func() { s.askTookOffice() })
	rules := widget.NewButtonWithIcon("评分细则", theme.SettingsIcon(), func() { s.OpenRules() })
	s.final = widget.NewButtonWithIcon("定稿", theme.ConfirmIcon(), func() { s.askFinalise() })
	s.final.Importance = widget.HighImportance
	s.reopen = widget.NewButtonWithIcon("重新开启", theme.ViewRefreshIcon(), func() { s.askReopen() })
	xlsx := widget.NewButtonWithIcon("导出考核表", theme.DocumentSaveIcon(), func() {
		mw.chooseSaveFile(fmt.Sprintf("%d年度履职考核结果.xlsx", s.year), ".xlsx", "导出考核表", s.WriteXLSX)
	})
	notices := widget.NewButtonWithIcon("打印反馈通知书", theme.DocumentPrintIcon(), func() {
		mw.chooseSaveFile(fmt.Sprintf("%d年度履职测评结果反馈通知书.pdf", s.year), ".pdf", "打印反馈通知书", s.WriteNotices)
	})
	rulesX := widget.NewButtonWithIcon("导出细则", theme.DownloadIcon(), func() {
		mw.chooseSaveFile(fmt.Sprintf("%d年度履职评分细则.xlsx", s.year), ".xlsx", "导出评分细则", s.WriteRules)
	})
	top := container.NewVBox(
		container.NewHBox(screenTitle("年度履职考核"), widget.NewLabel("年度"), s.yearSel, s.status),
		s.summary,
		container.NewHBox(scores, adjust, rect, office, dossier, widget.NewSeparator(), rules, s.final, s.reopen),
		container.NewHBox(xlsx, notices, rulesX),
		hintLabel("分数按评分细则从值班、接待、群众反映事项、履职活动、社情民意和代表建议记录自动计算；选中一名代表后可录入评定分、加减分，或打印其履职档案。"),
		head)
	s.root = container.NewBorder(top, nil, nil, nil, s.list)
	return s
}

func (s *assessScreen) view() fyne.CanvasObject { return s.root }

// electorsFrom says where a result's electors' rating came from when a 述职
// 测评 gave it, else "".
func electorsFrom(r assess.Result) string {
	for _, it := range r.Items {
		if f := it.From[store.RaterElectors]; f != "" {
			return f
		}
	}
	return ""
}

func (s *assessScreen) rectText(r assess.Result) string {
	if r.Grade != store.GradeFail {
		return ""
	}
	rc, ok := s.rects[r.DeputyID]
	if !ok {
		return "待谈话提醒"
	}
	var parts []string
	if rc.TalkDay != "" {
		parts = append(parts, "已谈话")
	} else {
		parts = append(parts, "待谈话")
	}
	switch {
	case rc.ReceivedDay != "":
		parts = append(parts, "整改报告已收")
	case rc.DueDay != "" && rc.DueDay < s.mw.db.Now().Format("2006-01-02"):
		parts = append(parts, "整改报告逾期")
	case rc.DueDay != "":
		parts = append(parts, "整改报告"+store.FormatDate(rc.DueDay)+"前")
	}
	return strings.Join(parts, "，")
}

func (s *assessScreen) reload() {
	y, err := assess.Load(s.mw.ctx, s.mw.db, s.year)
	if err != nil {
		showError(s.mw.win, "计算年度考核", err)
		return
	}
	s.data = y
	if s.rects, err = s.mw.db.Rectifications(s.mw.ctx, s.year); err != nil {
		showError(s.mw.win, "读取整改记录", err)
	}
	if y.Final {
		s.status.SetText(fmt.Sprintf("已定稿（%s），分数已冻结", y.FinalisedAt.In(calendar.Beijing).Format("2006年1月2日 15:04")))
		s.final.Disable()
		s.reopen.Enable()
	} else {
		s.status.SetText("未定稿：分数随记录实时计算")
		s.final.Enable()
		s.reopen.Disable()
	}
	c := y.Counts()
	incomplete := 0
	for _, r := range y.Results {
		if !r.Complete {
			incomplete++
		}
	}
	s.summary.SetText(fmt.Sprintf("共%d名代表：优秀%d名，合格%d名，不合格%d名；评定未完成%d名。细则第%d版：基础分%g，优秀≥%g，合格≥%g。",
		len(y.Results), c[store.GradeExcellent], c[store.GradePass], c[store.GradeFail], incomplete, y.Rules.Version, y.Rules.Base, y.Rules.Excellent, y.Rules.Pass))
	s.list.UnselectAll()
	s.sel = -1
	s.list.Refresh()
}

// SetYear shows another year.
func (s *assessScreen) SetYear(y int) { s.yearSel.SetSelected(strconv.Itoa(y)) }

// Select picks a deputy's row by ID.
func (s *assessScreen) Select(deputyID string) bool {
	for i, r := range s.data.Results {
		if r.DeputyID == deputyID {
			s.list.Select(i)
			return true
		}
	}
	return false
}

func (s *assessScreen) selected() (assess.Result, bool) {
	if s.sel < 0 || s.sel >= len(s.data.Results) {
		showInfo("请选择代表", "请先在列表中选中一名代表。", s.mw.win)
		return assess.Result{}, false
	}
	return s.data.Results[s.sel], true
}

// WriteXLSX, WriteNotices and WriteRules write the outputs of the year shown.
func (s *assessScreen) WriteXLSX(w io.Writer) error {
	return assessment.WriteXLSX(w, s.data, s.meta())
}

func (s *assessScreen) WriteNotices(w io.Writer) error {
	return assessment.WriteNotices(w, s.data, s.rects, s.meta())
}

func (s *assessScreen) WriteRules(w io.Writer) error {
	return assessment.WriteRulesXLSX(w, s.data.Rules, s.meta())
}

func (s *assessScreen) meta() assessment.Meta {
	m := assessment.Meta{Unit: "乡镇人大主席团", Date: s.mw.db.Now()}
	if t, err := s.mw.db.Township(s.mw.ctx); err == nil {
		m.Township, m.Unit = t.Name, t.Name+"人大主席团"
	}
	return m
}

func (s *assessScreen) askDossier() {
	r, ok := s.selected()
	if !ok {
		return
	}
	s.mw.chooseSaveFile(fmt.Sprintf("%s%d年度履职档案.pdf", r.Name, s.year), ".pdf", "打印履职档案", func(w io.Writer) error {
		ds, err := assessment.LoadDossier(s.mw.ctx, s.mw.db, s.year, r.DeputyID)
		if err != nil {
			return err
		}
		return assessment.WriteDossier(w, ds, s.meta())
	})
}

// askTookOffice records when a deputy elected during the year took office,
// so their quotas are pro-rated.
func (s *assessScreen) askTookOffice() {
	r, ok := s.selected()
	if !ok {
		return
	}
	day := widget.NewEntry()
	day.SetPlaceHolder("如 2026-04-20；留空则按全年计")
	if m, err := s.mw.db.TookOffice(s.mw.ctx); err == nil {
		day.SetText(m[r.DeputyID])
	}
	dialog.ShowForm(r.Name+" 就任日期", "保存", "取消", []*widget.FormItem{widget.NewFormItem("就任日期", day)}, func(ok bool) {
		if !ok {
			return
		}
		if err := s.mw.db.SetTookOffice(s.mw.ctx, r.DeputyID, day.Text); err != nil {
			showError(s.mw.win, "就任日期", err)
			return
		}
		s.reload()
	}, s.mw.win)
}

func (s *assessScreen) askFinalise() {
	c := s.data.Counts()
	msg := fmt.Sprintf("定稿后%d年度的分数和所用评分细则将冻结，之后修改记录不会改变结果。\n共%d名：优秀%d名，合格%d名，不合格%d名。",
		s.year, len(s.data.Results), c[store.GradeExcellent], c[store.GradePass], c[store.GradeFail])
	s.mw.askVerb("定稿", msg, "定稿", s.Finalise)
}

// Finalise freezes the year shown.
func (s *assessScreen) Finalise() {
	if _, err := assess.Finalise(s.mw.ctx, s.mw.db, s.year); err != nil {
		showError(s.mw.win, "定稿", err)
	}
	s.reload()
}

func (s *assessScreen) askReopen() {
	reason := widget.NewEntry()
	reason.SetPlaceHolder("如：补录第四季度值班记录")
	dialog.ShowForm("重新开启", "重新开启", "取消", []*widget.FormItem{widget.NewFormItem("理由", reason)}, func(ok bool) {
		if ok {
			s.Reopen(reason.Text)
		}
	}, s.mw.win)
}

// Reopen lifts the freeze, logging the reason.
func (s *assessScreen) Reopen(reason string) {
	if err := s.mw.db.ReopenYear(s.mw.ctx, s.year, reason); err != nil {
		showError(s.mw.win, "重新开启", err)
		return
	}
	s.reload()
}

// ScoreForm is where the raters' scores of one deputy are typed.
type ScoreForm struct {
	s       *assessScreen
	deputy  assess.Result
	entries map[[2]string]*widget.Entry // item code, rater
	reason  *widget.Entry
	dlg     dialog.Dialog
}

// OpenScores opens the score form for the selected deputy.
func (s *assessScreen) OpenScores() *ScoreForm {
	r, ok := s.selected()
	if !ok {
		return nil
	}
	f := &ScoreForm{s: s, deputy: r, entries: map[[2]string]*widget.Entry{}}
	var fromNotes []string
	grid := container.NewGridWithColumns(3, widget.NewLabelWithStyle("评分项目", 0, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("评定主体（权重）", 0, fyne.TextStyle{Bold: true}), widget.NewLabelWithStyle("分数", 0, fyne.TextStyle{Bold: true}))
	for _, it := range s.data.Rules.Items {
		if it.Kind != store.ItemManual {
			continue
		}
		is, _ := r.Item(it.Code)
		for _, rw := range it.Raters {
			if from := is.From[rw.Rater]; from != "" {
				// The voters' 测评 gives this score; it is shown, not typed.
				name := widget.NewLabel(it.Name)
				name.Truncation = fyne.TextTruncateEllipsis
				got := widget.NewLabel(strconv.FormatFloat(is.Rated[rw.Rater], 'f', -1, 64) + "（述职测评）")
				fromNotes = append(fromNotes, it.Name+"中“"+rw.Rater+"”的评分来自"+from+"，按得分÷100×"+strconv.FormatFloat(it.Max, 'f', -1, 64)+"折算，无须录入。")
				grid.Add(name)
				grid.Add(widget.NewLabel(fmt.Sprintf("%s（%g）", rw.Rater, rw.Weight)))
				grid.Add(got)
				continue
			}
			e := widget.NewEntry()
			e.SetPlaceHolder(fmt.Sprintf("0–%g", it.Max))
			if v, ok := is.Rated[rw.Rater]; ok {
				e.SetText(strconv.FormatFloat(v, 'f', -1, 64))
			}
			f.entries[[2]string{it.Code, rw.Rater}] = e
			name := widget.NewLabel(it.Name)
			name.Truncation = fyne.TextTruncateEllipsis
			grid.Add(name)
			grid.Add(widget.NewLabel(fmt.Sprintf("%s（%g）", rw.Rater, rw.Weight)))
			grid.Add(e)
		}
	}
	f.reason = widget.NewEntry()
	f.reason.SetPlaceHolder("如：小组会议评定、主席团会议评定")
	body := container.NewVBox(grid, widget.NewForm(widget.NewFormItem("依据", f.reason)))
	for _, n := range fromNotes {
		body.Add(noteLabel(n))
	}
	f.dlg = dialog.NewCustomConfirm(fmt.Sprintf("%s %d年度评定分", r.Name, s.year), "保存", "取消", container.NewVScroll(body), func(ok bool) {
		if ok {
			f.Save()
		}
	}, s.mw.win)
	f.dlg.Resize(fyne.NewSize(640, 520))
	f.dlg.Show()
	s.scoreForm = f
	return f
}

// Set types a score.
func (f *ScoreForm) Set(item, rater, value string) { f.entries[[2]string{item, rater}].SetText(value) }

// Save stores every filled-in score in one transaction; a bad one stops
// with its message and nothing is saved.
func (f *ScoreForm) Save() bool {
	var scores []*store.ManualScore
	for _, it := range f.s.data.Rules.Items {
		for _, rw := range it.Raters {
			e := f.entries[[2]string{it.Code, rw.Rater}]
			if e == nil || strings.TrimSpace(e.Text) == "" {
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(e.Text), 64)
			if err != nil {
				showError(f.s.mw.win, "评定分", &store.ValidationError{Errors: []store.FieldError{{Field: "Points", Label: it.Name + "（" + rw.Rater + "）", Message: "应为数字"}}})
				return false
			}
			is, _ := f.deputy.Item(it.Code)
			if old, ok := is.Rated[rw.Rater]; ok && old == v {
				continue
			}
			scores = append(scores, &store.ManualScore{Year: f.s.year, DeputyID: f.deputy.DeputyID, Item: it.Code, Rater: rw.Rater, Points: v, Reason: f.reason.Text})
		}
	}
	if err := f.s.mw.db.SetManualScores(f.s.mw.ctx, scores); err != nil {
		showError(f.s.mw.win, "评定分", err)
		return false
	}
	f.dlg.Hide()
	f.s.reload()
	return true
}

// AdjustForm adds a 加减分 with its reason and lists the deputy's others.
type AdjustForm struct {
	s      *assessScreen
	deputy assess.Result
	points *widget.Entry
	reason *widget.Entry
	dlg    dialog.Dialog
}

// OpenAdjust opens the adjustment form for the selected deputy.
func (s *assessScreen) OpenAdjust() *AdjustForm {
	r, ok := s.selected()
	if !ok {
		return nil
	}
	f := &AdjustForm{s: s, deputy: r, points: widget.NewEntry(), reason: widget.NewEntry()}
	f.points.SetPlaceHolder("如 2 或 -1.5")
	f.reason.SetPlaceHolder("必填：加减分的事实和依据")
	existing := container.NewVBox()
	adjs, err := s.mw.db.Adjustments(s.mw.ctx, s.year)
	if err != nil {
		showError(s.mw.win, "读取加减分", err)
	}
	for _, a := range adjs {
		if a.DeputyID != r.DeputyID {
			continue
		}
		id := a.ID
		what := fmt.Sprintf("%+g 分：%s", a.Points, a.Reason)
		del := widget.NewButtonWithIcon("撤销", theme.DeleteIcon(), func() {
			s.mw.askVerb("撤销加减分", "撤销"+r.Name+"的加减分“"+what+"”？分数随之重算；撤销记入操作日志，需要时可重新添加。", "撤销", func() {
				if err := s.mw.db.DeleteAdjustment(s.mw.ctx, id); err != nil {
					showError(s.mw.win, "撤销加减分", err)
					return
				}
				f.dlg.Hide()
				s.reload()
				s.mw.notify("已撤销" + r.Name + "的加减分")
			})
		})
		existing.Add(container.NewBorder(nil, nil, nil, del, widget.NewLabel(fmt.Sprintf("%+g 分：%s", a.Points, a.Reason))))
	}
	form := widget.NewForm(widget.NewFormItem("分数", f.points), widget.NewFormItem("理由", f.reason))
	f.dlg = dialog.NewCustomConfirm(fmt.Sprintf("%s %d年度加减分", r.Name, s.year), "添加", "关闭", container.NewVBox(existing, form), func(ok bool) {
		if ok {
			f.Save()
		}
	}, s.mw.win)
	f.dlg.Resize(fyne.NewSize(560, 320))
	f.dlg.Show()
	s.adjustForm = f
	return f
}

// Save adds the adjustment.
func (f *AdjustForm) Save() bool {
	v, err := strconv.ParseFloat(strings.TrimSpace(f.points.Text), 64)
	if err != nil {
		showError(f.s.mw.win, "加减分", &store.ValidationError{Errors: []store.FieldError{{Field: "Points", Label: "分数", Message: "应为数字，如 2 或 -1.5"}}})
		return false
	}
	if err := f.s.mw.db.AddAdjustment(f.s.mw.ctx, &store.Adjustment{Year: f.s.year, DeputyID: f.deputy.DeputyID, Points: v, Reason: f.reason.Text}); err != nil {
		showError(f.s.mw.win, "加减分", err)
		return false
	}
	f.dlg.Hide()
	f.s.reload()
	return true
}

// RectForm records the 谈话提醒 and the 整改报告 of a 不合格 deputy.
type RectForm struct {
	s                                  *assessScreen
	deputy                             assess.Result
	talkDay, talkBy, talkNote, due, rc *widget.Entry
	dlg                                dialog.Dialog
}

// OpenRect opens the form for the selected deputy.
func (s *assessScreen) OpenRect() *RectForm {
	r, ok := s.selected()
	if !ok {
		return nil
	}
	cur := s.rects[r.DeputyID]
	f := &RectForm{s: s, deputy: r, talkDay: widget.NewEntry(), talkBy: widget.NewEntry(), talkNote: widget.NewEntry(), due: widget.NewEntry(), rc: widget.NewEntry()}
	f.talkDay.SetText(cur.TalkDay)
	f.talkBy.SetText(cur.TalkBy)
	f.talkNote.SetText(cur.TalkNote)
	f.due.SetText(cur.DueDay)
	if cur.DueDay == "" {
		f.due.SetText(assessment.DefaultDue(s.mw.db.Now()))
	}
	f.rc.SetText(cur.ReceivedDay)
	for _, e := range []*widget.Entry{f.talkDay, f.due, f.rc} {
		e.SetPlaceHolder("2027-01-15")
	}
	note := fmt.Sprintf("%s %d年度总分%g，等次%s。", r.Name, s.year, r.Total, r.Grade)
	form := widget.NewForm(widget.NewFormItem("谈话日期", f.talkDay), widget.NewFormItem("谈话人", f.talkBy), widget.NewFormItem("谈话要点", f.talkNote),
		widget.NewFormItem("整改报告期限", f.due), widget.NewFormItem("收到整改报告", f.rc))
	f.dlg = dialog.NewCustomConfirm("谈话提醒与整改报告", "保存", "取消", container.NewVBox(widget.NewLabel(note), form), func(ok bool) {
		if ok {
			f.Save()
		}
	}, s.mw.win)
	f.dlg.Resize(fyne.NewSize(560, 360))
	f.dlg.Show()
	s.rectForm = f
	return f
}

// Save stores the dates.
func (f *RectForm) Save() bool {
	rc := &store.Rectification{Year: f.s.year, DeputyID: f.deputy.DeputyID, TalkDay: f.talkDay.Text, TalkBy: f.talkBy.Text, TalkNote: f.talkNote.Text,
		DueDay: f.due.Text, ReceivedDay: f.rc.Text}
	if err := f.s.mw.db.SaveRectification(f.s.mw.ctx, rc); err != nil {
		showError(f.s.mw.win, "谈话提醒与整改报告", err)
		return false
	}
	f.dlg.Hide()
	f.s.reload()
	return true
}

// RulesForm edits the year's 履职评分细则: base, thresholds, and each item's
// points and cap (or a manual item's maximum).
type RulesForm struct {
	s                         *assessScreen
	rules                     store.ScoringRules
	base, maxTotal, exc, pass *widget.Entry
	points, caps              []*widget.Entry
	removes                   []*widget.Check
	dlg                       dialog.Dialog

	// A new item: name, kind, the records it counts, points and cap (or,
	// for a manual item, raters and weights and the maximum).
	NewName, NewPoints, NewCap *widget.Entry
	NewKind                    *widget.Select
	newSources                 map[string]*widget.Check
}

// SetNewSources ticks the records a new item counts.
func (f *RulesForm) SetNewSources(names []string) {
	for _, n := range names {
		if c := f.newSources[n]; c != nil {
			c.SetChecked(true)
		}
	}
}

// newItemSources lists the records a new item can count.
func newItemSources() []string {
	return append([]string{store.SourceDutyPresent, store.SourceDutyAbsent, store.SourceReception, store.SourceCase,
		store.SourceOpinion, store.SourceSuggestion, store.SourceSuggestionA, store.SourceActAbsent}, store.ActivityKinds...)
}

// itemKinds are the kinds a new item can have, as the form shows them.
var itemKinds = map[string]string{"加分（按次计分）": store.ItemCount, "扣分（按次扣分）": store.ItemDeduct, "人工评定": store.ItemManual}

// OpenRules opens the rules of the year shown.
func (s *assessScreen) OpenRules() *RulesForm {
	rules, _, err := s.mw.db.ScoringRulesFor(s.mw.ctx, s.year)
	if err != nil {
		showError(s.mw.win, "评分细则", err)
		return nil
	}
	f := &RulesForm{s: s, rules: rules}
	num := func(v float64) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(strconv.FormatFloat(v, 'f', -1, 64))
		return e
	}
	f.base, f.maxTotal, f.exc, f.pass = num(rules.Base), num(rules.MaxTotal), num(rules.Excellent), num(rules.Pass)
	top := container.NewGridWithColumns(8, widget.NewLabel("基础分"), f.base, widget.NewLabel("满分"), f.maxTotal,
		widget.NewLabel("优秀≥"), f.exc, widget.NewLabel("合格≥"), f.pass)
	grid := container.NewGridWithColumns(6, widget.NewLabelWithStyle("评分项目", 0, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("类型", 0, fyne.TextStyle{Bold: true}), widget.NewLabelWithStyle("计入 / 评定主体", 0, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("每次分值 / 评定主体及权重", 0, fyne.TextStyle{Bold: true}), widget.NewLabelWithStyle("上限 / 最高分", 0, fyne.TextStyle{Bold: true}), widget.NewLabel(""))
	for _, it := range rules.Items {
		p, c := num(it.Points), num(it.Cap)
		what := strings.Join(it.Sources, "、")
		if it.Kind == store.ItemManual {
			// A manual item's raters and weights are typed as
			// "小组评定 0.4、乡镇人大主席团评定 0.6" in the first box.
			var rs []string
			for _, rw := range it.Raters {
				rs = append(rs, fmt.Sprintf("%s %g", rw.Rater, rw.Weight))
			}
			p.SetText(strings.Join(rs, "、"))
			c.SetText(strconv.FormatFloat(it.Max, 'f', -1, 64))
			what = "评定主体及权重 →"
		}
		l := widget.NewLabel(what)
		l.Truncation = fyne.TextTruncateEllipsis
		f.points, f.caps = append(f.points, p), append(f.caps, c)
		name := widget.NewLabel(it.Name)
		name.Truncation = fyne.TextTruncateEllipsis
		grid.Add(name)
		grid.Add(widget.NewLabel(store.ItemKindLabel(it.Kind)))
		grid.Add(l)
		grid.Add(p)
		grid.Add(c)
		rm := widget.NewCheck("删除", nil)
		f.removes = append(f.removes, rm)
		grid.Add(rm)
	}
	// A new item, e.g. a township's own 「积分」 for 乡村振兴 work.
	f.NewName = widget.NewEntry()
	f.NewName.SetPlaceHolder("新项目名称，如：参加乡村振兴专项活动")
	kinds := []string{"加分（按次计分）", "扣分（按次扣分）", "人工评定"}
	f.NewKind = newSelect(kinds, nil)
	f.NewKind.SetSelected(kinds[0])
	sources := newItemSources()
	// Four to a row, so the list does not widen the dialog.
	f.newSources = map[string]*widget.Check{}
	sourceGrid := container.NewGridWithColumns(4)
	for _, src := range sources {
		c := widget.NewCheck(src, nil)
		f.newSources[src] = c
		sourceGrid.Add(c)
	}
	f.NewPoints = widget.NewEntry()
	f.NewPoints.SetPlaceHolder("每次分值（人工评定：小组评定 0.5、主席团评定 0.5）")
	f.NewCap = widget.NewEntry()
	f.NewCap.SetPlaceHolder("上限或最高分，0为不封顶")
	add := container.NewVBox(widget.NewSeparator(), widget.NewLabelWithStyle("新增评分项目（名称留空则不新增）", 0, fyne.TextStyle{Bold: true}),
		container.NewGridWithColumns(2, f.NewName, f.NewKind), widget.NewLabel("计入哪些记录："), sourceGrid,
		container.NewGridWithColumns(2, f.NewPoints, f.NewCap))
	title := fmt.Sprintf("%d年度履职评分细则（第%d版）", s.year, rules.Version)
	body := container.NewBorder(container.NewVBox(top, hintLabel("上限为0表示不封顶。年度已定稿时须先重新开启才能修改。")), nil, nil, nil,
		container.NewVScroll(container.NewVBox(grid, add)))
	f.dlg = dialog.NewCustomConfirm(title, "保存", "取消", body, func(ok bool) {
		if ok {
			f.Save()
		}
	}, s.mw.win)
	f.dlg.Resize(fyne.NewSize(1180, 680))
	f.dlg.Show()
	s.rulesForm = f
	return f
}

// SetItem types an item's points (a manual item's raters and weights) and
// its cap (or maximum).
func (f *RulesForm) SetItem(code, points, limit string) {
	for i, it := range f.rules.Items {
		if it.Code == code {
			f.points[i].SetText(points)
			f.caps[i].SetText(limit)
		}
	}
}

// parseWeights reads "小组评定 0.4、乡镇人大主席团评定 0.6".
func parseWeights(s string) ([]store.RaterWeight, bool) {
	var out []store.RaterWeight
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、,，;；\n", r) }) {
		fs := strings.Fields(part)
		if len(fs) != 2 {
			return nil, false
		}
		w, err := strconv.ParseFloat(fs[1], 64)
		if err != nil {
			return nil, false
		}
		out = append(out, store.RaterWeight{Rater: fs[0], Weight: w})
	}
	return out, len(out) > 0
}

// Save stores the rules as a new version.
func (f *RulesForm) Save() bool {
	r := f.rules
	r.Items = append([]store.ScoreItem(nil), f.rules.Items...)
	bad := func(label string) bool {
		showError(f.s.mw.win, "评分细则", &store.ValidationError{Errors: []store.FieldError{{Field: "Items", Label: label, Message: "应为数字"}}})
		return false
	}
	parse := func(e *widget.Entry, dst *float64, label string) bool {
		v, err := strconv.ParseFloat(strings.TrimSpace(e.Text), 64)
		if err != nil {
			return bad(label)
		}
		*dst = v
		return true
	}
	if !parse(f.base, &r.Base, "基础分") || !parse(f.maxTotal, &r.MaxTotal, "满分") || !parse(f.exc, &r.Excellent, "优秀线") || !parse(f.pass, &r.Pass, "合格线") {
		return false
	}
	for i := range r.Items {
		it := &r.Items[i]
		if it.Kind == store.ItemManual {
			if !parse(f.caps[i], &it.Max, it.Name+"最高分") {
				return false
			}
			rw, ok := parseWeights(f.points[i].Text)
			if !ok {
				showError(f.s.mw.win, "评分细则", &store.ValidationError{Errors: []store.FieldError{{Field: "Items", Label: it.Name + "评定主体及权重",
					Message: "应写成“小组评定 0.4、乡镇人大主席团评定 0.6”"}}})
				return false
			}
			it.Raters = rw
			continue
		}
		if !parse(f.points[i], &it.Points, it.Name+"每次分值") || !parse(f.caps[i], &it.Cap, it.Name+"上限") {
			return false
		}
	}
	var kept []store.ScoreItem
	for i, it := range r.Items {
		if !f.removes[i].Checked {
			kept = append(kept, it)
		}
	}
	r.Items = kept
	if name := strings.TrimSpace(f.NewName.Text); name != "" {
		it := store.ScoreItem{Code: fmt.Sprintf("custom%d", len(f.rules.Items)+1), Name: name, Kind: itemKinds[f.NewKind.Selected]}
		for _, src := range newItemSources() {
			if f.newSources[src].Checked {
				it.Sources = append(it.Sources, src)
			}
		}
		for _, x := range r.Items {
			if x.Code == it.Code {
				it.Code += "b"
			}
		}
		if it.Kind == store.ItemManual {
			if !parse(f.NewCap, &it.Max, name+"最高分") {
				return false
			}
			rw, ok := parseWeights(f.NewPoints.Text)
			if !ok {
				showError(f.s.mw.win, "评分细则", &store.ValidationError{Errors: []store.FieldError{{Field: "Items", Label: name + "评定主体及权重",
					Message: "应写成“小组评定 0.4、乡镇人大主席团评定 0.6”"}}})
				return false
			}
			it.Raters = rw
		} else if !parse(f.NewPoints, &it.Points, name+"每次分值") || !parse(f.NewCap, &it.Cap, name+"上限") {
			return false
		}
		r.Items = append(r.Items, it)
	}
	if err := f.s.mw.db.SaveScoringRules(f.s.mw.ctx, &r); err != nil {
		showError(f.s.mw.win, "评分细则", err)
		return false
	}
	f.dlg.Hide()
	f.s.reload()
	return true
}
