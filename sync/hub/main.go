package hub

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"deputydesk/store/calendar"
	"deputydesk/sync/bundle"
	"deputydesk/sync/hub/hubstore"
)

// Stdin is where `deputyhub user add|passwd` read the password; cmd keeps
// os.Stdin, tests replace it.
var Stdin io.Reader = os.Stdin

// DefaultListen is the address the hub listens on without --listen: every
// interface, because townships must reach it over the county network.
const DefaultListen = ":8080"

// Main is the deputyhub command line:
//
//	deputyhub --listen :8443 --data DIR [--tls-cert FILE --tls-key FILE]
//	deputyhub enrol REQUEST.json --data DIR
//	deputyhub revoke CODE --data DIR
//	deputyhub import BUNDLE.zip --data DIR
//	deputyhub user add NAME --role 审核 | passwd NAME | disable NAME | enable NAME | list
//
// It returns the process exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deputyhub", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", DefaultListen, "监听地址（默认所有网卡的 8080 端口；只供本机访问用 127.0.0.1:8080）")
	role := fs.String("role", "查看", "账号角色：查看 或 审核（user add）")
	data := fs.String("data", "deputyhub-data", "数据目录")
	cert := fs.String("tls-cert", "", "TLS 证书文件")
	key := fs.String("tls-key", "", "TLS 私钥文件")
	deadline := fs.Int("deadline-day", 5, "每月报送截止日（次月几日）；notice publish 时随通知发布")
	out := fs.String("out", "", "输出文件（notice export、notice rules-template）")
	reply := fs.String("reply", "", "登记后把登记回执写入此文件，交乡镇导入（enrol）")
	hubURL := fs.String("hub-url", "", "写入登记回执的县级平台地址，如 https://192.168.1.10:8443（enrol）")
	np := noticeFlags{}
	fs.StringVar(&np.holidays, "holidays", "", "节假日安排文本文件：每行 日期 休/班 名称（notice publish）")
	fs.IntVar(&np.year, "year", 0, "节假日安排的年份（notice publish）")
	fs.StringVar(&np.source, "source", "", "节假日安排的依据，如 国务院办公厅通知（notice publish）")
	fs.StringVar(&np.rules, "rules", "", "评分细则文件，由 notice rules-template 导出后修改（notice publish）")
	fs.StringVar(&np.title, "title", "", "通知标题，可不填（notice publish）")
	fs.Usage = func() {
		usage(stderr)
		fmt.Fprintln(stderr, "选项：")
		fs.PrintDefaults()
	}
	// Flags may come before or after the command words.
	var pos []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if *deadline < 1 || *deadline > 28 {
		fmt.Fprintln(stderr, "用法错误：--deadline-day 应为1到28")
		return 2
	}
	h, err := Open(ctx, *data)
	if err != nil {
		fmt.Fprintln(stderr, "错误：无法打开数据目录：", err)
		return 1
	}
	defer h.Close()
	deadlineSet := false
	fs.Visit(func(f *flag.Flag) { deadlineSet = deadlineSet || f.Name == "deadline-day" })
	if deadlineSet {
		h.DeadlineDay = *deadline
	}
	h.CertFile = *cert
	// The county's today comes from the same clock as the township's.
	if h.Now, err = calendar.FromEnv(); err != nil {
		fmt.Fprintln(stderr, "用法错误："+err.Error())
		return 2
	}
	switch {
	case len(pos) == 0:
		return serve(ctx, h, *listen, *cert, *key, stdout, stderr)
	case len(pos) == 2 && pos[0] == "enrol":
		b, err := os.ReadFile(pos[1])
		if err != nil {
			fmt.Fprintln(stderr, "错误：无法读取登记申请文件：", err)
			return 1
		}
		r, err := h.Enrol(ctx, b)
		if err != nil {
			fmt.Fprintln(stderr, "错误：", err)
			return 1
		}
		fmt.Fprintf(stdout, "已登记：%s（%s），密钥指纹 %s\n正在运行的平台立即生效，无需重启。\n", r.TownshipName, r.TownshipCode, r.Fingerprint)
		if *reply != "" {
			b, err := h.EnrolReplyFor(ctx, r.TownshipCode, *hubURL, *cert)
			if err == nil {
				err = os.WriteFile(*reply, b, 0o644)
			}
			if err != nil {
				fmt.Fprintln(stderr, "错误：无法写入登记回执：", err)
				return 1
			}
			fmt.Fprintf(stdout, "已写入登记回执：%s（交乡镇在“上报”中导入；平台签名公钥指纹 %s）\n", *reply, h.KeyFingerprint())
		}
		return 0
	case len(pos) == 2 && pos[0] == "revoke":
		if err := h.Revoke(ctx, pos[1]); err != nil {
			fmt.Fprintf(stderr, "错误：没有已登记（未撤销）的乡镇代码 %s\n", pos[1])
			return 1
		}
		fmt.Fprintf(stdout, "已撤销乡镇 %s 的登记，立即不再接收其上报包；重新登记即可恢复。\n", pos[1])
		return 0
	case len(pos) >= 2 && pos[0] == "notice":
		if pos[1] == "publish" && deadlineSet {
			np.deadline = *deadline
		}
		return noticeCommand(ctx, h, pos[1:], np, *out, stdout, stderr)
	case len(pos) >= 2 && pos[0] == "user":
		return userCommand(ctx, h, pos[1:], *role, stdout, stderr)
	case len(pos) == 2 && pos[0] == "import":
		rec, err := h.Import(ctx, pos[1])
		var re *bundle.RefusedError
		if errors.As(err, &re) {
			fmt.Fprintln(stderr, "已拒收：", re.Reason)
			return 1
		}
		if err != nil {
			fmt.Fprintln(stderr, "错误：", err)
			return 1
		}
		h.audit(ctx, "命令行", "导入", rec.BundleID, "回执号 "+rec.Number, "")
		fmt.Fprintf(stdout, "已接收，回执号 %s\n", rec.Number)
		return 0
	}
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "县级上报平台 deputyhub — 用法：")
	fmt.Fprintln(w, "  deputyhub [--listen 地址] [--data 目录] [--tls-cert 证书 --tls-key 私钥]   启动网页和接收服务")
	fmt.Fprintln(w, "  deputyhub enrol 登记申请文件 [--reply 回执文件 --hub-url 地址] --data 目录     登记乡镇（接受其签名密钥），写出登记回执")
	fmt.Fprintln(w, "  deputyhub revoke 行政区划代码 --data 目录                                  撤销乡镇登记")
	fmt.Fprintln(w, "  deputyhub import 上报包.zip --data 目录                                    导入U盘带来的上报包")
	fmt.Fprintln(w, "  deputyhub notice publish [--holidays 文件 --year 2027] [--rules 文件] [--deadline-day 5]  发布县级通知")
	fmt.Fprintln(w, "  deputyhub notice list | export 编号 --out 文件 | rules-template --out 文件        列出、导出通知文件（U盘）、导出评分细则模板")
	fmt.Fprintln(w, "  deputyhub user add 账号 --role 查看|审核 --data 目录                        新建网页账号（密码从标准输入读取）")
	fmt.Fprintln(w, "  deputyhub user passwd 账号 | disable 账号 | enable 账号 | list --data 目录  修改密码、停用、启用、列出账号")
}

func serve(ctx context.Context, h *Hub, addr, cert, key string, stdout, stderr io.Writer) int {
	if (cert == "") != (key == "") {
		fmt.Fprintln(stderr, "用法错误：--tls-cert 与 --tls-key 须同时给出")
		return 2
	}
	// Timeouts: a client that sends headers or a body slowly, or idles,
	// must not hold a connection (see also the per-PATCH body deadline).
	srv := &http.Server{Addr: addr, Handler: h.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 5 * time.Minute, WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	go h.sweepParts(ctx)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	fmt.Fprintf(stdout, "县级上报平台已启动：%s\n", addr)
	if host, _, err := net.SplitHostPort(addr); err == nil && (host == "127.0.0.1" || host == "localhost" || host == "::1") {
		fmt.Fprintln(stdout, "注意：只监听本机地址，乡镇电脑连不上；要接收乡镇上报请用 --listen :8080 或本机的局域网地址。")
	} else {
		for _, a := range lanAddrs() {
			fmt.Fprintf(stdout, "乡镇填写的县级平台地址：%s://%s\n", scheme(cert), net.JoinHostPort(a, portOf(addr)))
		}
	}
	if n, _ := h.store.Accounts(ctx); len(n) == 0 {
		fmt.Fprintln(stdout, "注意：还没有网页账号，网页无法登录。请先运行 deputyhub user add 账号 --role 审核")
	}
	if cert == "" {
		fmt.Fprintln(stdout, "注意：未启用 TLS（--tls-cert/--tls-key），密码和上报内容在网络上明文传输。")
	} else if pair, err := tls.LoadX509KeyPair(cert, key); err == nil && len(pair.Certificate) > 0 {
		sum := sha256.Sum256(pair.Certificate[0])
		fmt.Fprintf(stdout, "证书指纹（SHA-256，登记回执中自动带给乡镇；也可用 sync settings --pin 填写）：%s\n", hex.EncodeToString(sum[:]))
	}
	var err error
	if cert != "" {
		err = srv.ListenAndServeTLS(cert, key)
	} else {
		err = srv.ListenAndServe()
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "错误：", err)
		return 1
	}
	return 0
}

func scheme(cert string) string {
	if cert != "" {
		return "https"
	}
	return "http"
}

func portOf(addr string) string {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "8080"
	}
	return p
}

// lanAddrs lists this machine's IPv4 addresses other than loopback, the
// ones townships can type in.
func lanAddrs() []string {
	var out []string
	as, _ := net.InterfaceAddrs()
	for _, a := range as {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			out = append(out, n.IP.String())
		}
	}
	return out
}

// readPassword reads a password: without echo from a terminal, else one
// line from Stdin (for scripts: echo "$PW" | deputyhub user add …).
func readPassword(prompt string, stderr io.Writer) (string, error) {
	if f, ok := Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		return string(b), err
	}
	line, err := bufio.NewReader(Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("没有读到密码（从标准输入读取）")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func userCommand(ctx context.Context, h *Hub, args []string, role string, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintln(stderr, "错误：", err)
		return 1
	}
	switch {
	case args[0] == "list" && len(args) == 1:
		as, err := h.store.Accounts(ctx)
		if err != nil {
			return fail(err)
		}
		if len(as) == 0 {
			fmt.Fprintln(stdout, "还没有账号。")
		}
		for _, a := range as {
			state := "有效"
			if a.Disabled {
				state = "已停用"
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\t建立于 %s\n", a.Name, hubstore.RoleLabel(a.Role), state, a.CreatedAt.Local().Format("2006-01-02 15:04"))
		}
		return 0
	case args[0] == "add" && len(args) == 2:
		pw, err := readPassword("新密码：", stderr)
		if err != nil {
			return fail(err)
		}
		if err := h.AddUser(ctx, args[1], pw, role); err != nil {
			return fail(err)
		}
		r, _ := hubstore.ParseRole(role)
		fmt.Fprintf(stdout, "已建立账号 %s（%s）\n", args[1], hubstore.RoleLabel(r))
		return 0
	case args[0] == "passwd" && len(args) == 2:
		pw, err := readPassword("新密码：", stderr)
		if err != nil {
			return fail(err)
		}
		if err := h.SetUserPassword(ctx, args[1], pw); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "已修改 %s 的密码，其已登录的会话均已退出\n", args[1])
		return 0
	case (args[0] == "disable" || args[0] == "enable") && len(args) == 2:
		if err := h.SetUserDisabled(ctx, args[1], args[0] == "disable"); err != nil {
			return fail(err)
		}
		if args[0] == "disable" {
			fmt.Fprintf(stdout, "已停用账号 %s，其已登录的会话均已退出\n", args[1])
		} else {
			fmt.Fprintf(stdout, "已启用账号 %s\n", args[1])
		}
		return 0
	}
	usage(stderr)
	return 2
}
