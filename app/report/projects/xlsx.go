package projects

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/report/xlsxprint"
	"deputydesk/store"
)

// WriteXLSX writes the year's 民生实事 as a workbook for the county: the
// items with their votes, progress and 满意度, and every 点位.
func WriteXLSX(w io.Writer, b Book) error {
	f := excelize.NewFile()
	defer f.Close()
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	items := "民生实事项目"
	f.SetSheetName("Sheet1", items)
	rows := [][]any{{"选票序号", "项目名称", "责任单位", "投资（万元）", "项目来源", "同意", "不同意", "弃权", "名次", "票决结果",
		"点位数", "已销号", "满意", "基本满意", "不满意", "满意率"}}
	for _, p := range b.Projects {
		result, rank := "", any("")
		if b.Vote.Tallied {
			result, rank = "未当选", p.Rank
			if p.Chosen {
				result = "当选"
			}
		}
		rate := ""
		if p.Surveyed() {
			rate = fmt.Sprintf("%.1f%%", p.SatisfactionRate()*100)
		}
		source := p.Source
		if p.SourceRef != "" {
			source += "（" + p.SourceRef + "）"
		}
		rows = append(rows, []any{p.Position, p.Title, p.Department, p.Budget, source, p.VotesFor, p.VotesAgainst, p.VotesAbstain,
			rank, result, p.Sites, p.SitesDone, p.SatGood, p.SatFair, p.SatBad, rate})
	}
	if err := put(f, items, rows, head, []float64{9, 30, 18, 12, 30, 8, 8, 8, 8, 10, 8, 8, 8, 10, 8, 10}); err != nil {
		return err
	}
	sites := "点位销号"
	if _, err := f.NewSheet(sites); err != nil {
		return err
	}
	srows := [][]any{{"项目", "序号", "点位", "建设内容", "责任代表", "计划完成日期", "销号日期", "销号说明"}}
	for _, p := range b.Chosen() {
		for _, s := range b.Sites[p.ID] {
			srows = append(srows, []any{p.Title, s.Position, s.Location, s.Content, b.DeputyNames(s), store.FormatDate(s.PlannedDay),
				store.FormatDate(s.DoneDay), s.Evidence})
		}
	}
	if err := put(f, sites, srows, head, []float64{26, 6, 24, 30, 18, 16, 16, 36}); err != nil {
		return err
	}
	vote := "票决情况"
	if _, err := f.NewSheet(vote); err != nil {
		return err
	}
	tallied := "否"
	if b.Vote.Tallied {
		tallied = "是"
	}
	vrows := [][]any{{"项目", "内容"}, {"年度", b.Year}, {"会议", b.session()}, {"票决日期", store.FormatDate(b.Vote.VoteDay)},
		{"应选项目数", b.Vote.Choose}, {"应到代表", b.Vote.Expected}, {"实到代表", b.Vote.Present}, {"已计票", tallied},
		{"满意度测评日期", store.FormatDate(b.Vote.SurveyDay)}, {"计票规则", store.RankRule}}
	if err := put(f, vote, vrows, head, []float64{16, 80}); err != nil {
		return err
	}
	return f.Write(w)
}

func put(f *excelize.File, sheet string, rows [][]any, head int, widths []float64) error {
	if err := xlsxprint.Apply(f, sheet, xlsxprint.Setup{Landscape: len(widths) > 4, HeaderRows: 1}); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, col, col, w)
	}
	last, _ := excelize.CoordinatesToCellName(len(rows[0]), 1)
	f.SetCellStyle(sheet, "A1", last, head)
	return xlsxprint.Freeze(f, sheet, xlsxprint.Setup{HeaderRows: 1})
}
