package cli

import (
	"context"
	"deputydesk/app/atomicfile"
	"fmt"
	"io"

	"deputydesk/app/report/guide"
	"deputydesk/store"
)

func init() {
	register(command{name: "report guide", usage: "打印一页“使用说明”PDF：report guide --out 文件.pdf", noDB: true, run: runGuide})
}

func runGuide(_ context.Context, env Env, _ *store.DB, args []string) error {
	fs := newFlagSet("report guide", env)
	out := fs.String("out", "", "输出的 .pdf 文件")
	if err := fs.Parse(args); err != nil || *out == "" {
		return &UsageError{Msg: "请用 --out 指定输出文件"}
	}
	if err := atomicfile.Write(*out, func(w io.Writer) error { return guide.Write(w, env.Now()) }); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "已写入 "+*out)
	return nil
}
