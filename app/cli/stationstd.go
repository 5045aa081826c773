package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"deputydesk/app/atomicfile"
	"deputydesk/app/photo"
	"deputydesk/app/report/stationstd"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

func init() {
	register(command{name: "stations standards list", usage: "联络站标准化建设情况：stations standards list [--station 站点名称]", run: runStandardsList})
	register(command{name: "stations standards check", usage: "登记一项标准化检查：stations standards check --station 站点 --item 项目 [--list 五有] --day 日期 --by 检查人 [--unmet] [--note 说明] [--photo 照片]", run: runStandardsCheck})
	register(command{name: "stations standards rate", usage: "评定联络站星级：stations standards rate --station 站点 --stars 四星级 [--model] [--day 日期] [--by 评定单位]", run: runStandardsRate})
	register(command{name: "stations standards print", usage: "打印标准化建设核查表PDF：stations standards print --out 文件.pdf [--station 站点] [--no-photos]", run: runStandardsPrint})
	register(command{name: "stations standards overview", usage: "打印全部站点标准化建设总览PDF：stations standards overview --out 文件.pdf", run: runStandardsOverview})
	for _, n := range []string{"stations standards list", "stations standards print", "stations standards overview"} {
		readCommands[n] = true
	}
}

// multiFlag collects a flag given several times (--photo a.jpg --photo b.jpg).
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runStandardsList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("stations standards list", env)
	station := fs.String("station", "", "只列此站点的各项检查")
	if _, err := parseArgs(fs, args, 0, "stations standards list [--station 站点名称]"); err != nil {
		return err
	}
	if *station == "" {
		o, err := stationstd.LoadOverview(ctx, db)
		if err != nil {
			return err
		}
		head, rows := o.Table()
		fmt.Fprintln(env.Stdout, strings.Join(head, "\t"))
		for _, r := range rows {
			fmt.Fprintln(env.Stdout, strings.Join(r, "\t"))
		}
		if len(rows) == 0 {
			fmt.Fprintln(env.Stdout, "还没有联络站点。")
		}
		return nil
	}
	st, err := db.FindStation(ctx, *station)
	if err != nil {
		return err
	}
	s, err := stationstd.Load(ctx, db, st.ID, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s（%s）评定：%s\n", st.Name, st.Kind, s.Rating.Label())
	for _, l := range s.Lists {
		fmt.Fprintf(env.Stdout, "「%s」达标 %d/%d 项\n", l.Name, l.Score.Met, l.Score.Total)
		for i, it := range l.Items {
			line := fmt.Sprintf("  %d. %s\t%s", i+1, it.Label, it.Status())
			if c := it.Check; c != nil {
				line += "\t" + store.FormatDate(c.Day) + "\t" + c.CheckedBy
				if c.Note != "" {
					line += "\t" + c.Note
				}
				if c.Photos > 0 {
					line += fmt.Sprintf("\t照片%d张", c.Photos)
				}
			}
			fmt.Fprintln(env.Stdout, line)
		}
	}
	return nil
}

// findItem finds a checklist item by its label, in the named checklist when
// the label is in several (有必要设施 is in 「五有」 and 「九有」).
func findItem(ctx context.Context, db *store.DB, list, label string) (store.ChecklistItem, string, error) {
	lists, err := db.StationChecklists(ctx)
	if err != nil {
		return store.ChecklistItem{}, "", err
	}
	label, list = store.Normalize(label), strings.Trim(store.Normalize(list), "「」")
	type hit struct {
		item store.ChecklistItem
		list string
	}
	var hits []hit
	var names []string
	for _, l := range lists {
		names = append(names, l.Name)
		if list != "" && l.Name != list {
			continue
		}
		for _, it := range l.Items {
			if it.Label == label {
				hits = append(hits, hit{it, l.Name})
			}
		}
	}
	switch {
	case len(hits) == 1:
		return hits[0].item, hits[0].list, nil
	case len(hits) > 1:
		in := make([]string, len(hits))
		for i, h := range hits {
			in[i] = "「" + h.list + "」"
		}
		return store.ChecklistItem{}, "", &UsageError{Msg: fmt.Sprintf("“%s”在%s中都有，请用 --list 指明标准", label, strings.Join(in, "、"))}
	case list != "" && !containsString(names, list):
		return store.ChecklistItem{}, "", &UsageError{Msg: fmt.Sprintf("没有标准“%s”，可选：%s", list, strings.Join(names, "、"))}
	}
	return store.ChecklistItem{}, "", &UsageError{Msg: fmt.Sprintf("没有检查项目“%s”，运行 stations standards list --station 站点 查看全部项目", label)}
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func runStandardsCheck(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("stations standards check", env)
	station := fs.String("station", "", "站点名称")
	item := fs.String("item", "", "检查项目，如 有适用场地")
	list := fs.String("list", "", "所属标准：五有、六统一、九有")
	day := fs.String("day", "", "检查日期，默认今天")
	by := fs.String("by", "", "检查人")
	note := fs.String("note", "", "情况说明")
	unmet := fs.Bool("unmet", false, "检查未达标")
	var photos multiFlag
	fs.Var(&photos, "photo", "佐证照片（JPEG/PNG，可多次给出）")
	if _, err := parseArgs(fs, args, 0, "stations standards check --station 站点 --item 项目 --by 检查人 [--day 日期] [--unmet] [--note 说明] [--photo 照片]"); err != nil {
		return err
	}
	if *station == "" || *item == "" {
		return &UsageError{Msg: "请用 --station 指定站点、--item 指定检查项目"}
	}
	st, err := db.FindStation(ctx, *station)
	if err != nil {
		return err
	}
	it, listName, err := findItem(ctx, db, *list, *item)
	if err != nil {
		return err
	}
	// Photos are read before anything is saved, so a bad file changes nothing.
	var shots [][]byte
	for _, p := range photos {
		b, err := photo.PrepareEvidenceFile(p)
		if err != nil {
			return fmt.Errorf("照片“%s”：%w", p, err)
		}
		shots = append(shots, b)
	}
	if *day == "" {
		*day = db.Now().In(calendar.Beijing).Format("2006-01-02")
	}
	c := &store.StationCheck{StationID: st.ID, ItemID: it.ID, Met: !*unmet, Day: *day, CheckedBy: *by, Note: *note}
	if err := db.SaveStationCheck(ctx, c); err != nil {
		return err
	}
	for _, b := range shots {
		if _, err := db.AddCheckPhoto(ctx, c.ID, b); err != nil {
			return err
		}
	}
	result := "达标"
	if *unmet {
		result = "未达标"
	}
	fmt.Fprintf(env.Stdout, "已登记：%s「%s」%s — %s（%s，%s）", st.Name, listName, it.Label, result, store.FormatDate(c.Day), c.CheckedBy)
	if len(shots) > 0 {
		fmt.Fprintf(env.Stdout, "，照片 %d 张", len(shots))
	}
	fmt.Fprintln(env.Stdout)
	return nil
}

func runStandardsRate(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("stations standards rate", env)
	station := fs.String("station", "", "站点名称")
	stars := fs.String("stars", "", "星级：未评星、一星级…五星级")
	model := fs.Bool("model", false, "评为示范站")
	day := fs.String("day", "", "评定日期")
	by := fs.String("by", "", "评定单位")
	note := fs.String("note", "", "评定说明")
	if _, err := parseArgs(fs, args, 0, "stations standards rate --station 站点 --stars 四星级 [--model] [--day 日期] [--by 评定单位]"); err != nil {
		return err
	}
	if *station == "" {
		return &UsageError{Msg: "请用 --station 指定站点"}
	}
	n, ok := store.ParseStars(*stars)
	if !ok {
		return &UsageError{Msg: "星级“" + *stars + "”无效，可选：" + strings.Join(store.StarLabels(), "、")}
	}
	st, err := db.FindStation(ctx, *station)
	if err != nil {
		return err
	}
	r := &store.StationRating{StationID: st.ID, Stars: n, Model: *model, Day: *day, RatedBy: *by, Note: *note}
	if err := db.SaveStationRating(ctx, r); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已评定：%s — %s\n", st.Name, r.Label())
	return nil
}

func runStandardsPrint(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("stations standards print", env)
	out := fs.String("out", "", "输出的PDF文件")
	station := fs.String("station", "", "只打印此站点（默认全部站点）")
	noPhotos := fs.Bool("no-photos", false, "不印佐证照片")
	if _, err := parseArgs(fs, args, 0, "stations standards print --out 文件.pdf [--station 站点] [--no-photos]"); err != nil {
		return err
	}
	if *out == "" {
		return &UsageError{Msg: "请用 --out 指定输出的PDF文件"}
	}
	var ids []string
	if *station != "" {
		st, err := db.FindStation(ctx, *station)
		if err != nil {
			return err
		}
		ids = []string{st.ID}
	}
	if err := atomicfile.Write(*out, func(w io.Writer) error {
		return stationstd.WriteChecklists(ctx, db, w, ids, stationstd.Options{NoPhotos: *noPhotos})
	}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成标准化建设核查表：%s\n", *out)
	return nil
}

func runStandardsOverview(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("stations standards overview", env)
	out := fs.String("out", "", "输出的PDF文件")
	if _, err := parseArgs(fs, args, 0, "stations standards overview --out 文件.pdf"); err != nil {
		return err
	}
	if *out == "" {
		return &UsageError{Msg: "请用 --out 指定输出的PDF文件"}
	}
	if err := atomicfile.Write(*out, func(w io.Writer) error { return stationstd.WriteOverview(ctx, db, w, stationstd.Options{}) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成联络站标准化建设总览：%s\n", *out)
	return nil
}
