package reports

import (
	"context"
	"math"
	"strconv"

	"deputydesk/store"
	"deputydesk/sync/bundle"
)

// shuzhiFigures are the county's counts of the year's 述职 (the year of
// the register's period): how many were held, how many deputies reported,
// how many of them the voters rated and their mean 满意率 (percent, one
// decimal; 0 when none was rated).
func shuzhiFigures(ctx context.Context, db *store.DB, period string) ([]bundle.Figure, error) {
	year, err := strconv.Atoi(period[:min(4, len(period))])
	if err != nil {
		return nil, nil
	}
	list, err := db.ShuzhiList(ctx, store.ShuzhiFilter{Year: year})
	if err != nil {
		return nil, err
	}
	ratings, err := db.ElectorsRatings(ctx, year)
	if err != nil {
		return nil, err
	}
	reported := map[string]bool{}
	for _, r := range list {
		for _, id := range r.DeputyIDs {
			reported[id] = true
		}
	}
	sum := 0.0
	for _, e := range ratings {
		sum += e.Rate
	}
	mean := 0.0
	if len(ratings) > 0 {
		mean = math.Round(sum/float64(len(ratings))*1000) / 10
	}
	return []bundle.Figure{
		{Key: "shuzhi_held", Label: "代表述职", Value: float64(len(list)), Unit: "次"},
		{Key: "shuzhi_deputies", Label: "述职代表", Value: float64(len(reported)), Unit: "人"},
		{Key: "shuzhi_rated", Label: "接受选民测评代表", Value: float64(len(ratings)), Unit: "人"},
		{Key: "shuzhi_rate", Label: "选民测评平均满意率", Value: mean, Unit: "%"},
	}, nil
}
