package register

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"deputydesk/store"
)

func openDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(tb.Context(), filepath.Join(tb.TempDir(), "t.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

var (
	surnames = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
	given    = []string{"建国", "秀英", "志强", "海燕", "丽华", "文明", "春梅", "国庆", "玉兰", "卫东", "红霞", "德胜", "小平", "桂芳", "立新", "淑珍"}
	units    = []string{"城关镇人民政府", "城关镇东街村村民委员会", "县第二人民医院", "城关镇中心小学", "宏达农业发展有限公司", "城关镇南关社区居民委员会"}
	posts    = []string{"副镇长", "党支部书记、主任", "主治医师", "教师", "董事长", "居委会主任"}
	levelSet = []string{"乡", "县、乡", "乡", "市、县", "县", "乡"}
	groupSet = []string{"第一代表小组", "第二代表小组", "第三代表小组", "第四代表小组"}
)

// sheetRow is one deputy as typed in a template-layout sheet (序号 first).
func sheetRow(i int) []any {
	name := string(surnames[i%len(surnames)]) + given[(i/len(surnames)+i)%len(given)]
	gender := store.Genders[i%2]
	return []any{i + 1, name, gender, "汉族", fmt.Sprintf("%d-%02d-%02d", 1960+i%40, 1+i%12, 1+i%28), "中共党员", "大学",
		units[i%len(units)], posts[i%len(posts)], fmt.Sprintf("139%08d", 10000000+i), "", fmt.Sprintf("D%05d", i+1),
		levelSet[i%len(levelSet)], groupSet[i%len(groupSet)], fmt.Sprintf("第%d选区", 1+i%9), "第十八届", "农民", "在任", "", "", ""}
}

func headerRow() []any {
	h := []any{seqHeader}
	for _, c := range columns {
		h = append(h, c.Header)
	}
	return h
}

// writeBook writes rows (each a []any, nil for a blank row) from row 1 of a
// new workbook and returns its path. edit may style or merge cells first.
func writeBook(tb testing.TB, rows [][]any, edit func(f *excelize.File, sheet string)) string {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	for i, r := range rows {
		if r == nil {
			continue
		}
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
			tb.Fatal(err)
		}
	}
	if edit != nil {
		edit(f, sheet)
	}
	path := filepath.Join(tb.TempDir(), "名册.xlsx")
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// cleanBook is a template-layout sheet with a merged title and n deputies.
func cleanBook(tb testing.TB, n int, edit func(rows [][]any)) string {
	tb.Helper()
	rows := [][]any{{"城关镇人大代表名册"}, headerRow()}
	for i := 0; i < n; i++ {
		rows = append(rows, sheetRow(i))
	}
	if edit != nil {
		edit(rows)
	}
	return writeBook(tb, rows, func(f *excelize.File, s string) { f.MergeCell(s, "A1", "U1") })
}
