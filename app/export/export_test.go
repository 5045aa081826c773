package export

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/report/xlsxprint"

	"deputydesk/store"
)

func TestWriteEveryTableWithChineseHeaders(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	if err := db.SaveTownship(ctx, &store.Township{Name: "城关镇", Code: "140723100"}); err != nil {
		t.Fatal(err)
	}
	d := &store.Deputy{Name: "王建国", Phone: "13812345678", Levels: store.Levels(store.TownshipLv), WorkUnit: "石桥村村民委员会"}
	if err := db.SaveDeputy(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveGroup(ctx, &store.Group{Name: "第一代表小组", MemberIDs: []string{d.ID}, LeaderID: d.ID}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "全部数据.xlsx")
	tables, rows, err := Write(ctx, db, out)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := map[string]bool{}
	for _, s := range f.GetSheetList() {
		sheets[s] = true
		if s == "sync_key" || s == "上报密钥" {
			t.Fatal("the private signing key was exported")
		}
	}
	if len(sheets) != tables || tables < 10 || rows < 4 {
		t.Fatalf("%d sheets, %d tables, %d rows", len(sheets), tables, rows)
	}
	for _, want := range []string{"乡镇设置", "代表名册", "代表小组", "小组成员", "操作日志"} {
		if !sheets[want] {
			t.Errorf("no sheet %s in %v", want, f.GetSheetList())
		}
	}
	got, err := f.GetRows("代表名册")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0][1] != "姓名" || got[1][1] != "王建国" {
		t.Fatalf("代表名册 rows %v", got)
	}
	for i, h := range got[0] {
		if h == "work_unit" || h == "" {
			t.Errorf("column %d has no Chinese header: %q", i, h)
		}
	}
	// Every sheet name and header is Chinese, and every sheet prints.
	latin := regexp.MustCompile(`[A-Za-z]{2,}`)
	for _, s := range f.GetSheetList() {
		if latin.MatchString(s) {
			t.Errorf("sheet name %q is not Chinese", s)
		}
		rows, _ := f.GetRows(s)
		if len(rows) > 0 {
			for _, h := range rows[0] {
				if latin.MatchString(h) {
					t.Errorf("%s: header %q is not Chinese", s, h)
				}
			}
		}
		pl, err := f.GetPageLayout(s)
		if err != nil || pl.FitToWidth == nil {
			t.Fatalf("%s: no page layout: %v", s, err)
		}
		if err := xlsxprint.Verify(f, s, xlsxprint.Setup{Landscape: true, HeaderRows: 1, PagesWide: *pl.FitToWidth}); err != nil {
			t.Error(err)
		}
	}
}

func TestLongValuesKeptWholeAndNamesBesideIDs(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	db.SaveTownship(ctx, &store.Township{Name: "城关镇", Code: "140723100"})
	// As long as the finalised assessment snapshot of the issue.
	longText := strings.Repeat("代表履职情况记录，", 10038)[:0]
	for utf8.RuneCountInString(longText) < 90341 {
		longText += fmt.Sprintf("第%d条：联系群众，反映民意。", utf8.RuneCountInString(longText))
	}
	longText = string([]rune(longText)[:90341])
	d := &store.Deputy{Name: "王建国", Phone: "13812345678", Levels: store.Levels(store.TownshipLv), Notes: longText}
	if err := db.SaveDeputy(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveGroup(ctx, &store.Group{Name: "第一代表小组", MemberIDs: []string{d.ID}, LeaderID: d.ID}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "全部数据.xlsx")
	if _, _, err := Write(ctx, db, out); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o644 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files left beside the export: %v", entries)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg, _ := f.GetRows("代表名册")
	notesCol := -1
	for i, h := range reg[0] {
		if h == "备注" {
			notesCol = i
		}
	}
	if notesCol < 0 || !strings.Contains(reg[1][notesCol], "90341") || !strings.Contains(reg[1][notesCol], LongSheet) {
		t.Fatalf("the long cell does not say where its text is: %q", reg[1][notesCol])
	}
	pieces, err := f.GetRows(LongSheet)
	if err != nil {
		t.Fatal(err)
	}
	var whole strings.Builder
	for _, p := range pieces[1:] {
		if p[0] == "代表名册" && p[1] == "备注" {
			whole.WriteString(p[4])
		}
	}
	if whole.String() != longText {
		t.Fatalf("long text read back has %d characters, want %d", utf8.RuneCountInString(whole.String()), 90341)
	}
	members, _ := f.GetRows("小组成员")
	if !strings.Contains(strings.Join(members[0], ","), "代表姓名") || !strings.Contains(strings.Join(members[1], ","), "王建国") {
		t.Fatalf("no name beside the deputy ID: %v", members)
	}
	log, _ := f.GetRows("操作日志")
	if text := fmt.Sprint(log); strings.Contains(text, "create") || !strings.Contains(text, "新增") {
		t.Fatalf("change log values not in Chinese: %.300s", text)
	}
}

func TestProjectSheetsHaveChineseHeaders(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	d := &store.Deputy{Name: "王建国", Phone: "13812345678", Levels: store.Levels(store.TownshipLv)}
	if err := db.SaveDeputy(ctx, d); err != nil {
		t.Fatal(err)
	}
	p := &store.Project{Year: 2027, Title: "农村道路硬化提升工程", Budget: 320}
	if err := db.SaveProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveProjectVote(ctx, &store.ProjectVote{Year: 2027, Choose: 1}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveTally(ctx, store.Tally{Year: 2027, VoteDay: "2027-01-12", Expected: 3, Present: 3, Votes: map[string]store.Votes{p.ID: {For: 3}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveProjectSite(ctx, &store.ProjectSite{ProjectID: p.ID, Location: "石桥村", DeputyIDs: []string{d.ID}}); err != nil {
		t.Fatal(err)
	}
	f := writeAll(t, db)
	latin := regexp.MustCompile(`[a-z]{2,}`)
	for _, sheet := range []string{"民生实事票决", "民生实事项目", "民生实事点位", "点位责任代表"} {
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) < 2 {
			t.Fatalf("sheet %s: %v %v", sheet, rows, err)
		}
		for _, h := range rows[0] {
			if latin.MatchString(h) {
				t.Errorf("sheet %s header %q is not Chinese", sheet, h)
			}
		}
	}
	rows, _ := f.GetRows("民生实事项目")
	if !strings.Contains(strings.Join(rows[1], " "), "是") {
		t.Errorf("票决当选 not shown as 是: %v", rows[1])
	}
}

func TestStoredInstantsShowInBeijingTime(t *testing.T) {
	for in, want := range map[string]any{
		"2026-12-02T01:00:00.845Z": "2026-12-02 09:00:00",
		"2026-12-31T16:30:00Z":     "2027-01-01 00:30:00",
		"2026-12-02":               "2026-12-02",
		"不是时间T的一段文字，足够长了吧": "不是时间T的一段文字，足够长了吧",
	} {
		if got := beijingTime(in); got != want {
			t.Errorf("%q shown as %v, want %v", in, got, want)
		}
	}
}
