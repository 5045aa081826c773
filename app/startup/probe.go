package startup

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"os"
	"runtime"
	"strings"

	"github.com/go-gl/glfw/v3.3/glfw"
)

func init() {
	// GLFW wants its calls on the main thread, as Fyne's driver does.
	runtime.LockOSThread()
}

// probeGL creates, hidden, the window Fyne's GLFW driver is about to create,
// with the same context hints, and destroys it again.
//
// go-gl/glfw does not return GLFW's platform errors (on Windows "WGL: The
// driver does not appear to support OpenGL", "WGL: Failed to set pixel
// format"): it logs them with the log package and hands back a nil window,
// which is how Fyne ends up running without one. So the log is caught
// while probing, and a nil window counts as a failure with that text.
func probeGL() (err error) {
	var logged bytes.Buffer
	flags := log.Flags()
	log.SetOutput(&logged)
	log.SetFlags(0)
	defer func() { log.SetOutput(os.Stderr); log.SetFlags(flags) }()
	defer func() {
		if r := recover(); r != nil { // go-gl panics on "not initialized"
			err = fmt.Errorf("%v %s", r, strings.TrimSpace(logged.String()))
		}
	}()
	if err := glfw.Init(); err != nil {
		return err
	}
	defer glfw.Terminate()
	glfw.WindowHint(glfw.Visible, glfw.False)
	contextHints()
	w, err := glfw.CreateWindow(64, 64, "deputydesk", nil, nil)
	if err != nil {
		return err
	}
	if w == nil {
		msg := strings.TrimSpace(logged.String())
		if msg == "" {
			msg = "GLFW created no window"
		}
		return errors.New(msg)
	}
	w.Destroy()
	return nil
}
