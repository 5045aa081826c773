package projects

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/demo/demotest"
	"deputydesk/app/report/assessment"
	"deputydesk/store"
)

func TestMain(m *testing.M) { demotest.Main(m) }

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	p := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("DEPUTYDESK_KEEP_PDF"); dir != "" {
		os.WriteFile(filepath.Join(dir, t.Name()+".pdf"), pdf, 0o644)
	}
	return string(out)
}

// lastYear is the demo's last full year: voted, done and surveyed on any day.
func lastYear(t *testing.T) Book {
	db := demotest.Open(t)
	b, err := Load(t.Context(), db, db.Now().Year()-1)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Projects) != 9 || len(b.Chosen()) != 6 || !b.Vote.Tallied {
		t.Fatalf("demo year %d: %d items, %d chosen", b.Year, len(b.Projects), len(b.Chosen()))
	}
	return b
}

func TestBallotListsEveryCandidateWithBoxes(t *testing.T) {
	b := lastYear(t)
	var buf bytes.Buffer
	if err := WriteBallot(&buf, b); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"民生实事项目票决票", "从下列9个候选项目中票决产生6个", "同意", "不同意", "弃权", "投入票箱", b.Projects[8].Title} {
		if !strings.Contains(text, want) {
			t.Errorf("ballot lacks %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "□") < 27 {
		t.Errorf("ballot has %d boxes, want 27", strings.Count(text, "□"))
	}
	for _, want := range []string{"制表单位：" + b.Township + "人大主席团", "第1页共1页"} {
		if !strings.Contains(strings.ReplaceAll(text, " ", ""), want) {
			t.Errorf("ballot footer lacks %q:\n%s", want, text)
		}
	}
	// A long list runs onto a second sheet; each is numbered and the
	// last line still prints above the footer.
	long := b
	long.Projects = nil
	for i := range 3 {
		for _, p := range b.Projects {
			p.Position = len(long.Projects) + 1
			p.Title = fmt.Sprintf("%s（第%d批）", p.Title, i+1)
			long.Projects = append(long.Projects, p)
		}
	}
	buf.Reset()
	if err := WriteBallot(&buf, long); err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, buf.Bytes())
	pages := strings.Split(strings.ReplaceAll(text, " ", ""), "\f")
	if len(pages) < 3 || !strings.Contains(pages[0], "第1页共2页") || !strings.Contains(pages[1], "第2页共2页") ||
		!strings.Contains(pages[1], "投入票箱") {
		t.Errorf("long ballot pages:\n%s", text)
	}
	if dir := os.Getenv("DEPUTYDESK_KEEP_PDF"); dir != "" {
		os.WriteFile(filepath.Join(dir, "ballot.pdf"), buf.Bytes(), 0o644)
	}
	b.Vote.Choose = 0
	if err := WriteBallot(&buf, b); err == nil || !strings.Contains(err.Error(), "应选项目数") {
		t.Fatalf("ballot without a number to choose: %v", err)
	}
}

func TestResultShowsTallyInRankOrder(t *testing.T) {
	b := lastYear(t)
	var buf bytes.Buffer
	if err := WriteResult(&buf, b); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	ranked := b.Ranked()
	first, last := strings.Index(text, ranked[0].Title), strings.Index(text, ranked[8].Title)
	if first < 0 || last < first {
		t.Fatalf("rank order lost:\n%s", text)
	}
	if strings.Count(text, "未当选") != 3 || strings.Count(text, "当选") != 9 {
		t.Errorf("want 6 当选 and 3 未当选:\n%s", text)
	}
	for _, want := range []string{"应到代表", "实到代表", "总监票人", "计票规则"} {
		if !strings.Contains(text, want) {
			t.Errorf("result lacks %q", want)
		}
	}
}

func TestProgressSheetAndWorkbook(t *testing.T) {
	b := lastYear(t)
	var buf bytes.Buffer
	if err := WriteProgress(&buf, b); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	sites := 0
	for _, p := range b.Chosen() {
		sites += p.Sites
		if !strings.Contains(text, p.Title) || !strings.Contains(text, "已销号 "+Progress(p)) {
			t.Errorf("progress sheet lacks %s %s", p.Title, Progress(p))
		}
	}
	if sites < 30 || sites > 48 || !strings.Contains(text, "满意率") {
		t.Fatalf("%d sites; text:\n%s", sites, text)
	}
	buf.Reset()
	if err := WriteXLSX(&buf, b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("点位销号")
	if len(rows) != sites+1 || rows[0][2] != "点位" {
		t.Fatalf("%d site rows for %d sites: %v", len(rows), sites, rows[0])
	}
	items, _ := f.GetRows("民生实事项目")
	if len(items) != 10 || items[0][9] != "票决结果" {
		t.Fatalf("items sheet %v", items[0])
	}
}

func TestDossierListsTheDeputysSites(t *testing.T) {
	db := demotest.Open(t)
	year := db.Now().Year() - 1
	sites, err := db.ProjectSites(t.Context(), store.SiteFilter{Year: year})
	if err != nil || len(sites) == 0 {
		t.Fatalf("%d sites %v", len(sites), err)
	}
	lead := sites[0].DeputyIDs[0]
	mine, _ := db.ProjectSites(t.Context(), store.SiteFilter{Year: year, DeputyID: lead})
	ds, err := assessment.LoadDossier(t.Context(), db, year, lead)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := assessment.WriteDossier(&buf, ds, assessment.Meta{Township: "城关镇", Unit: "城关镇人大主席团", Date: db.Now()}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	if !strings.Contains(text, "十、督办民生实事点位") || !strings.Contains(text, fmt.Sprintf("负责点位 %d 个", len(mine))) ||
		!strings.Contains(text, sites[0].Location) {
		t.Fatalf("dossier lacks the sites (%d):\n%s", len(mine), text)
	}
}
