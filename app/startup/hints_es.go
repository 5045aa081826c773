//go:build arm || arm64 || gles

package startup

import "github.com/go-gl/glfw/v3.3/glfw"

// contextHints asks for OpenGL ES 2.0, as Fyne does on ARM.
func contextHints() {
	glfw.WindowHint(glfw.ClientAPI, glfw.OpenGLESAPI)
	glfw.WindowHint(glfw.ContextVersionMajor, 2)
	glfw.WindowHint(glfw.ContextVersionMinor, 0)
}
