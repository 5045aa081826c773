package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/sync/notice"
	"deputydesk/sync/outbox"
)

func init() {
	register(command{name: "sync notices list", usage: "列出县级平台发布的通知（节假日安排、评分细则、上报截止日）", run: runNoticesList})
	register(command{name: "sync notices show", usage: "显示一份县级通知应用后会改变什么：sync notices show 编号", run: runNoticesShow})
	register(command{name: "sync notices apply", usage: "确认并应用一份县级通知：sync notices apply 编号", run: runNoticesApply})
	register(command{name: "sync notices dismiss", usage: "暂不应用一份县级通知：sync notices dismiss 编号", run: runNoticesDismiss})
	register(command{name: "sync notices import", usage: "导入U盘带来的县级通知文件：sync notices import 文件", run: runNoticesImport})
	register(command{name: "sync enrol-reply", usage: "导入县级平台的登记回执（记录平台公钥和证书指纹）：sync enrol-reply 文件", run: runEnrolReply})
	readCommands["sync notices list"] = true
	readCommands["sync notices show"] = true
}

func noticeSerial(args []string, what string) (int64, error) {
	if len(args) == 1 {
		if n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSuffix(args[0], "号"), "第"), 10, 64); err == nil && n > 0 {
			return n, nil
		}
	}
	return 0, &UsageError{Msg: "请给出要" + what + "的通知编号（见 sync notices list）"}
}

func runNoticesList(ctx context.Context, env Env, db *store.DB, args []string) error {
	ns, err := db.CountyNotices(ctx)
	if err != nil {
		return err
	}
	if k, err := db.CountyKey(ctx); err == nil {
		fmt.Fprintf(env.Stdout, "县级平台签名公钥指纹：%s（%s）\n", k.Fingerprint(), k.Source)
	} else {
		fmt.Fprintln(env.Stdout, "尚未记录县级平台签名公钥（导入登记回执或联网上报一次后记录）。")
	}
	if len(ns) == 0 {
		fmt.Fprintln(env.Stdout, "还没有收到县级通知。")
		return nil
	}
	for _, n := range ns {
		fmt.Fprintf(env.Stdout, "  %s\t发布于 %s\t%s收到\n", n.Label(), beijingStamp(n.PublishedAt), n.Via)
	}
	return nil
}

// beijingStamp shows a time as the secretary reads it.
func beijingStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Beijing).Format("2006年1月2日 15:04")
}

func runNoticesShow(ctx context.Context, env Env, db *store.DB, args []string) error {
	serial, err := noticeSerial(args, "查看")
	if err != nil {
		return err
	}
	n, d, err := db.NoticeDiff(ctx, serial)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("没有第%d号县级通知（见 sync notices list）", serial)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s\n发布人：%s\n", n.Label(), n.PublishedBy)
	if n.State == store.NoticeApplied {
		fmt.Fprintln(env.Stdout, "已于 "+beijingStamp(n.DecidedAt)+" 应用。与本机现在的数据相比：")
	} else {
		fmt.Fprintln(env.Stdout, "应用后将有以下变化：")
	}
	for _, l := range d.Lines() {
		fmt.Fprintln(env.Stdout, l)
	}
	if n.State != store.NoticeApplied {
		fmt.Fprintf(env.Stdout, "确认无误后运行：sync notices apply %d\n", n.Serial)
	}
	return nil
}

func runNoticesApply(ctx context.Context, env Env, db *store.DB, args []string) error {
	serial, err := noticeSerial(args, "应用")
	if err != nil {
		return err
	}
	d, err := db.ApplyCountyNotice(ctx, serial)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("没有第%d号县级通知（见 sync notices list）", serial)
	}
	if err != nil {
		return errors.New("未应用：" + store.UserMessage(err))
	}
	fmt.Fprintf(env.Stdout, "已应用第%d号县级通知：\n", serial)
	for _, l := range d.Lines() {
		fmt.Fprintln(env.Stdout, l)
	}
	return nil
}

func runNoticesDismiss(ctx context.Context, env Env, db *store.DB, args []string) error {
	serial, err := noticeSerial(args, "暂不应用")
	if err != nil {
		return err
	}
	if err := db.DismissCountyNotice(ctx, serial); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("没有第%d号县级通知（见 sync notices list）", serial)
	} else if err != nil {
		return errors.New(store.UserMessage(err))
	}
	fmt.Fprintf(env.Stdout, "第%d号县级通知暂不应用；以后仍可用 sync notices apply %d 应用。\n", serial, serial)
	return nil
}

func runNoticesImport(ctx context.Context, env Env, db *store.DB, args []string) error {
	if len(args) != 1 {
		return &UsageError{Msg: "请给出县级通知文件，例如 sync notices import E:\\county-3.notice"}
	}
	n, added, err := outbox.ImportNotice(ctx, db, args[0])
	if err != nil {
		return errors.New("未导入：" + notice.Message(err))
	}
	if !added {
		fmt.Fprintf(env.Stdout, "第%d号县级通知“%s”已经收到过，未重复导入。\n", n.Serial, n.Title)
		return nil
	}
	fmt.Fprintf(env.Stdout, "已导入第%d号县级通知“%s”，待确认。用 sync notices show %d 查看变化，sync notices apply %d 应用。\n", n.Serial, n.Title, n.Serial, n.Serial)
	return nil
}

func runEnrolReply(ctx context.Context, env Env, db *store.DB, args []string) error {
	if len(args) != 1 {
		return &UsageError{Msg: "请给出县人大给的登记回执文件"}
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		return fmt.Errorf("无法读取“%s”：%w", args[0], err)
	}
	r, err := outbox.ImportEnrolReply(ctx, db, b)
	if err != nil {
		return errors.New("未导入：" + notice.Message(err))
	}
	fmt.Fprintf(env.Stdout, "已导入登记回执：县级平台签名公钥指纹 %s\n", store.KeyFingerprint(r.CountyKey))
	if r.CertPin != "" {
		fmt.Fprintf(env.Stdout, "已记录县级平台证书指纹：%s（只接受该证书）\n", r.CertPin)
	}
	if set, err := db.SyncSettings(ctx); err == nil && set.HubURL != "" {
		fmt.Fprintf(env.Stdout, "县级平台地址：%s\n", set.HubURL)
	}
	return nil
}
