// Package cli is deputydesk's command line: every report and sync action the
// GUI offers, scriptable and testable without a display. It never imports
// Fyne; the GUI is handed in by cmd/deputydesk.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// Env is what a command may touch: its output streams and, for the bare
// command, the GUI.
type Env struct {
	Stdout, Stderr io.Writer
	// OpenGUI runs the desktop window on db until it is closed.
	OpenGUI func(db *store.DB) error
	// Recover shows the GUI's start-up window for a database that cannot be
	// opened for writing as it is: it says what was found (a full disk, a
	// read-only stick, a lock, damage, …) and offers the right next step.
	// Recover gets the program's clock for the database it opens.
	Recover func(d store.Diagnosis, clock calendar.Clock) error
	// DBPath is the database file chosen with --db, for commands that must
	// work on the file while it is closed (restore).
	DBPath string
	// Now is the program's clock: the real one, or DEPUTYDESK_NOW's. Main
	// sets it; every command and the GUI read the date from it (through
	// db.Now once a database is open).
	Now calendar.Clock
}

// command is one CLI action. run gets the open database and the arguments
// after the command words.
type command struct {
	name  string // words, e.g. "deputies list"
	usage string // Chinese one-line description
	run   func(ctx context.Context, env Env, db *store.DB, args []string) error
	// noDB commands (e.g. help) run without opening the database.
	noDB bool
}

// readCommands only read the database: they also run on a file that can
// only be opened read-only (a write-protected stick, a full disk). Any other
// command is refused there with the diagnosis; a command listed here that
// tries to save anyway gets store.ErrReadOnly's Chinese message.
var readCommands = map[string]bool{
	"deputies list": true, "deputies export": true, "deputies template": true, "cases list": true, "dashboard": true,
	"report assessment": true, "report notices": true, "report dossier": true, "report rules": true, "report ledger": true,
	"report blank-form": true, "report posters": true, "report roster": true, "report guide": true,
	"roster rule list": true, "roster list": true, "roster leave list": true, "roster remind": true, "roster ics": true,
	"holiday list": true, "sync status": true, "export all": true, "backup list": true, "backup now": true,
}

var commands = map[string]command{}

// register adds a command; each feature file calls it from init.
func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("cli: duplicate command " + c.name)
	}
	commands[c.name] = c
}

// UsageError is a mistake in how a command was typed.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// DefaultDBPath is where the township's database lives when --db is not
// given: the user's data folder (~/.local/share/deputydesk on Linux,
// %AppData%\deputydesk on Windows).
func DefaultDBPath() string {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = os.Getenv("AppData")
	case "darwin":
		if h, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(h, "Library", "Application Support")
		}
	default:
		dir = os.Getenv("XDG_DATA_HOME")
		if dir == "" {
			if h, err := os.UserHomeDir(); err == nil {
				dir = filepath.Join(h, ".local", "share")
			}
		}
	}
	if dir == "" {
		dir = "."
	}
	return filepath.Join(dir, "deputydesk", "deputydesk.db")
}

// Main runs the command line and returns the process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if err := run(ctx, args, env); err != nil {
		if helpAsked(err) {
			return 0
		}
		var ue *UsageError
		if errors.As(err, &ue) {
			fmt.Fprintln(env.Stderr, "用法错误："+flagMessage(ue.Msg))
			fmt.Fprintln(env.Stderr, "运行 deputydesk help 查看全部命令。")
			return 2
		}
		fmt.Fprintln(env.Stderr, "错误："+flagMessage(message(err)))
		return 1
	}
	return 0
}

// message picks the Chinese text for an error: store errors have their own,
// CLI errors are already written in Chinese.
func message(err error) string {
	var ve *store.ValidationError
	var ne *store.NewerSchemaError
	var re *store.RestoreError
	var de *store.DiagnosisError
	if errors.As(err, &ve) || errors.As(err, &ne) || errors.As(err, &re) || errors.As(err, &de) {
		return store.UserMessage(err)
	}
	for _, kind := range []error{store.ErrNotFound, store.ErrReadOnly, store.ErrDiskFull, store.ErrLocked,
		store.ErrNotDatabase, store.ErrDamaged} {
		if errors.Is(err, kind) {
			return store.UserMessage(err)
		}
	}
	if store.DiskFull(err) || store.ReadOnly(err) {
		return store.UserMessage(err)
	}
	return err.Error()
}

// openForGUI opens the database the way the start-up check allows: for
// writing when it is healthy (or new), read-only on a write-protected
// medium. Anything else goes to the start-up window, so a GUI user always
// sees a window (on Windows stderr goes nowhere).
//
// The GUI's check is the quick one (no read of the whole file, which takes
// most of a second on a ten-year township): SQLite's integrity check runs
// once the window is up, and every save waits for it (store.GuardWrites).
func openForGUI(ctx context.Context, path string, env Env) (*store.DB, bool, error) {
	d := store.DiagnoseQuick(ctx, path)
	var db *store.DB
	var err error
	switch {
	case d.CanOpen():
		db, err = store.Open(ctx, path)
	case d.Kind == store.KindReadOnly:
		db, err = store.OpenReadOnly(ctx, path)
	default:
		return nil, false, recoverGUI(env, d)
	}
	if err != nil {
		// The check passed but opening failed (the disk filled meanwhile, a
		// migration could not be written): look again and say what it is.
		d2 := store.Diagnose(ctx, path)
		if d2.Kind == store.KindHealthy {
			d2.Kind, d2.Err = store.KindIOError, err
		}
		return nil, false, recoverGUI(env, d2)
	}
	if !db.ReadOnly() {
		db.GuardWrites()
	}
	return db, true, nil
}

func recoverGUI(env Env, d store.Diagnosis) error {
	if env.Recover == nil {
		return d.Refusal()
	}
	return env.Recover(d, env.Now)
}

// openForCommand opens the database for a CLI command after the same
// start-up check the GUI makes: the CLI never writes into a file the GUI
// would refuse (damaged, empty with backups beside it, newer, locked), and
// read commands still work on a read-only file.
func openForCommand(ctx context.Context, path string, name string, env Env) (*store.DB, error) {
	d := store.Diagnose(ctx, path)
	switch {
	case d.CanOpen():
		return store.Open(ctx, path)
	case d.CanReadOnly() && readCommands[name]:
		db, err := store.OpenReadOnly(ctx, path)
		if err == nil {
			fmt.Fprintln(env.Stderr, "注意："+d.Title()+"，以只读方式打开：可以查看、打印和导出，不能保存修改。")
		}
		return db, err
	case d.CanReadOnly():
		return nil, fmt.Errorf("%s，命令“%s”要修改数据，无法执行（之前保存的数据都完好）。\n%s", d.Title(), name, d.Message())
	}
	if d.CanRestore() {
		return nil, fmt.Errorf("%s\n\n可用 deputydesk backup list 查看备份，用 deputydesk backup restore 备份文件 恢复。", d.Message())
	}
	return nil, d.Refusal()
}

func run(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("deputydesk", env)
	dbPath := fs.String("db", DefaultDBPath(), "数据库文件路径")
	if err := fs.Parse(args); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	rest := fs.Args()
	env.DBPath = *dbPath
	// DEPUTYDESK_NOW sets "today" for the GUI and the CLI alike, so scripted
	// runs and demonstrations behave as on that day; a caller (a test) may
	// hand in a clock of its own instead.
	if env.Now == nil {
		clock, err := calendar.FromEnv()
		if err != nil {
			return &UsageError{Msg: err.Error()}
		}
		env.Now = clock
	}
	clock := env.Now
	if len(rest) == 0 {
		if env.OpenGUI == nil {
			return &UsageError{Msg: "此程序未包含图形界面"}
		}
		db, ok, err := openForGUI(ctx, *dbPath, env)
		if !ok {
			return err
		}
		defer db.Close()
		db.Now = clock
		// Today's backup runs beside the window on a reader connection of
		// its own (see store.BackupTo), so saves go on while it is written.
		if !db.ReadOnly() {
			go func() {
				// A damaged file is not copied over a good backup: the
				// backup waits for the integrity check the window starts.
				if db.Checked(ctx) != nil {
					return
				}
				if _, err := db.DailyBackup(ctx); err != nil {
					fmt.Fprintln(env.Stderr, "自动备份失败："+message(err))
				}
			}()
		}
		return env.OpenGUI(db)
	}
	cmd, n := lookup(rest)
	if n == 0 {
		return &UsageError{Msg: "未知命令“" + strings.Join(rest, " ") + "”"}
	}
	if cmd.noDB {
		return cmd.run(ctx, env, nil, rest[n:])
	}
	db, err := openForCommand(ctx, *dbPath, cmd.name, env)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Now = clock
	return cmd.run(ctx, env, db, rest[n:])
}

// lookup finds the longest registered command that prefixes args.
func lookup(args []string) (command, int) {
	for n := min(len(args), 3); n > 0; n-- {
		if c, ok := commands[strings.Join(args[:n], " ")]; ok {
			return c, n
		}
	}
	return command{}, 0
}

func init() {
	register(command{name: "help", usage: "列出全部命令", noDB: true, run: func(_ context.Context, env Env, _ *store.DB, _ []string) error {
		fmt.Fprintln(env.Stdout, "人大代表工作台 deputydesk — 用法：deputydesk [--db 数据库文件] 命令 [参数]")
		fmt.Fprintln(env.Stdout, "不带命令时打开图形界面。命令：")
		names := make([]string, 0, len(commands))
		for n := range commands {
			names = append(names, n)
		}
		sort.Strings(names)
		// The descriptions line up after the longest command name.
		w := 0
		for _, n := range names {
			w = max(w, len(n))
		}
		for _, n := range names {
			fmt.Fprintf(env.Stdout, "  %-*s  %s\n", w, n, commands[n].usage)
		}
		return nil
	}})
}
