package cli

import (
	"context"
	"deputydesk/app/atomicfile"
	"deputydesk/store/calendar"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"deputydesk/app/ledger"
	"deputydesk/store"
)

func init() {
	register(command{name: "report ledger", usage: "月度台账：report ledger --month 2026-10 --out 文件.xlsx 或 .pdf", run: runReportLedger})
	register(command{name: "report blank-form", usage: "空白接待登记表：report blank-form --out 文件.pdf", run: runBlankForm})
	register(command{name: "cases list", usage: "列出群众反映事项（可按月份、站点、代表、类别、办理方式、状态、超期筛选，--search 全文检索）", run: runCasesList})
	register(command{name: "dashboard", usage: "首页概况：dashboard --month 2026-10", run: runDashboard})
}

func runReportLedger(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("report ledger", env)
	month := fs.String("month", "", "月份，如 2026-10（必填）")
	out := fs.String("out", "", "输出文件，.xlsx 或 .pdf（必填）")
	maker := fs.String("maker", "", "制表人（默认为设置中的人大秘书）")
	phones := fs.Bool("full-phones", false, "显示完整的群众联系电话（默认隐去中间四位）")
	ids := fs.Bool("id-numbers", false, "列出群众身份证号（默认不列）")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if *month == "" || *out == "" {
		return &UsageError{Msg: "report ledger 需要 --month 和 --out"}
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".xlsx" && ext != ".pdf" {
		return &UsageError{Msg: "--out 的文件名应以 .xlsx 或 .pdf 结尾"}
	}
	// The township's setting applies unless a flag asks for more.
	priv, err := db.Privacy(ctx)
	if err != nil {
		return err
	}
	l, err := ledger.Build(ctx, db, ledger.Options{Month: *month, Maker: *maker, ShowPhones: *phones || priv.FullPhones,
		ShowIDNumbers: *ids || priv.IDNumbers})
	if err != nil {
		return err
	}
	err = atomicfile.Write(*out, func(w io.Writer) error {
		if ext == ".pdf" {
			return l.WritePDF(w, ledger.PDFOptions{})
		}
		return l.WriteXLSX(w)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成%s：%s（接待%d场，收集意见%d件，办结%d件，解决率%s）\n", l.Title, *out,
		l.Total.Receptions, l.Total.Cases, l.Total.Closed, l.Total.RateText())
	return nil
}

func runBlankForm(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("report blank-form", env)
	out := fs.String("out", "", "输出文件 .pdf（必填）")
	n := fs.Int("cases", 2, "每张表可登记的事项数")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if *out == "" || strings.ToLower(filepath.Ext(*out)) != ".pdf" {
		return &UsageError{Msg: "report blank-form 需要 --out 文件.pdf"}
	}
	if *n < 1 || *n > 20 {
		return &UsageError{Msg: "--cases 应为1到20"}
	}
	o := ledger.FormOptions{Cases: *n, Date: db.Now()}
	if t, err := db.Township(ctx); err == nil {
		o.Township = t.Name
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	stations, err := db.Stations(ctx)
	if err != nil {
		return err
	}
	for _, s := range stations {
		o.Stations = append(o.Stations, s.Name)
	}
	if o.Categories, err = db.Categories(ctx); err != nil {
		return err
	}
	if err := atomicfile.Write(*out, func(w io.Writer) error { return ledger.WriteBlankForm(w, o) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成空白接待登记表：%s\n", *out)
	return nil
}

// stationID and deputyID resolve names typed on the command line.
func stationID(ctx context.Context, db *store.DB, name string) (string, error) {
	if name == "" {
		return "", nil
	}
	ss, err := db.Stations(ctx)
	if err != nil {
		return "", err
	}
	for _, s := range ss {
		if s.Name == name {
			return s.ID, nil
		}
	}
	return "", &UsageError{Msg: "没有名为“" + name + "”的联络站点"}
}

func deputyID(ctx context.Context, db *store.DB, name string) (string, error) {
	if name == "" {
		return "", nil
	}
	ds, err := db.Deputies(ctx, store.DeputyFilter{Query: name})
	if err != nil {
		return "", err
	}
	var ids []string
	for _, d := range ds {
		if d.Name == name {
			ids = append(ids, d.ID)
		}
	}
	switch len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		return "", &UsageError{Msg: "没有名为“" + name + "”的代表"}
	default:
		return "", &UsageError{Msg: "有多名代表叫“" + name + "”，请在图形界面中筛选"}
	}
}

func runCasesList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("cases list", env)
	var f store.CaseFilter
	var station, deputy string
	fs.StringVar(&f.Month, "month", "", "登记月份，如 2026-10")
	fs.StringVar(&station, "station", "", "联络站点名称")
	fs.StringVar(&deputy, "deputy", "", "接待代表姓名")
	fs.StringVar(&f.Category, "category", "", "类别")
	fs.StringVar(&f.Disposition, "disposition", "", "办理方式")
	fs.StringVar(&f.Status, "status", "", "状态："+strings.Join(store.CaseStatuses, "/"))
	fs.BoolVar(&f.Overdue, "overdue", false, "只列超期未办结的事项")
	fs.StringVar(&f.Search, "search", "", "在反映内容和办理结果中检索的词")
	fs.IntVar(&f.Limit, "limit", 50, "每页条数（0 为全部）")
	page := fs.Int("page", 1, "页码")
	full := fs.Bool("full-phones", false, "显示完整电话")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if f.Status != "" && store.StatusRank(f.Status) < 0 {
		return &UsageError{Msg: "--status 应为" + strings.Join(store.CaseStatuses, "、") + "之一"}
	}
	var err error
	if f.StationID, err = stationID(ctx, db, station); err != nil {
		return err
	}
	if f.DeputyID, err = deputyID(ctx, db, deputy); err != nil {
		return err
	}
	f.Offset = max(*page-1, 0) * f.Limit
	total, err := db.CountCases(ctx, f)
	if err != nil {
		return err
	}
	cs, err := db.Cases(ctx, f)
	if err != nil {
		return err
	}
	today := db.Now().Format("2006-01-02")
	out := env.Stdout
	fmt.Fprintln(out, strings.Join([]string{"编号", "登记日期", "站点", "反映人", "联系电话", "类别", "办理方式", "主办单位", "办理时限", "状态", "超期", "反映内容"}, "\t"))
	for _, c := range cs {
		phone := ledger.MaskPhone(c.VisitorPhone)
		if *full {
			phone = c.VisitorPhone
		}
		overdue := ""
		if c.Overdue(today) {
			overdue = "超期"
		}
		fmt.Fprintln(out, strings.Join([]string{c.No, c.Day, c.StationName, c.VisitorName, phone, c.Category, c.Disposition, c.LeadUnit,
			c.Deadline, c.Status, overdue, strings.ReplaceAll(c.Content, "\n", " ")}, "\t"))
	}
	fmt.Fprintf(env.Stderr, "共%d件，本页%d件\n", total, len(cs))
	return nil
}

func runDashboard(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("dashboard", env)
	now := db.Now()
	month := fs.String("month", calendar.MonthOf(now).String(), "月份，如 2026-10")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	b, err := ledger.Dashboard(ctx, db, *month, now)
	if err != nil {
		return err
	}
	f := b.Figures
	out := env.Stdout
	fmt.Fprintf(out, "%s 概况（截至%s）\n", ledger.MonthText(b.Month), store.FormatDate(b.Today))
	fmt.Fprintf(out, "接待场次 %d　接待人次 %d　收集意见 %d　当场答复 %d　交办 %d　转代表建议 %d　办结 %d　解决率 %s\n",
		f.Receptions, f.Visitors, f.Cases, f.OnSpot, f.Assigned, f.Suggestion, f.Closed, f.RateText())
	fmt.Fprintln(out, "（"+ledger.RateDefinition+"）")
	fmt.Fprintf(out, "\n超期未办结 %d 件", b.OverdueTotal)
	if b.OverdueTotal > len(b.Overdue) {
		fmt.Fprintf(out, "（列出超期最久的 %d 件）", len(b.Overdue))
	}
	fmt.Fprintln(out)
	for _, c := range b.Overdue {
		fmt.Fprintf(out, "  %s　时限%s　%s　%s　%s\n", c.No, store.FormatDate(c.Deadline), c.Status, orNone(c.LeadUnit), c.Content)
	}
	fmt.Fprintln(out, "\n未来7天值班：")
	if len(b.Upcoming) == 0 {
		fmt.Fprintln(out, "  无")
	}
	for _, u := range b.Upcoming {
		d, _ := time.Parse("2006-01-02", u.Date)
		fmt.Fprintf(out, "  %s（%s）%s–%s　%s　%s\n", store.FormatDate(u.Date), store.WeekdayNames[d.Weekday()], u.From, u.To, u.Station, strings.Join(u.Deputies, "、"))
	}
	fmt.Fprintln(out, "\n近12个月：月份\t接待场次\t收集意见\t办结\t解决率")
	for _, m := range b.Trend {
		rate := "—"
		if m.Cases > 0 {
			rate = fmt.Sprintf("%.0f%%", 100*m.Rate())
		}
		fmt.Fprintf(out, "  %s\t%d\t%d\t%d\t%s\n", m.Month, m.Receptions, m.Cases, m.Closed, rate)
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "未交办"
	}
	return s
}
