package export

import (
	"context"

	"deputydesk/store"
)

func init() {
	tableNames["shuzhi"], tableNames["shuzhi_deputy"], tableNames["shuzhi_tally"] = "代表述职", "述职代表", "述职测评票数"
	for k, v := range map[string]string{"audience": "述职对象", "attendees": "参加选民人数", "topics": "述职内容", "items": "测评项目",
		"handed": "发出测评表", "returned": "收回测评表", "tallied": "已录入票数", "shuzhi_id": "述职", "satisfied": "满意",
		"basic": "基本满意", "unsatisfied": "不满意", "shuzhi.day": "述职日期", "shuzhi_tally.item": "测评项目"} {
		columnNames[k] = v
	}
	flagColumns["tallied"] = true
	summaries = append(summaries, shuzhiResults)
}

// shuzhiResults is 述职测评结果: each deputy's 满意率 and 测评得分 at each
// tallied 述职, as the result sheet prints them.
func shuzhiResults(ctx context.Context, db *store.DB) (string, []string, [][]any, error) {
	list, err := db.ShuzhiList(ctx, store.ShuzhiFilter{})
	if err != nil {
		return "", nil, nil, err
	}
	var rows [][]any
	for _, r := range list {
		for _, sc := range r.Scores {
			rows = append(rows, []any{store.FormatDate(r.Day), r.AudienceText(), sc.Name, r.Handed, r.Returned, sc.RateText(), sc.Score})
		}
	}
	return "述职测评结果", []string{"述职日期", "述职对象", "述职代表", "发出测评表", "收回测评表", "满意率", "测评得分"}, rows, nil
}
