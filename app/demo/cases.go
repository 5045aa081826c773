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

// caseKind is one category's raw material: what visitors raise, who handles
// it and what the result usually is.
type caseKind struct {
	category string
	contents []string // %s = the visitor's village
	units    []string
	results  []string
}

var caseKinds = []caseKind{
	{"基础设施", []string{
		"%s通往镇上的道路年久失修，路面坑洼不平，雨天积水，希望列入道路硬化计划。",
		"%s村口的路灯坏了三盏，晚上出行不便，请尽快维修。",
		"%s的自来水经常停水，水压不足，高处的住户用水困难。",
		"%s的排水沟被淤泥堵塞，下雨时污水漫到路面。",
		"%s的小桥护栏松动，学生上下学经过有安全隐患。",
		"希望在%s增设公交站台，方便老人出行。",
	}, []string{"镇村镇建设办公室", "镇交通运输管理站", "县自来水公司城关营业所", "县供电公司城关供电所"}, []string{
		"已组织施工队修补路面坑洼，铺设水泥路面。", "已更换损坏路灯，恢复夜间照明。", "已更换老化管道并加装增压泵，供水恢复正常。",
		"已清理排水沟淤泥，疏通排水。", "已加固护栏并设置警示标志。", "已纳入明年公交站点规划。",
	}},
	{"生态环境", []string{
		"%s附近的河道有人倾倒生活垃圾，夏天气味很大。",
		"%s的养殖场粪污直排，影响周边群众生活。",
		"%s的垃圾清运不及时，垃圾桶经常满溢。",
		"%s旁边的石料厂粉尘大，希望加强监管。",
		"%s有人焚烧秸秆，烟雾影响出行。",
	}, []string{"镇生态环境办公室", "镇综合行政执法队", "镇环卫所"}, []string{
		"已组织清理河道垃圾，并设立监督举报牌。", "已责令养殖场限期整改，建设粪污处理设施。", "已调整清运频次为每日一次。",
		"已督促企业安装喷淋降尘设施。", "已开展秸秆禁烧宣传和巡查。",
	}},
	{"社会保障", []string{
		"%s村民家中老人患病，申请低保，不清楚需要哪些材料。",
		"%s的残疾人补贴发放不及时，希望核实。",
		"咨询%s高龄津贴的申领条件和发放标准。",
		"%s的困难户房屋漏雨，希望纳入危房改造。",
		"反映%s的低保评定不够公开，希望张榜公示。",
	}, []string{"镇民政办公室", "镇社会事务办公室", "镇残联"}, []string{
		"已告知申请材料并协助递交低保申请。", "经核实已补发残疾人两项补贴。", "已当面解释高龄津贴政策。",
		"已纳入年度危房改造名单。", "已要求各村低保评定结果张榜公示七天。",
	}},
	{"医疗卫生", []string{
		"%s卫生室医生不足，看病要跑到镇上。",
		"咨询城乡居民医保缴费标准和报销比例。",
		"%s的老人希望卫生院定期上门体检。",
		"反映镇卫生院夜间急诊无人值守。",
	}, []string{"镇卫生院", "镇医保服务站"}, []string{
		"已安排卫生院医生每周两天到村卫生室坐诊。", "已解释医保缴费标准和报销比例。", "已组织家庭医生上门为老人体检。",
		"卫生院已完善夜间值班制度。",
	}},
	{"教育", []string{
		"%s的孩子上学路远，希望开通校车。",
		"镇中心小学周边交通拥堵，接送孩子有安全隐患。",
		"咨询外来务工人员子女入学政策。",
		"希望%s幼儿园延长托管时间。",
	}, []string{"镇中心学校", "镇派出所", "县教育局"}, []string{
		"已协调开通校车线路。", "已在上下学时段安排交警和护学岗疏导交通。", "已解释随迁子女入学政策和办理流程。",
		"幼儿园已试行延时托管服务。",
	}},
	{"农业农村", []string{
		"%s的灌溉水渠年久失修，春耕用水困难。",
		"希望镇里组织果树修剪和病虫害防治技术培训。",
		"%s的高标准农田项目进度慢，影响耕种。",
		"咨询耕地地力保护补贴发放时间。",
		"%s的农产品销路不畅，希望帮助对接电商平台。",
	}, []string{"镇农业综合服务中心", "镇水利站", "镇农经站"}, []string{
		"已修复渠道渗漏段，保障春灌。", "已邀请县农技专家开展技术培训。", "已督促施工单位加快进度。",
		"已答复补贴发放时间。", "已对接电商企业开展产销对接。",
	}},
	{"土地征拆", []string{
		"%s的征地补偿款迟迟未发放到位。",
		"反映%s宅基地审批手续办理时间长。",
		"%s的土地流转合同到期，租金标准有争议。",
		"咨询%s集体土地征收的安置政策。",
	}, []string{"镇自然资源所", "镇征拆办公室", "镇农经站"}, []string{
		"已协调补偿款发放到户。", "已加快审批流程并告知办理进度。", "已组织双方协商，重新签订流转合同。",
		"已解释征收安置政策。",
	}},
	{"矛盾纠纷", []string{
		"%s两户村民因宅基地边界发生纠纷。",
		"%s的工程欠薪问题，农民工工资未结清。",
		"%s邻里因排水问题多次争吵，希望调解。",
		"反映%s物业公司服务差、收费不合理。",
	}, []string{"镇司法所", "镇综治中心", "镇人社服务所", "镇派出所"}, []string{
		"经调解双方达成协议，已签订调解书。", "已督促施工方结清拖欠工资。", "经调解双方握手言和。",
		"已约谈物业公司并限期整改。",
	}},
	{"政策咨询", []string{
		"咨询退役军人优待政策。",
		"咨询农村养老保险补缴政策。",
		"咨询个体工商户办理营业执照的流程。",
		"咨询%s美丽乡村建设的补助标准。",
	}, []string{"镇便民服务中心"}, []string{
		"已当场解释相关政策。", "已告知补缴办法和办理地点。", "已告知办理流程和所需材料。", "已告知补助标准。",
	}},
	{"其他", []string{
		"希望%s建设文化广场，丰富群众文化生活。",
		"%s的手机信号差，希望增设基站。",
		"反映%s流浪犬较多，有伤人隐患。",
	}, []string{"镇文化站", "县通信管理办公室", "镇综合行政执法队"}, []string{
		"已纳入明年文化设施建设计划。", "已协调运营商增设基站。", "已组织捕捉流浪犬。",
	}},
}

// FillYears writes the demo township with years of rosters, receptions and
// cases up to the database clock's month; adHocPerMonth sets how busy it is
// (60 gives about 170 cases a month, 250 about 420).
func FillYears(ctx context.Context, db *store.DB, years, adHocPerMonth int) error {
	if err := fillTownship(ctx, db); err != nil {
		return err
	}
	months := 12 * years
	_, _, err := FillCases(ctx, db, CasePace{From: calendar.MonthOf(db.Now()).Add(1 - months), Months: months, AdHocPerMonth: adHocPerMonth, Seed: 2026})
	return err
}

// CasePace sets how busy the generated township is.
type CasePace struct {
	From   calendar.Month // first month
	Months int
	// AdHocPerMonth is the number of 走访/电话/代表码/座谈 contacts a month;
	// each station reception brings several cases besides.
	AdHocPerMonth int
	Seed          uint64
}

// FillCases sets each demo station's 接待日 rule, generates the roster for
// the months given, marks attendance on past duties, and records receptions
// and their cases month by month with a fixed seed: one reception per duty
// held, ad hoc contacts between, and
// each case carried along the loop according to its age relative to
// today, so older cases are mostly closed while some overdue ones remain.
func FillCases(ctx context.Context, db *store.DB, pace CasePace) (receptions, cases int, err error) {
	r := rand.New(rand.NewPCG(pace.Seed, 5))
	stations, err := db.Stations(ctx)
	if err != nil {
		return 0, 0, err
	}
	active, err := db.Deputies(ctx, store.DeputyFilter{Status: store.StatusActive})
	if err != nil {
		return 0, 0, err
	}
	if len(active) == 0 {
		return 0, 0, fmt.Errorf("demo: no deputies to receive visitors")
	}
	today := db.Now()
	g := &deputies{r: r, used: map[string]bool{}, phones: map[string]bool{}}
	// Days are UTC midnights here, as the roster code counts them.
	start := pace.From.Start(time.UTC)
	end := pace.From.Add(pace.Months).Start(time.UTC).AddDate(0, 0, -1)
	duties, err := fillRosters(ctx, db, r, stations, start, end, today)
	if err != nil {
		return 0, 0, err
	}
	stationByID := map[string]*store.Station{}
	for i := range stations {
		stationByID[stations[i].ID] = &stations[i]
	}
	for m := 0; m < pace.Months; m++ {
		mo := pace.From.Add(m)
		month := mo.Start(time.UTC)
		type visit struct {
			day     time.Time
			station *store.Station
			kind    string
			dutyID  string
		}
		var visits []visit
		for _, d := range duties {
			if mo.Contains(d.Date) {
				day, _ := time.Parse("2006-01-02", d.Date)
				visits = append(visits, visit{day, stationByID[d.StationID], "接待日", d.ID})
			}
		}
		for i := 0; i < pace.AdHocPerMonth; i++ {
			kind := []string{"走访选民", "走访选民", "电话", "代表码线上反映", "代表码线上反映", "座谈"}[r.IntN(6)]
			visits = append(visits, visit{month.AddDate(0, 0, r.IntN(mo.Days())), nil, kind, ""})
		}
		for _, v := range visits {
			if !v.day.Before(today) {
				continue
			}
			rec := &store.Reception{Kind: v.kind, Day: v.day.Format("2006-01-02")}
			var pool []string
			nCases := 1 + r.IntN(2)
			if v.dutyID != "" {
				// Pre-filled from the duty and its attendance marks.
				*rec, err = db.ReceptionForDuty(ctx, v.dutyID)
				if err != nil {
					return receptions, cases, err
				}
				nCases = 2 + r.IntN(9)
			} else {
				rec.Place = villages[r.IntN(len(villages))]
				if v.kind == "座谈" {
					rec.Place += "村民活动室"
					nCases = 3 + r.IntN(4)
				}
			}
			if len(rec.DeputyIDs) == 0 {
				pool = make([]string, 0, len(active))
				for _, d := range active {
					pool = append(pool, d.ID)
				}
				for _, k := range r.Perm(len(pool))[:1+r.IntN(2)] {
					rec.DeputyIDs = append(rec.DeputyIDs, pool[k])
				}
			}
			var records []*store.CaseRecord
			for i := 0; i < nCases; i++ {
				records = append(records, makeCase(r, g, v.day, today))
			}
			rec.Visitors = nCases + r.IntN(3)
			if v.kind == "座谈" {
				rec.Visitors += 8 + r.IntN(15)
			}
			rec.Notes = map[string]string{"接待日": "按值班表进站接待", "座谈": "召开群众座谈会", "电话": "代表接听群众来电"}[v.kind]
			if err := db.RecordReception(ctx, rec, records); err != nil {
				return receptions, cases, fmt.Errorf("demo: reception %s: %w", rec.Day, err)
			}
			receptions++
			cases += len(records)
		}
	}
	return receptions, cases, nil
}

func (g *deputies) idNumber(birth time.Time) string {
	s := fmt.Sprintf("140723%s%03d", birth.Format("20060102"), g.r.IntN(1000))
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(s[i]-'0') * []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}[i]
	}
	return s + string("10X98765432"[sum%11])
}

// makeCase invents one case raised on day and how far it got by today.
func makeCase(r *rand.Rand, g *deputies, day, today time.Time) *store.CaseRecord {
	k := caseKinds[r.IntN(len(caseKinds))]
	// 基础设施 and 社会保障 are raised most.
	if r.IntN(4) == 0 {
		k = caseKinds[[]int{0, 2, 5}[r.IntN(3)]]
	}
	ci := r.IntN(len(k.contents))
	village := villages[r.IntN(len(villages))]
	content := k.contents[ci]
	if strings.Contains(content, "%s") {
		content = fmt.Sprintf(content, village)
	}
	female := r.IntN(2) == 0
	cr := &store.CaseRecord{Case: store.Case{
		VisitorName: g.name(female), VisitorVillage: village, Category: k.category, Content: content,
	}}
	if r.IntN(10) < 8 {
		cr.Case.VisitorPhone = g.phone()
	}
	if r.IntN(10) == 0 {
		cr.Case.VisitorID = g.idNumber(time.Date(1950+r.IntN(50), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC))
	}
	p := r.IntN(100)
	disp := store.DispAssigned
	switch {
	case p < 30 || k.category == "政策咨询":
		disp = store.DispOnSpot
	case p < 84:
		disp = store.DispAssigned
	case p < 90:
		disp = store.DispSuggestion
	case p < 94:
		disp = "转12345热线"
	case p < 97:
		disp = "转调解"
	default:
		disp = "其他"
	}
	if k.category == "矛盾纠纷" && disp == store.DispAssigned && r.IntN(2) == 0 {
		disp = "转调解"
	}
	cr.Case.Disposition = disp
	result := k.results[min(ci, len(k.results)-1)]
	at := func(days int) string { return day.AddDate(0, 0, days).Format("2006-01-02") }
	age := int(today.Sub(day).Hours() / 24)
	secretary := "赵丽华"
	step := func(status string, after int, text, sat string) bool {
		if after > age {
			return false
		}
		cr.Steps = append(cr.Steps, store.StepInput{Status: status, Day: at(after), Who: secretary, Text: text, Satisfaction: sat})
		return true
	}
	if disp == store.DispOnSpot {
		step("办结", 0, "代表当场答复："+result, "")
		step("已反馈", 0, "当场告知反映人", "")
		if r.IntN(3) == 0 {
			step("已回访", 7+r.IntN(10), "电话回访", []string{"满意", "满意", "基本满意"}[r.IntN(3)])
		}
		return cr
	}
	limit := []int{15, 30, 30, 60}[r.IntN(4)]
	if disp == store.DispSuggestion {
		limit = 90
		cr.Case.SuggestionNo = fmt.Sprintf("和人建〔%d〕%d号", day.Year(), 1+r.IntN(150))
		cr.Case.SuggestionDept = k.units[r.IntN(len(k.units))]
	}
	cr.Case.Deadline = at(limit)
	unit := k.units[r.IntN(len(k.units))]
	if disp == "转12345热线" {
		unit = "县12345政务服务便民热线"
	}
	if disp == "转调解" {
		unit = "镇矛盾纠纷调解中心"
	}
	cr.Handlers = append(cr.Handlers, store.Handler{Unit: unit, Role: "主办", AssignedDay: at(1)})
	if r.IntN(5) == 0 {
		cr.Handlers = append(cr.Handlers, store.Handler{Unit: village + "村（居）民委员会", Role: "协办", AssignedDay: at(1)})
	}
	if !step("交办", 1, "交"+unit+"办理", "") || !step("办理中", 3+r.IntN(5), unit+"已受理", "") {
		return cr
	}
	// Long-term matters (roads, land, plans) are 列入计划 with no deadline
	// and stay in hand; most others close within the limit; about one in
	// six drags on past it.
	if r.IntN(100) < 45 {
		cr.Case.Deadline = ""
		return cr
	}
	took := 5 + r.IntN(limit)
	if r.IntN(6) == 0 {
		took = limit + 10 + r.IntN(120)
		if took <= age {
			cr.Urges = append(cr.Urges, store.Urge{Day: at(limit + 3), By: secretary, How: []string{"电话", "书面", "当面"}[r.IntN(3)], Note: "已超期，督促加快办理"})
		}
	}
	if !step("办结", max(took, 8), result, "") {
		return cr
	}
	if disp == store.DispSuggestion {
		cr.Case.SuggestionClass = []string{"A", "A", "B", "B", "C"}[r.IntN(5)]
	}
	if !step("已反馈", max(took, 8)+2+r.IntN(5), "电话告知反映人办理结果", "") {
		return cr
	}
	if r.IntN(10) < 7 {
		step("已回访", max(took, 8)+10+r.IntN(10), "代表回访反映人", []string{"满意", "满意", "满意", "基本满意", "不满意"}[r.IntN(5)])
	}
	return cr
}

// demoRules are the roster rules of the demo stations, in the order Fill
// creates them (matching their 接待日 text).
var demoRules = []store.RosterRule{
	{Kind: store.RuleMonthlyNth, Weekday: time.Friday, Nth: 1, From: "09:00", To: "11:30", PerDuty: 3},
	{Kind: store.RuleMonthlyNth, Weekday: time.Tuesday, Nth: 1, From: "09:00", To: "12:00", PerDuty: 3},
	{Kind: store.RuleMonthDays, Days: []int{5, 20}, From: "15:00", To: "17:00", PerDuty: 2},
	{Kind: store.RuleWeekly, Weekday: time.Wednesday, From: "09:00", To: "11:00", PerDuty: 2},
}

// fillRosters writes the stations' rules, generates duties from start to
// the coming week, and marks attendance on the duties before today: mostly
// 到岗, some 请假 or 缺席, an occasional 替班. It returns the past duties.
func fillRosters(ctx context.Context, db *store.DB, r *rand.Rand, stations []store.Station, start, end, today time.Time) ([]store.Duty, error) {
	for i := range stations {
		if i >= len(demoRules) {
			break
		}
		rule := demoRules[i]
		rule.StationID, rule.HolidayPolicy = stations[i].ID, store.HolidayNext
		if err := db.SaveRosterRule(ctx, &rule); err != nil {
			return nil, fmt.Errorf("demo: roster rule %s: %w", stations[i].Name, err)
		}
	}
	// Duties run to the end of the coming week, so the 首页 has some to
	// show, and no further: later weeks are left for the secretary to
	// generate with the roster generator. They are laid out here by the
	// demo rules directly (app/roster's own tests use this package, so it
	// cannot be imported), holidays moved to the next working day, with
	// each station's deputies taking turns.
	last := today.AddDate(0, 0, 6)
	if end.Before(today) {
		last = end
	}
	hols, err := db.Holidays(ctx, start.Format("2006-01-02"), last.Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	off, work := map[string]bool{}, map[string]bool{}
	for _, h := range hols {
		off[h.Date] = h.Kind == store.HolidayOff
		work[h.Date] = h.Kind == store.HolidayWork
	}
	// A duty on a public holiday moves to the next working day.
	nextWorking := func(d time.Time) time.Time {
		for off[d.Format("2006-01-02")] || ((d.Weekday() == time.Saturday || d.Weekday() == time.Sunday) && !work[d.Format("2006-01-02")]) {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	active, err := db.Deputies(ctx, store.DeputyFilter{Status: store.StatusActive})
	if err != nil {
		return nil, err
	}
	isActive := map[string]bool{}
	for _, d := range active {
		isActive[d.ID] = true
	}
	var duties []*store.Duty
	taken := map[string]bool{} // a station has one duty a day
	for i := range stations {
		if i >= len(demoRules) {
			break
		}
		var pool []string
		for _, gid := range stations[i].GroupIDs {
			g, err := db.Group(ctx, gid)
			if err != nil {
				return nil, err
			}
			for _, id := range g.MemberIDs {
				if isActive[id] {
					pool = append(pool, id)
				}
			}
		}
		rule, turn := demoRules[i], 0
		for mo := calendar.NewMonth(start.Year(), start.Month()); !mo.Start(time.UTC).After(last); mo = mo.Next() {
			m := mo.Start(time.UTC)
			for _, day := range ruleDays(rule, m) {
				if off[day.Format("2006-01-02")] {
					day = nextWorking(day)
				}
				key := day.Format("2006-01-02")
				if day.After(last) || len(pool) == 0 || taken[stations[i].ID+key] {
					continue
				}
				taken[stations[i].ID+key] = true
				d := &store.Duty{StationID: stations[i].ID, Date: key, From: rule.From, To: rule.To}
				for k := 0; k < min(rule.PerDuty, len(pool)); k++ {
					d.DeputyIDs = append(d.DeputyIDs, pool[(turn+k)%len(pool)])
				}
				turn += rule.PerDuty
				duties = append(duties, d)
			}
		}
	}
	if err := db.ApplyDuties(ctx, nil, duties); err != nil {
		return nil, fmt.Errorf("demo: duties: %w", err)
	}
	all, err := db.Duties(ctx, store.DutyFilter{From: start.Format("2006-01-02"), To: today.AddDate(0, 0, -1).Format("2006-01-02")})
	if err != nil {
		return nil, err
	}
	for _, d := range all {
		for _, id := range d.DeputyIDs {
			status, sub := store.AttendPresent, ""
			switch p := r.IntN(100); {
			case p < 6:
				status = store.AttendLeave
			case p < 9:
				status = store.AttendAbsent
			case p < 11:
				// A deputy from another station's duty stands in.
				o := all[r.IntN(len(all))]
				if len(o.DeputyIDs) > 0 && !contains(d.DeputyIDs, o.DeputyIDs[0]) {
					sub = o.DeputyIDs[0]
				}
				if sub != "" {
					status = store.AttendSubstituted
				}
			}
			if err := db.MarkAttendance(ctx, d.ID, id, status, sub, ""); err != nil {
				return nil, fmt.Errorf("demo: attendance %s: %w", d.Date, err)
			}
		}
	}
	return all, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// ruleDays lists the days in month a demo rule gives.
func ruleDays(r store.RosterRule, month time.Time) []time.Time {
	var out []time.Time
	first := time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, time.UTC)
	switch r.Kind {
	case store.RuleMonthlyNth:
		d := first
		for d.Weekday() != r.Weekday {
			d = d.AddDate(0, 0, 1)
		}
		out = append(out, d.AddDate(0, 0, 7*(r.Nth-1)))
	case store.RuleMonthDays:
		for _, n := range r.Days {
			out = append(out, first.AddDate(0, 0, n-1))
		}
	case store.RuleWeekly:
		for d := first; d.Month() == first.Month(); d = d.AddDate(0, 0, 1) {
			if d.Weekday() == r.Weekday {
				out = append(out, d)
			}
		}
	}
	return out
}
