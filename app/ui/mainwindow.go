package ui

import (
	"context"
	"errors"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	navBtns  map[string]*widget.Button
	body     *fyne.Container
	township *widget.Label

	deputies *deputyScreen
	groups   *groupScreen
	stations *stationScreen
	settings *settingsScreen
	firstRun *townshipForm

	deputyForm  *DeputyForm
	groupForm   *GroupForm
	stationForm *StationForm
	lastConfirm *confirm
}

// NewMainWindow builds the window over db without showing it. Tests and the
// screenshot tool drive it through the test driver.
func NewMainWindow(a fyne.App, db *store.DB) *MainWindow {
	a.Settings().SetTheme(Theme{})
	mw := &MainWindow{app: a, db: db, ctx: context.Background(), screens: map[string]screen{}, navBtns: map[string]*widget.Button{}}
	mw.win = a.NewWindow(appTitle)
	// The first window fits a 1366×768 screen with a task bar; after that the
	// size the secretary chose, saved on close, is used.
	p := a.Preferences()
	mw.win.Resize(fyne.NewSize(float32(p.FloatWithFallback(prefWidth, 1280)), float32(p.FloatWithFallback(prefHeight, 680))))
	mw.win.SetCloseIntercept(func() {
		mw.rememberSize()
		mw.win.Close()
	})

	_, err := db.Township(mw.ctx)
	switch {
	case errors.Is(err, store.ErrNotFound):
		mw.showFirstRun()
	case err != nil:
		mw.win.SetContent(widget.NewLabel(store.UserMessage(err)))
		showError(mw.win, "读取乡镇设置", err)
	default:
		mw.showMain()
	}
	return mw
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
	for _, d := range extraScreens {
		mw.screens[d.name] = d.make(mw)
	}
	mw.township = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	mw.township.Wrapping = fyne.TextWrapWord
	mw.refreshTownship()
	nav := container.NewVBox(mw.township, widget.NewSeparator())
	for _, it := range navItems() {
		name := it.name
		b := widget.NewButtonWithIcon(it.label, it.icon, func() { mw.Show(name) })
		b.Alignment = widget.ButtonAlignLeading
		mw.navBtns[name] = b
		nav.Add(b)
	}
	side := container.NewGridWrap(fyne.NewSize(168, 10), nav)
	mw.body = container.NewStack()
	mw.win.SetContent(container.NewBorder(nil, nil, container.NewHBox(side, widget.NewSeparator()), nil, mw.body))
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

// Show switches to a screen by name (ScreenDeputies …) and remembers it.
// Unknown names show the deputy register.
func (mw *MainWindow) Show(name string) {
	s, ok := mw.screens[name]
	if !ok {
		name, s = ScreenDeputies, mw.screens[ScreenDeputies]
		if s == nil {
			return
		}
	}
	mw.current = name
	mw.app.Preferences().SetString(prefScreen, name)
	for n, b := range mw.navBtns {
		if n == name {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
	s.reload()
	mw.body.Objects = []fyne.CanvasObject{s.view()}
	mw.body.Refresh()
}

// changed reloads every screen after a save or delete, since deputies,
// groups and stations show each other's names.
func (mw *MainWindow) changed() {
	for _, s := range mw.screens {
		s.reload()
	}
	mw.refreshTownship()
}

// screenTitle is the heading of a screen.
func screenTitle(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}
