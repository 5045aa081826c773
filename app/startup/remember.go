package startup

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"deputydesk/app/atomicfile"
	"deputydesk/app/instance"
)

// The OpenGL probe opens a hidden window of its own, which costs about a
// tenth of a second — as much again as the program's real window. Once a
// window has been drawn on this display with this program, later starts
// skip the probe; a note in the user's cache folder says so.
//
// A start that skips the probe takes the note away until its first frame
// is drawn (Drawn writes it back), so a start that crashes or is killed
// before drawing leaves the next start to probe again; and a start that
// has drawn nothing after drawnWithin restarts itself, probing, so a
// display that lost its OpenGL gets the Chinese message, not a hang.

// drawnWithin is how long a start that skipped the probe may take to its
// first frame. A slow PC opens in a few seconds.
var drawnWithin = 20 * time.Second

// glNotePath is where the note lives ("" when the cache folder is unknown:
// then every start probes). Tests point it elsewhere.
var glNotePath = func() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "deputydesk", "opengl-drawn")
}

var drawn struct {
	once sync.Once
	ch   chan struct{}
	note string // what to write back once drawn; "" when nothing is
}

func init() { resetDrawn() }

func resetDrawn() {
	drawn.once, drawn.ch, drawn.note = sync.Once{}, make(chan struct{}), ""
}

// glFingerprint names what the probe's answer depends on: this build of
// the program and the display it draws on.
func glFingerprint() string {
	exe, _ := os.Executable()
	var stamp string
	if fi, err := os.Stat(exe); err == nil {
		stamp = fmt.Sprintf("%d %d", fi.Size(), fi.ModTime().UnixNano())
	}
	fp := fmt.Sprintf("%s/%s\n%s %s\n", runtime.GOOS, runtime.GOARCH, exe, stamp)
	for _, k := range []string{"DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "SESSIONNAME", software} {
		fp += k + "=" + os.Getenv(k) + "\n"
	}
	return fp
}

// probeSkippable reports whether the last start drew its window here; if
// so the note is taken away until this start draws too (Drawn).
func probeSkippable() bool {
	p := glNotePath()
	if p == "" {
		return false
	}
	fp := glFingerprint()
	drawn.note = fp
	got, err := os.ReadFile(p)
	if err != nil || !bytes.Equal(got, []byte(fp)) {
		return false
	}
	return os.Remove(p) == nil
}

// Drawn tells the start that the window's first frame is on screen: the
// note is written (or written back) for the next start, and a watchdog
// waiting for the frame stands down. Later calls do nothing.
func Drawn() {
	drawn.once.Do(func() {
		close(drawn.ch)
		if p := glNotePath(); p != "" && drawn.note != "" {
			os.MkdirAll(filepath.Dir(p), 0o755)
			atomicfile.WriteBytes(p, []byte(drawn.note)) // best effort: without it the next start probes
		}
	})
}

func hasDrawn() bool {
	select {
	case <-drawn.ch:
		return true
	default:
		return false
	}
}

// watchFirstFrame restarts the program, probing this time, when a start
// that skipped the probe has drawn nothing within drawnWithin, or at once
// when Fyne logs that it could not make its window (it then neither draws
// nor ends). The log is watched from the moment it is called, before Fyne
// starts; the waiting goes on in the background.
func watchFirstFrame(lock *instance.Lock) {
	failed := make(chan struct{}, 1)
	log.SetOutput(io.MultiWriter(os.Stderr, glFailures{failed}))
	go func() {
		select {
		case <-drawn.ch:
			return
		case <-failed:
		case <-time.After(drawnWithin):
		}
		fmt.Fprintln(os.Stderr, "窗口没有显示出来，重新检查图形支持后再打开……")
		restart(lock, nil)
	}()
}

// glFailures watches the log for Fyne's reports that the display cannot
// draw.
type glFailures struct{ failed chan<- struct{} }

var glFailureLines = [][]byte{[]byte("window creation error"), []byte("failed to initialise GLFW"), []byte("failed to initialise OpenGL")}

func (g glFailures) Write(p []byte) (int, error) {
	for _, l := range glFailureLines {
		if bytes.Contains(p, l) {
			select {
			case g.failed <- struct{}{}:
			default:
			}
		}
	}
	return len(p), nil
}
