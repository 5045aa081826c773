package ui

import (
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/report/disclose"
	"deputydesk/store/calendar"
)

var discloseCols = columns{widths: []float32{44, 90, 0, 76, 76, 76, 76, 76, 76, 56}}

// DisclosureDialog prepares 代表履职登记情况公示 for one group or station:
// the period, a preview of the counts, and the print.
type DisclosureDialog struct {
	mw       *MainWindow
	sel      disclose.Select
	sheet    disclose.Sheet
	from, to *widget.Entry
	summary  *widget.Label
	list     *widget.List
	dlg      *dialog.CustomDialog
	err      error // why the period cannot be printed
}

// OpenDisclosure opens the disclosure of sel's group or station, for the
// half-year that holds today.
func (mw *MainWindow) OpenDisclosure(sel disclose.Select) *DisclosureDialog {
	d := &DisclosureDialog{mw: mw, sel: sel}
	today := mw.db.Now().In(calendar.Beijing)
	from, to := fmt.Sprintf("%d-01-01", today.Year()), fmt.Sprintf("%d-06-30", today.Year())
	if today.Month() > 6 {
		from, to = fmt.Sprintf("%d-07-01", today.Year()), fmt.Sprintf("%d-12-31", today.Year())
	}
	d.from, d.to = widget.NewEntry(), widget.NewEntry()
	d.from.SetText(from)
	d.to.SetText(to)
	d.from.OnChanged = func(string) { d.reload() }
	d.to.OnChanged = func(string) { d.reload() }
	d.summary = widget.NewLabel("")
	d.summary.Wrapping = fyne.TextWrapWord
	d.list = widget.NewList(func() int { return len(d.sheet.Rows) },
		func() fyne.CanvasObject { return cells(discloseCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			setCells(o.(*fyne.Container), d.sheet.Rows[i].Cells(i+1)...)
		})
	header := cells(discloseCols, true)
	setCells(header, disclose.Columns...)
	period := container.NewGridWithColumns(2,
		container.NewBorder(nil, nil, widget.NewLabel("公示期间　从"), nil, d.from),
		container.NewBorder(nil, nil, widget.NewLabel("到"), nil, d.to))
	top := container.NewVBox(period, d.summary, container.NewPadded(header), widget.NewSeparator())
	hint := hintLabel("数字据已登记的履职活动、值班到岗、接待记录、社情民意和代表建议统计，不需另行填写；打印后张贴在代表小组活动场所或联络站公示栏。")
	d.dlg = dialog.NewCustomWithoutButtons("代表履职登记情况公示", container.NewBorder(top, hint, nil, nil, d.list), mw.win)
	print := widget.NewButtonWithIcon("打印公示（PDF）", theme.DocumentPrintIcon(), func() { d.Print() })
	print.Importance = widget.HighImportance
	d.dlg.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon("关闭", theme.CancelIcon(), func() { d.dlg.Hide() }), print})
	d.dlg.Resize(fyne.NewSize(1000, 620))
	d.reload()
	mw.disclosure = d
	d.dlg.Show()
	return d
}

func (d *DisclosureDialog) reload() {
	sel := d.sel
	sel.From, sel.To = d.from.Text, d.to.Text
	s, err := disclose.Load(d.mw.ctx, d.mw.db, sel)
	d.err = err
	if err != nil {
		d.sheet.Rows = nil
		d.summary.SetText("不能生成：" + err.Error())
		d.list.Refresh()
		return
	}
	d.sheet = s
	var acts, duties, recs int
	for _, r := range s.Rows {
		acts, duties, recs = acts+r.Activities, duties+r.Duties, recs+r.Receptions
	}
	d.summary.SetText(fmt.Sprintf("%s：%d 名代表，合计参加活动 %d 次、进站值班 %d 次、接待群众 %d 次。", s.Title, len(s.Rows), acts, duties, recs))
	d.list.Refresh()
}

// Rows is the preview as shown, for tests.
func (d *DisclosureDialog) Rows() []disclose.Row { return d.sheet.Rows }

// Print asks where to save the PDF and writes it.
func (d *DisclosureDialog) Print() {
	if d.err != nil {
		showInfo("打印公示", d.summary.Text, d.mw.win)
		return
	}
	s := d.sheet
	d.mw.chooseSaveFile(s.Title+"代表履职登记情况公示.pdf", ".pdf", "打印履职登记情况公示", func(w io.Writer) error {
		return disclose.WriteSheet(w, s, d.mw.db, disclose.Options{})
	})
}
