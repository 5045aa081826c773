package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildApp builds the real program once per test run.
func buildApp(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "deputydesk")
	cmd := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startXvfb starts an X server with args and returns its DISPLAY.
func startXvfb(t *testing.T, args ...string) string {
	t.Helper()
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Skip("Xvfb is not installed (apt-get install xvfb); the start-up tests need an X server")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// -displayfd picks a free display and writes its number to fd 3.
	cmd := exec.Command(xvfb, append([]string{"-displayfd", "3", "-screen", "0", "1366x768x24", "-nolisten", "tcp"}, args...)...)
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			t.Fatal("Xvfb did not start")
		}
		return ":" + n
	case <-time.After(15 * time.Second):
		t.Fatal("Xvfb did not report its display")
	}
	return ""
}

// appCmd is the program on display, over a database in dir, with no dialog
// tools on PATH so that only stderr carries the message.
func appCmd(bin, display, db string, stderr *bytes.Buffer) *exec.Cmd {
	cmd := exec.Command(bin, "--db", db)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=zh_CN.UTF-8", "PATH="+filepath.Dir(bin),
		"HOME="+filepath.Dir(db), "XDG_DATA_HOME="+filepath.Dir(db), "XDG_CACHE_HOME="+filepath.Join(filepath.Dir(db), "cache"))
	cmd.Stderr = stderr
	return cmd
}

// exitsWithin15s waits for a start without OpenGL to give up: non-zero,
// within 15 seconds.
func exitsWithin15s(t *testing.T, cmd *exec.Cmd, stderr *bytes.Buffer) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() == 0 {
			t.Fatalf("exit = %v, want a non-zero exit code; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("still running 15 s after start without OpenGL; stderr:\n%s", stderr.String())
	}
}

func TestNoOpenGLSaysSoAndExits(t *testing.T) {
	bin := buildApp(t)
	display := startXvfb(t, "-extension", "GLX")
	var stderr bytes.Buffer
	cmd := appCmd(bin, display, filepath.Join(t.TempDir(), "deputydesk.db"), &stderr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exitsWithin15s(t, cmd, &stderr)
	out := stderr.String()
	for _, want := range []string{"改用软件渲染重试", "人大代表工作台无法打开窗口", "OpenGL 2.1", "GLX"} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
}

// TestDisplayThatLostOpenGLIsStillTold: a start after one that drew skips
// the OpenGL probe; when the display can no longer draw, the program must
// still say so and exit, not end silently or hang.
func TestDisplayThatLostOpenGLIsStillTold(t *testing.T) {
	bin := buildApp(t)
	good := startXvfb(t)
	db := filepath.Join(t.TempDir(), "deputydesk.db")
	note := filepath.Join(filepath.Dir(db), "cache", "deputydesk", "opengl-drawn")
	var stderr bytes.Buffer
	first := appCmd(bin, good, db, &stderr)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(note); err == nil {
			break
		}
		if time.Now().After(deadline) {
			first.Process.Kill()
			first.Wait()
			t.Fatalf("no note that the window was drawn; stderr:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	first.Process.Kill()
	first.Wait()

	// The same note for a display without GLX, as if its OpenGL broke.
	bad := startXvfb(t, "-extension", "GLX")
	drew, err := os.ReadFile(note)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(note, bytes.Replace(drew, []byte("DISPLAY="+good+"\n"), []byte("DISPLAY="+bad+"\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	cmd := appCmd(bin, bad, db, &stderr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exitsWithin15s(t, cmd, &stderr)
	for _, want := range []string{"重新检查图形支持", "人大代表工作台无法打开窗口"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if _, err := os.Stat(note); err == nil {
		t.Error("the note still says this display draws")
	}
}

func TestSecondStartOnOneDatabaseLeavesOneProcess(t *testing.T) {
	bin := buildApp(t)
	display := startXvfb(t)
	db := filepath.Join(t.TempDir(), "deputydesk.db")
	var firstErr bytes.Buffer
	first := appCmd(bin, display, db, &firstErr)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	firstDone := make(chan error, 1)
	go func() { firstDone <- first.Wait() }()
	t.Cleanup(func() { first.Process.Kill(); <-firstDone })
	// The first start has passed its checks once it listens for raises.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(db + ".instance"); err == nil {
			break
		}
		select {
		case err := <-firstDone:
			t.Fatalf("first start exited: %v\n%s", err, firstErr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("first start did not take the database; stderr:\n%s", firstErr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // let its window open

	var secondErr bytes.Buffer
	second := appCmd(bin, display, db, &secondErr)
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	secondDone := make(chan error, 1)
	go func() { secondDone <- second.Wait() }()
	select {
	case err := <-secondDone:
		if err != nil {
			t.Errorf("second start: %v, want exit 0 after raising the first; stderr:\n%s", err, secondErr.String())
		}
	case <-time.After(15 * time.Second):
		second.Process.Kill()
		t.Fatalf("second start still running after 15 s; stderr:\n%s", secondErr.String())
	}
	if !strings.Contains(secondErr.String(), "已经打开") {
		t.Errorf("second start's stderr lacks 已经打开:\n%s", secondErr.String())
	}
	select {
	case err := <-firstDone:
		t.Fatalf("the first start exited too: %v\n%s", err, firstErr.String())
	default:
	}
}
