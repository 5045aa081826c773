package export

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"deputydesk/store"
)

func TestWriteEveryTableWithChineseHeaders(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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
}
