package export

import (
	"context"

	"deputydesk/app/report/stationstd"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

func init() {
	for k, v := range map[string]string{"station_checklist": "标准化标准", "station_checklist_item": "标准化检查项目",
		"station_check": "标准化检查记录", "station_check_photo": "检查佐证照片", "station_rating": "联络站星级评定"} {
		tableNames[k] = v
	}
	for k, v := range map[string]string{"checklist_id": "所属标准", "item_id": "检查项目", "met": "达标", "checked_by": "检查人",
		"check_id": "检查记录", "stars": "星级", "model": "示范站", "rated_by": "评定单位", "station_rating.day": "评定日期",
		"station_check.day": "检查日期", "station_checklist_item.label": "检查项目"} {
		columnNames[k] = v
	}
	flagColumns["met"], flagColumns["model"] = true, true
	summaries = append(summaries, stationOverview)
}

// stationOverview is 联络站标准化总览: each station's stars and how many items
// of each checklist it meets, as the overview print shows them.
func stationOverview(ctx context.Context, db *store.DB) (string, []string, [][]any, error) {
	o, err := stationstd.LoadOverview(ctx, db)
	if err != nil {
		return "", nil, nil, err
	}
	head, rows := o.Table()
	data := make([][]any, len(rows))
	for i, r := range rows {
		data[i] = make([]any, len(r))
		for j, c := range r {
			data[i][j] = c
		}
	}
	return "联络站标准化总览", head, data, nil
}

func init() {
	tableNames["liaison_pair"], tableNames["liaison_visit"] = "双联系结对", "双联系走访"
	for k, v := range map[string]string{"contact": "联系人", "contact_post": "单位职务", "since": "结对日期", "pair_id": "结对",
		"opinions": "听取的意见", "liaison_visit.how": "走访方式", "liaison_visit.day": "走访日期"} {
		columnNames[k] = v
	}
}

func init() { summaries = append(summaries, liaisonStanding) }

// liaisonStanding is 双联系走访情况: each pair's visits this half-year and
// whether it is behind the 每半年至少走访一次 rule.
func liaisonStanding(ctx context.Context, db *store.DB) (string, []string, [][]any, error) {
	pairs, err := db.LiaisonPairs(ctx, db.Now().In(calendar.Beijing).Format("2006-01-02"))
	if err != nil {
		return "", nil, nil, err
	}
	var rows [][]any
	for _, p := range pairs {
		state := "已走访"
		if p.Behind() {
			state = "本期尚未走访"
		}
		rows = append(rows, []any{p.Pair.Contact, p.Pair.ContactPost, p.DeputyName, p.PeriodLabel, p.Visits, store.FormatDate(p.LastVisit), state})
	}
	return "双联系走访情况", []string{"联系人", "单位职务", "联系代表", "本期", "本期走访次数", "最近走访", "状态"}, rows, nil
}
