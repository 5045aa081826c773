package store

import (
	"strings"
	"testing"
)

func TestDeputiesServingKeepsThoseWhoLeftForTheirDays(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	add := func(name, phone string, edit func(d *Deputy)) *Deputy {
		d := validDeputy(name, phone)
		if edit != nil {
			edit(d)
		}
		if err := db.SaveDeputy(ctx, d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	stays := add("王建国", "13812345671", nil)
	leaves := add("李秀英", "13812345672", func(d *Deputy) {
		d.Status, d.StatusDate, d.StatusReason = StatusTerminated, "2026-09-30", "调离本行政区域"
	})
	before := add("张志强", "13812345673", func(d *Deputy) {
		d.Status, d.StatusDate, d.StatusReason = StatusTerminated, "2026-06-30", "辞职"
	})
	joins := add("赵丽华", "13812345674", nil)
	if err := db.SetTookOffice(ctx, joins.ID, "2026-08-15"); err != nil {
		t.Fatal(err)
	}
	late := add("孙明", "13812345675", nil)
	if err := db.SetTookOffice(ctx, late.ID, "2027-01-05"); err != nil {
		t.Fatal(err)
	}
	got, err := db.DeputiesServing(ctx, "2026-07-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	spans := map[string]string{}
	for _, s := range got {
		spans[s.Name] = s.From + "~" + s.To
		if s.Left != (s.ID == leaves.ID) || s.Joined != (s.ID == joins.ID) {
			t.Errorf("%s: left %v joined %v", s.Name, s.Left, s.Joined)
		}
	}
	want := map[string]string{stays.Name: "2026-07-01~2026-12-31", leaves.Name: "2026-07-01~2026-09-30", joins.Name: "2026-08-15~2026-12-31"}
	if len(spans) != len(want) {
		t.Fatalf("serving %v, want %v (not %s, %s)", spans, want, before.Name, late.Name)
	}
	for n, w := range want {
		if spans[n] != w {
			t.Errorf("%s served %q, want %q", n, spans[n], w)
		}
	}
	// A period after the deputy left does not list them; one ending the
	// day they left lists them as leaving on its last day.
	if got, _ = db.DeputiesServing(ctx, "2026-10-01", "2026-12-31"); strings.Contains(names(got), leaves.Name) {
		t.Errorf("listed after leaving: %s", names(got))
	}
	got, _ = db.DeputiesServing(ctx, "2026-01-01", "2026-09-30")
	for _, s := range got {
		if s.ID == leaves.ID && (s.To != "2026-09-30" || !s.Left) {
			t.Errorf("leaving on the last day: %+v", s)
		}
	}
}

func names(ss []Serving) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return strings.Join(out, "、")
}
