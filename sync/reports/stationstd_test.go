package reports_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"deputydesk/sync/bundle"
	"deputydesk/sync/outbox"
	"deputydesk/sync/reports"
)

func TestRegisterBundleCarriesStationStandards(t *testing.T) {
	ctx := t.Context()
	db := demoDB(t)
	it, err := outbox.Queue(ctx, db, reports.Providers(db), bundle.Register, "2026-11")
	if err != nil {
		t.Fatal(err)
	}
	b := open(t, db, it.ID)
	if got := figure(t, b, "stations_total"); got != 4 {
		t.Errorf("stations %v", got)
	}
	if got := figure(t, b, "stations_model"); got != 1 {
		t.Errorf("示范站 %v", got)
	}
	if got := figure(t, b, "liaison_pairs"); got != 15 {
		t.Errorf("双联系结对 %v", got)
	}
	if got := figure(t, b, "liaison_behind"); got < 1 || got >= 15 {
		t.Errorf("双联系本期未走访 %v", got)
	}
	if nOpen, closed := figure(t, b, "hotline_open"), figure(t, b, "hotline_closed"); nOpen < 1 || closed < 10 {
		t.Errorf("12345工单 open %v closed %v", nOpen, closed)
	}
	if got := figure(t, b, "procuratorate_clues"); got != 6 {
		t.Errorf("线索 %v", got)
	}
	if got := figure(t, b, "procuratorate_suggestions"); got != 3 {
		t.Errorf("检察建议 %v", got)
	}
	// 述职: none yet this year (the demo's groups report in December); last
	// year's register counts the six groups' 述职 and the voters' 测评.
	if got := figure(t, b, "shuzhi_held"); got != 0 {
		t.Errorf("述职 this year %v", got)
	}
	last, err := outbox.Queue(ctx, db, reports.Providers(db), bundle.Register, "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	lb := open(t, db, last.ID)
	if got := figure(t, lb, "shuzhi_held"); got != 6 {
		t.Errorf("述职 last year %v", got)
	}
	if got, rated := figure(t, lb, "shuzhi_deputies"), figure(t, lb, "shuzhi_rated"); got < 40 || rated != got {
		t.Errorf("述职代表 %v, rated %v", got, rated)
	}
	if got := figure(t, lb, "shuzhi_rate"); got < 80 || got > 100 {
		t.Errorf("满意率 %v", got)
	}
	pdf := b.Files["stations-2026-11.pdf"]
	if len(pdf) == 0 {
		t.Fatal("no stations overview in the bundle")
	}
	path := filepath.Join(t.TempDir(), "s.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").CombinedOutput()
	if err != nil {
		t.Fatal(err, string(out))
	}
	if text := strings.ReplaceAll(string(out), " ", ""); !strings.Contains(text, "联络站标准化建设情况总览") || !strings.Contains(text, "石桥村代表联络点") {
		t.Errorf("overview text:\n%s", text)
	}
}
