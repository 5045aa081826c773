package ui

import (
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// townshipForm edits the township settings; the first-run screen and the
// settings screen both use it.
type townshipForm struct {
	mw     *MainWindow
	t      store.Township
	fields *fieldSet

	name, code, county, term, termStart, termEnd, secretary, phone *widget.Entry

	save  *widget.Button
	saved *widget.Label
	done  func()
}

func newTownshipForm(mw *MainWindow, t store.Township, saveText string, done func()) *townshipForm {
	f := &townshipForm{mw: mw, t: t, fields: newFieldSet(), done: done}
	entry := func(text, hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		e.SetPlaceHolder(hint)
		return e
	}
	f.name = entry(t.Name, "如：城关镇")
	f.code = entry(t.Code, "9位或12位数字")
	f.county = entry(t.County, "如：平遥县")
	f.term = entry(t.TermName, "如：第十八届")
	f.termStart = entry(store.FormatDate(t.TermStart), "如：2021-12-28")
	f.termEnd = entry(store.FormatDate(t.TermEnd), "如：2026-12-27")
	f.secretary = entry(t.Secretary, "姓名")
	f.phone = entry(t.Phone, "手机号或带区号的固定电话")
	f.save = widget.NewButtonWithIcon(saveText, theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.saved = widget.NewLabel("")
	f.saved.Importance = widget.SuccessImportance
	return f
}

func (f *townshipForm) view() fyne.CanvasObject {
	fs := f.fields
	grid := formGrid(
		fs.row("Name", "乡镇名称", true, f.name),
		fs.row("Code", "行政区划代码", true, f.code),
		fs.row("County", "所属县（市、区）", false, f.county),
		fs.row("TermName", "届次", false, f.term),
		fs.row("TermStart", "届期开始", false, f.termStart),
		fs.row("TermEnd", "届期结束", false, f.termEnd),
		fs.row("Secretary", "人大秘书", false, f.secretary),
		fs.row("Phone", "联系电话", false, f.phone),
	)
	hint := hintLabel("带 * 的为必填项。日期可写作 2026-11-22、2026.11.22 或 2026年11月22日。")
	return container.NewVBox(grid, hint, fs.summary, container.NewHBox(f.save, f.saved))
}

// submit validates and saves; field errors appear next to their fields and
// nothing is saved.
func (f *townshipForm) submit() {
	t := f.t
	t.Name, t.Code, t.County, t.TermName = f.name.Text, f.code.Text, f.county.Text, f.term.Text
	t.TermStart, t.TermEnd, t.Secretary, t.Phone = f.termStart.Text, f.termEnd.Text, f.secretary.Text, f.phone.Text
	f.saved.SetText("")
	if !f.fields.saved(f.mw.win, "保存乡镇设置", f.mw.db.SaveTownship(f.mw.ctx, &t)) {
		return
	}
	f.t = t
	f.termStart.SetText(store.FormatDate(t.TermStart))
	f.termEnd.SetText(store.FormatDate(t.TermEnd))
	f.saved.SetText("已保存（" + f.mw.db.Now().In(calendar.Beijing).Format("15:04") + "）")
	if f.done != nil {
		f.done()
	}
}

// settingsScreen shows the township settings, where the data lives, and a
// button to back it up now.
type settingsScreen struct {
	mw   *MainWindow
	form *townshipForm
	// deadlines edits the 办理时限 by 办理方式.
	deadlines *deadlineForm
	box       *fyne.Container

	backup       *widget.Button
	backupResult *widget.Label
	// FullPhones and IDNumbers are the visitors' privacy switches.
	FullPhones, IDNumbers *widget.Check
	// working counts backups under way; tests wait on it.
	working sync.WaitGroup
}

func newSettingsScreen(mw *MainWindow) *settingsScreen {
	s := &settingsScreen{mw: mw, box: container.NewStack()}
	s.backup = widget.NewButtonWithIcon("立即备份", theme.UploadIcon(), s.backupNow)
	s.backupResult = widget.NewLabel("")
	return s
}

func (s *settingsScreen) reload() {
	t, err := s.mw.db.Township(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取乡镇设置", err)
		return
	}
	if s.form != nil && s.form.t.UpdatedAt.Equal(t.UpdatedAt) {
		return // keep what is being typed
	}
	s.form = newTownshipForm(s.mw, t, "保存设置", func() { s.mw.refreshTownship() })
	where := widget.NewLabel("数据文件：" + s.mw.db.Path() + "\n每天第一次打开时自动备份到：" + s.mw.db.BackupDir() +
		"\n所有数据只保存在这台电脑上；请不时把备份文件夹复制到U盘。")
	s.deadlines = newDeadlineForm(s.mw)
	body := container.NewVBox(screenTitle("设置 · 本乡镇信息"), s.form.view(), widget.NewSeparator(),
		screenTitle("办理时限"), s.deadlines.view(), widget.NewSeparator(),
		screenTitle("群众个人信息"), s.privacyView(), widget.NewSeparator(),
		screenTitle("数据与备份"), where, container.NewHBox(s.backup, s.backupResult))
	scroll := container.NewVScroll(container.NewPadded(limitWidth(760, body)))
	s.form.fields.root = scroll
	s.deadlines.fields.root = scroll
	s.box.Objects = []fyne.CanvasObject{scroll}
	s.box.Refresh()
}

func (s *settingsScreen) view() fyne.CanvasObject { return s.box }

// privacyView holds the two switches for visitors' personal data in the
// 月度台账 and the 上报包; each change is saved at once and change-logged.
func (s *settingsScreen) privacyView() fyne.CanvasObject {
	p, err := s.mw.db.Privacy(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取设置", err)
	}
	save := func() {
		np := store.Privacy{FullPhones: s.FullPhones.Checked, IDNumbers: s.IDNumbers.Checked}
		if err := s.mw.db.SavePrivacy(s.mw.ctx, np); err != nil {
			showError(s.mw.win, "保存设置", err)
		}
	}
	s.FullPhones = widget.NewCheck("月度台账和上报包中显示群众的完整电话（默认隐去中间四位，如 138****5678）", nil)
	s.FullPhones.SetChecked(p.FullPhones)
	s.FullPhones.OnChanged = func(bool) { save() }
	s.IDNumbers = widget.NewCheck("月度台账和上报包中列出群众的身份证号（默认不列）", nil)
	s.IDNumbers.SetChecked(p.IDNumbers)
	s.IDNumbers.OnChanged = func(bool) { save() }
	return container.NewVBox(s.FullPhones, s.IDNumbers,
		hintLabel("台账会离开本乡镇，只有县人大明确要求时才打开这两项。程序内的接待记录始终保存完整信息。"))
}

// backupNow copies the database in the background (a large file takes a
// while) and reports back on the UI thread through fyne.Do.
func (s *settingsScreen) backupNow() {
	s.backup.Disable()
	s.backupResult.SetText("正在备份……")
	s.working.Add(1)
	go func() {
		path, err := s.mw.db.Backup(s.mw.ctx, "manual")
		fyne.Do(func() {
			defer s.working.Done()
			s.backup.Enable()
			if err != nil && path == "" {
				s.backupResult.SetText("备份失败")
				showError(s.mw.win, "备份", err)
				return
			}
			s.backupResult.SetText("已备份（" + s.mw.db.Now().In(calendar.Beijing).Format("15:04") + "）：" + filepath.Base(path))
		})
	}()
}
