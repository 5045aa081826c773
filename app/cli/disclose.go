package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"deputydesk/app/atomicfile"
	"deputydesk/app/report/disclose"
	"deputydesk/store"
)

func init() {
	register(command{name: "disclose", usage: "打印代表履职登记情况公示PDF：disclose --group 小组|--station 站点 --from 日期 --to 日期 --out 文件.pdf", run: runDisclose})
	readCommands["disclose"] = true
}

// findGroup finds a group by its exact name or a unique part of it.
func findGroup(ctx context.Context, db *store.DB, name string) (store.Group, error) {
	name = store.Normalize(name)
	groups, err := db.Groups(ctx)
	if err != nil {
		return store.Group{}, err
	}
	var hits []store.Group
	for _, g := range groups {
		if g.Name == name {
			return g, nil
		}
		if name != "" && strings.Contains(g.Name, name) {
			hits = append(hits, g)
		}
	}
	if len(hits) == 1 {
		return hits[0], nil
	}
	if len(hits) == 0 {
		return store.Group{}, fmt.Errorf("没有名为“%s”的代表小组", name)
	}
	return store.Group{}, fmt.Errorf("“%s”对应多个代表小组，请写全名称", name)
}

func runDisclose(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("disclose", env)
	group := fs.String("group", "", "代表小组名称")
	station := fs.String("station", "", "联络站点名称")
	from := fs.String("from", "", "公示期间开始日期")
	to := fs.String("to", "", "公示期间结束日期")
	out := fs.String("out", "", "输出的PDF文件")
	usage := "disclose --group 小组|--station 站点 --from 2026-07-01 --to 2026-12-31 --out 文件.pdf"
	if _, err := parseArgs(fs, args, 0, usage); err != nil {
		return err
	}
	if *out == "" || *from == "" || *to == "" {
		return &UsageError{Msg: "请用 --from、--to 指定公示期间，用 --out 指定输出的PDF文件"}
	}
	if (*group == "") == (*station == "") {
		return &UsageError{Msg: "请用 --group 或 --station 指定一个代表小组或联络站点（只选一个）"}
	}
	sel := disclose.Select{From: *from, To: *to}
	if *group != "" {
		g, err := findGroup(ctx, db, *group)
		if err != nil {
			return err
		}
		sel.GroupID = g.ID
	} else {
		st, err := db.FindStation(ctx, *station)
		if err != nil {
			return err
		}
		sel.StationID = st.ID
	}
	s, err := disclose.Load(ctx, db, sel)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(*out, func(w io.Writer) error { return disclose.WriteSheet(w, s, db, disclose.Options{}) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成%s代表履职登记情况公示（%d 名代表）：%s\n", s.Title, len(s.Rows), *out)
	return nil
}
