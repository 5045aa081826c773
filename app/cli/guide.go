package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"deputydesk/app/report/guide"
	"deputydesk/store"
)

func init() {
	register(command{name: "report guide", usage: "打印一页“使用说明”PDF：report guide --out 文件.pdf", noDB: true, run: runGuide})
}

func runGuide(_ context.Context, env Env, _ *store.DB, args []string) error {
	fs := flag.NewFlagSet("report guide", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	out := fs.String("out", "", "输出的 .pdf 文件")
	if err := fs.Parse(args); err != nil || *out == "" {
		return &UsageError{Msg: "请用 --out 指定输出文件"}
	}
	f, err := os.Create(*out)
	if err != nil {
		return fmt.Errorf("无法写入 %s：%w", *out, err)
	}
	if err := guide.Write(f, time.Now()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "已写入 "+*out)
	return nil
}
