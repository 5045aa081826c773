package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"deputydesk/store"
)

func TestProjectsScreenVoteSitesAndDashboard(t *testing.T) {
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC) }
	ctx := t.Context()
	f := &factory{t: t, db: db}
	f.township()
	a := f.deputy("王建国", store.Levels(store.TownshipLv))
	b := f.deputy("李秀英", store.Levels(store.TownshipLv))
	for _, d := range []string{"张志刚", "刘桂珍", "陈永德"} {
		f.deputy(d, store.Levels(store.TownshipLv))
	}
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.win.Resize(fyne.NewSize(1366, 768))
	mw.Show(ScreenProjects)
	s := mw.screens[ScreenProjects].(*projectScreen)
	if !shows(mw.win, "2027年还没有民生实事候选项目") {
		t.Fatalf("empty year: %v", shownTexts(mw.win))
	}

	// Candidates through the form; a bad budget is named beside its field.
	for _, title := range []string{"农村道路硬化提升工程", "村级养老服务站建设", "村庄路灯亮化工程"} {
		form := s.EditProject(store.Project{Year: 2027, Source: "部门申报"})
		form.title.SetText(title)
		form.dept.SetText("镇村镇建设办公室")
		form.budget.SetText("一百")
		if form.Save() || form.fields.message("Budget") == "" {
			t.Fatal("bad budget not shown beside 投资")
		}
		form.budget.SetText("120")
		if !form.Save() {
			t.Fatalf("save %s: %v", title, shownTexts(mw.win))
		}
	}
	if len(s.book.Projects) != 3 {
		t.Fatalf("%d candidates", len(s.book.Projects))
	}
	if err := db.SaveProjectVote(ctx, &store.ProjectVote{Year: 2027, Session: "城关镇第十八届人民代表大会第七次会议", Choose: 2, VoteDay: "2027-01-12"}); err != nil {
		t.Fatal(err)
	}
	s.reload()

	// The tally: a count over 实到 is refused with the item's name, nothing saved.
	tf := s.OpenTally()
	tf.heads[2].SetText("5")
	ids := []string{s.book.Projects[0].ID, s.book.Projects[1].ID, s.book.Projects[2].ID}
	set := func(id string, v ...string) {
		for k, e := range tf.rows[id] {
			e.SetText(v[k])
		}
	}
	set(ids[0], "4", "1", "0")
	set(ids[1], "5", "1", "0")
	set(ids[2], "2", "2", "1")
	if tf.Save() || !shows(mw.win, "村级养老服务站建设") {
		t.Fatal("over-counted tally saved or not named")
	}
	if v, _ := db.ProjectVoteFor(ctx, 2027); v.Tallied {
		t.Fatal("bad tally stored")
	}
	for mw.win.Canvas().Overlays().Top() != nil {
		mw.win.Canvas().Overlays().Remove(mw.win.Canvas().Overlays().Top())
	}
	tf = s.OpenTally()
	tf.heads[2].SetText("5")
	set(ids[0], "4", "1", "0")
	set(ids[1], "5", "0", "0")
	set(ids[2], "2", "2", "1")
	if !tf.Save() {
		t.Fatalf("tally: %v", shownTexts(mw.win))
	}
	if len(s.book.Chosen()) != 2 || !shows(mw.win, "第1名当选") || !shows(mw.win, "未当选") {
		t.Fatalf("after tally: %v", shownTexts(mw.win))
	}

	// Clearing the tally asks; once 点位 exist it is refused (below).
	if c := s.AskClearTally(); c == nil || !strings.Contains(c.message.Text, "2027年") {
		t.Fatal("clear tally does not ask")
	}
	for mw.win.Canvas().Overlays().Top() != nil {
		mw.win.Canvas().Overlays().Remove(mw.win.Canvas().Overlays().Top())
	}
	// A 点位 of the first chosen item, led by two deputies, then 销号.
	s.Select(ids[1])
	sf := s.EditSite(store.ProjectSite{ProjectID: ids[1]})
	sf.location.SetText("石桥村")
	sf.content.SetText("新建日间照料中心")
	if sf.Save() || sf.fields.message("DeputyIDs") == "" {
		t.Fatal("a 点位 without deputies saved")
	}
	sf.deputies.set(a.ID, true)
	sf.deputies.set(b.ID, true)
	if !sf.Save() {
		t.Fatalf("site: %v", shownTexts(mw.win))
	}
	s2 := s.EditSite(store.ProjectSite{ProjectID: ids[1]})
	s2.location.SetText("河东村")
	s2.deputies.set(b.ID, true)
	if !s2.Save() {
		t.Fatal("second site")
	}
	done := s.EditSite(s.sites[0])
	done.done.SetText("2027-03-10")
	if done.Save() || done.fields.message("Evidence") == "" {
		t.Fatal("销号 without a note saved")
	}
	done.proof.SetText("代表现场查看，已投入使用")
	if !done.Save() || !shows(mw.win, "已销号 1/2") {
		t.Fatalf("销号: %v", shownTexts(mw.win))
	}
	if !shows(mw.win, "王建国、李秀英") {
		t.Errorf("responsible deputies not listed: %v", shownTexts(mw.win))
	}
	// A fresh window to look at: the test driver does not redraw a list
	// that was walked while it was empty.
	look := newWindow(t, test.NewTempApp(t), db)
	look.win.Resize(fyne.NewSize(1366, 768))
	look.Show(ScreenProjects)
	look.screens[ScreenProjects].(*projectScreen).Select(ids[1])
	capture(t, look.win, "projects")
	look.screens[ScreenProjects].(*projectScreen).EditSite(s.sites[0])
	capture(t, look.win, "projects-site")

	s.AskClearTally().ok.OnTapped()
	if v, _ := db.ProjectVoteFor(ctx, 2027); !v.Tallied || !shows(mw.win, "不能清除计票结果") {
		t.Fatalf("tally cleared with 点位: %v", shownTexts(mw.win))
	}
	for mw.win.Canvas().Overlays().Top() != nil {
		mw.win.Canvas().Overlays().Remove(mw.win.Canvas().Overlays().Top())
	}

	// The 首页 shows the progress per item.
	mw.Show(ScreenDashboard)
	dash := mw.screens[ScreenDashboard].(*dashboardScreen)
	if txt := dash.projects.Text(); !strings.Contains(txt, "村级养老服务站建设　销号 1/2") || !strings.Contains(txt, "点位销号 1/2") {
		t.Fatalf("dashboard: %q", txt)
	}
	capture(t, mw.win, "projects-dashboard")

	// The papers write from the screen.
	mw.Show(ScreenProjects)
	dir := t.TempDir()
	for _, k := range []string{"ballot", "result", "progress", "xlsx"} {
		p := filepath.Join(dir, k)
		if err := s.WritePaper(k, p); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if st, err := os.Stat(p); err != nil || st.Size() < 1000 {
			t.Fatalf("%s: %v", k, err)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, _ := exec.Command("pdftotext", filepath.Join(dir, "progress"), "-").Output()
		if !strings.Contains(string(out), "石桥村") || !strings.Contains(string(out), "已投入使用") {
			t.Errorf("progress sheet: %s", out)
		}
	}

	// Survey after the year's work; deleting a 点位 asks first.
	sv := s.OpenSurvey()
	for k, e := range sv.rows[ids[1]] {
		e.SetText([]string{"4", "1", "0"}[k])
	}
	if !sv.Save() {
		t.Fatalf("survey: %v", shownTexts(mw.win))
	}
	if p, _ := db.Project(ctx, ids[1]); p.SatGood != 4 || p.SatFair != 1 {
		t.Fatalf("survey stored %+v", p)
	}
	del := s.EditSite(s.sites[1])
	del.Remove.OnTapped()
	if mw.lastConfirm == nil || !strings.Contains(mw.lastConfirm.message.Text, "河东村") {
		t.Fatal("no delete confirmation")
	}
	mw.lastConfirm.ok.OnTapped()
	if sites, _ := db.ProjectSites(ctx, store.SiteFilter{ProjectID: ids[1]}); len(sites) != 1 {
		t.Fatalf("%d sites after delete", len(sites))
	}
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("Latin words: %v", bad)
	}
}
