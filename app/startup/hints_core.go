//go:build !arm && !arm64 && !gles

package startup

import "github.com/go-gl/glfw/v3.3/glfw"

// contextHints asks for OpenGL 2.1, as Fyne does on PCs.
func contextHints() {
	glfw.WindowHint(glfw.ContextVersionMajor, 2)
	glfw.WindowHint(glfw.ContextVersionMinor, 1)
}
