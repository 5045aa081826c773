package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"deputydesk/app/assess"
	"deputydesk/store"
)

// profile is how diligent a demo deputy is, so the assessment spreads:
// a few 优秀, most 合格, a few 不合格.
type profile struct {
	present, leave float64 // chances of 出席/到岗 and of 请假; the rest is 缺席
	opinion        float64 // chance of a 社情民意 in a month
	suggestions    int     // 代表建议 a year, at most
	manual         [2]float64
}

var (
	keen    = profile{0.97, 0.03, 0.85, 3, [2]float64{4.5, 5}}
	steady  = profile{0.85, 0.11, 0.45, 1, [2]float64{3.3, 4.5}}
	lagging = profile{0.45, 0.25, 0.1, 0, [2]float64{2, 3}}
)

// FillActivities writes the demo's 履职活动, 社情民意, 代表建议 and the
// raters' manual scores for the last full year and the current year up to
// today (the roster duties and their attendance come from FillCases); the last full year is finalised
// with 谈话提醒 and 整改报告 recorded for those who failed.
func FillActivities(ctx context.Context, db *store.DB, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 7))
	rs := rand.New(rand.NewPCG(seed, 18)) // the 述职 counts draw apart, so the rest of the demo stays as it was
	now := db.Now()
	deps, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		return err
	}
	groups, err := db.Groups(ctx)
	if err != nil {
		return err
	}
	prof := map[string]profile{}
	for i, d := range deps {
		switch {
		case i%9 == 4:
			prof[d.ID] = keen
		case i%13 == 6:
			prof[d.ID] = lagging
		default:
			prof[d.ID] = steady
		}
	}
	// One deputy came in at a by-election in spring, so the current year is
	// pro-rated for them.
	if len(deps) > 59 {
		if err := db.SetTookOffice(ctx, deps[59].ID, fmt.Sprintf("%d-04-20", now.Year())); err != nil {
			return err
		}
	}
	tookOffice, err := db.TookOffice(ctx)
	if err != nil {
		return err
	}
	inOffice := func(d store.Deputy, day string) bool {
		if t := tookOffice[d.ID]; t != "" && day < t {
			return false
		}
		return d.Status != store.StatusTerminated || d.StatusDate >= day
	}
	mark := func(id string) string {
		p := prof[id]
		x := r.Float64()
		switch {
		case x < p.present:
			return store.ActPresent
		case x < p.present+p.leave:
			return store.ActLeave
		}
		return store.ActAbsent
	}
	byID := map[string]store.Deputy{}
	for _, d := range deps {
		byID[d.ID] = d
	}
	invite := func(ids []string, day string) []store.Participant {
		var ps []store.Participant
		for _, id := range ids {
			if d, ok := byID[id]; ok && inOffice(d, day) {
				ps = append(ps, store.Participant{DeputyID: id, Attendance: mark(id)})
			}
		}
		return ps
	}
	all := make([]string, len(deps))
	for i, d := range deps {
		all[i] = d.ID
	}
	some := func(n int) []string {
		ids := append([]string(nil), all...)
		r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		return ids[:min(n, len(ids))]
	}
	save := func(kind, day, topic, organiser, results string, ps []store.Participant) error {
		if len(ps) == 0 {
			return nil
		}
		a := &store.Activity{Kind: kind, Day: day, Topic: topic, Organiser: organiser, Results: results, Participants: ps}
		if err := db.SaveActivity(ctx, a); err != nil {
			return fmt.Errorf("demo: activity %s %s: %w", kind, day, err)
		}
		return nil
	}
	inspections := []struct{ kind, topic string }{
		{"集中视察", "视察农村人居环境整治工作"}, {"专题调研", "调研义务教育阶段学校布局"}, {"执法检查", "检查《食品安全法》贯彻实施情况"},
		{"集中视察", "视察重点项目建设进展"}, {"专题调研", "调研养老服务中心运营情况"}, {"执法检查", "检查安全生产法律法规执行情况"},
	}
	sugTitles := []string{"关于修缮石桥村通村道路的建议", "关于增设城区公交站点的建议", "关于加强农村饮水安全保障的建议",
		"关于完善社区养老服务设施的建议", "关于整治集贸市场周边交通秩序的建议", "关于加快老旧小区改造的建议",
		"关于扶持特色农产品品牌建设的建议", "关于加强中小学周边安全管理的建议"}
	depts := []string{"县交通运输局", "县住房和城乡建设局", "县水利局", "县民政局", "县公安局交通警察大队", "县农业农村局", "县教育局"}
	opTitles := []string{"群众反映村道路灯损坏", "部分村民反映医保缴费不便", "商户反映市场摊位费偏高", "村民反映灌溉水渠淤堵",
		"居民反映小区垃圾清运不及时", "家长反映校车接送时间不合理", "村民反映快递进村难"}
	sugNo := 0

	for _, year := range []int{now.Year() - 1, now.Year()} {
		end := time.Date(year, 12, 31, 0, 0, 0, 0, time.Local)
		if end.After(now) {
			end = now
		}
		day := func(m time.Month, d int) string {
			return time.Date(year, m, d, 0, 0, 0, 0, time.Local).Format("2006-01-02")
		}
		past := func(s string) bool { return s <= end.Format("2006-01-02") }
		for m := time.January; m <= 12; m++ {
			if !past(day(m, 1)) {
				break
			}
			q := (int(m)-1)/3 + 1
			for gi, g := range groups {
				if d := day(m, 8+gi); past(d) {
					if err := save("走访选民", d, fmt.Sprintf("%s%d月走访选区", g.Name, m), g.Name, "走访农户，收集意见", invite(g.MemberIDs, d)); err != nil {
						return err
					}
				}
				if (m-1)%3 == 1 {
					if d := day(m, 15+gi); past(d) {
						if err := save("代表小组活动", d, fmt.Sprintf("%s第%d季度活动", g.Name, q), g.Name, "学习交流，议定下季度工作", invite(g.MemberIDs, d)); err != nil {
							return err
						}
					}
				}
				if m == 12 {
					if d := day(m, 20+gi); past(d) {
						var ids []string
						for _, pt := range invite(g.MemberIDs, d) {
							if pt.Attendance == store.ActPresent {
								ids = append(ids, pt.DeputyID)
							}
						}
						district := ""
						if len(g.MemberIDs) > 0 {
							district = byID[g.MemberIDs[0]].District
						}
						if err := fillShuzhi(ctx, db, rs, g, d, ids, prof, district); err != nil {
							return err
						}
					}
				}
			}
			if (m-1)%3 == 0 {
				if d := day(m, 25); past(d) {
					if err := save("代表会议", d, fmt.Sprintf("第%d季度代表会议", q), "镇人大主席团", "通报工作，审议事项", invite(all, d)); err != nil {
						return err
					}
				}
			}
			if (m-1)%3 == 2 {
				if d := day(m, 18); past(d) {
					if err := save("学习培训", d, fmt.Sprintf("第%d季度代表履职学习培训", q), "县人大常委会", "", invite(all, d)); err != nil {
						return err
					}
				}
			}
			if m%2 == 0 {
				ins := inspections[(int(m)/2-1)%len(inspections)]
				if d := day(m, 22); past(d) {
					if err := save(ins.kind, d, ins.topic, "镇人大主席团", "形成报告，交政府研究", invite(some(22), d)); err != nil {
						return err
					}
				}
			}
			if m == 3 || m == 7 || m == 10 {
				if d := day(m, 12); past(d) {
					if err := save("政策宣讲", d, "宣讲惠农政策和法律法规", "镇人大主席团", "", invite(some(20), d)); err != nil {
						return err
					}
				}
			}
			if m == 1 {
				if d := day(m, 16); past(d) {
					if err := save("出席人代会", d, fmt.Sprintf("镇第十八届人民代表大会第%d次会议", year-2021), "镇人大主席团", "审议政府工作报告", invite(all, d)); err != nil {
						return err
					}
				}
			}
			if m == 9 {
				if d := day(m, 26); past(d) {
					if err := save("履职交流", d, "代表履职经验交流会", "镇人大主席团", "", invite(some(24), d)); err != nil {
						return err
					}
				}
			}
			// 社情民意, month by month.
			for _, d := range deps {
				od := day(m, 3+r.IntN(24))
				if past(od) && inOffice(d, od) && r.Float64() < prof[d.ID].opinion {
					o := &store.Opinion{DeputyID: d.ID, Day: od, Title: opTitles[r.IntN(len(opTitles))], Adopted: r.IntN(4) == 0}
					if err := db.SaveOpinion(ctx, o); err != nil {
						return fmt.Errorf("demo: opinion: %w", err)
					}
				}
			}
		}
		// 代表建议, early in the year around the 人代会.
		for _, d := range deps {
			n := prof[d.ID].suggestions
			if n > 0 && prof[d.ID].suggestions == 1 && r.IntN(10) < 3 {
				n = 0
			}
			for k := 0; k < n; k++ {
				sd := day(time.Month(1+r.IntN(3)), 1+r.IntN(28))
				if !past(sd) || !inOffice(d, sd) {
					continue
				}
				sugNo++
				s := &store.Suggestion{DeputyID: d.ID, Day: sd, No: fmt.Sprintf("%d-%03d", year, sugNo), Title: sugTitles[r.IntN(len(sugTitles))],
					Department: depts[r.IntN(len(depts))], ResultClass: []string{"A", "B", "B", "C"}[r.IntN(4)], Satisfaction: []string{"满意", "满意", "基本满意"}[r.IntN(3)]}
				if err := db.SaveSuggestion(ctx, s); err != nil {
					return fmt.Errorf("demo: suggestion: %w", err)
				}
			}
		}
		// The raters' scores, as entered at the year-end review.
		rules, _, err := db.ScoringRulesFor(ctx, year)
		if err != nil {
			return err
		}
		// The electors' rating of those who reported comes from the 测评.
		rated, err := db.ElectorsRatings(ctx, year)
		if err != nil {
			return err
		}
		for _, d := range deps {
			if _, _, _, ok := assess.Span(year, d, tookOffice[d.ID]); !ok {
				continue
			}
			lo, hi := prof[d.ID].manual[0], prof[d.ID].manual[1]
			for _, it := range rules.Items {
				if it.Kind != store.ItemManual {
					continue
				}
				for _, rw := range it.Raters {
					pts := lo + r.Float64()*(hi-lo)
					if _, ok := rated[d.ID]; ok && rw.Rater == store.RaterElectors {
						continue
					}
					pts = float64(int(pts*2+0.5)) / 2 * it.Max / 5
					s := &store.ManualScore{Year: year, DeputyID: d.ID, Item: it.Code, Rater: rw.Rater, Points: pts, Reason: "年终评定"}
					if err := db.SetManualScore(ctx, s); err != nil {
						return fmt.Errorf("demo: manual score: %w", err)
					}
				}
			}
		}
	}
	// The last full year is finalised; those who failed had a 谈话提醒 and
	// most have handed in their 整改报告.
	last := now.Year() - 1
	y, err := assess.Finalise(ctx, db, last)
	if err != nil {
		return fmt.Errorf("demo: finalise %d: %w", last, err)
	}
	for i, res := range y.Results {
		if res.Grade != store.GradeFail {
			continue
		}
		rc := &store.Rectification{Year: last, DeputyID: res.DeputyID, TalkDay: fmt.Sprintf("%d-01-10", now.Year()), TalkBy: "镇人大主席团主席",
			TalkNote: "指出履职不足，提出改进要求", DueDay: fmt.Sprintf("%d-02-10", now.Year())}
		if i%3 != 0 {
			rc.ReceivedDay = fmt.Sprintf("%d-02-0%d", now.Year(), 3+i%5)
		}
		if err := db.SaveRectification(ctx, rc); err != nil {
			return fmt.Errorf("demo: rectification: %w", err)
		}
	}
	return nil
}
