package assessment

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"deputydesk/store"
)

func TestDossierShowsTheShuzhiAndWhereTheElectorsRatingCameFrom(t *testing.T) {
	tw := newTown(t) // today is 2026-12-20
	s := &store.Shuzhi{Day: "2026-12-18", Audience: store.AudienceDistrict, District: "第3选区（石桥村）", Place: "石桥村村委会", Attendees: 42,
		Items: []string{"履职情况", store.OverallItem}, DeputyIDs: []string{tw.bing.ID}}
	if err := tw.db.SaveShuzhi(tw.ctx, s); err != nil {
		t.Fatal(err)
	}
	c := &store.ShuzhiCount{ShuzhiID: s.ID, Handed: 42, Returned: 40, Tallies: []store.ShuzhiTally{
		{DeputyID: tw.bing.ID, Item: "履职情况", Satisfied: 36, Basic: 3, Unsatisfied: 1},
		{DeputyID: tw.bing.ID, Item: store.OverallItem, Satisfied: 36, Basic: 3, Unsatisfied: 1}}}
	if err := tw.db.SaveShuzhiCount(tw.ctx, c); err != nil {
		t.Fatal(err)
	}
	ds, err := LoadDossier(tw.ctx, tw.db, 2026, tw.bing.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Shuzhi) != 1 || ds.Shuzhi[0].Score == nil {
		t.Fatalf("shuzhi %+v", ds.Shuzhi)
	}
	var buf bytes.Buffer
	if err := WriteDossier(&buf, ds, tw.meta); err != nil {
		t.Fatal(err)
	}
	if dst := os.Getenv("DEPUTYDESK_KEEP_PDF"); dst != "" {
		_ = os.WriteFile(filepath.Join(dst, "dossier.pdf"), buf.Bytes(), 0o644)
	}
	text := strings.Join(strings.Fields(strings.Join(pdfText(t, buf.Bytes()), " ")), " ")
	// 得分 94.5 gives 4.73 of the 5-point 年终核定 for the electors.
	for _, want := range []string{"十一、述职与选民测评", "2026年12月18日", "第3选区（石桥村）", "40/42", "97.5%", "94.5",
		"4.73（述职测评）"} {
		if !strings.Contains(text, want) {
			t.Errorf("dossier lacks %q", want)
		}
	}
}
