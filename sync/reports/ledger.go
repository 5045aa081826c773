package reports

import (
	"bytes"
	"context"

	"deputydesk/app/ledger"
	"deputydesk/store"
	"deputydesk/sync/bundle"
)

// monthlyLedger is the 月度台账 as the county receives it: the workbook and
// the PDF with visitors' phones masked, and the 汇总 counts. The 解决率 is
// left out of the figures because rates do not add up; the county divides
// the summed 办结 by the summed 收集意见.
func monthlyLedger(ctx context.Context, db *store.DB, period string) (bundle.Report, error) {
	priv, err := db.Privacy(ctx)
	if err != nil {
		return bundle.Report{}, err
	}
	l, err := ledger.Build(ctx, db, ledger.Options{Month: period, ShowPhones: priv.FullPhones, ShowIDNumbers: priv.IDNumbers})
	if err != nil {
		return bundle.Report{}, err
	}
	var xlsx, pdf bytes.Buffer
	if err := l.WriteXLSX(&xlsx); err != nil {
		return bundle.Report{}, err
	}
	if err := l.WritePDF(&pdf, ledger.PDFOptions{}); err != nil {
		return bundle.Report{}, err
	}
	t := l.Total
	fig := func(key, label string, v int, unit string) bundle.Figure {
		return bundle.Figure{Key: key, Label: label, Value: float64(v), Unit: unit}
	}
	return bundle.Report{
		Files: []bundle.File{{Name: "ledger-" + period + ".xlsx", Data: xlsx.Bytes()}, {Name: "ledger-" + period + ".pdf", Data: pdf.Bytes()}},
		Figures: bundle.Figures{Figures: []bundle.Figure{
			fig("receptions", "接待场次", t.Receptions, "场"),
			fig("visitors", "接待人次", t.Visitors, "人次"),
			fig("cases", "收集意见", t.Cases, "件"),
			fig("on_spot", "当场答复", t.OnSpot, "件"),
			fig("assigned", "交办乡镇或村（社区）", t.Assigned, "件"),
			fig("suggestion", "转为代表建议", t.Suggestion, "件"),
			fig("closed", "办结", t.Closed, "件"),
		}},
	}, nil
}
