package cli

import (
	"context"
	"errors"
	"fmt"

	"deputydesk/app/demo"
	"deputydesk/store"
)

func init() {
	register(command{name: "demo", usage: "向空数据库填入一个示例乡镇（约72名代表、6个小组、4个站点）", run: runDemo})
}

func runDemo(ctx context.Context, env Env, db *store.DB, _ []string) error {
	if err := demo.Fill(ctx, db); err != nil {
		if errors.Is(err, demo.ErrNotEmpty) {
			return errors.New("数据库中已有数据，示例数据只能填入空数据库，未做任何修改")
		}
		return err
	}
	n, err := db.CountDeputies(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已填入示例乡镇：%d 名代表。数据库：%s\n", n, db.Path())
	return nil
}
