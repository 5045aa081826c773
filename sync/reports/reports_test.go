package reports_test

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/assess"
	"deputydesk/app/demo"
	"deputydesk/app/roster"
	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/outbox"
	"deputydesk/sync/reports"
)

func demoDB(t *testing.T) *store.DB {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC) }
	if err := demo.Fill(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}

// open verifies a queued bundle with the township's own key.
func open(t *testing.T, db *store.DB, id string) *bundle.Bundle {
	t.Helper()
	key, _ := db.SyncKey(t.Context())
	data, err := db.OutboxData(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Verify(data, func(string) (ed25519.PublicKey, bool) { return key.Public, true })
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func figure(t *testing.T, b *bundle.Bundle, key string) float64 {
	t.Helper()
	f, _ := b.Figures()
	for _, x := range f.Figures {
		if x.Key == key {
			return x.Value
		}
	}
	t.Fatalf("no figure %s in %+v", key, f)
	return 0
}

func TestRegisterBundle(t *testing.T) {
	ctx := t.Context()
	db := demoDB(t)
	it, err := outbox.Queue(ctx, db, reports.Providers(db), bundle.Register, "2026-11")
	if err != nil {
		t.Fatal(err)
	}
	b := open(t, db, it.ID)
	serving, err := db.Deputies(ctx, store.DeputyFilter{Status: store.StatusActive})
	if err != nil {
		t.Fatal(err)
	}
	if got := figure(t, b, "deputies"); int(got) != len(serving) || got == 0 {
		t.Errorf("在任代表 %v, register has %d", got, len(serving))
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Files["register-2026-11.xlsx"]))
	if err != nil {
		t.Fatalf("register workbook: %v", err)
	}
	defer f.Close()
	text := ""
	for _, s := range f.GetSheetList() {
		rows, _ := f.GetRows(s)
		for _, r := range rows {
			text += strings.Join(r, " ") + "\n"
		}
	}
	if !strings.Contains(text, serving[0].Name) {
		t.Errorf("workbook lacks deputy %s", serving[0].Name)
	}
}

func TestRosterBundle(t *testing.T) {
	ctx := t.Context()
	db := demoDB(t)
	sts, _ := db.Stations(ctx)
	for i, st := range sts {
		r := store.RosterRule{StationID: st.ID, Kind: store.RuleMonthlyNth, Nth: 1 + i%3, Weekday: time.Friday, From: "9:00", To: "11:30", PerDuty: 2}
		if err := db.SaveRosterRule(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	res, err := roster.Generate(ctx, db, roster.Options{From: "2026-12-01", To: "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	it, err := outbox.Queue(ctx, db, reports.Providers(db), bundle.Roster, "2026-12")
	if err != nil {
		t.Fatal(err)
	}
	b := open(t, db, it.ID)
	// The month's duties after generation: new, changed and kept ones
	// (the demo may have generated some already).
	duties := res.Added + res.Changed + res.Kept + res.Unchanged
	if got := figure(t, b, "duties"); int(got) != duties || got == 0 {
		t.Errorf("接待日 %v, the roster holds %d duties (%+v)", got, duties, res)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		p := filepath.Join(t.TempDir(), "r.pdf")
		os.WriteFile(p, b.Files["roster-2026-12.pdf"], 0o644)
		out, err := exec.CommandContext(ctx, "pdftotext", p, "-").Output()
		if err != nil || !strings.Contains(string(out), "2026年12月") {
			t.Errorf("roster pdf text: %v %.200s", err, out)
		}
	}
}

func TestAssessmentBundle(t *testing.T) {
	ctx := t.Context()
	db := demoDB(t)
	if _, err := outbox.Queue(ctx, db, reports.Providers(db), bundle.Assessment, "2026-10"); err == nil {
		t.Error("a month accepted as an assessment year")
	}
	it, err := outbox.Queue(ctx, db, reports.Providers(db), bundle.Assessment, "2026")
	if err != nil {
		t.Fatal(err)
	}
	b := open(t, db, it.ID)
	y, err := assess.Load(ctx, db, 2026)
	if err != nil {
		t.Fatal(err)
	}
	n := figure(t, b, "assessed")
	if int(n) != len(y.Results) || n == 0 {
		t.Errorf("参加考核代表 %v, assessment has %d", n, len(y.Results))
	}
	if sum := figure(t, b, "excellent") + figure(t, b, "pass") + figure(t, b, "fail"); sum != n {
		t.Errorf("grades add up to %v of %v", sum, n)
	}
	if _, err := excelize.OpenReader(bytes.NewReader(b.Files["assessment-2026.xlsx"])); err != nil {
		t.Errorf("assessment workbook: %v", err)
	}
	if it.Title != "城关镇 2026年 年度履职考核" {
		t.Errorf("title %q", it.Title)
	}
	// The year's 民生实事 travels with it: the workbook and its figures.
	if f, err := excelize.OpenReader(bytes.NewReader(b.Files["projects-2026.xlsx"])); err != nil {
		t.Errorf("projects workbook: %v", err)
	} else if rows, _ := f.GetRows("点位销号"); len(rows) < 30 {
		t.Errorf("projects workbook has %d 点位 rows", len(rows))
	}
	if n := figure(t, b, "projects_chosen"); n != 6 {
		t.Errorf("民生实事票决项目 %v, want 6", n)
	}
	if sites, done := figure(t, b, "project_sites"), figure(t, b, "project_sites_done"); sites < 30 || done > sites || done == 0 {
		t.Errorf("点位 %v, 已销号 %v", sites, done)
	}
}
