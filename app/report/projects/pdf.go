package projects

import (
	"fmt"
	"io"

	"deputydesk/store"
)

// WriteBallot prints the 票决票 handed to each deputy at the session: the
// candidates in ballot order with 同意/不同意/弃权 boxes and the rules.
func WriteBallot(w io.Writer, b Book) error {
	if len(b.Projects) == 0 {
		return fmt.Errorf("%d年还没有候选项目，无法打印选票", b.Year)
	}
	if b.Vote.Choose < 1 {
		return fmt.Errorf("请先设置%d年的应选项目数，再打印选票", b.Year)
	}
	d, err := newDoc(b, fmt.Sprintf("%d年民生实事项目票决票", b.Year), false)
	if err != nil {
		return err
	}
	// The footer names who printed the ballot and numbers its pages, so a
	// ballot that runs onto a second sheet is handed out whole.
	d.AddPage()
	m := d.Opts.Margin
	y := d.Title(b.session(), m+2, 15) + 3
	y = d.Title(fmt.Sprintf("%d年%s民生实事项目票决票", b.Year, b.Township), y, 18) + 6
	rules := fmt.Sprintf("说明：1．本次会议从下列%d个候选项目中票决产生%d个民生实事项目。"+
		"2．对每个项目，请在“同意”“不同意”“弃权”中选择一项，在对应的方框内画“○”；不画或多画的，该项作弃权处理。"+
		"3．同意票超过实到代表半数的项目方为有效，按同意票多少确定。4．请用黑色或蓝色笔填写，不得涂改。",
		len(b.Projects), b.Vote.Choose)
	y = para(d, y, rules, 11) + 4
	var rows [][]string
	for _, p := range b.Projects {
		detail := p.Title
		if p.Content != "" {
			detail += "\n" + p.Content
		}
		rows = append(rows, []string{fmt.Sprint(p.Position), detail, p.Department, Budget(p.Budget), "□", "□", "□"})
	}
	y = table(d, y, []column{{"序号", 12, "C"}, {"项目名称及主要内容", 0, "L"}, {"责任单位", 30, "C"}, {"投资（万元）", 25, "C"},
		{"同意", 14, "C"}, {"不同意", 16, "C"}, {"弃权", 14, "C"}}, rows, 11, 14) + 8
	if y+10 > d.FooterTop() {
		d.AddPage()
		y = m
	}
	d.SetFont(11, false)
	d.SetXY(m, y)
	d.CellFormat(d.ContentWidth(), 6, "（本票不记名，投票后请投入票箱）", "", 0, "C", false, 0, "")
	return d.Write(w)
}

// WriteResult prints the 计票结果: 应到/实到, each item's votes in rank
// order, which were chosen, the rule, and places for the 监票人 to sign.
func WriteResult(w io.Writer, b Book) error {
	if !b.Vote.Tallied {
		return fmt.Errorf("%d年的民生实事还没有计票", b.Year)
	}
	d, err := newDoc(b, fmt.Sprintf("%d年民生实事项目票决计票结果", b.Year), false)
	if err != nil {
		return err
	}
	d.AddPage()
	m := d.Opts.Margin
	y := d.Title(fmt.Sprintf("%d年%s民生实事项目票决计票结果", b.Year, b.Township), m+2, 17) + 5
	chosen := b.Chosen()
	y = para(d, y, fmt.Sprintf("　　%s于%s进行民生实事项目票决。应到代表%d名，实到代表%d名，符合法定人数。共%d个候选项目，应选%d项，经票决确定%d项。",
		b.session(), store.FormatDate(b.Vote.VoteDay), b.Vote.Expected, b.Vote.Present, len(b.Projects), b.Vote.Choose, len(chosen)), 11.5) + 4
	var rows [][]string
	for _, p := range b.Ranked() {
		result := "未当选"
		if p.Chosen {
			result = "当选"
		}
		rows = append(rows, []string{fmt.Sprint(p.Rank), p.Title, fmt.Sprint(p.VotesFor), fmt.Sprint(p.VotesAgainst), fmt.Sprint(p.VotesAbstain),
			pct(p.VotesFor, b.Vote.Present), result})
	}
	y = table(d, y, []column{{"名次", 13, "C"}, {"项目名称", 0, "L"}, {"同意", 16, "C"}, {"不同意", 16, "C"}, {"弃权", 16, "C"},
		{"同意票占实到", 26, "C"}, {"结果", 18, "C"}}, rows, 11, 9) + 5
	y = para(d, y, "计票规则："+store.RankRule, 10.5) + 12
	if y+24 > d.FooterTop() {
		d.AddPage()
		y = m
	}
	d.SetFont(12, false)
	for _, who := range []string{"总监票人：", "监票人：", "计票人："} {
		d.SetXY(m, y)
		d.CellFormat(60, 7, who+"__________", "", 0, "L", false, 0, "")
		y += 10
	}
	d.SetXY(m, y)
	d.CellFormat(d.ContentWidth(), 7, b.Township+"人大主席团　"+store.FormatDate(b.Vote.VoteDay), "", 0, "R", false, 0, "")
	return d.Write(w)
}

func pct(n, of int) string {
	if of == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f%%", float64(n)*100/float64(of))
}

// WriteProgress prints the 点位销号 sheet: each chosen item with 销号 x/y
// and its 点位, who leads them, the planned date and the 销号 date and note;
// after the year-end 测评 the item's 满意度 too.
func WriteProgress(w io.Writer, b Book) error {
	chosen := b.Chosen()
	if len(chosen) == 0 {
		return fmt.Errorf("%d年还没有经票决确定的民生实事项目", b.Year)
	}
	d, err := newDoc(b, fmt.Sprintf("%d年民生实事项目点位销号进度", b.Year), true)
	if err != nil {
		return err
	}
	d.AddPage()
	m := d.Opts.Margin
	y := d.Title(fmt.Sprintf("%d年%s民生实事项目点位销号进度表", b.Year, b.Township), m, 17) + 3
	d.SetFont(10.5, false)
	d.SetXY(m, y)
	d.CellFormat(d.ContentWidth(), 6, "截至"+d.DateText(), "", 0, "R", false, 0, "")
	y += 8
	for i, p := range chosen {
		if y+30 > d.FooterTop() {
			d.AddPage()
			y = m
		}
		head := fmt.Sprintf("%d．%s（责任单位：%s；已销号 %s）", i+1, p.Title, orDash(p.Department), Progress(p))
		if p.Surveyed() {
			head += fmt.Sprintf("　满意度测评：满意%d、基本满意%d、不满意%d，满意率%.1f%%", p.SatGood, p.SatFair, p.SatBad, p.SatisfactionRate()*100)
		}
		d.SetFont(12, true)
		for _, ln := range d.Wrap(head, d.ContentWidth()) {
			d.SetXY(m, y)
			d.CellFormat(d.ContentWidth(), 6.5, ln, "", 0, "L", false, 0, "")
			y += 6.5
		}
		y++
		var rows [][]string
		for k, s := range b.Sites[p.ID] {
			state := "未销号"
			if s.Done() {
				state = "已销号"
			}
			rows = append(rows, []string{fmt.Sprint(k + 1), s.Location, s.Content, b.DeputyNames(s), store.FormatDate(s.PlannedDay),
				state, store.FormatDate(s.DoneDay), s.Evidence})
		}
		if len(rows) == 0 {
			rows = [][]string{{"", "（尚未分解点位）"}}
		}
		y = table(d, y, []column{{"序号", 11, "C"}, {"点位", 30, "L"}, {"建设内容", 0, "L"}, {"责任代表", 36, "C"}, {"计划完成", 32, "C"},
			{"状态", 16, "C"}, {"销号日期", 32, "C"}, {"销号说明", 56, "L"}}, rows, 9.5, 7) + 6
	}
	return d.Write(w)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
