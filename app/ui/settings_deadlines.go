package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// deadlineForm edits the 办理时限 in working days by 办理方式, which a case
// gets when it is registered or 交办 (see app/cases): one entry per 办理方式
// that has a time limit (当场答复 has none).
type deadlineForm struct {
	mw     *MainWindow
	fields *fieldSet
	days   map[string]*widget.Entry
	order  []string
	save   *widget.Button
	saved  *widget.Label
}

func newDeadlineForm(mw *MainWindow) *deadlineForm {
	f := &deadlineForm{mw: mw, fields: newFieldSet(), days: map[string]*widget.Entry{}}
	days, err := mw.db.DeadlineDays(mw.ctx)
	if err != nil {
		showError(mw.win, "读取办理时限", err)
		days = store.DefaultDeadlineDays
	}
	for _, d := range store.Dispositions {
		if d == store.DispOnSpot {
			continue
		}
		e := widget.NewEntry()
		e.SetPlaceHolder("1到365")
		if n := days[d]; n > 0 {
			e.SetText(strconv.Itoa(n))
		}
		f.days[d] = e
		f.order = append(f.order, d)
	}
	f.save = widget.NewButtonWithIcon("保存办理时限", theme.DocumentSaveIcon(), f.submit)
	f.saved = widget.NewLabel("")
	f.saved.Importance = widget.SuccessImportance
	return f
}

func (f *deadlineForm) view() fyne.CanvasObject {
	var rows [][]fyne.CanvasObject
	for _, d := range f.order {
		unit := widget.NewLabel("个工作日")
		rows = append(rows, f.fields.row(d, d, true, container.NewBorder(nil, nil, nil, unit, f.days[d])))
	}
	hint := noteLabel("登记或交办时按办理方式自动算出办理时限（不算周末和节假日），过了时限未办结的事项显示为超期。" +
		"改动只用于以后登记或交办的事项，已有事项的时限不变；当场答复的事项没有办理时限。")
	return container.NewVBox(limitWidth(420, formGrid(rows...)), hint, f.fields.summary, container.NewHBox(f.save, f.saved))
}

// submit saves the days; a value that is not a whole number from 1 to 365
// is named beside its entry and nothing is saved.
func (f *deadlineForm) submit() {
	f.saved.SetText("")
	days := map[string]int{}
	for _, d := range f.order {
		n, err := strconv.Atoi(strings.TrimSpace(f.days[d].Text))
		if err != nil {
			n = 0 // refused by the store with the range it allows
		}
		days[d] = n
	}
	if !f.fields.saved(f.mw.win, "保存办理时限", f.mw.db.SaveDeadlineDays(f.mw.ctx, days)) {
		return
	}
	var parts []string
	for _, d := range f.order {
		parts = append(parts, fmt.Sprintf("%s %d 个工作日", d, days[d]))
		f.days[d].SetText(strconv.Itoa(days[d]))
	}
	f.saved.SetText("已保存（" + f.mw.db.Now().In(calendar.Beijing).Format("15:04") + "）")
	f.mw.changed()
	f.mw.notify("已保存办理时限：" + strings.Join(parts, "，"))
}
