package stationstd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"deputydesk/app/demo/demotest"
	"deputydesk/app/pdfdoc/pdftest"
)

func TestMain(m *testing.M) { demotest.Main(m) }

func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	if dir := os.Getenv("STATIONSTD_PDF_DIR"); dir != "" { // to look at the print
		_ = os.WriteFile(filepath.Join(dir, t.Name()+".pdf"), data, 0o644)
	}
	return strings.ReplaceAll(pdftest.Text(t, pdftest.Write(t, data)), " ", "")
}

func TestChecklistPrintsItemsChecksAndPhotos(t *testing.T) {
	ctx := t.Context()
	db := demotest.Open(t)
	stations, err := db.Stations(ctx)
	if err != nil || len(stations) < 3 {
		t.Fatal(stations, err)
	}
	var b bytes.Buffer
	if err := WriteChecklists(ctx, db, &b, []string{stations[0].ID, stations[2].ID}, Options{}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	for _, want := range []string{"城关镇人大代表联络站标准化建设核查表", "五星级·示范站", "「五有」达标5/5项", "有适用场地",
		"统一规范标牌", "「九有」", "佐证照片（2张）", "石桥村代表联络点标准化建设核查表", "三星级", "未达标", "公示栏信息未及时更新",
		"制表单位：城关镇人大主席团", "第1页共"} {
		if !strings.Contains(text, want) {
			t.Errorf("checklist lacks %q", want)
		}
	}
	if strings.Count(text, "达标") < 20 {
		t.Errorf("too few results printed:\n%s", text)
	}
}

func TestOverviewCountsEveryStation(t *testing.T) {
	ctx := t.Context()
	db := demotest.Open(t)
	o, err := LoadOverview(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	stations, model, complete, byStars := o.Figures()
	if stations != 4 || model != 1 || complete != 1 || byStars[5] != 1 || byStars[0] != 1 {
		t.Fatalf("figures %d %d %d %v", stations, model, complete, byStars)
	}
	head, rows := o.Table()
	if len(head) != 9 || len(rows) != 4 || rows[0][4] != "5/5" || rows[2][5] != "5/6" || rows[3][6] != "0/9" {
		t.Fatalf("table %v %v", head, rows)
	}
	var b bytes.Buffer
	if err := WriteOverview(ctx, db, &b, Options{}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	for _, want := range []string{"联络站标准化建设情况总览", "共4个站点，全部达标1个，示范站1个，五星级1个", "红旗社区代表联络窗", "「六统一」达标", "未评星"} {
		if !strings.Contains(text, want) {
			t.Errorf("overview lacks %q\n%s", want, text)
		}
	}
}
