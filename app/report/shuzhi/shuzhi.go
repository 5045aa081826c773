// Package shuzhi prints the 述职 papers: the blank 满意度测评表 handed to
// the voters (one line per deputy, tick boxes for 满意/基本满意/不满意 under
// each 测评项目) and the 测评结果统计表 the secretary files after counting
// (the counts, 满意率 and 测评得分 of each deputy). It never imports Fyne.
package shuzhi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"deputydesk/app/pdfdoc"
	"deputydesk/store"
)

// Options shape a print.
type Options struct {
	NoCompress bool
}

type printer struct {
	doc     *pdfdoc.Doc
	rec     store.ShuzhiRecord
	town    string
	unit    string
	m, cw   float64
	heading string
}

func load(ctx context.Context, db *store.DB, id, title string, landscape bool, opts Options) (*printer, error) {
	rec, err := db.ShuzhiRecord(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &printer{rec: rec}
	if t, err := db.Township(ctx); err == nil && t.Name != "" {
		p.town, p.unit = t.Name, t.Name+"人大主席团"
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	p.doc, err = pdfdoc.New(pdfdoc.Options{Title: title, Landscape: landscape, Unit: p.unit, Date: db.Now(), NoCompress: opts.NoCompress})
	if err != nil {
		return nil, err
	}
	p.m, p.cw = p.doc.Opts.Margin, p.doc.ContentWidth()
	p.heading = p.town + title
	return p, nil
}

func (p *printer) color(c [3]int) { p.doc.SetTextColor(c[0], c[1], c[2]) }

// top prints the red title, the facts of the 述职 and the double rule, and
// returns the y below.
func (p *printer) top() float64 {
	d := p.doc
	d.AddPage()
	p.color(pdfdoc.Red)
	y := d.Title(p.heading, p.m+2, 20) + 3
	p.color(pdfdoc.Ink)
	d.SetFont(11, false)
	facts := []string{"述职日期：" + store.FormatDate(p.rec.Day), "述职对象：" + p.rec.AudienceText()}
	if p.rec.Place != "" {
		facts = append(facts, "地点："+p.rec.Place)
	}
	// Each fact stays whole on a line, so a label is never left at a
	// line's end with its value on the next.
	var lines []string
	for _, f := range facts {
		if n := len(lines); n > 0 && d.GetStringWidth(lines[n-1]+"　　"+f) <= p.cw {
			lines[n-1] += "　　" + f
			continue
		}
		lines = append(lines, d.Wrap(f, p.cw)...)
	}
	lines = append(lines, d.Wrap("述职代表："+strings.Join(p.rec.DeputyNames, "、"), p.cw)...)
	for _, ln := range lines {
		d.SetXY(p.m, y)
		d.CellFormat(p.cw, 6, ln, "", 0, "C", false, 0, "")
		y += 6
	}
	y += 1
	d.RedRule(y)
	d.SetDrawColor(0, 0, 0)
	return y + 5
}

// WriteSheet prints the blank 满意度测评表 of a 述职 on A4 landscape: the
// voters tick one box per deputy and item. It repeats the header on a new
// page when the deputies do not fit on one.
func WriteSheet(ctx context.Context, db *store.DB, w io.Writer, id string, opts Options) error {
	p, err := load(ctx, db, id, "人大代表述职满意度测评表", true, opts)
	if err != nil {
		return err
	}
	d := p.doc
	items := p.rec.Items
	const numW, nameW, rowH = 12.0, 28.0, 9.0
	itemW := (p.cw - numW - nameW) / float64(len(items))
	header := func() float64 {
		y := p.top()
		d.SetFont(10, false)
		p.color(pdfdoc.Grey)
		note := "填表说明：请对每位代表的每个测评项目选择一项，在相应的□内打“√”；不选或多选的，该项视为弃权。本表不记名，请于会后当场投入票箱。"
		for _, ln := range d.Wrap(note, p.cw) {
			d.SetXY(p.m, y)
			d.CellFormat(p.cw, 5, ln, "", 0, "L", false, 0, "")
			y += 5
		}
		y += 2
		p.color(pdfdoc.Ink)
		d.SetFont(11, true)
		d.SetFillColor(pdfdoc.Pale[0], pdfdoc.Pale[1], pdfdoc.Pale[2])
		x := p.m
		for _, c := range []struct {
			t string
			w float64
		}{{"序号", numW}, {"代表姓名", nameW}} {
			d.SetXY(x, y)
			d.CellFormat(c.w, 9, c.t, "1", 0, "C", true, 0, "")
			x += c.w
		}
		for _, it := range items {
			d.SetXY(x, y)
			fit, _ := d.Fit(it, itemW-2, 1, 11, 7, true)
			d.CellFormat(itemW, 9, fit[0], "1", 0, "C", true, 0, "")
			x += itemW
		}
		return y + 9
	}
	y := header()
	bottom := d.FooterTop() - 16
	for i, name := range p.rec.DeputyNames {
		if y+rowH > bottom {
			y = header()
		}
		x := p.m
		d.SetFont(11, false)
		d.SetXY(x, y)
		d.CellFormat(numW, rowH, fmt.Sprint(i+1), "1", 0, "C", false, 0, "")
		x += numW
		d.SetFont(12, true)
		fit, _ := d.Fit(name, nameW-2, 1, 12, 7, true)
		d.SetXY(x, y)
		d.CellFormat(nameW, rowH, fit[0], "1", 0, "C", false, 0, "")
		x += nameW
		for range items {
			d.Rect(x, y, itemW, rowH, "D")
			p.boxes(x, y, itemW, rowH)
			x += itemW
		}
		y += rowH
	}
	d.SetFont(11, false)
	y = max(y+6, bottom+4)
	d.SetXY(p.m, y)
	d.CellFormat(p.cw, 6, fmt.Sprintf("组织单位：%s　　　　测评日期：%s", p.unitOrBlank(), store.FormatDate(p.rec.Day)), "", 0, "R", false, 0, "")
	return d.Write(w)
}

// boxes draws □满意 □基本满意 □不满意 across a cell.
func (p *printer) boxes(x, y, w, h float64) {
	d := p.doc
	size := 9.0
	for size > 6 {
		d.SetFont(size, false)
		total := 0.0
		for _, c := range store.ShuzhiChoices {
			total += 3.2 + 0.8 + d.GetStringWidth(c)
		}
		if total+2*1.5 <= w {
			break
		}
		size -= 0.5
	}
	total := 0.0
	for _, c := range store.ShuzhiChoices {
		total += 3.2 + 0.8 + d.GetStringWidth(c)
	}
	gap := (w - total) / float64(len(store.ShuzhiChoices)+1)
	cx := x + gap
	for _, c := range store.ShuzhiChoices {
		d.Rect(cx, y+(h-3.2)/2, 3.2, 3.2, "D")
		cx += 4
		d.SetXY(cx, y)
		d.CellFormat(d.GetStringWidth(c), h, c, "", 0, "L", false, 0, "")
		cx += d.GetStringWidth(c) + gap
	}
}

func (p *printer) unitOrBlank() string {
	if p.unit == "" {
		return "乡镇人大主席团"
	}
	return p.unit
}

// ResultColumns are the headers of the result table, in print order.
var ResultColumns = []string{"序号", "代表姓名", "测评项目", "满意", "基本满意", "不满意", "未选", "满意率", "测评得分"}

// WriteResult prints the 测评结果统计表 of a tallied 述职 on A4: the sheets
// handed out and returned, each deputy's counts item by item, then their
// 满意率 and 测评得分, and how both are computed.
func WriteResult(ctx context.Context, db *store.DB, w io.Writer, id string, opts Options) error {
	p, err := load(ctx, db, id, "人大代表述职满意度测评结果统计表", false, opts)
	if err != nil {
		return err
	}
	if !p.rec.Tallied {
		return errors.New("这次述职还没有录入测评票数，请先“录入测评票数”再打印结果")
	}
	d := p.doc
	y := p.top()
	d.SetFont(11, false)
	rate := "—"
	if p.rec.Handed > 0 {
		rate = fmt.Sprintf("%.1f%%", float64(p.rec.Returned)*100/float64(p.rec.Handed))
	}
	d.SetXY(p.m, y)
	d.CellFormat(p.cw, 6, fmt.Sprintf("参加选民 %d 人，发出测评表 %d 份，收回 %d 份，收回率 %s。", p.rec.Attendees, p.rec.Handed, p.rec.Returned, rate), "", 0, "L", false, 0, "")
	y += 9
	var rows [][]string
	for i, sc := range p.rec.Scores {
		for k, t := range sc.Tallies {
			num, name, r, s := "", "", "", ""
			if k == 0 {
				num, name = fmt.Sprint(i+1), sc.Name
			}
			if k == len(sc.Tallies)-1 {
				r, s = sc.RateText(), fmt.Sprintf("%.1f", sc.Score)
			}
			rows = append(rows, []string{num, name, t.Item, fmt.Sprint(t.Satisfied), fmt.Sprint(t.Basic), fmt.Sprint(t.Unsatisfied),
				fmt.Sprint(max(0, sc.Sheets-t.Sum())), r, s})
		}
	}
	cols := []pdfdoc.Column{{Head: ResultColumns[0], Width: 11, Align: "C"}, {Head: ResultColumns[1], Width: 24, Align: "C"},
		{Head: ResultColumns[2], Width: 0, Align: "C"}}
	for _, h := range ResultColumns[3:] {
		cols = append(cols, pdfdoc.Column{Head: h, Width: 20, Align: "C"})
	}
	y = d.Table(y, cols, rows, pdfdoc.TableStyle{Size: 10, Line: 0.5, HeadPad: 3, RowPad: 2, HeadGray: 235})
	note := fmt.Sprintf("说明：满意率＝（“%s”项满意票＋基本满意票）÷收回份数；测评得分按满意100分、基本满意60分、不满意和未选0分计，各项平均。"+
		"测评得分折合为年度履职考核“年终核定”中选民评分：得分÷100×该项满分。", store.OverallItem)
	if !containsString(p.rec.Items, store.OverallItem) {
		note = "说明：本次测评没有“" + store.OverallItem + "”项，满意率按全部测评项目合计；测评得分按满意100分、基本满意60分、不满意和未选0分计，各项平均。" +
			"测评得分折合为年度履职考核“年终核定”中选民评分：得分÷100×该项满分。"
	}
	d.SetFont(10, false)
	p.color(pdfdoc.Grey)
	lines := d.Wrap(note, p.cw)
	if y+4+float64(len(lines))*5+14 > d.FooterTop() {
		d.AddPage()
		y = p.m
	}
	y = d.Lines(lines, p.m, y+4, p.cw, 5)
	p.color(pdfdoc.Ink)
	d.SetFont(11, false)
	d.SetXY(p.m, y+6)
	d.CellFormat(p.cw, 6, "计票人：＿＿＿＿＿＿　　监票人：＿＿＿＿＿＿　　"+p.unitOrBlank()+"（盖章）", "", 0, "R", false, 0, "")
	return d.Write(w)
}

func containsString(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
