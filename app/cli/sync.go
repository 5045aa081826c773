package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/outbox"
	"deputydesk/sync/reports"
	"deputydesk/sync/transport"
)

// SyncProviders returns the report producers 上报 uses; tests replace it.
var SyncProviders = reports.Providers

func init() {
	register(command{name: "sync status", usage: "显示上报设置、上报队列和逾期提醒", run: runSyncStatus})
	register(command{name: "sync run", usage: "立即上报队列中的全部上报包并打印结果", run: runSyncRun})
	register(command{name: "sync enrol-request", usage: "导出县级平台登记申请文件：--out 文件", run: runSyncEnrol})
	register(command{name: "sync export", usage: "把未上报的上报包导出到文件夹（U盘）：sync export 文件夹 [--all]", run: runSyncExport})
	register(command{name: "sync queue", usage: "生成上报包放入上报队列：--kind ledger --period 2026-10", run: runSyncQueue})
	register(command{name: "sync settings", usage: "设置县级平台地址和截止日：--hub 网址 --deadline-day 5", run: runSyncSettings})
	register(command{name: "sync retry", usage: "重新上报失败或已取消的上报包：sync retry 编号", run: runSyncRetry})
	register(command{name: "sync cancel", usage: "取消尚未上报的上报包：sync cancel 编号", run: runSyncCancel})
}

// flagsAnywhere parses flags that may come before or after positional
// arguments and returns the positional ones.
func flagsAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, &UsageError{Msg: err.Error()}
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func runSyncStatus(ctx context.Context, env Env, db *store.DB, args []string) error {
	set, err := db.SyncSettings(ctx)
	if err != nil {
		return err
	}
	key, err := db.SyncKey(ctx)
	if err != nil {
		return err
	}
	out := env.Stdout
	hub := set.HubURL
	if hub == "" {
		hub = "（未设置）"
	}
	fmt.Fprintf(out, "县级平台：%s\n上报截止日：每月%d日前报送上月\n签名密钥指纹：%s\n", hub, set.DeadlineDay, key.Fingerprint())
	if set.CAFile != "" {
		fmt.Fprintf(out, "CA证书文件：%s\n", set.CAFile)
	}
	if set.HubPin != "" {
		fmt.Fprintf(out, "县级平台证书指纹：%s\n", set.HubPin)
	}
	if k, err := db.CountyKey(ctx); err == nil {
		fmt.Fprintf(out, "县级平台签名公钥指纹：%s（%s）\n", k.Fingerprint(), k.Source)
	}
	items, err := db.Outbox(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "上报队列（%d）：\n", len(items))
	for _, it := range items {
		fmt.Fprintf(out, "  %s\t%s\t%s\t%s\n", it.ID, it.Title, bundle.HumanSize(it.Size), it.StatusText())
	}
	rs, err := db.Reminders(ctx, string(bundle.Ledger), 5*24*time.Hour)
	if err != nil {
		return err
	}
	for _, r := range rs {
		fmt.Fprintln(out, "提醒："+r.Text(bundle.Ledger.Label()))
	}
	if ns, err := db.PendingNotices(ctx); err == nil {
		for _, n := range ns {
			fmt.Fprintf(out, "县里发布了新的通知：%s，待确认（sync notices show %d）\n", n.Title, n.Serial)
		}
	}
	if ret, err := db.Returned(ctx); err == nil {
		for _, it := range ret {
			fmt.Fprintln(out, it.CorrectionText()+"：sync queue --kind "+it.Kind+" --period "+it.Period)
		}
	}
	return nil
}

func runSyncRun(ctx context.Context, env Env, db *store.DB, args []string) error {
	w := outbox.New(db)
	res, err := w.Pass(ctx)
	if errors.Is(err, outbox.ErrNoHub) {
		return errors.New("未设置县级平台地址，请先运行 sync settings --hub 网址；没有网络时可用 sync export 导出到U盘")
	}
	for _, o := range res.Items {
		fmt.Fprintf(env.Stdout, "  %s\t%s\n", o.Title, o.Text())
	}
	fmt.Fprintf(env.Stdout, "本次上报成功 %d 个，被拒收 %d 个，收到县级审核结果 %d 条。\n", res.Delivered, res.Refused, res.Verdicts)
	if res.Notices > 0 {
		fmt.Fprintf(env.Stdout, "收到县级通知 %d 份，待确认：用 sync notices list 查看，sync notices apply 编号 应用。\n", res.Notices)
	}
	for _, r := range res.NoticeErrors {
		fmt.Fprintln(env.Stdout, "县级通知被拒绝："+r)
	}
	items, lerr := db.Outbox(ctx)
	if lerr == nil {
		fmt.Fprintln(env.Stdout, "上报队列：")
		for _, it := range items {
			if it.State != store.OutboxCancelled {
				fmt.Fprintf(env.Stdout, "  %s\t%s\n", it.Title, it.StatusText())
			}
		}
	}
	if err != nil {
		return errors.New(transport.Message(err))
	}
	if res.Refused > 0 {
		return errors.New("有上报包被县级平台拒收，原因见上")
	}
	return nil
}

func runSyncEnrol(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("sync enrol-request", env)
	path := fs.String("out", "", "登记申请文件保存位置")
	if _, err := flagsAnywhere(fs, args); err != nil {
		return err
	}
	if *path == "" {
		return &UsageError{Msg: "请用 --out 指定登记申请文件保存位置"}
	}
	b, r, err := outbox.EnrolRequest(ctx, db)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*path, b, 0o644); err != nil {
		return fmt.Errorf("无法写入“%s”：%w", *path, err)
	}
	fmt.Fprintf(env.Stdout, "已导出登记申请文件：%s\n乡镇：%s（%s）\n密钥指纹：%s（请与县级平台登记结果核对）\n", *path, r.TownshipName, r.TownshipCode, r.Fingerprint)
	return nil
}

func runSyncExport(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("sync export", env)
	all := fs.Bool("all", false, "同时导出已上报的上报包")
	pos, err := flagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &UsageError{Msg: "请指定导出文件夹，例如 sync export E:\\上报"}
	}
	files, err := outbox.Export(ctx, db, pos[0], *all)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintln(env.Stdout, "没有需要导出的上报包。")
		return nil
	}
	for _, f := range files {
		fmt.Fprintln(env.Stdout, "已导出："+f)
	}
	return nil
}

func runSyncQueue(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("sync queue", env)
	kindS := fs.String("kind", "ledger", "报表类型：ledger 月度台账、roster 值班表、register 代表名册、assessment 年度履职考核")
	period := fs.String("period", "", "期间：2026-10，考核为 2026")
	if _, err := flagsAnywhere(fs, args); err != nil {
		return err
	}
	kind, ok := bundle.ParseKind(*kindS)
	if !ok {
		return &UsageError{Msg: "报表类型“" + *kindS + "”无效，可选 ledger、roster、register、assessment"}
	}
	it, err := outbox.Queue(ctx, db, SyncProviders(db), kind, *period)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已放入上报队列：%s（%s，编号 %s）\n", it.Title, bundle.HumanSize(it.Size), it.ID)
	return nil
}

func runSyncSettings(ctx context.Context, env Env, db *store.DB, args []string) error {
	set, err := db.SyncSettings(ctx)
	if err != nil {
		return err
	}
	fs := newFlagSet("sync settings", env)
	fs.StringVar(&set.HubURL, "hub", set.HubURL, "县级平台地址，如 https://192.168.1.10:8443")
	fs.IntVar(&set.DeadlineDay, "deadline-day", set.DeadlineDay, "每月报送截止日（次月几日）")
	fs.StringVar(&set.CAFile, "ca-file", set.CAFile, "县人大提供的CA证书文件（PEM），https 时使用")
	fs.StringVar(&set.HubPin, "pin", set.HubPin, "县级平台证书指纹（SHA-256，deputyhub 启动时显示），设置后只接受该证书")
	if _, err := flagsAnywhere(fs, args); err != nil {
		return err
	}
	if err := db.SaveSyncSettings(ctx, &set); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已保存：县级平台 %s，截止日每月%d日\n", set.HubURL, set.DeadlineDay)
	if set.HubPin != "" {
		fmt.Fprintf(env.Stdout, "只接受指纹为 %s 的县级平台证书\n", set.HubPin)
	}
	return nil
}

func oneID(args []string, what string) (string, error) {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return "", &UsageError{Msg: "请给出要" + what + "的上报包编号（见 sync status）"}
	}
	return args[0], nil
}

func runSyncRetry(ctx context.Context, env Env, db *store.DB, args []string) error {
	id, err := oneID(args, "重新上报")
	if err != nil {
		return err
	}
	it, err := db.RetryOutbox(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "已重新放入上报队列："+it.Title)
	return nil
}

func runSyncCancel(ctx context.Context, env Env, db *store.DB, args []string) error {
	id, err := oneID(args, "取消")
	if err != nil {
		return err
	}
	it, err := db.CancelOutbox(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "已取消上报："+it.Title)
	return nil
}
