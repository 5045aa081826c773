// Command screenshots renders every screen of the desktop app, filled with
// the demo township, to PNG files through Fyne's headless test driver, so
// the screens can be looked at without a display.
package main

import (
	"context"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"deputydesk/app/demo"
	"deputydesk/app/report/disclose"
	"deputydesk/app/ui"
	"deputydesk/store"
)

var size = fyne.NewSize(1280, 800)

func main() {
	out := flag.String("out", "build/screenshots", "folder for the PNG files")
	flag.Parse()
	// The test driver runs Fyne calls inline only off the main goroutine;
	// on it, it defers them to a new goroutine and rendering would race.
	done := make(chan error)
	go func() { done <- run(context.Background(), *out) }()
	if err := <-done; err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "deputydesk-screens-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	db, err := store.Open(ctx, filepath.Join(tmp, "township.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	a := test.NewApp()

	shots := 0
	shot := func(name string, mw *ui.MainWindow) error {
		img := mw.Window().Canvas().Capture()
		f, err := os.Create(filepath.Join(out, name+".png"))
		if err != nil {
			return err
		}
		if err := png.Encode(f, img); err != nil {
			f.Close()
			return err
		}
		shots++
		mw.Window().Close()
		return f.Close()
	}
	open := func() *ui.MainWindow {
		mw := ui.NewMainWindow(a, db)
		mw.Window().Resize(size)
		return mw
	}

	// Before any data: the first-run settings form.
	if err := shot("01-first-run", open()); err != nil {
		return err
	}

	if err := demo.Fill(ctx, db); err != nil {
		return fmt.Errorf("fill demo data: %w", err)
	}
	deputies, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		return err
	}
	groups, err := db.Groups(ctx)
	if err != nil {
		return err
	}
	stations, err := db.Stations(ctx)
	if err != nil {
		return err
	}
	if len(deputies) == 0 || len(groups) == 0 || len(stations) == 0 {
		return fmt.Errorf("demo data incomplete: %d deputies, %d groups, %d stations", len(deputies), len(groups), len(stations))
	}

	// Every screen in the navigation, in its order, so a feature's new
	// screen is captured without editing this list.
	for i, name := range open().ScreenNames() {
		mw := open()
		mw.Show(name)
		if err := shot(fmt.Sprintf("screen-%02d-%s", i+1, name), mw); err != nil {
			return err
		}
	}
	mw := open()
	mw.Show(ui.ScreenDeputies)
	mw.EditDeputy(deputies[0].ID)
	if err := shot("06-deputy-form", mw); err != nil {
		return err
	}

	mw = open()
	mw.Show(ui.ScreenDeputies)
	f := mw.EditDeputy("")
	f.Fill(store.Deputy{Name: "赵建国", Gender: "男", Phone: "1393541234", IDNumber: "140723197503081235",
		Status: store.StatusActive, Term: "第十八届"})
	f.Save()
	if err := shot("07-deputy-form-errors", mw); err != nil {
		return err
	}

	mw = open()
	mw.Show(ui.ScreenGroups)
	mw.EditGroup(groups[0].ID)
	if err := shot("08-group-form", mw); err != nil {
		return err
	}

	mw = open()
	mw.Show(ui.ScreenStations)
	mw.EditStation(stations[0].ID)
	if err := shot("09-station-form", mw); err != nil {
		return err
	}
	mw = open()
	mw.Show(ui.ScreenStations)
	mw.OpenStandardsOverview()
	if err := shot("09b-station-standards-overview", mw); err != nil {
		return err
	}
	mw = open()
	mw.Show(ui.ScreenStations)
	mw.OpenStationStandards(stations[len(stations)-2].ID)
	if err := shot("09c-station-standards", mw); err != nil {
		return err
	}
	mw = open()
	mw.Show(ui.ScreenGroups)
	mw.OpenDisclosure(disclose.Select{GroupID: groups[0].ID})
	if err := shot("09d-group-disclosure", mw); err != nil {
		return err
	}

	leader := groups[0].LeaderID
	if leader == "" {
		leader = groups[0].MemberIDs[0]
	}
	mw = open()
	mw.Show(ui.ScreenDeputies)
	mw.AskDeleteDeputy(leader)
	if err := shot("10-delete-deputy", mw); err != nil {
		return err
	}

	mw = open()
	mw.Show(ui.ScreenGroups)
	mw.AskDeleteGroup(groups[0].ID)
	if err := shot("11-delete-group", mw); err != nil {
		return err
	}

	if err := everydayShots(ctx, db, open, shot, deputies); err != nil {
		return err
	}
	for i, tally := range []bool{false, true} {
		mw = open()
		if mw.OpenShuzhi("", tally) == nil {
			return fmt.Errorf("demo data has no 述职")
		}
		if err := shot(fmt.Sprintf("%d-shuzhi-%s", 30+i, map[bool]string{false: "form", true: "tally"}[tally]), mw); err != nil {
			return err
		}
	}

	fmt.Printf("%d screenshots in %s\n", shots, out)
	return nil
}

// everydayShots captures the everyday loop on the common 1366×768 screen:
// a reception form stopped by a bad phone (scrolled to it), a saved
// reception being edited, a case window with its timeline and next step,
// and the questions asked before a delete or a disagreeing ID number.
func everydayShots(ctx context.Context, db *store.DB, open func() *ui.MainWindow, shot func(string, *ui.MainWindow) error, deputies []store.Deputy) error {
	small := fyne.NewSize(1366, 768)
	openSmall := func(screen string) *ui.MainWindow {
		mw := open()
		mw.Window().Resize(small)
		mw.Show(screen)
		return mw
	}
	mw := openSmall(ui.ScreenReceptions)
	f := mw.NewReception()
	f.Station.SetSelected(stationName(ctx, db))
	f.CheckDeputy(deputies[0].ID, true)
	f.Cases[0].Name.SetText("张大爷")
	f.Cases[0].Category.SetSelected("政策咨询")
	f.Cases[0].Content.SetText("咨询城乡居民医保缴费标准。")
	c2 := f.AddCase()
	c2.Name.SetText("刘桂珍")
	c2.Category.SetSelected("基础设施")
	c2.Content.SetText("村口道路坑洼不平，雨天积水。")
	c2.Phone.SetText("12345")
	f.Save.OnTapped()
	if err := shot("20-reception-bad-phone", mw); err != nil {
		return err
	}
	mw = openSmall(ui.ScreenReceptions)
	rs, err := db.Receptions(ctx, store.ReceptionFilter{From: "2026-11-01"})
	if err != nil || len(rs) == 0 {
		return fmt.Errorf("no reception to edit: %v", err)
	}
	mw.ShowReception(rs[0].ID)
	if err := shot("21-reception", mw); err != nil {
		return err
	}
	mw = openSmall(ui.ScreenReceptions)
	mw.EditReception(rs[0].ID)
	if err := shot("22-reception-edit", mw); err != nil {
		return err
	}
	for i, st := range []string{"登记", "交办", "已回访"} {
		cs, err := db.Cases(ctx, store.CaseFilter{Status: st, Limit: 1})
		if err != nil || len(cs) == 0 {
			continue
		}
		mw = openSmall(ui.ScreenCases)
		mw.OpenCase(cs[0].ID)
		if err := shot(fmt.Sprintf("%d-case-%s", 23+i, st), mw); err != nil {
			return err
		}
	}
	if err := referralShots(ctx, db, openSmall, shot); err != nil {
		return err
	}
	mw = openSmall(ui.ScreenDeputies)
	d := mw.EditDeputy(deputies[1].ID)
	d.Fill(func() store.Deputy {
		x := deputies[1]
		x.IDNumber, x.BirthDate, x.Gender = "11010519491231002X", "1950-01-01", "男"
		return x
	}())
	d.Save()
	if err := shot("26-id-number-warning", mw); err != nil {
		return err
	}
	mw = openSmall(ui.ScreenChangeLog)
	if err := shot("27-change-log", mw); err != nil {
		return err
	}
	return nil
}

func stationName(ctx context.Context, db *store.DB) string {
	ss, _ := db.Stations(ctx)
	if len(ss) == 0 {
		return ""
	}
	return ss[0].Name
}

// referralShots captures a case whose 12345 work order is still open
// (scrolled to the order's step) and a 代表建议 window with its
// procuratorate 线索 and the 检察建议 that came back.
func referralShots(ctx context.Context, db *store.DB, open func(string) *ui.MainWindow, shot func(string, *ui.MainWindow) error) error {
	orders, err := db.HotlineOrders(ctx, true, "", "")
	if err != nil {
		return err
	}
	if len(orders) > 0 {
		mw := open(ui.ScreenCases)
		v := mw.OpenCase(orders[len(orders)-1].CaseID)
		if err := shot("28a-case-hotline", mw); err != nil {
			return err
		}
		mw = open(ui.ScreenCases)
		v = mw.OpenCase(orders[len(orders)-1].CaseID)
		v.ScrollToHotline()
		if err := shot("28b-case-hotline-step", mw); err != nil {
			return err
		}
	}
	rs, err := db.Referrals(ctx, store.ReferralFilter{})
	if err != nil {
		return err
	}
	sugs, err := db.Suggestions(ctx, store.RecordFilter{})
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.RefNo == "" || r.Direction != store.DirClue {
			continue
		}
		for _, sg := range sugs {
			if sg.ID == r.SuggestionID {
				mw := open(ui.ScreenActivities)
				mw.OpenSuggestion(sg)
				return shot("28c-suggestion-procuratorate", mw)
			}
		}
	}
	return nil
}
