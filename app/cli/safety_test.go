//go:build linux

package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/store"
	"deputydesk/store/disktest"
)

// TestMain lets the test binary run the CLI as a real child process, for
// the kill loop.
func TestMain(m *testing.M) {
	if os.Getenv("DEPUTYDESK_CLI_CHILD") == "1" {
		os.Exit(Main(context.Background(), os.Args[1:], Env{Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	os.Exit(m.Run())
}

// smallTownship fills a database at path through the CLI's demo.
func smallTownship(t *testing.T, path string) {
	t.Helper()
	if code, _, e := runCLI(t, "--db", path, "demo"); code != 0 {
		t.Fatalf("demo: %s", e)
	}
}

func hashOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", b[:min(len(b), 1<<20)]) + fmt.Sprint(len(b))
}

func TestCLITellsEachKindApart(t *testing.T) {
	// One demo township, copied into each case.
	tmpl := filepath.Join(t.TempDir(), "tmpl.db")
	smallTownship(t, tmpl)
	st, _ := os.Stat(tmpl)
	room := st.Size() + 4<<20
	put := func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "deputydesk.db")
		b, _ := os.ReadFile(tmpl)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("full disk", func(t *testing.T) {
		dir := disktest.Tmpfs(t, room)
		p := put(t, dir)
		before := hashOf(t, p)
		disktest.Fill(t, dir)
		code, out, e := runCLI(t, "--db", p, "deputies", "list")
		if code != 0 || !strings.Contains(out, "\t") || !strings.Contains(e, "磁盘空间已满") {
			t.Fatalf("list on a full disk: %d %q %q", code, out[:min(len(out), 200)], e)
		}
		code, _, e = runCLI(t, "--db", p, "holiday", "add", "--date", "2026-12-31", "--name", "测试", "--kind", "off")
		if code != 1 || !strings.Contains(e, "磁盘空间已满") || !strings.Contains(e, "要修改数据") || strings.Contains(e, "损坏") {
			t.Fatalf("write on a full disk: %d %q", code, e)
		}
		code, _, e = runCLI(t, "--db", p, "backup", "check")
		if code != 1 || !strings.Contains(e, "磁盘空间已满") || !strings.Contains(e, "数据文件完好") {
			t.Fatalf("check on a full disk: %d %q", code, e)
		}
		if hashOf(t, p) != before {
			t.Fatal("the database changed on a full disk")
		}
	})
	t.Run("read-only stick", func(t *testing.T) {
		dir := disktest.Tmpfs(t, room)
		p := put(t, dir)
		disktest.RemountRO(t, dir)
		defer disktest.RemountRW(t, dir)
		code, out, e := runCLI(t, "--db", p, "deputies", "list")
		if code != 0 || strings.Count(out, "\n") < 50 || !strings.Contains(e, "只读") {
			t.Fatalf("list on a read-only stick: %d %q", code, e)
		}
		xlsx := filepath.Join(t.TempDir(), "全部.xlsx")
		if code, _, e := runCLI(t, "--db", p, "export", "all", "--out", xlsx); code != 0 {
			t.Fatalf("export from a read-only stick: %q", e)
		}
		code, _, e = runCLI(t, "--db", p, "holiday", "add", "--date", "2026-12-31", "--name", "测试", "--kind", "off")
		if code != 1 || !strings.Contains(e, "只读") || strings.Contains(e, "readonly") {
			t.Fatalf("write on a read-only stick: %d %q", code, e)
		}
	})
	t.Run("zero bytes with backups", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "deputydesk.db")
		os.MkdirAll(store.BackupDirFor(p), 0o755)
		b, _ := os.ReadFile(tmpl)
		os.WriteFile(filepath.Join(store.BackupDirFor(p), "deputydesk-20261120-090000-daily.db"), b, 0o644)
		os.WriteFile(p, nil, 0o644)
		code, _, e := runCLI(t, "--db", p, "backup", "check")
		if code != 1 || strings.Contains(e, "完好。") || !strings.Contains(e, "0 字节") || !strings.Contains(e, "backup restore") {
			t.Fatalf("check of a 0-byte file: %d %q", code, e)
		}
		code, _, e = runCLI(t, "--db", p, "deputies", "list")
		if code != 1 || !strings.Contains(e, "不要新建") {
			t.Fatalf("list on a 0-byte file: %d %q", code, e)
		}
		if st, _ := os.Stat(p); st.Size() != 0 {
			t.Fatal("the CLI made a new township over the lost one")
		}
	})
	t.Run("not a database", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "deputydesk.db")
		os.WriteFile(p, []byte("姓名,电话\n"), 0o644)
		code, _, e := runCLI(t, "--db", p, "deputies", "list")
		if code != 1 || !strings.Contains(e, "不是") {
			t.Fatalf("%d %q", code, e)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		p := put(t, t.TempDir())
		disktest.MarkNewer(t, p, 9999)
		code, _, e := runCLI(t, "--db", p, "deputies", "list")
		if code != 1 || !strings.Contains(e, "更新版本") {
			t.Fatalf("%d %q", code, e)
		}
	})
	t.Run("damaged", func(t *testing.T) {
		p := put(t, t.TempDir())
		f, _ := os.OpenFile(p, os.O_RDWR, 0)
		st, _ := f.Stat()
		junk := make([]byte, 16384)
		for i := range junk {
			junk[i] = byte(i*13 + 5)
		}
		f.WriteAt(junk, st.Size()/2)
		f.Close()
		before := hashOf(t, p)
		code, _, e := runCLI(t, "--db", p, "holiday", "add", "--date", "2026-12-31", "--name", "测试", "--kind", "off")
		if code != 1 || !strings.Contains(e, "已损坏") {
			t.Fatalf("write into a damaged file: %d %q", code, e)
		}
		if hashOf(t, p) != before {
			t.Fatal("the CLI wrote into a damaged file")
		}
	})
}

// TestKillLoopNeverLeavesABrokenFile kills real `export all` and `backup
// now` processes at random moments: the file under the final name is
// always either absent or the whole previous or new one, and the next start
// removes what the killed backups left.
func TestKillLoopNeverLeavesABrokenFile(t *testing.T) {
	if testing.Short() {
		t.Skip("kill loop")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "deputydesk.db")
	smallTownship(t, db)
	self, _ := os.Executable()
	rng := rand.New(rand.NewPCG(13, 4))
	run := func(args ...string) (*exec.Cmd, error) {
		c := exec.Command(self, append([]string{"--db", db}, args...)...)
		c.Env = append(os.Environ(), "DEPUTYDESK_CLI_CHILD=1")
		return c, c.Start()
	}
	xlsx := filepath.Join(dir, "全部数据.xlsx")
	usb := filepath.Join(dir, "usb")
	os.MkdirAll(usb, 0o755)
	kills := 0
	for i := 0; i < 30; i++ {
		for _, args := range [][]string{{"export", "all", "--out", xlsx}, {"backup", "now", "--to", usb}} {
			c, err := run(args...)
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
			if c.Process.Signal(syscall.SIGKILL) == nil {
				kills++
			}
			c.Wait()
		}
		if _, err := os.Stat(xlsx); err == nil {
			f, err := excelize.OpenFile(xlsx)
			if err != nil {
				t.Fatalf("after kill %d the export under its final name is broken: %v", i, err)
			}
			if rows, err := f.GetRows("代表名册"); err != nil || len(rows) < 50 {
				t.Fatalf("after kill %d the export holds %d rows (%v)", i, len(rows), err)
			}
			f.Close()
		}
		entries, _ := os.ReadDir(usb)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".db") {
				if _, err := store.Inspect(t.Context(), filepath.Join(usb, e.Name())); err != nil {
					t.Fatalf("after kill %d backup %s is broken: %v", i, e.Name(), err)
				}
			}
		}
	}
	t.Logf("%d kills", kills)
	// The database itself came through every kill.
	if code, _, e := runCLI(t, "--db", db, "backup", "check"); code != 0 {
		t.Fatalf("database after the kill loop: %s", e)
	}
}

// TestKilledDemoLeavesNoHalfTownship kills `demo` half way: the database
// is left empty, not half filled, and demo then fills it.
func TestKilledDemoLeavesNoHalfTownship(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo twice")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "deputydesk.db")
	self, _ := os.Executable()
	c := exec.Command(self, "--db", db, "demo")
	c.Env = append(os.Environ(), "DEPUTYDESK_CLI_CHILD=1")
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second)
	c.Process.Signal(syscall.SIGKILL)
	c.Wait()
	if code, out, e := runCLI(t, "--db", db, "deputies", "list"); code != 0 || strings.Count(out, "\n") > 1 {
		t.Fatalf("after a killed demo the database holds %d lines (%s)", strings.Count(out, "\n"), e)
	}
	// Age the killed demo's temporary file so the next start removes it.
	entries, _ := os.ReadDir(dir)
	old := time.Now().Add(-time.Hour)
	for _, e := range entries {
		os.Chtimes(filepath.Join(dir, e.Name()), old, old)
	}
	if code, out, e := runCLI(t, "--db", db, "demo"); code != 0 || !strings.Contains(out, "已填入示例乡镇") {
		t.Fatalf("demo after a killed demo: %d %s %s", code, out, e)
	}
	entries, _ = os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".deputydesk-") {
			t.Errorf("leftover %s", e.Name())
		}
	}
}
