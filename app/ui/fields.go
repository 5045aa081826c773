package ui

import (
	"errors"
	"log"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
)

// fieldSet places store.FieldError messages next to the widgets they are
// about: each field gets a red label under it, hidden while all is well.
type fieldSet struct {
	errs    map[string]*widget.Label
	entries map[string]*widget.Entry
	labels  map[string]*widget.Label     // the row's name, turned red with its message
	cells   map[string]fyne.CanvasObject // the value cell, scrolled into view
	order   []string
	summary *widget.Label
	// win, when set, gets the keyboard focus moved to the first bad entry.
	win fyne.Window
	// root is the outermost object of the form (its scroll); it is
	// refreshed after messages appear or go so every row is laid out again
	// with room for them.
	root fyne.CanvasObject
}

func newFieldSet() *fieldSet {
	s := widget.NewLabel("")
	s.Importance = widget.DangerImportance
	s.Hide()
	s.Wrapping = fyne.TextWrapWord
	return &fieldSet{errs: map[string]*widget.Label{}, entries: map[string]*widget.Entry{}, labels: map[string]*widget.Label{},
		cells: map[string]fyne.CanvasObject{}, summary: s}
}

// fieldKey names a field of the record (item 0) or of its item-th block.
func fieldKey(item int, field string) string {
	if item == 0 {
		return field
	}
	return strconv.Itoa(item) + "." + field
}

// row returns the label and the value cell (widget plus its error line) for
// a form layout. field is the store's Go field name.
func (f *fieldSet) row(field, label string, required bool, w fyne.CanvasObject) []fyne.CanvasObject {
	if required {
		label += " *"
	}
	l := widget.NewLabel(label)
	l.Alignment = fyne.TextAlignTrailing
	e := widget.NewLabel("")
	e.Importance = widget.DangerImportance
	e.Hide()
	f.errs[field] = e
	f.labels[field] = l
	f.order = append(f.order, field)
	if en, ok := w.(*widget.Entry); ok {
		en.AlwaysShowValidationError = true
		f.entries[field] = en
	}
	cell := container.NewVBox(w, e)
	f.cells[field] = cell
	return []fyne.CanvasObject{l, cell}
}

// rowAt is row for a field of the item-th repeated block (第N件).
func (f *fieldSet) rowAt(item int, field, label string, required bool, w fyne.CanvasObject) []fyne.CanvasObject {
	return f.row(fieldKey(item, field), label, required, w)
}

// form lays rows out as label/value pairs.
func formGrid(rows ...[]fyne.CanvasObject) *fyne.Container {
	var objs []fyne.CanvasObject
	for _, r := range rows {
		objs = append(objs, r...)
	}
	return container.New(layout.NewFormLayout(), objs...)
}

// clear hides every message.
func (f *fieldSet) clear() {
	for name, l := range f.errs {
		l.SetText("")
		l.Hide()
		if en := f.entries[name]; en != nil {
			en.SetValidationError(nil)
		}
		if lb := f.labels[name]; lb != nil && lb.Importance != widget.MediumImportance {
			lb.Importance = widget.MediumImportance
			lb.Refresh()
		}
	}
	f.summary.Hide()
	f.relayout()
}

func (f *fieldSet) relayout() {
	if f.root != nil {
		f.root.Refresh()
	}
}

// show places the messages of a validation error next to their fields and
// reports whether err was one. Messages for fields this form does not show
// go into the summary line so none is lost.
func (f *fieldSet) show(err error) bool {
	f.clear()
	var ve *store.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	var orphans []string
	bad := map[string]store.FieldError{}
	for _, fe := range ve.Errors {
		key := fieldKey(fe.Item, fe.Field)
		l, ok := f.errs[key]
		if !ok {
			orphans = append(orphans, fe.String())
			continue
		}
		if _, seen := bad[key]; seen {
			continue
		}
		bad[key] = fe
		l.SetText(fe.Message)
		l.Show()
		if en := f.entries[key]; en != nil {
			en.SetValidationError(errors.New(fe.Message))
		}
		if lb := f.labels[key]; lb != nil {
			lb.Importance = widget.DangerImportance
			lb.Refresh()
		}
	}
	// The first bad field in the form's own order is where the eye goes.
	first := ""
	for _, k := range f.order {
		if _, ok := bad[k]; ok {
			first = k
			break
		}
	}
	var msg string
	switch {
	case first != "":
		msg = "未保存：" + bad[first].String()
		if n := len(ve.Errors) - 1; n > 0 {
			msg += "；另有 " + strconv.Itoa(n) + " 处"
		}
		msg += "。已标红，并已移到该处。"
	default:
		msg = "未保存："
	}
	if len(orphans) > 0 {
		msg += strings.Join(orphans, "；")
	}
	f.summary.SetText(msg)
	f.summary.Show()
	f.relayout()
	if first != "" {
		f.reveal(first)
	}
	return true
}

// reveal scrolls the form so the field's row is in view and moves the
// keyboard focus to it when it is an entry.
func (f *fieldSet) reveal(key string) {
	cell := f.cells[key]
	if sc, ok := f.root.(*container.Scroll); ok && cell != nil {
		if pos, found := offsetIn(sc.Content, cell); found {
			y := pos.Y - theme.Padding()*4
			maxY := sc.Content.Size().Height - sc.Size().Height
			sc.Offset = fyne.NewPos(sc.Offset.X, max(0, min(y, maxY)))
			sc.Refresh()
		}
	}
	if en := f.entries[key]; en != nil && f.win != nil {
		f.win.Canvas().Focus(en)
	}
}

// firstError returns the key of the first field showing a message, in the
// form's order ("" when none).
func (f *fieldSet) firstError() string {
	for _, k := range f.order {
		if f.message(k) != "" {
			return k
		}
	}
	return ""
}

// offsetIn finds target inside root's containers and returns its position
// relative to root.
func offsetIn(root, target fyne.CanvasObject) (fyne.Position, bool) {
	if root == target {
		return fyne.Position{}, true
	}
	c, ok := root.(*fyne.Container)
	if !ok {
		return fyne.Position{}, false
	}
	for _, o := range c.Objects {
		if p, ok := offsetIn(o, target); ok {
			return o.Position().Add(p), true
		}
	}
	return fyne.Position{}, false
}

// message returns the shown message for a field ("" when none).
func (f *fieldSet) message(field string) string {
	if l := f.errs[field]; l != nil && l.Visible() {
		return l.Text
	}
	return ""
}

// showError tells the secretary what went wrong in safe Chinese and logs the
// details. Validation errors carry what was typed (names), so they are not
// logged; other store errors carry only IDs and SQL causes.
func showError(w fyne.Window, title string, err error) {
	var ve *store.ValidationError
	if !errors.As(err, &ve) {
		log.Printf("ui: %s: %v", title, err)
	}
	showInfo(title, store.UserMessage(err), w)
}

// showInfo shows a message with a Chinese 确定 button (Fyne's own
// information and error dialogs label it from the system locale, "OK" on
// a machine without a Chinese one).
func showInfo(title, msg string, w fyne.Window) {
	const width = 420
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	// A wrapping label measures its lines at the width it was given last,
	// so it is laid out at the dialog's width before its height is asked.
	l.Resize(fyne.NewSize(width, l.MinSize().Height))
	d := dialog.NewCustom(title, "确定", container.NewGridWrap(fyne.NewSize(width, l.MinSize().Height), l), w)
	d.Show()
}

// selectWithAll builds a Select whose first option means "no filter".
func selectWithAll(all string, opts []string, changed func(string)) *widget.Select {
	s := newSelect(append([]string{all}, opts...), nil)
	s.SetSelected(all)
	s.OnChanged = changed
	return s
}

// columns lays a row out in fixed-width cells; the cell whose width is 0
// takes what is left. Header and list rows share one so they line up.
type columns struct{ widths []float32 }

func (c columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var w, h float32
	for i, o := range objs {
		ms := o.MinSize()
		cw := c.widths[i]
		if cw == 0 {
			cw = 80
		}
		w += cw
		if i > 0 {
			w += pad
		}
		h = max(h, ms.Height)
	}
	return fyne.NewSize(w, h)
}

func (c columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	var fixed float32
	for i := range objs {
		fixed += c.widths[i]
		if i > 0 {
			fixed += pad
		}
	}
	flex := max(size.Width-fixed, 80)
	var x float32
	for i, o := range objs {
		w := c.widths[i]
		if w == 0 {
			w = flex
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

// cells makes a row of truncating labels for a list.
func cells(c columns, bold bool) *fyne.Container {
	objs := make([]fyne.CanvasObject, len(c.widths))
	for i := range objs {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		l.TextStyle.Bold = bold
		objs[i] = l
	}
	return container.New(c, objs...)
}

func setCells(row *fyne.Container, texts ...string) {
	for i, o := range row.Objects {
		// Setting the same text still re-measures it, which is most of
		// the cost of refreshing a long list.
		if l := o.(*widget.Label); l.Text != texts[i] {
			l.SetText(texts[i])
		}
	}
}

// checklist is a searchable list of checkboxes over many items (all the
// deputies for a group's members), drawn with widget.List so hundreds of
// items stay light.
type checklist struct {
	items    []checkItem
	shown    []int
	checked  map[string]bool
	search   *widget.Entry
	list     *widget.List
	count    *widget.Label
	onChange func()
	noun     string
}

type checkItem struct{ id, label, hay string }

func newChecklist(items []checkItem, checked []string, noun string, onChange func()) *checklist {
	c := &checklist{items: items, checked: map[string]bool{}, onChange: onChange, noun: noun}
	for _, id := range checked {
		c.checked[id] = true
	}
	c.search = widget.NewEntry()
	c.search.SetPlaceHolder("输入姓名或单位筛选")
	c.search.OnChanged = func(string) { c.filter() }
	c.count = widget.NewLabel("")
	c.list = widget.NewList(
		func() int { return len(c.shown) },
		func() fyne.CanvasObject { return widget.NewCheck("", nil) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := c.items[c.shown[i]]
			ch := o.(*widget.Check)
			ch.OnChanged = nil
			ch.Text = it.label
			ch.Checked = c.checked[it.id]
			ch.Refresh()
			ch.OnChanged = func(on bool) { c.set(it.id, on) }
		})
	c.filter()
	return c
}

func (c *checklist) set(id string, on bool) {
	if on {
		c.checked[id] = true
	} else {
		delete(c.checked, id)
	}
	c.updateCount()
	if c.onChange != nil {
		c.onChange()
	}
}

func (c *checklist) filter() {
	q := strings.TrimSpace(c.search.Text)
	c.shown = c.shown[:0]
	for i, it := range c.items {
		if q == "" || strings.Contains(it.hay, q) {
			c.shown = append(c.shown, i)
		}
	}
	c.list.Refresh()
	c.updateCount()
}

func (c *checklist) updateCount() {
	c.count.SetText("已选 " + strconv.Itoa(len(c.checked)) + " " + c.noun)
}

// ids returns the checked IDs in item order.
func (c *checklist) ids() []string {
	var out []string
	for _, it := range c.items {
		if c.checked[it.id] {
			out = append(out, it.id)
		}
	}
	return out
}

// view is the search box, the count and the list, with the list given a
// useful height.
func (c *checklist) view(height float32) fyne.CanvasObject {
	sized := container.New(minHeight{height}, c.list)
	return container.NewBorder(container.NewBorder(nil, nil, nil, c.count, c.search), nil, nil, nil, sized)
}

// confirm is the delete confirmation the window shows; tests read its text.
type confirm struct {
	dlg     *dialog.CustomDialog
	message *widget.Label
	ok      *widget.Button
}

// askDelete shows a confirmation naming what will be deleted and what else
// is affected; do runs only on 删除.
func (mw *MainWindow) askDelete(title, what, impact string, do func()) *confirm {
	text := "确定要删除" + what + "吗？"
	if impact != "" {
		text += "\n\n" + impact + "。\n\n删除的内容会连同上述关联一起放入回收站，需要时可以恢复。"
	} else {
		text += "\n\n删除的内容会放入回收站，需要时可以恢复。"
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	c := &confirm{message: msg}
	c.dlg = dialog.NewCustomWithoutButtons(title, msg, mw.win)
	cancel := widget.NewButton("取消", func() { c.dlg.Hide() })
	c.ok = widget.NewButtonWithIcon("删除", theme.DeleteIcon(), func() {
		c.dlg.Hide()
		do()
	})
	c.ok.Importance = widget.DangerImportance
	c.dlg.SetButtons([]fyne.CanvasObject{cancel, c.ok})
	c.dlg.Resize(fyne.NewSize(560, 300))
	c.dlg.Show()
	mw.lastConfirm = c
	return c
}

// askVerb asks before an action that is hard to take back, with a button
// that says what it does (verb) beside 取消 — never 是/不.
func (mw *MainWindow) askVerb(title, text, verb string, do func()) *confirm {
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	c := &confirm{message: msg}
	c.dlg = dialog.NewCustomWithoutButtons(title, msg, mw.win)
	cancel := widget.NewButtonWithIcon("取消", theme.CancelIcon(), func() { c.dlg.Hide() })
	c.ok = widget.NewButtonWithIcon(verb, theme.ConfirmIcon(), func() {
		c.dlg.Hide()
		do()
	})
	c.ok.Importance = widget.HighImportance
	c.dlg.SetButtons([]fyne.CanvasObject{cancel, c.ok})
	c.dlg.Resize(fyne.NewSize(560, 260))
	c.dlg.Show()
	mw.lastConfirm = c
	return c
}

// recordDialog is the dialog of a record form: 取消 and 保存, and for a record
// that already exists (remove not nil) a delete button on the left.
func (mw *MainWindow) recordDialog(title string, content fyne.CanvasObject, size fyne.Size, save func(),
	removeLabel string, remove func()) (dlg *dialog.CustomDialog, saveBtn, removeBtn *widget.Button) {
	dlg = dialog.NewCustomWithoutButtons(title, content, mw.win)
	saveBtn = widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), save)
	saveBtn.Importance = widget.HighImportance
	buttons := []fyne.CanvasObject{widget.NewButtonWithIcon("取消", theme.CancelIcon(), func() { dlg.Hide() }), saveBtn}
	if remove != nil {
		removeBtn = widget.NewButtonWithIcon(removeLabel, theme.DeleteIcon(), remove)
		removeBtn.Importance = widget.DangerImportance
		buttons = append([]fyne.CanvasObject{removeBtn}, buttons...)
	}
	dlg.SetButtons(buttons)
	dlg.Resize(size)
	return dlg, saveBtn, removeBtn
}

// askDeleteRecord confirms a delete that moves a record to the 回收站: the
// confirmation names what else is affected (impact), del does the delete,
// and closeForm closes the record's open form, if any.
func (mw *MainWindow) askDeleteRecord(title, what string, impact func() (string, error), del func() error, closeForm func()) {
	text, err := impact()
	if err != nil {
		showError(mw.win, title, err)
		return
	}
	mw.askDelete(title, what, text, func() {
		if err := del(); err != nil {
			showError(mw.win, title, err)
			return
		}
		closeForm()
		mw.changed()
	})
}

// saved handles the result of a form's save: field errors beside their
// fields (false), other errors in a dialog (false), or success (true).
func (f *fieldSet) saved(w fyne.Window, title string, err error) bool {
	if f.show(err) {
		return false
	}
	if err != nil {
		showError(w, title, err)
		return false
	}
	return true
}

// maxWidth gives its one child the full height but at most w of the width,
// so forms do not stretch across a wide screen; center puts it mid-screen.
type maxWidth struct {
	w      float32
	center bool
}

func (m maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (m maxWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, max(m.w, objs[0].MinSize().Width))
	var x float32
	if m.center {
		x = (size.Width - w) / 2
	}
	objs[0].Move(fyne.NewPos(x, 0))
	objs[0].Resize(fyne.NewSize(w, size.Height))
}

func limitWidth(w float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(maxWidth{w: w}, o)
}

func centerWidth(w float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(maxWidth{w: w, center: true}, o)
}

// minHeight asks for at least h of height for its one child, which fills it;
// a list has almost no minimum height of its own.
type minHeight struct{ h float32 }

func (m minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(objs[0].MinSize().Width, max(m.h, objs[0].MinSize().Height))
}

func (m minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// hintLabel is a one-line explanation shown under a title or list.
func hintLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// noteLabel is an explanation in a dialog, wrapped rather than cut off.
func noteLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
