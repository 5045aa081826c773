package ledger

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/demo"
	"deputydesk/app/report/xlsxprint"
	"deputydesk/store"
)

var clock = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

// demoDB is the demo township (two years of cases), built once per run.
var demoDB *store.DB

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ledger-test")
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	demoDB, err = store.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		panic(err)
	}
	demoDB.Now = func() time.Time { return clock }
	if err := demo.Fill(ctx, demoDB); err != nil {
		panic(err)
	}
	code := m.Run()
	demoDB.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

// recount computes October's figures the long way: every case and every
// reception read back, counted in Go.
func recount(t *testing.T, db *store.DB, month string) (total Figures, byStation, byCategory map[string]Figures) {
	t.Helper()
	ctx := t.Context()
	byStation, byCategory = map[string]Figures{}, map[string]Figures{}
	stations, _ := db.Stations(ctx)
	name := map[string]string{"": OffStation}
	for _, s := range stations {
		name[s.ID] = s.Name
	}
	recs, err := db.Receptions(ctx, store.ReceptionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if !strings.HasPrefix(r.Day, month) {
			continue
		}
		f := byStation[name[r.StationID]]
		f.Receptions++
		f.Visitors += r.Visitors
		byStation[name[r.StationID]] = f
		total.Receptions++
		total.Visitors += r.Visitors
	}
	all, err := db.Cases(ctx, store.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	count := func(f *Figures, c store.Case) {
		f.Cases++
		if c.Disposition == "当场答复" {
			f.OnSpot++
		}
		if c.Disposition == "交办乡镇或村（社区）" {
			f.Assigned++
		}
		if c.Disposition == "转为代表建议" {
			f.Suggestion++
		}
		if c.Disposition == "转12345热线" {
			f.Hotline++
		}
		if c.Disposition == "转调解" {
			f.Mediation++
		}
		if c.Disposition == "其他" {
			f.Other++
		}
		closed := c.Status == "办结" || c.Status == "已反馈" || c.Status == "已回访"
		if closed {
			f.Closed++
		}
		// 超期 as of the ledger's date (the test clock's 2026-11-22): closed
		// after the deadline, or open past it.
		if c.Deadline != "" && (closed && c.ClosedDay > c.Deadline || !closed && c.Deadline < "2026-11-22") {
			f.Overdue++
		}
	}
	for _, c := range all {
		if !strings.HasPrefix(c.Day, month) {
			continue
		}
		count(&total, c)
		s := byStation[name[c.StationID]]
		count(&s, c)
		byStation[name[c.StationID]] = s
		k := byCategory[c.Category]
		count(&k, c)
		byCategory[c.Category] = k
	}
	return total, byStation, byCategory
}

func TestFiguresEqualRecount(t *testing.T) {
	ctx := t.Context()
	l, err := Build(ctx, demoDB, Options{Month: "2026-10"})
	if err != nil {
		t.Fatal(err)
	}
	total, byStation, byCategory := recount(t, demoDB, "2026-10")
	if total.Cases < 80 || total.Receptions < 20 {
		t.Fatalf("october too quiet: %+v", total)
	}
	if l.Total != total {
		t.Fatalf("total = %+v, recount %+v", l.Total, total)
	}
	tt := l.Total
	if tt.OnSpot+tt.Assigned+tt.Suggestion+tt.Hotline+tt.Mediation+tt.Other != tt.Cases || tt.Hotline == 0 || tt.Mediation == 0 {
		t.Fatalf("dispositions do not add up to 收集意见: %+v", tt)
	}
	lateClosed := 0
	for _, c := range l.Cases {
		if c.Overdue && store.StatusRank(c.Status) >= store.RankClosed {
			lateClosed++
		}
	}
	if lateClosed == 0 {
		t.Fatal("no case closed late is marked 超期")
	}
	for _, r := range l.ByStation {
		if r.Figures != byStation[r.Name] {
			t.Errorf("station %s = %+v, recount %+v", r.Name, r.Figures, byStation[r.Name])
		}
	}
	for _, r := range l.ByCategory {
		if r.Figures != byCategory[r.Name] {
			t.Errorf("category %s = %+v, recount %+v", r.Name, r.Figures, byCategory[r.Name])
		}
	}
	b, err := Dashboard(ctx, demoDB, "2026-10", clock)
	if err != nil {
		t.Fatal(err)
	}
	if b.Figures != total {
		t.Fatalf("dashboard = %+v, recount %+v", b.Figures, total)
	}
	if want := float64(total.Closed) / float64(total.Cases); b.Figures.Rate() != want {
		t.Fatalf("解决率 = %v, want %v", b.Figures.Rate(), want)
	}
	if len(b.Trend) != 12 || b.Trend[11].Month.String() != "2026-10" || b.Trend[0].Month.String() != "2025-11" {
		t.Fatalf("trend = %v", b.Trend)
	}
	if b.OverdueTotal == 0 || len(b.Overdue) == 0 || !b.Overdue[0].Overdue(b.Today) {
		t.Fatalf("overdue = %d", b.OverdueTotal)
	}
	for i := 1; i < len(b.Overdue); i++ {
		if b.Overdue[i].Deadline < b.Overdue[i-1].Deadline {
			t.Fatal("overdue not most overdue first")
		}
	}
	if len(b.Upcoming) == 0 {
		t.Fatal("no duties in the next 7 days")
	}
	// The 代表履职 duty counts add up to the month's duties.
	duties, _ := demoDB.Duties(ctx, store.DutyFilter{From: "2026-10-01", To: "2026-10-31"})
	onRoster, sum := 0, 0
	for _, d := range duties {
		onRoster += len(d.DeputyIDs)
	}
	for _, d := range l.Deputies {
		sum += d.Duties
	}
	if sum != onRoster {
		t.Fatalf("deputy duties = %d, roster places = %d", sum, onRoster)
	}
}

func TestRateDefinitionMatchesSeed(t *testing.T) {
	// Seed 000: 1,016 of 2,200 = 46%.
	f := Figures{Cases: 2200, Closed: 1016}
	if f.RateText() != "46%" || (Figures{}).RateText() != "—" {
		t.Fatalf("rate text = %s", f.RateText())
	}
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{
		"13812345678":  "138****5678",
		"0354-8621234": "0354-***1234",
		"8621234":      "***1234",
		"":             "",
		"123":          "*23",
	} {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func readXLSX(t *testing.T, l *Ledger) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := l.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// findRow returns the first row whose first cell is first, after row from.
func findRow(rows [][]string, from int, first string) []string {
	for _, r := range rows[from:] {
		if len(r) > 0 && r[0] == first {
			return r
		}
	}
	return nil
}

func TestLedgerXLSXReadBack(t *testing.T) {
	ctx := t.Context()
	l, err := Build(ctx, demoDB, Options{Month: "2026-10"})
	if err != nil {
		t.Fatal(err)
	}
	f := readXLSX(t, l)
	if got := f.GetSheetList(); strings.Join(got, ",") != "汇总,接待记录,事项办理,代表履职,转办跟踪" {
		t.Fatalf("sheets = %v", got)
	}
	total, byStation, _ := recount(t, demoDB, "2026-10")
	for _, sh := range f.GetSheetList() {
		a1, _ := f.GetCellValue(sh, "A1")
		if a1 != "城关镇人大主席团 2026年10月 代表联系群众工作台账" {
			t.Errorf("%s A1 = %q", sh, a1)
		}
		a2, _ := f.GetCellValue(sh, "A2")
		if !strings.Contains(a2, "制表单位：城关镇人大主席团") || !strings.Contains(a2, "制表人：赵丽华") || !strings.Contains(a2, "制表日期：2026年11月22日") {
			t.Errorf("%s A2 = %q", sh, a2)
		}
		panes, _ := f.GetPanes(sh)
		if !panes.Freeze || panes.YSplit != headerRow {
			t.Errorf("%s panes = %+v", sh, panes)
		}
		pl, _ := f.GetPageLayout(sh)
		if *pl.Orientation != "landscape" || *pl.Size != 9 || *pl.FitToWidth != 1 {
			t.Errorf("%s page layout = %v %v %v", sh, *pl.Orientation, *pl.Size, *pl.FitToWidth)
		}
	}
	names := f.GetDefinedName()
	titles := 0
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" && strings.HasSuffix(n.RefersTo, "!$1:$4") {
			titles++
		}
	}
	if titles != len(ledgerSheets) {
		t.Errorf("print titles on %d sheets: %+v", titles, names)
	}

	rows, _ := f.GetRows(SheetSummary)
	tot := findRow(rows, 4, "合计")
	want := []int{total.Receptions, total.Visitors, total.Cases, total.OnSpot, total.Assigned, total.Suggestion,
		total.Hotline, total.Mediation, total.Other, total.Closed, total.Overdue}
	for i, w := range want {
		if n, _ := strconv.Atoi(tot[i+1]); n != w {
			t.Errorf("汇总 合计 column %d = %s, want %d", i+2, tot[i+1], w)
		}
	}
	if tot[12] != total.RateText() {
		t.Errorf("解决率 cell = %q, want %s", tot[12], total.RateText())
	}
	head := rows[headerRow-1]
	if strings.Join(head[4:12], ",") != "当场答复,交办,转代表建议,转12345热线,转调解,其他,办结,超期" {
		t.Errorf("汇总 header = %q", head)
	}
	for name, fig := range byStation {
		r := findRow(rows, 4, name)
		if r == nil {
			t.Errorf("no row for %s", name)
			continue
		}
		if n, _ := strconv.Atoi(r[3]); n != fig.Cases {
			t.Errorf("%s cases = %s, want %d", name, r[3], fig.Cases)
		}
	}
	joined := ""
	for _, r := range rows {
		joined += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(joined, "解决率 = 办结件数 ÷ 收集意见件数") || !strings.Contains(joined, OverdueDefinition) {
		t.Error("解决率 or 超期 definition missing from 汇总")
	}

	rows, _ = f.GetRows(SheetCases)
	header := rows[headerRow-1]
	phoneCol, idCol := -1, -1
	for i, h := range header {
		switch h {
		case "联系电话":
			phoneCol = i
		case "身份证号":
			idCol = i
		}
	}
	if phoneCol < 0 || idCol >= 0 {
		t.Fatalf("header = %v", header)
	}
	masked := regexp.MustCompile(`^1\d{2}\*{4}\d{4}$`)
	phones := 0
	for _, r := range rows[headerRow:] {
		if len(r) > phoneCol && r[phoneCol] != "" {
			phones++
			if !masked.MatchString(r[phoneCol]) {
				t.Fatalf("phone not masked: %q", r[phoneCol])
			}
		}
	}
	if !strings.Contains(strings.Join(rows[len(rows)-1], ""), OverdueDefinition) {
		t.Errorf("事项办理 lacks the 超期 definition: %q", rows[len(rows)-1])
	}
	rows = rows[:len(rows)-2] // the blank row and the note
	if phones == 0 || len(rows)-headerRow != len(l.Cases) {
		t.Fatalf("phones = %d, case rows = %d, cases = %d", phones, len(rows)-headerRow, len(l.Cases))
	}
	if strings.Contains(joined, "140723") {
		t.Error("an ID number leaked into the workbook")
	}
	rows, _ = f.GetRows(SheetReceptions)
	if len(rows)-headerRow != total.Receptions {
		t.Errorf("接待记录 rows = %d, want %d", len(rows)-headerRow, total.Receptions)
	}
	rows, _ = f.GetRows(SheetDeputies)
	if len(rows)-headerRow != len(l.Deputies) || len(l.Deputies) < 60 {
		t.Errorf("代表履职 rows = %d, deputies %d", len(rows)-headerRow, len(l.Deputies))
	}

	// The setting that asks for full data shows it.
	full, err := Build(ctx, demoDB, Options{Month: "2026-10", ShowPhones: true, ShowIDNumbers: true})
	if err != nil {
		t.Fatal(err)
	}
	f = readXLSX(t, full)
	rows, _ = f.GetRows(SheetCases)
	if !strings.Contains(strings.Join(rows[headerRow-1], ","), "身份证号") {
		t.Fatal("no ID column when asked")
	}
	plain := regexp.MustCompile(`^1\d{10}$`)
	found := false
	for _, r := range rows[headerRow:] {
		for _, c := range r {
			if plain.MatchString(c) {
				found = true
			}
		}
	}
	if !found {
		t.Fatal("full phones not shown when asked")
	}
}

func TestBuildRejectsBadMonth(t *testing.T) {
	if _, err := Build(t.Context(), demoDB, Options{Month: "2026-13"}); err == nil || !strings.Contains(err.Error(), "月份") {
		t.Fatalf("err = %v", err)
	}
}

// TestLedgerPrintSetupAndCellTypes reads back every sheet's print setup and
// checks that dates are date cells in the Chinese format and counts numbers.
func TestLedgerPrintSetupAndCellTypes(t *testing.T) {
	l, err := Build(t.Context(), demoDB, Options{Month: "2026-10"})
	if err != nil {
		t.Fatal(err)
	}
	f := readXLSX(t, l)
	for _, sh := range f.GetSheetList() {
		if err := xlsxprint.Verify(f, sh, xlsxprint.Setup{Landscape: true, HeaderRows: headerRow}); err != nil {
			t.Error(err)
		}
	}
	// 事项办理 row 5 is the first case: B is 登记日期; 接待记录 B is 接待日期.
	for _, at := range [][2]string{{SheetCases, "B5"}, {SheetReceptions, "B5"}} {
		sh, cell := at[0], at[1]
		if v, _ := f.GetCellValue(sh, cell); !regexp.MustCompile(`^(2026年)?\d+月\d+日$`).MatchString(v) {
			t.Errorf("%s %s shows %q", sh, cell, v)
		}
		raw, _ := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			t.Errorf("%s %s stored as %q, not a date serial", sh, cell, raw)
		}
		if nf, _ := xlsxprint.NumFmt(f, sh, cell); nf != xlsxprint.DateFormat && nf != xlsxprint.MonthDayFormat {
			t.Errorf("%s %s format %q", sh, cell, nf)
		}
	}
	if ct, _ := f.GetCellType(SheetSummary, "B5"); ct == excelize.CellTypeSharedString || ct == excelize.CellTypeInlineString {
		t.Errorf("接待场次 stored as text")
	}
}
