package roster

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"deputydesk/app/pdfdoc/pdftest"
	"deputydesk/app/report/xlsxprint"
	"deputydesk/app/roster"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

// demoRoster is the demo township with rules for its stations and duties
// generated for December 2026 to March 2027.
func demoRoster(t *testing.T) *store.DB {
	t.Helper()
	ctx := t.Context()
	db := demoDB(t)
	sts, _ := db.Stations(ctx)
	rules := map[string]store.RosterRule{
		"城关镇人大代表联络站": {Kind: store.RuleMonthlyNth, Nth: 1, Weekday: time.Friday, From: "9:00", To: "11:30", PerDuty: 3},
		"城关镇人大代表之家":  {Kind: store.RuleMonthlyNth, Nth: 1, Weekday: time.Tuesday, From: "9:00", To: "12:00", PerDuty: 2},
		"石桥村代表联络点":   {Kind: store.RuleMonthDays, Days: []int{5, 20}, From: "15:00", To: "17:00", PerDuty: 2},
		"红旗社区代表联络窗":  {Kind: store.RuleWeekly, Weekday: time.Wednesday, From: "9:00", To: "11:00", PerDuty: 3},
	}
	for _, s := range sts {
		r := rules[s.Name]
		r.StationID = s.ID
		if err := db.SaveRosterRule(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := roster.Generate(ctx, db, roster.Options{From: "2026-12-01", To: "2027-03-31"}); err != nil {
		t.Fatal(err)
	}
	return db
}

func stationByName(t *testing.T, db *store.DB, name string) store.Station {
	t.Helper()
	sts, _ := db.Stations(t.Context())
	for _, s := range sts {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no station %s", name)
	return store.Station{}
}

// expected lists, for each duty of the station in the period, the date as
// printed and the names and phones of its deputies.
func expected(t *testing.T, db *store.DB, stationID string, p Period) []Row {
	t.Helper()
	ctx := t.Context()
	duties, _ := db.Duties(ctx, store.DutyFilter{StationID: stationID, From: p.From, To: p.To})
	var out []Row
	for _, d := range duties {
		r := Row{Date: store.FormatDate(d.Date), Weekday: roster.Weekday(d.Date)}
		for _, id := range d.DeputyIDs {
			dep, _ := db.Deputy(ctx, id)
			r.Names = append(r.Names, dep.Name)
			r.Phones = append(r.Phones, dep.Phone)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		t.Fatal("no duties to check against")
	}
	return out
}

func TestParsePeriods(t *testing.T) {
	for _, c := range []struct {
		in, from, to, label string
		quarter             bool
	}{
		{"2026-12", "2026-12-01", "2026-12-31", "2026年12月", false},
		{"2028年2月", "2028-02-01", "2028-02-29", "2028年2月", false},
		{"2026Q4", "2026-10-01", "2026-12-31", "2026年第四季度", true},
		{"2027年第一季度", "2027-01-01", "2027-03-31", "2027年第一季度", true},
	} {
		parse := ParseMonth
		if c.quarter {
			parse = ParseQuarter
		}
		p, err := parse(c.in)
		if err != nil || p.From != c.from || p.To != c.to || p.Label != c.label {
			t.Errorf("%s: %+v %v", c.in, p, err)
		}
	}
	for _, bad := range []string{"2026-13", "12月", "2026Q5"} {
		if _, err1 := ParseMonth(bad); err1 == nil {
			t.Errorf("month %q accepted", bad)
		}
		if _, err2 := ParseQuarter(bad); err2 == nil {
			t.Errorf("quarter %q accepted", bad)
		}
	}
}

func TestRosterPDFReadsBack(t *testing.T) {
	db := demoRoster(t)
	ctx := t.Context()
	p, _ := ParseMonth("2026-12")
	doc, err := Load(ctx, db, p, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Sheets) != 4 {
		t.Fatalf("%d sheets", len(doc.Sheets))
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, doc, PDFOptions{}); err != nil {
		t.Fatal(err)
	}
	path := pdftest.Write(t, buf.Bytes())
	text := pdftest.Text(t, path)
	for _, want := range []string{"城关镇人大代表联络站 2026年12月代表接待安排表", "红旗社区代表联络窗", "城关镇人民政府院内一楼东侧",
		"每月第一个星期五 9:00–11:30", "制表单位：城关镇人大主席团", "第1页共4页", "请提前告知城关镇人大主席团（电话：0354-8621234）"} {
		if !strings.Contains(strings.Join(strings.Fields(text), ""), strings.ReplaceAll(want, " ", "")) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	for _, name := range []string{"城关镇人大代表联络站", "红旗社区代表联络窗"} {
		s := stationByName(t, db, name)
		for _, r := range expected(t, db, s.ID, p) {
			// The date, weekday and every deputy with their phone appear.
			if !strings.Contains(text, r.Date) || !strings.Contains(text, r.Weekday) {
				t.Errorf("PDF lacks %s %s", r.Date, r.Weekday)
			}
			for i := range r.Names {
				if !strings.Contains(text, r.Names[i]) || !strings.Contains(text, r.Phones[i]) {
					t.Errorf("PDF lacks %s %s on %s", r.Names[i], r.Phones[i], r.Date)
				}
			}
		}
	}
	fonts, err := exec.Command("pdffonts", path).Output()
	if err != nil || !strings.Contains(string(fonts), "yes") {
		t.Errorf("font not embedded: %s %v", fonts, err)
	}
	if dir := os.Getenv("ROSTER_PDF_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, "roster-2026-12.pdf"), buf.Bytes(), 0o644)
	}
}

func TestRosterQuarterPDFPaginates(t *testing.T) {
	db := demoRoster(t)
	ctx := t.Context()
	p, _ := ParseQuarter("2027Q1")
	window := stationByName(t, db, "红旗社区代表联络窗")
	doc, err := Load(ctx, db, p, window.ID)
	if err != nil || len(doc.Sheets) != 1 || len(doc.Sheets[0].Rows) < 12 {
		t.Fatalf("load: %v %+v", err, doc.Sheets)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, doc, PDFOptions{}); err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, pdftest.Write(t, buf.Bytes()))
	if !strings.Contains(text, "红旗社区代表联络窗 2027年第一季度代表接待安排表") {
		t.Errorf("quarter title missing:\n%s", text)
	}
	// Thirteen Wednesdays of three deputies do not fit one page: the table
	// goes on under a continued title with its header repeated.
	if !strings.Contains(text, "代表接待安排表（续）") || headerLines(text) != 2 || !strings.Contains(strings.ReplaceAll(text, " ", ""), "第2页共2页") {
		t.Errorf("no second page with a repeated header:\n%s", text)
	}
	// 2027-02-10 is a Wednesday after 春节 (02-05…08) and is kept as is;
	// every Wednesday of the quarter is listed.
	for _, r := range expected(t, db, window.ID, p) {
		if !strings.Contains(text, r.Date) {
			t.Errorf("quarter PDF lacks %s", r.Date)
		}
	}
	if dir := os.Getenv("ROSTER_PDF_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, "roster-2027Q1.pdf"), buf.Bytes(), 0o644)
	}
}

func TestRosterXLSXReadsBack(t *testing.T) {
	db := demoRoster(t)
	ctx := t.Context()
	p, _ := ParseMonth("2027-01")
	doc, err := Load(ctx, db, p, "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, doc); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		if err := xlsxprint.Verify(f, sh, xlsxprint.Setup{Landscape: true, HeaderRows: 4}); err != nil {
			t.Error(err)
		}
	}
	if got := f.GetSheetList(); len(got) != 4 || !slices.Contains(got, "红旗社区代表联络窗") {
		t.Fatalf("sheets %v", got)
	}
	for _, name := range f.GetSheetList() {
		s := stationByName(t, db, name)
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != StationTitle("城关镇", s.Name)+" 2027年1月代表接待安排表" {
			t.Errorf("title %q", rows[0][0])
		}
		if !slices.Equal(rows[3][:5], []string{"日期", "星期", "时间", "值班代表", "联系电话"}) {
			t.Errorf("header %v", rows[3])
		}
		want := expected(t, db, s.ID, p)
		for i, r := range want {
			got := rows[4+i]
			if got[0] != r.Date || got[1] != r.Weekday || got[3] != strings.Join(r.Names, "\n") || got[4] != strings.Join(r.Phones, "\n") {
				t.Errorf("%s row %d: %q, want %+v", name, i, got, r)
			}
		}
		n := len(rows)
		if !strings.HasPrefix(rows[n-1][0], "制表单位") || rows[n-1][3] != "制表日期：" || rows[n-1][4] != store.FormatDate(doc.MadeOn.In(calendar.Beijing).Format(time.DateOnly)) {
			t.Errorf("%s: last row %v", name, rows[n-1])
		}
		// Dates are real date cells in the Chinese format, not text.
		for _, cell := range []string{"A5", fmt.Sprintf("E%d", n)} {
			typ, _ := f.GetCellType(name, cell)
			nf, _ := xlsxprint.NumFmt(f, name, cell)
			if len(want) > 0 && (typ != excelize.CellTypeUnset || nf != xlsxprint.DateFormat) {
				t.Errorf("%s %s: type %v format %q; want a date cell", name, cell, typ, nf)
			}
		}
	}
	// 2027-01-01 falls on 元旦 (Friday): the 联络站 duty moved to Monday 01-04 with a note.
	rows, _ := f.GetRows("城关镇人大代表联络站")
	if rows[4][0] != "2027年1月4日" || rows[4][1] != "星期一" || !strings.Contains(rows[4][5], "元旦") {
		t.Errorf("moved duty row %q", rows[4])
	}
}

func TestReminderAndCalendar(t *testing.T) {
	db := demoRoster(t)
	ctx := t.Context()
	window := stationByName(t, db, "红旗社区代表联络窗")
	duties, _ := db.Duties(ctx, store.DutyFilter{StationID: window.ID, From: "2026-12-01", To: "2026-12-31"})
	dep := duties[0].DeputyIDs[0]
	d, _ := db.Deputy(ctx, dep)
	mine, _ := db.Duties(ctx, store.DutyFilter{DeputyID: dep, From: "2026-12-01", To: "2026-12-28"})
	text, err := Reminder(ctx, db, dep, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 4)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(text, "【值班提醒】"+d.Name+"代表：您好！2026年12月1日至2026年12月28日") ||
		!strings.Contains(text, "红旗社区代表联络窗（红旗社区便民服务大厅3号窗口）") || !strings.HasSuffix(text, "城关镇人大主席团") {
		t.Fatalf("reminder:\n%s", text)
	}
	for _, m := range mine {
		if !strings.Contains(text, store.FormatDate(m.Date)+"（"+roster.Weekday(m.Date)+"）") {
			t.Errorf("reminder lacks %s:\n%s", m.Date, text)
		}
	}
	if n := strings.Count(text, "\n"); n != len(mine)+1 {
		t.Errorf("%d lines for %d duties", n, len(mine))
	}
	// Once someone stands in, the reminder goes to them instead.
	sub := duties[0].DeputyIDs[1]
	var other string
	for _, x := range duties[1].DeputyIDs {
		if x != dep && x != sub {
			other = x
		}
	}
	if err := db.MarkAttendance(ctx, duties[0].ID, dep, store.AttendSubstituted, other, "出差"); err != nil {
		t.Fatal(err)
	}
	text2, _ := Reminder(ctx, db, dep, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 4)
	if strings.Contains(text2, store.FormatDate(duties[0].Date)) {
		t.Errorf("handed-over duty still in the reminder:\n%s", text2)
	}
	text3, _ := Reminder(ctx, db, other, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 4)
	if !strings.Contains(text3, store.FormatDate(duties[0].Date)) {
		t.Errorf("substitute's reminder lacks the duty:\n%s", text3)
	}

	var buf bytes.Buffer
	if err := WriteICS(ctx, db, CalendarFilter{StationID: window.ID, From: "2026-12-01", To: "2027-03-31"}, &buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.Contains(raw, "BEGIN:VCALENDAR") || !strings.Contains(raw, "\r\n") {
		t.Fatalf("not an iCalendar stream:\n%.300s", raw)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	all, _ := db.Duties(ctx, store.DutyFilter{StationID: window.ID, From: "2026-12-01", To: "2027-03-31"})
	evs := cal.Events()
	if len(evs) != len(all) {
		t.Fatalf("%d events for %d duties", len(evs), len(all))
	}
	start, err := evs[0].GetStartAt()
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 2, 9, 0, 0, 0, china); !start.Equal(want) {
		t.Errorf("first event starts %v, want %v", start, want)
	}
	if loc := evs[0].GetProperty(ics.ComponentPropertyLocation); loc == nil || !strings.Contains(loc.Value, "红旗社区便民服务大厅") {
		t.Errorf("location %+v", loc)
	}
}

// headerLines counts the table header rows in pdftotext -layout output.
func headerLines(text string) int {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "日期") && strings.Contains(l, "值班代表") && strings.Contains(l, "联系电话") {
			n++
		}
	}
	return n
}
