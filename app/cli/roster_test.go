package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// rosterCLI runs one command against the database file and returns stdout,
// stderr and the exit code.
func rosterCLI(t *testing.T, dbPath string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), append([]string{"--db", dbPath}, args...), Env{Stdout: &out, Stderr: &errb})
	return out.String(), errb.String(), code
}

func TestRosterCommands(t *testing.T) {
	// The demo's duties run to a week after "today"; fix today so the
	// months generated below are empty whatever day the test runs.
	t.Setenv("DEPUTYDESK_NOW", "2026-11-23T09:00:00+08:00")
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	must := func(args ...string) string {
		t.Helper()
		out, errs, code := rosterCLI(t, db, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errs)
		}
		return out
	}
	must("demo")
	for _, args := range [][]string{
		{"roster", "rule", "set", "--station", "城关镇人大代表联络站", "--kind", "nth", "--nth", "1", "--weekday", "周五", "--time", "9:00-11:30", "--per", "2"},
		{"roster", "rule", "set", "--station", "城关镇人大代表之家", "--kind", "nth", "--nth", "1", "--weekday", "2", "--time", "9:00-12:00"},
		{"roster", "rule", "set", "--station", "石桥村代表联络点", "--kind", "days", "--days", "5,20", "--time", "15:00-17:00", "--holiday", "skip"},
		{"roster", "rule", "set", "--station", "红旗社区代表联络窗", "--kind", "weekly", "--weekday", "三", "--time", "9:00-11:00"},
	} {
		must(args...)
	}
	if out := must("roster", "rule", "list"); !strings.Contains(out, "每月第一个星期五 9:00–11:30") || !strings.Contains(out, "每周三") {
		t.Fatalf("rule list:\n%s", out)
	}
	// Bad input: a clear Chinese message and exit 1, nothing saved.
	_, errs, code := rosterCLI(t, db, "roster", "rule", "set", "--station", "红旗社区代表联络窗", "--kind", "weekly", "--weekday", "3", "--time", "11:00-9:00")
	if code != 1 || !strings.Contains(errs, "结束时间") {
		t.Fatalf("bad time: %d %s", code, errs)
	}
	dry := must("roster", "generate", "--from", "2026-12-01", "--to", "2027-03-31", "--dry-run")
	if !strings.Contains(dry, "（试算，未保存）新增") {
		t.Fatalf("dry run:\n%s", dry)
	}
	if out := must("roster", "list", "--from", "2026-12-01", "--to", "2027-03-31"); strings.Count(out, "\n") != 1 {
		t.Fatalf("dry run saved duties:\n%s", out)
	}
	gen := must("roster", "generate", "--from", "2026-12-01", "--to", "2027-03-31")
	if !strings.Contains(gen, "新增 城关镇人大代表联络站 2027年1月4日（星期一）") || !strings.Contains(gen, "逢元旦顺延") ||
		!strings.Contains(gen, "提示：石桥村代表联络点 2027年2月5日（星期五）逢春节，按规则取消接待") {
		t.Fatalf("generate:\n%s", gen)
	}
	list := must("roster", "list", "--station", "红旗社区代表联络窗", "--from", "2026-12-01", "--to", "2026-12-31")
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 6 { // header + 5 Wednesdays
		t.Fatalf("list:\n%s", list)
	}
	first := strings.Split(lines[1], "\t")
	dutyID, names := first[0], strings.Split(first[5], "、")
	must("roster", "attend", "--duty", dutyID, "--deputy", names[0], "--status", "到岗")
	_, errs, code = rosterCLI(t, db, "roster", "attend", "--duty", dutyID, "--deputy", names[1], "--status", "替班")
	if code != 1 || !strings.Contains(errs, "替班代表") {
		t.Fatalf("替班 without substitute: %d %s", code, errs)
	}
	must("roster", "leave", "add", "--deputy", names[1], "--kind", "外出", "--from", "2027-01-01", "--to", "2027-03-31", "--reason", "外出务工")
	// A second, mistaken entry is listed and removed again.
	must("roster", "leave", "add", "--deputy", names[0], "--from", "2027-02-01", "--to", "2027-02-03")
	leaves := strings.Split(strings.TrimSpace(must("roster", "leave", "list", "--deputy", names[0])), "\n")
	if len(leaves) != 2 || !strings.Contains(leaves[1], "请假\t2027-02-01\t2027-02-03") {
		t.Fatalf("leave list:\n%s", strings.Join(leaves, "\n"))
	}
	must("roster", "leave", "remove", "--id", strings.Split(leaves[1], "\t")[0])
	if n := strings.Count(must("roster", "leave", "list"), "\n"); n != 2 {
		t.Fatalf("%d lines after removal", n)
	}
	regen := must("roster", "generate", "--from", "2026-12-01", "--to", "2027-03-31")
	if !strings.Contains(regen, "保留 红旗社区代表联络窗 2026年12月2日（星期三）") || !strings.Contains(regen, "（已接待）") {
		t.Fatalf("regenerate:\n%s", regen)
	}
	if after := must("roster", "list", "--deputy", names[1], "--from", "2027-01-01", "--to", "2027-03-31"); strings.Count(after, "\n") != 1 {
		t.Fatalf("deputy on leave still on duty:\n%s", after)
	}
	remind := must("roster", "remind", "--deputy", names[0], "--from", "2026-12-01", "--weeks", "4")
	if !strings.HasPrefix(remind, "【值班提醒】"+names[0]+"代表：您好！") || !strings.Contains(remind, "2026年12月2日（星期三）9:00–11:00") {
		t.Fatalf("remind:\n%s", remind)
	}
	ics := filepath.Join(dir, "station.ics")
	if out := must("roster", "ics", "--station", "红旗社区代表联络窗", "--from", "2026-12-01", "--out", ics); !strings.Contains(out, "次接待") {
		t.Fatal(out)
	}
	if b, _ := os.ReadFile(ics); !bytes.Contains(b, []byte("BEGIN:VEVENT")) {
		t.Fatalf("ics file:\n%.200s", b)
	}
	pdf := filepath.Join(dir, "roster.pdf")
	must("report", "roster", "--month", "2026-12", "--out", pdf)
	text, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil || !strings.Contains(string(text), "红旗社区代表联络窗 2026年12月代表接待安排表") || !strings.Contains(string(text), names[0]) {
		t.Fatalf("pdf text (%v):\n%s", err, text)
	}
	xlsx := filepath.Join(dir, "q.xlsx")
	must("report", "roster", "--quarter", "2027Q1", "--station", "城关镇人大代表联络站", "--out", xlsx)
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("城关镇人大代表联络站")
	if rows[0][0] != "城关镇人大代表联络站 2027年第一季度代表接待安排表" || rows[4][0] != "2027年1月4日" || rows[6][0] != "2027年3月5日" {
		t.Fatalf("xlsx rows %q", rows[:7])
	}
	_, errs, code = rosterCLI(t, db, "report", "roster", "--month", "2026-12", "--out", filepath.Join(dir, "x.doc"))
	if code != 2 || !strings.Contains(errs, ".pdf 或 .xlsx") {
		t.Fatalf("bad extension: %d %s", code, errs)
	}
	// Holidays: enter 2027's announcement days and mark the year announced.
	must("holiday", "add", "--date", "2027-02-04", "--name", "春节", "--kind", "放假", "--source", "国务院办公厅关于2027年部分节假日安排的通知")
	must("holiday", "year", "--year", "2027", "--source", "国务院办公厅关于2027年部分节假日安排的通知")
	if out := must("holiday", "list", "--year", "2027"); !strings.Contains(out, "2027-02-04\t星期四\t春节\t放假") || !strings.Contains(out, "已录入国务院放假通知") {
		t.Fatalf("holiday list:\n%s", out)
	}
	must("holiday", "remove", "--date", "2027-02-04")
}
