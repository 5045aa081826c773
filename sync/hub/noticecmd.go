package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/sync/notice"
)

// noticeFlags are the options of `deputyhub notice publish`.
type noticeFlags struct {
	holidays, source, rules, title string
	year, deadline                 int
}

// noticeCommand is `deputyhub notice publish|list|export|rules-template`.
func noticeCommand(ctx context.Context, h *Hub, args []string, f noticeFlags, out string, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintln(stderr, "错误：", notice.Message(err))
		return 1
	}
	switch {
	case args[0] == "publish" && len(args) == 1:
		n := store.CountyNotice{Title: f.title, DeadlineDay: f.deadline}
		if f.holidays != "" {
			if f.year == 0 {
				return fail(fmt.Errorf("请用 --year 指定节假日安排的年份"))
			}
			b, err := os.ReadFile(f.holidays)
			if err != nil {
				return fail(fmt.Errorf("无法读取节假日安排文件：%w", err))
			}
			if n.Holidays, err = notice.ParseHolidays(f.year, f.source, string(b)); err != nil {
				return fail(err)
			}
		}
		if f.rules != "" {
			file, err := os.Open(f.rules)
			if err != nil {
				return fail(fmt.Errorf("无法读取评分细则文件：%w", err))
			}
			rules, err := notice.ReadRules(file)
			file.Close()
			if err != nil {
				return fail(err)
			}
			n.Rules = &rules
		}
		row, err := h.Publish(ctx, n, "命令行")
		if err != nil {
			return fail(err)
		}
		c, _ := h.NoticeContent(row)
		fmt.Fprintf(stdout, "已发布第%d号通知：%s\n%s\n各乡镇下次联网时收到，确认后生效；没有网络的乡镇用 notice export 导出通知文件带去。\n", row.Serial, row.Title, noticeSummary(c))
		return 0
	case args[0] == "list" && len(args) == 1:
		ns, err := h.store.Notices(ctx, 0)
		if err != nil {
			return fail(err)
		}
		if len(ns) == 0 {
			fmt.Fprintln(stdout, "尚未发布通知。")
		}
		for _, n := range ns {
			c, _ := h.NoticeContent(n)
			fmt.Fprintf(stdout, "第%d号\t%s\t%s\t%s\t%s\n", n.Serial, n.PublishedAt.In(calendar.Beijing).Format("2006-01-02 15:04"), n.Account, n.Title, noticeSummary(c))
		}
		fmt.Fprintf(stdout, "平台签名公钥指纹：%s\n", h.KeyFingerprint())
		return 0
	case args[0] == "export" && len(args) == 2:
		serial, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return fail(fmt.Errorf("通知编号“%s”应为数字", args[1]))
		}
		if out == "" {
			return fail(fmt.Errorf("请用 --out 指定通知文件保存位置"))
		}
		n, err := h.store.Notice(ctx, serial)
		if err != nil {
			return fail(fmt.Errorf("没有第%d号通知", serial))
		}
		if err := os.WriteFile(out, n.Signed, 0o644); err != nil {
			return fail(fmt.Errorf("无法写入“%s”：%w", out, err))
		}
		h.audit(ctx, "命令行", "导出通知文件", "第"+args[1]+"号", n.Title, "")
		fmt.Fprintf(stdout, "已导出第%d号通知到 %s，乡镇用“导入县级通知”读取。\n", serial, out)
		return 0
	case args[0] == "rules-template" && len(args) == 1:
		if out == "" {
			return fail(fmt.Errorf("请用 --out 指定评分细则模板保存位置"))
		}
		b, _ := json.MarshalIndent(h.LatestRules(ctx), "", "  ")
		if err := os.WriteFile(out, b, 0o644); err != nil {
			return fail(fmt.Errorf("无法写入“%s”：%w", out, err))
		}
		fmt.Fprintf(stdout, "已导出评分细则模板到 %s；修改后用 notice publish --rules 发布。\n", out)
		return 0
	}
	usage(stderr)
	return 2
}
