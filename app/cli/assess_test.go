package cli

import (
	"deputydesk/store/calendar/calendartest"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestAssessCommandsOnDemo runs the demo, the assessment and its outputs
// end to end and checks that the Excel, the notices and the printed ranking
// agree deputy by deputy.
func TestAssessCommandsOnDemo(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, errOut := runCLI(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	// The demo finalises the last full year.
	year := strconv.Itoa(calendartest.Today(t, testToday).Year() - 1)
	code, out, errOut := runCLI(t, "--db", db, "assess", "--year", year)
	if code != 0 {
		t.Fatalf("assess: %s", errOut)
	}
	m := regexp.MustCompile(year + `年度（已定稿，细则第1版）：共(\d+)名，优秀(\d+)名，合格(\d+)名，不合格(\d+)名`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("summary missing:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	exc, _ := strconv.Atoi(m[2])
	fail, _ := strconv.Atoi(m[4])
	// The demo is meant to spread: some 优秀, most 合格, a few 不合格.
	if exc < 3 || fail < 2 || exc+fail > n/2 {
		t.Errorf("demo spread %v", m[1:])
	}
	ranking := map[string][2]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1 : n+1] {
		f := strings.Split(line, "\t")
		ranking[f[1]] = [2]string{f[2], f[3]}
	}

	xlsx := filepath.Join(dir, "a.xlsx")
	if code, _, errOut := runCLI(t, "--db", db, "report", "assessment", "--year", year, "--out", xlsx); code != 0 {
		t.Fatalf("report assessment: %s", errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("考核结果")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3+n {
		t.Fatalf("%d rows in the workbook; want %d deputies", len(rows)-3, n)
	}
	head := rows[2]
	total, grade := len(head)-4, len(head)-3
	if head[total] != "总分" || head[grade] != "等次" {
		t.Fatalf("header %v", head)
	}
	for _, r := range rows[3:] {
		want := ranking[r[1]]
		got, _ := strconv.ParseFloat(r[total], 64)
		w, _ := strconv.ParseFloat(want[0], 64)
		if got != w || r[grade] != want[1] {
			t.Errorf("%s: workbook %s %s, assess printed %v", r[1], r[total], r[grade], want)
		}
	}

	pdf := filepath.Join(dir, "n.pdf")
	if code, _, errOut := runCLI(t, "--db", db, "report", "notices", "--year", year, "--out", pdf); code != 0 {
		t.Fatalf("report notices: %s", errOut)
	}
	txt, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(txt), "\f")
	if len(pages)-1 != n {
		t.Fatalf("%d notice pages; want %d", len(pages)-1, n)
	}
	deadlines := strings.Count(strings.ReplaceAll(string(txt), "\n", ""), "《履职测评整改报告》")
	if deadlines != fail {
		t.Errorf("%d notices give a 整改报告 deadline; want %d (the 不合格)", deadlines, fail)
	}

	// The finalised year cannot be changed, and reopening it needs a reason.
	if code, _, errOut := runCLI(t, "--db", db, "assess", "--year", year, "--finalise"); code == 0 || !strings.Contains(errOut, "已定稿") {
		t.Errorf("finalising twice: exit %d %s", code, errOut)
	}
	if code, out, errOut := runCLI(t, "--db", db, "assess", "--year", year, "--reopen", "补录述职活动"); code != 0 || !strings.Contains(out, "未定稿") {
		t.Errorf("reopen: exit %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "--db", db, "report", "notices", "--year", year); code != 2 || !strings.Contains(errOut, "--out") {
		t.Errorf("missing --out: exit %d %s", code, errOut)
	}
	_, list, _ := runCLI(t, "--db", db, "deputies", "list")
	id := strings.Split(strings.Split(list, "\n")[1], "\t")[0]
	if code, _, errOut := runCLI(t, "--db", db, "deputies", "office", "--deputy", id, "--from", "2026-13-01"); code != 1 || !strings.Contains(errOut, "就任日期") {
		t.Errorf("bad took-office date: exit %d %s", code, errOut)
	}
	if code, out, errOut := runCLI(t, "--db", db, "deputies", "office", "--deputy", id, "--from", "2026-07-01"); code != 0 || !strings.Contains(out, "2026年7月1日") {
		t.Errorf("took office: exit %d %s %s", code, out, errOut)
	}
}
