package assessment

import (
	"fmt"
	"io"
	"strings"
	"time"

	"deputydesk/app/assess"
	"deputydesk/app/pdfdoc"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

// column is one column of a printed table (pdfdoc.Column, kept local so
// the many table literals here can stay unkeyed).
type column struct {
	Head  string
	Width float64 // mm; one column may be 0 to take what is left
	Align string  // L, C or R
}

// table prints rows under a header, wrapping cell text, starting a new page
// (with the header again, after onNewPage's heading) when a row would run
// into the footer. It returns the y below the table.
func table(d *pdfdoc.Doc, y float64, cols []column, rows [][]string, size float64, onNewPage func() float64) float64 {
	return d.Table(y, pdfCols(cols), rows, pdfdoc.TableStyle{Size: size, Line: 0.43, HeadPad: 2, RowPad: 2, HeadGray: 230, OnNewPage: onNewPage})
}

func num(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// scoreRows is a deputy's score table: each item, the base, adjustments, total.
func scoreRows(rules store.ScoringRules, r assess.Result) [][]string {
	rows := [][]string{{"", "基础分", "", num(rules.Base)}}
	for i, it := range rules.Items {
		is, _ := r.Item(it.Code)
		count := ""
		switch it.Kind {
		case store.ItemCount, store.ItemDeduct:
			count = fmt.Sprintf("%d", is.Count)
		case store.ItemManual:
			var parts []string
			for _, rw := range it.Raters {
				if s, ok := is.Rated[rw.Rater]; ok && is.From[rw.Rater] != "" {
					parts = append(parts, strings.TrimSuffix(rw.Rater, "评定")+" "+num(s)+"（述职测评）")
				} else if ok {
					parts = append(parts, strings.TrimSuffix(rw.Rater, "评定")+" "+num(s))
				} else {
					parts = append(parts, strings.TrimSuffix(rw.Rater, "评定")+" 未评")
				}
			}
			count = strings.Join(parts, "，")
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), it.Name, count, num(is.Points)})
	}
	if r.Adjust != 0 {
		rows = append(rows, []string{"", "加减分", strings.Join(r.Reasons, "；"), num(r.Adjust)})
	}
	return rows
}

// DefaultDue is the 整改报告 deadline printed when none was recorded: a month
// after the notice.
func DefaultDue(date time.Time) string { return date.AddDate(0, 1, 0).Format("2006-01-02") }

// WriteNotices prints one 《履职测评结果反馈通知书》 per deputy, in rank
// order and numbered in that order (tied ranks still get their own number): title, 称呼, the score table, grade and rank, what to improve, and
// for 不合格 the 整改报告 deadline (from rects, else DefaultDue), then the
// 落款 and date. Each notice counts its own pages. Until the year is
// finalised the notices are drafts: every page carries 未定稿, there is no
// document number, and the wording asks the deputy to check the figures
// instead of notifying a result.
func WriteNotices(w io.Writer, y assess.Year, rects map[string]store.Rectification, meta Meta) error {
	d, err := pdfdoc.New(pdfdoc.Options{Title: fmt.Sprintf("%d年度履职测评结果反馈通知书", y.Year), Date: meta.Date,
		Margin: 18, NoCompress: meta.NoCompress})
	if err != nil {
		return err
	}
	if !y.Final {
		markDraft(d)
	}
	raters := strings.Join(y.Rules.Raters, "、")
	for i, r := range y.Results {
		d.StartSection()
		d.AddPage()
		yy := 0.0
		// need starts a new page of this notice when h more millimetres
		// would run into the footer.
		need := func(h float64) {
			if yy+h > d.FooterTop()-2 {
				d.AddPage()
				yy = d.Opts.Margin + 4
			}
		}
		lines := func(text string, lh float64) {
			for _, ln := range d.Wrap(text, d.ContentWidth()) {
				need(lh)
				yy = d.Lines([]string{ln}, d.Opts.Margin, yy, d.ContentWidth(), lh)
			}
		}
		title := "履职测评结果反馈通知书"
		if !y.Final {
			title += "（" + DraftMark + "）"
		}
		yy = d.Title(title, 18, 20)
		d.SetFont(11, false)
		d.SetXY(d.Opts.Margin, yy)
		if y.Final {
			d.CellFormat(d.ContentWidth(), 6, fmt.Sprintf("%s〔%d〕履测第%d号", meta.Unit, y.Year, i+1), "", 0, "C", false, 0, "")
		} else {
			d.CellFormat(d.ContentWidth(), 6, fmt.Sprintf("%d年度考核尚未定稿，以下为计算结果，供核对", y.Year), "", 0, "C", false, 0, "")
		}
		yy += 10
		d.SetFont(13, true)
		d.SetXY(d.Opts.Margin, yy)
		d.CellFormat(d.ContentWidth(), 7, r.Name+" 代表：", "", 0, "L", false, 0, "")
		yy += 9
		d.SetFont(12, false)
		body := fmt.Sprintf("根据《%s%d年度%s》，经%s，您%d年度履职测评结果如下：", meta.Township, y.Year, y.Rules.Title, raters, y.Year)
		if !y.Final {
			body = fmt.Sprintf("根据《%s%d年度%s》，按目前的记录和评定，您%d年度履职测评的计算结果如下：", meta.Township, y.Year, y.Rules.Title, y.Year)
		}
		if r.Fraction < 1 {
			body = strings.TrimSuffix(body, "：") + fmt.Sprintf("（您本年度在任%d个月，加分项目按在任月数折算）：", int(r.Fraction*12+0.5))
		}
		lines("　　"+body, 7)
		yy += 2
		yy = table(d, yy, []column{{"序号", 14, "C"}, {"评分项目", 62, "L"}, {"次数 / 评定", 0, "C"}, {"得分", 22, "C"}}, scoreRows(y.Rules, r), 10,
			func() float64 { return d.Opts.Margin + 4 })
		need(8)
		d.SetFont(11, true)
		d.SetXY(d.Opts.Margin, yy)
		d.CellFormat(d.ContentWidth()-22, 8, "总　分", "1", 0, "C", false, 0, "")
		d.CellFormat(22, 8, num(r.Total), "1", 0, "C", false, 0, "")
		yy += 10
		need(7)
		d.SetFont(13, true)
		d.SetXY(d.Opts.Margin, yy)
		d.CellFormat(d.ContentWidth(), 7, fmt.Sprintf("测评等次：%s　　　名次：第%d名（共%d名）", r.Grade, r.Rank, len(y.Results)), "", 0, "L", false, 0, "")
		yy += 9
		need(15)
		d.SetFont(12, true)
		d.SetXY(d.Opts.Margin, yy)
		d.CellFormat(d.ContentWidth(), 7, "需改进的方面：", "", 0, "L", false, 0, "")
		yy += 8
		d.SetFont(12, false)
		imp := assess.Improvements(y.Rules, r)
		// The five largest shortfalls keep the notice on one page and
		// say what matters most.
		imp = imp[:min(len(imp), 5)]
		if len(imp) == 0 {
			imp = []string{"各项履职表现良好，望继续保持，发挥示范带头作用。"}
		}
		for i, s := range imp {
			if len(imp) > 1 {
				s = fmt.Sprintf("%d. %s。", i+1, s)
			}
			lines("　　"+s, 6.5)
		}
		yy += 3
		if r.Grade == store.GradeFail {
			due := rects[r.DeputyID].DueDay
			if due == "" {
				due = DefaultDue(meta.Date)
			}
			d.SetFont(12, true)
			text := fmt.Sprintf("　　根据考核办法，请您于%s前向%s书面提交《履职测评整改报告》，说明存在的问题和整改措施。", store.FormatDate(due), meta.Unit)
			if !y.Final {
				text = fmt.Sprintf("　　定稿后仍为不合格的，须于%s前书面提交《履职测评整改报告》。", store.FormatDate(due))
			}
			lines(text, 6.5)
			yy += 2
		}
		d.SetFont(12, false)
		if y.Final {
			lines("　　特此通知。", 6.5)
		} else {
			lines(fmt.Sprintf("　　本结果尚未定稿，如有异议请在定稿前向%s提出。", meta.Unit), 6.5)
		}
		need(17)
		sy := max(yy+1, d.FooterTop()-30)
		d.SetFont(13, false)
		d.SetXY(d.Opts.Margin, sy)
		d.CellFormat(d.ContentWidth()-10, 8, meta.Unit, "", 0, "R", false, 0, "")
		d.SetXY(d.Opts.Margin, sy+8)
		d.CellFormat(d.ContentWidth()-10, 8, meta.Date.In(calendar.Beijing).Format("2006年1月2日"), "", 0, "R", false, 0, "")
	}
	if len(y.Results) == 0 {
		d.AddPage()
		d.Title(fmt.Sprintf("%d年度没有参加考核的代表", y.Year), 40, 16)
	}
	return d.Write(w)
}

func pdfCols(cols []column) []pdfdoc.Column {
	out := make([]pdfdoc.Column, len(cols))
	for i, c := range cols {
		out[i] = pdfdoc.Column(c)
	}
	return out
}
