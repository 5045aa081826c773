//go:build !windows

package startup

import (
	"fmt"
	"html"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"

	"deputydesk/app/instance"
)

func noGLCause() string { return "（已经试过用软件渲染代替显卡，也没有成功。）" }

const noGLAdvice = "1. 安装 Mesa 图形库（Debian、统信UOS、麒麟：sudo apt install libgl1-mesa-dri libglx-mesa0），或请单位信息管理员帮助；\n" +
	"2. 安装或更新显卡驱动；\n" +
	"3. 如在远程桌面或云桌面中使用，请确认它支持 OpenGL，或改在本机上打开。"

// prepareGL has nothing to load on Linux: Mesa reads the retry's
// environment itself. The software renderer there is fast enough that the
// user is not told about it.
func prepareGL(io.Writer) bool { return false }

// retrySoftware re-executes the program with Mesa's software renderer,
// which draws without a graphics driver, unless this already is the retry.
// It returns only when the retry cannot be made.
func retrySoftware(lock *instance.Lock) {
	if os.Getenv(software) != "" {
		return
	}
	fmt.Fprintln(os.Stderr, "OpenGL 不可用，改用软件渲染重试……")
	restart(lock, []string{software + "=1"})
}

// restart runs the program again in this process with env added; the new
// start takes the database lock again. It returns only when it cannot.
func restart(lock *instance.Lock, env []string) {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	if lock != nil {
		lock.Close()
	}
	syscall.Exec(exe, os.Args, append(os.Environ(), env...))
}

// tell writes msg to stderr and shows it in the first dialog tool the
// desktop has (xmessage gets pinyin, the same message in letters it can
// draw). The dialog runs on its own, so the program can exit at once.
func tell(stderr io.Writer, title, msg, pinyin string) {
	fmt.Fprintln(stderr, title+"\n"+msg)
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return
	}
	tools := [][]string{
		{"zenity", "--error", "--no-wrap", "--title=" + title, "--text=" + html.EscapeString(msg)},
		{"kdialog", "--title", title, "--error", msg},
		{"xmessage", "-center", "-buttons", "OK:0", pinyin},
	}
	for _, t := range tools {
		p, err := exec.LookPath(t[0])
		if err != nil {
			continue
		}
		// A dialog that fails at once is retried with a UTF-8 locale the C
		// library surely has: GTK refuses Chinese arguments when LANG names
		// a locale that was never generated.
		if showing(p, t[1:], nil) || showing(p, t[1:], []string{"LC_ALL=C.UTF-8"}) {
			return
		}
	}
}

// showing starts a dialog and reports whether it is still up a moment
// later; the dialog is then left to the user and outlives the program.
func showing(path string, args, env []string) bool {
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if cmd.Start() != nil {
		return false
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err == nil
	case <-time.After(1500 * time.Millisecond):
		return true
	}
}
