package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	reg "deputydesk/app/register"
	"deputydesk/app/report/poster"
	"deputydesk/store"
)

// registerActions are the register's Excel and poster buttons, shown beside
// 新增代表.
func (mw *MainWindow) registerActions() fyne.CanvasObject {
	imp := widget.NewButtonWithIcon("导入Excel", theme.UploadIcon(), mw.chooseImportFile)
	exp := widget.NewButtonWithIcon("导出Excel", theme.DownloadIcon(), func() {
		mw.chooseSaveFile("代表名册.xlsx", ".xlsx", "导出代表名册", mw.ExportRegister)
	})
	tmpl := widget.NewButtonWithIcon("下载导入模板", theme.DocumentIcon(), func() {
		mw.chooseSaveFile("代表名册导入模板.xlsx", ".xlsx", "下载导入模板", mw.WriteTemplate)
	})
	posters := widget.NewButtonWithIcon("打印公示牌", theme.DocumentPrintIcon(), func() { mw.ShowPosterDialog() })
	return container.NewHBox(imp, exp, tmpl, posters)
}

// runBusy runs work away from the UI behind a progress dialog, then done on
// the UI goroutine. The returned channel closes after done has run (tests
// wait on it).
func (mw *MainWindow) runBusy(title string, work func() error, done func(error)) <-chan struct{} {
	bar := widget.NewProgressBarInfinite()
	dlg := dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewLabel("请稍候……"), bar), mw.win)
	dlg.Show()
	finished := make(chan struct{})
	go func() {
		err := work()
		fyne.Do(func() {
			bar.Stop()
			dlg.Hide()
			done(err)
			close(finished)
		})
	}()
	return finished
}

// chooseSaveFile asks where to save, then writes the file in the background.
func (mw *MainWindow) chooseSaveFile(name, ext, title string, write func(io.Writer) error) {
	d := newFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		mw.saveTo(w, title, write)
	}, mw.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Show()
}

// saveTo writes through w in the background and tells the secretary where
// the file went.
func (mw *MainWindow) saveTo(w fyne.URIWriteCloser, title string, write func(io.Writer) error) <-chan struct{} {
	return mw.runBusy(title, func() error {
		err := write(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return err
	}, func(err error) {
		if err != nil {
			mw.showFileError(title, err)
			return
		}
		showInfo(title, "已保存到："+w.URI().Path(), mw.win)
	})
}

// showFileError shows an error from a report or import: their messages are
// written in Chinese for the secretary; store errors get the store's words.
func (mw *MainWindow) showFileError(title string, err error) {
	var ve *store.ValidationError
	if errors.As(err, &ve) || errors.Is(err, store.ErrNotFound) {
		showError(mw.win, title, err)
		return
	}
	dialog.ShowError(err, mw.win)
}

// ExportRegister writes the whole register in the import template's layout.
func (mw *MainWindow) ExportRegister(w io.Writer) error {
	b, err := reg.LoadBook(mw.ctx, mw.db, true)
	if err != nil {
		return err
	}
	return reg.WriteExport(w, b)
}

// WriteTemplate writes the empty import template.
func (mw *MainWindow) WriteTemplate(w io.Writer) error {
	b, err := reg.LoadBook(mw.ctx, mw.db, false)
	if err != nil {
		return err
	}
	return reg.WriteTemplate(w, b)
}

func (mw *MainWindow) chooseImportFile() {
	d := newFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		mw.PreviewImport(r)
	}, mw.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".xls", ".et", ".ods", ".csv"}))
	d.Show()
}

// ImportPreview is the dialog that shows what an import will do before it
// is committed: counts of 新增/修改/不变, the groups to be created and every
// row that changes. If the sheet has problems it lists them instead and
// nothing can be imported.
type ImportPreview struct {
	mw   *MainWindow
	imp  store.DeputyImport
	Plan *store.ImportPlan
	// Problems lists the sheet's problems (第N行 「字段」：原因), if any.
	Problems []string
	// Read says what was read besides the rows: the sheet, the rows skipped
	// and why, the columns not imported.
	Read []string

	// Conflicts are the rows whose 代表证号 belongs to another deputy, each
	// with its choice (update that deputy, or skip the row), when they are
	// the sheet's only problems.
	Conflicts []*CertConflict

	dlg     *dialog.CustomDialog
	summary *widget.Label
	rows    []store.ImportPlanRow
	ok      *widget.Button
	// Next is 继续 in the conflict dialog: enabled once every row has a choice.
	Next *widget.Button
}

// CertConflict is one row whose 代表证号 belongs to another deputy.
type CertConflict struct {
	Line    int
	Name    string // the row's name
	Owner   string // the deputy holding the 代表证号
	Message string
	Choice  *widget.RadioGroup
}

// The two answers offered for a conflicting row.
const (
	certUpdateLabel = "更新该代表的信息"
	certSkipLabel   = "跳过此行"
)

// PreviewImport reads a register workbook and shows the preview (or the
// list of problems). Nothing is written until 确认导入.
func (mw *MainWindow) PreviewImport(r io.Reader) *ImportPreview {
	p := &ImportPreview{mw: mw}
	name := ""
	if u, ok := r.(fyne.URIReadCloser); ok && u.URI() != nil {
		name = u.URI().Name()
	}
	imp, err := reg.ParseNamed(name, r)
	if err != nil {
		mw.showFileError("导入代表名册", err)
		return nil
	}
	p.imp = imp
	p.Read = imp.Describe()
	if !p.preview() {
		return nil
	}
	return p
}

// preview plans the import with the choices made so far and shows the plan,
// the conflicts to decide, or the problems. It is false when the database
// failed.
func (p *ImportPreview) preview() bool {
	var err error
	p.Plan, err = p.mw.db.PreviewDeputyImport(p.mw.ctx, p.imp)
	var ie *store.ImportError
	switch {
	case errors.As(err, &ie):
		p.Problems = nil
		var conflicts []store.RowError
		for _, e := range ie.Errors {
			p.Problems = append(p.Problems, e.String())
			if e.CertOwnerID != "" {
				conflicts = append(conflicts, e)
			}
		}
		// Only when the conflicts are all that is wrong can a choice make
		// the sheet importable; otherwise the file must be corrected first.
		if len(conflicts) == len(ie.Errors) {
			p.showConflicts(conflicts)
		} else {
			p.showProblems()
		}
	case err != nil:
		p.mw.showFileError("导入代表名册", err)
		return false
	default:
		p.showPlan()
	}
	return true
}

// showConflicts asks, row by row, whether a row whose 代表证号 belongs to
// another deputy updates that deputy or is skipped.
func (p *ImportPreview) showConflicts(errs []store.RowError) {
	names := map[int]string{}
	for _, r := range p.imp.Rows {
		names[r.Line] = r.Deputy.Name
	}
	p.Conflicts = nil
	list := container.NewVBox()
	for _, e := range errs {
		c := &CertConflict{Line: e.Row, Name: names[e.Row], Message: e.Message}
		if d, err := p.mw.db.Deputy(p.mw.ctx, e.CertOwnerID); err == nil {
			c.Owner = d.Name
		}
		c.Choice = widget.NewRadioGroup([]string{certUpdateLabel + "（" + c.Owner + " → " + c.Name + "）", certSkipLabel}, func(string) { p.conflictChosen() })
		c.Choice.Horizontal = true
		what := widget.NewLabelWithStyle(fmt.Sprintf("第%d行 %s", c.Line, c.Name), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		why := widget.NewLabel(c.Message)
		why.Wrapping = fyne.TextWrapWord
		list.Add(container.NewVBox(what, why, c.Choice, widget.NewSeparator()))
		p.Conflicts = append(p.Conflicts, c)
	}
	head := widget.NewLabel(fmt.Sprintf("表格中有%d行的代表证号已属于名册中的另一位代表。请逐行选择：用本行更新该代表的信息（如姓名有误已改正），或跳过此行。选择后会再次预览，确认后才导入。", len(errs)))
	head.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(head)
	if len(p.Read) > 0 {
		top.Add(hintLabel(p.Read[0]))
	}
	body := container.NewBorder(top, nil, nil, nil, container.New(minHeight{h: 320}, container.NewVScroll(list)))
	p.dlg = dialog.NewCustomWithoutButtons("导入代表名册 · 代表证号冲突", body, p.mw.win)
	cancel := widget.NewButtonWithIcon("取消", theme.CancelIcon(), func() { p.dlg.Hide() })
	p.Next = widget.NewButtonWithIcon("继续", theme.NavigateNextIcon(), func() { p.Continue() })
	p.Next.Importance = widget.HighImportance
	p.Next.Disable()
	p.dlg.SetButtons([]fyne.CanvasObject{cancel, p.Next})
	p.dlg.Resize(fyne.NewSize(820, 560))
	p.dlg.Show()
}

func (p *ImportPreview) conflictChosen() {
	for _, c := range p.Conflicts {
		if c.Choice.Selected == "" {
			p.Next.Disable()
			return
		}
	}
	p.Next.Enable()
}

// Continue takes the choices made for the conflicting rows and previews the
// import again, as 继续 does. The choices travel with the sheet, so 确认导入
// applies them in the same single transaction.
func (p *ImportPreview) Continue() {
	choices := map[int]store.CertChoice{}
	for k, v := range p.imp.CertChoices {
		choices[k] = v
	}
	for _, c := range p.Conflicts {
		switch c.Choice.Selected {
		case certSkipLabel:
			choices[c.Line] = store.CertSkip
		case "":
			return
		default:
			choices[c.Line] = store.CertUpdate
		}
	}
	p.imp.CertChoices = choices
	p.dlg.Hide()
	p.Conflicts = nil
	p.rows = nil
	p.preview()
}

func (p *ImportPreview) showProblems() {
	head := widget.NewLabel(fmt.Sprintf("表格中有 %d 处问题，未导入任何数据。请在 Excel 或 WPS 中改正后重新导入：", len(p.Problems)))
	head.Importance = widget.DangerImportance
	head.Wrapping = fyne.TextWrapWord
	list := widget.NewList(func() int { return len(p.Problems) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(p.Problems[i]) })
	top := container.NewVBox(head)
	if len(p.Read) > 0 {
		top.Add(hintLabel(p.Read[0]))
	}
	body := container.NewBorder(top, nil, nil, nil, container.New(minHeight{h: 320}, list))
	p.dlg = dialog.NewCustomWithoutButtons("导入代表名册 · 表格有误", body, p.mw.win)
	p.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton("关闭", func() { p.dlg.Hide() })})
	p.dlg.Resize(fyne.NewSize(760, 520))
	p.dlg.Show()
}

// previewCols: 行号, 姓名, 操作, what changes.
var previewCols = columns{widths: []float32{70, 110, 60, 0}}

func (p *ImportPreview) showPlan() {
	plan := p.Plan
	text := fmt.Sprintf("新增 %d 人 · 修改 %d 人 · 不变 %d 人", plan.New, plan.Changed, plan.Unchanged)
	if len(plan.SkippedLines) > 0 {
		var lines []string
		for _, l := range plan.SkippedLines {
			lines = append(lines, fmt.Sprintf("第%d行", l))
		}
		text += fmt.Sprintf(" · 跳过 %d 行（%s，代表证号冲突）", len(plan.SkippedLines), strings.Join(lines, "、"))
	}
	if len(plan.NewGroups) > 0 {
		text += "\n将新建代表小组：" + strings.Join(plan.NewGroups, "、")
	}
	p.summary = widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.summary.Wrapping = fyne.TextWrapWord
	// New and changed rows first: they are what the secretary must check.
	for _, want := range []store.ImportAction{store.ImportNew, store.ImportChanged, store.ImportUnchanged} {
		for _, r := range plan.Rows {
			if r.Action == want {
				p.rows = append(p.rows, r)
			}
		}
	}
	list := widget.NewList(func() int { return len(p.rows) },
		func() fyne.CanvasObject { return cells(previewCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := p.rows[i]
			what := ""
			switch r.Action {
			case store.ImportNew:
				what = strings.TrimSpace(r.Deputy.Levels.String() + "人大代表 " + r.Deputy.WorkUnit)
			case store.ImportChanged:
				what = "修改：" + strings.Join(r.Changed, "、")
			}
			setCells(o.(*fyne.Container), fmt.Sprintf("第%d行", r.Line), r.Deputy.Name, r.Action.String(), what)
		})
	header := cells(previewCols, true)
	setCells(header, "行号", "姓名", "操作", "内容")
	hint := hintLabel("确认后一次性导入；表格中空白的单元格不会清除已有内容。")
	top := container.NewVBox(p.summary)
	if len(p.Read) > 0 {
		// The sheet read, skipped rows and ignored columns: nothing is dropped without a word.
		read := widget.NewLabel(strings.Join(p.Read, "\n"))
		read.Wrapping = fyne.TextWrapWord
		top.Add(container.New(minHeight{h: 110}, container.NewVScroll(read)))
	}
	top.Add(hint)
	top.Add(header)
	top.Add(widget.NewSeparator())
	body := container.NewBorder(top, nil, nil, nil, container.New(minHeight{h: 320}, list))
	p.dlg = dialog.NewCustomWithoutButtons("导入代表名册 · 预览", body, p.mw.win)
	cancel := widget.NewButtonWithIcon("取消", theme.CancelIcon(), func() { p.dlg.Hide() })
	p.ok = widget.NewButtonWithIcon("确认导入", theme.ConfirmIcon(), func() { p.Confirm() })
	p.ok.Importance = widget.HighImportance
	if plan.New+plan.Changed == 0 && len(plan.NewGroups) == 0 {
		p.ok.Disable() // nothing would change
	}
	p.dlg.SetButtons([]fyne.CanvasObject{cancel, p.ok})
	p.dlg.Resize(fyne.NewSize(820, 560))
	p.dlg.Show()
}

// Summary is the preview's count line as shown.
func (p *ImportPreview) Summary() string {
	if p.summary == nil {
		return ""
	}
	return p.summary.Text
}

// Confirm imports the sheet in one transaction, as 确认导入 does. The sheet
// is checked again inside the transaction, so a register changed since the
// preview cannot be half-imported.
func (p *ImportPreview) Confirm() <-chan struct{} {
	p.dlg.Hide()
	var plan *store.ImportPlan
	return p.mw.runBusy("正在导入代表名册", func() error {
		var err error
		plan, err = p.mw.db.ImportDeputies(p.mw.ctx, p.imp)
		return err
	}, func(err error) {
		var ie *store.ImportError
		if errors.As(err, &ie) {
			p.Problems = nil
			for _, e := range ie.Errors {
				p.Problems = append(p.Problems, e.String())
			}
			p.showProblems()
			return
		}
		if err != nil {
			showError(p.mw.win, "导入代表名册", err)
			return
		}
		p.Plan = plan
		p.mw.changed()
		done := fmt.Sprintf("导入完成：新增 %d 人，修改 %d 人，不变 %d 人", plan.New, plan.Changed, plan.Unchanged)
		if n := len(plan.SkippedLines); n > 0 {
			done += fmt.Sprintf("，跳过 %d 行", n)
		}
		showInfo("导入代表名册", done+"。", p.mw.win)
	})
}

// PosterDialog chooses what the 代表信息公示牌 covers and the paper.
type PosterDialog struct {
	mw    *MainWindow
	dlg   *dialog.CustomDialog
	Scope *widget.Select
	Paper *widget.RadioGroup
	sel   map[string]poster.Select
	ok    *widget.Button
}

const allStationsScope = "全部联络站（每站一张）"

// ShowPosterDialog opens the 打印公示牌 dialog.
func (mw *MainWindow) ShowPosterDialog() *PosterDialog {
	p := &PosterDialog{mw: mw, sel: map[string]poster.Select{allStationsScope: {}}}
	opts := []string{allStationsScope}
	if stations, err := mw.db.Stations(mw.ctx); err == nil {
		for _, s := range stations {
			k := "联络站：" + s.Name
			opts = append(opts, k)
			p.sel[k] = poster.Select{StationID: s.ID}
		}
	}
	if groups, err := mw.db.Groups(mw.ctx); err == nil {
		for _, g := range groups {
			k := "代表小组：" + g.Name
			opts = append(opts, k)
			p.sel[k] = poster.Select{GroupID: g.ID}
		}
	}
	p.Scope = newSelect(opts, nil)
	p.Scope.SetSelected(allStationsScope)
	p.Paper = widget.NewRadioGroup([]string{"A4", "A3"}, nil)
	p.Paper.Horizontal = true
	p.Paper.SetSelected("A4")
	hint := widget.NewLabel("每名在任代表一张卡片：照片、姓名、层级、小组、单位职务、电话、接待时间和代表码（手机扫码可保存联系方式）。资格终止的代表不列入。")
	hint.Wrapping = fyne.TextWrapWord
	form := formGrid(
		[]fyne.CanvasObject{widget.NewLabel("范围"), p.Scope},
		[]fyne.CanvasObject{widget.NewLabel("纸张"), p.Paper},
	)
	p.dlg = dialog.NewCustomWithoutButtons("打印代表信息公示牌", container.NewVBox(hint, form), mw.win)
	cancel := widget.NewButtonWithIcon("取消", theme.CancelIcon(), func() { p.dlg.Hide() })
	p.ok = widget.NewButtonWithIcon("生成PDF…", theme.DocumentPrintIcon(), func() {
		p.dlg.Hide()
		mw.chooseSaveFile("代表信息公示牌.pdf", ".pdf", "生成代表信息公示牌", p.Write)
	})
	p.ok.Importance = widget.HighImportance
	p.dlg.SetButtons([]fyne.CanvasObject{cancel, p.ok})
	p.dlg.Resize(fyne.NewSize(640, 300))
	p.dlg.Show()
	return p
}

// Write prints the chosen posters as PDF into w.
func (p *PosterDialog) Write(w io.Writer) error {
	return poster.Write(p.mw.ctx, p.mw.db, w, p.sel[p.Scope.Selected], poster.Options{Paper: p.Paper.Selected})
}
