package cli

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/sync/hub"
)

func TestSyncCommands(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	if code, _, errOut := runCLI(t, "--db", db, "demo"); code != 0 {
		t.Fatal(errOut)
	}
	h, err := hub.Open(ctx, filepath.Join(dir, "hub"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()

	code, _, errOut := runCLI(t, "--db", db, "sync", "run")
	if code != 1 || !strings.Contains(errOut, "未设置县级平台地址") {
		t.Errorf("run without hub: %d %q", code, errOut)
	}
	code, _, errOut = runCLI(t, "--db", db, "sync", "settings", "--hub", "ftp://county")
	if code != 1 || !strings.Contains(errOut, "县级平台地址") {
		t.Errorf("bad hub URL: %d %q", code, errOut)
	}
	req := filepath.Join(dir, "enrol.json")
	code, out, errOut := runCLI(t, "--db", db, "sync", "enrol-request", "--out", req)
	if code != 0 || !strings.Contains(out, "密钥指纹") {
		t.Fatalf("enrol-request: %d %q %q", code, out, errOut)
	}
	b, _ := os.ReadFile(req)
	r, err := h.Enrol(ctx, b)
	if err != nil || !strings.Contains(out, r.Fingerprint) {
		t.Fatalf("hub enrol: %v", err)
	}
	if code, _, errOut = runCLI(t, "--db", db, "sync", "settings", "--hub", srv.URL, "--deadline-day", "6"); code != 0 {
		t.Fatal(errOut)
	}
	code, _, errOut = runCLI(t, "--db", db, "sync", "queue", "--kind", "ledger", "--period", "2026-13")
	if code != 1 || !strings.Contains(errOut, "格式应为年月") {
		t.Errorf("bad period: %d %q", code, errOut)
	}
	code, out, errOut = runCLI(t, "--db", db, "sync", "queue", "--kind", "register", "--period", "2026-11")
	if code != 0 || !strings.Contains(out, "已放入上报队列") {
		t.Fatalf("queue: %d %q %q", code, out, errOut)
	}
	_, status, _ := runCLI(t, "--db", db, "sync", "status")
	for _, want := range []string{srv.URL, "每月6日", r.Fingerprint, "代表名册", "待上报"} {
		if !strings.Contains(status, want) {
			t.Errorf("status lacks %q:\n%s", want, status)
		}
	}
	code, out, errOut = runCLI(t, "--db", db, "sync", "run")
	if code != 0 || !strings.Contains(out, "本次上报成功 1 个") || !strings.Contains(out, "已上报（回执 ") {
		t.Fatalf("run: %d %q %q", code, out, errOut)
	}
	id := regexp.MustCompile(`(?m)^  (\S+)\t`).FindStringSubmatch(func() string { _, s, _ := runCLI(t, "--db", db, "sync", "status"); return s }())
	if id == nil {
		t.Fatal("no bundle ID in status")
	}
	code, _, errOut = runCLI(t, "--db", db, "sync", "cancel", id[1])
	if code != 1 || !strings.Contains(errOut, "当前为“已上报”，不能取消上报") {
		t.Errorf("cancel delivered: %d %q", code, errOut)
	}
	stick := filepath.Join(dir, "usb")
	_, out, _ = runCLI(t, "--db", db, "sync", "export", stick)
	if !strings.Contains(out, "没有需要导出") {
		t.Errorf("export of nothing: %q", out)
	}
	code, out, errOut = runCLI(t, "--db", db, "sync", "export", stick, "--all")
	files, _ := filepath.Glob(filepath.Join(stick, "*.zip"))
	if code != 0 || len(files) != 1 {
		t.Errorf("export --all: %d %q %q %v", code, out, errOut, files)
	}
}

// TestSyncStatusUnderDeputydeskNow runs `sync status` as a script would with
// DEPUTYDESK_NOW set: the months reminded of end with the last month that is
// over on that day, not on the real one.
func TestSyncStatusUnderDeputydeskNow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	sdb, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	sdb.Now = calendar.Fixed(time.Date(2026, 1, 10, 9, 0, 0, 0, calendar.Beijing))
	if err := sdb.SaveTownship(t.Context(), &store.Township{Name: "城关镇", Code: "140728100", Secretary: "李娟"}); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	for _, tc := range []struct{ now, last, running string }{
		{"2026-07-20T10:00:00+08:00", "2026年6月", "2026年7月"},
		{"2026-12-31T23:00:00+08:00", "2026年11月", "2026年12月"},
		{"2027-01-01T08:30:00+08:00", "2026年12月", "2027年1月"},
	} {
		t.Run(tc.now[:10], func(t *testing.T) {
			t.Setenv("DEPUTYDESK_NOW", tc.now)
			code, out, errOut := runCLI(t, "--db", db, "sync", "status")
			if code != 0 {
				t.Fatalf("sync status: %s", errOut)
			}
			var months []string
			for _, m := range regexp.MustCompile(`提醒：(\d{4}年\d{1,2}月)`).FindAllStringSubmatch(out, -1) {
				months = append(months, m[1])
			}
			if len(months) == 0 || months[len(months)-1] != tc.last || strings.Contains(out, "提醒："+tc.running) {
				t.Errorf("on %s reminded of %v, want them to end with %s:\n%s", tc.now, months, tc.last, out)
			}
		})
	}
}
