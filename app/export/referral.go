package export

import (
	"context"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// Chinese names for the referral tables (migration 0016) and their two
// overview sheets.
func init() {
	tableNames["case_hotline"], tableNames["procuratorate_referral"] = "12345工单状态", "检察机关移送"
	for k, v := range map[string]string{"order_no": "工单号", "case_hotline.state": "工单状态", "case_hotline.day": "状态日期",
		"suggestion_id": "代表建议", "direction": "关联方向", "clue_day": "线索移送日期", "ref_no": "检察建议文号",
		"ref_day": "检察建议日期", "subject": "事由"} {
		columnNames[k] = v
	}
	summaries = append(summaries, hotlineOverview, referralOverview)
}

// hotlineOverview is 12345工单跟踪: every case's work order as it stands.
func hotlineOverview(ctx context.Context, db *store.DB) (string, []string, [][]any, error) {
	orders, err := db.HotlineOrders(ctx, false, "", "")
	if err != nil {
		return "", nil, nil, err
	}
	today := db.Now().In(calendar.Beijing).Format("2006-01-02")
	var rows [][]any
	for _, o := range orders {
		note := ""
		switch {
		case o.Overdue(today):
			note = "超期未办结"
		case o.Open():
			note = "未办结"
		}
		rows = append(rows, []any{o.CaseNo, o.VisitorName, o.Category, o.OrderNo, store.FormatDate(o.Since), o.State,
			store.FormatDate(o.Day), store.FormatDate(o.Deadline), note})
	}
	return "12345工单跟踪", []string{"事项编号", "反映人", "类别", "工单号", "转办日期", "工单状态", "状态日期", "办理时限", "提示"}, rows, nil
}

// referralOverview is 公益诉讼线索与检察建议: each 代表建议 passed to or
// from the procuratorate.
func referralOverview(ctx context.Context, db *store.DB) (string, []string, [][]any, error) {
	rs, err := db.Referrals(ctx, store.ReferralFilter{})
	if err != nil {
		return "", nil, nil, err
	}
	var rows [][]any
	for _, r := range rs {
		rows = append(rows, []any{r.SuggestionNo, r.SuggestionTitle, r.DeputyName, r.Direction, store.FormatDate(r.ClueDay), r.RefNo,
			store.FormatDate(r.RefDay), r.Subject, r.State, r.Note})
	}
	return "公益诉讼线索与检察建议", []string{"建议编号", "代表建议", "领衔代表", "关联方向", "线索移送日期", "检察建议文号", "检察建议日期",
		"事由", "状态", "备注"}, rows, nil
}
