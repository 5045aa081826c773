package ui

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"deputydesk/app/demo"
	"deputydesk/store"
)

// latinWord is a run of two or more Latin letters; allowedLatin are the
// names a secretary knows by their Latin spelling.
var (
	latinWord    = regexp.MustCompile(`[A-Za-z]{2,}`)
	allowedLatin = map[string]bool{"Excel": true, "PDF": true, "pdf": true, "QR": true, "xlsx": true, "USB": true, "ics": true,
		"Outlook": true, "WPS": true, "ID": true, "JPEG": true, "PNG": true, "jpg": true, "png": true, "zip": true}
)

// drawnTexts is every text drawn in the window, dialogs included: labels,
// buttons, placeholders, selections and the canvas texts inside widgets.
func drawnTexts(w fyne.Window) []string {
	var out []string
	roots := append([]fyne.CanvasObject{w.Canvas().Content()}, w.Canvas().Overlays().List()...)
	for _, r := range roots {
		for _, o := range test.LaidOutObjects(r) {
			if !o.Visible() {
				continue
			}
			switch x := o.(type) {
			case *canvas.Text:
				out = append(out, x.Text)
			case *widget.Entry:
				if x.Text == "" {
					out = append(out, x.PlaceHolder)
				}
			case *widget.Select:
				if x.Selected == "" {
					out = append(out, x.PlaceHolder)
				}
			case *widget.Label:
				out = append(out, x.Text)
			case *widget.Button:
				out = append(out, x.Text)
			case *widget.Check:
				out = append(out, x.Text)
			}
		}
	}
	return out
}

// Data that is Latin by nature is not wording: file paths and codes such as
// the 代表证号 HS18-040.
var (
	pathOrCode = regexp.MustCompile(`(/|[A-Z]:\\)[^\s，。；）]*|[A-Za-z]+[0-9][A-Za-z0-9-]*`)
)

// latinIn returns the Latin words shown in the window that are not allowed names.
func latinIn(w fyne.Window) []string {
	var bad []string
	for _, s := range drawnTexts(w) {
		s = pathOrCode.ReplaceAllString(s, "")
		for _, word := range latinWord.FindAllString(s, -1) {
			if !allowedLatin[word] {
				bad = append(bad, word+" in "+strings.TrimSpace(s))
			}
		}
	}
	return bad
}

func TestNoLatinWordsOnAnyScreenOrDialog(t *testing.T) {
	chooserHome(t) // the file dialogs list a secretary's folders, not the build machine's
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }
	if err := demo.Fill(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.win.Resize(fyne.NewSize(1366, 768))
	found := map[string][]string{}
	look := func(where string) {
		if bad := latinIn(mw.win); len(bad) > 0 {
			found[where] = bad
		}
	}
	closeDialogs := func() {
		for mw.win.Canvas().Overlays().Top() != nil {
			mw.win.Canvas().Overlays().Remove(mw.win.Canvas().Overlays().Top())
		}
	}
	// A few changes so the 操作日志 and the 回收站 have rows of every kind.
	deps, _ := db.Deputies(ctx, store.DeputyFilter{})
	o := store.Opinion{DeputyID: deps[0].ID, Day: "2026-11-10", Title: "村道路灯不亮"}
	db.SaveOpinion(ctx, &o)
	o.Adopted = true
	db.SaveOpinion(ctx, &o)
	for _, name := range mw.ScreenNames() {
		mw.Show(name)
		look("screen " + name)
	}
	dialogs := map[string]func(){
		"新增接待记录": func() { mw.NewReception() },
		"事项":     func() { cs, _ := db.Cases(ctx, store.CaseFilter{Limit: 1}); v := mw.OpenCase(cs[0].ID); mw.EditCase(v) },
		"修改接待": func() {
			rs, _ := db.Receptions(ctx, store.ReceptionFilter{From: "2026-11-01"})
			mw.ShowReception(rs[0].ID)
			look("dialog 接待记录")
			closeDialogs()
			mw.EditReception(rs[0].ID)
		},
		"代表":   func() { mw.EditDeputy(deps[0].ID) },
		"删除代表": func() { mw.AskDeleteDeputy(deps[0].ID) },
		"新代表":  func() { mw.EditDeputy("") },
		"小组": func() {
			gs, _ := db.Groups(ctx)
			mw.EditGroup(gs[0].ID)
		},
		"站点": func() {
			ss, _ := db.Stations(ctx)
			mw.EditStation(ss[0].ID)
		},
		"标准化建设": func() {
			mw.OpenStandardsOverview()
			look("dialog 标准化建设总览")
			closeDialogs()
			ss, _ := db.Stations(ctx)
			s := mw.OpenStationStandards(ss[0].ID)
			look("dialog 站点标准化建设")
			s.EditCheck(s.lists[1].Items[0].ID)
		},
		"履职活动": func() {
			mw.Show(ScreenActivities)
			mw.screens[ScreenActivities].(*activityScreen).EditActivity(store.Activity{})
		},
		"社情民意": func() {
			mw.Show(ScreenActivities)
			mw.screens[ScreenActivities].(*activityScreen).EditOpinion(store.Opinion{})
		},
		"代表建议": func() {
			mw.Show(ScreenActivities)
			mw.screens[ScreenActivities].(*activityScreen).EditSuggestion(store.Suggestion{})
		},
		"值班": func() {
			mw.Show(ScreenRoster)
			s := mw.screens[ScreenRoster].(*rosterScreen)
			s.SelectStation(s.stations[0].Name) // the rule is a station's
			s.EditRule()
			look("dialog 接待日规则")
			closeDialogs()
			s.OpenGenerate()
			look("dialog 生成值班表")
			closeDialogs()
			s.OpenLeave()
			look("dialog 请假")
			closeDialogs()
			s.OpenHolidays()
		},
		"导出本月台账": func() {
			mw.Show(ScreenDashboard)
			mw.screens[ScreenDashboard].(*dashboardScreen).askExportBoth()
		},
		"选择文件夹": func() {
			showFolderOpen(func(fyne.ListableURI, error) {}, mw.win)
		},
		"打开文件": func() {
			newFileOpen(func(fyne.URIReadCloser, error) {}, mw.win).Show()
		},
		"民生实事": func() {
			mw.Show(ScreenProjects)
			s := mw.screens[ScreenProjects].(*projectScreen)
			s.year = db.Now().Year() - 1
			s.reload()
			s.EditProject(s.book.Projects[0])
			look("dialog 民生实事项目")
			closeDialogs()
			s.OpenImport()
			look("dialog 从事项或建议生成")
			closeDialogs()
			s.OpenVote()
			look("dialog 票决设置")
			closeDialogs()
			s.OpenTally()
			look("dialog 录入计票")
			closeDialogs()
			s.OpenSurvey()
			look("dialog 满意度测评")
			closeDialogs()
			s.EditSite(s.sites[0])
		},
		"述职测评": func() {
			mw.Show(ScreenShuzhi)
			s := mw.screens[ScreenShuzhi].(*shuzhiScreen)
			s.SetYear(db.Now().Year() - 1)
			look("screen 述职测评 last year")
			f := s.Edit(s.rows[0].ID)
			look("dialog 述职")
			f.OpenTally()
		},
		"县级通知": func() {
			hol := &store.NoticeHolidays{Year: 2027, Days: []store.Holiday{{Date: "2027-02-14", Name: "春节调休", Kind: store.HolidayWork}}}
			if _, err := db.AddCountyNotice(ctx, store.CountyNotice{Serial: 1, Title: "2027年节假日安排", Holidays: hol, DeadlineDay: 10, PublishedBy: "县人大"}, []byte("signed"), "U盘"); err != nil {
				t.Fatal(err)
			}
			mw.Show(ScreenSync)
			mw.screens[ScreenSync].(*syncScreen).showNotices()
			look("dialog 县级通知列表")
			closeDialogs()
			mw.showCountyNotice(1, nil)
		},
		"考核": func() {
			mw.Show(ScreenAssessment)
			s := mw.screens[ScreenAssessment].(*assessScreen)
			s.OpenRules()
			look("dialog 评分细则")
			closeDialogs()
			s.OpenScores()
			look("dialog 请选择代表")
			closeDialogs()
			s.list.Select(0) // the scores are a deputy's
			s.OpenScores()
			look("dialog 评定分")
			closeDialogs()
			s.OpenAdjust()
			look("dialog 加减分")
			closeDialogs()
			s.OpenRect()
		},
	}
	names := make([]string, 0, len(dialogs))
	for n := range dialogs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		mw.Show(ScreenDashboard)
		dialogs[n]()
		look("dialog " + n)
		closeDialogs()
	}
	for where, bad := range found {
		t.Errorf("%s shows Latin words: %v", where, bad)
	}
}
