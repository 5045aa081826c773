// Package cli is deputydesk's command line: every report and sync action the
// GUI offers, scriptable and testable without a display. It never imports
// Fyne; the GUI is handed in by cmd/deputydesk.
package cli

import (
	"context"
	"errors"
	"flag"
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
	// Recover shows the GUI's recovery window for a database that failed its
	// start-up check.
	Recover func(dbPath string) error
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
		var ue *UsageError
		if errors.As(err, &ue) {
			fmt.Fprintln(env.Stderr, "用法错误："+ue.Msg)
			fmt.Fprintln(env.Stderr, "运行 deputydesk help 查看全部命令。")
			return 2
		}
		fmt.Fprintln(env.Stderr, "错误："+message(err))
		return 1
	}
	return 0
}

// message picks the Chinese text for an error: store errors have their own,
// CLI errors are already written in Chinese.
func message(err error) string {
	var ve *store.ValidationError
	var ne *store.NewerSchemaError
	if errors.As(err, &ve) || errors.As(err, &ne) || errors.Is(err, store.ErrNotFound) {
		return store.UserMessage(err)
	}
	return err.Error()
}

func run(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("deputydesk", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
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
		// A damaged file is not opened for writing: the secretary is shown
		// the newest good backup instead.
		if _, err := os.Stat(*dbPath); err == nil {
			if _, err := store.Inspect(ctx, *dbPath); errors.Is(err, store.ErrDamaged) {
				if env.Recover == nil {
					return err
				}
				return env.Recover(*dbPath)
			}
		}
		db, err := store.Open(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer db.Close()
		db.Now = clock
		// Today's backup runs beside the window; VACUUM INTO reads a
		// snapshot, so the secretary can keep working meanwhile.
		go func() {
			if _, err := db.DailyBackup(ctx); err != nil {
				fmt.Fprintln(env.Stderr, "自动备份失败："+err.Error())
			}
		}()
		return env.OpenGUI(db)
	}
	cmd, n := lookup(rest)
	if n == 0 {
		return &UsageError{Msg: "未知命令“" + strings.Join(rest, " ") + "”"}
	}
	if cmd.noDB {
		return cmd.run(ctx, env, nil, rest[n:])
	}
	db, err := store.Open(ctx, *dbPath)
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
		for _, n := range names {
			fmt.Fprintf(env.Stdout, "  %-28s %s\n", n, commands[n].usage)
		}
		return nil
	}})
}
