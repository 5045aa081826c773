package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

func init() {
	register(command{name: "backup now", usage: "立即备份数据库（可用 --to 文件夹 备份到U盘）", run: runBackupNow})
	register(command{name: "backup list", usage: "列出自动备份", run: runBackupList})
	register(command{name: "backup check", usage: "检查数据库：完好、空文件、只读、磁盘已满、被占用或损坏", noDB: true, run: runBackupCheck})
	register(command{name: "backup restore", usage: "从备份文件恢复：backup restore 文件（当前数据会先备份）", noDB: true, run: runBackupRestore})
}

func runBackupNow(ctx context.Context, env Env, db *store.DB, args []string) error {
	fs := newFlagSet("backup now", env)
	to := fs.String("to", "", "备份到此文件夹（例如U盘）")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	var path string
	var err error
	if *to != "" {
		path = filepath.Join(*to, "deputydesk-"+db.Now().Format("20060102-150405")+"-manual.db")
		err = db.BackupTo(ctx, path)
	} else {
		path, err = db.Backup(ctx, "manual")
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "已备份到："+path)
	return nil
}

func runBackupList(ctx context.Context, env Env, db *store.DB, _ []string) error {
	list, err := store.ListBackups(db.BackupDir())
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "时间\t原因\t大小(KB)\t文件")
	for _, b := range list {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%d\t%s\n", b.Time.Format("2006年1月2日 15:04"), b.Reason, b.Size/1024, b.Path)
	}
	return nil
}

// runBackupCheck runs the start-up check on the closed file, so a 0-byte
// file is reported as empty rather than opened (and filled with an empty
// schema) and then called healthy.
func runBackupCheck(ctx context.Context, env Env, _ *store.DB, _ []string) error {
	d := store.Diagnose(ctx, env.DBPath)
	if d.Kind == store.KindHealthy {
		fmt.Fprintln(env.Stdout, "数据库完好。")
		return nil
	}
	msg := d.Title() + "：" + d.Message()
	if d.CanRestore() {
		msg += "\n可用 deputydesk backup list 查看备份，用 deputydesk backup restore 备份文件 恢复。"
	}
	return errors.New(msg)
}

// runBackupRestore needs the database closed, so it opens nothing itself.
func runBackupRestore(ctx context.Context, env Env, _ *store.DB, args []string) error {
	if len(args) != 1 {
		return &UsageError{Msg: "backup restore 需要一个备份文件"}
	}
	info, err := store.Inspect(ctx, args[0])
	if err != nil {
		return errors.New("这个备份文件无法使用（可能已损坏），未做任何修改")
	}
	fmt.Fprintf(env.Stdout, "备份内容：%s，代表 %d 名，代表小组 %d 个，联络站点 %d 个，最后修改 %s\n", info.Township,
		info.Counts["代表"], info.Counts["代表小组"], info.Counts["联络站点"], info.LastChange.In(calendar.Beijing).Format("2006年1月2日 15:04"))
	res, err := store.Restore(ctx, args[0], env.DBPath)
	if err != nil {
		return err
	}
	if res.SafetyCopy != "" {
		fmt.Fprintln(env.Stdout, "已恢复。恢复前的数据已原样另存为："+res.SafetyCopy)
	} else {
		fmt.Fprintln(env.Stdout, "已恢复到："+env.DBPath)
	}
	return nil
}
