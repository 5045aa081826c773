package cli

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestStationStandardsCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	if code, _, errOut := runCLI(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	code, out, errOut := runCLI(t, "--db", db, "stations", "standards", "list")
	if code != 0 || !strings.Contains(out, "城关镇人大代表联络站\t代表联络站\t五星级\t是\t5/5\t6/6\t9/9\t是") {
		t.Fatalf("list %d %s %s", code, out, errOut)
	}
	// 有必要设施 is in two checklists: the command asks which.
	code, _, errOut = runCLI(t, "--db", db, "stations", "standards", "check", "--station", "红旗社区", "--item", "有必要设施", "--by", "刘建军")
	if code != 2 || !strings.Contains(errOut, "--list") {
		t.Fatalf("ambiguous item: %d %s", code, errOut)
	}
	var pic bytes.Buffer
	png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 400, 300)))
	photo := filepath.Join(dir, "标牌.png")
	os.WriteFile(photo, pic.Bytes(), 0o644)
	bad := filepath.Join(dir, "说明.txt")
	os.WriteFile(bad, []byte("不是照片"), 0o644)
	code, _, errOut = runCLI(t, "--db", db, "stations", "standards", "check", "--station", "红旗社区", "--list", "六统一",
		"--item", "统一规范标牌", "--by", "刘建军", "--photo", bad)
	if code != 1 || !strings.Contains(errOut, "说明.txt") {
		t.Fatalf("bad photo: %d %s", code, errOut)
	}
	code, out, errOut = runCLI(t, "--db", db, "stations", "standards", "check", "--station", "红旗社区", "--list", "六统一",
		"--item", "统一规范标牌", "--by", "刘建军", "--day", "2026-11-22", "--note", "已按统一样式制作", "--photo", photo)
	if code != 0 || !strings.Contains(out, "已登记：红旗社区代表联络窗「六统一」统一规范标牌 — 达标（2026年11月22日，刘建军），照片 1 张") {
		t.Fatalf("check %d %s %s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "--db", db, "stations", "standards", "list", "--station", "红旗社区")
	if code != 0 || !strings.Contains(out, "统一规范标牌\t达标\t2026年11月22日\t刘建军\t已按统一样式制作\t照片2张") || !strings.Contains(out, "「六统一」达标 5/6 项") {
		t.Fatalf("station list %s", out)
	}
	if code, out, errOut = runCLI(t, "--db", db, "stations", "standards", "rate", "--station", "红旗社区", "--stars", "二星级"); code != 0 || !strings.Contains(out, "二星级") {
		t.Fatalf("rate %d %s %s", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, "--db", db, "stations", "standards", "rate", "--station", "红旗社区", "--stars", "六星"); code != 2 || !strings.Contains(errOut, "五星级") {
		t.Fatalf("bad stars %d %s", code, errOut)
	}
	pdf := filepath.Join(dir, "核查表.pdf")
	if code, _, errOut = runCLI(t, "--db", db, "stations", "standards", "print", "--station", "红旗社区", "--out", pdf); code != 0 {
		t.Fatalf("print: %s", errOut)
	}
	text, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if s := strings.ReplaceAll(string(text), " ", ""); !strings.Contains(s, "红旗社区代表联络窗标准化建设核查表") || !strings.Contains(s, "已按统一样式制作") || !strings.Contains(s, "二星级") {
		t.Fatalf("printed %s", s)
	}
	over := filepath.Join(dir, "总览.pdf")
	if code, _, errOut = runCLI(t, "--db", db, "stations", "standards", "overview", "--out", over); code != 0 {
		t.Fatalf("overview: %s", errOut)
	}
	if _, out, _ = runCLI(t, "help"); !strings.Contains(out, "stations standards print") || !strings.Contains(out, "disclose") {
		t.Fatal("help lacks stations standards or disclose")
	}

	// 定期公开代表履职登记情况, on the same demo township.
	wall := filepath.Join(dir, "公示.pdf")
	code, out, errOut = runCLI(t, "--db", db, "disclose", "--station", "石桥村", "--from", "2026-01-01", "--to", "2026-06-30", "--out", wall)
	if code != 0 || !strings.Contains(out, "已生成城关镇石桥村代表联络点代表履职登记情况公示") {
		t.Fatalf("disclose %d %s %s", code, out, errOut)
	}
	text, err = exec.Command("pdftotext", wall, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if s := strings.ReplaceAll(string(text), " ", ""); !strings.Contains(s, "公示期间：2026年1月1日至2026年6月30日") || !strings.Contains(s, "接待群众") {
		t.Fatalf("disclosure printed %s", s)
	}
	if code, _, errOut = runCLI(t, "--db", db, "disclose", "--group", "第一", "--station", "石桥村", "--from", "2026-01-01", "--to", "2026-06-30", "--out", wall); code != 2 {
		t.Fatalf("both --group and --station: %d %s", code, errOut)
	}
	if code, _, errOut = runCLI(t, "--db", db, "disclose", "--group", "第一代表小组", "--from", "2026-13-01", "--to", "2026-06-30", "--out", wall); code != 1 || !strings.Contains(errOut, "日期无效") {
		t.Fatalf("bad date: %d %s", code, errOut)
	}

	// 双联系, on the same demo township.
	code, out, errOut = runCLI(t, "--db", db, "liaison", "list")
	if code != 0 || !strings.Contains(out, "共 15 对结对，本期尚未走访") || !strings.Contains(out, "县交通运输局局长") {
		t.Fatalf("liaison list %d %s %s", code, out, errOut)
	}
	_, list, _ := runCLI(t, "--db", db, "deputies", "list")
	name := strings.Split(strings.Split(list, "\n")[1], "\t")[1]
	if code, out, errOut = runCLI(t, "--db", db, "liaison", "pair", "--contact", "王海", "--post", "县民政局局长", "--deputy", name, "--since", "2026-07-01"); code != 0 {
		t.Fatalf("pair %d %s", code, errOut)
	}
	if _, out, _ = runCLI(t, "--db", db, "liaison", "list", "--behind"); !strings.Contains(out, "王海\t县民政局局长\t"+name) || !strings.Contains(out, "从未走访") {
		t.Fatalf("new pair not behind: %s", out)
	}
	if code, _, errOut = runCLI(t, "--db", db, "liaison", "visit", "--contact", "王海", "--deputy", name, "--day", "2026-11-20", "--how", "敲门"); code != 1 || !strings.Contains(errOut, "方式") {
		t.Fatalf("bad way %d %s", code, errOut)
	}
	if code, out, errOut = runCLI(t, "--db", db, "liaison", "visit", "--contact", "王海", "--deputy", name, "--how", "座谈", "--opinions", "低保复核慢"); code != 0 {
		t.Fatalf("visit %d %s", code, errOut)
	}
	if _, out, _ = runCLI(t, "--db", db, "liaison", "list", "--behind"); strings.Contains(out, "王海") {
		t.Fatalf("visited pair still behind: %s", out)
	}
}
