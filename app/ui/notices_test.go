package ui

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/store/calendar/calendartest"
	"deputydesk/sync/hub"
	"deputydesk/sync/notice"
	"deputydesk/sync/outbox"
)

// TestCountyNoticeConfirmWindow: a calendar the county published reaches
// the township by the worker, shows on 首页 and 上报, and changes nothing
// until 应用 is pressed in the confirm window; 暂不应用 leaves it unapplied.
func TestCountyNoticeConfirmWindow(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	db.Now = calendar.Fixed(calendartest.Today(t, "2026-11-25"))
	f := &factory{t: t, db: db}
	f.township()
	h, err := hub.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	h.Now = db.Now
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()
	if err := db.SaveSyncSettings(ctx, &store.SyncSettings{HubURL: srv.URL, DeadlineDay: 5}); err != nil {
		t.Fatal(err)
	}
	req, _, _ := outbox.EnrolRequest(ctx, db)
	if _, err := h.Enrol(ctx, req); err != nil {
		t.Fatal(err)
	}
	hol, err := notice.ParseHolidays(2027, "国务院办公厅关于2027年部分节假日安排的通知",
		"2027-01-01 休 元旦\n2027-02-05~2027-02-12 休 春节\n2027-02-14 班 春节调休\n2027-04-05 休 清明节\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Publish(ctx, store.CountyNotice{Holidays: hol, DeadlineDay: 10}, "县人大张科长"); err != nil {
		t.Fatal(err)
	}
	if res, err := outbox.New(db).Pass(ctx); err != nil || res.Notices != 1 {
		t.Fatalf("pass: %+v %v", res, err)
	}
	before, _ := db.Holidays(ctx, "2027-01-01", "2027-12-31")

	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenDashboard)
	dash := mw.screens[ScreenDashboard].(*dashboardScreen)
	banner := dash.sync.notice
	if !dash.sync.box.Visible() || !banner.box.Visible() || !strings.HasPrefix(banner.text.Text, "县里发布了新的通知：2027年节假日安排、上报截止日") {
		t.Fatalf("首页 banner: visible %v, %q", banner.box.Visible(), banner.text.Text)
	}
	capture(t, mw.win, "dashboard-county-notice")
	test.Tap(banner.open)
	w := banner.window
	if w == nil {
		t.Fatal("no confirm window")
	}
	for _, want := range []string{"2027年节假日安排：新增 5 天，删除 7 天，修改 0 天", "新增 2027年2月10日 休 春节", "新增 2027年2月14日 班（调休上班） 春节调休",
		"删除 2027年5月1日 休 劳动节", "上报截止日：每月5日 → 每月10日"} {
		if !strings.Contains(w.changes.Text, want) {
			t.Errorf("confirm window lacks %q:\n%s", want, w.changes.Text)
		}
	}
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("confirm window shows Latin words: %v", bad)
	}
	capture(t, mw.win, "county-notice-confirm")
	// Shown is not applied.
	if hs, _ := db.Holidays(ctx, "2027-01-01", "2027-12-31"); len(hs) != len(before) {
		t.Fatalf("applied by opening the window: %d days, %d before", len(hs), len(before))
	}
	test.Tap(w.apply)
	hs, _ := db.Holidays(ctx, "2027-01-01", "2027-12-31")
	if len(hs) != len(hol.Days) {
		t.Fatalf("after 应用: %d days of 2027, want %d", len(hs), len(hol.Days))
	}
	if s, _ := db.SyncSettings(ctx); s.DeadlineDay != 10 {
		t.Fatalf("deadline after 应用: %d", s.DeadlineDay)
	}
	if banner.box.Visible() {
		t.Error("the banner stays after 应用")
	}

	// A second notice, set aside on the 上报 screen.
	if _, err := h.Publish(ctx, store.CountyNotice{DeadlineDay: 12}, "县人大张科长"); err != nil {
		t.Fatal(err)
	}
	mw.Show(ScreenSync)
	s := mw.screens[ScreenSync].(*syncScreen)
	if res, err := s.worker.Pass(ctx); err != nil || res.Notices != 1 {
		t.Fatalf("second pass: %+v %v", res, err)
	}
	s.reload()
	if !s.banner.box.Visible() || !strings.Contains(s.banner.text.Text, "上报截止日") {
		t.Fatalf("上报 banner: %q", s.banner.text.Text)
	}
	test.Tap(findButton(t, mw.win, "县级通知"))
	if s.notices == nil || s.notices.list.Length() != 2 {
		t.Fatal("notice list")
	}
	capture(t, mw.win, "county-notice-list")
	s.notices.list.Select(0)
	if s.noticeWin == nil || !strings.Contains(s.noticeWin.changes.Text, "上报截止日：每月10日 → 每月12日") {
		t.Fatal("second notice window")
	}
	test.Tap(s.noticeWin.dismiss)
	if set, _ := db.SyncSettings(ctx); set.DeadlineDay != 10 {
		t.Fatalf("暂不应用 changed the deadline to %d", set.DeadlineDay)
	}
	if n, _ := db.CountyNotice(ctx, 2); n.State != store.NoticeDismissed {
		t.Fatalf("state after 暂不应用: %s", n.State)
	}
	if s.banner.box.Visible() {
		t.Error("the banner stays after 暂不应用")
	}

	// A notice file from a USB stick that was changed is refused in Chinese.
	third, err := h.Publish(ctx, store.CountyNotice{DeadlineDay: 15}, "县人大张科长")
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "changed"+notice.FileExt)
	os.WriteFile(bad, bytes.Replace(third.Signed, []byte(`"deadline_day":15`), []byte(`"deadline_day":16`), 1), 0o644)
	if _, ok := s.importNotice(bad); ok {
		t.Fatal("a changed notice file was imported")
	}
	if texts := shownTexts(mw.win); !hasText(texts, "未导入：通知内容与县级平台的签名不符") {
		t.Errorf("refusal not shown: %v", texts)
	}
	good := filepath.Join(t.TempDir(), "county-3"+notice.FileExt)
	os.WriteFile(good, third.Signed, 0o644)
	if serial, ok := s.importNotice(good); !ok || serial != 3 {
		t.Fatalf("good file: %d %v", serial, ok)
	}
}
