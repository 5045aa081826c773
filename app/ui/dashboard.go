package ui

import (
	"deputydesk/app/atomicfile"
	"deputydesk/store/calendar"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/ledger"
	"deputydesk/store"
)

// Screen names of the reception and case screens.
const (
	ScreenDashboard  = "dashboard"
	ScreenReceptions = "receptions"
	ScreenCases      = "cases"
)

func init() {
	registerScreen(screenDef{name: ScreenDashboard, label: "首页", order: 0, icon: theme.InfoIcon,
		make: func(mw *MainWindow) screen { return newDashboardScreen(mw) }})
	registerScreen(screenDef{name: ScreenReceptions, label: "接待记录", order: 50, icon: theme.DocumentCreateIcon,
		make: func(mw *MainWindow) screen { return newReceptionScreen(mw) }})
	registerScreen(screenDef{name: ScreenCases, label: "事项查询", order: 55, icon: theme.SearchIcon,
		make: func(mw *MainWindow) screen { return newCaseScreen(mw) }})
}

// monthChoices lists the last n months, newest first, as 2026年10月 with
// their YYYY-MM keys.
func monthChoices(now time.Time, n int) (labels []string, keys map[string]string) {
	keys = map[string]string{}
	first := calendar.MonthOf(now)
	for i := 0; i < n; i++ {
		m := first.Add(-i)
		l := m.Chinese()
		labels = append(labels, l)
		keys[l] = m.String()
	}
	return labels, keys
}

// dashboardScreen is the 首页: this month at a glance.
type dashboardScreen struct {
	mw      *MainWindow
	month   *widget.Select
	months  map[string]string
	figures map[string]*widget.Label
	rate    *widget.Label
	overdue *widget.List
	odTitle *widget.Label
	duties  *widget.Label
	chart   *trendChart
	board   *ledger.Board
	root    fyne.CanvasObject
	// Exported is the last ledger file written, for the status line.
	exported *widget.Label
	// exportBoth writes the month's 台账 as Excel and PDF.
	exportBoth *widget.Button
	// lastChooser is the file chooser it opened last, for tests.
	lastChooser *fileChooser
	// sync reminds of monthly ledgers not yet delivered (see sync.go).
	sync *syncReminder
	// liaison names the 双联系 pairs not yet visited this half-year.
	liaison *liaisonReminder
	// projects shows the year's 民生实事 点位销号 (see projects.go).
	projects *projectProgress
}

// figureNames are the dashboard's counts, in the order shown.
var figureNames = []string{"接待场次", "接待人次", "收集意见", "当场答复", "交办", "转代表建议", "办结"}

func newDashboardScreen(mw *MainWindow) *dashboardScreen {
	s := &dashboardScreen{mw: mw, figures: map[string]*widget.Label{}}
	labels, keys := monthChoices(mw.db.Now(), 36)
	s.months = keys
	s.month = newSelect(labels, func(string) { s.reload() })
	s.month.SetSelected(labels[0])
	var cards []fyne.CanvasObject
	card := func(name string, value *widget.Label) fyne.CanvasObject {
		value.TextStyle.Bold = true
		value.SizeName = theme.SizeNameHeadingText
		value.Alignment = fyne.TextAlignCenter
		title := widget.NewLabel(name)
		title.Alignment = fyne.TextAlignCenter
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
		bg.CornerRadius = 6
		return container.NewStack(bg, container.NewVBox(value, title))
	}
	for _, n := range figureNames {
		l := widget.NewLabel("0")
		s.figures[n] = l
		cards = append(cards, card(n, l))
	}
	s.rate = widget.NewLabel("—")
	rateCard := card("解决率", s.rate)
	s.rate.Importance = widget.HighImportance
	cards = append(cards, rateCard)
	grid := container.NewGridWithColumns(8, cards...)
	def := hintLabel(ledger.RateDefinition)
	def.Wrapping = fyne.TextWrapWord
	def.Truncation = fyne.TextTruncateOff

	s.odTitle = widget.NewLabelWithStyle("超期未办结", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.overdue = widget.NewList(
		func() int {
			if s.board == nil {
				return 0
			}
			return len(s.board.Overdue)
		},
		func() fyne.CanvasObject { return cells(overdueCols, false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := s.board.Overdue[i]
			setCells(o.(*fyne.Container), c.No, "时限"+store.FormatDate(c.Deadline), c.Status, orDash(c.LeadUnit), c.Content)
		})
	s.overdue.OnSelected = func(i widget.ListItemID) {
		s.overdue.UnselectAll()
		if s.board != nil && i < len(s.board.Overdue) {
			mw.OpenCase(s.board.Overdue[i].ID)
		}
	}
	s.duties = widget.NewLabel("")
	s.duties.Wrapping = fyne.TextWrapWord
	s.chart = newTrendChart()

	s.exported = widget.NewLabel("")
	s.exported.Wrapping = fyne.TextWrapWord
	// One button writes both files the county asks for: the Excel for its
	// figures, the PDF to print and file.
	s.exportBoth = widget.NewButtonWithIcon("导出本月台账（Excel 和 PDF）", theme.DocumentSaveIcon(), func() { s.askExportBoth() })
	s.exportBoth.Importance = widget.HighImportance
	form := widget.NewButtonWithIcon("打印空白接待登记表", theme.DocumentPrintIcon(), func() { s.askBlankForm() })
	s.sync = newSyncReminder(mw)
	s.liaison = newLiaisonReminder(mw)
	top := container.NewVBox(
		container.NewBorder(nil, nil, screenTitle("首页"), container.NewHBox(widget.NewLabel("月份"), s.month)),
		s.sync.box, s.liaison.box,
		grid, def,
		container.NewHBox(s.exportBoth, form), s.exported,
	)
	s.projects = newProjectProgress(mw)
	right := container.NewVSplit(container.NewBorder(widget.NewLabelWithStyle("未来7天值班", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil,
		container.NewVScroll(s.duties)), container.NewVScroll(s.projects.box))
	left := container.NewBorder(s.odTitle, nil, nil, nil, s.overdue)
	lists := container.NewHSplit(left, right)
	lists.Offset = 0.62
	chartBox := container.NewBorder(widget.NewLabelWithStyle("近12个月趋势（柱：收集意见／办结；折线：解决率）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, container.New(minHeight{200}, s.chart))
	s.root = container.NewPadded(container.NewBorder(top, nil, nil, nil, container.NewVSplit(chartBox, lists)))
	return s
}

var overdueCols = columns{widths: []float32{96, 150, 64, 150, 0}}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (s *dashboardScreen) view() fyne.CanvasObject { return s.root }

// Month returns the YYYY-MM shown.
func (s *dashboardScreen) Month() string { return s.months[s.month.Selected] }

func (s *dashboardScreen) reload() {
	if s.month == nil || s.chart == nil {
		return // still being built
	}
	b, err := ledger.Dashboard(s.mw.ctx, s.mw.db, s.Month(), s.mw.db.Now())
	if err != nil {
		showError(s.mw.win, "读取首页数据", err)
		return
	}
	s.board = b
	f := b.Figures
	for name, v := range map[string]int{"接待场次": f.Receptions, "接待人次": f.Visitors, "收集意见": f.Cases, "当场答复": f.OnSpot,
		"交办": f.Assigned, "转代表建议": f.Suggestion, "办结": f.Closed} {
		s.figures[name].SetText(strconv.Itoa(v))
	}
	s.rate.SetText(f.RateText())
	title := fmt.Sprintf("超期未办结 %d 件", b.OverdueTotal)
	if b.OverdueTotal > len(b.Overdue) {
		title += fmt.Sprintf("（列出超期最久的 %d 件，点击一行催办或办理）", len(b.Overdue))
	} else if b.OverdueTotal > 0 {
		title += "（点击一行催办或办理）"
	}
	s.odTitle.SetText(title)
	if b.OverdueTotal > 0 {
		s.odTitle.Importance = widget.DangerImportance
	} else {
		s.odTitle.Importance = widget.MediumImportance
	}
	s.odTitle.Refresh()
	s.overdue.Refresh()
	var lines []string
	for _, u := range b.Upcoming {
		d, _ := time.Parse("2006-01-02", u.Date)
		lines = append(lines, fmt.Sprintf("%s（%s）%s–%s\n%s：%s", store.FormatDate(u.Date), store.WeekdayNames[d.Weekday()],
			u.From, u.To, u.Station, strings.Join(u.Deputies, "、")))
	}
	if len(lines) == 0 {
		lines = []string{"未来7天没有值班安排。"}
	}
	s.duties.SetText(strings.Join(lines, "\n\n"))
	s.chart.set(b.Trend)
	s.sync.reload()
	s.liaison.reload()
	s.projects.reload()
}

// ExportLedger writes the month's 月度台账 to path (.xlsx or .pdf).
func (s *dashboardScreen) ExportLedger(path string) error {
	priv, err := s.mw.db.Privacy(s.mw.ctx)
	if err != nil {
		return err
	}
	l, err := ledger.Build(s.mw.ctx, s.mw.db, ledger.Options{Month: s.Month(), ShowPhones: priv.FullPhones, ShowIDNumbers: priv.IDNumbers})
	if err != nil {
		return err
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		if strings.EqualFold(filepath.Ext(path), ".pdf") {
			return l.WritePDF(w, ledger.PDFOptions{})
		}
		return l.WriteXLSX(w)
	})
}

// ledgerName is the file name of the month's 台账, without its extension.
func (s *dashboardScreen) ledgerName() string {
	return s.month.Selected + "代表联系群众工作台账"
}

// askExportBoth asks for a folder once and writes the month's 台账 into it
// as Excel and as PDF under the same name, asking before it replaces
// either.
func (s *dashboardScreen) askExportBoth() *fileChooser {
	name := s.ledgerName()
	files := []string{name + ".xlsx", name + ".pdf"}
	d := newFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		folder := dir.Path()
		var existing []string
		for _, f := range files {
			if _, err := os.Stat(filepath.Join(folder, f)); err == nil {
				existing = append(existing, "“"+f+"”")
			}
		}
		if len(existing) == 0 {
			s.exportBothTo(folder, files)
			return
		}
		c := dialog.NewConfirm("文件已存在", "这个文件夹里已有"+strings.Join(existing, "和")+"，要用本次导出的替换吗？", func(ok bool) {
			if ok {
				s.exportBothTo(folder, files)
			}
		}, s.mw.win)
		c.SetConfirmText("替换")
		c.SetDismissText("取消")
		c.Show()
	}, s.mw.win)
	d.SetTitle("导出" + s.month.Selected + "月度台账：选择保存的文件夹")
	d.SetHint("将保存“" + name + "”的 .xlsx 和 .pdf 两个文件。")
	d.Show()
	s.lastChooser = d
	return d
}

// exportBothTo writes the month's 台账 as each of files in folder.
func (s *dashboardScreen) exportBothTo(folder string, files []string) {
	for _, f := range files {
		if err := s.ExportLedger(filepath.Join(folder, f)); err != nil {
			showError(s.mw.win, "导出月度台账", err)
			return
		}
	}
	s.exported.SetText("已导出月度台账：" + strings.Join(files, "、") + "（在 " + folder + "）")
	s.mw.notify("已导出" + s.month.Selected + "月度台账（Excel 和 PDF）")
}

func (s *dashboardScreen) askBlankForm() {
	s.saveDialog("接待登记表.pdf", func(path string) error { return s.mw.WriteBlankForm(path) }, "空白接待登记表")
}

func (s *dashboardScreen) saveDialog(name string, write func(string) error, what string) {
	d := newFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		if err := write(path); err != nil {
			showError(s.mw.win, "导出"+what, err)
			return
		}
		s.exported.SetText("已导出" + what + "：" + path)
	}, s.mw.win)
	d.SetFileName(name)
	d.Show()
}

// WriteBlankForm prints the blank 接待登记表 with this township's stations
// and categories.
func (mw *MainWindow) WriteBlankForm(path string) error {
	o := ledger.FormOptions{Date: mw.db.Now()}
	if t, err := mw.db.Township(mw.ctx); err == nil {
		o.Township = t.Name
	}
	stations, err := mw.db.Stations(mw.ctx)
	if err != nil {
		return err
	}
	for _, st := range stations {
		o.Stations = append(o.Stations, st.Name)
	}
	if o.Categories, err = mw.db.Categories(mw.ctx); err != nil {
		return err
	}
	return atomicfile.Write(path, func(w io.Writer) error { return ledger.WriteBlankForm(w, o) })
}

// trendChart draws 12 months as pairs of bars (收集意见, 办结) and the
// 解决率 as a line, with canvas primitives.
type trendChart struct {
	widget.BaseWidget
	data []store.MonthCounts
	objs *fyne.Container
	bars []*canvas.Rectangle
}

var (
	colorCases  = color.NRGBA{R: 0x5b, G: 0x8f, B: 0xd9, A: 0xff}
	colorClosed = color.NRGBA{R: 0x4c, G: 0xaf, B: 0x50, A: 0xff}
	colorRate   = color.NRGBA{R: 0xe5, G: 0x73, B: 0x2e, A: 0xff}
)

func newTrendChart() *trendChart {
	c := &trendChart{objs: container.NewWithoutLayout()}
	c.ExtendBaseWidget(c)
	return c
}

func (c *trendChart) set(data []store.MonthCounts) {
	c.data = data
	c.Refresh()
}

// Bars returns the chart's bars as last laid out, for tests: 收集意见 and
// 办结 for each month in turn.
func (c *trendChart) Bars() []*canvas.Rectangle { return c.bars }

func (c *trendChart) CreateRenderer() fyne.WidgetRenderer { return &trendRenderer{c: c} }

type trendRenderer struct{ c *trendChart }

func (r *trendRenderer) Destroy()                     {}
func (r *trendRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.c.objs} }
func (r *trendRenderer) MinSize() fyne.Size           { return fyne.NewSize(480, 180) }
func (r *trendRenderer) Refresh()                     { r.Layout(r.c.Size()) }

func (r *trendRenderer) Layout(size fyne.Size) {
	c := r.c
	c.objs.Resize(size)
	var objs []fyne.CanvasObject
	c.bars = c.bars[:0]
	n := len(c.data)
	if n == 0 || size.Width < 50 || size.Height < 60 {
		c.objs.Objects = nil
		c.objs.Refresh()
		return
	}
	const left, bottom, top = 36, 22, 18
	plotH := size.Height - bottom - top
	plotW := size.Width - left - 40
	maxV := 1
	for _, m := range c.data {
		maxV = max(maxV, m.Cases)
	}
	text := func(s string, x, y float32, col color.Color, size float32) {
		t := canvas.NewText(s, col)
		t.TextSize = size
		t.Move(fyne.NewPos(x, y))
		objs = append(objs, t)
	}
	fg := theme.Color(theme.ColorNameForeground)
	grid := theme.Color(theme.ColorNameSeparator)
	// Axis and scale.
	base := canvas.NewLine(grid)
	base.Position1, base.Position2 = fyne.NewPos(left, top+plotH), fyne.NewPos(left+plotW, top+plotH)
	objs = append(objs, base)
	text(strconv.Itoa(maxV), 2, top-7, fg, 10)
	text("0", 2, top+plotH-7, fg, 10)
	text("100%", left+plotW+4, top-7, colorRate, 10)
	slot := plotW / float32(n)
	bw := slot * 0.32
	var prev fyne.Position
	for i, m := range c.data {
		x := left + float32(i)*slot + slot*0.14
		for j, v := range []int{m.Cases, m.Closed} {
			h := plotH * float32(v) / float32(maxV)
			bar := canvas.NewRectangle([]color.Color{colorCases, colorClosed}[j])
			bar.Move(fyne.NewPos(x+float32(j)*bw, top+plotH-h))
			bar.Resize(fyne.NewSize(bw, h))
			objs = append(objs, bar)
			c.bars = append(c.bars, bar)
		}
		label := fmt.Sprintf("%d月", m.Month.Month())
		if i == 0 || m.Month.Month() == time.January {
			label = fmt.Sprintf("%02d年", m.Month.Year()%100) + label
		}
		text(label, x-2, top+plotH+3, fg, 10)
		if m.Cases > 0 {
			p := fyne.NewPos(x+bw, top+plotH*(1-float32(m.Rate())))
			dot := canvas.NewCircle(colorRate)
			dot.Move(p.Subtract(fyne.NewPos(3, 3)))
			dot.Resize(fyne.NewSize(6, 6))
			objs = append(objs, dot)
			if prev != (fyne.Position{}) {
				l := canvas.NewLine(colorRate)
				l.StrokeWidth = 2
				l.Position1, l.Position2 = prev, p
				objs = append(objs, l)
			}
			prev = p
		}
	}
	// Legend.
	for i, it := range []struct {
		name string
		col  color.Color
	}{{"收集意见", colorCases}, {"办结", colorClosed}, {"解决率", colorRate}} {
		x := left + float32(i)*90
		sw := canvas.NewRectangle(it.col)
		sw.Move(fyne.NewPos(x, 2))
		sw.Resize(fyne.NewSize(10, 10))
		objs = append(objs, sw)
		text(it.name, x+14, 0, fg, 11)
	}
	c.objs.Objects = objs
	c.objs.Refresh()
}
