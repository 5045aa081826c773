package export

import (
	"context"

	"deputydesk/app/report/stationstd"
	"deputydesk/store"
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
