package ledger

import (
	"fmt"
	"io"
	"strings"
	"time"

	"deputydesk/app/pdfdoc"
	"deputydesk/store"
)

// The fields of a reception and of each case, numbered in the order the
// GUI asks for them; the paper 接待登记表 prints the same numbers so a form
// is keyed in top to bottom.
var (
	ReceptionFields = []string{"接待日期", "接待方式", "联络站点／地点", "到场代表", "接待人数", "备注"}
	CaseFields      = []string{"反映人", "联系电话", "村（社区）", "身份证号（可不填）", "类别", "反映内容", "办理方式", "承办单位（主办／协办）", "办理时限", "当场答复或办理情况"}
)

// FieldNo returns the printed number of a field: receptions first, then
// the case fields. It panics on an unknown label, which is a programming
// error caught by tests.
func FieldNo(label string) int {
	for i, f := range ReceptionFields {
		if f == label {
			return i + 1
		}
	}
	for i, f := range CaseFields {
		if f == label {
			return len(ReceptionFields) + i + 1
		}
	}
	panic("ledger: unknown form field " + label)
}

// FieldLabel is the numbered label, e.g. 「7. 反映人」.
func FieldLabel(label string) string { return fmt.Sprintf("%d. %s", FieldNo(label), label) }

// FormOptions shape the blank 接待登记表.
type FormOptions struct {
	Township   string   // printed in the title
	Stations   []string // station names, for ticking
	Categories []string
	Cases      int // case blocks on the form; default 2
	Date       time.Time
	NoCompress bool
}

// WriteBlankForm prints the blank 接待登记表 (A4 portrait): the reception
// fields, then numbered blocks for the matters raised, with boxes to tick
// for the choices.
func WriteBlankForm(w io.Writer, o FormOptions) error {
	if o.Cases <= 0 {
		o.Cases = 2
	}
	d, err := pdfdoc.New(pdfdoc.Options{Title: o.Township + "人大代表接待选民登记表", Date: o.Date, NoCompress: o.NoCompress, Unit: o.Township + "人大主席团"})
	if err != nil {
		return err
	}
	m := d.Opts.Margin
	cw := d.ContentWidth()
	box := func(options []string) string { return "□" + strings.Join(options, "　□") }
	const lh = 5.0
	var y float64
	// field draws a bordered row: the numbered label on the left, the
	// answer space (or printed choices) on the right.
	field := func(label, choices string, h float64) {
		d.SetFont(9, false)
		if n := len(d.Wrap(choices, cw-50)); choices != "" {
			h = max(h, float64(n)*lh+3)
		}
		const lw = 46.0
		d.SetFont(10, false)
		lines := d.Wrap(FieldLabel(label), lw-3)
		h = max(h, float64(len(lines))*lh+3)
		d.SetDrawColor(0, 0, 0)
		d.SetLineWidth(0.2)
		d.Rect(m, y, lw, h, "D")
		d.Rect(m+lw, y, cw-lw, h, "D")
		d.Lines(lines, m+1.5, y+(h-float64(len(lines))*lh)/2, lw-3, lh)
		if choices != "" {
			d.SetFont(9, false)
			cl := d.Wrap(choices, cw-lw-4)
			d.Lines(cl, m+lw+2, y+1.5, cw-lw-4, lh)
		}
		y += h
	}
	newPage := func(first bool) {
		d.AddPage()
		y = centredTitle(d, o.Township+"人大代表接待选民登记表", m, 16) + 2
		d.SetFont(9, false)
		d.SetXY(m, y)
		note := "编号：____________　　　录入人：________　录入日期：______年___月___日"
		if !first {
			note = "（续页）" + note
		}
		d.CellFormat(cw, 5, note, "", 0, "R", false, 0, "")
		y += 7
	}
	newPage(true)
	field("接待日期", "______年____月____日　____时____分至____时____分", 9)
	field("接待方式", box(store.ReceptionKinds), 9)
	stations := box(o.Stations) + "\n其他地点：________________________________"
	field("联络站点／地点", stations, 7+float64(len(d.Wrap(stations, cw-50)))*lh)
	field("到场代表", "", 12)
	field("接待人数", "________人", 9)
	field("备注", "", 12)
	y += 3
	for i := 1; i <= o.Cases; i++ {
		need := 9*4 + 30 + 14 + 14 + 9 + 24 + 7.0
		if y+need > d.FooterTop() {
			newPage(false)
		}
		d.SetFont(11, false)
		d.SetXY(m, y)
		d.CellFormat(cw, 7, fmt.Sprintf("反映事项（第%d件）", i), "", 0, "L", false, 0, "")
		y += 7
		field("反映人", "", 9)
		field("联系电话", "", 9)
		field("村（社区）", "", 9)
		field("身份证号（可不填）", "□□□□□□□□□□□□□□□□□□", 9)
		cats := box(o.Categories) + "　其他：________"
		field("类别", cats, 4+float64(len(d.Wrap(cats, cw-50)))*lh)
		field("反映内容", "", 30)
		disp := box(store.Dispositions)
		field("办理方式", disp, 4+float64(len(d.Wrap(disp, cw-50)))*lh)
		field("承办单位（主办／协办）", "主办：____________________　协办：____________________", 9)
		field("办理时限", "______年____月____日前", 9)
		field("当场答复或办理情况", "", 24)
		y += 3
	}
	return d.Write(w)
}
