package ui

import (
	"bufio"
	"context"
	"fmt"
	"image"
	"os"
	"os/exec"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
)

// firstFrameEnv makes the test binary a child that opens one real window
// (GLFW, so a display is needed), prints "frame" once it has been drawn
// and quits. BenchmarkFirstFrame starts it fresh for every run, so each
// measure is a cold launch: process start to the first drawn screen.
const firstFrameEnv = "DEPUTYDESK_FIRST_FRAME"

func TestMain(m *testing.M) {
	if kind := os.Getenv(firstFrameEnv); kind != "" {
		os.Exit(firstFrameChild(kind))
	}
	os.Exit(m.Run())
}

// firstFrameProfile, when set in the child's environment, names a file for
// a CPU profile of the launch, up to the first frame; the phases' times go
// to stderr then too.
const firstFrameProfile = "DEPUTYDESK_FIRST_FRAME_PROFILE"

func firstFrameChild(kind string) int {
	start := time.Now()
	phase := func(string) {}
	if p := os.Getenv(firstFrameProfile); p != "" {
		f, err := os.Create(p)
		if err == nil {
			pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
		phase = func(name string) {
			fmt.Fprintf(os.Stderr, "%-16s %6.1f ms\n", name, float64(time.Since(start).Microseconds())/1000)
		}
	}
	a := app.NewWithID(AppID + ".firstframe")
	phase("app")
	var w fyne.Window
	switch kind {
	case "empty-window":
		w = a.NewWindow("empty")
		w.SetContent(widget.NewLabel(""))
	case "chinese-label":
		// An empty window with one Chinese word: what loading the
		// system's CJK fallback font costs on its own.
		w = a.NewWindow("empty")
		w.SetContent(widget.NewLabel("代表名册"))
	default:
		// The program's own start: the quick check, the open, the guard
		// the saves wait behind, and the integrity check once it runs.
		ctx := context.Background()
		if d := store.DiagnoseQuick(ctx, kind); !d.CanOpen() {
			fmt.Println("error", d.Kind, d.Err)
			return 1
		}
		phase("quick check")
		db, err := store.Open(ctx, kind)
		if err != nil {
			fmt.Println("error", err)
			return 1
		}
		defer db.Close()
		phase("open")
		db.GuardWrites()
		mw := ShowMainWindow(a, db)
		phase("main window")
		a.Lifecycle().SetOnStarted(mw.Started)
		w = mw.Window()
	}
	w.Resize(fyne.NewSize(1366, 768))
	// The painter asks a raster for its pixels while it draws the frame, so
	// a raster laid over the content reports the first frame; GLFW's
	// Capture reads back zeros under Xvfb and cannot be used.
	var once sync.Once
	probe := canvas.NewRaster(func(w, h int) image.Image {
		once.Do(func() {
			phase("first frame")
			fmt.Println("frame")
			go fyne.Do(a.Quit)
		})
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	})
	w.SetContent(container.NewStack(w.Content(), container.NewWithoutLayout(probe)))
	probe.Resize(fyne.NewSize(1, 1))
	go func() {
		time.Sleep(60 * time.Second)
		fmt.Println("error no frame")
		os.Exit(1)
	}()
	w.ShowAndRun()
	return 0
}

// BenchmarkFirstFrame measures a cold launch to the first drawn screen with
// a real window — the app over the ten-year township and an empty Fyne
// window — so the app's own cost is the difference. /side-by-side launches
// the two in turn, so a busy machine slows both alike, and reports their
// medians and the app's multiple of the empty window. It needs a display
// (run under xvfb-run) and is skipped without one.
func BenchmarkFirstFrame(b *testing.B) {
	if os.Getenv("DISPLAY") == "" {
		b.Skip("needs a display: run under xvfb-run")
	}
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	launchOnce := func(b *testing.B, kind string) time.Duration {
		start := time.Now()
		cmd := exec.Command(self, "-test.run=^$")
		cmd.Env = append(os.Environ(), firstFrameEnv+"="+kind, "LANG=zh_CN.UTF-8")
		out, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		took := time.Since(start)
		b.StopTimer()
		cmd.Wait()
		if strings.TrimSpace(line) != "frame" {
			b.Fatalf("child said %q", line)
		}
		b.StartTimer()
		return took
	}
	launch := func(b *testing.B, kind string) {
		for b.Loop() {
			launchOnce(b, kind)
		}
	}
	db := tenYearDB(b)
	b.Run("app", func(b *testing.B) { launch(b, db) })
	b.Run("empty-window", func(b *testing.B) { launch(b, "empty-window") })
	b.Run("chinese-label", func(b *testing.B) { launch(b, "chinese-label") })
	b.Run("side-by-side", func(b *testing.B) {
		var app, empty []time.Duration
		for b.Loop() {
			app = append(app, launchOnce(b, db))
			empty = append(empty, launchOnce(b, "empty-window"))
		}
		a, e := median(app), median(empty)
		b.ReportMetric(float64(a.Microseconds())/1000, "app-ms")
		b.ReportMetric(float64(e.Microseconds())/1000, "empty-ms")
		b.ReportMetric(float64(a)/float64(e), "app/empty")
	})
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
