package reports

import (
	"bytes"
	"context"

	"deputydesk/app/report/stationstd"
	"deputydesk/store"
	"deputydesk/sync/bundle"
)

// stationStandards is the 联络站标准化建设 overview the county collects with
// the register: the print and its counts.
func stationStandards(ctx context.Context, db *store.DB, period string) ([]bundle.File, []bundle.Figure, error) {
	o, err := stationstd.LoadOverview(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	var pdf bytes.Buffer
	if err := stationstd.WriteOverview(ctx, db, &pdf, stationstd.Options{}); err != nil {
		return nil, nil, err
	}
	stations, model, complete, byStars := o.Figures()
	figs := []bundle.Figure{
		{Key: "stations_total", Label: "联络站点", Value: float64(stations), Unit: "个"},
		{Key: "stations_standard", Label: "标准化全部达标站点", Value: float64(complete), Unit: "个"},
		{Key: "stations_model", Label: "示范站", Value: float64(model), Unit: "个"},
		{Key: "stations_five_star", Label: "五星级站点", Value: float64(byStars[5]), Unit: "个"},
	}
	return []bundle.File{{Name: "stations-" + period + ".pdf", Data: pdf.Bytes()}}, figs, nil
}
