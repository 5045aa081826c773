package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"deputydesk/app/photo"
	"deputydesk/app/report/projects"
	"deputydesk/store"
)

func init() {
	register(command{name: "projects list", usage: "列出一年的民生实事项目：票数、是否当选、点位销号进度、满意度（--year 2027）", run: runProjectsList})
	register(command{name: "projects add", usage: "增加民生实事候选项目（--year --title --dept --budget 万元 --content [--case 事项编号 | --suggestion 建议编号]）", run: runProjectsAdd})
	register(command{name: "projects vote", usage: "设置票决：会议名称、应选项目数、日期（--year --session --choose 6 --day）", run: runProjectsVote})
	register(command{name: "projects tally", usage: "录入计票结果（--year --day --expected 应到 --present 实到 序号=同意,不同意,弃权 …；--clear 清除）", run: runProjectsTally})
	register(command{name: "projects ballot", usage: "打印人代会民生实事项目票决票 PDF（--year --out 文件.pdf）", run: runProjectsPaper("ballot")})
	register(command{name: "projects result", usage: "打印民生实事项目票决计票结果 PDF（--year --out 文件.pdf）", run: runProjectsPaper("result")})
	register(command{name: "projects progress", usage: "导出点位销号进度（--year --out 文件.pdf 或 文件.xlsx）", run: runProjectsPaper("progress")})
	register(command{name: "projects sites", usage: "列出点位及销号情况（--year [--item 选票序号] [--deputy 姓名]）", run: runProjectsSites})
	register(command{name: "projects site add", usage: "给当选项目增加点位（--year --item 序号 --location --content --planned 日期 --deputies 姓名,姓名）", run: runProjectsSiteAdd})
	register(command{name: "projects site done", usage: "点位销号（--id 点位ID --day 日期 --note 完成情况 [--photo 照片.jpg]；--undo 撤销销号）", run: runProjectsSiteDone})
	register(command{name: "projects survey", usage: "录入年终满意度测评（--year --day 序号=满意,基本满意,不满意 …）", run: runProjectsSurvey})
	for _, n := range []string{"projects list", "projects ballot", "projects result", "projects progress", "projects sites"} {
		readCommands[n] = true
	}
}

func projectFlags(name string, env Env) (*flag.FlagSet, *int) {
	fs := newFlagSet(name, env)
	return fs, fs.Int("year", 0, "年度，如 2027")
}

func parseProjectFlags(fs *flag.FlagSet, year *int, args []string) error {
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if *year < 2000 || *year > 2200 {
		return &UsageError{Msg: "请用 --year 指定四位年度，如 --year 2027"}
	}
	return nil
}

// projectAt finds a year's item by its number on the ballot.
func projectAt(ctx context.Context, db *store.DB, year int, pos string) (store.Project, error) {
	n, err := strconv.Atoi(strings.TrimSpace(pos))
	if err != nil {
		return store.Project{}, &UsageError{Msg: "选票序号“" + pos + "”应为整数"}
	}
	ps, err := db.Projects(ctx, year)
	if err != nil {
		return store.Project{}, err
	}
	for _, p := range ps {
		if p.Position == n {
			return p, nil
		}
	}
	return store.Project{}, &UsageError{Msg: fmt.Sprintf("%d年没有选票序号为%d的项目", year, n)}
}

// threeCounts reads "序号=a,b,c".
func threeCounts(arg string) (pos string, n [3]int, err error) {
	pos, list, ok := strings.Cut(arg, "=")
	parts := strings.Split(list, ",")
	if !ok || len(parts) != 3 {
		return "", n, &UsageError{Msg: "“" + arg + "”的格式应为 序号=数,数,数，如 3=45,2,1"}
	}
	for i, s := range parts {
		if n[i], err = strconv.Atoi(strings.TrimSpace(s)); err != nil || n[i] < 0 {
			return "", n, &UsageError{Msg: "“" + arg + "”中的票数应为非负整数"}
		}
	}
	return pos, n, nil
}

func runProjectsList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs, year := projectFlags("projects list", env)
	if err := parseProjectFlags(fs, year, args); err != nil {
		return err
	}
	b, err := projects.Load(ctx, db, *year)
	if err != nil {
		return err
	}
	if len(b.Projects) == 0 {
		fmt.Fprintf(env.Stdout, "%d年没有民生实事项目。\n", *year)
		return nil
	}
	v := b.Vote
	fmt.Fprintf(env.Stdout, "%d年民生实事：候选%d项，应选%d项", *year, len(b.Projects), v.Choose)
	if v.Tallied {
		fmt.Fprintf(env.Stdout, "；%s票决，应到%d人，实到%d人，当选%d项", store.FormatDate(v.VoteDay), v.Expected, v.Present, len(b.Chosen()))
	} else {
		fmt.Fprint(env.Stdout, "；尚未计票")
	}
	fmt.Fprintln(env.Stdout)
	for _, p := range b.Projects {
		line := fmt.Sprintf("%2d. %s（%s", p.Position, p.Title, orUnset(p.Department))
		if p.Budget > 0 {
			line += "，" + projects.Budget(p.Budget) + "万元"
		}
		line += "）"
		if p.SourceRef != "" {
			line += " 来源：" + p.Source + " " + p.SourceRef
		}
		if v.Tallied {
			state := "未当选"
			if p.Chosen {
				state = "当选，点位销号 " + projects.Progress(p)
			}
			line += fmt.Sprintf(" 同意%d 不同意%d 弃权%d 第%d名 %s", p.VotesFor, p.VotesAgainst, p.VotesAbstain, p.Rank, state)
		}
		if p.Surveyed() {
			line += fmt.Sprintf(" 满意度：满意%d 基本满意%d 不满意%d（满意率%.1f%%）", p.SatGood, p.SatFair, p.SatBad, p.SatisfactionRate()*100)
		}
		fmt.Fprintln(env.Stdout, line)
	}
	return nil
}

func orUnset(s string) string {
	if s == "" {
		return "未定责任单位"
	}
	return s
}

func runProjectsAdd(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs, year := projectFlags("projects add", env)
	title := fs.String("title", "", "项目名称")
	dept := fs.String("dept", "", "责任单位")
	budget := fs.Float64("budget", 0, "投资（万元）")
	content := fs.String("content", "", "主要内容")
	caseNo := fs.String("case", "", "来源：群众反映事项编号")
	sugNo := fs.String("suggestion", "", "来源：代表建议编号")
	if err := parseProjectFlags(fs, year, args); err != nil {
		return err
	}
	p := store.Project{Year: *year, Source: "部门申报"}
	switch {
	case *caseNo != "" && *sugNo != "":
		return &UsageError{Msg: "--case 与 --suggestion 只能选一个"}
	case *caseNo != "":
		id, err := db.CaseIDByNo(ctx, *caseNo)
		if err != nil {
			return fmt.Errorf("找不到编号为“%s”的群众反映事项", *caseNo)
		}
		if p, err = db.ProjectFromCase(ctx, *year, id); err != nil {
			return err
		}
	case *sugNo != "":
		id, err := db.SuggestionIDByNo(ctx, *sugNo)
		if err != nil {
			return fmt.Errorf("找不到编号为“%s”的代表建议", *sugNo)
		}
		if p, err = db.ProjectFromSuggestion(ctx, *year, id); err != nil {
			return err
		}
	}
	for dst, v := range map[*string]string{&p.Title: *title, &p.Department: *dept, &p.Content: *content} {
		if v != "" {
			*dst = v
		}
	}
	if *budget != 0 {
		p.Budget = *budget
	}
	if err := db.SaveProject(ctx, &p); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已增加%d年民生实事候选项目第%d项：%s\n", *year, p.Position, p.Title)
	return nil
}

func runProjectsVote(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs, year := projectFlags("projects vote", env)
	session := fs.String("session", "", "会议名称")
	choose := fs.Int("choose", 0, "应选项目数")
	day := fs.String("day", "", "票决日期")
	if err := parseProjectFlags(fs, year, args); err != nil {
		return err
	}
	v, err := db.ProjectVoteFor(ctx, *year)
	if err != nil {
		return err
	}
	if *session != "" {
		v.Session = *session
	}
	if *choose != 0 {
		v.Choose = *choose
	}
	if *day != "" {
		v.VoteDay = *day
	}
	if err := db.SaveProjectVote(ctx, &v); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已设置%d年民生实事票决：%s，应选%d项，日期%s。\n", *year, orUnset(v.Session), v.Choose, store.FormatDate(v.VoteDay))
	return nil
}

func runProjectsTally(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs, year := projectFlags("projects tally", env)
	day := fs.String("day", "", "票决日期")
	expected := fs.Int("expected", 0, "应到代表人数")
	present := fs.Int("present", 0, "实到代表人数")
	clear := fs.Bool("clear", false, "清除计票结果，以便修改候选项目")
	if err := parseProjectFlags(fs, year, args); err != nil {
		return err
	}
	if *clear {
		if err := db.ClearTally(ctx, *year); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已清除%d年民生实事计票结果。\n", *year)
		return nil
	}
	t := store.Tally{Year: *year, VoteDay: *day, Expected: *expected, Present: *present, Votes: map[string]store.Votes{}}
	if t.VoteDay == "" {
		if v, err := db.ProjectVoteFor(ctx, *year); err == nil {
			t.VoteDay = v.VoteDay
		}
	}
	if fs.NArg() == 0 {
		return &UsageError{Msg: "请逐项写出票数，如 1=45,2,1 2=40,5,3"}
	}
	for _, a := range fs.Args() {
		pos, n, err := threeCounts(a)
		if err != nil {
			return err
		}
		p, err := projectAt(ctx, db, *year, pos)
		if err != nil {
			return err
		}
		t.Votes[p.ID] = store.Votes{For: n[0], Against: n[1], Abstain: n[2]}
	}
	if err := db.SaveTally(ctx, t); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已保存%d年民生实事计票结果。\n", *year)
	return runProjectsList(ctx, env, db, []string{"--year", strconv.Itoa(*year)})
}

func runProjectsPaper(kind string) func(ctx context.Context, env Env, db *store.DB, args []string) error {
	return func(ctx context.Context, env Env, db *store.DB, args []string) error {
		fs, year := projectFlags("projects "+kind, env)
		out := fs.String("out", "", "输出文件")
		if err := parseProjectFlags(fs, year, args); err != nil {
			return err
		}
		if *out == "" {
			return &UsageError{Msg: "请用 --out 指定输出文件"}
		}
		b, err := projects.Load(ctx, db, *year)
		if err != nil {
			return err
		}
		write := map[string]func(*bytes.Buffer) error{
			"ballot":   func(w *bytes.Buffer) error { return projects.WriteBallot(w, b) },
			"result":   func(w *bytes.Buffer) error { return projects.WriteResult(w, b) },
			"progress": func(w *bytes.Buffer) error { return projects.WriteProgress(w, b) },
		}[kind]
		if kind == "progress" && strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			write = func(w *bytes.Buffer) error { return projects.WriteXLSX(w, b) }
		}
		if err := writeFile(*out, write); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已写入 %s\n", *out)
		return nil
	}
}

func runProjectsSites(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs, year := projectFlags("projects sites", env)
	item := fs.String("item", "", "选票序号")
	deputy := fs.String("deputy", "", "责任代表姓名")
	if err := parseProjectFlags(fs, year, args); err != nil {
		return err
	}
	f := store.SiteFilter{Year: *year}
	if *item != "" {
		p, err := projectAt(ctx, db, *year, *item)
		if err != nil {
			return err
		}
		f.ProjectID = p.ID
	}
	if *deputy != "" {
		d, err := rosterDeputy(ctx, db, *deputy)
		if err != nil {
			return err
		}
		f.DeputyID = d.ID
	}
	b, err := projects.Load(ctx, db, *year)
	if err != nil {
		return err
	}
	sites, err := db.ProjectSites(ctx, f)
	if err != nil {
		return err
	}
	if len(sites) == 0 {
		fmt.Fprintln(env.Stdout, "没有符合条件的点位。")
		return nil
	}
	done := 0
	for _, s := range sites {
		state := "未销号，计划" + store.FormatDate(s.PlannedDay)
		if s.Done() {
			done++
			state = "已销号 " + store.FormatDate(s.DoneDay) + " " + s.Evidence
			if s.HasPhoto {
				state += "（有照片）"
			}
		}
		fmt.Fprintf(env.Stdout, "%s｜%s 第%d点 %s：%s；责任代表 %s；%s\n", s.ID, s.ProjectTitle, s.Position, s.Location, s.Content, b.DeputyNames(s), state)
	}
	fmt.Fprintf(env.Stdout, "共%d个点位，已销号%d个。\n", len(sites), done)
	return nil
}

func runProjectsSiteAdd(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs, year := projectFlags("projects site add", env)
	item := fs.String("item", "", "选票序号")
	location := fs.String("location", "", "点位（村、路段）")
	content := fs.String("content", "", "建设内容")
	planned := fs.String("planned", "", "计划完成日期")
	deputies := fs.String("deputies", "", "责任代表姓名，以逗号分隔")
	if err := parseProjectFlags(fs, year, args); err != nil {
		return err
	}
	p, err := projectAt(ctx, db, *year, *item)
	if err != nil {
		return err
	}
	s := store.ProjectSite{ProjectID: p.ID, Location: *location, Content: *content, PlannedDay: *planned}
	for _, n := range strings.FieldsFunc(*deputies, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		d, err := rosterDeputy(ctx, db, strings.TrimSpace(n))
		if err != nil {
			return err
		}
		s.DeputyIDs = append(s.DeputyIDs, d.ID)
	}
	if err := db.SaveProjectSite(ctx, &s); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已给“%s”增加第%d个点位：%s（点位ID %s）\n", p.Title, s.Position, s.Location, s.ID)
	return nil
}

func runProjectsSiteDone(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("projects site done", env)
	id := fs.String("id", "", "点位ID（projects sites 可查）")
	day := fs.String("day", "", "销号日期")
	note := fs.String("note", "", "完成情况")
	photoPath := fs.String("photo", "", "现场照片（JPEG 或 PNG）")
	undo := fs.Bool("undo", false, "撤销销号")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if *id == "" {
		return &UsageError{Msg: "请用 --id 指定点位"}
	}
	s, err := db.ProjectSite(ctx, *id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("找不到点位“%s”", *id)
	} else if err != nil {
		return err
	}
	if *undo {
		if err := db.ReopenSite(ctx, *id); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已撤销“%s %s”的销号。\n", s.ProjectTitle, s.Location)
		return nil
	}
	var jpeg []byte
	if *photoPath != "" {
		if _, err := os.Stat(*photoPath); err != nil {
			return fmt.Errorf("读不到照片文件 %s", *photoPath)
		}
		if jpeg, err = photo.PrepareEvidenceFile(*photoPath); err != nil {
			return err
		}
	}
	if err := db.CheckOffSite(ctx, *id, *day, *note); err != nil {
		return err
	}
	if jpeg != nil {
		if err := db.SetSitePhoto(ctx, *id, jpeg); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "“%s %s”已销号。\n", s.ProjectTitle, s.Location)
	return nil
}

func runProjectsSurvey(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs, year := projectFlags("projects survey", env)
	day := fs.String("day", "", "测评日期")
	if err := parseProjectFlags(fs, year, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return &UsageError{Msg: "请逐项写出测评票数，如 1=40,6,2"}
	}
	surveys := map[string]store.Survey{}
	for _, a := range fs.Args() {
		pos, n, err := threeCounts(a)
		if err != nil {
			return err
		}
		p, err := projectAt(ctx, db, *year, pos)
		if err != nil {
			return err
		}
		surveys[p.ID] = store.Survey{Good: n[0], Fair: n[1], Bad: n[2]}
	}
	if err := db.SaveSurvey(ctx, *year, *day, surveys); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已保存%d年民生实事满意度测评（%d项）。\n", *year, len(surveys))
	return nil
}
