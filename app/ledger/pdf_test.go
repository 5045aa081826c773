package ledger

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pdfTool runs a poppler tool on pdf and returns what it prints; for
// pdftotext, one string per page.
func pdfTool(t *testing.T, pdf []byte, tool string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, path)
	if tool == "pdftotext" {
		args = append(args, "-")
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

func TestLedgerPDF(t *testing.T) {
	l, err := Build(t.Context(), demoDB, Options{Month: "2026-10"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := l.WritePDF(&buf, PDFOptions{}); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("LEDGER_PDF_OUT") != "" {
		os.WriteFile(os.Getenv("LEDGER_PDF_OUT"), buf.Bytes(), 0o644)
	}
	fonts := pdfTool(t, buf.Bytes(), "pdffonts")
	fontLines := strings.Split(strings.TrimSpace(fonts), "\n")[2:]
	for _, fl := range fontLines {
		if f := strings.Fields(fl); len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", fl)
		}
	}
	if len(fontLines) == 0 {
		t.Fatal("no fonts")
	}
	pages := strings.Split(pdfTool(t, buf.Bytes(), "pdftotext", "-layout"), "\f")
	pages = pages[:len(pages)-1] // text after the last form feed
	if len(pages) < 6 {
		t.Fatalf("only %d pages", len(pages))
	}
	n := len(pages)
	casePages := 0
	for i, p := range pages {
		if !strings.Contains(p, "城关镇人大主席团 2026年10月 代表联系群众工作台账") {
			t.Errorf("page %d has no title", i+1)
		}
		want := regexp.MustCompile(`第\s*` + strconv.Itoa(i+1) + `\s*页\s*共\s*` + strconv.Itoa(n) + `\s*页`)
		if !want.MatchString(p) {
			t.Errorf("page %d footer missing", i+1)
		}
		if strings.Contains(p, "表三") {
			casePages++
			// The column header repeats on every page of the section.
			if !strings.Contains(p, "反映内容") || !strings.Contains(p, "办理结果／答复") {
				t.Errorf("page %d: case table header not repeated", i+1)
			}
		}
		if regexp.MustCompile(`1[3-9]\d{9}`).MatchString(p) {
			t.Errorf("page %d shows a full phone number", i+1)
		}
	}
	if casePages < 2 {
		t.Fatalf("case section on %d pages; want several", casePages)
	}
	all := strings.Join(pages, "")
	for _, s := range []string{"一、按联络站点汇总", "二、按事项类别汇总", "解决率", "****", "合计", "制表单位：城关镇人大主席团", "制表日期：2026年11月22日"} {
		if !strings.Contains(all, s) {
			t.Errorf("PDF lacks %q", s)
		}
	}
	if !strings.Contains(strings.ReplaceAll(all, " ", ""), l.Total.RateText()) {
		t.Errorf("PDF lacks the rate %s", l.Total.RateText())
	}
}

func TestBlankForm(t *testing.T) {
	var buf bytes.Buffer
	err := WriteBlankForm(&buf, FormOptions{Township: "城关镇", Stations: []string{"城关镇人大代表联络站", "石桥村代表联络点"},
		Categories: []string{"基础设施", "生态环境", "其他"}, Cases: 3})
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("FORM_PDF_OUT") != "" {
		os.WriteFile(os.Getenv("FORM_PDF_OUT"), buf.Bytes(), 0o644)
	}
	text := strings.ReplaceAll(pdfTool(t, buf.Bytes(), "pdftotext"), "\n", "")
	text = strings.ReplaceAll(text, " ", "")
	// Every field appears numbered, and in the GUI's order.
	last := -1
	labels := append(append([]string{}, ReceptionFields...), CaseFields...)
	for i, f := range labels {
		label := strings.ReplaceAll(FieldLabel(f), " ", "")
		at := strings.Index(text, label)
		if at < 0 {
			t.Fatalf("field %q missing", label)
		}
		if at < last {
			t.Fatalf("field %d %q out of order", i+1, f)
		}
		last = at
	}
	for _, s := range []string{"城关镇人大代表接待选民登记表", "反映事项（第3件）", "□转为代表建议", "□石桥村代表联络点", "□代表码线上反映"} {
		if !strings.Contains(text, s) {
			t.Errorf("form lacks %q", s)
		}
	}
}
