package ui

import (
	"bytes"
	"deputydesk/app/atomicfile"
	"fmt"
	"path/filepath"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	rosterreport "deputydesk/app/report/roster"
	"deputydesk/app/roster"
	"deputydesk/store"
)

// HolidayForm lets the secretary keep the 法定节假日 and 调休 calendar right:
// when the State Council announces next year's arrangement, its days off and
// working weekends are entered here and the year is marked as announced.
type HolidayForm struct {
	s         *rosterScreen
	dlg       dialog.Dialog
	Year      *widget.Select
	Announced *widget.Check
	Date      *widget.Entry
	Name      *widget.Entry
	Kind      *widget.RadioGroup
	list      *widget.List
	days      []store.Holiday
	fields    *fieldSet
	status    *widget.Label
}

const (
	kindOff  = "放假"
	kindWork = "调休上班"
)

// OpenHolidays shows the calendar of the shown month's year.
func (s *rosterScreen) OpenHolidays() *HolidayForm {
	f := &HolidayForm{s: s, fields: newFieldSet()}
	year := s.month.Year()
	var years []string
	for y := year - 1; y <= year+1; y++ {
		years = append(years, strconv.Itoa(y))
	}
	f.Year = newSelect(years, func(string) { f.reload() })
	f.Announced = widget.NewCheck("已按国务院办公厅公布的全年放假安排录入（含调休上班日）", func(on bool) { f.setAnnounced(on) })
	f.Date = widget.NewEntry()
	f.Date.SetPlaceHolder("如：2027-02-05")
	f.Name = widget.NewEntry()
	f.Name.SetPlaceHolder("如：春节")
	f.Kind = widget.NewRadioGroup([]string{kindOff, kindWork}, nil)
	f.Kind.Horizontal = true
	f.Kind.SetSelected(kindOff)
	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	add := widget.NewButtonWithIcon("添加这一天", theme.ContentAddIcon(), f.Add)
	add.Importance = widget.HighImportance
	f.list = widget.NewList(func() int { return len(f.days) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil, widget.NewButtonWithIcon("删除", theme.DeleteIcon(), nil), widget.NewLabel(""))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			h := f.days[i]
			c := o.(*fyne.Container)
			kind := kindOff
			if h.Kind == store.HolidayWork {
				kind = kindWork
			}
			c.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s（%s）  %s  %s", store.FormatDate(h.Date), roster.Weekday(h.Date), h.Name, kind))
			c.Objects[1].(*widget.Button).OnTapped = func() {
				f.s.mw.askVerb("删除节假日", "从节假日表中删除"+store.FormatDate(h.Date)+"（"+h.Name+"）？删除后这一天按平常的工作日或周末算；需要时可重新添加。", "删除", func() { f.Remove(h.Date) })
			}
		})
	form := formGrid(
		f.fields.row("Date", "日期", true, f.Date),
		f.fields.row("Name", "节日名称", true, f.Name),
		f.fields.row("Kind", "类型", true, f.Kind),
	)
	top := container.NewVBox(container.NewHBox(widget.NewLabel("年份"), f.Year), f.Announced, f.status, widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), form, f.fields.summary, add,
		hintLabel("改动节假日后，请在“生成值班表”中重新生成受影响的月份；已接待和手工调整过的值班会保留。"))
	f.dlg = dialog.NewCustom("节假日与调休", "关闭", container.NewBorder(top, bottom, nil, nil, f.list), s.mw.win)
	f.dlg.Resize(fyne.NewSize(720, 640))
	f.Year.SetSelected(strconv.Itoa(year))
	f.dlg.Show()
	return f
}

func (f *HolidayForm) year() int { y, _ := strconv.Atoi(f.Year.Selected); return y }

func (f *HolidayForm) reload() {
	y := f.year()
	days, err := f.s.mw.db.Holidays(f.s.mw.ctx, fmt.Sprintf("%d-01-01", y), fmt.Sprintf("%d-12-31", y))
	if err != nil {
		showError(f.s.mw.win, "读取节假日", err)
		return
	}
	f.days = days
	f.list.Refresh()
	years, err := f.s.mw.db.HolidayYears(f.s.mw.ctx)
	if err != nil {
		showError(f.s.mw.win, "读取节假日", err)
		return
	}
	announced := false
	for _, hy := range years {
		if hy.Year == y {
			announced = hy.Announced
		}
	}
	f.Announced.OnChanged = nil
	f.Announced.SetChecked(announced)
	f.Announced.OnChanged = func(on bool) { f.setAnnounced(on) }
	off, work := 0, 0
	for _, d := range days {
		if d.Kind == store.HolidayWork {
			work++
		} else {
			off++
		}
	}
	text := fmt.Sprintf("%d年：放假 %d 天，调休上班 %d 天。", y, off, work)
	if !announced {
		text += "尚未录入国务院公布的放假安排，目前只有法定节日当天；公告发布后请补录放假和调休上班日并勾选上面的选项。"
	}
	f.status.SetText(text)
}

func (f *HolidayForm) setAnnounced(on bool) {
	if err := f.s.mw.db.SaveHolidayYear(f.s.mw.ctx, store.HolidayYear{Year: f.year(), Announced: on, Source: "人大秘书录入"}); err != nil {
		showError(f.s.mw.win, "保存节假日", err)
	}
	f.reload()
}

// Add saves the typed day; field errors appear beside the fields.
func (f *HolidayForm) Add() {
	h := store.Holiday{Date: f.Date.Text, Name: f.Name.Text, Kind: store.HolidayOff, Source: "人大秘书录入"}
	if f.Kind.Selected == kindWork {
		h.Kind = store.HolidayWork
	}
	if !f.fields.saved(f.s.mw.win, "保存节假日", f.s.mw.db.SaveHoliday(f.s.mw.ctx, &h)) {
		return
	}
	f.Date.SetText("")
	f.reload()
}

// Remove deletes one day from the calendar.
func (f *HolidayForm) Remove(day string) {
	if err := f.s.mw.db.DeleteHoliday(f.s.mw.ctx, day); err != nil {
		showError(f.s.mw.win, "删除节假日", err)
		return
	}
	f.reload()
}

// askCalendar saves an .ics calendar of the selected station's duties (or
// every station's) from the shown month on, for phones and Outlook.
func (s *rosterScreen) askCalendar() {
	d := newFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		if err := s.ExportCalendar(path); err != nil {
			showError(s.mw.win, "导出日历", err)
			return
		}
		showInfo("导出日历", "已导出："+filepath.Base(path)+"\n可导入手机日历或 Outlook，值班前一天会提醒。", s.mw.win)
	}, s.mw.win)
	d.SetFileName(fmt.Sprintf("值班日历-%d年%d月起.ics", s.month.Year(), int(s.month.Month())))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".ics"}))
	d.Show()
}

// ExportCalendar writes the .ics file of askCalendar to path.
func (s *rosterScreen) ExportCalendar(path string) error {
	var buf bytes.Buffer
	f := rosterreport.CalendarFilter{StationID: s.selectedStation(), From: s.month.FirstDay()}
	if err := rosterreport.WriteICS(s.mw.ctx, s.mw.db, f, &buf); err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, buf.Bytes())
}
