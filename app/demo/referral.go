package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// FillReferrals follows the demo's 转12345热线 cases with their work orders
// (most closed and called back, a few still open, one returned and
// re-submitted) and passes a handful of 代表建议 to the county procuratorate
// as 公益诉讼线索, two of them answered by a 检察建议, and one 检察建议 that
// led to a 代表建议.
func FillReferrals(ctx context.Context, db *store.DB) error {
	todayText := db.Now().In(calendar.Beijing).Format("2006-01-02")
	cs, err := db.Cases(ctx, store.CaseFilter{Disposition: store.DispHotline, Oldest: true})
	if err != nil {
		return err
	}
	for i, c := range cs {
		d, err := db.Case(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := fillHotline(ctx, db, d, i, todayText); err != nil {
			return err
		}
	}
	return fillProcuratorate(ctx, db, todayText)
}

func fillHotline(ctx context.Context, db *store.DB, d store.CaseDetail, i int, today string) error {
	stepDay := map[string]string{}
	for _, s := range d.CurrentSteps() {
		stepDay[s.Status] = s.Day
	}
	sent := stepDay["交办"]
	if sent == "" {
		return nil // raised today, not yet sent on
	}
	no := func(day string, k int) string {
		return "GD" + strings.ReplaceAll(day, "-", "") + fmt.Sprintf("%06d", 1000+i*37+k)
	}
	order := no(sent, 0)
	add := func(state, day, note string) error {
		if day == "" || day > today || day < d.Day {
			return nil
		}
		err := db.AddHotlineStep(ctx, &store.HotlineStep{CaseID: d.ID, OrderNo: order, State: state, Day: day, Note: note})
		if err != nil {
			return fmt.Errorf("demo: hotline %s: %w", d.No, err)
		}
		return nil
	}
	if err := add("已转办", sent, "已通过市12345政务服务便民热线派单"); err != nil {
		return err
	}
	if i%5 == 2 && stepDay["办理中"] != "" {
		// Returned as outside the unit's remit, then re-submitted.
		if err := add("退回", stepDay["办理中"], "承办单位以不属职责范围退回"); err != nil {
			return err
		}
		order = no(stepDay["办理中"], 1)
		if err := add("已转办", stepDay["办理中"], "经协调重新派单"); err != nil {
			return err
		}
	} else if err := add("办理中", stepDay["办理中"], "承办单位已签收"); err != nil {
		return err
	}
	sentT, _ := time.ParseInLocation("2006-01-02", sent, calendar.Beijing)
	nowT, _ := time.ParseInLocation("2006-01-02", today, calendar.Beijing)
	recent := nowT.Sub(sentT) < 45*24*time.Hour
	if i%4 == 3 && recent {
		return nil // still open at the hotline, whatever the case says
	}
	closed := stepDay["办结"]
	if closed == "" && !recent && i%3 != 0 {
		// A long-running case: the hotline closes its order once the unit
		// has answered, though the township keeps the case in hand.
		closed = sentT.AddDate(0, 0, 12+i%10).Format("2006-01-02")
	}
	if err := add("已办结", closed, "热线反馈已办结"); err != nil {
		return err
	}
	return add("已回访", stepDay["已回访"], "热线回访反映人")
}

// procuratorateClues are the demo's 公益诉讼 matters: a suggestion's title,
// the 线索's subject, and how far it has gone.
var procuratorateClues = []struct {
	title, subject, state string
	refNo                 int
}{
	{"关于整治清水河沿岸入河排污口的建议", "清水河沿岸入河排污口污水直排", store.StateReplied, 3},
	{"关于加强校园周边食品安全监管的建议", "镇中心小学周边流动摊贩销售“三无”食品", store.StateIssued, 7},
	{"关于保护柳树湾古戏台的建议", "县级文物保护单位柳树湾古戏台年久失修", "已立案", 0},
	{"关于规范农村饮用水水源地保护的建议", "石桥村饮用水水源保护区内违规养殖", store.StateClue, 0},
	{"关于清理占用耕地堆放建筑垃圾的建议", "城关村耕地被堆放建筑垃圾", "不予立案", 0},
}

func fillProcuratorate(ctx context.Context, db *store.DB, today string) error {
	deps, err := db.Deputies(ctx, store.DeputyFilter{Status: store.StatusActive})
	if err != nil || len(deps) == 0 {
		return err
	}
	now, _ := time.ParseInLocation("2006-01-02", today, calendar.Beijing)
	start := now.AddDate(0, 0, -200)
	at := func(days int) string { return start.AddDate(0, 0, days).Format("2006-01-02") }
	year := start.Year()
	for i, c := range procuratorateClues {
		s := &store.Suggestion{DeputyID: deps[(i*5+2)%len(deps)].ID, Day: at(i * 6), No: fmt.Sprintf("%d-%03d", year, 300+i),
			Title: c.title, Department: "县人民检察院"}
		if err := db.SaveSuggestion(ctx, s); err != nil {
			return fmt.Errorf("demo: suggestion %s: %w", c.title, err)
		}
		r := &store.Referral{SuggestionID: s.ID, Direction: store.DirClue, ClueDay: at(i*6 + 10), Subject: c.subject, State: c.state,
			Note: "经县人大常委会与县人民检察院线索移送机制移送"}
		if c.refNo > 0 {
			r.RefNo, r.RefDay = fmt.Sprintf("和检行公建〔%d〕%d号", start.AddDate(0, 0, i*6+45).Year(), c.refNo), at(i*6+45)
		}
		if err := db.SaveReferral(ctx, r); err != nil {
			return fmt.Errorf("demo: procuratorate clue %s: %w", c.title, err)
		}
	}
	// A case turned into a 代表建议, the suggestion then passed on as a 线索:
	// the case window shows where it went.
	sc, err := db.Cases(ctx, store.CaseFilter{Disposition: store.DispSuggestion, From: at(0), To: at(150), Oldest: true, Limit: 50})
	if err != nil {
		return err
	}
	for _, c := range sc {
		if c.SuggestionNo == "" {
			continue
		}
		if _, err := db.SuggestionIDByNo(ctx, c.SuggestionNo); err == nil {
			continue
		}
		s := &store.Suggestion{DeputyID: deps[3%len(deps)].ID, Day: c.Day, No: c.SuggestionNo, Title: "关于解决" + c.VisitorVillage + c.Category + "问题的建议",
			Department: c.SuggestionDept}
		if err := db.SaveSuggestion(ctx, s); err != nil {
			return fmt.Errorf("demo: suggestion from case %s: %w", c.No, err)
		}
		r := &store.Referral{SuggestionID: s.ID, Direction: store.DirClue, ClueDay: c.Day, Subject: c.VisitorVillage + c.Category + "问题涉及公共利益",
			State: store.StateClue, Note: "由群众反映事项" + c.No + "转为代表建议后移送"}
		if r.ClueDay < s.Day {
			r.ClueDay = s.Day
		}
		if err := db.SaveReferral(ctx, r); err != nil {
			return fmt.Errorf("demo: clue from case %s: %w", c.No, err)
		}
		break
	}
	// A 检察建议 on a matter the deputies then took up as a 代表建议.
	refDay := at(120)
	s := &store.Suggestion{DeputyID: deps[7%len(deps)].ID, Day: at(135), No: fmt.Sprintf("%d-%03d", year, 310),
		Title: "关于落实窨井盖安全隐患整改的建议", Department: "县住房和城乡建设局"}
	if err := db.SaveSuggestion(ctx, s); err != nil {
		return fmt.Errorf("demo: suggestion: %w", err)
	}
	r := &store.Referral{SuggestionID: s.ID, Direction: store.DirFromPros, RefNo: fmt.Sprintf("和检行公建〔%s〕%d号", refDay[:4], 11), RefDay: refDay,
		Subject: "城区道路窨井盖缺失破损危及行人安全", State: store.StateIssued, Note: "县人民检察院抄送县人大常委会"}
	if err := db.SaveReferral(ctx, r); err != nil {
		return fmt.Errorf("demo: procuratorial suggestion: %w", err)
	}
	return nil
}
