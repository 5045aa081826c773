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

	fmt.Printf("%d screenshots in %s\n", shots, out)
	return nil
}
