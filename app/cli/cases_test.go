package cli

import (
	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/store/calendar/calendartest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestCaseCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	if code, _, errOut := runCLI(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	month := calendar.MonthOf(calendartest.Today(t, testToday)).Prev().String()

	xlsx := filepath.Join(dir, "台账.xlsx")
	code, out, errOut := runCLI(t, "--db", db, "report", "ledger", "--month", month, "--out", xlsx)
	if code != 0 || !strings.Contains(out, "代表联系群众工作台账") || !strings.Contains(out, "解决率") {
		t.Fatalf("ledger xlsx: %d %q %q", code, out, errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.GetSheetList()) != 5 {
		t.Fatalf("sheets %v", f.GetSheetList())
	}
	if !sheetHas(t, f, "事项办理", "****") {
		t.Fatal("phones are not masked by default")
	}
	f.Close()

	// With the township's setting on, the same ledger shows phones in full.
	sdb, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := sdb.SavePrivacy(t.Context(), store.Privacy{FullPhones: true}); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	full := filepath.Join(dir, "台账-完整电话.xlsx")
	if code, _, errOut := runCLI(t, "--db", db, "report", "ledger", "--month", month, "--out", full); code != 0 {
		t.Fatalf("ledger with full phones: %s", errOut)
	}
	ff, err := excelize.OpenFile(full)
	if err != nil {
		t.Fatal(err)
	}
	if sheetHas(t, ff, "事项办理", "****") {
		t.Fatal("phones still masked with the setting on")
	}
	ff.Close()
	pdf := filepath.Join(dir, "台账.pdf")
	if code, _, errOut := runCLI(t, "--db", db, "report", "ledger", "--month", month, "--out", pdf); code != 0 {
		t.Fatalf("ledger pdf: %s", errOut)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("pdf: %v", err)
	}
	if code, _, errOut := runCLI(t, "--db", db, "report", "ledger", "--month", month, "--out", filepath.Join(dir, "x.doc")); code != 2 || !strings.Contains(errOut, ".xlsx") {
		t.Fatalf("bad extension: %d %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "--db", db, "report", "ledger", "--month", "2026-13", "--out", xlsx); code != 1 || !strings.Contains(errOut, "月份") {
		t.Fatalf("bad month: %d %q", code, errOut)
	}
	form := filepath.Join(dir, "登记表.pdf")
	if code, _, errOut := runCLI(t, "--db", db, "report", "blank-form", "--out", form); code != 0 {
		t.Fatalf("blank form: %s", errOut)
	}

	code, list, errOut := runCLI(t, "--db", db, "cases", "list", "--month", month, "--limit", "0")
	if code != 0 {
		t.Fatalf("cases list: %s", errOut)
	}
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) < 80 || !strings.Contains(errOut, "共"+strconv.Itoa(len(lines)-1)+"件") {
		t.Fatalf("month list: %d lines, %q", len(lines), errOut)
	}
	for _, l := range lines[1:] {
		if f := strings.Split(l, "\t"); !strings.HasPrefix(f[1], month) || (f[4] != "" && !strings.Contains(f[4], "****")) {
			t.Fatalf("row %q", l)
		}
	}
	code, list, _ = runCLI(t, "--db", db, "cases", "list", "--search", "低保", "--category", "社会保障", "--limit", "5")
	lines = strings.Split(strings.TrimSpace(list), "\n")
	if code != 0 || len(lines) != 6 {
		t.Fatalf("search: %d lines", len(lines))
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, "低保") {
			t.Fatalf("search row without 低保: %q", l)
		}
	}
	code, list, _ = runCLI(t, "--db", db, "cases", "list", "--overdue", "--station", "城关镇人大代表联络站")
	if code != 0 {
		t.Fatal("overdue list failed")
	}
	for _, l := range strings.Split(strings.TrimSpace(list), "\n")[1:] {
		if !strings.Contains(l, "超期") || !strings.Contains(l, "城关镇人大代表联络站") {
			t.Fatalf("overdue row %q", l)
		}
	}
	if code, _, errOut := runCLI(t, "--db", db, "cases", "list", "--station", "不存在的站"); code != 2 || !strings.Contains(errOut, "不存在的站") {
		t.Fatalf("unknown station: %d %q", code, errOut)
	}

	code, out, errOut = runCLI(t, "--db", db, "dashboard", "--month", month)
	if code != 0 {
		t.Fatalf("dashboard: %s", errOut)
	}
	for _, s := range []string{"接待场次", "解决率", "超期未办结", "未来7天值班", "近12个月"} {
		if !strings.Contains(out, s) {
			t.Errorf("dashboard lacks %q:\n%s", s, out)
		}
	}
}

// sheetHas reports whether any cell of the sheet contains text.
func sheetHas(t *testing.T, f *excelize.File, sheet, text string) bool {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, c := range r {
			if strings.Contains(c, text) {
				return true
			}
		}
	}
	return false
}
