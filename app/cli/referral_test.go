package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"deputydesk/store"
	"deputydesk/store/calendar/calendartest"
)

func TestHotlineAndProcuratorateCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	if code, _, errOut := runCLI(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	today := calendartest.Today(t, testToday).Format("2006-01-02")
	code, out, errOut := runCLI(t, "--db", db, "cases", "hotline", "list", "--open")
	if code != 0 || !strings.Contains(out, "工单号") || !strings.Contains(out, "未办结") {
		t.Fatalf("hotline list: %d %q %q", code, out, errOut)
	}
	sdb, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	open, err := sdb.HotlineOrders(t.Context(), true, "", "")
	if err != nil || len(open) == 0 {
		t.Fatalf("open orders %v %v", open, err)
	}
	var clue store.Referral
	rs, _ := sdb.Referrals(t.Context(), store.ReferralFilter{})
	for _, r := range rs {
		if r.Direction == store.DirClue && r.State == store.StateClue {
			clue = r
		}
	}
	sdb.Close()
	o := open[0]
	if !strings.Contains(out, o.OrderNo) {
		t.Fatalf("open order %s not listed", o.OrderNo)
	}
	// A bad 工单号 names the field and changes nothing.
	code, _, errOut = runCLI(t, "--db", db, "cases", "hotline", "--case", o.CaseNo, "--order", "第一号", "--state", "已办结", "--day", today)
	if code == 0 || !strings.Contains(errOut, "工单号") {
		t.Fatalf("bad order accepted: %d %q", code, errOut)
	}
	code, out, errOut = runCLI(t, "--db", db, "cases", "hotline", "--case", o.CaseNo, "--order", o.OrderNo, "--state", "已办结", "--day", today, "--note", "热线反馈已办结")
	if code != 0 || !strings.Contains(out, "已办结") {
		t.Fatalf("hotline step: %d %q %q", code, out, errOut)
	}
	if _, after, _ := runCLI(t, "--db", db, "cases", "hotline", "list", "--open"); strings.Contains(after, o.OrderNo) {
		t.Fatalf("closed order still listed as open: %s", after)
	}

	code, out, errOut = runCLI(t, "--db", db, "suggestions", "procuratorate", "list")
	if code != 0 || !strings.Contains(out, "检察建议 3 份") || !strings.Contains(out, "和检行公建〔") {
		t.Fatalf("procuratorate list: %d %q %q", code, out, errOut)
	}
	if clue.ID == "" {
		t.Fatal("demo has no clue still awaiting the procuratorate")
	}
	ref := "和检行公建（" + today[:4] + "）21号"
	code, _, errOut = runCLI(t, "--db", db, "suggestions", "procuratorate", "link", "--suggestion", clue.SuggestionNo, "--ref-no", "21号", "--ref-day", today)
	if code == 0 || !strings.Contains(errOut, "检察建议文号") {
		t.Fatalf("bad ref no accepted: %d %q", code, errOut)
	}
	code, out, errOut = runCLI(t, "--db", db, "suggestions", "procuratorate", "link", "--suggestion", clue.SuggestionNo, "--ref-no", ref, "--ref-day", today)
	if code != 0 || !strings.Contains(out, "已更新") || !strings.Contains(out, "已发检察建议") || !strings.Contains(out, "〔"+today[:4]+"〕21号") {
		t.Fatalf("link: %d %q %q", code, out, errOut)
	}
	if _, out, _ = runCLI(t, "--db", db, "suggestions", "procuratorate", "list"); !strings.Contains(out, "检察建议 4 份") {
		t.Fatalf("after link: %s", out)
	}
	// Two clues on one suggestion: --id picks which one changes.
	sdb, err = store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	sdb.Now = calendartest.Clock(t, testToday) // the CLI's today, for the clue days
	first := store.Referral{SuggestionID: clue.SuggestionID, Direction: store.DirClue, ClueDay: today, Subject: "河道采砂破坏堤岸", State: store.StateClue}
	second := store.Referral{SuggestionID: clue.SuggestionID, Direction: store.DirClue, ClueDay: today, Subject: "废弃矿坑未复绿", State: store.StateClue}
	if err := sdb.SaveReferral(t.Context(), &first); err != nil {
		t.Fatal(err)
	}
	if err := sdb.SaveReferral(t.Context(), &second); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	if _, out, _ = runCLI(t, "--db", db, "suggestions", "procuratorate", "list"); !strings.Contains(out, "关联ID") || !strings.Contains(out, second.ID) {
		t.Fatalf("list does not show the ids: %s", out)
	}
	code, _, errOut = runCLI(t, "--db", db, "suggestions", "procuratorate", "link", "--suggestion", clue.SuggestionNo, "--id", "没有这条", "--state", "已立案")
	if code == 0 || !strings.Contains(errOut, "没有关联ID为“没有这条”") {
		t.Fatalf("unknown id: %d %q", code, errOut)
	}
	code, out, errOut = runCLI(t, "--db", db, "suggestions", "procuratorate", "link", "--suggestion", clue.SuggestionNo, "--id", second.ID, "--state", "已立案")
	if code != 0 || !strings.Contains(out, "已更新") || !strings.Contains(out, "已立案") {
		t.Fatalf("link --id: %d %q %q", code, out, errOut)
	}
	sdb, err = store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	got1, _ := sdb.Referral(t.Context(), first.ID)
	got2, _ := sdb.Referral(t.Context(), second.ID)
	sdb.Close()
	if got1.State != store.StateClue || got2.State != "已立案" || got2.Subject != "废弃矿坑未复绿" {
		t.Fatalf("--id changed the wrong row: first %q, second %q %q", got1.State, got2.State, got2.Subject)
	}
	_, help, _ := runCLI(t, "help")
	if !strings.Contains(help, "--id 关联ID") {
		t.Error("help does not tell of --id")
	}
	for _, c := range []string{"cases hotline", "cases hotline list", "suggestions procuratorate list", "suggestions procuratorate link"} {
		if !strings.Contains(help, c) {
			t.Errorf("help lacks %s", c)
		}
	}
}
