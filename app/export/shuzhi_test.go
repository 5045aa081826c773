package export

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"deputydesk/store"
)

func TestShuzhiSheetsHaveChineseHeadersAndResults(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 12, 22, 2, 0, 0, 0, time.UTC) }
	d := &store.Deputy{Name: "王建国", Phone: "13812345678", Levels: store.Levels(store.TownshipLv), WorkUnit: "石桥村村民委员会"}
	if err := db.SaveDeputy(ctx, d); err != nil {
		t.Fatal(err)
	}
	s := &store.Shuzhi{Day: "2026-12-20", Audience: store.AudienceDistrict, District: "第3选区", Attendees: 42, Items: []string{"履职情况", "总体评价"}, DeputyIDs: []string{d.ID}}
	if err := db.SaveShuzhi(ctx, s); err != nil {
		t.Fatal(err)
	}
	c := &store.ShuzhiCount{ShuzhiID: s.ID, Handed: 42, Returned: 40, Tallies: []store.ShuzhiTally{
		{DeputyID: d.ID, Item: "履职情况", Satisfied: 36, Basic: 3, Unsatisfied: 1}, {DeputyID: d.ID, Item: "总体评价", Satisfied: 36, Basic: 3, Unsatisfied: 1}}}
	if err := db.SaveShuzhiCount(ctx, c); err != nil {
		t.Fatal(err)
	}
	f := writeAll(t, db)
	latin := regexp.MustCompile(`[A-Za-z]{2,}`)
	for _, sheet := range []string{"代表述职", "述职代表", "述职测评票数", "述职测评结果"} {
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s: %v %v", sheet, rows, err)
		}
		for _, h := range rows[0] {
			if latin.MatchString(h) {
				t.Errorf("%s: header %q is not Chinese", sheet, h)
			}
		}
	}
	rows, _ := f.GetRows("述职测评结果")
	if got := strings.Join(rows[1], " "); got != "2026年12月20日 第3选区选民 王建国 42 40 97.5% 94.5" {
		t.Fatalf("result row %q", got)
	}
}
