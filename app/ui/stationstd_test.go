package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"deputydesk/app/demo"
	"deputydesk/store"
)

func TestStationStandardsScreens(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC) }
	if err := db.SaveTownship(ctx, &store.Township{Name: "城关镇", Code: "140723100"}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []*store.Station{
		{Name: "城关镇人大代表联络站", Kind: "代表联络站", Address: "城关镇人民政府院内一楼东侧"},
		{Name: "城关镇人大代表之家", Kind: "代表之家", Address: "文化路18号党群服务中心二楼"},
		{Name: "石桥村代表联络点", Kind: "代表联络点", Address: "石桥村村民委员会"},
	} {
		if err := db.SaveStation(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	if err := demo.FillStationStandards(ctx, db); err != nil {
		t.Fatal(err)
	}
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.win.Resize(fyne.NewSize(1366, 800))
	mw.Show(ScreenStations)

	o := mw.OpenStandardsOverview()
	if o == nil || len(o.Rows()) != 3 || o.Rows()[0][2] != "五星级" || o.Rows()[0][3] != "是" || o.Rows()[2][5] != "5/6" {
		t.Fatalf("overview rows %v", o.Rows())
	}
	capture(t, mw.win, "stations-standards-overview")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("overview shows Latin: %v", bad)
	}

	stations, _ := db.Stations(ctx)
	third := stations[2]
	s := mw.OpenStationStandards(third.ID)
	if rows := s.ItemRows(1); rows[4][1] != "未达标" || rows[4][4] != "公示栏信息未及时更新" || rows[0][5] != "1 张" {
		t.Fatalf("六统一 rows %v", rows)
	}
	capture(t, mw.win, "stations-standards-station")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("station dialog shows Latin: %v", bad)
	}

	// The item still open: fix it, with a bad date first.
	lists, _ := db.StationChecklists(ctx)
	item := lists[1].Items[4]
	f := s.EditCheck(item.ID)
	f.result.SetSelected("达标")
	f.day.SetText("十一月二十日")
	f.note.SetText("公示栏已更新到本月")
	if f.Save() {
		t.Fatal("a bad date was saved")
	}
	if checks, _ := db.StationChecks(ctx, third.ID); !strings.Contains(checks[item.ID].Note, "公示栏信息未及时更新") {
		t.Fatal("a refused save changed the check")
	}
	f.day.SetText("2026-11-22")
	if !f.Save() {
		t.Fatal("save refused")
	}
	var pic bytes.Buffer
	red := image.NewRGBA(image.Rect(0, 0, 800, 600))
	draw.Draw(red, red.Bounds(), image.NewUniform(color.RGBA{190, 22, 34, 255}), image.Point{}, draw.Src)
	png.Encode(&pic, red)
	if err := f.AddPhoto(&pic); err != nil || f.Photos() != 1 {
		t.Fatalf("photo %v, %d shown", err, f.Photos())
	}
	capture(t, mw.win, "stations-standards-check")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("check form shows Latin: %v", bad)
	}
	if err := f.AddPhoto(strings.NewReader("不是图片")); err == nil || f.Photos() != 1 {
		t.Fatal("a text file became a photo")
	}
	f.dlg.Hide()
	if rows := s.ItemRows(1); rows[4][1] != "达标" || rows[4][2] != "2026年11月22日" || rows[4][5] != "1 张" {
		t.Fatalf("row after save %v", rows[4])
	}
	if o.Rows()[2][5] != "6/6" {
		t.Fatalf("overview not refreshed: %v", o.Rows()[2])
	}

	// Rating.
	s.stars.SetSelected("四星级")
	s.model.SetChecked(true)
	if !s.SaveRating() {
		t.Fatal("rating refused")
	}
	if r, _ := db.StationRating(ctx, third.ID); r.Stars != 4 || !r.Model {
		t.Fatalf("rating %+v", r)
	}

	// Clearing a check asks first and lands in the 回收站.
	f = s.EditCheck(item.ID)
	f.AskClear()
	if !strings.Contains(mw.lastConfirm.message.Text, "1 张佐证照片") {
		t.Fatalf("confirmation %q", mw.lastConfirm.message.Text)
	}
	test.Tap(mw.lastConfirm.ok)
	if rows := s.ItemRows(1); rows[4][1] != "未检查" {
		t.Fatalf("after clearing %v", rows[4])
	}
	if tr, _ := db.Trash(ctx); len(tr) != 1 || tr[0].Entity != "station_check" {
		t.Fatalf("trash %+v", tr)
	}

	// Items are editable data.
	s.EditItem(store.ChecklistItem{ChecklistID: lists[2].ID})
	s.lastItemEditorName.SetText("有代表履职档案")
	test.Tap(findButton(t, mw.win, "保存"))
	if ls, _ := db.StationChecklists(ctx); len(ls[2].Items) != 10 || ls[2].Items[9].Label != "有代表履职档案" {
		t.Fatalf("item not added: %+v", ls[2].Items)
	}
}
