package cli

import (
	"context"
	"fmt"

	"deputydesk/app/export"
	"deputydesk/store"
)

func init() {
	register(command{name: "export all", usage: "全部数据导出为一个Excel工作簿：export all --out 文件.xlsx", run: runExportAll})
}

func runExportAll(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("export all", env)
	out := fs.String("out", "", "输出的 .xlsx 文件")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if *out == "" {
		return &UsageError{Msg: "请用 --out 指定输出文件"}
	}
	tables, rows, err := export.Write(ctx, db, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导出 %d 张表、%d 行数据到 %s\n", tables, rows, *out)
	return nil
}
