package ledger

import (
	"context"

	"deputydesk/store"
)

// SheetReferrals is the workbook's 转办跟踪 sheet: 12345 work orders and
// the procuratorate referrals.
const SheetReferrals = "转办跟踪"

// addReferrals fills Hotline and Referrals for the month from..to.
func (l *Ledger) addReferrals(ctx context.Context, db *store.DB, from, to string) error {
	orders, err := db.HotlineOrders(ctx, false, "", to)
	if err != nil {
		return err
	}
	in := func(day string) bool { return day >= from && day <= to }
	for _, o := range orders {
		if o.Open() || in(o.Day) || in(o.Since) {
			l.Hotline = append(l.Hotline, o)
		}
	}
	rs, err := db.Referrals(ctx, store.ReferralFilter{To: to})
	if err != nil {
		return err
	}
	for _, r := range rs {
		pending := r.State == store.StateClue || r.State == "已立案"
		if pending || in(r.ClueDay) || in(r.RefDay) {
			l.Referrals = append(l.Referrals, r)
		}
	}
	return nil
}

// referralTables are the 转办跟踪 sheet's two tables.
func (l *Ledger) referralTables(today string) []table {
	ht := table{caption: "一、12345热线工单（本月转办或办理的，及截至制表日尚未办结的）", cols: []column{{"序号", 5, 6}, {"事项编号", 11, 11},
		{"反映人", 7, 8}, {"类别", 7, 8}, {"工单号", 17, 17}, {"转办日期", 10, 17}, {"工单状态", 8, 8}, {"状态日期", 10, 17},
		{"办理时限", 10, 17}, {"超期", 8, 10}}, note: "说明：工单状态以12345热线最近一次反馈为准；未办结的工单超过事项办理时限的计为超期。"}
	open := 0
	for i, o := range l.Hotline {
		od := ""
		if o.Overdue(today) {
			od = "超期未办结"
		}
		if o.Open() {
			open++
		}
		ht.rows = append(ht.rows, []any{i + 1, o.CaseNo, o.VisitorName, o.Category, o.OrderNo, l.day(o.Since), o.State, l.day(o.Day),
			l.day(o.Deadline), od})
	}
	if len(l.Hotline) == 0 {
		ht.rows = append(ht.rows, []any{"", "本月无12345热线工单", "", "", "", "", "", "", "", ""})
	}
	pt := table{caption: "二、代表建议与公益诉讼检察建议（本月移送、收到的，及尚待检察机关办理的）", cols: []column{{"序号", 5, 6}, {"建议编号", 10, 12},
		{"代表建议", 16, 26}, {"领衔代表", 9, 10}, {"关联方向", 10, 10}, {"线索移送日期", 10, 17}, {"检察建议文号", 18, 22},
		{"检察建议日期", 10, 17}, {"事由", 16, 26}, {"状态", 10, 10}}}
	for i, r := range l.Referrals {
		pt.rows = append(pt.rows, []any{i + 1, orDash(r.SuggestionNo), r.SuggestionTitle, r.DeputyName, r.Direction, l.day(r.ClueDay),
			orDash(r.RefNo), l.day(r.RefDay), r.Subject, r.State})
	}
	if len(l.Referrals) == 0 {
		pt.rows = append(pt.rows, []any{"", "本月无移送检察机关的线索或检察建议", "", "", "", "", "", "", "", ""})
	}
	return []table{ht, pt}
}
