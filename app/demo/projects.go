package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// demoProject is a candidate 民生实事 a township's departments and deputies
// put forward; sites are what one 点位 of it does.
type demoProject struct {
	title, dept, content string
	budget               float64
	site                 string // the work at one 点位, %s is the village
}

var demoProjects = []demoProject{
	{"农村道路硬化提升工程", "镇村镇建设办公室", "硬化、拓宽通村通组道路，修复破损路面", 320, "%s通组道路硬化"},
	{"农村饮水安全巩固提升", "镇水利站", "更换老化供水管网，新建蓄水池", 150, "%s供水管网改造"},
	{"村级养老服务站建设", "镇民政办", "建设村级日间照料中心和老年助餐点", 120, "%s老年助餐点建设"},
	{"农村人居环境整治", "镇生态环境办", "增设垃圾分类收集点，清理房前屋后", 90, "%s垃圾分类收集点"},
	{"村庄路灯亮化工程", "镇村镇建设办公室", "在主干道和村口安装太阳能路灯", 60, "%s安装太阳能路灯"},
	{"中小学校周边交通安全设施", "镇派出所", "学校门口增设减速带、护栏和警示标志", 45, "%s学校路段安全设施"},
	{"老旧小区改造", "镇规划建设办", "改造老旧小区的屋面防水、楼道照明和停车位", 280, "%s楼院改造"},
	{"便民服务中心适老化改造", "镇便民服务中心", "增设无障碍通道、爱心座椅和帮办窗口", 35, "%s便民服务站适老化改造"},
	{"农贸市场提档升级", "镇市场监管所", "改造农贸市场排水、顶棚和摊位", 200, "%s市场摊位改造"},
}

// FillProjects writes two years of 民生实事代表票决: last year's six items
// fully done and surveyed, and this year's six under way, about 40 点位 each
// year, led by deputies from the register.
func FillProjects(ctx context.Context, db *store.DB, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 17))
	now := db.Now().In(calendar.Beijing)
	deps, err := db.Deputies(ctx, store.DeputyFilter{Status: store.StatusActive})
	if err != nil {
		return err
	}
	if len(deps) < 10 {
		return fmt.Errorf("demo: %d deputies are too few for 民生实事", len(deps))
	}
	tw, err := db.Township(ctx)
	if err != nil {
		return err
	}
	for _, year := range []int{now.Year() - 1, now.Year()} {
		if err := fillProjectYear(ctx, db, r, tw.Name, year, now, deps); err != nil {
			return err
		}
	}
	return nil
}

func fillProjectYear(ctx context.Context, db *store.DB, r *rand.Rand, township string, year int, now time.Time, deps []store.Deputy) error {
	today := now.Format("2006-01-02")
	voteDay := fmt.Sprintf("%d-01-%02d", year, 10+r.IntN(8))
	if voteDay > today {
		return nil // the session has not met yet
	}
	order := r.Perm(len(demoProjects))
	var ps []*store.Project
	for _, i := range order {
		dp := demoProjects[i]
		p := &store.Project{Year: year, Title: dp.title, Department: dp.dept, Content: dp.content, Budget: dp.budget, Source: "部门申报"}
		ps = append(ps, p)
	}
	// Two candidates came from the deputies' own work: a matter raised at
	// a reception and a 代表建议 of the year before.
	if cs, err := db.Cases(ctx, store.CaseFilter{Search: "路灯", To: fmt.Sprintf("%d-12-31", year-1), Limit: 1}); err == nil && len(cs) > 0 {
		for _, p := range ps {
			if p.Title == "村庄路灯亮化工程" {
				p.Source, p.SourceCaseID = "群众反映事项", cs[0].ID
			}
		}
	}
	if sg, err := db.Suggestions(ctx, store.RecordFilter{From: fmt.Sprintf("%d-01-01", year-1), To: fmt.Sprintf("%d-12-31", year-1)}); err == nil {
		for _, p := range ps {
			if p.Title != "农村饮水安全巩固提升" {
				continue
			}
			for _, g := range sg {
				if strings.Contains(g.Title, "饮水安全") {
					p.Source, p.SourceSuggestionID = "代表建议", g.ID
					break
				}
			}
		}
	}
	for _, p := range ps {
		if err := db.SaveProject(ctx, p); err != nil {
			return fmt.Errorf("demo: project %s: %w", p.Title, err)
		}
	}
	expected := len(deps)
	present := expected - 2 - r.IntN(4)
	v := &store.ProjectVote{Year: year, Session: fmt.Sprintf("%s第十八届人民代表大会第%s次会议", township, []string{"一", "二", "三", "四", "五", "六"}[min(max(year-2022, 0), 5)]),
		Choose: 6, VoteDay: voteDay}
	if err := db.SaveProjectVote(ctx, v); err != nil {
		return err
	}
	t := store.Tally{Year: year, VoteDay: voteDay, Expected: expected, Present: present, Votes: map[string]store.Votes{}}
	standing := r.Perm(len(ps))
	for i, p := range ps {
		share := 0.92 - 0.06*float64(standing[i]) + 0.04*r.Float64()
		f := min(int(share*float64(present)), present)
		against := min(r.IntN(present-f+1), present-f)
		t.Votes[p.ID] = store.Votes{For: f, Against: against, Abstain: present - f - against}
	}
	if err := db.SaveTally(ctx, t); err != nil {
		return err
	}
	all, err := db.Projects(ctx, year)
	if err != nil {
		return err
	}
	surveyed := year < now.Year()
	survey := map[string]store.Survey{}
	for _, p := range all {
		if !p.Chosen {
			continue
		}
		var sites []*store.ProjectSite
		n := 5 + r.IntN(4)
		for k, vi := range r.Perm(len(villages))[:min(n, len(villages))] {
			planned := time.Date(year, time.Month(4+(k*8)/n), 10+r.IntN(18), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			s := &store.ProjectSite{ProjectID: p.ID, Location: villages[vi], Content: fmt.Sprintf(demoSite(p.Title), villages[vi]),
				PlannedDay: planned}
			lead := deps[r.IntN(len(deps))].ID
			s.DeputyIDs = []string{lead}
			if r.IntN(3) == 0 {
				if other := deps[r.IntN(len(deps))].ID; other != lead {
					s.DeputyIDs = append(s.DeputyIDs, other)
				}
			}
			// Most 点位 planned before today are done, a few run late.
			if planned < today && (surveyed || r.IntN(6) > 0) {
				done, _ := time.Parse("2006-01-02", planned)
				done = done.AddDate(0, 0, r.IntN(20)-10)
				if d := done.Format("2006-01-02"); d < today {
					s.DoneDay = d
					s.Evidence = "代表现场查看，" + []string{"工程已完工并投入使用", "群众反映良好", "经验收合格", "资料齐全，已交付村委会管护"}[r.IntN(4)]
				}
			}
			sites = append(sites, s)
		}
		if err := db.SaveProjectSites(ctx, sites); err != nil {
			return err
		}
		if surveyed {
			good := int(float64(present) * (0.7 + 0.2*r.Float64()))
			bad := r.IntN(3)
			survey[p.ID] = store.Survey{Good: good, Fair: present - good - bad, Bad: bad}
		}
	}
	if surveyed {
		return db.SaveSurvey(ctx, year, fmt.Sprintf("%d-12-%02d", year, 18+r.IntN(8)), survey)
	}
	return nil
}

func demoSite(title string) string {
	for _, dp := range demoProjects {
		if dp.title == title {
			return dp.site
		}
	}
	return "%s"
}
