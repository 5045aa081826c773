package cli

import (
	"context"
	"fmt"
	"strings"

	"deputydesk/store"
)

func init() {
	register(command{name: "deputies list", usage: "以制表符分隔打印代表名册（含表头）", run: runDeputiesList})
}

func runDeputiesList(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("deputies list", env)
	status := fs.String("status", "", "只列出此状态（在任/终止）")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	ds, err := db.Deputies(ctx, store.DeputyFilter{Status: *status})
	if err != nil {
		return err
	}
	groups, err := db.GroupNamesByDeputy(ctx)
	if err != nil {
		return err
	}
	out := env.Stdout
	fmt.Fprintln(out, strings.Join([]string{"ID", "姓名", "性别", "民族", "出生日期", "层级", "代表小组", "单位", "职务", "联系电话", "代表证号", "选区", "类别", "状态"}, "\t"))
	for _, d := range ds {
		fmt.Fprintln(out, strings.Join([]string{d.ID, d.Name, d.Gender, d.Ethnicity, d.BirthDate, d.Levels.String(),
			strings.Join(groups[d.ID], "、"), d.WorkUnit, d.Post, d.Phone, d.CertNo, d.District, d.Category, d.Status}, "\t"))
	}
	return nil
}
