package ui

import (
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/store/calendar/calendartest"
	"deputydesk/sync/hub"
)

func hasText(texts []string, want string) bool {
	for _, t := range texts {
		if strings.Contains(t, want) {
			return true
		}
	}
	return false
}

func TestSyncScreen(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	f := &factory{t: t, db: db}
	// Set up five months ago, so the months since then are due.
	today := calendartest.Today(t, "2026-11-20")
	db.Now = calendar.Fixed(today.AddDate(0, -5, -10))
	f.township()
	db.Now = calendar.Fixed(today)
	last := store.ReportMonth(today) // the last month that is over
	f.deputy("王建国", store.Levels(store.TownshipLv))
	h, err := hub.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()
	// A bundle the hub refused, before the secretary set anything up.
	refused, _ := db.QueueBundle(ctx, "ledger", "2026-09", func(store.BundleSlot) (string, []byte, error) {
		return "城关镇 2026年9月 月度台账", []byte("zip"), nil
	})
	db.MarkAttemptFailed(ctx, refused.ID, "乡镇“城关镇”（代码 140728100）未在县级平台登记", true)

	mw := newWindow(t, test.NewTempApp(t), db)
	// The 首页 reminds of the months not delivered and leads to 上报.
	mw.Show(ScreenDashboard)
	dash := mw.screens[ScreenDashboard].(*dashboardScreen)
	// The most recent month comes first: last month, due on the 5th, then
	// the month before it, overdue; never the month still running.
	lastState := "已逾期未上报"
	if !today.After(calendar.ReportDue(last, 5)) {
		lastState = "尚未上报"
	}
	want := "上报提醒：" + last.Chinese() + "月度台账" + lastState
	if !dash.sync.box.Visible() || !strings.HasPrefix(dash.sync.text.Text, want) ||
		!strings.Contains(dash.sync.text.Text, last.Prev().Chinese()+"月度台账已逾期未上报") ||
		strings.Contains(dash.sync.text.Text, calendar.MonthOf(today).Chinese()+"月度台账") {
		t.Errorf("on %s dashboard reminder %q, want it to begin %q", calendar.Today(today), dash.sync.text.Text, want)
	}
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		os.MkdirAll(dir, 0o755)
		out, _ := os.Create(filepath.Join(dir, "dashboard-sync-reminder.png"))
		png.Encode(out, mw.win.Canvas().Capture())
		out.Close()
	}
	test.Tap(findButton(t, mw.win, "去上报"))
	if mw.Current() != ScreenSync {
		t.Fatalf("去上报 opened %q", mw.Current())
	}
	s := mw.screens[ScreenSync].(*syncScreen)
	texts := shownTexts(mw.win)
	if !hasText(texts, "尚未设置县级平台地址") || !hasText(texts, "失败：乡镇“城关镇”") {
		t.Fatalf("screen shows %v", texts)
	}
	if !hasText(texts, "提醒：") {
		t.Errorf("no reminder for the undelivered months: %v", texts)
	}

	// Settings: a bad address is refused in Chinese, a good one saved.
	test.Tap(findButton(t, mw.win, "上报设置"))
	d := s.settings
	test.Type(d.hub, "ftp://county")
	d.save()
	if !strings.Contains(d.errMsg.Text, "县级平台地址") {
		t.Errorf("bad URL message %q", d.errMsg.Text)
	}
	d.hub.SetText(srv.URL)
	d.save()
	if set, _ := db.SyncSettings(ctx); set.HubURL != srv.URL {
		t.Fatalf("hub URL not saved: %+v", set)
	}

	// Enrol through the request file, then queue the register.
	req := filepath.Join(t.TempDir(), "enrol.json")
	if err := s.writeEnrolRequest(req); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(req)
	if _, err := h.Enrol(ctx, b); err != nil {
		t.Fatal(err)
	}
	test.Tap(findButton(t, mw.win, "生成上报包"))
	q := s.queueDlg
	q.kind.SetSelected("代表名册")
	if q.period.Text != last.String() {
		t.Errorf("on %s the 上报 period offered is %q, want %s", calendar.Today(today), q.period.Text, last)
	}
	q.period.SetText("2026-13")
	q.submit()
	if !strings.Contains(q.errMsg.Text, "格式应为年月") {
		t.Errorf("bad period message %q", q.errMsg.Text)
	}
	q.period.SetText(last.String())
	q.submit()
	// One pass of the worker, as the background loop would run it.
	if res, err := s.worker.Pass(ctx); err != nil || res.Delivered != 1 {
		t.Fatalf("delivery: %+v %v", res, err)
	}
	s.reload()
	if texts = shownTexts(mw.win); !hasText(texts, "已上报（回执 ") {
		t.Errorf("delivered bundle not shown: %v", texts)
	}

	// Retry the refused bundle from its row; cancel it again.
	for i, it := range s.items {
		if it.ID == refused.ID {
			s.list.Select(i)
		}
	}
	if s.actions == nil || s.actions.retry.Disabled() || s.actions.cancel.Disabled() {
		t.Fatal("actions for a failed bundle not offered")
	}
	test.Tap(s.actions.cancel)
	if got, _ := db.OutboxItem(ctx, refused.ID); got.State != store.OutboxCancelled {
		t.Errorf("cancel: %s", got.State.Label())
	}
	for i, it := range s.items {
		if it.State == store.OutboxDelivered {
			s.list.Select(i)
		}
	}
	if !s.actions.retry.Disabled() || !s.actions.cancel.Disabled() {
		t.Error("a delivered bundle can be retried or cancelled")
	}
	s.actions.dlg.Hide()

	for _, o := range mw.win.Canvas().Overlays().List() {
		mw.win.Canvas().Overlays().Remove(o)
	}
	s.reload()
	if texts = shownTexts(mw.win); !hasText(texts, "已取消") {
		t.Errorf("cancelled bundle not listed: %v", texts)
	}
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		os.MkdirAll(dir, 0o755)
		// A new window over the same file, as the secretary opens it; the
		// test driver's capture does not repaint rows a List gains later.
		fresh := newWindow(t, test.NewTempApp(t), db)
		fresh.Show(ScreenSync)
		out, _ := os.Create(filepath.Join(dir, "sync-screen.png"))
		png.Encode(out, fresh.win.Canvas().Capture())
		out.Close()
	}
}

// findButton finds a visible button by its text.
func findButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	roots := append([]fyne.CanvasObject{w.Canvas().Content()}, w.Canvas().Overlays().List()...)
	for _, r := range roots {
		for _, o := range test.LaidOutObjects(r) {
			if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
				return b
			}
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}
