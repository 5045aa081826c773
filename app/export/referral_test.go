package export

import (
	"strings"
	"testing"
	"time"

	"deputydesk/store"
)

func TestReferralSheetsHaveChineseHeadersAndRows(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC) }
	if err := db.SaveTownship(ctx, &store.Township{Name: "城关镇", Code: "140723100"}); err != nil {
		t.Fatal(err)
	}
	d := &store.Deputy{Name: "王建国", Phone: "13812345678", Levels: store.Levels(store.TownshipLv)}
	if err := db.SaveDeputy(ctx, d); err != nil {
		t.Fatal(err)
	}
	r := &store.Reception{Kind: "走访选民", Place: "石桥村", Day: "2026-10-09", DeputyIDs: []string{d.ID}, Visitors: 1}
	if err := db.SaveReception(ctx, r); err != nil {
		t.Fatal(err)
	}
	c := &store.Case{ReceptionID: r.ID, VisitorName: "张大爷", Category: "基础设施", Disposition: store.DispHotline, Content: "路灯损坏。", Deadline: "2026-10-24"}
	if err := db.SaveCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := db.AddHotlineStep(ctx, &store.HotlineStep{CaseID: c.ID, OrderNo: "GD20261010000123", State: "已转办", Day: "2026-10-10"}); err != nil {
		t.Fatal(err)
	}
	s := &store.Suggestion{DeputyID: d.ID, Day: "2026-03-10", No: "2026-003", Title: "关于整治清水河沿岸入河排污口的建议"}
	if err := db.SaveSuggestion(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveReferral(ctx, &store.Referral{SuggestionID: s.ID, Direction: store.DirClue, ClueDay: "2026-03-20", Subject: "排污口污水直排",
		State: store.StateIssued, RefNo: "和检行公建〔2026〕3号", RefDay: "2026-05-08"}); err != nil {
		t.Fatal(err)
	}
	f := writeAll(t, db)
	for sheet, want := range map[string][]string{
		"12345工单状态":   {"工单号", "GD20261010000123", "已转办"},
		"检察机关移送":      {"检察建议文号", "和检行公建〔2026〕3号", "线索移送日期"},
		"12345工单跟踪":   {"工单号", "GD20261010000123", "超期未办结"},
		"公益诉讼线索与检察建议": {"关于整治清水河沿岸入河排污口的建议", "和检行公建〔2026〕3号", "王建国"},
	} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatalf("%s: %v", sheet, err)
		}
		var all []string
		for _, r := range rows {
			all = append(all, strings.Join(r, "|"))
		}
		text := strings.Join(all, "\n")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", sheet, w, text)
			}
		}
	}
}
