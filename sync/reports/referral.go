package reports

import (
	"context"

	"deputydesk/store"
	"deputydesk/sync/bundle"
)

// referralFigures are the county's counts of referrals that are followed:
// 12345 work orders open and closed, 线索 passed to the procuratorate and
// the 公益诉讼检察建议 recorded (seed 004 counts 19 线索 in a year).
func referralFigures(ctx context.Context, db *store.DB) ([]bundle.Figure, error) {
	orders, err := db.HotlineOrders(ctx, false, "", "")
	if err != nil {
		return nil, err
	}
	open := 0
	for _, o := range orders {
		if o.Open() {
			open++
		}
	}
	rs, err := db.Referrals(ctx, store.ReferralFilter{})
	if err != nil {
		return nil, err
	}
	clues, issued := 0, 0
	for _, r := range rs {
		if r.Direction == store.DirClue {
			clues++
		}
		if r.HasProcuratorialSuggestion() {
			issued++
		}
	}
	return []bundle.Figure{
		{Key: "hotline_open", Label: "12345工单未办结", Value: float64(open), Unit: "件"},
		{Key: "hotline_closed", Label: "12345工单已办结", Value: float64(len(orders) - open), Unit: "件"},
		{Key: "procuratorate_clues", Label: "移送检察机关公益诉讼线索", Value: float64(clues), Unit: "条"},
		{Key: "procuratorate_suggestions", Label: "公益诉讼检察建议", Value: float64(issued), Unit: "份"},
	}, nil
}
