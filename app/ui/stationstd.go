package ui

import (
	"fmt"
	"io"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/photo"
	"deputydesk/app/report/stationstd"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

// 联络站标准化建设: the overview of every station, and per station its
// checklists, each item checked with evidence, and its star rating.

var standardCols = columns{widths: []float32{170, 64, 140, 220, 0, 56}}

// StandardsOverview is the dialog listing every station against the checklists.
type StandardsOverview struct {
	mw   *MainWindow
	head []string
	rows [][]string
	ids  []string
	list *widget.List
	sum  *widget.Label
	dlg  *dialog.CustomDialog
}

// OpenStandardsOverview shows the 标准化建设 overview of all stations.
func (mw *MainWindow) OpenStandardsOverview() *StandardsOverview {
	o := &StandardsOverview{mw: mw, sum: widget.NewLabel("")}
	o.sum.Wrapping = fyne.TextWrapWord
	o.list = widget.NewList(func() int { return len(o.rows) },
		func() fyne.CanvasObject { return cells(o.cols(), false) },
		func(i widget.ListItemID, c fyne.CanvasObject) { setCells(c.(*fyne.Container), o.rows[i]...) })
	o.list.OnSelected = func(i widget.ListItemID) {
		o.list.UnselectAll()
		if i >= 0 && i < len(o.ids) {
			mw.OpenStationStandards(o.ids[i])
		}
	}
	if !o.reload() {
		return nil
	}
	header := cells(o.cols(), true)
	setCells(header, o.head...)
	print := widget.NewButtonWithIcon("打印总览（PDF）", theme.DocumentPrintIcon(), func() {
		mw.chooseSaveFile("联络站标准化建设总览.pdf", ".pdf", "打印标准化建设总览", func(w io.Writer) error {
			return stationstd.WriteOverview(mw.ctx, mw.db, w, stationstd.Options{})
		})
	})
	hint := hintLabel("点击一个站点，逐项登记「五有」「六统一」「九有」的检查情况、上传佐证照片、评定星级。")
	top := container.NewVBox(o.sum, container.NewPadded(header), widget.NewSeparator())
	body := container.NewBorder(top, hint, nil, nil, o.list)
	o.dlg = dialog.NewCustomWithoutButtons("联络站标准化建设总览", body, mw.win)
	o.dlg.SetButtons([]fyne.CanvasObject{print, widget.NewButtonWithIcon("关闭", theme.CancelIcon(), func() { o.dlg.Hide() })})
	o.dlg.Resize(fyne.NewSize(1100, 560))
	mw.standardsOverview = o
	o.dlg.Show()
	return o
}

func (o *StandardsOverview) cols() columns {
	// name, kind, stars, 示范, one per checklist, 全部达标, 最近检查
	w := make([]float32, len(o.head))
	for i := range w {
		switch {
		case i == 0:
			w[i] = 0
		case i == 1:
			w[i] = 100
		case i == 2:
			w[i] = 80
		case i == 3 || i == len(w)-2:
			w[i] = 70
		case i == len(w)-1:
			w[i] = 140
		default:
			w[i] = 110
		}
	}
	return columns{widths: w}
}

func (o *StandardsOverview) reload() bool {
	ov, err := stationstd.LoadOverview(o.mw.ctx, o.mw.db)
	if err != nil {
		showError(o.mw.win, "读取标准化建设情况", err)
		return false
	}
	o.head, o.rows = ov.Table()
	o.ids = o.ids[:0]
	for _, r := range ov.Rows {
		o.ids = append(o.ids, r.Station.ID)
	}
	n, model, complete, byStars := ov.Figures()
	o.sum.SetText(fmt.Sprintf("共 %d 个站点：全部达标 %d 个，示范站 %d 个，五星级 %d 个，四星级 %d 个，三星级 %d 个。",
		n, complete, model, byStars[5], byStars[4], byStars[3]))
	o.list.Refresh()
	return true
}

// Rows is the overview as shown, for tests.
func (o *StandardsOverview) Rows() [][]string { return o.rows }

// StationStandards is the 标准化建设 dialog of one station.
type StationStandards struct {
	mw        *MainWindow
	stationID string
	station   store.Station
	lists     []store.Checklist
	checks    map[string]store.StationCheck

	stars              *widget.Select
	model              *widget.Check
	ratedDay, ratedBy  *widget.Entry
	ratingFields       *fieldSet
	summary            *widget.Label
	tabs               *container.AppTabs
	itemLists          []*widget.List
	dlg                *dialog.CustomDialog
	checkForm          *CheckForm
	lastItemEditor     *dialog.CustomDialog
	lastItemEditorName *widget.Entry
}

// OpenStationStandards shows one station's checklists and rating.
func (mw *MainWindow) OpenStationStandards(stationID string) *StationStandards {
	s := &StationStandards{mw: mw, stationID: stationID, ratingFields: newFieldSet()}
	st, err := mw.db.Station(mw.ctx, stationID)
	if err != nil {
		showError(mw.win, "读取联络站", err)
		return nil
	}
	s.station = st
	r, err := mw.db.StationRating(mw.ctx, stationID)
	if err != nil {
		showError(mw.win, "读取星级评定", err)
		return nil
	}
	s.stars = newSelect(store.StarLabels(), nil)
	s.stars.SetSelected(store.StarLabel(r.Stars))
	s.model = widget.NewCheck("评为示范站", nil)
	s.model.SetChecked(r.Model)
	s.ratedDay = widget.NewEntry()
	s.ratedDay.SetPlaceHolder("如 2026-11-20")
	s.ratedDay.SetText(r.Day)
	s.ratedBy = widget.NewEntry()
	s.ratedBy.SetPlaceHolder("如 县人大常委会")
	s.ratedBy.SetText(r.RatedBy)
	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.tabs = container.NewAppTabs()
	if !s.reload() {
		return nil
	}
	fs := s.ratingFields
	rating := container.NewBorder(nil, nil, nil,
		widget.NewButtonWithIcon("保存评定", theme.DocumentSaveIcon(), func() { s.SaveRating() }),
		container.NewGridWithColumns(4,
			container.NewBorder(nil, nil, widget.NewLabel("星级"), nil, container.NewVBox(s.stars, fs.errLine("Stars"))),
			s.model,
			container.NewBorder(nil, nil, widget.NewLabel("评定日期"), nil, container.NewVBox(s.ratedDay, fs.errLine("Day"))),
			container.NewBorder(nil, nil, widget.NewLabel("评定单位"), nil, s.ratedBy)))
	top := container.NewVBox(
		widget.NewLabelWithStyle(st.Kind+" · "+st.Address, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		fs.summary, rating, s.summary, widget.NewSeparator())
	hint := hintLabel("点击一项登记检查情况（达标或未达标、检查日期、检查人、情况说明）并上传佐证照片；「九有」等标准的项目可增删改。")
	body := container.NewBorder(top, hint, nil, nil, s.tabs)
	s.dlg = dialog.NewCustomWithoutButtons("标准化建设 · "+st.Name, body, mw.win)
	print := widget.NewButtonWithIcon("打印核查表（PDF）", theme.DocumentPrintIcon(), func() {
		mw.chooseSaveFile(st.Name+"标准化建设核查表.pdf", ".pdf", "打印标准化建设核查表", func(w io.Writer) error {
			return stationstd.WriteChecklists(mw.ctx, mw.db, w, []string{stationID}, stationstd.Options{})
		})
	})
	s.dlg.SetButtons([]fyne.CanvasObject{print, widget.NewButtonWithIcon("关闭", theme.CancelIcon(), func() { s.dlg.Hide() })})
	s.dlg.Resize(fyne.NewSize(1100, 720))
	mw.stationStandards = s
	s.dlg.Show()
	return s
}

// errLine gives a field an error line without a label, for compact rows.
func (f *fieldSet) errLine(field string) fyne.CanvasObject {
	e := widget.NewLabel("")
	e.Importance = widget.DangerImportance
	e.Hide()
	f.errs[field] = e
	f.labels[field] = widget.NewLabel("")
	f.order = append(f.order, field)
	return e
}

func (s *StationStandards) reload() bool {
	lists, err := s.mw.db.StationChecklists(s.mw.ctx)
	if err != nil {
		showError(s.mw.win, "读取检查标准", err)
		return false
	}
	checks, err := s.mw.db.StationChecks(s.mw.ctx, s.stationID)
	if err != nil {
		showError(s.mw.win, "读取检查记录", err)
		return false
	}
	s.lists, s.checks = lists, checks
	selected := s.tabs.SelectedIndex()
	s.tabs.Items = nil
	s.itemLists = nil
	var text string
	for li := range lists {
		l := lists[li]
		met := 0
		for _, it := range l.Items {
			if c, ok := checks[it.ID]; ok && c.Met {
				met++
			}
		}
		text += fmt.Sprintf("「%s」达标 %d/%d 项　", l.Name, met, len(l.Items))
		list := widget.NewList(func() int { return len(l.Items) },
			func() fyne.CanvasObject { return cells(standardCols, false) },
			func(i widget.ListItemID, o fyne.CanvasObject) {
				setCells(o.(*fyne.Container), s.itemCells(l.Items[i])...)
			})
		list.OnSelected = func(i widget.ListItemID) {
			list.UnselectAll()
			if i >= 0 && i < len(l.Items) {
				s.EditCheck(l.Items[i].ID)
			}
		}
		s.itemLists = append(s.itemLists, list)
		header := cells(standardCols, true)
		setCells(header, "检查项目", "结果", "检查日期", "检查人", "情况说明", "照片")
		add := widget.NewButtonWithIcon("新增项目", theme.ContentAddIcon(), func() { s.EditItem(store.ChecklistItem{ChecklistID: l.ID}) })
		tab := container.NewBorder(container.NewVBox(container.NewPadded(header), widget.NewSeparator()),
			container.NewHBox(add), nil, nil, list)
		s.tabs.Append(container.NewTabItem("「"+l.Name+"」", tab))
	}
	if selected >= 0 && selected < len(s.tabs.Items) {
		s.tabs.SelectIndex(selected)
	}
	s.tabs.Refresh()
	s.summary.SetText(text)
	return true
}

func (s *StationStandards) itemCells(it store.ChecklistItem) []string {
	c, ok := s.checks[it.ID]
	if !ok {
		return []string{it.Label, "未检查", "", "", "", ""}
	}
	res := "达标"
	if !c.Met {
		res = "未达标"
	}
	photos := ""
	if c.Photos > 0 {
		photos = strconv.Itoa(c.Photos) + " 张"
	}
	return []string{it.Label, res, store.FormatDate(c.Day), c.CheckedBy, c.Note, photos}
}

// ItemRows is what the tab of checklist n shows, for tests.
func (s *StationStandards) ItemRows(n int) [][]string {
	var out [][]string
	for _, it := range s.lists[n].Items {
		out = append(out, s.itemCells(it))
	}
	return out
}

// SaveRating saves the stars and 示范 status, as 保存评定 does.
func (s *StationStandards) SaveRating() bool {
	stars, _ := store.ParseStars(s.stars.Selected)
	r := &store.StationRating{StationID: s.stationID, Stars: stars, Model: s.model.Checked, Day: s.ratedDay.Text, RatedBy: s.ratedBy.Text}
	if !s.ratingFields.saved(s.mw.win, "保存星级评定", s.mw.db.SaveStationRating(s.mw.ctx, r)) {
		return false
	}
	s.mw.notify(s.station.Name + " 评定为 " + r.Label())
	s.refreshOverview()
	return true
}

func (s *StationStandards) refreshOverview() {
	if o := s.mw.standardsOverview; o != nil {
		o.reload()
	}
}

// EditItem opens the small form that adds (ID "") or renames a checklist item.
func (s *StationStandards) EditItem(it store.ChecklistItem) {
	name := widget.NewEntry()
	name.SetText(it.Label)
	name.SetPlaceHolder("如：有代表履职档案")
	fs := newFieldSet()
	title := "新增检查项目"
	if it.ID != "" {
		title = "修改检查项目"
	}
	var dlg *dialog.CustomDialog
	save := func() {
		item := it
		item.Label = name.Text
		if !fs.saved(s.mw.win, title, s.mw.db.SaveChecklistItem(s.mw.ctx, &item)) {
			return
		}
		dlg.Hide()
		s.reload()
		s.refreshOverview()
	}
	var remove func()
	if it.ID != "" {
		remove = func() {
			s.mw.askDeleteRecord("删除检查项目", "检查项目“"+it.Label+"”（所有站点）",
				func() (string, error) { return s.mw.db.ChecklistItemImpact(s.mw.ctx, it.ID) },
				func() error { return s.mw.db.DeleteChecklistItem(s.mw.ctx, it.ID) },
				func() {
					dlg.Hide()
					if s.checkForm != nil {
						s.checkForm.dlg.Hide()
					}
					s.reload()
					s.refreshOverview()
				})
		}
	}
	body := container.NewVBox(hintLabel("项目名称对所有站点生效；删除项目会把各站点对它的检查记录一并移入回收站。"), fs.summary,
		formGrid(fs.row("Label", "检查项目", true, name)))
	dlg, _, _ = s.mw.recordDialog(title, body, fyne.NewSize(560, 280), save, "删除此项目", remove)
	s.lastItemEditor, s.lastItemEditorName = dlg, name
	dlg.Show()
}

// CheckForm is the dialog of one item checked at one station.
type CheckForm struct {
	s      *StationStandards
	item   store.ChecklistItem
	check  store.StationCheck
	fields *fieldSet
	dlg    *dialog.CustomDialog

	result         *widget.RadioGroup
	day, by, note  *widget.Entry
	photos         *fyne.Container
	photoNote      *widget.Label
	clear, addShot *widget.Button
}

// EditCheck opens the check of one item at this station.
func (s *StationStandards) EditCheck(itemID string) *CheckForm {
	var item store.ChecklistItem
	var listName string
	for _, l := range s.lists {
		for _, it := range l.Items {
			if it.ID == itemID {
				item, listName = it, l.Name
			}
		}
	}
	f := &CheckForm{s: s, item: item, fields: newFieldSet()}
	c, ok := s.checks[itemID]
	if !ok {
		c = store.StationCheck{StationID: s.stationID, ItemID: itemID, Met: true,
			Day: s.mw.db.Now().In(calendar.Beijing).Format("2006-01-02")}
		// The last checker is usually the next one.
		for _, o := range s.checks {
			if o.UpdatedAt.After(c.UpdatedAt) {
				c.CheckedBy, c.UpdatedAt = o.CheckedBy, o.UpdatedAt
			}
		}
	}
	f.check = c
	f.result = widget.NewRadioGroup([]string{"达标", "未达标"}, nil)
	f.result.Horizontal = true
	f.result.Required = true
	if c.Met {
		f.result.SetSelected("达标")
	} else {
		f.result.SetSelected("未达标")
	}
	f.day = widget.NewEntry()
	f.day.SetText(c.Day)
	f.day.SetPlaceHolder("如 2026-11-20")
	f.by = widget.NewEntry()
	f.by.SetText(c.CheckedBy)
	f.by.SetPlaceHolder("如 县人大代表工委 刘建军")
	f.note = widget.NewMultiLineEntry()
	f.note.SetMinRowsVisible(3)
	f.note.SetText(c.Note)
	f.note.SetPlaceHolder("查看了什么、还差什么、整改要求")
	f.photos = container.NewGridWrap(fyne.NewSize(170, 170))
	f.photoNote = widget.NewLabel("")
	f.addShot = widget.NewButtonWithIcon("添加佐证照片", theme.ContentAddIcon(), f.choosePhoto)
	f.clear = widget.NewButtonWithIcon("清除检查记录", theme.DeleteIcon(), f.AskClear)
	f.clear.Importance = widget.DangerImportance
	rename := widget.NewButtonWithIcon("修改项目名称", theme.DocumentCreateIcon(), func() { s.EditItem(item) })
	fs := f.fields
	grid := formGrid(
		fs.row("Met", "检查结果", true, f.result),
		fs.row("Day", "检查日期", true, f.day),
		fs.row("CheckedBy", "检查人", true, f.by),
		fs.row("Note", "情况说明", false, f.note),
		fs.row("Photo", "佐证照片", false, container.NewVBox(f.photos, f.photoNote, container.NewHBox(f.addShot))),
	)
	body := container.NewVBox(container.NewBorder(nil, nil, widget.NewLabelWithStyle("「"+listName+"」"+item.Label,
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), rename), fs.summary, grid)
	fs.root = container.NewVScroll(container.NewPadded(body))
	var remove func()
	if c.ID != "" {
		remove = f.AskClear
	}
	f.dlg, _, _ = s.mw.recordDialog(s.station.Name+" · "+item.Label, fs.root, fyne.NewSize(820, 620), func() {
		if f.Save() {
			f.dlg.Hide()
		}
	}, "清除检查记录", remove)
	f.loadPhotos()
	s.checkForm = f
	f.dlg.Show()
	return f
}

// Save saves the check, as 保存 does, and keeps the form open state to the caller.
func (f *CheckForm) Save() bool {
	c := f.check
	c.Met, c.Day, c.CheckedBy, c.Note = f.result.Selected != "未达标", f.day.Text, f.by.Text, f.note.Text
	if !f.fields.saved(f.s.mw.win, "保存检查记录", f.s.mw.db.SaveStationCheck(f.s.mw.ctx, &c)) {
		return false
	}
	f.check = c
	f.s.reload()
	f.s.refreshOverview()
	f.s.mw.notify(f.s.station.Name + "「" + f.item.Label + "」已登记")
	return true
}

func (f *CheckForm) loadPhotos() {
	f.photos.Objects = nil
	if f.check.ID == "" {
		f.photoNote.SetText("尚无照片。可选择 JPEG 或 PNG 图片（如标牌、场地、制度上墙），添加时先保存本项检查。")
		f.photos.Refresh()
		return
	}
	shots, err := f.s.mw.db.CheckPhotos(f.s.mw.ctx, f.check.ID)
	if err != nil {
		f.photoNote.SetText(store.UserMessage(err))
		return
	}
	for i, p := range shots {
		img := canvas.NewImageFromResource(fyne.NewStaticResource("evidence-"+p.ID+".jpg", p.JPEG))
		img.FillMode = canvas.ImageFillContain
		id := p.ID
		del := widget.NewButtonWithIcon("删除", theme.DeleteIcon(), func() { f.askDeletePhoto(id, i+1) })
		f.photos.Add(container.NewBorder(nil, del, nil, nil, img))
	}
	if len(shots) == 0 {
		f.photoNote.SetText("尚无照片。可选择 JPEG 或 PNG 图片，如标牌、场地、制度上墙。")
	} else {
		f.photoNote.SetText(fmt.Sprintf("共 %d 张，印在核查表的“佐证照片”中。", len(shots)))
	}
	f.photos.Refresh()
}

// Photos is how many evidence photos the form shows.
func (f *CheckForm) Photos() int { return len(f.photos.Objects) }

func (f *CheckForm) choosePhoto() {
	d := newFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		f.AddPhoto(r)
	}, f.s.mw.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"}))
	d.Show()
}

// AddPhoto scales and stores a photo read from r, saving the check first
// when it is new. A refused file changes nothing.
func (f *CheckForm) AddPhoto(r io.Reader) error {
	jpg, err := photo.PrepareEvidence(r)
	if err != nil {
		dialog.ShowError(err, f.s.mw.win)
		return err
	}
	if f.check.ID == "" && !f.Save() {
		return fmt.Errorf("检查记录未保存")
	}
	if _, err := f.s.mw.db.AddCheckPhoto(f.s.mw.ctx, f.check.ID, jpg); err != nil {
		showError(f.s.mw.win, "保存佐证照片", err)
		return err
	}
	f.loadPhotos()
	f.s.reload()
	return nil
}

func (f *CheckForm) askDeletePhoto(id string, n int) {
	f.s.mw.askDeleteRecord("删除佐证照片", fmt.Sprintf("“%s”的第 %d 张佐证照片", f.item.Label, n),
		func() (string, error) { return "", nil },
		func() error { return f.s.mw.db.DeleteCheckPhoto(f.s.mw.ctx, id) },
		func() {
			f.loadPhotos()
			f.s.reload()
		})
}

// AskClear confirms moving the check (and its photos) to the 回收站.
func (f *CheckForm) AskClear() {
	if f.check.ID == "" {
		return
	}
	f.s.mw.askDeleteRecord("清除检查记录", f.s.station.Name+"“"+f.item.Label+"”的检查记录",
		func() (string, error) {
			if f.check.Photos > 0 || f.Photos() > 0 {
				return fmt.Sprintf("%d 张佐证照片一并移入回收站", f.Photos()), nil
			}
			return "", nil
		},
		func() error { return f.s.mw.db.DeleteStationCheck(f.s.mw.ctx, f.check.ID) },
		func() {
			f.dlg.Hide()
			f.s.reload()
			f.s.refreshOverview()
		})
}
