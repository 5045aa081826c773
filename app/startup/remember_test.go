package startup

import (
	"os"
	"path/filepath"
	"testing"
)

// TestProbeIsSkippedOnlyAfterADrawnWindow walks the note through three
// starts: the first probes and draws, the second skips the probe and holds
// no note until it draws, the third on another display probes again.
func TestProbeIsSkippedOnlyAfterADrawnWindow(t *testing.T) {
	note := filepath.Join(t.TempDir(), "cache", "opengl-drawn")
	was := glNotePath
	glNotePath = func() string { return note }
	t.Cleanup(func() { glNotePath = was; resetDrawn() })
	t.Setenv("DISPLAY", ":41")

	resetDrawn()
	if probeSkippable() {
		t.Fatal("first start skipped the probe without a note")
	}
	if hasDrawn() {
		t.Fatal("drawn before Drawn")
	}
	Drawn()
	if !hasDrawn() {
		t.Fatal("not drawn after Drawn")
	}
	if _, err := os.Stat(note); err != nil {
		t.Fatalf("no note after the first frame: %v", err)
	}

	resetDrawn()
	if !probeSkippable() {
		t.Fatal("second start probed although the last one drew")
	}
	if _, err := os.Stat(note); !os.IsNotExist(err) {
		t.Fatal("the note stays while the second start has not drawn yet")
	}
	Drawn()
	if _, err := os.Stat(note); err != nil {
		t.Fatalf("the note is not back after the second start drew: %v", err)
	}

	resetDrawn()
	t.Setenv("DISPLAY", ":42")
	if probeSkippable() {
		t.Fatal("a start on another display skipped the probe")
	}
}

func TestGLFailureLinesAreSeen(t *testing.T) {
	failed := make(chan struct{}, 1)
	g := glFailures{failed}
	g.Write([]byte("2026/12/02 15:00:00 Fyne error:  Preferences load error\n"))
	select {
	case <-failed:
		t.Fatal("a preferences error taken for a display that cannot draw")
	default:
	}
	g.Write([]byte("2026/12/02 15:00:00 Fyne error:  window creation error\n"))
	g.Write([]byte("2026/12/02 15:00:00 Fyne error:  failed to initialise OpenGL\n"))
	select {
	case <-failed:
	default:
		t.Fatal("window creation error not seen")
	}
}
