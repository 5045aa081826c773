package startup

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"golang.org/x/sys/windows"

	"deputydesk/app/instance"
)

// softwareDir is the folder beside deputydesk.exe that holds Mesa's
// software OpenGL (opengl32.dll and the libgallium_wgl.dll it loads). It
// must not sit beside the exe itself: Windows would then always load it in
// place of the graphics driver's OpenGL.
const softwareDir = "软件渲染"

// softwareGLPath is where the shipped opengl32.dll is, or "" when the
// program's own path is unknown.
func softwareGLPath() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return filepath.Join(filepath.Dir(exe), softwareDir, "opengl32.dll")
}

func softwareGLShipped() bool {
	p := softwareGLPath()
	if p == "" {
		return false
	}
	_, err := os.Stat(p)
	return err == nil
}

// prepareGL, in the retry, loads the shipped opengl32.dll by its full path
// before GLFW starts. GLFW (and go-gl, whose import of opengl32.dll the
// build makes a delayed one) later ask for "opengl32.dll" by name, and
// Windows hands back the module already loaded under that name instead of
// the system's. LOAD_WITH_ALTERED_SEARCH_PATH lets the DLL find the gallium
// driver beside it.
func prepareGL(stderr io.Writer) bool {
	if os.Getenv(software) == "" {
		return false
	}
	p := softwareGLPath()
	if p == "" {
		return false
	}
	// A build linked with go-gl's plain import has the system's opengl32.dll
	// loaded already, and GLFW would get that one whatever is loaded here.
	var loaded windows.Handle
	if name, err := windows.UTF16PtrFromString("opengl32.dll"); err == nil &&
		windows.GetModuleHandleEx(windows.GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, name, &loaded) == nil {
		fmt.Fprintln(stderr, "无法改用软件渲染：系统的 opengl32.dll 在程序启动时已经载入（程序没有按延迟载入方式构建）")
		return false
	}
	if _, err := windows.LoadLibraryEx(p, 0, windows.LOAD_WITH_ALTERED_SEARCH_PATH); err != nil {
		fmt.Fprintln(stderr, "无法载入软件渲染（"+p+"）："+err.Error())
		return false
	}
	return true
}

// retrySoftware starts the program again with the shipped software OpenGL,
// unless this already is that start or the DLL is not there, and exits.
// Windows has no exec: the new process takes over the database lock, and
// this one ends. It returns only when the retry cannot be made.
func retrySoftware(lock *instance.Lock) {
	if os.Getenv(software) != "" || !softwareGLShipped() {
		return
	}
	fmt.Fprintln(os.Stderr, "OpenGL 不可用，改用随程序附带的软件渲染重试……")
	restart(lock, []string{software + "=1"})
}

// restart starts the program again with env added and exits; Windows has
// no exec, so the new process takes over the database lock. It returns
// only when the new start cannot be made.
func restart(lock *instance.Lock, env []string) {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	if lock != nil {
		lock.Close()
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "无法重新启动："+err.Error())
		return
	}
	os.Exit(0)
}
