package cli

import (
	"bytes"
	"context"
	"deputydesk/app/atomicfile"
	"errors"
	"flag"
	"fmt"
	"strings"

	"deputydesk/app/assess"
	"deputydesk/app/report/assessment"
	"deputydesk/store"
)

func init() {
	register(command{name: "assess", usage: "计算年度履职考核并打印名次（--year 2026；--finalise 定稿；--reopen 理由 重新开启）", run: runAssess})
	register(command{name: "report assessment", usage: "导出年度考核结果 Excel（--year 2026 --out 文件.xlsx），含评分细则", run: runReportAssessment})
	register(command{name: "report notices", usage: "打印全部代表的《履职测评结果反馈通知书》PDF（--year 2026 --out 文件.pdf）", run: runReportNotices})
	register(command{name: "report dossier", usage: "打印一名代表的履职档案 PDF（--year 2026 --deputy ID --out 文件.pdf）", run: runReportDossier})
	register(command{name: "report rules", usage: "导出年度履职评分细则 Excel（--year 2026 --out 文件.xlsx）", run: runReportRules})
	register(command{name: "deputies office", usage: "登记年度中补选就任代表的就任日期，用于考核折算（--deputy ID --from 2026-04-20；--from 为空则清除）", run: runDeputyOffice})
	register(command{name: "tenone", usage: "打印「十个一」完成情况（--year 2026 [--today 2026-11-23] [--deputy ID] 列出尚欠任务）", run: runTenOne})
}

type yearFlags struct {
	fs   *flag.FlagSet
	year *int
	out  *string
}

func newYearFlags(name string, env Env, withOut bool) yearFlags {
	fs := newFlagSet(name, env)
	yf := yearFlags{fs: fs, year: fs.Int("year", 0, "考核年度，如 2026")}
	if withOut {
		yf.out = fs.String("out", "", "输出文件")
	}
	return yf
}

func (yf yearFlags) parse(args []string) error {
	if err := yf.fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if *yf.year < 2000 || *yf.year > 2200 {
		return &UsageError{Msg: "请用 --year 指定四位年度，如 --year 2026"}
	}
	if yf.out != nil && *yf.out == "" {
		return &UsageError{Msg: "请用 --out 指定输出文件"}
	}
	return nil
}

// meta is the 落款 and date: the township's 人大主席团 and today.
func meta(ctx context.Context, db *store.DB) assessment.Meta {
	m := assessment.Meta{Unit: "乡镇人大主席团", Date: db.Now()}
	if t, err := db.Township(ctx); err == nil && t.Name != "" {
		m.Township, m.Unit = t.Name, t.Name+"人大主席团"
	}
	return m
}

// writeFile writes through a temporary file in the same folder, so a failed
// export never leaves half a file under the chosen name.
func writeFile(path string, write func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, buf.Bytes())
}

func runAssess(ctx context.Context, env Env, db *store.DB, args []string) error {
	yf := newYearFlags("assess", env, false)
	finalise := yf.fs.Bool("finalise", false, "定稿：冻结本年度分数和所用细则")
	reopen := yf.fs.String("reopen", "", "重新开启已定稿的年度，须写明理由")
	if err := yf.parse(args); err != nil {
		return err
	}
	if *reopen != "" {
		if err := db.ReopenYear(ctx, *yf.year, *reopen); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%d年度考核已重新开启。\n", *yf.year)
	}
	var y assess.Year
	var err error
	if *finalise {
		y, err = assess.Finalise(ctx, db, *yf.year)
	} else {
		y, err = assess.Load(ctx, db, *yf.year)
	}
	if err != nil {
		return err
	}
	out := env.Stdout
	fmt.Fprintln(out, strings.Join([]string{"名次", "姓名", "总分", "等次", "评定完成"}, "\t"))
	for _, r := range y.Results {
		done := "是"
		if !r.Complete {
			done = fmt.Sprintf("否（缺%d项）", len(r.Missing))
		}
		fmt.Fprintf(out, "%d\t%s\t%.2f\t%s\t%s\n", r.Rank, r.Name, r.Total, r.Grade, done)
	}
	c := y.Counts()
	state := "未定稿"
	if y.Final {
		state = "已定稿"
	}
	fmt.Fprintf(out, "%d年度（%s，细则第%d版）：共%d名，优秀%d名，合格%d名，不合格%d名。\n", y.Year, state, y.Rules.Version,
		len(y.Results), c[store.GradeExcellent], c[store.GradePass], c[store.GradeFail])
	if n := electorsFromShuzhi(y); n > 0 {
		fmt.Fprintf(out, "其中%d名代表的“%s”评分来自述职测评（shuzhi list 可查）。\n", n, store.RaterElectors)
	}
	return nil
}

// electorsFromShuzhi counts the results whose electors' rating came from a
// 述职 测评 rather than being typed.
func electorsFromShuzhi(y assess.Year) int {
	n := 0
	for _, r := range y.Results {
		for _, it := range r.Items {
			if it.From[store.RaterElectors] != "" {
				n++
				break
			}
		}
	}
	return n
}

func runReportAssessment(ctx context.Context, env Env, db *store.DB, args []string) error {
	yf := newYearFlags("report assessment", env, true)
	if err := yf.parse(args); err != nil {
		return err
	}
	y, err := assess.Load(ctx, db, *yf.year)
	if err != nil {
		return err
	}
	m := meta(ctx, db)
	if err := writeFile(*yf.out, func(b *bytes.Buffer) error { return assessment.WriteXLSX(b, y, m) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导出%d名代表的考核结果：%s\n", len(y.Results), *yf.out)
	return nil
}

func runReportNotices(ctx context.Context, env Env, db *store.DB, args []string) error {
	yf := newYearFlags("report notices", env, true)
	if err := yf.parse(args); err != nil {
		return err
	}
	y, err := assess.Load(ctx, db, *yf.year)
	if err != nil {
		return err
	}
	rects, err := db.Rectifications(ctx, *yf.year)
	if err != nil {
		return err
	}
	m := meta(ctx, db)
	if err := writeFile(*yf.out, func(b *bytes.Buffer) error { return assessment.WriteNotices(b, y, rects, m) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成%d份反馈通知书：%s\n", len(y.Results), *yf.out)
	return nil
}

func runReportDossier(ctx context.Context, env Env, db *store.DB, args []string) error {
	yf := newYearFlags("report dossier", env, true)
	id := yf.fs.String("deputy", "", "代表ID（见 deputies list）")
	if err := yf.parse(args); err != nil {
		return err
	}
	if *id == "" {
		return &UsageError{Msg: "请用 --deputy 指定代表ID"}
	}
	ds, err := assessment.LoadDossier(ctx, db, *yf.year, *id)
	if err != nil {
		return err
	}
	m := meta(ctx, db)
	if err := writeFile(*yf.out, func(b *bytes.Buffer) error { return assessment.WriteDossier(b, ds, m) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成%s的%d年度履职档案：%s\n", ds.Deputy.Name, *yf.year, *yf.out)
	return nil
}

func runReportRules(ctx context.Context, env Env, db *store.DB, args []string) error {
	yf := newYearFlags("report rules", env, true)
	if err := yf.parse(args); err != nil {
		return err
	}
	y, err := assess.Load(ctx, db, *yf.year)
	if err != nil {
		return err
	}
	m := meta(ctx, db)
	if err := writeFile(*yf.out, func(b *bytes.Buffer) error { return assessment.WriteRulesXLSX(b, y.Rules, m) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导出%d年度评分细则：%s\n", *yf.year, *yf.out)
	return nil
}

func runTenOne(ctx context.Context, env Env, db *store.DB, args []string) error {
	yf := newYearFlags("tenone", env, false)
	today := yf.fs.String("today", "", "按此日期判断逾期（默认今天）")
	dep := yf.fs.String("deputy", "", "只列出这名代表本期尚未完成的任务")
	if err := yf.parse(args); err != nil {
		return err
	}
	day := db.Now().Format("2006-01-02")
	if *today != "" {
		d, ok := store.ParseDate(*today)
		if !ok {
			return &UsageError{Msg: "--today 的日期格式应为 2026-11-23"}
		}
		day = d
	}
	tr, err := assess.LoadTracker(ctx, db, *yf.year)
	if err != nil {
		return err
	}
	out := env.Stdout
	if *dep != "" {
		if _, err := db.Deputy(ctx, *dep); err != nil {
			return err
		}
		owed := tr.Owed(*dep, day)
		if len(owed) == 0 {
			fmt.Fprintln(out, "本期任务已全部完成。")
		}
		for _, o := range owed {
			fmt.Fprintf(out, "%s\t%s\t已完成%d/%d\n", o.Def.Name, o.Period.Label, o.Have, o.Need)
		}
		return nil
	}
	if len(tr.Defs) == 0 {
		return errors.New("尚未设置「十个一」任务")
	}
	for _, def := range tr.Defs {
		g := tr.Grid(def, day)
		done, notYet, overdue := 0, 0, 0
		for _, r := range g.Rows {
			for _, c := range r.Cells {
				switch c.State {
				case assess.Done:
					done++
				case assess.NotYet:
					notYet++
				case assess.Overdue:
					overdue++
				}
			}
		}
		fmt.Fprintf(out, "%s\t已完成%d\t未完成%d\t逾期%d\n", def.Name, done, notYet, overdue)
	}
	return nil
}

func runDeputyOffice(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("deputies office", env)
	id := fs.String("deputy", "", "代表ID")
	from := fs.String("from", "", "就任日期，如 2026-04-20")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if *id == "" {
		return &UsageError{Msg: "请用 --deputy 指定代表ID"}
	}
	if err := db.SetTookOffice(ctx, *id, *from); err != nil {
		return err
	}
	d, err := db.Deputy(ctx, *id)
	if err != nil {
		return err
	}
	if *from == "" {
		fmt.Fprintf(env.Stdout, "已清除%s的就任日期。\n", d.Name)
	} else {
		fmt.Fprintf(env.Stdout, "%s的就任日期已登记为%s。\n", d.Name, store.FormatDate(*from))
	}
	return nil
}
