package shuzhi

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"deputydesk/app/demo/demotest"
	"deputydesk/app/pdfdoc/pdftest"
	"deputydesk/store"
)

func TestMain(m *testing.M) { demotest.MainOn(m, "2026-11-23") }

func pdftotext(t *testing.T, name string, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	text := pdftest.Text(t, pdftest.Write(t, pdf))
	if dst := os.Getenv("DEPUTYDESK_KEEP_PDF"); dst != "" {
		_ = os.WriteFile(filepath.Join(dst, name+".pdf"), pdf, 0o644)
	}
	return text
}

func TestSheetAndResultPrintAndReadBack(t *testing.T) {
	ctx := t.Context()
	db := demotest.Open(t)
	list, err := db.ShuzhiList(ctx, store.ShuzhiFilter{Year: 2025})
	if err != nil || len(list) == 0 {
		t.Fatalf("demo 述职 of 2025: %d %v", len(list), err)
	}
	rec := list[0]
	var b bytes.Buffer
	if err := WriteSheet(ctx, db, &b, rec.ID, Options{NoCompress: true}); err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, "sheet", b.Bytes())
	for _, want := range append([]string{"城关镇人大代表述职满意度测评表", "填表说明", "基本满意", "不满意", rec.DeputyNames[0],
		store.FormatDate(rec.Day), "城关镇人大主席团"}, rec.Items...) {
		if !strings.Contains(text, want) {
			t.Errorf("sheet lacks %q:\n%s", want, text)
		}
	}
	b.Reset()
	if err := WriteResult(ctx, db, &b, rec.ID, Options{NoCompress: true}); err != nil {
		t.Fatal(err)
	}
	text = pdftotext(t, "result", b.Bytes())
	sc := rec.Scores[0]
	for _, want := range []string{"述职满意度测评结果统计表", "发出测评表", "收回率", sc.Name, sc.RateText(), "测评得分", "计票人", "监票人"} {
		if !strings.Contains(text, want) {
			t.Errorf("result lacks %q:\n%s", want, text)
		}
	}
	// On the narrow portrait result a fact that does not fit moves whole
	// to the next line: no 地点： is left without its place.
	if rec.Place == "" {
		t.Fatal("the demo 述职 has no place")
	}
	for _, ln := range strings.Split(text, "\n") {
		if strings.Contains(ln, "地点：") && !strings.Contains(strings.ReplaceAll(ln, " ", ""), "地点："+rec.Place) {
			t.Errorf("place cut from its label: %q", ln)
		}
	}
	// A 述职 not yet counted prints its sheet but not a result.
	s := &store.Shuzhi{Day: "2026-11-20", Audience: store.AudienceGroup, GroupID: rec.GroupID, Items: store.DefaultShuzhiItems, DeputyIDs: rec.DeputyIDs[:1]}
	if err := db.SaveShuzhi(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := WriteResult(ctx, db, &b, s.ID, Options{}); err == nil || !strings.Contains(err.Error(), "录入测评票数") {
		t.Fatalf("result of an uncounted 述职: %v", err)
	}
}
