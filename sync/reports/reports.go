// Package reports plugs the township's report producers into 上报: each kind
// of bundle (ledger, roster, register, assessment) gets the provider that
// makes its files and 汇总 figures.
package reports

import (
	"bytes"
	"context"
	"fmt"

	"deputydesk/app/register"
	rosterreport "deputydesk/app/report/roster"
	"deputydesk/store"
	"deputydesk/sync/bundle"
)

// Providers returns the producers built into this program, by kind.
func Providers(db *store.DB) bundle.Providers {
	return bundle.Providers{
		bundle.Ledger: bundle.ProviderFunc(func(ctx context.Context, _ bundle.Kind, period string) (bundle.Report, error) {
			return monthlyLedger(ctx, db, period)
		}),
		bundle.Assessment: bundle.ProviderFunc(func(ctx context.Context, _ bundle.Kind, period string) (bundle.Report, error) {
			return yearlyAssessment(ctx, db, period)
		}),
		bundle.Register: bundle.ProviderFunc(func(ctx context.Context, _ bundle.Kind, period string) (bundle.Report, error) {
			return registerExport(ctx, db, period)
		}),
		bundle.Roster: bundle.ProviderFunc(func(ctx context.Context, _ bundle.Kind, period string) (bundle.Report, error) {
			return rosterReport(ctx, db, period)
		}),
	}
}

// registerExport is the 代表名册 as it stands, in the register's own export
// layout, with counts of serving deputies per level.
func registerExport(ctx context.Context, db *store.DB, period string) (bundle.Report, error) {
	b, err := register.LoadBook(ctx, db, true)
	if err != nil {
		return bundle.Report{}, err
	}
	var buf bytes.Buffer
	if err := register.WriteExport(&buf, b); err != nil {
		return bundle.Report{}, fmt.Errorf("reports: write register: %w", err)
	}
	counts := map[store.Level]int{}
	serving, women := 0, 0
	for _, d := range b.Deputies {
		if d.Status != store.StatusActive {
			continue
		}
		serving++
		for _, l := range d.Levels.List() {
			counts[l]++
		}
		if d.Gender == "女" {
			women++
		}
	}
	figs := []bundle.Figure{{Key: "deputies", Label: "在任代表", Value: float64(serving), Unit: "人"}}
	for _, l := range store.AllLevels {
		figs = append(figs, bundle.Figure{Key: "level_" + levelKey(l), Label: l.String() + "级代表", Value: float64(counts[l]), Unit: "人"})
	}
	figs = append(figs, bundle.Figure{Key: "women", Label: "女性代表", Value: float64(women), Unit: "人"})
	stationFiles, stationFigs, err := registerExtras(ctx, db, period)
	if err != nil {
		return bundle.Report{}, err
	}
	figs = append(figs, stationFigs...)
	return bundle.Report{
		Files:   append([]bundle.File{{Name: "register-" + period + ".xlsx", Data: buf.Bytes()}}, stationFiles...),
		Figures: bundle.Figures{Figures: figs},
	}, nil
}

// rosterReport is the month's 值班表 for every station, as the wall PDF and
// the workbook, with counts of duties and duty places.
func rosterReport(ctx context.Context, db *store.DB, period string) (bundle.Report, error) {
	p, err := rosterreport.ParseMonth(period)
	if err != nil {
		return bundle.Report{}, err
	}
	doc, err := rosterreport.Load(ctx, db, p, "")
	if err != nil {
		return bundle.Report{}, err
	}
	var pdf, xlsx bytes.Buffer
	if err := rosterreport.WritePDF(&pdf, doc, rosterreport.PDFOptions{Created: db.Now()}); err != nil {
		return bundle.Report{}, err
	}
	if err := rosterreport.WriteXLSX(&xlsx, doc); err != nil {
		return bundle.Report{}, err
	}
	duties, places := 0, 0
	for _, s := range doc.Sheets {
		duties += len(s.Rows)
		for _, r := range s.Rows {
			places += len(r.Names)
		}
	}
	return bundle.Report{
		Files: []bundle.File{{Name: "roster-" + period + ".pdf", Data: pdf.Bytes()}, {Name: "roster-" + period + ".xlsx", Data: xlsx.Bytes()}},
		Figures: bundle.Figures{Figures: []bundle.Figure{
			{Key: "stations", Label: "排班站点", Value: float64(len(doc.Sheets)), Unit: "个"},
			{Key: "duties", Label: "接待日", Value: float64(duties), Unit: "次"},
			{Key: "duty_places", Label: "值班代表", Value: float64(places), Unit: "人次"},
		}},
	}, nil
}

func levelKey(l store.Level) string {
	switch l {
	case store.National:
		return "national"
	case store.Provincial:
		return "provincial"
	case store.Municipal:
		return "municipal"
	case store.County:
		return "county"
	}
	return "township"
}
