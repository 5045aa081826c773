// Package demo fills an empty database with a realistic township, for trying
// the program, for screenshots and for tests. The data is generated from a
// fixed seed, so every run produces the same township.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"deputydesk/store"
)

// ErrNotEmpty is returned when the database already holds data.
var ErrNotEmpty = errors.New("demo: database is not empty")

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	givenM   = []rune("建国伟强军平东明华志刚勇杰涛斌超磊辉鹏海波峰俊新文利荣宏晓春永德福贵生林")
	givenF   = []rune("秀英丽娟芳敏静艳玲霞红梅兰华云燕琴萍桂珍凤洁婷雪慧莉娜瑞雅")
	villages = []string{"东关村", "西河村", "南坪村", "北庄村", "石桥村", "柳树湾村", "杏花村", "红旗社区", "新城社区", "高家堡村", "李家沟村", "龙泉村"}
	posts    = []struct{ unit, post, category string }{
		{"%s村民委员会", "党支部书记、村委会主任", "村（社区）干部"},
		{"%s村民委员会", "村委会委员", "村（社区）干部"},
		{"%s", "村民", "农民"},
		{"%s", "种植大户", "农民"},
		{"%s", "养殖专业合作社理事长", "农民"},
		{"镇中心小学", "教师", "专业技术人员"},
		{"镇卫生院", "医生", "专业技术人员"},
		{"镇农业综合服务中心", "农艺师", "专业技术人员"},
		{"县供电公司城关供电所", "职工", "工人"},
		{"恒达建材有限公司", "总经理", "企业负责人"},
		{"绿源农产品加工厂", "车间主任", "工人"},
		{"镇人民政府", "副镇长", "党政领导干部"},
		{"镇派出所", "所长", "党政领导干部"},
	}
	ethnicities = []string{"汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "回族", "蒙古族", "满族"}
	parties     = []string{"中共党员", "中共党员", "中共党员", "群众", "群众", "民盟", "无党派人士"}
	educations  = []string{"大学", "大专", "大专", "高中", "高中", "初中", "中专", "研究生"}
)

// Fill writes the demo township, with two years of rosters, receptions and
// cases (see FillYears) and of activities and assessments (see
// FillActivities), in one transaction per aggregate. It refuses
// a database that already has a township or deputies, changing nothing.
func Fill(ctx context.Context, db *store.DB) error {
	if err := FillYears(ctx, db, 2, 60); err != nil {
		return err
	}
	if err := FillActivities(ctx, db, 2026); err != nil {
		return err
	}
	if err := FillStationStandards(ctx, db); err != nil {
		return err
	}
	if err := FillLiaison(ctx, db); err != nil {
		return err
	}
	if err := FillReferrals(ctx, db); err != nil {
		return err
	}
	return FillProjects(ctx, db, 2026)
}

// CheckEmpty returns ErrNotEmpty when db already has a township or deputies.
func CheckEmpty(ctx context.Context, db *store.DB) error {
	if _, err := db.Township(ctx); err == nil {
		return ErrNotEmpty
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if n, err := db.CountDeputies(ctx); err != nil {
		return err
	} else if n > 0 {
		return ErrNotEmpty
	}
	return nil
}

func fillTownship(ctx context.Context, db *store.DB) error {
	if err := CheckEmpty(ctx, db); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(2026, 11))
	t := &store.Township{
		Name: "城关镇", Code: "140723100", County: "山西省晋中市和顺县",
		TermName: "第十八届", TermStart: "2021-12-28", TermEnd: "2026-12-31",
		Secretary: "赵丽华", Phone: "0354-8621234",
	}
	d := &deputies{r: r, used: map[string]bool{}, phones: map[string]bool{}}
	var all []*store.Deputy
	for i := 0; i < 60; i++ {
		all = append(all, d.make(i, store.Levels(store.TownshipLv)))
	}
	// Higher-level deputies 编组 into township groups; some also hold a
	// township seat (混合编组).
	higher := []store.Levels{
		store.Levels(store.County), store.Levels(store.County), store.Levels(store.County), store.Levels(store.County),
		store.Levels(store.County | store.TownshipLv), store.Levels(store.County | store.TownshipLv),
		store.Levels(store.County), store.Levels(store.Municipal), store.Levels(store.Municipal),
		store.Levels(store.Municipal | store.County), store.Levels(store.Provincial), store.Levels(store.National),
	}
	for i, ls := range higher {
		all = append(all, d.make(60+i, ls))
	}
	// Two deputies left office during the term.
	all[17].Status, all[17].StatusDate, all[17].StatusReason = store.StatusTerminated, "2024-06-30", "调离本行政区域"
	all[41].Status, all[41].StatusDate, all[41].StatusReason = store.StatusTerminated, "2025-03-15", "辞去代表职务"

	if err := db.SaveTownship(ctx, t); err != nil {
		return fmt.Errorf("demo: township: %w", err)
	}
	if err := db.SaveDeputies(ctx, all); err != nil {
		return fmt.Errorf("demo: deputies: %w", err)
	}
	groupNames := []string{"第一代表小组（东片）", "第二代表小组（西片）", "第三代表小组（南片）", "第四代表小组（北片）", "第五代表小组（城区）", "第六代表小组（企业）"}
	groups := make([]*store.Group, len(groupNames))
	for i, n := range groupNames {
		groups[i] = &store.Group{Name: n}
	}
	// Township deputies by turn, then the higher-level ones spread across groups.
	for i, dep := range all {
		g := groups[i%len(groups)]
		g.MemberIDs = append(g.MemberIDs, dep.ID)
	}
	for _, g := range groups {
		for _, id := range g.MemberIDs {
			if dep := byID(all, id); dep.Status == store.StatusActive && dep.Levels.Has(store.TownshipLv) {
				g.LeaderID = id
				break
			}
		}
		if err := db.SaveGroup(ctx, g); err != nil {
			return fmt.Errorf("demo: group %s: %w", g.Name, err)
		}
	}
	stations := []*store.Station{
		{Name: "城关镇人大代表联络站", Kind: "代表联络站", Address: "城关镇人民政府院内一楼东侧", OpeningRule: "每月第一周的周五 9:00–11:30",
			Phone: "0354-8621235", GroupIDs: []string{groups[0].ID, groups[4].ID}},
		{Name: "城关镇人大代表之家", Kind: "代表之家", Address: "城关镇文化路18号党群服务中心二楼", OpeningRule: "每月第一个星期二 9:00–12:00",
			GroupIDs: []string{groups[1].ID, groups[5].ID}},
		{Name: "石桥村代表联络点", Kind: "代表联络点", Address: "石桥村村民委员会", OpeningRule: "每月5日、20日 15:00–17:00",
			GroupIDs: []string{groups[2].ID}},
		{Name: "红旗社区代表联络窗", Kind: "代表联络窗", Address: "红旗社区便民服务大厅3号窗口", OpeningRule: "每周三 9:00–11:00",
			Phone: "0354-8625566", GroupIDs: []string{groups[3].ID}},
	}
	for _, s := range stations {
		if err := db.SaveStation(ctx, s); err != nil {
			return fmt.Errorf("demo: station %s: %w", s.Name, err)
		}
	}
	return nil
}

func byID(ds []*store.Deputy, id string) *store.Deputy {
	for _, d := range ds {
		if d.ID == id {
			return d
		}
	}
	return nil
}

type deputies struct {
	r      *rand.Rand
	used   map[string]bool
	phones map[string]bool
}

func (g *deputies) name(female bool) string {
	for {
		given := givenM
		if female {
			given = givenF
		}
		n := string(surnames[g.r.IntN(len(surnames))]) + string(given[g.r.IntN(len(given))])
		if g.r.IntN(3) > 0 {
			n += string(given[g.r.IntN(len(given))])
		}
		if !g.used[n] {
			g.used[n] = true
			return n
		}
	}
}

func (g *deputies) phone() string {
	prefixes := []string{"138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "182", "183", "187", "188", "133", "153", "180", "189", "130", "131", "155", "156", "185", "186"}
	for {
		p := prefixes[g.r.IntN(len(prefixes))] + fmt.Sprintf("%08d", g.r.IntN(100000000))
		if !g.phones[p] {
			g.phones[p] = true
			return p
		}
	}
}

func (g *deputies) make(i int, ls store.Levels) *store.Deputy {
	r := g.r
	female := r.IntN(100) < 32
	p := posts[r.IntN(len(posts))]
	village := villages[r.IntN(len(villages))]
	unit := p.unit
	if strings.Contains(unit, "%s") {
		unit = fmt.Sprintf(unit, village)
		if strings.HasSuffix(village, "社区") {
			unit = strings.Replace(unit, "村民委员会", "居民委员会", 1)
		}
	}
	d := &store.Deputy{
		Name:      g.name(female),
		Gender:    map[bool]string{true: "女", false: "男"}[female],
		Ethnicity: ethnicities[r.IntN(len(ethnicities))],
		BirthDate: fmt.Sprintf("%d-%02d-%02d", 1960+r.IntN(36), 1+r.IntN(12), 1+r.IntN(28)),
		Party:     parties[r.IntN(len(parties))],
		Education: educations[r.IntN(len(educations))],
		WorkUnit:  unit,
		Post:      p.post,
		Phone:     g.phone(),
		CertNo:    fmt.Sprintf("HS18-%03d", i+1),
		Levels:    ls,
		District:  fmt.Sprintf("第%d选区（%s）", 1+i%15, village),
		Term:      "第十八届",
		Category:  p.category,
		Status:    store.StatusActive,
	}
	if !ls.Has(store.TownshipLv) {
		d.District = "和顺县第" + []string{"一", "二", "三", "四", "五"}[i%5] + "选区"
		if ls.Has(store.Municipal) {
			d.District = "和顺县人大常委会（选举单位）"
		}
		if ls.Has(store.Provincial) || ls.Has(store.National) {
			d.District = "晋中市人大常委会（选举单位）"
		}
		d.CertNo = fmt.Sprintf("HSX-%03d", i+1)
	}
	return d
}
