package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The crash tests run real work in a child process (this test binary,
// re-executed) on a real database file and SIGKILL it at random moments.
// The child prints "begin N" before and "commit N" after each transaction;
// after the kill the database must open, pass its integrity checks and hold
// every transaction reported committed, plus at most the one in flight.

const crashEnv = "DEPUTYDESK_CRASH_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(crashEnv); mode != "" {
		base, _ := strconv.Atoi(os.Getenv("DEPUTYDESK_CRASH_BASE"))
		crashChild(mode, os.Getenv("DEPUTYDESK_CRASH_DB"), base)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashChild numbers its work from base so names and 代表证号 of one run
// never collide with an earlier run's.
func crashChild(mode, path string, base int) {
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		return
	}
	out := bufio.NewWriter(os.Stdout)
	say := func(s string) { out.WriteString(s + "\n"); out.Flush() }
	switch mode {
	case "edit":
		// Each transaction renames one deputy and adds one: an edit loop.
		for i := 1; ; i++ {
			say("begin " + strconv.Itoa(i))
			d := &Deputy{Name: fmt.Sprintf("编辑%d", base+i), Phone: fmt.Sprintf("139%08d", base+i), Levels: Levels(TownshipLv),
				Notes: strings.Repeat("接待选民，听取意见。", 20)}
			if err := db.SaveDeputy(ctx, d); err != nil {
				say("error " + err.Error())
				return
			}
			say("commit " + strconv.Itoa(i))
		}
	case "import":
		// Large batches, each all-or-nothing.
		for i := 1; ; i++ {
			say("begin " + strconv.Itoa(i))
			batch := make([]*Deputy, 500)
			for j := range batch {
				batch[j] = &Deputy{Name: fmt.Sprintf("导入%d-%d", base+i, j), Phone: fmt.Sprintf("138%08d", j),
					Levels: Levels(TownshipLv), CertNo: fmt.Sprintf("C%d-%d", base+i, j)}
			}
			if err := db.SaveDeputies(ctx, batch); err != nil {
				say("error " + err.Error())
				return
			}
			say("commit " + strconv.Itoa(i))
		}
	case "backup":
		for i := 1; ; i++ {
			say("begin " + strconv.Itoa(i))
			if _, err := db.Backup(ctx, "manual"+strconv.Itoa(base+i)); err != nil {
				say("error " + err.Error())
				return
			}
			say("commit " + strconv.Itoa(i))
		}
	}
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("crash tests kill a few hundred processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// Kills per mode and the longest a child runs before its kill: long
	// enough that an import or backup is often cut in the middle.
	runs := map[string]struct{ n, maxMillis int }{"edit": {100, 120}, "import": {60, 800}, "backup": {40, 300}}
	for mode, cfg := range runs {
		n := cfg.n
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "crash.db")
			if mode == "backup" {
				seed, err := Open(t.Context(), path)
				if err != nil {
					t.Fatal(err)
				}
				var ds []*Deputy
				for i := 0; i < 3000; i++ {
					ds = append(ds, &Deputy{Name: fmt.Sprintf("代表%d", i), Phone: fmt.Sprintf("137%08d", i), Levels: Levels(TownshipLv),
						Notes: strings.Repeat("备份内容", 40)})
				}
				if err := seed.SaveDeputies(t.Context(), ds); err != nil {
					t.Fatal(err)
				}
				seed.Close()
			}
			r := rand.New(rand.NewPCG(uint64(len(mode)), 7))
			before := countAfter(t, mode, path)
			for run := 0; run < n; run++ {
				last, inFlight := killChild(t, exe, mode, path, (run+1)*100000, time.Duration(5+r.IntN(cfg.maxMillis))*time.Millisecond)
				after := countAfter(t, mode, path)
				checkAfterKill(t, mode, path)
				if after != before+last && !(inFlight && after == before+last+1) {
					t.Fatalf("run %d: %d before, %d reported committed (one in flight: %v), %d found", run, before, last, inFlight, after)
				}
				before = after
			}
			t.Logf("%s: %d kills, %d transactions in the database", mode, n, before)
		})
	}
}

// killChild runs the child for about d, kills it with SIGKILL and returns
// how many transactions it reported committed and whether one was in flight.
func killChild(t *testing.T, exe, mode, path string, base int, d time.Duration) (int, bool) {
	t.Helper()
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+mode, "DEPUTYDESK_CRASH_DB="+path, "DEPUTYDESK_CRASH_BASE="+strconv.Itoa(base))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Read everything the child wrote before Wait, which closes the pipe.
	var lines []string
	done := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		close(done)
	}()
	time.Sleep(d)
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	cmd.Wait()
	last, begun := 0, 0
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "error"):
			t.Fatalf("child: %s", l)
		case strings.HasPrefix(l, "begin "):
			begun, _ = strconv.Atoi(l[6:])
		case strings.HasPrefix(l, "commit "):
			last, _ = strconv.Atoi(l[7:])
		}
	}
	return last, begun > last
}

func countAfter(t *testing.T, mode, path string) int {
	t.Helper()
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("database does not open after kill: %v", err)
	}
	defer db.Close()
	switch mode {
	case "edit":
		n, _ := db.CountDeputies(t.Context())
		return n
	case "import":
		n, _ := db.CountDeputies(t.Context())
		return n / 500
	default:
		list, _ := ListBackups(db.BackupDir())
		return len(list)
	}
}

// checkAfterKill opens the database as the program would after a power cut
// and checks what must always hold whatever the moment of the kill.
func checkAfterKill(t *testing.T, mode, path string) {
	t.Helper()
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("database does not open after kill: %v", err)
	}
	defer db.Close()
	if err := db.Check(t.Context()); err != nil {
		t.Fatalf("integrity after kill: %v", err)
	}
	n, _ := db.CountDeputies(t.Context())
	switch mode {
	case "import":
		if n%500 != 0 {
			t.Fatalf("import: %d deputies is not whole batches: a batch was half saved", n)
		}
	case "backup":
		if n != 3000 {
			t.Fatalf("backup run changed the data: %d deputies", n)
		}
		list, _ := ListBackups(db.BackupDir())
		for _, b := range list {
			if _, err := Inspect(t.Context(), b.Path); err != nil {
				t.Fatalf("backup %s is named as finished but is not usable: %v", filepath.Base(b.Path), err)
			}
		}
	}
}
