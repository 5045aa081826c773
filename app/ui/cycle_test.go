package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/demo"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

// clicks performs a task by taps on the real widgets, as the secretary
// would, and counts them. Every widget tapped must lie inside the window and
// inside the visible part of every scroll around it: a widget that would
// need scrolling to reach fails the test.
type clicks struct {
	t     *testing.T
	w     fyne.Window
	n     int
	steps []string
}

func (c *clicks) count(what string, taps int) {
	c.n += taps
	c.steps = append(c.steps, fmt.Sprintf("%2d. %s（%d）", len(c.steps)+1, what, taps))
}

// reachable fails unless o is shown, inside the window and not scrolled
// out of view.
func (c *clicks) reachable(what string, o fyne.CanvasObject) {
	c.t.Helper()
	roots := append([]fyne.CanvasObject{c.w.Canvas().Content()}, c.w.Canvas().Overlays().List()...)
	var path []fyne.CanvasObject
	for i := len(roots) - 1; i >= 0 && path == nil; i-- {
		path = pathTo(roots[i], o)
	}
	if path == nil {
		c.t.Fatalf("%s: not on screen", what)
	}
	d := fyne.CurrentApp().Driver()
	pos, size := d.AbsolutePositionForObject(o), o.Size()
	win := c.w.Canvas().Size()
	if size.Width == 0 || size.Height == 0 || pos.X < 0 || pos.Y < 0 || pos.X+size.Width > win.Width+0.5 || pos.Y+size.Height > win.Height+0.5 {
		c.t.Fatalf("%s lies at %v %v, outside the %v window", what, pos, size, win)
	}
	for _, p := range path {
		if !p.Visible() {
			c.t.Fatalf("%s is hidden", what)
		}
		if s, ok := p.(*container.Scroll); ok {
			sp := d.AbsolutePositionForObject(s)
			if pos.Y < sp.Y-0.5 || pos.Y+size.Height > sp.Y+s.Size().Height+0.5 {
				c.t.Fatalf("%s lies at y %.0f–%.0f, outside its scroll's view %.0f–%.0f: it needs scrolling",
					what, pos.Y, pos.Y+size.Height, sp.Y, sp.Y+s.Size().Height)
			}
		}
	}
}

// pathTo is the chain of objects from root down to o, nil if o is not there.
func pathTo(root, o fyne.CanvasObject) []fyne.CanvasObject {
	if root == o {
		return []fyne.CanvasObject{root}
	}
	var kids []fyne.CanvasObject
	switch x := root.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		if p := pathTo(k, o); p != nil {
			return append([]fyne.CanvasObject{root}, p...)
		}
	}
	return nil
}

func (c *clicks) tap(what string, b interface {
	fyne.Tappable
	fyne.CanvasObject
}) {
	c.t.Helper()
	c.reachable(what, b)
	test.Tap(b)
	c.count(what, 1)
}

// typeIn is a tap into the entry and the typing.
func (c *clicks) typeIn(what string, e *widget.Entry, text string) {
	c.t.Helper()
	c.reachable(what, e)
	test.Tap(e)
	test.Type(e, text)
	c.count(what+"：输入“"+text+"”", 1)
}

// choose is a tap on the select and one on the option.
func (c *clicks) choose(what string, s *widget.Select, option string) {
	c.t.Helper()
	c.reachable(what, s)
	s.SetSelected(option)
	if s.Selected != option {
		c.t.Fatalf("%s: %q is not an option", what, option)
	}
	c.count(what+"：选“"+option+"”", 2)
}

// TestMonthlyCycleInFewClicks performs the secretary's monthly round on a
// 1366×768 screen (the window 1280×680): next month's roster, one reception
// with two cases on today's duty, the month's ledger as Excel and PDF — in
// at most 25 taps and with no scrolling.
func TestMonthlyCycleInFewClicks(t *testing.T) {
	home := chooserHome(t)
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, calendar.Beijing) }
	if err := demo.Fill(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	// Today is a day of the month with a duty not yet received.
	m := calendar.MonthOf(db.Now())
	ds, _ := db.Duties(ctx, store.DutyFilter{From: m.FirstDay(), To: m.LastDay()})
	var today store.Duty
	for _, d := range ds {
		if !d.Held {
			today = d
			break
		}
	}
	if today.ID == "" {
		t.Fatal("the demo has no open duty this month")
	}
	day, _ := time.ParseInLocation("2006-01-02", today.Date, calendar.Beijing)
	db.Now = func() time.Time { return day.Add(10 * time.Hour) }
	next := m.Next()
	if n, _ := db.Duties(ctx, store.DutyFilter{From: next.FirstDay(), To: next.LastDay()}); len(n) > 0 {
		for _, d := range n {
			db.DeleteDuty(ctx, d.ID)
		}
	}

	a := test.NewTempApp(t)
	a.Preferences().SetString(prefScreen, ScreenDashboard)
	mw := NewMainWindow(a, db)
	mw.win.Resize(fyne.NewSize(1280, 680))
	c := &clicks{t: t, w: mw.win}

	// 1. Next month's roster.
	c.tap("导航：值班表", mw.navBtns[ScreenRoster])
	rs := mw.screens[ScreenRoster].(*rosterScreen)
	c.tap("生成下月值班表", rs.genNext)
	if n, _ := db.Duties(ctx, store.DutyFilter{From: next.FirstDay(), To: next.LastDay()}); len(n) == 0 {
		t.Fatalf("no duties generated for %s: %s", next.Chinese(), mw.Status())
	}
	capture(t, mw.win, "cycle-1-roster")

	// 2. Today's reception with two cases.
	c.tap("导航：接待记录", mw.navBtns[ScreenReceptions])
	recs := mw.screens[ScreenReceptions].(*receptionScreen)
	c.tap("新增接待记录", recs.add)
	f := mw.lastReception
	if f == nil {
		t.Fatal("no reception form")
	}
	if len(f.deputies.ids()) == 0 || f.Station.Selected == "" {
		t.Fatalf("the form is not filled in from today's duty: station %q", f.Station.Selected)
	}
	c1 := f.Cases[0]
	c.typeIn("第1件·反映人", c1.Name, "张大爷")
	c.choose("第1件·类别", c1.Category, "政策咨询")
	c.typeIn("第1件·反映内容", c1.Content, "咨询城乡居民医保缴费标准。")
	c.typeIn("第1件·当场答复", c1.Answer, "代表当场解释了缴费标准")
	c.tap("添加一件反映事项", f.AddCaseBtn)
	c2 := f.Cases[1]
	c.typeIn("第2件·反映人", c2.Name, "刘桂珍")
	c.choose("第2件·类别", c2.Category, "基础设施")
	c.typeIn("第2件·反映内容", c2.Content, "村口道路积水。")
	c.choose("第2件·办理方式", c2.Disposition, store.DispAssigned)
	c.typeIn("第2件·主办单位", c2.Unit, "镇村镇建设办公室")
	capture(t, mw.win, "cycle-2-reception")
	c.tap("保存接待记录和事项", f.Save)
	if f.Saved == nil {
		t.Fatalf("the reception was not saved: %q", f.fields.summary.Text)
	}

	// 3. The month's ledger, Excel and PDF.
	c.tap("导航：首页", mw.navBtns[ScreenDashboard])
	dash := mw.screens[ScreenDashboard].(*dashboardScreen)
	c.tap("导出本月台账", dash.exportBoth)
	ch := dash.lastChooser
	capture(t, mw.win, "cycle-3-export")
	c.tap("保存（文件对话框）", ch.confirm)
	for _, ext := range []string{".xlsx", ".pdf"} {
		p := filepath.Join(home, "桌面", dash.ledgerName()+ext)
		if st, err := os.Stat(p); err != nil || st.Size() < 1000 {
			t.Fatalf("the ledger %s was not written: %v", ext, err)
		}
	}
	t.Logf("monthly cycle: %d taps\n%s", c.n, strings.Join(c.steps, "\n"))
	if c.n > 25 {
		t.Errorf("the monthly cycle takes %d taps, more than 25", c.n)
	}

	// A second export into the same folder asks before it replaces them.
	pdf := filepath.Join(home, "桌面", dash.ledgerName()+".pdf")
	if err := os.WriteFile(pdf, []byte("上次的台账"), 0o644); err != nil {
		t.Fatal(err)
	}
	test.Tap(dash.exportBoth)
	test.Tap(dash.lastChooser.confirm)
	if !strings.Contains(strings.Join(shownTexts(mw.win), " "), "要用本次导出的替换吗") {
		t.Fatalf("no question before replacing the ledger files: %q", shownTexts(mw.win))
	}
	test.Tap(findButton(t, mw.win, "替换"))
	if st, err := os.Stat(pdf); err != nil || st.Size() < 1000 {
		t.Fatalf("the ledger was not written again after 替换: %v", err)
	}
}
