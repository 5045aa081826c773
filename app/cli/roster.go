package cli

import (
	"bytes"
	"context"
	"deputydesk/app/atomicfile"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	rosterreport "deputydesk/app/report/roster"
	"deputydesk/app/roster"
	"deputydesk/store"
)

func init() {
	register(command{name: "roster rule set", usage: "设置站点接待日规则（--station --kind nth|weekly|days|dates …）", run: runRuleSet})
	register(command{name: "roster rule list", usage: "列出各站点的接待日规则", run: runRuleList})
	register(command{name: "roster generate", usage: "按规则生成值班表（--from 2026-12-01 --to 2027-03-31 [--station] [--dry-run]）", run: runGenerate})
	register(command{name: "roster list", usage: "列出值班安排（--from --to [--station] [--deputy]）", run: runDutyList})
	register(command{name: "roster replace", usage: "更换某次值班的代表（--duty --out 原代表 --in 新代表）", run: runReplace})
	register(command{name: "roster swap", usage: "对调两次值班的代表（--duty-a --deputy-a --duty-b --deputy-b）", run: runSwap})
	register(command{name: "roster attend", usage: "登记到岗情况（--duty --deputy --status 到岗|请假|缺席|替班 [--sub 替班代表]）", run: runAttend})
	register(command{name: "roster leave add", usage: "登记代表请假/外出（--deputy --kind --from --to [--reason]）", run: runLeaveAdd})
	register(command{name: "roster leave remove", usage: "删除一条请假/外出登记（--id，roster leave list 可查）", run: runLeaveRemove})
	register(command{name: "roster leave list", usage: "列出请假/外出登记（[--deputy] [--from] [--to]）", run: runLeaveList})
	register(command{name: "roster remind", usage: "打印代表的值班提醒短信（--deputy [--weeks 4] [--from 日期]）", run: runRemind})
	register(command{name: "roster ics", usage: "导出代表或站点的日历文件（--deputy|--station --out FILE.ics）", run: runICS})
	register(command{name: "report roster", usage: "导出值班表（--month 2026-12|--quarter 2026Q4 --out FILE.pdf|xlsx [--station]）", run: runReportRoster})
	register(command{name: "holiday list", usage: "列出法定节假日与调休上班日（[--year 2027]）", run: runHolidayList})
	register(command{name: "holiday add", usage: "录入节假日（--date --name --kind off|work [--source]）", run: runHolidayAdd})
	register(command{name: "holiday remove", usage: "删除一天节假日（--date）", run: runHolidayRemove})
	register(command{name: "holiday year", usage: "标记某年放假通知已录入（--year 2027 --source 通知名称）", run: runHolidayYear})
}

func rosterFlags(name string, env Env) *flag.FlagSet {
	fs := newFlagSet(name, env)
	return fs
}

func rosterParse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if fs.NArg() > 0 {
		return &UsageError{Msg: "多余的参数：" + strings.Join(fs.Args(), " ")}
	}
	return nil
}

// rosterStation accepts a station's ID or its exact name.
func rosterStation(ctx context.Context, db *store.DB, s string) (store.Station, error) {
	if s == "" {
		return store.Station{}, &UsageError{Msg: "请用 --station 指定站点（ID 或名称）"}
	}
	if st, err := db.Station(ctx, s); err == nil {
		return st, nil
	}
	all, err := db.Stations(ctx)
	if err != nil {
		return store.Station{}, err
	}
	for _, st := range all {
		if st.Name == s {
			return st, nil
		}
	}
	return store.Station{}, fmt.Errorf("找不到站点“%s”", s)
}

// rosterDeputy accepts a deputy's ID or a name that only one deputy has.
func rosterDeputy(ctx context.Context, db *store.DB, s string) (store.Deputy, error) {
	if s == "" {
		return store.Deputy{}, &UsageError{Msg: "请指定代表（ID 或姓名）"}
	}
	if d, err := db.Deputy(ctx, s); err == nil {
		return d, nil
	}
	all, err := db.Deputies(ctx, store.DeputyFilter{Query: s})
	if err != nil {
		return store.Deputy{}, err
	}
	var hits []store.Deputy
	for _, d := range all {
		if d.Name == s {
			hits = append(hits, d)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return store.Deputy{}, fmt.Errorf("找不到代表“%s”", s)
	}
	return store.Deputy{}, fmt.Errorf("有%d位代表名叫“%s”，请改用代表 ID（deputies list 可查）", len(hits), s)
}

var rosterWeekdayWords = map[string]time.Weekday{"日": time.Sunday, "天": time.Sunday, "一": time.Monday, "二": time.Tuesday, "三": time.Wednesday,
	"四": time.Thursday, "五": time.Friday, "六": time.Saturday}

// rosterWeekday reads 1–7 (7 = Sunday), 周五, 星期五 or 五.
func rosterWeekday(s string) (time.Weekday, bool) {
	s = strings.TrimPrefix(strings.TrimPrefix(store.Normalize(s), "星期"), "周")
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 7 {
		return time.Weekday(n % 7), true
	}
	w, ok := rosterWeekdayWords[s]
	return w, ok
}

func runRuleSet(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster rule set", env)
	station := fs.String("station", "", "站点 ID 或名称")
	kind := fs.String("kind", "nth", "规则：nth 每月第几个星期几；weekly 每周；days 每月固定日期；dates 指定日期")
	weekday := fs.String("weekday", "", "星期几：1–7 或 周五")
	nth := fs.Int("nth", 1, "第几个（1–5，-1 为最后一个）")
	days := fs.String("days", "", "每月日期，如 5,20")
	dates := fs.String("dates", "", "指定日期，如 2026-12-04,2027-01-08")
	clock := fs.String("time", "9:00-11:30", "接待时间，如 9:00-11:30")
	per := fs.Int("per", 2, "每次值班人数")
	holiday := fs.String("holiday", "next", "遇法定节假日：next 顺延至下一个工作日；skip 取消")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	st, err := rosterStation(ctx, db, *station)
	if err != nil {
		return err
	}
	from, to, ok := strings.Cut(strings.NewReplacer("–", "-", "—", "-", "~", "-", "至", "-").Replace(*clock), "-")
	if !ok {
		return &UsageError{Msg: "--time 应如 9:00-11:30"}
	}
	r := store.RosterRule{StationID: st.ID, From: from, To: to, PerDuty: *per, HolidayPolicy: *holiday}
	switch *kind {
	case "nth", "monthly_nth":
		r.Kind, r.Nth = store.RuleMonthlyNth, *nth
	case "weekly":
		r.Kind = store.RuleWeekly
	case "days", "month_days":
		r.Kind = store.RuleMonthDays
		for _, p := range strings.FieldsFunc(*days, func(r rune) bool { return strings.ContainsRune(",，、 ", r) }) {
			n, err := strconv.Atoi(strings.TrimSuffix(p, "日"))
			if err != nil {
				return &UsageError{Msg: "--days 应如 5,20"}
			}
			r.Days = append(r.Days, n)
		}
	case "dates":
		r.Kind = store.RuleDates
		r.Dates = strings.FieldsFunc(*dates, func(r rune) bool { return strings.ContainsRune(",，、 ", r) })
	default:
		return &UsageError{Msg: "--kind 应为 nth、weekly、days 或 dates"}
	}
	if r.Kind == store.RuleWeekly || r.Kind == store.RuleMonthlyNth {
		w, ok := rosterWeekday(*weekday)
		if !ok {
			return &UsageError{Msg: "--weekday 应为 1–7 或 周五"}
		}
		r.Weekday = w
	}
	if err := db.SaveRosterRule(ctx, &r); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s：%s\n", st.Name, r.Describe())
	return nil
}

func runRuleList(ctx context.Context, env Env, db *store.DB, args []string) error {
	if err := rosterParse(rosterFlags("roster rule list", env), args); err != nil {
		return err
	}
	sts, err := db.Stations(ctx)
	if err != nil {
		return err
	}
	rules, err := db.RosterRules(ctx)
	if err != nil {
		return err
	}
	for _, s := range sts {
		desc := "（未设置规则）"
		if r, ok := rules[s.ID]; ok {
			desc = r.Describe()
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\n", s.ID, s.Name, desc)
	}
	return nil
}

func rosterNames(ctx context.Context, db *store.DB) (func(string) string, func(string) string, error) {
	deps, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		return nil, nil, err
	}
	sts, err := db.Stations(ctx)
	if err != nil {
		return nil, nil, err
	}
	dn := map[string]string{}
	for _, d := range deps {
		dn[d.ID] = d.Name
	}
	sn := map[string]string{}
	for _, s := range sts {
		sn[s.ID] = s.Name
	}
	return func(id string) string { return sn[id] }, func(id string) string { return dn[id] }, nil
}

func runGenerate(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster generate", env)
	from := fs.String("from", "", "开始日期，如 2026-12-01")
	to := fs.String("to", "", "结束日期，如 2027-03-31")
	station := fs.String("station", "", "只生成此站点（ID 或名称）")
	dry := fs.Bool("dry-run", false, "只显示将作的变动，不保存")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return &UsageError{Msg: "请用 --from 和 --to 指定日期范围"}
	}
	opt := roster.Options{From: *from, To: *to, DryRun: *dry}
	if *station != "" {
		st, err := rosterStation(ctx, db, *station)
		if err != nil {
			return err
		}
		opt.StationIDs = []string{st.ID}
	}
	res, err := roster.Generate(ctx, db, opt)
	if err != nil {
		return err
	}
	sn, dn, err := rosterNames(ctx, db)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(env.Stdout, "提示："+w)
	}
	for _, l := range res.Lines(sn, dn) {
		fmt.Fprintln(env.Stdout, l)
	}
	if *dry {
		fmt.Fprintln(env.Stdout, "（试算，未保存）"+res.Summary())
	} else {
		fmt.Fprintln(env.Stdout, "已保存："+res.Summary())
	}
	return nil
}

func runDutyList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster list", env)
	from := fs.String("from", "", "开始日期")
	to := fs.String("to", "", "结束日期")
	station := fs.String("station", "", "站点 ID 或名称")
	deputy := fs.String("deputy", "", "代表 ID 或姓名")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	f := store.DutyFilter{From: *from, To: *to}
	if *station != "" {
		st, err := rosterStation(ctx, db, *station)
		if err != nil {
			return err
		}
		f.StationID = st.ID
	}
	if *deputy != "" {
		d, err := rosterDeputy(ctx, db, *deputy)
		if err != nil {
			return err
		}
		f.DeputyID = d.ID
	}
	duties, err := db.Duties(ctx, f)
	if err != nil {
		return err
	}
	sn, dn, err := rosterNames(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "ID\t日期\t星期\t时间\t站点\t值班代表\t状态")
	for _, d := range duties {
		var names []string
		for _, id := range d.DeputyIDs {
			n := dn(id)
			if m, ok := d.Marks[id]; ok {
				n += "[" + m.Status
				if m.SubstituteID != "" {
					n += ":" + dn(m.SubstituteID)
				}
				n += "]"
			}
			names = append(names, n)
		}
		var flags []string
		if d.HandEdited {
			flags = append(flags, "手工调整")
		}
		if d.Held {
			flags = append(flags, "已接待")
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s–%s\t%s\t%s\t%s\n", d.ID, d.Date, roster.Weekday(d.Date), store.ShortClock(d.From), store.ShortClock(d.To),
			sn(d.StationID), strings.Join(names, "、"), strings.Join(flags, "、"))
	}
	return nil
}

func rosterWarnings(env Env, warn []string) {
	for _, w := range warn {
		fmt.Fprintln(env.Stdout, "注意："+w)
	}
}

func runReplace(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster replace", env)
	duty := fs.String("duty", "", "值班 ID（roster list 可查）")
	out := fs.String("out", "", "换下的代表（留空则为增加一人）")
	in := fs.String("in", "", "换上的代表")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	newDep, err := rosterDeputy(ctx, db, *in)
	if err != nil {
		return err
	}
	oldID := ""
	if *out != "" {
		o, err := rosterDeputy(ctx, db, *out)
		if err != nil {
			return err
		}
		oldID = o.ID
	}
	warn, err := roster.Replace(ctx, db, *duty, oldID, newDep.ID)
	if err != nil {
		return err
	}
	rosterWarnings(env, warn)
	fmt.Fprintln(env.Stdout, "已更换为"+newDep.Name+"（此次值班标记为手工调整，重新生成时保留）")
	return nil
}

func runSwap(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster swap", env)
	da := fs.String("duty-a", "", "第一次值班 ID")
	a := fs.String("deputy-a", "", "第一次值班中的代表")
	dbb := fs.String("duty-b", "", "第二次值班 ID")
	b := fs.String("deputy-b", "", "第二次值班中的代表")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	depA, err := rosterDeputy(ctx, db, *a)
	if err != nil {
		return err
	}
	depB, err := rosterDeputy(ctx, db, *b)
	if err != nil {
		return err
	}
	warn, err := roster.Swap(ctx, db, *da, depA.ID, *dbb, depB.ID)
	if err != nil {
		return err
	}
	rosterWarnings(env, warn)
	fmt.Fprintf(env.Stdout, "已对调%s与%s\n", depA.Name, depB.Name)
	return nil
}

func runAttend(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster attend", env)
	duty := fs.String("duty", "", "值班 ID")
	deputy := fs.String("deputy", "", "代表 ID 或姓名")
	status := fs.String("status", "到岗", "到岗、请假、缺席或替班")
	sub := fs.String("sub", "", "替班代表（替班时必填）")
	note := fs.String("note", "", "备注")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	d, err := rosterDeputy(ctx, db, *deputy)
	if err != nil {
		return err
	}
	subID := ""
	if *sub != "" {
		s, err := rosterDeputy(ctx, db, *sub)
		if err != nil {
			return err
		}
		subID = s.ID
	}
	if err := db.MarkAttendance(ctx, *duty, d.ID, *status, subID, *note); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已登记：%s %s\n", d.Name, *status)
	return nil
}

func runLeaveAdd(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster leave add", env)
	deputy := fs.String("deputy", "", "代表 ID 或姓名")
	kind := fs.String("kind", store.LeaveAbsent, "请假或外出")
	from := fs.String("from", "", "开始日期")
	to := fs.String("to", "", "结束日期")
	reason := fs.String("reason", "", "事由")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	d, err := rosterDeputy(ctx, db, *deputy)
	if err != nil {
		return err
	}
	l := &store.Leave{DeputyID: d.ID, Kind: *kind, From: *from, To: *to, Reason: *reason}
	if err := db.SaveLeave(ctx, l); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已登记：%s %s %s至%s。已排的值班不会自动改动，请重新生成值班表。\n", d.Name, l.Kind, store.FormatDate(l.From), store.FormatDate(l.To))
	return nil
}

func runLeaveRemove(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster leave remove", env)
	id := fs.String("id", "", "登记 ID")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	if *id == "" {
		return &UsageError{Msg: "请用 --id 指定要删除的登记"}
	}
	if err := db.DeleteLeave(ctx, *id); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "已删除该请假/外出登记。已排的值班不会自动改动，请重新生成值班表。")
	return nil
}

func runLeaveList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster leave list", env)
	deputy := fs.String("deputy", "", "代表 ID 或姓名")
	from := fs.String("from", "", "开始日期")
	to := fs.String("to", "", "结束日期")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	f := store.LeaveFilter{From: *from, To: *to}
	if *deputy != "" {
		d, err := rosterDeputy(ctx, db, *deputy)
		if err != nil {
			return err
		}
		f.DeputyID = d.ID
	}
	ls, err := db.Leaves(ctx, f)
	if err != nil {
		return err
	}
	_, dn, err := rosterNames(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "ID\t代表\t类型\t开始\t结束\t事由")
	for _, l := range ls {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", l.ID, dn(l.DeputyID), l.Kind, l.From, l.To, l.Reason)
	}
	return nil
}

func runRemind(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster remind", env)
	deputy := fs.String("deputy", "", "代表 ID 或姓名")
	weeks := fs.Int("weeks", 4, "提醒未来几周")
	from := fs.String("from", "", "从哪天算起（默认今天）")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	d, err := rosterDeputy(ctx, db, *deputy)
	if err != nil {
		return err
	}
	start := db.Now()
	if *from != "" {
		s, ok := store.ParseDate(*from)
		if !ok {
			return &UsageError{Msg: "--from 日期格式应为 2026-12-01"}
		}
		start, _ = roster.ParseDay(s)
	}
	text, err := rosterreport.Reminder(ctx, db, d.ID, start, *weeks)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, text)
	return nil
}

func runICS(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("roster ics", env)
	deputy := fs.String("deputy", "", "代表 ID 或姓名")
	station := fs.String("station", "", "站点 ID 或名称")
	from := fs.String("from", "", "开始日期（默认今天）")
	to := fs.String("to", "", "结束日期（默认不限）")
	out := fs.String("out", "", "输出文件 .ics")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	if *out == "" || (*deputy == "") == (*station == "") {
		return &UsageError{Msg: "请指定 --deputy 或 --station 之一，以及 --out 文件"}
	}
	f := rosterreport.CalendarFilter{From: *from, To: *to}
	if f.From == "" {
		f.From = db.Now().Format("2006-01-02")
	}
	if *deputy != "" {
		d, err := rosterDeputy(ctx, db, *deputy)
		if err != nil {
			return err
		}
		f.DeputyID = d.ID
	} else {
		s, err := rosterStation(ctx, db, *station)
		if err != nil {
			return err
		}
		f.StationID = s.ID
	}
	var buf bytes.Buffer
	if err := rosterreport.WriteICS(ctx, db, f, &buf); err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导出日历：%s（%d 次接待）\n", *out, strings.Count(buf.String(), "BEGIN:VEVENT"))
	return nil
}

func runReportRoster(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("report roster", env)
	month := fs.String("month", "", "月份，如 2026-12")
	quarter := fs.String("quarter", "", "季度，如 2026Q4（代替 --month）")
	out := fs.String("out", "", "输出文件 .pdf 或 .xlsx")
	station := fs.String("station", "", "只导出此站点（ID 或名称）")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	if *out == "" || (*month == "") == (*quarter == "") {
		return &UsageError{Msg: "请指定 --month 或 --quarter 之一，以及 --out 文件"}
	}
	var p rosterreport.Period
	var err error
	if *month != "" {
		p, err = rosterreport.ParseMonth(*month)
	} else {
		p, err = rosterreport.ParseQuarter(*quarter)
	}
	if err != nil {
		return &UsageError{Msg: err.Error()}
	}
	stationID := ""
	if *station != "" {
		st, err := rosterStation(ctx, db, *station)
		if err != nil {
			return err
		}
		stationID = st.ID
	}
	doc, err := rosterreport.Load(ctx, db, p, stationID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch strings.ToLower(filepath.Ext(*out)) {
	case ".pdf":
		err = rosterreport.WritePDF(&buf, doc, rosterreport.PDFOptions{})
	case ".xlsx":
		err = rosterreport.WriteXLSX(&buf, doc)
	default:
		return &UsageError{Msg: "--out 文件应以 .pdf 或 .xlsx 结尾"}
	}
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(*out, buf.Bytes()); err != nil {
		return err
	}
	n := 0
	for _, s := range doc.Sheets {
		n += len(s.Rows)
	}
	fmt.Fprintf(env.Stdout, "已导出%s值班表：%s（%d 个站点，%d 次接待）\n", p.Label, *out, len(doc.Sheets), n)
	return nil
}

func runHolidayList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("holiday list", env)
	year := fs.Int("year", 0, "年份")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	from, to := "", ""
	if *year > 0 {
		from, to = fmt.Sprintf("%d-01-01", *year), fmt.Sprintf("%d-12-31", *year)
	}
	hs, err := db.Holidays(ctx, from, to)
	if err != nil {
		return err
	}
	years, err := db.HolidayYears(ctx)
	if err != nil {
		return err
	}
	for _, y := range years {
		if *year == 0 || y.Year == *year {
			state := "已录入国务院放假通知"
			if !y.Announced {
				state = "仅法定假日，调休待公布"
			}
			fmt.Fprintf(env.Stdout, "# %d年：%s（%s）\n", y.Year, state, y.Source)
		}
	}
	for _, h := range hs {
		kind := "放假"
		if h.Kind == store.HolidayWork {
			kind = "调休上班"
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\n", h.Date, roster.Weekday(h.Date), h.Name, kind)
	}
	return nil
}

func runHolidayAdd(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("holiday add", env)
	date := fs.String("date", "", "日期")
	name := fs.String("name", "", "节日名称，如 春节")
	kind := fs.String("kind", "off", "off 放假；work 调休上班")
	source := fs.String("source", "", "依据，如 国务院办公厅关于2027年部分节假日安排的通知")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	switch *kind {
	case "放假":
		*kind = store.HolidayOff
	case "上班", "调休上班":
		*kind = store.HolidayWork
	}
	h := &store.Holiday{Date: *date, Name: *name, Kind: *kind, Source: *source}
	if err := db.SaveHoliday(ctx, h); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已录入：%s %s\n", store.FormatDate(h.Date), h.Name)
	return nil
}

func runHolidayRemove(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("holiday remove", env)
	date := fs.String("date", "", "日期")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	if err := db.DeleteHoliday(ctx, *date); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "已删除："+*date)
	return nil
}

func runHolidayYear(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := rosterFlags("holiday year", env)
	year := fs.Int("year", 0, "年份")
	source := fs.String("source", "", "通知名称")
	pending := fs.Bool("pending", false, "标记为尚未公布")
	if err := rosterParse(fs, args); err != nil {
		return err
	}
	if err := db.SaveHolidayYear(ctx, store.HolidayYear{Year: *year, Announced: !*pending, Source: *source}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已更新%d年的节假日安排状态\n", *year)
	return nil
}
