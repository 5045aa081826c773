package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/store/calendar/calendartest"
)

// runCLI runs the command line in-process and returns exit code and output.
// testToday is the date the CLI tests run on unless DEPUTYDESK_TEST_TODAY
// moves it.
const testToday = "2026-11-23"

// runCLI runs the CLI in-process on the test's today, or on the
// DEPUTYDESK_NOW a test set itself (the caller's is cleared, see
// calendartest).
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errOut}
	if os.Getenv(calendar.EnvNow) == "" {
		env.Now = calendartest.Clock(t, testToday)
	}
	code := Main(t.Context(), args, env)
	return code, out.String(), errOut.String()
}

func TestDemoThenListThenRefuse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	code, out, errOut := runCLI(t, "--db", db, "demo")
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "72 名代表") {
		t.Fatalf("demo said %q", out)
	}
	code, list, errOut := runCLI(t, "--db", db, "deputies", "list")
	if code != 0 {
		t.Fatalf("list exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 73 {
		t.Fatalf("list has %d lines, want header + 72", len(lines))
	}
	header := strings.Split(lines[0], "\t")
	if header[1] != "姓名" || header[5] != "层级" {
		t.Fatalf("header %v", header)
	}
	levels := map[string]int{}
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != len(header) {
			t.Fatalf("row has %d fields: %q", len(f), l)
		}
		name := []rune(f[1])
		if len(name) < 2 || name[0] < 0x4e00 || name[0] > 0x9fff {
			t.Fatalf("not a Chinese name: %q", f[1])
		}
		levels[f[5]]++
	}
	if levels["乡"] < 55 || len(levels) < 4 {
		t.Fatalf("levels spread %v", levels)
	}

	before := changeCount(t, db)
	code, _, errOut = runCLI(t, "--db", db, "demo")
	if code != 1 || !strings.Contains(errOut, "已有数据") {
		t.Fatalf("second demo: exit %d, %q", code, errOut)
	}
	if after := changeCount(t, db); after != before {
		t.Fatalf("second demo changed the database: %d -> %d log rows", before, after)
	}
}

func changeCount(t *testing.T, path string) int {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cs, err := db.Changes(t.Context(), store.ChangeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(cs)
}

func TestUnknownCommandAndHelp(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if code, _, errOut := runCLI(t, "--db", db, "frobnicate"); code != 2 || !strings.Contains(errOut, "未知命令") {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	code, out, _ := runCLI(t, "help")
	if code != 0 || !strings.Contains(out, "deputies list") || !strings.Contains(out, "demo") {
		t.Fatalf("help: %d %q", code, out)
	}
	// Every description starts in one column, after the longest name.
	col := -1
	for _, ln := range strings.Split(out, "\n") {
		if !strings.HasPrefix(ln, "  ") {
			continue
		}
		// A name holds single spaces only; two end it.
		rest := ln[2:]
		end := strings.Index(rest, "  ")
		at := len(ln) - len(strings.TrimLeft(rest[max(end, 0):], " "))
		if col == -1 {
			col = at
		}
		if end < 0 || at != col {
			t.Errorf("help line out of line: %q", ln)
		}
	}
}

func TestDefaultDBPathIsInUserDataFolder(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/home/u/.local/share")
	if got := DefaultDBPath(); got != filepath.Join("/home/u/.local/share", "deputydesk", "deputydesk.db") {
		t.Fatalf("DefaultDBPath = %q", got)
	}
}

func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	if code, _, e := runCLI(t, "--db", db, "demo"); code != 0 {
		t.Fatal(e)
	}
	usb := filepath.Join(dir, "usb")
	code, out, e := runCLI(t, "--db", db, "backup", "now", "--to", usb)
	if code != 0 || !strings.Contains(out, "已备份到") {
		t.Fatalf("backup now: %d %s %s", code, out, e)
	}
	bak := strings.TrimSpace(strings.TrimPrefix(out, "已备份到："))
	if code, out, _ := runCLI(t, "--db", db, "backup", "check"); code != 0 || !strings.Contains(out, "完好") {
		t.Fatalf("check: %s", out)
	}
	code, out, e = runCLI(t, "--db", db, "backup", "restore", bak)
	if code != 0 || !strings.Contains(out, "城关镇，代表 72 名") || !strings.Contains(out, "已恢复") {
		t.Fatalf("restore: %d %q %q", code, out, e)
	}
	code, _, e = runCLI(t, "--db", db, "backup", "restore", filepath.Join(dir, "nope.db"))
	if code != 1 || !strings.Contains(e, "无法使用") {
		t.Fatalf("restore of missing file: %d %q", code, e)
	}
}

// TestDamagedDatabaseRefusesSavesInTheWindow checks the GUI's start: the
// quick start-up check lets a file damaged inside reach the window (the
// whole-file check would cost most of a second before it), and the check
// run behind the window refuses every save; a command still refuses at once.
func TestDamagedDatabaseRefusesSavesInTheWindow(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.db")
	db, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	var ds []*store.Deputy
	for i := 0; i < 300; i++ {
		ds = append(ds, &store.Deputy{Name: "代表" + strings.Repeat("甲", i%7+1), Phone: "13911111111",
			Levels: store.Levels(store.TownshipLv), Notes: strings.Repeat("接待选民", 80)})
	}
	if err := db.SaveDeputies(t.Context(), ds); err != nil {
		t.Fatal(err)
	}
	db.Checkpoint(t.Context())
	db.Close()
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	st, _ := f.Stat()
	f.WriteAt(bytes.Repeat([]byte{0xA5, 0x5A, 0x00, 0xFF}, 2048), st.Size()/2)
	f.Close()

	var saveErr error
	var recovered string
	var out, errOut bytes.Buffer
	code := Main(t.Context(), []string{"--db", path}, Env{Stdout: &out, Stderr: &errOut,
		OpenGUI: func(db *store.DB) error {
			saveErr = db.SaveDeputy(t.Context(), &store.Deputy{Name: "新代表", Phone: "13911111111", Levels: store.Levels(store.TownshipLv)})
			return nil
		},
		Recover: func(d store.Diagnosis, _ calendar.Clock) error { recovered = d.Path; return nil }})
	if code != 0 || recovered != "" {
		t.Fatalf("exit %d, recovery for %q (%s)", code, recovered, errOut.String())
	}
	if !errors.Is(saveErr, store.ErrDamaged) || !strings.Contains(store.UserMessage(saveErr), "损坏") {
		t.Fatalf("a save in the window on the damaged file: %v", saveErr)
	}
	if code, _, e := runCLI(t, "--db", path, "deputies", "list"); code == 0 || !strings.Contains(e, "损坏") {
		t.Fatalf("a command on the damaged file: exit %d, %q", code, e)
	}
}

// TestRecoveryGetsTheProgramsClock checks that the start-up window is
// handed DEPUTYDESK_NOW's clock for the database it opens.
func TestRecoveryGetsTheProgramsClock(t *testing.T) {
	t.Setenv("DEPUTYDESK_NOW", "2026-07-20T10:00:00+08:00")
	path := filepath.Join(t.TempDir(), "x.db")
	if err := os.WriteFile(path, []byte("不是数据库的文件，内容足够长，超过了 SQLite 文件头的一百个字节，所以会被当作别的文件。"+strings.Repeat("x", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	var seen time.Time
	var errOut bytes.Buffer
	code := Main(t.Context(), []string{"--db", path}, Env{Stdout: &errOut, Stderr: &errOut,
		OpenGUI: func(db *store.DB) error { t.Fatal("opened a file that is not a database"); return nil },
		Recover: func(d store.Diagnosis, clock calendar.Clock) error { seen = clock(); return nil }})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if got := calendar.Today(seen); got != "2026-07-20" {
		t.Errorf("the start-up window's today is %s, want 2026-07-20", got)
	}
}

// TestGUIRunsOnDeputydeskNow checks that the window gets the same clock as
// the commands: DEPUTYDESK_NOW sets the GUI's today too.
func TestGUIRunsOnDeputydeskNow(t *testing.T) {
	t.Setenv("DEPUTYDESK_NOW", "2026-07-20T10:00:00+08:00")
	var seen time.Time
	var errOut bytes.Buffer
	code := Main(t.Context(), []string{"--db", filepath.Join(t.TempDir(), "x.db")}, Env{Stdout: &errOut, Stderr: &errOut,
		OpenGUI: func(db *store.DB) error { seen = db.Now(); return nil }})
	if code != 0 {
		t.Fatalf("GUI start: %s", errOut.String())
	}
	if got := calendar.Today(seen); got != "2026-07-20" {
		t.Errorf("the GUI's today is %s, want 2026-07-20", got)
	}
}

// TestFlagHelpAndMistakesAreChinese: --help lists a command's options in
// Chinese and ends without an error; a wrong option is named in Chinese.
func TestFlagHelpAndMistakesAreChinese(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"report", "ledger", "--help"}, 0, []string{"用法：deputydesk report ledger [选项]", "  --month 值", "  --full-phones\n"}},
		{[]string{"report", "ledger", "--foo"}, 2, []string{"用法错误：没有这个选项：-foo"}},
		{[]string{"report", "ledger", "--month"}, 2, []string{"这个选项后面要写一个值：-month"}},
	} {
		var stdout, stderr bytes.Buffer
		code := Main(t.Context(), append([]string{"--db", filepath.Join(t.TempDir(), "d.db")}, c.args...), Env{Stdout: &stdout, Stderr: &stderr})
		out := stderr.String()
		if code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s", c.args, code, c.code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", c.args, w, out)
			}
		}
		for _, english := range []string{"Usage of", "flag provided", "needs an argument", "default"} {
			if strings.Contains(out, english) {
				t.Errorf("%v: English %q in:\n%s", c.args, english, out)
			}
		}
	}
}
