// Package startup readies a desktop start before Fyne opens its window: it
// keeps one program per database (app/instance) and makes sure OpenGL
// works. Fyne's GLFW driver needs OpenGL 2.1 (ES 2.0 on ARM); without it
// Fyne logs "window creation error" in English and the process stays alive
// with no window, so the secretary sees nothing and double-clicks again.
// Here the same window GLFW would create is made hidden first; when that
// fails the user is told in Chinese, in a message box, and the program
// exits.
package startup

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"fyne.io/fyne/v2"

	"deputydesk/app/instance"
)

// Exit codes of a start that cannot open its window.
const (
	ExitNoGL    = 3 // no usable OpenGL
	ExitRunning = 4 // another start holds the database and did not answer
)

// GUIDatabase tells whether args (without the program name) start the
// desktop window, and on which database: they do when, after the flags the
// command line knows (--db), no command word is left. Anything it cannot
// parse is left to the command line to report.
func GUIDatabase(args []string, defaultDB string) (string, bool) {
	fs := flag.NewFlagSet("deputydesk", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	db := fs.String("db", defaultDB, "")
	if fs.Parse(args) != nil || fs.NArg() > 0 {
		return "", false
	}
	return *db, true
}

// Start readies the window for the database at dbPath. When the program may
// go on it returns release, to call when the window has closed, and exit<0;
// otherwise the user has been told why and the program should exit with
// exit. When OpenGL fails, Start runs the program once more with Mesa's
// software renderer (on Linux the system's, on Windows the one shipped
// beside the program) and so may not return.
func Start(dbPath string, stderr io.Writer) (release func(), exit int) {
	lock, err := instance.Acquire(dbPath, raiseWindows)
	var run *instance.ErrRunning
	switch {
	case errors.As(err, &run) && run.Raised:
		fmt.Fprintln(stderr, "人大代表工作台已经打开，已切换到已打开的窗口。")
		return nil, 0
	case errors.As(err, &run):
		tell(stderr, "人大代表工作台", alreadyOpen(dbPath), alreadyOpenPinyin(dbPath))
		return nil, ExitRunning
	case err != nil:
		// The lock is a convenience: a start that cannot take it (a
		// read-only folder, say) still opens, and the database itself
		// reports what is wrong with the folder.
		fmt.Fprintln(stderr, "无法检查程序是否已经打开："+err.Error())
		lock = nil
	}
	softwareGL := prepareGL(stderr)
	skipped := probeSkippable()
	if skipped {
		watchFirstFrame(lock)
	} else if err := probeGL(); err != nil {
		retrySoftware(lock)
		tell(stderr, "人大代表工作台无法打开窗口", noGL(err), noGLPinyin(err))
		if lock != nil {
			lock.Close()
		}
		return nil, ExitNoGL
	}
	if softwareGL {
		noticeSoftwareGL()
	}
	return func() {
		// A start that skipped the probe and ended without drawing (Fyne
		// gives up quietly when it cannot make its window) runs once
		// more, probing, so the secretary is told why.
		if skipped && !hasDrawn() {
			fmt.Fprintln(stderr, "窗口没有显示出来，重新检查图形支持……")
			restart(lock, nil)
		}
		if lock != nil {
			lock.Close()
		}
	}, -1
}

func alreadyOpen(dbPath string) string {
	return "人大代表工作台已经在运行（同一个数据库只能打开一个窗口），但它没有响应。\n\n" +
		"请先关闭已打开的工作台窗口；如果看不到它，请在任务管理器（或系统监视器）中结束 deputydesk 进程，然后再打开。\n\n" +
		"数据库：" + dbPath
}

func noGL(err error) string {
	return "这台电脑没有可用的 OpenGL 2.1 图形支持，工作台的窗口无法显示。" + noGLCause() + "\n\n请这样做：\n" + noGLAdvice +
		"\n\n数据没有受到影响；报表和上报也可以在命令行中运行（deputydesk help）。\n\n技术信息：" + err.Error()
}

// The messages again in toneless pinyin, for a desktop whose only dialog
// tool is xmessage: it draws with the X server's core fonts, and with
// those it shows Chinese garbled even where the server has a CJK font
// (Xlib maps Han characters to a GB 2312 or JIS font set first). The
// Chinese is on stderr as well.

func alreadyOpenPinyin(dbPath string) string {
	return "Renda Daibiao Gongzuotai yijing zai yunxing (tong yi ge shujuku zhi neng dakai yi ge chuangkou), dan ta meiyou xiangying.\n\n" +
		"Qing xian guanbi yi dakai de gongzuotai chuangkou; ruguo kan bu dao ta, qing zai xitong jianshiqi zhong jieshu deputydesk jincheng, ranhou zai dakai.\n\n" +
		"Shujuku: " + dbPath
}

func noGLPinyin(err error) string {
	return "Renda Daibiao Gongzuotai wufa dakai chuangkou: zhe tai diannao meiyou keyong de OpenGL 2.1 tuxing zhichi " +
		"(yijing shiguo yong ruanjian xuanran daiti xianka, ye meiyou chenggong).\n\n" +
		"Qing anzhuang Mesa tuxingku:  sudo apt install libgl1-mesa-dri libglx-mesa0\n" +
		"huo anzhuang, gengxin xianka qudong; huo qing danwei xinxi guanliyuan bangzhu.\n\n" +
		"Shuju meiyou shoudao yingxiang. Zhongwen shuoming zai zhongduan (stderr) li.\n\n" + err.Error()
}

// raiseWindows brings the running program's windows forward when a second
// start asks for it.
func raiseWindows() {
	a := fyne.CurrentApp()
	if a == nil {
		return
	}
	fyne.Do(func() {
		for _, w := range a.Driver().AllWindows() {
			w.Show()
			w.RequestFocus()
		}
	})
}

// software is set in the environment of the retry with Mesa's software
// renderer, so the retry does not retry again.
const software = "LIBGL_ALWAYS_SOFTWARE"
