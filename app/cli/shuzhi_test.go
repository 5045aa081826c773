package cli

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"deputydesk/store/calendar/calendartest"
)

func TestShuzhiCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	smallTownship(t, db)
	_, list, _ := runCLI(t, "--db", db, "deputies", "list")
	rows := strings.Split(list, "\n")
	a, b := strings.Split(rows[1], "\t")[1], strings.Split(rows[2], "\t")[1]
	// The demo's groups reported to their voters last December.
	code, out, errOut := runCLI(t, "--db", db, "shuzhi", "list")
	if code != 0 || !strings.Contains(out, "满意率") || !strings.Contains(out, "选民") {
		t.Fatalf("list %d %s %s", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, "--db", db, "shuzhi", "add", "--deputies", a+","+b); code != 1 || !strings.Contains(errOut, "代表小组") {
		t.Fatalf("no audience: %d %s", code, errOut)
	}
	code, out, errOut = runCLI(t, "--db", db, "shuzhi", "add", "--deputies", a+"，"+b, "--district", "第1选区", "--place", "石桥村村委会",
		"--attendees", "42", "--items", "履职情况,联系群众,总体评价")
	if code != 0 || !strings.Contains(out, "已登记述职") {
		t.Fatalf("add %d %s %s", code, out, errOut)
	}
	id := out[strings.Index(out, "述职ID ")+len("述职ID ") : strings.Index(out, "）")]
	pdf := filepath.Join(dir, "测评表.pdf")
	if code, _, errOut = runCLI(t, "--db", db, "shuzhi", "sheet", "--id", id, "--out", pdf); code != 0 {
		t.Fatalf("sheet %s", errOut)
	}
	if text, err := exec.Command("pdftotext", pdf, "-").Output(); err == nil && !strings.Contains(string(text), "述职满意度测评表") {
		t.Fatalf("sheet text %s", text)
	}
	if code, _, errOut = runCLI(t, "--db", db, "shuzhi", "result", "--id", id); code != 1 || !strings.Contains(errOut, "还没有录入") {
		t.Fatalf("result before tally: %d %s", code, errOut)
	}
	// A line with more ticks than sheets returned names the deputy and item.
	code, _, errOut = runCLI(t, "--db", db, "shuzhi", "tally", "--id", id, "--handed", "42", "--returned", "40", a+"/联系群众=38,3,1")
	if code != 1 || !strings.Contains(errOut, "“"+a+"”的“联系群众”") {
		t.Fatalf("bad tally %d %s", code, errOut)
	}
	args := []string{"--db", db, "shuzhi", "tally", "--id", id, "--handed", "42", "--returned", "40"}
	for _, it := range []string{"履职情况", "联系群众", "总体评价"} {
		args = append(args, a+"/"+it+"=36,3,1", b+"/"+it+"=20,10,8")
	}
	code, out, errOut = runCLI(t, args...)
	if code != 0 || !strings.Contains(out, a+"\t40\t97.5%\t94.5") || !strings.Contains(out, b+"\t40\t75.0%\t65.0") {
		t.Fatalf("tally %d %s %s", code, out, errOut)
	}
	res := filepath.Join(dir, "结果.pdf")
	if code, _, errOut = runCLI(t, "--db", db, "shuzhi", "result", "--id", id, "--out", res); code != 0 {
		t.Fatalf("result %s", errOut)
	}
	if text, err := exec.Command("pdftotext", res, "-").Output(); err == nil && !strings.Contains(string(text), "97.5%") {
		t.Fatalf("result text %s", text)
	}
	// The 测评 is a's electors' rating this year: 94.5 on a 5-point item.
	_, out, _ = runCLI(t, "--db", db, "shuzhi", "list", "--deputy", a)
	if !strings.Contains(out, "满意率97.5%") {
		t.Fatalf("list by deputy %s", out)
	}
	year := strconv.Itoa(calendartest.Today(t, testToday).Year())
	if code, out, errOut = runCLI(t, "--db", db, "assess", "--year", year); code != 0 || !strings.Contains(out, "评分来自述职测评") {
		t.Fatalf("assess %d %s", code, errOut)
	}
	if code, out, errOut = runCLI(t, "--db", db, "shuzhi", "delete", "--id", id); code != 0 || !strings.Contains(out, "回收站") {
		t.Fatalf("delete %d %s %s", code, out, errOut)
	}
	if _, out, _ = runCLI(t, "--db", db, "help"); !strings.Contains(out, "shuzhi tally") || !strings.Contains(out, "shuzhi sheet") {
		t.Fatalf("help lacks shuzhi: %s", out)
	}
}
