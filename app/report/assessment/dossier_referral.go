package assessment

import (
	"context"

	"deputydesk/store"
)

// loadReferrals reads the procuratorate referrals of the deputy's
// suggestions of the year (those led by the deputy), whenever they were made.
func loadReferrals(ctx context.Context, db *store.DB, deputyID string, sugs []store.Suggestion) ([]store.Referral, error) {
	if len(sugs) == 0 {
		return nil, nil
	}
	ids := map[string]bool{}
	for _, s := range sugs {
		ids[s.ID] = true
	}
	rs, err := db.Referrals(ctx, store.ReferralFilter{DeputyID: deputyID})
	if err != nil {
		return nil, err
	}
	var out []store.Referral
	for _, r := range rs {
		if ids[r.SuggestionID] {
			out = append(out, r)
		}
	}
	return out, nil
}

var referralColumns = []column{{"建议编号", 22, "C"}, {"关联方向", 24, "C"}, {"线索移送", 28, "C"}, {"检察建议文号", 48, "C"},
	{"事由", 0, "L"}, {"状态", 24, "C"}}

// referralRows are the referrals as the dossier prints them under 代表建议.
func referralRows(ds Dossier) [][]string {
	var rows [][]string
	for _, r := range ds.Referrals {
		ref := r.RefNo
		if ref == "" {
			ref = "—"
		}
		if r.RefDay != "" {
			ref += "（" + store.FormatDate(r.RefDay) + "）"
		}
		rows = append(rows, []string{r.SuggestionNo, r.Direction, store.FormatDate(r.ClueDay), ref, r.Subject, r.State})
	}
	return rows
}
