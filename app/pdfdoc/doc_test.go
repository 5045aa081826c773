package pdfdoc

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var fixed = time.Date(2026, 11, 23, 9, 30, 0, 0, time.Local)

func newDoc(t *testing.T) *Doc {
	t.Helper()
	d, err := New(Options{Unit: "城关镇人大主席团", Date: fixed, Title: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// pdfTool runs a poppler tool (pdffonts, pdftotext) on a PDF and returns
// its output; pdftotext writes the text to stdout.
func pdfTool(t *testing.T, pdf []byte, tool string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{path}
	if tool == "pdftotext" {
		args = []string{"-layout", path, "-"}
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

func TestDocFontFooterAndDeterminism(t *testing.T) {
	render := func() []byte {
		d := newDoc(t)
		for i := 0; i < 2; i++ {
			d.AddPage()
			d.Title("城关镇人大代表联络站 代表信息公示", 14, 20)
			d.SetFont(11, false)
			d.Lines(d.Wrap("接待时间：每月第一周的周五 9:00–11:30，联系电话 0351-1234567。", 60), 20, 40, 60, 6)
		}
		var b bytes.Buffer
		if err := d.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b := render(), render()
	if !bytes.Equal(a, b) {
		t.Error("two renders with the same date differ")
	}
	fonts := pdfTool(t, a, "pdffonts")
	if !strings.Contains(fonts, "CID TrueType") {
		t.Errorf("no embedded CJK font:\n%s", fonts)
	}
	for _, line := range strings.Split(fonts, "\n")[2:] {
		if line != "" && !strings.Contains(line, " yes ") {
			t.Errorf("font not embedded: %s", line)
		}
	}
	// pdftotext drops the spaces between Chinese characters; compare without them.
	text := strings.ReplaceAll(pdfTool(t, a, "pdftotext"), " ", "")
	for _, want := range []string{"城关镇人大代表联络站 代表信息公示", "制表单位：城关镇人大主席团", "第 1 页 共 2 页", "第 2 页 共 2 页", "制表日期：2026年11月23日", "0351-1234567"} {
		if !strings.Contains(text, strings.ReplaceAll(want, " ", "")) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestWrapAndFit(t *testing.T) {
	d := newDoc(t)
	d.AddPage()
	d.SetFont(10, false)
	w := 40.0
	lines := d.Wrap("城关镇东街村党支部书记、村民委员会主任，联系电话13812345678，每月第一周的周五接待。", w)
	if len(lines) < 3 {
		t.Fatalf("lines = %q", lines)
	}
	for _, l := range lines {
		if d.GetStringWidth(l) > w+0.01 {
			t.Errorf("line %q is %.1f mm wide, more than %.0f", l, d.GetStringWidth(l), w)
		}
		if noLineStart(l) {
			t.Errorf("line starts with punctuation: %q", l)
		}
	}
	joined := strings.Join(lines, "|")
	if !strings.Contains(joined, "13812345678") {
		t.Errorf("phone number split: %q", joined)
	}
	// Too long for two lines even at the smallest size: cut with an ellipsis.
	long := strings.Repeat("很长的单位名称", 12)
	fl, size := d.Fit(long, w, 2, 10, 7, false)
	if len(fl) != 2 || size != 7 || !strings.HasSuffix(fl[1], "…") || d.GetStringWidth(fl[1]) > w {
		t.Errorf("fit = %q at %.1f", fl, size)
	}
	// Short text keeps the largest size.
	if fl, size := d.Fit("县、乡人大代表", w, 1, 10, 7, false); len(fl) != 1 || size != 10 {
		t.Errorf("fit short = %q at %.1f", fl, size)
	}
}

func TestFontRefusals(t *testing.T) {
	t.Setenv(FontEnv, "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
	if _, err := os.Stat(os.Getenv(FontEnv)); err == nil {
		lf := loadFont()
		if lf.err == nil || !strings.Contains(lf.err.Error(), "TrueType") {
			t.Errorf("a .ttc collection was accepted: %v", lf.err)
		}
	}
	t.Setenv(FontEnv, filepath.Join(t.TempDir(), "missing.ttf"))
	if lf := loadFont(); lf.err == nil || !strings.Contains(lf.err.Error(), FontEnv) {
		t.Errorf("missing font: %v", lf.err)
	}
	if !isTrueType([]byte{0, 1, 0, 0, 0}) || isTrueType([]byte("OTTO")) || isTrueType([]byte("ttcf")) {
		t.Error("isTrueType")
	}
}

func TestSections(t *testing.T) {
	d := newDoc(t)
	for _, pages := range []int{2, 1, 12} {
		d.StartSection()
		for range pages {
			d.AddPage()
		}
	}
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(pdfTool(t, b.Bytes(), "pdftotext"), " ", "")
	for _, want := range []string{"第1页共2页", "第2页共2页", "第1页共1页", "第1页共12页", "第12页共12页"} {
		if !strings.Contains(text, want) {
			t.Errorf("footer lacks %s", want)
		}
	}
	if strings.Contains(text, "{s") || strings.Contains(text, "共15页") {
		t.Errorf("section totals not replaced:\n%s", text)
	}
}
