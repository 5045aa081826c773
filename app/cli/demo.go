package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"deputydesk/app/demo"
	"deputydesk/store"
)

func init() {
	register(command{name: "demo", usage: "向空数据库填入一个示例乡镇（约72名代表、6个小组、4个站点）", run: runDemo})
}

// runDemo builds the demo township in a temporary file beside the database
// and renames it into place only when it is complete: a demo killed half way
// leaves the database as empty as it was (the temporary file is removed at
// the next start), never half a township that demo then refuses to fill.
func runDemo(ctx context.Context, env Env, db *store.DB, _ []string) error {
	if err := demo.CheckEmpty(ctx, db); err != nil {
		if errors.Is(err, demo.ErrNotEmpty) {
			return errors.New("数据库中已有数据，示例数据只能填入空数据库，未做任何修改")
		}
		return err
	}
	path := db.Path()
	f, err := os.CreateTemp(filepath.Dir(path), ".deputydesk-demo-*.tmp")
	if err != nil {
		return fmt.Errorf("无法在数据文件夹中写入示例数据：%w", err)
	}
	tmp := f.Name()
	f.Close()
	cleanup := func() {
		for _, ext := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + ext)
		}
	}
	built, err := store.Open(ctx, tmp)
	if err != nil {
		cleanup()
		return err
	}
	built.Now, built.Actor = db.Now, db.Actor
	if err := demo.Fill(ctx, built); err != nil {
		built.Close()
		cleanup()
		return err
	}
	if err := built.Checkpoint(ctx); err != nil {
		built.Close()
		cleanup()
		return err
	}
	n, _ := built.CountDeputies(ctx)
	if err := built.Close(); err != nil {
		cleanup()
		return err
	}
	// The empty database gives way to the full one in one rename.
	if err := db.Close(); err != nil {
		cleanup()
		return err
	}
	for _, ext := range []string{"-wal", "-shm"} {
		os.Remove(path + ext)
	}
	if err := os.Rename(tmp, path); err != nil {
		cleanup()
		return fmt.Errorf("无法保存示例数据：%w", err)
	}
	fmt.Fprintf(env.Stdout, "已填入示例乡镇：%d 名代表。数据库：%s\n", n, path)
	return nil
}
