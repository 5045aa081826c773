package cli

// The register package is imported as reg: cli has its own register func.
import (
	"context"
	"deputydesk/app/atomicfile"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"deputydesk/app/photo"
	reg "deputydesk/app/register"
	"deputydesk/app/report/poster"
	"deputydesk/store"
)

func init() {
	register(command{name: "deputies template", usage: "写出代表名册导入模板：deputies template 文件.xlsx", run: runDeputiesTemplate})
	register(command{name: "deputies import", usage: "从Excel导入代表名册（先检查每一行）：deputies import [--dry-run] 文件.xlsx", run: runDeputiesImport})
	register(command{name: "deputies export", usage: "按模板格式导出代表名册：deputies export 文件.xlsx", run: runDeputiesExport})
	register(command{name: "deputies photo", usage: "设置代表照片（JPEG/PNG）：deputies photo 代表ID 照片文件", run: runDeputiesPhoto})
	register(command{name: "report posters", usage: "生成代表信息公示牌PDF：report posters --out 文件.pdf [--station ID] [--group ID] [--paper A4|A3]", run: runReportPosters})
}

// parseArgs parses flags wherever they stand among the positional
// arguments and checks the number of positional arguments.
func parseArgs(fs *flag.FlagSet, args []string, want int, usage string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, &UsageError{Msg: err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	if len(pos) != want {
		return nil, &UsageError{Msg: usage}
	}
	return pos, nil
}

func runDeputiesTemplate(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("deputies template", env)
	pos, err := parseArgs(fs, args, 1, "deputies template 文件.xlsx")
	if err != nil {
		return err
	}
	b, err := reg.LoadBook(ctx, db, false)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(pos[0], func(w io.Writer) error { return reg.WriteTemplate(w, b) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成导入模板：%s\n", pos[0])
	return nil
}

func runDeputiesExport(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("deputies export", env)
	pos, err := parseArgs(fs, args, 1, "deputies export 文件.xlsx")
	if err != nil {
		return err
	}
	b, err := reg.LoadBook(ctx, db, true)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(pos[0], func(w io.Writer) error { return reg.WriteExport(w, b) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导出 %d 名代表：%s\n", len(b.Deputies), pos[0])
	return nil
}

func runDeputiesImport(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("deputies import", env)
	dry := fs.Bool("dry-run", false, "只检查并预览，不导入")
	update := fs.String("update", "", "代表证号已属于另一位代表的行（如 3,5）：用该行更新持有该代表证号的代表")
	skip := fs.String("skip", "", "代表证号已属于另一位代表的行（如 4）：跳过不导入")
	pos, err := parseArgs(fs, args, 1, "deputies import [--dry-run] [--update 行号,…] [--skip 行号,…] 文件（.xlsx/.xls/.ods/.csv）")
	if err != nil {
		return err
	}
	choices := map[int]store.CertChoice{}
	for _, c := range []struct {
		flag, list string
		choice     store.CertChoice
	}{{"--update", *update, store.CertUpdate}, {"--skip", *skip, store.CertSkip}} {
		for _, f := range strings.FieldsFunc(c.list, func(r rune) bool { return r == ',' || r == '，' || r == ' ' }) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 {
				return fmt.Errorf("%s 的行号“%s”无效，应为数字，如 %s 3,5", c.flag, f, c.flag)
			}
			if _, dup := choices[n]; dup {
				return fmt.Errorf("第%d行同时出现在 --update 和 --skip 中，请只选一种", n)
			}
			choices[n] = c.choice
		}
	}
	imp, err := reg.ParseFile(pos[0])
	var plan *store.ImportPlan
	if err == nil {
		imp.CertChoices = choices
		for _, s := range imp.Describe() {
			fmt.Fprintln(env.Stdout, s)
		}
		if *dry {
			plan, err = db.PreviewDeputyImport(ctx, imp)
		} else {
			plan, err = db.ImportDeputies(ctx, imp)
		}
	}
	var ie *store.ImportError
	if errors.As(err, &ie) {
		fmt.Fprintf(env.Stderr, "表格中有 %d 处问题，未导入任何数据：\n", len(ie.Errors))
		conflicts := 0
		for _, e := range ie.Errors {
			fmt.Fprintln(env.Stderr, "  "+e.String())
			if e.CertOwnerID != "" {
				conflicts++
			}
		}
		if conflicts > 0 {
			fmt.Fprintln(env.Stderr, "代表证号已属于另一位代表的行，可用 --update 行号 用该行更新那位代表，或用 --skip 行号 跳过该行。")
		}
		return errors.New("请改正以上问题后重新导入")
	}
	if err != nil {
		return err
	}
	printPlan(env.Stdout, plan)
	if *dry {
		fmt.Fprintln(env.Stdout, "（预览，未导入。去掉 --dry-run 即可导入。）")
	} else {
		fmt.Fprintln(env.Stdout, "导入完成。")
	}
	return nil
}

// printPlan prints the preview: counts, new groups, and each row that changes.
func printPlan(w io.Writer, p *store.ImportPlan) {
	fmt.Fprintf(w, "新增 %d 人，修改 %d 人，不变 %d 人\n", p.New, p.Changed, p.Unchanged)
	for _, l := range p.SkippedLines {
		fmt.Fprintf(w, "  第%d行：跳过（代表证号冲突）\n", l)
	}
	if len(p.NewGroups) > 0 {
		fmt.Fprintf(w, "新建代表小组：%s\n", strings.Join(p.NewGroups, "、"))
	}
	for _, r := range p.Rows {
		switch r.Action {
		case store.ImportNew:
			fmt.Fprintf(w, "  第%d行 %s：新增\n", r.Line, r.Deputy.Name)
		case store.ImportChanged:
			fmt.Fprintf(w, "  第%d行 %s：修改 %s\n", r.Line, r.Deputy.Name, strings.Join(r.Changed, "、"))
		}
	}
}

func runDeputiesPhoto(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("deputies photo", env)
	pos, err := parseArgs(fs, args, 2, "deputies photo 代表ID 照片文件")
	if err != nil {
		return err
	}
	d, err := db.Deputy(ctx, pos[0])
	if err != nil {
		return err
	}
	jpg, err := photo.PrepareFile(pos[1])
	if err != nil {
		return err
	}
	if err := db.SetDeputyPhoto(ctx, d.ID, jpg); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已设置 %s 的照片（%d×%d，%d KB）\n", d.Name, photo.Width, photo.Height, (len(jpg)+1023)/1024)
	return nil
}

func runReportPosters(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("report posters", env)
	out := fs.String("out", "", "输出的PDF文件")
	station := fs.String("station", "", "只生成此联络站的公示牌（站点ID）")
	group := fs.String("group", "", "只生成此代表小组的公示牌（小组ID）")
	paper := fs.String("paper", "A4", "纸张：A4 或 A3")
	if _, err := parseArgs(fs, args, 0, "report posters --out 文件.pdf [--station ID] [--group ID] [--paper A4|A3]"); err != nil {
		return err
	}
	if *out == "" {
		return &UsageError{Msg: "请用 --out 指定输出的PDF文件"}
	}
	if *station != "" && *group != "" {
		return &UsageError{Msg: "--station 和 --group 只能选一个"}
	}
	p := strings.ToUpper(*paper)
	if p != "A4" && p != "A3" {
		return &UsageError{Msg: "纸张只能是 A4 或 A3"}
	}
	sel := poster.Select{StationID: *station, GroupID: *group}
	err := atomicfile.Write(*out, func(w io.Writer) error { return poster.Write(ctx, db, w, sel, poster.Options{Paper: p}) })
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成代表信息公示牌：%s\n", *out)
	return nil
}
