package assessment

import (
	"context"
	"fmt"

	"deputydesk/store"
)

// ShuzhiEntry is one 述职 of the deputy with their own 测评 result.
type ShuzhiEntry struct {
	store.ShuzhiRecord
	Score *store.ShuzhiScore // nil until the counts are entered
}

func loadShuzhi(ctx context.Context, db *store.DB, deputyID string, year int) ([]ShuzhiEntry, error) {
	list, err := db.ShuzhiList(ctx, store.ShuzhiFilter{Year: year, DeputyID: deputyID})
	if err != nil {
		return nil, err
	}
	var out []ShuzhiEntry
	for i := len(list) - 1; i >= 0; i-- { // oldest first, as the other sections
		e := ShuzhiEntry{ShuzhiRecord: list[i]}
		for k := range list[i].Scores {
			if list[i].Scores[k].DeputyID == deputyID {
				e.Score = &list[i].Scores[k]
			}
		}
		out = append(out, e)
	}
	return out, nil
}

var shuzhiColumns = []column{{"日期", 30, "C"}, {"述职对象", 0, "L"}, {"地点", 36, "L"}, {"参加人数", 18, "C"}, {"收回测评表", 22, "C"},
	{"满意率", 20, "C"}, {"测评得分", 20, "C"}}

// shuzhiRows are the 述职 as the dossier prints them.
func shuzhiRows(ds Dossier) [][]string {
	var rows [][]string
	for _, e := range ds.Shuzhi {
		sheets, rate, score := "未录入", "—", "—"
		if e.Score != nil {
			sheets, rate, score = fmt.Sprintf("%d/%d", e.Returned, e.Handed), e.Score.RateText(), fmt.Sprintf("%.1f", e.Score.Score)
		}
		rows = append(rows, []string{store.FormatDate(e.Day), e.AudienceText(), e.Place, fmt.Sprint(e.Attendees), sheets, rate, score})
	}
	return rows
}
