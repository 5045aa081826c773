package demo

import (
	"context"
	"fmt"
	"time"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// liaisonContacts are the demo's 部门负责人, each paired with a few deputies.
var liaisonContacts = []struct{ name, post string }{
	{"张志强", "县交通运输局局长"}, {"刘慧敏", "县教育科技局局长"}, {"陈宏伟", "县农业农村局局长"},
	{"杨晓燕", "县卫生健康局局长"}, {"赵永刚", "县住房和城乡建设局局长"},
}

var liaisonOpinions = []string{
	"反映村道路面破损，雨天积水，希望纳入明年农村公路养护计划",
	"希望增开城关至柳树湾村的公交班次",
	"镇中心小学操场改造进度慢，家长关心开学前能否完工",
	"建议扩大玉米种植保险覆盖面，简化理赔手续",
	"卫生院夜间值班医生少，群众看急诊不便",
	"老旧小区加装电梯意愿强，希望出台补贴办法",
}

// FillLiaison pairs the demo's department heads with deputies and records
// their visits: every pair visited last half-year, most this half-year, a
// few not yet (so the reminder shows who is behind).
func FillLiaison(ctx context.Context, db *store.DB) error {
	deps, err := db.Deputies(ctx, store.DeputyFilter{Status: store.StatusActive})
	if err != nil {
		return err
	}
	if len(deps) < 3*len(liaisonContacts) {
		return nil
	}
	today := db.Now().In(calendar.Beijing)
	todayText := today.Format("2006-01-02")
	from, _, _ := store.HalfYear(todayText)
	start, _ := time.ParseInLocation("2006-01-02", from, calendar.Beijing)
	prev := start.AddDate(0, 0, -120)
	n := 0
	for ci, c := range liaisonContacts {
		for k := 0; k < 3; k++ {
			d := deps[(ci*7+k*3)%len(deps)]
			p := &store.LiaisonPair{Contact: c.name, ContactPost: c.post, DeputyID: d.ID, Since: prev.AddDate(0, 0, -200).Format("2006-01-02"),
				Notes: "县人大常委会部署的“双联系”结对"}
			if err := db.SaveLiaisonPair(ctx, p); err != nil {
				return fmt.Errorf("demo: liaison pair %s: %w", c.name, err)
			}
			visits := []*store.LiaisonVisit{{PairID: p.ID, Day: prev.AddDate(0, 0, 10*k+ci).Format("2006-01-02"), How: store.VisitWays[(ci+k)%3],
				Opinions: liaisonOpinions[(ci+k)%len(liaisonOpinions)]}}
			// One pair in three has not visited yet this half-year.
			if n%3 != 2 {
				day := start.AddDate(0, 0, 12*k+5*ci+3)
				if !day.After(today) {
					visits = append(visits, &store.LiaisonVisit{PairID: p.ID, Day: day.Format("2006-01-02"), How: store.VisitWays[(ci+k+1)%3],
						Opinions: liaisonOpinions[(ci+k+3)%len(liaisonOpinions)]})
				}
			}
			for _, v := range visits {
				if err := db.SaveLiaisonVisit(ctx, v); err != nil {
					return fmt.Errorf("demo: liaison visit %s: %w", c.name, err)
				}
			}
			n++
		}
	}
	return nil
}
