package ledger

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"deputydesk/store"
)

func TestLedgerShowsHotlineOrdersAndProcuratorateReferrals(t *testing.T) {
	l, err := Build(t.Context(), demoDB, Options{Month: "2026-10"})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Hotline) == 0 || len(l.Referrals) == 0 {
		t.Fatalf("%d orders, %d referrals", len(l.Hotline), len(l.Referrals))
	}
	var open store.HotlineOrder
	for _, o := range l.Hotline {
		if o.Open() {
			open = o
		}
	}
	if open.OrderNo == "" {
		t.Fatal("no open order in the ledger")
	}
	f := readXLSX(t, l)
	rows, err := f.GetRows(SheetReferrals)
	if err != nil {
		t.Fatal(err)
	}
	text := func(rs [][]string) string {
		var b strings.Builder
		for _, r := range rs {
			b.WriteString(strings.Join(r, "|") + "\n")
		}
		return b.String()
	}(rows)
	for _, want := range []string{"12345热线工单", "工单号", open.OrderNo + "|", "|" + open.State + "|", "检察建议文号",
		l.Referrals[0].Subject, l.Referrals[0].State} {
		if !strings.Contains(text, want) {
			t.Errorf("转办跟踪 lacks %q:\n%s", want, text)
		}
	}
	// The case sheet names the order beside the disposition.
	cases, _ := f.GetRows(SheetCases)
	found := false
	for _, r := range cases {
		if strings.Contains(strings.Join(r, "|"), "转12345热线（工单GD") {
			found = true
		}
	}
	if !found {
		t.Error("事项办理 shows no 工单号")
	}

	var buf bytes.Buffer
	if err := l.WritePDF(&buf, PDFOptions{NoCompress: true}); err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("LEDGER_PDF_OUT"); p != "" {
		os.WriteFile(p, buf.Bytes(), 0o644)
	}
	pages := strings.Split(pdfTool(t, buf.Bytes(), "pdftotext", "-layout"), "\f")
	var last []string
	for _, p := range pages {
		if regexp.MustCompile(`表五\s+转办跟踪`).MatchString(p) {
			last = append(last, p)
		}
	}
	all := strings.Join(last, "\n")
	for _, want := range []string{"12345热线工单", open.OrderNo, "检察建议文号"} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF 表五 lacks %q", want)
		}
	}
	// The month a 检察建议 came back lists its 文号.
	rs, _ := demoDB.Referrals(t.Context(), store.ReferralFilter{})
	var back store.Referral
	for _, r := range rs {
		if r.RefNo != "" {
			back = r
		}
	}
	lm, err := Build(t.Context(), demoDB, Options{Month: back.RefDay[:7]})
	if err != nil {
		t.Fatal(err)
	}
	f = readXLSX(t, lm)
	rows, _ = f.GetRows(SheetReferrals)
	found = false
	for _, r := range rows {
		if strings.Contains(strings.Join(r, "|"), "|"+back.RefNo+"|") {
			found = true
		}
	}
	if !found {
		t.Errorf("%s: 转办跟踪 lacks %s", back.RefDay[:7], back.RefNo)
	}
}

// However many 12345 orders fill the first table, the second table's
// caption and header never stand alone at the foot of a page.
func TestLedgerReferralCaptionKeepsItsFirstRow(t *testing.T) {
	l, err := Build(t.Context(), demoDB, Options{Month: "2026-10"})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Hotline) == 0 || len(l.Referrals) == 0 {
		t.Fatalf("%d orders, %d referrals", len(l.Hotline), len(l.Referrals))
	}
	orig := l.Hotline
	first := l.Referrals[0].Subject
	for extra := range 26 {
		l.Hotline = append(append([]store.HotlineOrder(nil), orig...), orig[:min(extra, len(orig))]...)
		for len(l.Hotline) < len(orig)+extra {
			l.Hotline = append(l.Hotline, orig[0])
		}
		var buf bytes.Buffer
		if err := l.WritePDF(&buf, PDFOptions{NoCompress: true}); err != nil {
			t.Fatal(err)
		}
		for i, p := range strings.Split(pdfTool(t, buf.Bytes(), "pdftotext", "-layout"), "\f") {
			if strings.Contains(p, "二、代表建议与公益诉讼检察建议") && !strings.Contains(p, first) {
				t.Fatalf("with %d orders page %d holds the caption without its first row:\n%s", len(l.Hotline), i+1, p)
			}
		}
	}
}
