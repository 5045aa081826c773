package ui

import (
	"context"
	"errors"
	"image"
	"slices"
	"sort"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
)

// Screen names, used by Show and remembered in the preferences.
const (
	ScreenDeputies = "deputies"
	ScreenGroups   = "groups"
	ScreenStations = "stations"
	ScreenSettings = "settings"
)

// Preference keys.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
	prefScreen = "window.screen"
)

const appTitle = "乡镇人大代表工作台"

// screen is one page reachable from the navigation.
type screen interface {
	view() fyne.CanvasObject
	// reload reads the data again, after a change elsewhere.
	reload()
}

type navItem struct {
	name  string
	label string
	icon  fyne.Resource
	order int
}

// navItems is a function because theme icons need a running app. The
// screens of later features come from registerScreen, placed by order.
func navItems() []navItem {
	items := []navItem{
		{ScreenDeputies, "代表名册", theme.AccountIcon(), 10},
		{ScreenGroups, "代表小组", theme.GridIcon(), 20},
		{ScreenStations, "联络站", theme.HomeIcon(), 30},
		{ScreenSettings, "设置", theme.SettingsIcon(), 1000},
	}
	for _, d := range extraScreens {
		items = append(items, navItem{d.name, d.label, d.icon(), d.order})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].order < items[j].order })
	return items
}

// screenDef is a screen a feature file adds to the navigation from its
// init(), so features don't edit each other's code. Orders in use: 首页 0,
// 代表名册 10, 代表小组 20, 联络站 30, 值班表 40, 接待记录 50, 履职活动 60,
// 年度考核 70, 报表与上报 80, 操作日志 900, 回收站 910, 备份与恢复 920, 设置 1000.
type screenDef struct {
	name  string
	label string
	icon  func() fyne.Resource
	order int
	make  func(mw *MainWindow) screen
}

var extraScreens []screenDef

func registerScreen(d screenDef) {
	for _, e := range extraScreens {
		if e.name == d.name {
			panic("ui: screen registered twice: " + d.name)
		}
	}
	extraScreens = append(extraScreens, d)
}

// MainWindow is the app's one window: navigation on the left, the current
// screen on the right; before the township is set up it shows the
// first-run settings form instead.
type MainWindow struct {
	app fyne.App
	win fyne.Window
	db  *store.DB
	ctx context.Context

	current  string
	screens  map[string]screen
	navBtns  map[string]*navButton
	body     *fyne.Container
	township *widget.Label
	status   *widget.Label

	deputies *deputyScreen
	groups   *groupScreen
	stations *stationScreen
	settings *settingsScreen
	firstRun *townshipForm

	deputyForm  *DeputyForm
	groupForm   *GroupForm
	stationForm *StationForm
	// the 标准化建设 dialogs last opened, for tests and refreshes
	standardsOverview *StandardsOverview
	stationStandards  *StationStandards
	disclosure        *DisclosureDialog
	lastConfirm       *confirm
	// lastReception is the reception form opened last, for tests.
	lastReception *ReceptionForm
	// banner is the read-only banner, nil when the database is writable.
	banner *widget.Label
	// showFirst: the window was put on screen before its screens were
	// built (ShowMainWindow); started: the app runs and has drawn it.
	showFirst, started bool
	damaged            bool          // the background integrity check found damage
	recovery           *RecoveryView // shown in place of the screens then
}

// NewMainWindow builds the window over db without showing it. Tests and the
// screenshot tool drive it through the test driver.
func NewMainWindow(a fyne.App, db *store.DB) *MainWindow { return newMainWindow(a, db, false) }

// ShowMainWindow puts the window on screen first and builds its screens
// after: creating a window is a round trip to the window system (some 60 ms
// under X) that then overlaps the fonts loading on the other core, instead
// of following the screens. The first frame is drawn once the app runs.
func ShowMainWindow(a fyne.App, db *store.DB) *MainWindow { return newMainWindow(a, db, true) }

func newMainWindow(a fyne.App, db *store.DB, showFirst bool) *MainWindow {
	a.Settings().SetTheme(Theme{})
	var fontsLoaded <-chan struct{}
	if showFirst {
		fontsLoaded = startFontWarmup()
	}
	mw := &MainWindow{app: a, db: db, ctx: context.Background(), screens: map[string]screen{}, navBtns: map[string]*navButton{}}
	mw.win = a.NewWindow(appTitle)
	// The first window fits a 1366×768 screen with a task bar; after that the
	// size the secretary chose, saved on close, is used.
	p := a.Preferences()
	mw.win.Resize(fyne.NewSize(float32(p.FloatWithFallback(prefWidth, 1280)), float32(p.FloatWithFallback(prefHeight, 680))))
	if showFirst {
		mw.showFirst = true
		reportFirstFrame(mw.win)
		mw.win.Show()
		<-fontsLoaded
	}
	mw.win.SetCloseIntercept(func() {
		mw.rememberSize()
		mw.win.Close()
	})

	_, err := db.Township(mw.ctx)
	switch {
	case errors.Is(err, store.ErrNotFound) && !db.ReadOnly():
		mw.showFirstRun()
	case err != nil:
		mw.win.SetContent(widget.NewLabel(store.UserMessage(err)))
		showError(mw.win, "读取乡镇设置", err)
	default:
		mw.showMain()
	}
	return mw
}

// warmFonts loads the fonts of the screens' text, plain and bold. It runs
// on the other core while the window system makes the window
// (startFontWarmup); without it the first screen waited for them.
var warmFonts = func() {
	size := theme.TextSize()
	fyne.MeasureText("代", size, fyne.TextStyle{Bold: true})
	fyne.MeasureText("代", size, fyne.TextStyle{})
}

// startFontWarmup runs warmFonts on a goroutine and closes the channel it
// returns when the fonts are loaded. Nothing may measure or draw text until
// then: in this build (migrated_fynedo) Fyne's font caches are plain maps
// that expect every call on the main goroutine, and measuring text while the
// warm-up fills them stops the program ("concurrent map read and map
// write"). Creating the window draws no text, so it is what overlaps.
func startFontWarmup() <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		warmFonts()
	}()
	return done
}

// OnFirstFrame, when set, is called once the window's first frame has been
// drawn: the start-up then knows this display can draw (see package
// startup). It runs on a goroutine of its own.
var OnFirstFrame func()

// reportFirstFrame lays a transparent raster over w until w is first
// drawn: Fyne says nothing when a frame is painted, but the painter asks a
// raster for its pixels while it paints.
func reportFirstFrame(w fyne.Window) {
	if OnFirstFrame == nil {
		return
	}
	var once sync.Once
	var probe *canvas.Raster
	probe = canvas.NewRaster(func(int, int) image.Image {
		once.Do(func() {
			go OnFirstFrame()
			go fyne.Do(func() { w.Canvas().Overlays().Remove(probe) })
		})
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	})
	w.Canvas().Overlays().Add(probe)
}

// Started is called once the app runs (Run makes it the lifecycle's
// OnStarted), just after the first frame was drawn: what the first screen
// does not need starts here — the delivery worker with the 上报 screen,
// and the integrity check of a database the saves wait for.
func (mw *MainWindow) Started() {
	mw.started = true
	if mw.body != nil {
		mw.screen(ScreenSync)
	}
	if mw.db.Guarded() {
		mw.CheckIntegrity(nil)
	}
}

// CheckIntegrity runs SQLite's integrity check of the whole file in the
// background — on a ten-year township it reads every page, which is why it
// does not stand between the double-click and the first screen — and calls
// done with the result on the UI thread. Damage is refused as before the
// window: the database is closed and the window shows the recovery view,
// which restores the newest good backup and reopens the main window on it.
func (mw *MainWindow) CheckIntegrity(done func(error)) {
	db := mw.db
	guarded := db.Guarded()
	go func() {
		// The check the saves wait for (store.GuardWrites), or a check
		// of its own on a database opened without the guard.
		err := db.RunCheck(context.Background())
		if err == nil && !guarded {
			err = db.Check(context.Background())
		}
		fyne.Do(func() {
			if errors.Is(err, store.ErrDamaged) {
				mw.refuseDamaged()
			}
			if done != nil {
				done(err)
			}
		})
	}()
}

// refuseDamaged stops all work on a database found damaged and shows the
// recovery view in the window.
func (mw *MainWindow) refuseDamaged() {
	path := mw.db.Path()
	mw.db.Close()
	mw.damaged = true
	mw.win.SetTitle(appTitle + " · 数据恢复")
	// The diagnosis names the damage and finds the newest good backup.
	d := store.Diagnose(context.Background(), path)
	rv := NewRecoveryView(mw.app, mw.win, d)
	rv.Clock = mw.db.Now
	rv.OnOpened = func(db *store.DB) {
		next := NewMainWindow(mw.app, db)
		next.Window().Show()
		mw.win.Close()
	}
	mw.recovery = rv
}

// Window returns the Fyne window.
func (mw *MainWindow) Window() fyne.Window { return mw.win }

// ScreenNames lists the screens of the navigation in their order.
func (mw *MainWindow) ScreenNames() []string {
	var out []string
	for _, it := range navItems() {
		out = append(out, it.name)
	}
	return out
}

// Current returns the name of the screen shown ("" during first run).
func (mw *MainWindow) Current() string { return mw.current }

func (mw *MainWindow) rememberSize() {
	s := mw.win.Canvas().Size()
	if s.Width > 0 && s.Height > 0 {
		mw.app.Preferences().SetFloat(prefWidth, float64(s.Width))
		mw.app.Preferences().SetFloat(prefHeight, float64(s.Height))
	}
}

func (mw *MainWindow) showFirstRun() {
	mw.firstRun = newTownshipForm(mw, store.Township{}, "保存并开始使用", func() { mw.showMain() })
	title := widget.NewLabelWithStyle("欢迎使用"+appTitle, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := widget.NewLabel("第一次使用，请先填写本乡镇的基本信息。\n这些信息会用作报表的制表单位和上报材料的落款，以后可以在“设置”里修改。")
	card := container.NewVBox(title, intro, widget.NewSeparator(), mw.firstRun.view())
	scroll := container.NewVScroll(container.NewPadded(centerWidth(720, card)))
	mw.firstRun.fields.root = scroll
	mw.win.SetContent(scroll)
}

func (mw *MainWindow) showMain() {
	mw.firstRun = nil
	mw.township = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	mw.township.Wrapping = fyne.TextWrapWord
	mw.refreshTownship()
	navObjs := []fyne.CanvasObject{mw.township, widget.NewSeparator()}
	for _, it := range navItems() {
		name := it.name
		b := newNavButton(it.label, it.icon, func() { mw.Show(name) })
		mw.navBtns[name] = b
		navObjs = append(navObjs, b)
	}
	nav := container.New(layout.NewCustomPaddedVBoxLayout(navGap), navObjs...)
	side := container.NewGridWrap(fyne.NewSize(168, 10), nav)

	mw.deputies = newDeputyScreen(mw)
	mw.groups = newGroupScreen(mw)
	mw.stations = newStationScreen(mw)
	mw.settings = newSettingsScreen(mw)
	mw.screens = map[string]screen{
		ScreenDeputies: mw.deputies,
		ScreenGroups:   mw.groups,
		ScreenStations: mw.stations,
		ScreenSettings: mw.settings,
	}
	// The other screens are built the first time they are shown: building
	// all fifteen before the first frame made the secretary wait for
	// screens she may not open today.
	mw.body = container.NewStack()
	mw.status = widget.NewLabel("")
	mw.status.Importance = widget.SuccessImportance
	mw.status.Truncation = fyne.TextTruncateEllipsis
	mw.win.SetContent(container.NewBorder(mw.readOnlyBanner(), nil, container.NewHBox(side, widget.NewSeparator()), nil,
		container.NewBorder(nil, mw.status, nil, nil, mw.body)))
	// The 上报 screen owns the background delivery worker, which runs from
	// the start whichever screen is shown; on screen, from just after the
	// first frame (Started).
	if !mw.showFirst || mw.started {
		mw.screen(ScreenSync)
	}
	mw.Show(mw.app.Preferences().StringWithFallback(prefScreen, ScreenDeputies))
}

func (mw *MainWindow) refreshTownship() {
	if mw.township == nil {
		return
	}
	t, err := mw.db.Township(mw.ctx)
	if err != nil {
		mw.township.SetText(appTitle)
		return
	}
	mw.township.SetText(t.Name + "人大\n代表工作台")
	mw.win.SetTitle(t.Name + " · " + appTitle)
}

// screen returns the named screen, building a feature screen the first
// time it is asked for.
func (mw *MainWindow) screen(name string) (screen, bool) {
	if s, ok := mw.screens[name]; ok {
		return s, true
	}
	if mw.screens == nil || mw.body == nil {
		return nil, false
	}
	for _, d := range extraScreens {
		if d.name == name {
			s := d.make(mw)
			mw.screens[name] = s
			return s, true
		}
	}
	return nil, false
}

// Show switches to a screen by name (ScreenDeputies …) and remembers it.
// Unknown names show the deputy register.
func (mw *MainWindow) Show(name string) {
	s, ok := mw.screen(name)
	if !ok {
		name, s = ScreenDeputies, mw.screens[ScreenDeputies]
		if s == nil {
			return
		}
	}
	mw.current = name
	mw.app.Preferences().SetString(prefScreen, name)
	for n, b := range mw.navBtns {
		b.SetSelected(n == name)
	}
	s.reload()
	mw.body.Objects = []fyne.CanvasObject{s.view()}
	mw.body.Refresh()
}

// changed is called after a save or delete. Only the screen in view is
// read again, and only when it is one of those named (none named: any):
// every other screen reads its data afresh when it is shown, so nothing
// stale is ever on screen and a save does not pay for fifteen screens.
func (mw *MainWindow) changed(screens ...string) {
	if s := mw.screens[mw.current]; s != nil && (len(screens) == 0 || slices.Contains(screens, mw.current)) {
		s.reload()
	}
	mw.refreshTownship()
}

// notify tells the secretary in the status line what the last action did.
func (mw *MainWindow) notify(text string) {
	if mw.status == nil {
		return
	}
	mw.status.SetText("✓ " + text)
	mw.status.Show()
}

// Status returns the status line's text (what the last action did).
func (mw *MainWindow) Status() string {
	if mw.status == nil {
		return ""
	}
	return mw.status.Text
}

// secretary is the township's 人大秘书, the 经办人 of the steps typed here.
func (mw *MainWindow) secretary() string {
	if t, err := mw.db.Township(mw.ctx); err == nil {
		return t.Secretary
	}
	return ""
}

// newSelect is widget.NewSelect with a Chinese placeholder in place of
// Fyne's English one.
//
// A Select is as wide as its placeholder, so the Chinese one is padded
// with spaces to the width of Fyne's: the shorter 请选择 would cut the
// chosen option (a month such as 2026年11月) short.
func newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = selectPlaceholder()
	return s
}

var selectPlaceholderText string

func selectPlaceholder() string {
	if selectPlaceholderText == "" {
		size := theme.TextSize()
		want := fyne.MeasureText("(Select one)", size, fyne.TextStyle{}).Width
		p := "请选择"
		for i := 0; i < 40 && fyne.MeasureText(p, size, fyne.TextStyle{}).Width < want; i++ {
			p += " "
		}
		selectPlaceholderText = p
	}
	return selectPlaceholderText
}

// screenTitle is the heading of a screen.
func screenTitle(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}
