package poster

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"path/filepath"
	"testing"

	"deputydesk/app/photo"
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

// portrait draws a simple head-and-shoulders picture in a given shirt colour
// and runs it through the real photo pipeline.
func portrait(tb testing.TB, shirt color.RGBA) []byte {
	tb.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 600, 800))
	for y := 0; y < 800; y++ {
		for x := 0; x < 600; x++ {
			c := color.RGBA{70, 130, 200, 255} // the blue backdrop of ID photos
			dx, dy := x-300, y-330
			switch {
			case dx*dx+dy*dy < 150*150:
				c = color.RGBA{238, 200, 170, 255}
			case y > 560 && (x-300)*(x-300)/4+(y-900)*(y-900)/2 < 300*300/2:
				c = shirt
			}
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, m, &jpeg.Options{Quality: 90})
	out, err := photo.Prepare(&b)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

type fixture struct {
	db       *store.DB
	stations []store.Station
	groups   []store.Group
	deputies []store.Deputy
}

var demoNames = []string{"王建国", "李秀英", "张志强", "刘海燕", "陈丽华", "杨文明", "赵春梅", "黄国庆", "周玉兰", "吴卫东",
	"阿不都热合曼·买买提依明", "欧阳振华", "徐红霞", "孙德胜"}

// newFixture makes a township with two stations, three groups and the
// deputies above (every third without a photo, the last one terminated).
func newFixture(tb testing.TB, n int, photos bool) fixture {
	tb.Helper()
	ctx := tb.Context()
	db := openDB(tb)
	f := fixture{db: db}
	t := store.Township{Name: "城关镇", Code: "140105001", County: "小店区", Secretary: "李秘书"}
	if err := db.SaveTownship(ctx, &t); err != nil {
		tb.Fatal(err)
	}
	levels := []store.Levels{store.Levels(store.County | store.TownshipLv), store.Levels(store.TownshipLv),
		store.Levels(store.Municipal | store.County | store.TownshipLv), store.Levels(store.TownshipLv), store.Levels(store.Provincial)}
	units := []string{"城关镇人民政府副镇长", "东街村党支部书记、村民委员会主任", "县第二人民医院内科主治医师",
		"城关镇中心小学教师", "山西宏达现代农业发展有限公司董事长兼总经理、党支部书记", "南关社区居民委员会主任"}
	shirts := []color.RGBA{{30, 30, 40, 255}, {150, 30, 40, 255}, {240, 240, 240, 255}, {40, 80, 60, 255}}
	var pics [][]byte
	if photos {
		for _, s := range shirts {
			pics = append(pics, portrait(tb, s))
		}
	}
	for i := 0; i < n; i++ {
		name := demoNames[i%len(demoNames)]
		if i >= len(demoNames) {
			name = fmt.Sprintf("%s%d", name, i/len(demoNames))
		}
		d := store.Deputy{Name: name, Gender: store.Genders[i%2], Phone: fmt.Sprintf("139%08d", 34560000+i),
			Levels: levels[i%len(levels)], WorkUnit: units[i%len(units)], CertNo: fmt.Sprintf("D%04d", i+1)}
		if i == len(demoNames)-1 {
			d.Status, d.StatusDate, d.StatusReason = store.StatusTerminated, "2026-06-30", "调离本行政区域"
		}
		if err := db.SaveDeputy(ctx, &d); err != nil {
			tb.Fatal(err)
		}
		if photos && i%3 != 2 {
			if err := db.SetDeputyPhoto(ctx, d.ID, pics[i%len(pics)]); err != nil {
				tb.Fatal(err)
			}
		}
		f.deputies = append(f.deputies, d)
	}
	for gi, name := range []string{"第一代表小组", "第二代表小组", "第三代表小组"} {
		g := store.Group{Name: name}
		for i, d := range f.deputies {
			if i%3 == gi {
				g.MemberIDs = append(g.MemberIDs, d.ID)
			}
		}
		g.LeaderID = g.MemberIDs[0]
		if err := db.SaveGroup(ctx, &g); err != nil {
			tb.Fatal(err)
		}
		f.groups = append(f.groups, g)
	}
	for _, s := range []store.Station{
		{Name: "城关镇人大代表联络站", Kind: "代表联络站", Address: "城关镇人民政府一楼东侧", OpeningRule: "每月第一周的周五 9:00–11:30",
			Phone: "0351-6543210", GroupIDs: []string{f.groups[0].ID, f.groups[1].ID}},
		{Name: "东街村代表联络点", Kind: "代表联络点", Address: "东街村村民委员会二楼", OpeningRule: "每月第一个星期二 15:00–17:30",
			GroupIDs: []string{f.groups[2].ID}},
	} {
		if err := db.SaveStation(ctx, &s); err != nil {
			tb.Fatal(err)
		}
		f.stations = append(f.stations, s)
	}
	return f
}
