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
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
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
	case "static-screen":
		// The app's first screen from stock widgets (staticScreen), in the
		// app's start order: fonts loading on the other core while the
		// window is made, then the screen.
		a.Settings().SetTheme(Theme{})
		fonts := startFontWarmup()
		w = a.NewWindow("static")
		w.Resize(fyne.NewSize(1366, 768))
		w.Show()
		<-fonts
		w.SetContent(staticScreen())
	case "static-plain":
		// The same screen the way a plain Fyne program shows it.
		w = a.NewWindow("static")
		a.Settings().SetTheme(Theme{})
		w.SetContent(staticScreen())
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
		// The size the other launches get below, as a remembered size,
		// so the window is made at it rather than resized after.
		a.Preferences().SetFloat(prefWidth, 1366)
		a.Preferences().SetFloat(prefHeight, 768)
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
// a real window: the app over the ten-year township, an empty Fyne window,
// and /static-screen, the app's first screen rebuilt from stock widgets
// over fixed strings and started in the app's order — what Fyne itself
// needs to draw that much text, with no database and none of the screens'
// code (/static-plain shows it as a plain Fyne program would). The app's
// own cost is its distance from /static-screen. /side-by-side launches the
// app, the static screen and the empty window in turn, so a busy machine
// slows all alike, and reports their medians and ratios. It needs a
// display (run under xvfb-run) and is skipped without one.
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
	b.Run("static-screen", func(b *testing.B) { launch(b, "static-screen") })
	b.Run("static-plain", func(b *testing.B) { launch(b, "static-plain") })
	b.Run("side-by-side", func(b *testing.B) {
		var app, static, empty []time.Duration
		for b.Loop() {
			app = append(app, launchOnce(b, db))
			static = append(static, launchOnce(b, "static-screen"))
			empty = append(empty, launchOnce(b, "empty-window"))
		}
		a, s, e := median(app), median(static), median(empty)
		b.ReportMetric(float64(a.Microseconds())/1000, "app-ms")
		b.ReportMetric(float64(s.Microseconds())/1000, "static-ms")
		b.ReportMetric(float64(e.Microseconds())/1000, "empty-ms")
		b.ReportMetric(float64(a)/float64(e), "app/empty")
		b.ReportMetric(float64(s)/float64(e), "static/empty")
		b.ReportMetric(float64(a)/float64(s), "app/static")
	})
}

// staticScreen is the 代表名册 screen as the ten-year township opens on,
// made of stock Fyne widgets over fixed strings: no database and none of
// the screens' code, only the theme and the navigation's names and icons
// (navItems). Launching it measures what Fyne itself needs to draw a
// screen with this much text (the navigation, a tool bar, filters and a
// table): the floor under BenchmarkFirstFrame/app.
func staticScreen() fyne.CanvasObject {
	township := widget.NewLabelWithStyle("城关镇人大\n代表工作台", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	nav := []fyne.CanvasObject{township, widget.NewSeparator()}
	for _, it := range navItems() { // the app's names and icons
		nav = append(nav, container.NewHBox(widget.NewIcon(it.icon), canvas.NewText(it.label, theme.Color(theme.ColorNameForeground))))
	}
	title := widget.NewLabelWithStyle("代表名册", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	tools := container.NewHBox(title, layout.NewSpacer(),
		widget.NewButtonWithIcon("导入Excel", theme.UploadIcon(), nil),
		widget.NewButtonWithIcon("导出Excel", theme.DownloadIcon(), nil),
		widget.NewButtonWithIcon("下载导入模板", theme.DocumentIcon(), nil),
		widget.NewButtonWithIcon("打印公示牌", theme.DocumentPrintIcon(), nil),
		&widget.Button{Text: "新增代表", Icon: theme.ContentAddIcon(), Importance: widget.HighImportance})
	search := widget.NewEntry()
	search.SetPlaceHolder("搜索姓名、单位、职务、电话、代表证号或选区")
	filters := container.NewHBox()
	for _, f := range []string{"全部层级", "全部小组", "全部状态", "按姓名排序"} {
		sel := widget.NewSelect([]string{f}, nil)
		sel.SetSelected(f)
		filters.Add(sel)
	}
	count := widget.NewLabelWithStyle("共 72 名代表", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	header := []string{"姓名", "性别", "代表层级", "代表小组", "工作单位及职务", "联系电话", "届次", "状态"}
	names := []string{"程新", "崔德超", "崔静雅", "戴秀", "邓超", "董福", "董志辉", "杜兰琴", "段艳", "冯德新", "高建国", "郭丽"}
	units := []string{"镇中心小学 教师", "杏花村村民委员会 党支部书记、村委会主任", "北庄村村民委员会 党支部书记", "新城社区 村民",
		"龙泉村 村民", "高家堡村 养殖专业合作社理事长", "绿源农产品加工厂 车间主任", "镇农业综合服务中心 农艺师"}
	groups := []string{"第一代表小组（东片）", "第二代表小组（西片）", "第三代表小组（南片）", "第四代表小组（北片）", "第五代表小组（城区）", "第六代表小组（企业）"}
	cell := func(row, col int) string {
		switch col {
		case 0:
			return names[row%len(names)]
		case 1:
			return []string{"男", "女"}[row%2]
		case 2:
			return "乡"
		case 3:
			return groups[row%len(groups)]
		case 4:
			return units[row%len(units)]
		case 5:
			return fmt.Sprintf("1379605%04d", 2195+row*37)
		case 6:
			return "第十八届"
		}
		return "在任"
	}
	table := widget.NewTableWithHeaders(
		func() (int, int) { return 72, len(header) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(cell(id.Row, id.Col)) })
	table.ShowHeaderColumn = false
	table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 {
			o.(*widget.Label).SetText(header[id.Col])
		}
	}
	for i, w := range []float32{100, 50, 90, 200, 270, 120, 85, 80} {
		table.SetColumnWidth(i, w)
	}
	// Rows as tall as the app's, so as many (twelve) are in view.
	for row := range 72 {
		table.SetRowHeight(row, 42)
	}
	body := container.NewBorder(container.NewVBox(tools, search, container.NewBorder(nil, nil, filters, count)),
		widget.NewLabel("点击一行可查看、修改或删除该代表。"), nil, nil, table)
	side := container.NewGridWrap(fyne.NewSize(168, 10), container.NewVBox(nav...))
	return container.NewBorder(nil, nil, container.NewHBox(side, widget.NewSeparator()), nil, body)
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
