package ui

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
)

// newDB opens a real SQLite file in a temp folder.
func newDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "township.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// factory creates records directly in the store for tests to look at.
type factory struct {
	t  *testing.T
	db *store.DB
	n  int
}

func (f *factory) township() store.Township {
	f.t.Helper()
	tw := store.Township{Name: "城关镇", Code: "140728100", County: "平遥县", TermName: "第十八届",
		TermStart: "2021-12-28", TermEnd: "2026-12-27", Secretary: "李娟", Phone: "0354-5681234"}
	if err := f.db.SaveTownship(f.t.Context(), &tw); err != nil {
		f.t.Fatal(err)
	}
	return tw
}

func (f *factory) deputy(name string, levels store.Levels, mod ...func(*store.Deputy)) store.Deputy {
	f.t.Helper()
	f.n++
	d := store.Deputy{Name: name, Gender: "男", Levels: levels, Phone: fmt.Sprintf("139%08d", f.n),
		WorkUnit: "东关村村民委员会", Term: "第十八届"}
	for _, m := range mod {
		m(&d)
	}
	if err := f.db.SaveDeputy(f.t.Context(), &d); err != nil {
		f.t.Fatal(err)
	}
	return d
}

func (f *factory) group(name, leader string, members ...string) store.Group {
	f.t.Helper()
	g := store.Group{Name: name, LeaderID: leader, MemberIDs: members}
	if err := f.db.SaveGroup(f.t.Context(), &g); err != nil {
		f.t.Fatal(err)
	}
	return g
}

func (f *factory) station(name string, groups ...string) store.Station {
	f.t.Helper()
	s := store.Station{Name: name, Kind: "代表联络站", Address: "城关镇人民政府一楼", OpeningRule: "每月第一周的周五", GroupIDs: groups}
	if err := f.db.SaveStation(f.t.Context(), &s); err != nil {
		f.t.Fatal(err)
	}
	return s
}

func newWindow(t *testing.T, a fyne.App, db *store.DB) *MainWindow {
	t.Helper()
	mw := NewMainWindow(a, db)
	mw.win.Resize(fyne.NewSize(1280, 800))
	return mw
}

// shownTexts lists the text of every visible label in the window, dialogs
// included, so tests check what the secretary would actually see.
func shownTexts(w fyne.Window) []string {
	var out []string
	roots := append([]fyne.CanvasObject{w.Canvas().Content()}, w.Canvas().Overlays().List()...)
	for _, r := range roots {
		for _, o := range test.LaidOutObjects(r) {
			if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text != "" {
				out = append(out, l.Text)
			}
		}
	}
	return out
}

func shows(w fyne.Window, text string) bool {
	for _, s := range shownTexts(w) {
		if strings.Contains(s, text) {
			return true
		}
	}
	return false
}

func dialogOpen(w fyne.Window) bool { return w.Canvas().Overlays().Top() != nil }

func TestFirstRunAsksForTownshipThenShowsMainWindow(t *testing.T) {
	db := newDB(t)
	mw := newWindow(t, test.NewTempApp(t), db)
	f := mw.firstRun
	if f == nil || mw.Current() != "" {
		t.Fatalf("empty database: want the township form first, got screen %q", mw.Current())
	}
	if !shows(mw.win, "欢迎使用") {
		t.Fatal("first-run screen does not greet the secretary")
	}

	test.Type(f.name, "城关镇")
	test.Type(f.code, "14072810") // 8 digits: wrong
	test.Type(f.termStart, "2021年12月28日")
	test.Tap(f.save)
	if got := f.fields.message("Code"); got != "应为9位或12位数字" {
		t.Fatalf("code error next to field = %q", got)
	}
	if _, err := db.Township(t.Context()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("bad settings were saved: %v", err)
	}
	if mw.Current() != "" {
		t.Fatal("main window shown before the settings were valid")
	}

	test.Type(f.code, "0")
	test.Tap(f.save)
	tw, err := db.Township(t.Context())
	if err != nil {
		t.Fatalf("settings not saved: %v; form says %q", err, f.fields.summary.Text)
	}
	if tw.Name != "城关镇" || tw.Code != "140728100" || tw.TermStart != "2021-12-28" {
		t.Fatalf("saved %+v", tw)
	}
	if mw.Current() != ScreenDeputies || !shows(mw.win, "代表名册") || !shows(mw.win, "城关镇人大") {
		t.Fatalf("after setup want the register, got %q", mw.Current())
	}
}

func TestAddDeputyThroughFormShowsInList(t *testing.T) {
	db := newDB(t)
	(&factory{t: t, db: db}).township()
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDeputies)
	if got := mw.deputies.count.Text; got != "共 0 名代表" {
		t.Fatalf("count = %q", got)
	}

	test.Tap(mw.deputies.add)
	f := mw.deputyForm
	if f == nil || !dialogOpen(mw.win) {
		t.Fatal("新增代表 did not open the form")
	}
	if f.term.Text != "第十八届" {
		t.Errorf("new deputy's 届次 not prefilled from the township: %q", f.term.Text)
	}
	test.Type(f.name, "王秀英")
	f.gender.SetSelected("女")
	test.Type(f.ethnicity, "汉族")
	test.Type(f.birth, "1978.05")
	test.Type(f.phone, "13935412345")
	test.Type(f.unit, "西关村股份经济合作社")
	test.Tap(f.levels[store.County])
	test.Tap(f.levels[store.TownshipLv])
	f.category.SetSelected("农民")
	test.Tap(f.save)

	if dialogOpen(mw.win) {
		t.Fatalf("form still open after a valid save: %q", f.fields.summary.Text)
	}
	if got := mw.deputies.count.Text; got != "共 1 名代表" {
		t.Fatalf("count = %q", got)
	}
	if !shows(mw.win, "王秀英") || !shows(mw.win, "县、乡") || !shows(mw.win, "西关村股份经济合作社") {
		t.Fatalf("new deputy not visible in the list: %q", shownTexts(mw.win))
	}
	got, err := db.Deputies(t.Context(), store.DeputyFilter{})
	if err != nil || len(got) != 1 {
		t.Fatalf("deputies = %v, %v", got, err)
	}
	if d := got[0]; d.Gender != "女" || d.BirthDate != "1978-05" || d.Levels != store.Levels(store.County|store.TownshipLv) || d.Status != store.StatusActive {
		t.Fatalf("saved %+v", d)
	}

	// Reopen it: dates are shown the Chinese way.
	f = mw.EditDeputy(got[0].ID)
	if f.birth.Text != "1978年5月" || f.name.Text != "王秀英" {
		t.Fatalf("edit form shows birth %q name %q", f.birth.Text, f.name.Text)
	}
}

func TestBadPhoneShowsChineseErrorNextToFieldAndSavesNothing(t *testing.T) {
	db := newDB(t)
	(&factory{t: t, db: db}).township()
	mw := newWindow(t, test.NewTempApp(t), db)
	f := mw.EditDeputy("")
	test.Type(f.name, "赵建国")
	test.Type(f.phone, "1393541234") // 10 digits
	test.Tap(f.levels[store.TownshipLv])
	test.Tap(f.save)

	const want = "应为11位手机号或带区号的固定电话"
	if got := f.fields.message("Phone"); got != want {
		t.Fatalf("phone message = %q, want %q", got, want)
	}
	// The message sits in the same cell as the phone entry, right under it.
	errLabel := f.fields.errs["Phone"]
	cell := findParent(f.phone)
	if cell == nil || !contains(cell.Objects, errLabel) || errLabel.Position().Y <= f.phone.Position().Y {
		t.Fatal("phone error is not shown under the phone field")
	}
	if f.fields.message("Name") != "" {
		t.Fatalf("name wrongly flagged: %q", f.fields.message("Name"))
	}
	if !dialogOpen(mw.win) || !shows(mw.win, want) {
		t.Fatal("form closed or message not visible")
	}
	if n, _ := db.CountDeputies(t.Context()); n != 0 {
		t.Fatalf("%d deputies saved despite the bad phone", n)
	}

	// Fixing it clears the message and saves.
	f.phone.SetText("0354-5681234")
	test.Tap(f.save)
	if n, _ := db.CountDeputies(t.Context()); n != 1 {
		t.Fatalf("after fixing the phone: %d deputies; form says %q", n, f.fields.summary.Text)
	}
}

// findParent returns the container in an open dialog that holds target.
func findParent(target fyne.CanvasObject) *fyne.Container {
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		for _, r := range w.Canvas().Overlays().List() {
			for _, o := range test.LaidOutObjects(r) {
				if c, ok := o.(*fyne.Container); ok && contains(c.Objects, target) {
					return c
				}
			}
		}
	}
	return nil
}

func contains(objs []fyne.CanvasObject, o fyne.CanvasObject) bool {
	for _, x := range objs {
		if x == o {
			return true
		}
	}
	return false
}

func TestGroupLeaderWhoIsNotMemberIsRefused(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	a := fx.deputy("张卫东", store.Levels(store.TownshipLv))
	b := fx.deputy("刘桂兰", store.Levels(store.County|store.TownshipLv))
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenGroups)

	f := mw.EditGroup("")
	test.Type(f.name, "第一代表小组")
	f.Check(a.ID, true)
	f.Check(b.ID, true)
	f.SetLeader(a.ID)
	if len(f.leader.Options) != 3 {
		t.Fatalf("leader choices = %q, want none + the two members", f.leader.Options)
	}
	f.Check(a.ID, false) // the chosen leader leaves the group
	test.Tap(f.save)
	if got := f.fields.message("LeaderID"); got != "组长必须是本小组成员" {
		t.Fatalf("leader message = %q", got)
	}
	if gs, _ := db.Groups(t.Context()); len(gs) != 0 {
		t.Fatalf("group saved despite the leader: %+v", gs)
	}

	f.SetLeader(b.ID)
	test.Tap(f.save)
	gs, err := db.Groups(t.Context())
	if err != nil || len(gs) != 1 || gs[0].LeaderID != b.ID || len(gs[0].MemberIDs) != 1 {
		t.Fatalf("groups = %+v, %v; form says %q", gs, err, f.fields.summary.Text)
	}
	if got := mw.groups.count.Text; got != "共 1 个代表小组" || !shows(mw.win, "刘桂兰") {
		t.Fatalf("group list: count %q, texts %q", got, shownTexts(mw.win))
	}
	if got := mw.Status(); got != "✓ 已保存代表小组“第一代表小组”（1 名成员）" {
		t.Fatalf("no feedback after saving the group: %q", got)
	}
}

func TestDeleteDeputyConfirmationNamesGroups(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	a := fx.deputy("孙志强", store.Levels(store.TownshipLv))
	b := fx.deputy("周丽华", store.Levels(store.TownshipLv))
	g1 := fx.group("第一代表小组", a.ID, a.ID, b.ID)
	fx.group("第二代表小组", "", a.ID)
	mw := newWindow(t, test.NewTempApp(t), db)

	f := mw.EditDeputy(a.ID)
	test.Tap(f.remove)
	c := mw.lastConfirm
	if c == nil {
		t.Fatal("删除 asked nothing")
	}
	for _, want := range []string{"孙志强", "第一代表小组（组长）", "第二代表小组", "回收站"} {
		if !strings.Contains(c.message.Text, want) {
			t.Errorf("confirmation %q does not name %q", c.message.Text, want)
		}
	}
	if n, _ := db.CountDeputies(t.Context()); n != 2 {
		t.Fatal("deleted before confirming")
	}
	test.Tap(c.ok)
	if n, _ := db.CountDeputies(t.Context()); n != 1 {
		t.Fatalf("after confirming: %d deputies", n)
	}
	g, _ := db.Group(t.Context(), g1.ID)
	if len(g.MemberIDs) != 1 || g.LeaderID != "" {
		t.Fatalf("group after delete: %+v", g)
	}
	if dialogOpen(mw.win) {
		t.Fatal("dialogs left open after delete")
	}
	// What the dialog promised: the deputy waits in the 回收站.
	trash, err := db.Trash(t.Context())
	if err != nil || len(trash) != 1 {
		t.Fatalf("trash = %+v, %v", trash, err)
	}
	if got := mw.deputies.count.Text; got != "共 1 名代表" {
		t.Fatalf("count = %q", got)
	}
}

func TestDeleteGroupAndStationConfirmationsNameWhatIsAffected(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	a := fx.deputy("钱学民", store.Levels(store.TownshipLv))
	g := fx.group("东关代表小组", a.ID, a.ID)
	s := fx.station("城关镇人大代表联络站", g.ID)
	mw := newWindow(t, test.NewTempApp(t), db)

	mw.EditGroup(g.ID)
	test.Tap(mw.groupForm.remove)
	if msg := mw.lastConfirm.message.Text; !strings.Contains(msg, "钱学民") || !strings.Contains(msg, "城关镇人大代表联络站") {
		t.Errorf("group confirmation %q does not name its members and stations", msg)
	}
	mw.lastConfirm.dlg.Hide()
	mw.groupForm.dlg.Hide()

	mw.EditStation(s.ID)
	test.Tap(mw.stationForm.remove)
	if msg := mw.lastConfirm.message.Text; !strings.Contains(msg, "东关代表小组") {
		t.Errorf("station confirmation %q does not name its groups", msg)
	}
	test.Tap(mw.lastConfirm.ok)
	if st, _ := db.Stations(t.Context()); len(st) != 0 {
		t.Fatal("station not deleted")
	}
	if gs, _ := db.Groups(t.Context()); len(gs) != 1 {
		t.Fatal("deleting the station deleted its group")
	}
}

func TestSearchAndFiltersNarrowTheCount(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	a := fx.deputy("王建华", store.Levels(store.TownshipLv))
	fx.deputy("王丽", store.Levels(store.County|store.TownshipLv))
	fx.deputy("陈志刚", store.Levels(store.County), func(d *store.Deputy) {
		d.Status, d.StatusDate, d.StatusReason = store.StatusTerminated, "2025-06-30", "调离本行政区域"
		d.WorkUnit = "县交通运输局"
	})
	fx.group("第三代表小组", "", a.ID)
	mw := newWindow(t, test.NewTempApp(t), db)
	s := mw.deputies
	mw.Show(ScreenDeputies)

	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"all", func() {}, "共 3 名代表"},
		{"search 王", func() { test.Type(s.search, "王") }, "共 2 名代表（名册共 3 名）"},
		{"and 县", func() { s.levelSel.SetSelected("县人大代表") }, "共 1 名代表（名册共 3 名）"},
		{"clear search", func() { s.search.SetText("") }, "共 2 名代表（名册共 3 名）"},
		{"and 终止", func() { s.statusSel.SetSelected(store.StatusTerminated) }, "共 1 名代表（名册共 3 名）"},
		{"search unit", func() { s.search.SetText("交通") }, "共 1 名代表（名册共 3 名）"},
		{"reset", func() { s.search.SetText(""); s.levelSel.SetSelected(allLevels); s.statusSel.SetSelected(allStatuses) }, "共 3 名代表"},
		{"group", func() { s.groupSel.SetSelected("第三代表小组") }, "共 1 名代表（名册共 3 名）"},
	}
	for _, st := range steps {
		st.do()
		if got := s.count.Text; got != st.want {
			t.Fatalf("%s: count = %q, want %q", st.name, got, st.want)
		}
		if len(s.rows) != s.list.Length() {
			t.Fatalf("%s: list shows %d rows, filter has %d", st.name, s.list.Length(), len(s.rows))
		}
	}
	if s.rows[0].ID != a.ID {
		t.Fatalf("group filter shows %s", s.rows[0].Name)
	}

	s.groupSel.SetSelected(allGroups)
	if s.rows[0].Name != "陈志刚" {
		t.Fatalf("name sort puts %s first", s.rows[0].Name)
	}
	s.sortSel.SetSelected("按单位排序") // 东关村… before 县交通运输局
	if s.sortSel.Selected != "按单位排序" || s.rows[0].Name == "陈志刚" || s.rows[2].Name != "陈志刚" {
		t.Fatalf("unit sort: %s, %s, %s", s.rows[0].Name, s.rows[1].Name, s.rows[2].Name)
	}
}

func TestStationFormAddsStationWithGroups(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	a := fx.deputy("郭海燕", store.Levels(store.TownshipLv))
	g := fx.group("南街代表小组", a.ID, a.ID)
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenStations)

	f := mw.EditStation("")
	test.Type(f.name, "南街社区代表联络点")
	f.kind.SetSelected("代表联络点")
	test.Tap(f.save)
	if f.fields.message("Address") != "不能为空" || !dialogOpen(mw.win) {
		t.Fatalf("missing address not flagged: %q", f.fields.message("Address"))
	}
	test.Type(f.address, "南街社区党群服务中心")
	test.Type(f.phone, "123")
	test.Tap(f.save)
	if f.fields.message("Phone") == "" || f.fields.message("Address") != "" {
		t.Fatalf("phone %q address %q", f.fields.message("Phone"), f.fields.message("Address"))
	}
	f.phone.SetText("")
	f.groups.set(g.ID, true)
	test.Tap(f.save)
	st, err := db.Stations(t.Context())
	if err != nil || len(st) != 1 || len(st[0].GroupIDs) != 1 {
		t.Fatalf("stations = %+v, %v", st, err)
	}
	if mw.stations.count.Text != "共 1 个站点" || !shows(mw.win, "南街代表小组") {
		t.Fatalf("station list: %q", shownTexts(mw.win))
	}
	if got := mw.Status(); got != "✓ 已保存代表联络点“南街社区代表联络点”" {
		t.Fatalf("no feedback after saving the station: %q", got)
	}
	mw.stations.kindSel.SetSelected("代表之家")
	if mw.stations.count.Text != "共 0 个站点（全部 1 个）" {
		t.Fatalf("kind filter: %q", mw.stations.count.Text)
	}
}

func TestSettingsScreenEditsTownship(t *testing.T) {
	db := newDB(t)
	(&factory{t: t, db: db}).township()
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenSettings)
	f := mw.settings.form
	if f.termEnd.Text != "2026年12月27日" {
		t.Fatalf("term end shown as %q", f.termEnd.Text)
	}
	f.name.SetText("古陶镇")
	f.phone.SetText("12")
	test.Tap(f.save)
	if f.fields.message("Phone") == "" {
		t.Fatal("bad phone accepted in settings")
	}
	f.phone.SetText("13800001111")
	test.Tap(f.save)
	tw, _ := db.Township(t.Context())
	if tw.Name != "古陶镇" || tw.Phone != "13800001111" {
		t.Fatalf("township = %+v", tw)
	}
	if !shows(mw.win, "古陶镇人大") {
		t.Fatal("navigation header not updated")
	}

	// 立即备份 runs in the background and reports on the screen.
	test.Tap(mw.settings.backup)
	mw.settings.working.Wait()
	if got := mw.settings.backupResult.Text; !strings.HasPrefix(got, "已备份") || mw.settings.backup.Disabled() {
		t.Fatalf("backup result %q, button disabled %v", got, mw.settings.backup.Disabled())
	}
	list, err := store.ListBackups(db.BackupDir())
	if err != nil || len(list) != 1 {
		t.Fatalf("backups = %v, %v", list, err)
	}
	if b, err := store.Inspect(t.Context(), list[0].Path); err != nil || b.Township != "古陶镇" {
		t.Fatalf("backup holds %+v, %v", b, err)
	}
}

func TestRemembersLastScreenAndWindowSize(t *testing.T) {
	db := newDB(t)
	(&factory{t: t, db: db}).township()
	a := test.NewTempApp(t)
	mw := newWindow(t, a, db)
	mw.Show(ScreenStations)
	mw.win.Resize(fyne.NewSize(1100, 700))
	mw.rememberSize()
	mw.win.Close()

	again := NewMainWindow(a, db)
	if again.Current() != ScreenStations {
		t.Fatalf("reopened on %q", again.Current())
	}
	if s := again.win.Canvas().Size(); s.Width != 1100 || s.Height != 700 {
		t.Fatalf("reopened at %v", s)
	}
}

// TestRegisterWith300Deputies measures the register with a busy township's
// numbers: reloading (query, group names, list refresh) must stay instant.
func TestRegisterWith300Deputies(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	var ids []string
	for i := range 300 {
		lv := store.Levels(store.TownshipLv)
		if i%25 == 0 {
			lv |= store.Levels(store.County)
		}
		ids = append(ids, fx.deputy("代表"+strconv.Itoa(i), lv).ID)
	}
	for g := range 6 {
		fx.group("第"+strconv.Itoa(g+1)+"小组", ids[g*50], ids[g*50:g*50+50]...)
	}
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDeputies)
	start := time.Now()
	const n = 10
	for range n {
		mw.deputies.reload()
	}
	per := time.Since(start) / n
	t.Logf("register reload with 300 deputies: %v", per)
	if mw.deputies.count.Text != "共 300 名代表" {
		t.Fatalf("count = %q", mw.deputies.count.Text)
	}
	if per > slowdown*100*time.Millisecond {
		t.Fatalf("reload takes %v; the register must stay instant", per)
	}
	start = time.Now()
	test.Type(mw.deputies.search, "代表1")
	t.Logf("typing 3 characters of search: %v", time.Since(start))
	if mw.deputies.count.Text != "共 111 名代表（名册共 300 名）" {
		t.Fatalf("count = %q", mw.deputies.count.Text)
	}
	start = time.Now()
	f := mw.EditGroup("")
	t.Logf("open group form with 300 deputies: %v", time.Since(start))
	f.members.search.SetText("代表29")
	if got := len(f.members.shown); got != 11 {
		t.Fatalf("member search shows %d", got)
	}
}

// TestUIDoesNotTouchSQL keeps storage in the store: no file of this package
// may import database/sql or the driver.
func TestUIDoesNotTouchSQL(t *testing.T) {
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for name, f := range p.Files {
			for _, im := range f.Imports {
				if v, _ := strconv.Unquote(im.Path.Value); v == "database/sql" || strings.HasPrefix(v, "modernc.org/sqlite") {
					t.Errorf("%s imports %s; only package store may", name, v)
				}
			}
		}
	}
}

// TestChangesNameTheSecretary saves through the forms and reads who did it
// back from the change log, the 操作日志 screen and the 回收站: the
// secretary of the township set-up, and the new name once 设置 changes it.
func TestChangesNameTheSecretary(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	(&factory{t: t, db: db}).township() // secretary 李娟
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDeputies)
	test.Tap(mw.deputies.add)
	f := mw.deputyForm
	test.Type(f.name, "王秀英")
	f.gender.SetSelected("女")
	test.Type(f.phone, "13935412345")
	test.Tap(f.levels[store.TownshipLv])
	test.Tap(f.save)
	deps, _ := db.Deputies(ctx, store.DeputyFilter{})
	if len(deps) != 1 {
		t.Fatalf("deputy not saved: %q", f.fields.summary.Text)
	}
	actorOf := func(id string) string {
		t.Helper()
		cs, err := db.Changes(ctx, store.ChangeFilter{EntityID: id, Limit: 1})
		if err != nil || len(cs) == 0 {
			t.Fatalf("change log for %s: %v, %v", id, cs, err)
		}
		return cs[0].Actor
	}
	if got := actorOf(deps[0].ID); got != "李娟" {
		t.Errorf("the form's save is logged as by %q, want 李娟", got)
	}

	// The secretary changes: the next save is hers.
	mw.Show(ScreenSettings)
	sf := mw.settings.form
	sf.secretary.SetText("王芳")
	test.Tap(sf.save)
	f = mw.EditDeputy(deps[0].ID)
	f.unit.SetText("西关村股份经济合作社")
	test.Tap(f.save)
	if got := actorOf(deps[0].ID); got != "王芳" {
		t.Errorf("after renaming in 设置 the save is logged as by %q, want 王芳", got)
	}
	mw.Show(ScreenChangeLog)
	if !shows(mw.win, "王芳") {
		t.Errorf("操作日志 does not name 王芳: %q", shownTexts(mw.win))
	}
	if err := db.DeleteDeputy(ctx, deps[0].ID); err != nil {
		t.Fatal(err)
	}
	items, err := db.Trash(ctx)
	if err != nil || len(items) != 1 || items[0].Actor != "王芳" {
		t.Fatalf("回收站 = %+v, %v", items, err)
	}
}
