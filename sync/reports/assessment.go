package reports

import (
	"bytes"
	"context"
	"strconv"

	"deputydesk/app/assess"
	assessreport "deputydesk/app/report/assessment"
	"deputydesk/store"
	"deputydesk/sync/bundle"
)

// yearlyAssessment is the 年度履职考核 result sheet, with counts per grade
// for the county. A year not yet finalised goes as it stands; the
// 已定稿 figure tells the county which townships' results are final.
func yearlyAssessment(ctx context.Context, db *store.DB, period string) (bundle.Report, error) {
	year, err := strconv.Atoi(period)
	if err != nil {
		return bundle.Report{}, err
	}
	t, err := db.Township(ctx)
	if err != nil {
		return bundle.Report{}, err
	}
	y, err := assess.Load(ctx, db, year)
	if err != nil {
		return bundle.Report{}, err
	}
	var xlsx bytes.Buffer
	if err := assessreport.WriteXLSX(&xlsx, y, assessreport.Meta{Township: t.Name, Unit: t.Name + "人大主席团", Date: db.Now()}); err != nil {
		return bundle.Report{}, err
	}
	c := y.Counts()
	final := 0.0
	if y.Final {
		final = 1
	}
	pFiles, pFigs, err := yearlyProjects(ctx, db, year)
	if err != nil {
		return bundle.Report{}, err
	}
	return bundle.Report{
		Files: append([]bundle.File{{Name: "assessment-" + period + ".xlsx", Data: xlsx.Bytes()}}, pFiles...),
		Figures: bundle.Figures{Figures: append([]bundle.Figure{
			{Key: "assessed", Label: "参加考核代表", Value: float64(len(y.Results)), Unit: "人"},
			{Key: "excellent", Label: store.GradeExcellent, Value: float64(c[store.GradeExcellent]), Unit: "人"},
			{Key: "pass", Label: store.GradePass, Value: float64(c[store.GradePass]), Unit: "人"},
			{Key: "fail", Label: store.GradeFail, Value: float64(c[store.GradeFail]), Unit: "人"},
			{Key: "final", Label: "已定稿乡镇", Value: final, Unit: "个"},
		}, pFigs...)},
	}, nil
}
