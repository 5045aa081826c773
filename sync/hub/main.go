package hub

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"deputydesk/store/calendar"
	"deputydesk/sync/bundle"
)

// Main is the deputyhub command line:
//
//	deputyhub --listen :8443 --data DIR [--tls-cert FILE --tls-key FILE]
//	deputyhub enrol REQUEST.json --data DIR
//	deputyhub import BUNDLE.zip --data DIR
//
// It returns the process exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deputyhub", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "监听地址")
	data := fs.String("data", "deputyhub-data", "数据目录")
	cert := fs.String("tls-cert", "", "TLS 证书文件")
	key := fs.String("tls-key", "", "TLS 私钥文件")
	deadline := fs.Int("deadline-day", 5, "每月报送截止日（次月几日）")
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
	h.DeadlineDay = *deadline
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
		fmt.Fprintf(stdout, "已登记：%s（%s），密钥指纹 %s\n", r.TownshipName, r.TownshipCode, r.Fingerprint)
		return 0
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
		fmt.Fprintf(stdout, "已接收，回执号 %s\n", rec.Number)
		return 0
	}
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "县级上报平台 deputyhub — 用法：")
	fmt.Fprintln(w, "  deputyhub [--listen 地址] [--data 目录] [--tls-cert 证书 --tls-key 私钥]   启动网页和接收服务")
	fmt.Fprintln(w, "  deputyhub enrol 登记申请文件 --data 目录                                   登记乡镇（接受其签名密钥）")
	fmt.Fprintln(w, "  deputyhub import 上报包.zip --data 目录                                    导入U盘带来的上报包")
}

func serve(ctx context.Context, h *Hub, addr, cert, key string, stdout, stderr io.Writer) int {
	if (cert == "") != (key == "") {
		fmt.Fprintln(stderr, "用法错误：--tls-cert 与 --tls-key 须同时给出")
		return 2
	}
	srv := &http.Server{Addr: addr, Handler: h.Handler(), ReadHeaderTimeout: 30 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	fmt.Fprintf(stdout, "县级上报平台已启动：%s\n", addr)
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
