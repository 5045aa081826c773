package cli

import (
	"context"
	"fmt"
	"strings"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

func init() {
	register(command{name: "liaison list", usage: "双联系结对及本期走访情况：liaison list [--behind 只列本期尚未走访的]", run: runLiaisonList})
	register(command{name: "liaison pair", usage: "新增双联系结对：liaison pair --contact 联系人 --post 单位职务 --deputy 代表姓名 [--since 日期]", run: runLiaisonPair})
	register(command{name: "liaison visit", usage: "登记双联系走访：liaison visit --contact 联系人 --deputy 代表姓名 --day 日期 --how 上门走访|座谈|电话联系|其他 [--opinions 听取的意见]", run: runLiaisonVisit})
	readCommands["liaison list"] = true
}

func today(db *store.DB) string { return db.Now().In(calendar.Beijing).Format("2006-01-02") }

// findDeputyByName finds a serving or former deputy by exact name; two
// deputies of the same name must be told apart in the GUI.
func findDeputyByName(ctx context.Context, db *store.DB, name string) (store.Deputy, error) {
	name = store.Normalize(name)
	deps, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		return store.Deputy{}, err
	}
	var hits []store.Deputy
	for _, d := range deps {
		if d.Name == name {
			hits = append(hits, d)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return store.Deputy{}, fmt.Errorf("代表名册中没有“%s”", name)
	}
	return store.Deputy{}, fmt.Errorf("代表名册中有 %d 位“%s”，请在图形界面中选择", len(hits), name)
}

func runLiaisonList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("liaison list", env)
	behind := fs.Bool("behind", false, "只列本期尚未走访的结对")
	if _, err := parseArgs(fs, args, 0, "liaison list [--behind]"); err != nil {
		return err
	}
	pairs, err := db.LiaisonPairs(ctx, today(db))
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, strings.Join([]string{"联系人", "单位职务", "联系代表", "本期", "本期走访", "最近走访", "状态"}, "\t"))
	late := 0
	for _, p := range pairs {
		if *behind && !p.Behind() {
			continue
		}
		state := "已走访"
		if p.Behind() {
			state = "本期尚未走访（" + store.FormatDate(p.PeriodEnd) + "前）"
			late++
		}
		last := store.FormatDate(p.LastVisit)
		if last == "" {
			last = "从未走访"
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%d次\t%s\t%s\n", p.Pair.Contact, p.Pair.ContactPost, p.DeputyName, p.PeriodLabel, p.Visits, last, state)
	}
	fmt.Fprintf(env.Stdout, "共 %d 对结对，本期尚未走访 %d 对（每半年至少走访一次）。\n", len(pairs), late)
	return nil
}

func runLiaisonPair(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("liaison pair", env)
	contact := fs.String("contact", "", "联系人")
	post := fs.String("post", "", "单位职务")
	deputy := fs.String("deputy", "", "代表姓名")
	since := fs.String("since", "", "结对日期，默认今天")
	if _, err := parseArgs(fs, args, 0, "liaison pair --contact 联系人 --post 单位职务 --deputy 代表姓名 [--since 日期]"); err != nil {
		return err
	}
	if *deputy == "" {
		return &UsageError{Msg: "请用 --deputy 指定联系代表"}
	}
	d, err := findDeputyByName(ctx, db, *deputy)
	if err != nil {
		return err
	}
	if *since == "" {
		*since = today(db)
	}
	p := &store.LiaisonPair{Contact: *contact, ContactPost: *post, DeputyID: d.ID, Since: *since}
	if err := db.SaveLiaisonPair(ctx, p); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已结对：%s（%s）联系代表%s，自%s起\n", p.Contact, p.ContactPost, d.Name, store.FormatDate(p.Since))
	return nil
}

func runLiaisonVisit(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("liaison visit", env)
	contact := fs.String("contact", "", "联系人")
	deputy := fs.String("deputy", "", "代表姓名")
	day := fs.String("day", "", "走访日期，默认今天")
	how := fs.String("how", "上门走访", "方式："+strings.Join(store.VisitWays, "、"))
	opinions := fs.String("opinions", "", "听取的意见")
	if _, err := parseArgs(fs, args, 0, "liaison visit --contact 联系人 --deputy 代表姓名 --day 日期 --how 方式 [--opinions 意见]"); err != nil {
		return err
	}
	if *contact == "" || *deputy == "" {
		return &UsageError{Msg: "请用 --contact 和 --deputy 指明哪一对结对"}
	}
	pairs, err := db.LiaisonPairs(ctx, today(db))
	if err != nil {
		return err
	}
	var pair *store.PairStatus
	for i, p := range pairs {
		if p.Pair.Contact == store.Normalize(*contact) && p.DeputyName == store.Normalize(*deputy) {
			pair = &pairs[i]
		}
	}
	if pair == nil {
		return fmt.Errorf("没有“%s”与“%s”的结对，可用 liaison pair 新增", *contact, *deputy)
	}
	if *day == "" {
		*day = today(db)
	}
	v := &store.LiaisonVisit{PairID: pair.Pair.ID, Day: *day, How: *how, Opinions: *opinions}
	if err := db.SaveLiaisonVisit(ctx, v); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已登记走访：%s—%s，%s，%s\n", pair.Pair.Contact, pair.DeputyName, store.FormatDate(v.Day), v.How)
	return nil
}
