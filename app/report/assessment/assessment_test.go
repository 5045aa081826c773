package assessment

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/assess"
	"deputydesk/app/pdfdoc/pdftest"
	"deputydesk/app/report/xlsxprint"
	"deputydesk/store"
)

var fixed = time.Date(2026, 12, 20, 10, 0, 0, 0, time.UTC)

type town struct {
	db                 *store.DB
	ctx                context.Context
	jia, yi, bing      *store.Deputy
	station            string
	meta               Meta
	excellent, pass, f float64
}

// newTown makes three deputies whose 2026 totals are 92 (优秀), 85 (合格)
// and 79.5 (不合格) from real records, manual scores and adjustments under
// the default rules.
func newTown(t *testing.T) *town {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return fixed }
	tw := &town{db: db, ctx: ctx, meta: Meta{Township: "城关镇", Unit: "城关镇人大主席团", Date: fixed, NoCompress: true}}
	st := &store.Station{Name: "城关镇人大代表联络站", Kind: "代表联络站", Address: "镇政府一楼"}
	if err := db.SaveStation(ctx, st); err != nil {
		t.Fatal(err)
	}
	tw.station = st.ID
	mk := func(name, phone string) *store.Deputy {
		d := &store.Deputy{Name: name, Phone: phone, Levels: store.Levels(store.TownshipLv), WorkUnit: "城关镇石桥村", Post: "村委会主任"}
		if err := db.SaveDeputy(ctx, d); err != nil {
			t.Fatal(err)
		}
		for _, it := range store.DefaultScoringRules(2026).Items {
			for _, rw := range it.Raters {
				s := &store.ManualScore{Year: 2026, DeputyID: d.ID, Item: it.Code, Rater: rw.Rater, Points: it.Max, Reason: "年终评定"}
				if err := db.SetManualScore(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
		}
		return d
	}
	tw.jia, tw.yi, tw.bing = mk("甲建国", "13900000001"), mk("乙秀英", "13900000002"), mk("丙志强", "13900000003")
	// 丙: ten duties, two missed: +10 (capped) and −4.
	for i := 1; i <= 10; i++ {
		mark := store.AttendPresent
		if i == 3 || i == 7 {
			mark = store.AttendAbsent
		}
		d := &store.Duty{StationID: st.ID, Date: fmt.Sprintf("2026-%02d-06", i), From: "09:00", To: "11:30", DeputyIDs: []string{tw.bing.ID}}
		if err := db.SaveDuty(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkAttendance(ctx, d.ID, tw.bing.ID, mark, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	adj := func(d *store.Deputy, p float64, why string) {
		if err := db.AddAdjustment(ctx, &store.Adjustment{Year: 2026, DeputyID: d.ID, Points: p, Reason: why}); err != nil {
			t.Fatal(err)
		}
	}
	adj(tw.jia, 32, "牵头解决石桥修缮")  // 50 + 10 + 32 = 92
	adj(tw.yi, 25, "参与防汛抢险")     // 50 + 10 + 25 = 85
	adj(tw.bing, 13.5, "调解邻里纠纷") // 50 + 10 − 4 + 10 + 13.5 = 79.5
	if err := db.SaveSuggestion(ctx, &store.Suggestion{DeputyID: tw.jia.ID, Day: "2026-02-01", No: "2026-001", Title: "关于修缮石桥的建议",
		Department: "县交通运输局", ResultClass: "A", Satisfaction: "满意"}); err != nil {
		t.Fatal(err)
	}
	// 甲's suggestion adds 2 + 1; take them back so the total stays 92.
	adj(tw.jia, -3, "建议分计入小组考核")
	return tw
}

func (tw *town) year(t *testing.T) assess.Year {
	t.Helper()
	y, err := assess.Load(tw.ctx, tw.db, 2026)
	if err != nil {
		t.Fatal(err)
	}
	return y
}

func TestAssessmentXLSX(t *testing.T) {
	tw := newTown(t)
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, tw.year(t), tw.meta); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := xlsxprint.Verify(f, "考核结果", xlsxprint.Setup{Landscape: true, HeaderRows: 3, FreezeCols: 2, Draft: true}); err != nil {
		t.Error(err)
	}
	if err := xlsxprint.Verify(f, "评分细则", xlsxprint.Setup{Landscape: true, HeaderRows: 3, Draft: true}); err != nil {
		t.Error(err)
	}
	rows, err := f.GetRows("考核结果")
	if err != nil {
		t.Fatal(err)
	}
	head := rows[2]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, head)
		return -1
	}
	want := [][]string{{"1", "甲建国", "92", "优秀"}, {"2", "乙秀英", "85", "合格"}, {"3", "丙志强", "79.5", "不合格"}}
	if len(rows) != 3+len(want) {
		t.Fatalf("%d rows; want title, summary, header and 3", len(rows))
	}
	for i, w := range want {
		r := rows[3+i]
		got := []string{r[col("名次")], r[col("姓名")], r[col("总分")], r[col("等次")]}
		if strings.Join(got, " ") != strings.Join(w, " ") {
			t.Errorf("row %d: %v; want %v", i+1, got, w)
		}
	}
	bing := rows[5]
	if bing[col("进站值班接待选民")] != "10" || bing[col("无故缺席值班")] != "-4" || !strings.Contains(bing[col("加减分理由")], "调解邻里纠纷") {
		t.Errorf("丙's breakdown: duty %s absent %s reasons %s", bing[col("进站值班接待选民")], bing[col("无故缺席值班")], bing[col("加减分理由")])
	}
	// 制表日期 is a date cell; points and ranks are numbers.
	last := len(head)
	dateCell := cellName(last, 2)
	if nf, _ := xlsxprint.NumFmt(f, "考核结果", dateCell); nf != xlsxprint.DateFormat || rows[1][last-1] != "2026年12月20日" {
		t.Errorf("制表日期 %q format %q", rows[1][last-1], nf)
	}
	for _, c := range []string{cellName(col("总分")+1, 6), cellName(col("名次")+1, 4), cellName(col("无故缺席值班")+1, 6)} {
		if typ, _ := f.GetCellType("考核结果", c); typ != excelize.CellTypeUnset {
			t.Errorf("%s is %v, want a number", c, typ)
		}
	}
	if !strings.Contains(rows[1][0], "优秀 1 名，合格 1 名，不合格 1 名") {
		t.Errorf("summary %q", rows[1][0])
	}
	rules, err := f.GetRows("评分细则")
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 3+len(store.DefaultScoringRules(2026).Items) || rules[4][1] != "出席人代会及代表会议" {
		t.Errorf("rules sheet: %d rows, row 5 %v", len(rules), rules[4])
	}
}

func pdfText(t *testing.T, b []byte) []string {
	t.Helper()
	p := pdftest.Write(t, b)
	text := pdftest.Text(t, p)
	fonts, err := exec.Command("pdffonts", p).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	if !regexp.MustCompile(`utf8cjk\s+CID TrueType\s+Identity-H\s+yes`).Match(fonts) {
		t.Errorf("Chinese font not embedded:\n%s", fonts)
	}
	pages := strings.Split(text, "\f")
	return pages[:len(pages)-1]
}

func TestNotices(t *testing.T) {
	tw := newTown(t)
	if err := tw.db.SaveRectification(tw.ctx, &store.Rectification{Year: 2026, DeputyID: tw.bing.ID, DueDay: "2027-01-31"}); err != nil {
		t.Fatal(err)
	}
	rects, err := tw.db.Rectifications(tw.ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteNotices(&buf, tw.year(t), rects, tw.meta); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, buf.Bytes())
	if len(pages) != 3 {
		t.Fatalf("%d pages; want one per deputy", len(pages))
	}
	for i, w := range []struct{ name, total, grade string }{{"甲建国", "92", "优秀"}, {"乙秀英", "85", "合格"}, {"丙志强", "79.5", "不合格"}} {
		p := strings.Join(strings.Fields(pages[i]), " ")
		for _, s := range []string{"履职测评结果反馈通知书", w.name + " 代表：", "总 分 " + w.total, "测评等次：" + w.grade, "城关镇人大主席团 2026年12月20日"} {
			if !strings.Contains(p, s) {
				t.Errorf("page %d lacks %q:\n%s", i+1, s, p)
			}
		}
		flat := strings.Join(strings.Fields(p), "")
		deadline := strings.Contains(flat, "2027年1月31日前") && strings.Contains(flat, "《履职测评整改报告》")
		if deadline != (w.grade == store.GradeFail) {
			t.Errorf("page %d (%s): 整改报告 deadline printed = %v", i+1, w.grade, deadline)
		}
	}
	if p := strings.Join(strings.Fields(pages[2]), " "); !strings.Contains(p, "无故缺席值班 2 -4") || !strings.Contains(p, "不能值班须提前请假或安排替班") {
		t.Errorf("丙's notice lacks the deduction or its advice:\n%s", p)
	}
}

func TestDossier(t *testing.T) {
	tw := newTown(t)
	m := image.NewRGBA(image.Rect(0, 0, 90, 120))
	for i := range m.Pix {
		m.Pix[i] = 200
	}
	m.Set(1, 1, color.Black)
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, m, nil); err != nil {
		t.Fatal(err)
	}
	if err := tw.db.SetDeputyPhoto(tw.ctx, tw.bing.ID, jb.Bytes()); err != nil {
		t.Fatal(err)
	}
	a := &store.Activity{Kind: "专题调研", Day: "2026-05-12", Topic: "调研养老服务中心运营情况", Organiser: "镇人大主席团",
		Participants: []store.Participant{{DeputyID: tw.bing.ID, Attendance: store.ActPresent}}}
	if err := tw.db.SaveActivity(tw.ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := tw.db.SaveOpinion(tw.ctx, &store.Opinion{DeputyID: tw.bing.ID, Day: "2026-06-02", Title: "村民反映灌溉水渠淤堵"}); err != nil {
		t.Fatal(err)
	}
	pair := &store.LiaisonPair{Contact: "张志强", ContactPost: "县交通运输局局长", DeputyID: tw.bing.ID, Since: "2026-01-05"}
	if err := tw.db.SaveLiaisonPair(tw.ctx, pair); err != nil {
		t.Fatal(err)
	}
	if err := tw.db.SaveLiaisonVisit(tw.ctx, &store.LiaisonVisit{PairID: pair.ID, Day: "2026-03-15", How: "上门走访", Opinions: "村道破损雨天积水"}); err != nil {
		t.Fatal(err)
	}
	ds, err := LoadDossier(tw.ctx, tw.db, 2026, tw.bing.ID)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDossier(&buf, ds, tw.meta); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(strings.Join(pdfText(t, buf.Bytes()), " ")), " ")
	for _, s := range []string{"人大代表履职档案（2026年度）", "丙志强", "城关镇石桥村 村委会主任", "排定值班 10 次（到岗 8 次，缺席 2 次）",
		"2026年10月6日", "调研养老服务中心运营情况", "村民反映灌溉水渠淤堵", "本年度未提出代表建议",
		// 79.5 + 1.5 for the 调研 + 0.5 for the 社情民意 added here.
		"八、双联系走访", "张志强", "村道破损雨天积水", "九、年度履职考核",
		"等次：合格", "总分 81.5"} {
		if !strings.Contains(text, s) {
			t.Errorf("dossier lacks %q", s)
		}
	}
	p := filepath.Join(t.TempDir(), "d.pdf")
	os.WriteFile(p, buf.Bytes(), 0o644)
	out, err := exec.Command("pdfimages", "-list", p).Output()
	if err != nil || strings.Count(string(out), "jpeg") != 1 {
		t.Errorf("photo not embedded once: %s %v", out, err)
	}
}

func TestRulesXLSX(t *testing.T) {
	rules := store.DefaultScoringRules(2027)
	var buf bytes.Buffer
	if err := WriteRulesXLSX(&buf, rules, Meta{Township: "城关镇", Date: fixed}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := xlsxprint.Verify(f, "评分细则", xlsxprint.Setup{Landscape: true, HeaderRows: 3}); err != nil {
		t.Error(err)
	}
	rows, _ := f.GetRows("评分细则")
	if rows[0][0] != "城关镇2027年度人大代表履职评分细则（第1版）" || !strings.Contains(rows[1][0], "90 分及以上为优秀，80 分及以上为合格") {
		t.Errorf("title %q, note %q", rows[0][0], rows[1][0])
	}
	last := rows[len(rows)-1]
	if last[1] != "年终核定" || !strings.Contains(last[6], "选举单位确认 0.2") {
		t.Errorf("last item %v", last)
	}
}

// flat is a page's text with all spacing removed.
func flat(p string) string { return strings.Join(strings.Fields(p), "") }

func TestDraftNoticesCarryTheMarkAndNoNumber(t *testing.T) {
	tw := newTown(t)
	y := tw.year(t)
	if y.Final {
		t.Fatal("2026 should not be finalised yet")
	}
	var buf bytes.Buffer
	if err := WriteNotices(&buf, y, nil, tw.meta); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, buf.Bytes())
	if len(pages) != 3 {
		t.Fatalf("%d pages; want 3", len(pages))
	}
	for i, p := range pages {
		f := flat(p)
		if !strings.Contains(f, "未定稿") || strings.Contains(f, "履测第") || strings.Contains(f, "特此通知") {
			t.Errorf("draft page %d: mark %v, number %v, 特此通知 %v", i+1, strings.Contains(f, "未定稿"), strings.Contains(f, "履测第"), strings.Contains(f, "特此通知"))
		}
		if !strings.Contains(f, "第1页共1页") {
			t.Errorf("draft page %d is not counted within its notice:\n%s", i+1, p)
		}
	}
	if f := flat(pages[2]); !strings.Contains(f, "定稿后仍为不合格的") || strings.Contains(f, "请您于") {
		t.Errorf("丙's draft notice demands the 整改报告 as if final:\n%s", pages[2])
	}

	final, err := assess.Finalise(tw.ctx, tw.db, 2026)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := WriteNotices(&buf, final, nil, tw.meta); err != nil {
		t.Fatal(err)
	}
	pages = pdfText(t, buf.Bytes())
	for i, p := range pages {
		f := flat(p)
		if strings.Contains(f, "未定稿") || !strings.Contains(f, fmt.Sprintf("城关镇人大主席团〔2026〕履测第%d号", i+1)) || !strings.Contains(f, "特此通知。") {
			t.Errorf("final page %d:\n%s", i+1, p)
		}
	}
}

func TestNoticePagesCountWithinEachNotice(t *testing.T) {
	tw := newTown(t)
	y := tw.year(t)
	// Twenty-five more items push each notice onto a second page.
	for i := range 25 {
		y.Rules.Items = append(y.Rules.Items, store.ScoreItem{Code: fmt.Sprintf("x%d", i), Name: fmt.Sprintf("附加项目%d", i+1), Kind: store.ItemCount, Points: 1})
	}
	var buf bytes.Buffer
	if err := WriteNotices(&buf, y, nil, tw.meta); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, buf.Bytes())
	if len(pages) != 6 {
		t.Fatalf("%d pages; want two per notice", len(pages))
	}
	for i, p := range pages {
		f := flat(p)
		want := fmt.Sprintf("第%d页共2页", i%2+1)
		if !strings.Contains(f, want) || !strings.Contains(f, "未定稿") {
			t.Errorf("page %d lacks %s or the draft mark:\n%s", i+1, want, p)
		}
		if i%2 == 1 && !strings.Contains(f, "评分项目") {
			t.Errorf("page %d: the score table's header is not repeated", i+1)
		}
	}
}

func TestDossierOfDraftYearIsMarked(t *testing.T) {
	tw := newTown(t)
	for _, final := range []bool{false, true} {
		if final {
			if _, err := assess.Finalise(tw.ctx, tw.db, 2026); err != nil {
				t.Fatal(err)
			}
		}
		ds, err := LoadDossier(tw.ctx, tw.db, 2026, tw.jia.ID)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteDossier(&buf, ds, tw.meta); err != nil {
			t.Fatal(err)
		}
		for i, p := range pdfText(t, buf.Bytes()) {
			if marked := strings.Contains(flat(p), "未定稿"); marked == final {
				t.Errorf("finalised %v: dossier page %d marked 未定稿 = %v", final, i+1, marked)
			}
		}
	}
}

func TestDossierShowsProcuratorateReference(t *testing.T) {
	tw := newTown(t)
	s := &store.Suggestion{DeputyID: tw.yi.ID, Day: "2026-03-10", No: "2026-003", Title: "关于整治清水河沿岸入河排污口的建议"}
	if err := tw.db.SaveSuggestion(tw.ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := tw.db.SaveReferral(tw.ctx, &store.Referral{SuggestionID: s.ID, Direction: store.DirClue, ClueDay: "2026-03-20",
		Subject: "入河排污口污水直排", State: store.StateIssued, RefNo: "和检行公建〔2026〕3号", RefDay: "2026-05-08"}); err != nil {
		t.Fatal(err)
	}
	ds, err := LoadDossier(tw.ctx, tw.db, 2026, tw.yi.ID)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDossier(&buf, ds, tw.meta); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("DOSSIER_PDF_OUT") != "" {
		os.WriteFile(os.Getenv("DOSSIER_PDF_OUT"), buf.Bytes(), 0o644)
	}
	text := strings.Join(strings.Fields(strings.Join(pdfText(t, buf.Bytes()), " ")), " ")
	for _, w := range []string{"七、代表建议", "关于整治清水河沿岸入河排污口的", "检察机关公益诉讼", "和检行公建〔2026〕3号", "入河排污口污水直排", "已发检察建议"} {
		if !strings.Contains(text, w) {
			t.Errorf("dossier lacks %q", w)
		}
	}
}
