package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

func TestHolidayCalendarEditedInTheGUI(t *testing.T) {
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	f := &factory{t: t, db: db}
	f.township()
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenRoster)
	s := mw.screens[ScreenRoster].(*rosterScreen)
	h := s.OpenHolidays()
	h.Year.SetSelected("2027")
	if h.Announced.Checked || !strings.Contains(h.status.Text, "尚未录入") {
		t.Fatalf("2027 shown as announced: %q", h.status.Text)
	}
	before := len(h.days)

	// A bad date is refused beside the field and nothing is saved.
	h.Date.SetText("2027-02-30")
	h.Name.SetText("春节")
	h.Add()
	if h.fields.message("Date") == "" || len(h.days) != before {
		t.Fatalf("bad date accepted: %q, %d days", h.fields.message("Date"), len(h.days))
	}

	// A 调休 working Sunday from next year's announcement.
	h.Date.SetText("2027-02-14")
	h.Kind.SetSelected(kindWork)
	h.Add()
	days, _ := db.Holidays(t.Context(), "2027-02-14", "2027-02-14")
	if len(days) != 1 || days[0].Kind != store.HolidayWork || days[0].Name != "春节" {
		t.Fatalf("2027-02-14 saved as %+v", days)
	}
	if len(h.days) != before+1 || !strings.Contains(h.status.Text, "调休上班 1 天") {
		t.Fatalf("list not refreshed: %d days, %q", len(h.days), h.status.Text)
	}
	h.Announced.SetChecked(true)
	years, _ := db.HolidayYears(t.Context())
	announced := false
	for _, y := range years {
		if y.Year == 2027 {
			announced = y.Announced
		}
	}
	if !announced {
		t.Fatal("2027 not marked announced")
	}
	h.Remove("2027-02-14")
	if days, _ := db.Holidays(t.Context(), "2027-02-14", "2027-02-14"); len(days) != 0 {
		t.Fatal("day not removed")
	}
}

func TestRosterCalendarExport(t *testing.T) {
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	ctx := t.Context()
	f := &factory{t: t, db: db}
	f.township()
	a := f.deputy("王建国", store.Levels(store.TownshipLv))
	b := f.deputy("李秀英", store.Levels(store.TownshipLv))
	g := f.group("第一代表小组", a.ID, a.ID, b.ID)
	st := f.station("城关镇人大代表联络站", g.ID)
	d := &store.Duty{StationID: st.ID, Date: "2026-12-04", From: "09:00", To: "11:30", DeputyIDs: []string{a.ID, b.ID}}
	if err := db.SaveDuty(ctx, d); err != nil {
		t.Fatal(err)
	}
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenRoster)
	s := mw.screens[ScreenRoster].(*rosterScreen)
	path := filepath.Join(t.TempDir(), "值班日历.ics")
	if err := s.ExportCalendar(path); err != nil {
		t.Fatal(err)
	}
	b2, _ := os.ReadFile(path)
	text := string(b2)
	if !strings.Contains(text, "BEGIN:VEVENT") || !strings.Contains(text, "20261204") || !strings.Contains(text, "城关镇人大代表联络站") {
		t.Fatalf("calendar:\n%s", text)
	}
}

func TestSwapTwoDutiesInTheGUI(t *testing.T) {
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	ctx := t.Context()
	f := &factory{t: t, db: db}
	f.township()
	a := f.deputy("王建国", store.Levels(store.TownshipLv))
	b := f.deputy("李秀英", store.Levels(store.TownshipLv))
	g := f.group("第一代表小组", a.ID, a.ID, b.ID)
	st := f.station("城关镇人大代表联络站", g.ID)
	d1 := &store.Duty{StationID: st.ID, Date: "2026-12-04", From: "09:00", To: "11:30", DeputyIDs: []string{a.ID}}
	d2 := &store.Duty{StationID: st.ID, Date: "2026-12-18", From: "09:00", To: "11:30", DeputyIDs: []string{b.ID}}
	for _, d := range []*store.Duty{d1, d2} {
		if err := db.SaveDuty(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenRoster)
	s := mw.screens[ScreenRoster].(*rosterScreen)
	s.SetMonth(calendar.NewMonth(2026, time.December))
	form := s.OpenDuty(d1.ID)
	form.swapOut.SetSelectedIndex(0)
	form.swapIn.SetSelected("2026年12月18日 城关镇人大代表联络站 — 李秀英")
	if form.swapIn.Selected == "" {
		t.Fatalf("no such choice; choices %v", form.swapIn.Options)
	}
	form.Swap()
	got1, _ := db.Duty(ctx, d1.ID)
	got2, _ := db.Duty(ctx, d2.ID)
	if len(got1.DeputyIDs) != 1 || got1.DeputyIDs[0] != b.ID || got2.DeputyIDs[0] != a.ID || !got1.HandEdited {
		t.Fatalf("after swap: %v %v", got1.DeputyIDs, got2.DeputyIDs)
	}
}
