package disclose

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"deputydesk/app/demo/demotest"
	"deputydesk/app/pdfdoc/pdftest"
	"deputydesk/store"
)

func TestMain(m *testing.M) { demotest.MainOn(m, "2026-11-23") }

func TestDisclosureCountsAndPrints(t *testing.T) {
	ctx := t.Context()
	db := demotest.Open(t)
	groups, err := db.Groups(ctx)
	if err != nil || len(groups) == 0 {
		t.Fatal(groups, err)
	}
	g := groups[0]
	sel := Select{GroupID: g.ID, From: "2026-01-01", To: "2026-11-23"}
	s, err := Load(ctx, db, sel)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) == 0 || len(s.Rows) > len(g.MemberIDs) || !strings.HasPrefix(s.Title, "城关镇") {
		t.Fatalf("sheet %s %d rows of %d members", s.Title, len(s.Rows), len(g.MemberIDs))
	}
	// The counts are the records: add a suggestion and see it counted.
	var d store.Deputy
	deps, _ := db.Deputies(ctx, store.DeputyFilter{Status: store.StatusActive})
	for _, x := range deps {
		if x.Name == s.Rows[0].Name {
			d = x
		}
	}
	before := s.Rows[0].Suggestions
	if err := db.SaveSuggestion(ctx, &store.Suggestion{DeputyID: d.ID, Day: "2026-11-20", Title: "关于修缮石桥村便民桥的建议"}); err != nil {
		t.Fatal(err)
	}
	if s, _ = Load(ctx, db, sel); s.Rows[0].Suggestions != before+1 {
		t.Fatalf("suggestions %d, want %d", s.Rows[0].Suggestions, before+1)
	}
	total := 0
	for _, r := range s.Rows {
		total += r.Activities + r.Duties + r.Receptions
	}
	if total == 0 {
		t.Fatal("the demo group shows no duties at all")
	}
	if _, err := Load(ctx, db, Select{GroupID: g.ID, From: "2026-12-01", To: "2026-01-01"}); err == nil {
		t.Fatal("a backwards period was accepted")
	}

	stations, _ := db.Stations(ctx)
	var b bytes.Buffer
	if err := Write(ctx, db, &b, Select{StationID: stations[0].ID, From: "2026-07-01", To: "2026-12-31"}, Options{}); err != nil {
		t.Fatal(err)
	}
	text := sheetText(t, b.Bytes(), "disclose.pdf")
	for _, want := range []string{"城关镇人大代表联络站代表履职登记情况公示", "公示期间：2026年7月1日至2026年12月31日", "（单位：次）",
		"监督电话：0354-8621234", "制表单位：城关镇人大主席团"} {
		if !strings.Contains(text, want) {
			t.Errorf("sheet lacks %q\n%s", want, text)
		}
	}
}

func TestDisclosureKeepsADeputyWhoLeftForTheDaysServed(t *testing.T) {
	ctx := t.Context()
	db := demotest.Open(t)
	groups, err := db.Groups(ctx)
	if err != nil || len(groups) == 0 {
		t.Fatal(groups, err)
	}
	g := groups[0]
	sel := Select{GroupID: g.ID, From: "2026-01-01", To: "2026-11-23"}
	upTo := sel
	upTo.To = "2026-08-31"
	whole, _ := Load(ctx, db, sel)
	early, err := Load(ctx, db, upTo)
	if err != nil || len(early.Rows) == 0 {
		t.Fatal(err)
	}
	// The member busiest after August leaves on 31 August.
	var leaver Row
	for i, r := range whole.Rows {
		e := early.Rows[i]
		if r.Activities+r.Duties > leaver.Activities+leaver.Duties && r.Activities+r.Duties > e.Activities+e.Duties {
			leaver = e
		}
	}
	if leaver.Name == "" {
		t.Fatal("no member of the group did anything after August")
	}
	deps, _ := db.Deputies(ctx, store.DeputyFilter{})
	for _, d := range deps {
		if d.Name == leaver.Name {
			d.Status, d.StatusDate, d.StatusReason = store.StatusTerminated, "2026-08-31", "调离本行政区域"
			if err := db.SaveDeputy(ctx, &d); err != nil {
				t.Fatal(err)
			}
		}
	}
	s, err := Load(ctx, db, sel)
	if err != nil {
		t.Fatal(err)
	}
	var got *Row
	for i := range s.Rows {
		if s.Rows[i].Name == leaver.Name {
			got = &s.Rows[i]
		}
	}
	if got == nil {
		t.Fatalf("%s left in August and is gone from the sheet", leaver.Name)
	}
	if got.Served != "已于2026年8月31日离任" || got.NameCell() != leaver.Name+"（已离任）" {
		t.Fatalf("marked %q / %q", got.Served, got.NameCell())
	}
	if got.Activities != leaver.Activities || got.Duties != leaver.Duties || got.Absences != leaver.Absences {
		t.Fatalf("counted %+v, want the days to 31 August %+v", *got, leaver)
	}
	// A period wholly after leaving does not list them.
	after, _ := Load(ctx, db, Select{GroupID: g.ID, From: "2026-09-01", To: "2026-11-23"})
	for _, r := range after.Rows {
		if r.Name == leaver.Name {
			t.Fatalf("%s listed for a period after leaving", r.Name)
		}
	}
	var b bytes.Buffer
	if err := WriteSheet(&b, s, db, Options{}); err != nil {
		t.Fatal(err)
	}
	text := sheetText(t, b.Bytes(), "disclose-left.pdf")
	for _, want := range []string{leaver.Name + "（已离任）", leaver.Name + "已于2026年8月31日离任", "只统计其在任期间的履职"} {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), want) {
			t.Errorf("sheet lacks %q\n%s", want, text)
		}
	}
}

// sheetText reads the printed sheet back without its spaces; with
// DISCLOSE_PDF_DIR set the PDF is kept there under name, to look at.
func sheetText(t *testing.T, pdf []byte, name string) string {
	t.Helper()
	if dir := os.Getenv("DISCLOSE_PDF_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, name), pdf, 0o644)
	}
	return strings.ReplaceAll(pdftest.Text(t, pdftest.Write(t, pdf)), " ", "")
}
