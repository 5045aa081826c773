package reports

import (
	"bytes"
	"context"

	"deputydesk/app/report/stationstd"
	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/sync/bundle"
)

// registerExtras are what the county collects with the register besides
// it: the 联络站标准化建设 overview (the print and its counts) and how the
// 双联系 pairs stand this half-year, and the referrals followed (12345
// work orders, 线索 and 检察建议).
func registerExtras(ctx context.Context, db *store.DB, period string) ([]bundle.File, []bundle.Figure, error) {
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
	pairs, err := db.LiaisonPairs(ctx, db.Now().In(calendar.Beijing).Format("2006-01-02"))
	if err != nil {
		return nil, nil, err
	}
	behind := 0
	for _, p := range pairs {
		if p.Behind() {
			behind++
		}
	}
	figs = append(figs, bundle.Figure{Key: "liaison_pairs", Label: "双联系结对", Value: float64(len(pairs)), Unit: "对"},
		bundle.Figure{Key: "liaison_behind", Label: "双联系本期未走访", Value: float64(behind), Unit: "对"})
	rf, err := referralFigures(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	figs = append(figs, rf...)
	sf, err := shuzhiFigures(ctx, db, period)
	if err != nil {
		return nil, nil, err
	}
	figs = append(figs, sf...)
	return []bundle.File{{Name: "stations-" + period + ".pdf", Data: pdf.Bytes()}}, figs, nil
}
