package cli

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	shuzhireport "deputydesk/app/report/shuzhi"
	"deputydesk/store"
)

func init() {
	register(command{name: "shuzhi list", usage: "列出代表述职及选民测评结果（[--year 2026] [--deputy 姓名]）", run: runShuzhiList})
	register(command{name: "shuzhi add", usage: "登记一次述职：shuzhi add --day 日期 --deputies 姓名,姓名 (--group 代表小组 | --district 选区 [--group 小组]) [--place 地点] [--attendees 参加人数] [--topics 述职内容] [--items 项目,项目]", run: runShuzhiAdd})
	register(command{name: "shuzhi tally", usage: "录入测评票数：shuzhi tally --id 述职ID --handed 发出 --returned 收回 姓名/项目=满意,基本满意,不满意 …", run: runShuzhiTally})
	register(command{name: "shuzhi sheet", usage: "打印空白选民测评表PDF：shuzhi sheet --id 述职ID --out 文件.pdf", run: runShuzhiPaper(false)})
	register(command{name: "shuzhi result", usage: "打印测评结果统计表PDF：shuzhi result --id 述职ID --out 文件.pdf（不带 --out 则在屏幕上列出）", run: runShuzhiPaper(true)})
	register(command{name: "shuzhi delete", usage: "删除一次述职（连同测评票数移入回收站）：shuzhi delete --id 述职ID", run: runShuzhiDelete})
	readCommands["shuzhi list"] = true
	readCommands["shuzhi sheet"] = true
}

func runShuzhiList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("shuzhi list", env)
	year := fs.Int("year", 0, "年度，默认全部")
	deputy := fs.String("deputy", "", "代表姓名")
	if _, err := parseArgs(fs, args, 0, "shuzhi list [--year 2026] [--deputy 姓名]"); err != nil {
		return err
	}
	f := store.ShuzhiFilter{Year: *year}
	if *deputy != "" {
		d, err := findDeputyByName(ctx, db, *deputy)
		if err != nil {
			return err
		}
		f.DeputyID = d.ID
	}
	list, err := db.ShuzhiList(ctx, f)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, strings.Join([]string{"述职ID", "述职日期", "述职对象", "述职代表", "参加人数", "发出", "收回", "测评结果"}, "\t"))
	for _, r := range list {
		result := "尚未录入测评票数"
		if r.Tallied {
			var parts []string
			for _, sc := range r.Scores {
				parts = append(parts, fmt.Sprintf("%s 满意率%s 得分%.1f", sc.Name, sc.RateText(), sc.Score))
			}
			result = strings.Join(parts, "；")
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n", r.ID, store.FormatDate(r.Day), r.AudienceText(), strings.Join(r.DeputyNames, "、"),
			r.Attendees, r.Handed, r.Returned, result)
	}
	fmt.Fprintf(env.Stdout, "共 %d 次述职。\n", len(list))
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func runShuzhiAdd(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("shuzhi add", env)
	day := fs.String("day", "", "述职日期，默认今天")
	deputies := fs.String("deputies", "", "述职代表姓名，用逗号分隔")
	group := fs.String("group", "", "代表小组")
	district := fs.String("district", "", "选区（向选民述职时填写）")
	place := fs.String("place", "", "地点")
	attendees := fs.Int("attendees", 0, "参加选民人数")
	topics := fs.String("topics", "", "述职内容")
	items := fs.String("items", strings.Join(store.DefaultShuzhiItems, ","), "测评项目，用逗号分隔")
	if _, err := parseArgs(fs, args, 0, "shuzhi add --day 日期 --deputies 姓名,姓名 (--group 小组 | --district 选区)"); err != nil {
		return err
	}
	s := &store.Shuzhi{Day: *day, Audience: store.AudienceGroup, District: *district, Place: *place, Attendees: *attendees, Topics: *topics, Items: splitList(*items)}
	if s.Day == "" {
		s.Day = today(db)
	}
	if *district != "" {
		s.Audience = store.AudienceDistrict
	}
	if *group != "" {
		g, err := findGroup(ctx, db, *group)
		if err != nil {
			return err
		}
		s.GroupID = g.ID
	}
	for _, name := range splitList(*deputies) {
		d, err := findDeputyByName(ctx, db, name)
		if err != nil {
			return err
		}
		s.DeputyIDs = append(s.DeputyIDs, d.ID)
	}
	if err := db.SaveShuzhi(ctx, s); err != nil {
		return err
	}
	rec, err := db.ShuzhiRecord(ctx, s.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已登记述职：%s %s向%s述职（述职ID %s）。可用 shuzhi sheet 打印测评表。\n", store.FormatDate(rec.Day), strings.Join(rec.DeputyNames, "、"), rec.AudienceText(), rec.ID)
	return nil
}

// tallyArg reads 姓名/项目=满意,基本满意,不满意.
func tallyArg(arg string) (name, item string, n [3]int, err error) {
	who, counts, ok := strings.Cut(arg, "=")
	name, item, ok2 := strings.Cut(who, "/")
	parts := strings.Split(counts, ",")
	if !ok || !ok2 || len(parts) != 3 {
		return "", "", n, &UsageError{Msg: "“" + arg + "”的格式应为 姓名/项目=满意,基本满意,不满意，如 王建国/履职情况=40,5,1"}
	}
	for i, s := range parts {
		if n[i], err = strconv.Atoi(strings.TrimSpace(s)); err != nil || n[i] < 0 {
			return "", "", n, &UsageError{Msg: "“" + arg + "”中的票数应为非负整数"}
		}
	}
	return store.Normalize(name), store.Normalize(item), n, nil
}

func runShuzhiTally(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("shuzhi tally", env)
	id := fs.String("id", "", "述职ID（shuzhi list 可查）")
	handed := fs.Int("handed", 0, "发出测评表份数")
	returned := fs.Int("returned", 0, "收回测评表份数")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if *id == "" || fs.NArg() == 0 {
		return &UsageError{Msg: "shuzhi tally --id 述职ID --handed 发出 --returned 收回 姓名/项目=满意,基本满意,不满意 …"}
	}
	rec, err := db.ShuzhiRecord(ctx, *id)
	if err != nil {
		return err
	}
	ids := map[string]string{}
	for i, n := range rec.DeputyNames {
		ids[n] = rec.DeputyIDs[i]
	}
	c := &store.ShuzhiCount{ShuzhiID: rec.ID, Handed: *handed, Returned: *returned}
	for _, a := range fs.Args() {
		name, item, n, err := tallyArg(a)
		if err != nil {
			return err
		}
		did, ok := ids[name]
		if !ok {
			return fmt.Errorf("“%s”不是这次述职的代表（%s）", name, strings.Join(rec.DeputyNames, "、"))
		}
		c.Tallies = append(c.Tallies, store.ShuzhiTally{DeputyID: did, Item: item, Satisfied: n[0], Basic: n[1], Unsatisfied: n[2]})
	}
	if err := db.SaveShuzhiCount(ctx, c); err != nil {
		return err
	}
	rec, err = db.ShuzhiRecord(ctx, rec.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已保存测评票数：发出 %d 份，收回 %d 份。\n", rec.Handed, rec.Returned)
	printScores(env, rec)
	return nil
}

func printScores(env Env, rec store.ShuzhiRecord) {
	fmt.Fprintln(env.Stdout, strings.Join([]string{"代表", "收回", "满意率", "测评得分"}, "\t"))
	for _, sc := range rec.Scores {
		fmt.Fprintf(env.Stdout, "%s\t%d\t%s\t%.1f\n", sc.Name, sc.Sheets, sc.RateText(), sc.Score)
	}
}

func runShuzhiPaper(result bool) func(context.Context, Env, *store.DB, []string) error {
	name := "shuzhi sheet"
	if result {
		name = "shuzhi result"
	}
	return func(ctx context.Context, env Env, db *store.DB, args []string) error {
		fs := newFlagSet(name, env)
		id := fs.String("id", "", "述职ID（shuzhi list 可查）")
		out := fs.String("out", "", "PDF 文件")
		if _, err := parseArgs(fs, args, 0, name+" --id 述职ID --out 文件.pdf"); err != nil {
			return err
		}
		if *id == "" || (*out == "" && !result) {
			return &UsageError{Msg: name + " --id 述职ID --out 文件.pdf"}
		}
		if *out == "" {
			rec, err := db.ShuzhiRecord(ctx, *id)
			if err != nil {
				return err
			}
			if !rec.Tallied {
				return fmt.Errorf("这次述职还没有录入测评票数，可用 shuzhi tally 录入")
			}
			fmt.Fprintf(env.Stdout, "%s %s向%s述职：发出 %d 份，收回 %d 份。\n", store.FormatDate(rec.Day), strings.Join(rec.DeputyNames, "、"), rec.AudienceText(), rec.Handed, rec.Returned)
			printScores(env, rec)
			return nil
		}
		err := writeFile(*out, func(b *bytes.Buffer) error {
			if result {
				return shuzhireport.WriteResult(ctx, db, b, *id, shuzhireport.Options{})
			}
			return shuzhireport.WriteSheet(ctx, db, b, *id, shuzhireport.Options{})
		})
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "已写出", *out)
		return nil
	}
}

func runShuzhiDelete(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("shuzhi delete", env)
	id := fs.String("id", "", "述职ID（shuzhi list 可查）")
	if _, err := parseArgs(fs, args, 0, "shuzhi delete --id 述职ID"); err != nil {
		return err
	}
	if *id == "" {
		return &UsageError{Msg: "shuzhi delete --id 述职ID"}
	}
	if err := db.DeleteShuzhi(ctx, *id); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "已删除，可在回收站中恢复。")
	return nil
}
