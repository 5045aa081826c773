package startup

import (
	"runtime"

	"github.com/go-gl/glfw/v3.3/glfw"
)

func init() {
	// GLFW wants its calls on the main thread, as Fyne's driver does.
	runtime.LockOSThread()
}

// probeGL creates, hidden, the window Fyne's GLFW driver is about to create,
// with the same context hints, and destroys it again.
func probeGL() error {
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
	w.Destroy()
	return nil
}
