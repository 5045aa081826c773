package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// newDB opens a fresh database file in a temp folder with a fixed clock.
func newDB(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "t.db"))
	if err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC) }
	db.Actor = "赵丽华"
	tb.Cleanup(func() { db.Close() })
	return db
}

func validDeputy(name, phone string) *Deputy {
	return &Deputy{Name: name, Gender: "男", Phone: phone, Levels: Levels(TownshipLv), BirthDate: "1975-03-08"}
}

// twoDeputies saves 王建国 and 李秀英, the pair several tests work with.
func twoDeputies(t *testing.T, db *DB) (a, b *Deputy) {
	t.Helper()
	a, b = validDeputy("王建国", "13812345678"), validDeputy("李秀英", "13812345679")
	for _, d := range []*Deputy{a, b} {
		if err := db.SaveDeputy(t.Context(), d); err != nil {
			t.Fatal(err)
		}
	}
	return a, b
}

// openOlder opens a database as an older build left it: only the migrations
// keep picks, applied and recorded, then rows; so the upgrade tests see what
// Open brings it up to.
func openOlder(t *testing.T, keep func(version int) bool, rows ...string) *DB {
	t.Helper()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations() {
		if !keep(m.version) {
			continue
		}
		if _, err := raw.ExecContext(ctx, m.sql); err != nil {
			t.Fatalf("migration %d: %v", m.version, err)
		}
		if _, err := raw.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, ?, '2026-06-01T00:00:00.000Z')`, m.version, m.name); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range rows {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenMigratesAndReopens(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v != latestVersion() {
		t.Fatalf("version = %d, %v; want %d", v, err, latestVersion())
	}
	var mode string
	if err := db.r.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	var fk int
	if err := db.r.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v", fk, err)
	}
	if err := db.SaveDeputy(ctx, validDeputy("王建国", "13812345678")); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	n, err := db.CountDeputies(ctx)
	if err != nil || n != 1 {
		t.Fatalf("after reopen: %d deputies, %v", n, err)
	}
	var rows int
	db.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&rows)
	if rows != len(migrations()) {
		t.Fatalf("schema_migrations has %d rows, want %d", rows, len(migrations()))
	}
}

func TestNewerSchemaRefusedAndUntouched(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (999, 'future', 'x')`); err != nil {
		t.Fatal(err)
	}
	// Fold the WAL into the main file so the bytes on disk are the whole state.
	if _, err := db.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := fileHash(t, path)

	_, err = Open(ctx, path)
	var ne *NewerSchemaError
	if !errors.As(err, &ne) || ne.Found != 999 {
		t.Fatalf("Open = %v, want NewerSchemaError(999)", err)
	}
	if msg := UserMessage(err); msg == "" || !containsAll(msg, "更新版本", "999") {
		t.Fatalf("message %q", msg)
	}
	if after := fileHash(t, path); after != before {
		t.Fatal("refused database file was modified")
	}
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestUpgradeFromFirstSchema(t *testing.T) {
	// A database made by the first schema only (as an early release wrote
	// it) is brought up to date with its data intact.
	ctx := t.Context()
	db := openOlder(t, func(v int) bool { return v == 1 },
		`INSERT INTO deputy(id, name, phone, levels, created_at, updated_at) VALUES ('old-1', '李秀英', '13900001111', 16, 'x', 'x')`)
	if v, _ := db.SchemaVersion(ctx); v != latestVersion() {
		t.Fatalf("version %d", v)
	}
	d, err := db.Deputy(ctx, "old-1")
	if err != nil || d.Name != "李秀英" {
		t.Fatalf("old deputy: %+v %v", d, err)
	}
}

func TestDeputyValidation(t *testing.T) {
	ok := func() *Deputy { return validDeputy("王建国", "13812345678") }
	tests := []struct {
		name  string
		edit  func(*Deputy)
		field string
		msg   string
	}{
		{"missing name", func(d *Deputy) { d.Name = "  " }, "Name", "不能为空"},
		{"bad mobile", func(d *Deputy) { d.Phone = "1381234567" }, "Phone", "手机号"},
		{"letters in phone", func(d *Deputy) { d.Phone = "138abc45678" }, "Phone", "手机号"},
		{"missing phone", func(d *Deputy) { d.Phone = "" }, "Phone", "不能为空"},
		{"local number without area code", func(d *Deputy) { d.Phone = "1391234" }, "Phone", "区号"},
		{"bad id checksum", func(d *Deputy) { d.IDNumber = "110101199003071234" }, "IDNumber", "校验位"},
		{"id too short", func(d *Deputy) { d.IDNumber = "11010119900307" }, "IDNumber", "18位"},
		{"no level", func(d *Deputy) { d.Levels = 0 }, "Levels", "至少选择"},
		{"bad gender", func(d *Deputy) { d.Gender = "未知" }, "Gender", "男"},
		{"bad birth date", func(d *Deputy) { d.BirthDate = "1975-13-40" }, "BirthDate", "无法识别"},
		{"terminated without reason", func(d *Deputy) { d.Status = StatusTerminated; d.StatusDate = "2025-01-01" }, "StatusReason", "原因"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			d := ok()
			tt.edit(d)
			err := db.SaveDeputy(t.Context(), d)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("SaveDeputy = %v, want ValidationError", err)
			}
			if m := ve.For(tt.field); !strings.Contains(m, tt.msg) {
				t.Fatalf("message for %s = %q, want it to contain %q (all: %v)", tt.field, m, tt.msg, ve)
			}
			if n, _ := db.CountDeputies(t.Context()); n != 0 {
				t.Fatalf("invalid deputy was saved")
			}
		})
	}
	t.Run("accepted forms", func(t *testing.T) {
		db := newDB(t)
		for i, d := range []*Deputy{
			{Name: "张伟", Phone: "0354-8621234", Levels: Levels(County)},
			{Name: "李娜", Phone: "１３９１２３４５６７８", Levels: Levels(TownshipLv), IDNumber: "11010519491231002x", BirthDate: "1975.03"},
			{Name: "赵强", Phone: "0354-8621234", Levels: Levels(TownshipLv | County), BirthDate: "1975年3月8日"},
		} {
			if err := db.SaveDeputy(t.Context(), d); err != nil {
				t.Fatalf("deputy %d: %v", i, err)
			}
		}
		d, _ := db.Deputies(t.Context(), DeputyFilter{Query: "李娜"})
		if len(d) != 1 || d[0].Phone != "13912345678" || d[0].IDNumber != "11010519491231002X" || d[0].BirthDate != "1975-03" {
			t.Fatalf("normalised deputy: %+v", d)
		}
	})
}

func TestDuplicateCertNo(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	a := validDeputy("王建国", "13812345678")
	a.CertNo = "HS18-001"
	if err := db.SaveDeputy(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := validDeputy("李秀英", "13912345678")
	b.CertNo = "HS18-001"
	err := db.SaveDeputy(ctx, b)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.For("CertNo"), "王建国") {
		t.Fatalf("duplicate cert no: %v", err)
	}
	// Saving the same deputy again with its own number is fine.
	a.Post = "村委会主任"
	if err := db.SaveDeputy(ctx, a); err != nil {
		t.Fatal(err)
	}
}

func TestGroupLeaderMustBeMember(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	a, b := validDeputy("王建国", "13812345678"), validDeputy("李秀英", "13912345678")
	if err := db.SaveDeputies(ctx, []*Deputy{a, b}); err != nil {
		t.Fatal(err)
	}
	g := &Group{Name: "第一代表小组", MemberIDs: []string{a.ID}, LeaderID: b.ID}
	err := db.SaveGroup(ctx, g)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.For("LeaderID"), "组长必须是本小组成员") {
		t.Fatalf("SaveGroup = %v", err)
	}
	g.LeaderID = a.ID
	if err := db.SaveGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	impact, err := db.DeputyImpact(ctx, a.ID)
	if err != nil || !strings.Contains(impact, "第一代表小组（组长）") {
		t.Fatalf("impact %q %v", impact, err)
	}
}

func TestStationValidationAndImpact(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	s := &Station{Name: "城关镇人大代表联络站", Kind: "茶馆", Address: ""}
	err := db.SaveStation(ctx, s)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.For("Kind") == "" || ve.For("Address") == "" {
		t.Fatalf("SaveStation = %v", err)
	}
	g := &Group{Name: "第一代表小组"}
	if err := db.SaveGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	s = &Station{Name: "城关镇人大代表联络站", Kind: "代表联络站", Address: "镇政府院内", GroupIDs: []string{g.ID}}
	if err := db.SaveStation(ctx, s); err != nil {
		t.Fatal(err)
	}
	impact, _ := db.GroupImpact(ctx, g.ID)
	if !strings.Contains(impact, "城关镇人大代表联络站") {
		t.Fatalf("group impact %q", impact)
	}
	if err := db.DeleteGroup(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	s2, err := db.Station(ctx, s.ID)
	if err != nil || len(s2.GroupIDs) != 0 {
		t.Fatalf("station after group delete: %+v %v", s2, err)
	}
}

func TestChangeLogWrittenWithChange(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	d := validDeputy("王建国", "13812345678")
	if err := db.SaveDeputy(ctx, d); err != nil {
		t.Fatal(err)
	}
	d.Phone = "13999998888"
	if err := db.SaveDeputy(ctx, d); err != nil {
		t.Fatal(err)
	}
	// Saving unchanged writes no row.
	if err := db.SaveDeputy(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteDeputy(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	cs, err := db.Changes(ctx, ChangeFilter{Entity: "deputy", EntityID: d.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 {
		t.Fatalf("%d changes, want 3: %+v", len(cs), cs)
	}
	del, upd, cre := cs[0], cs[1], cs[2]
	if cre.Action != "create" || upd.Action != "update" || del.Action != "delete" {
		t.Fatalf("actions %s %s %s", cre.Action, upd.Action, del.Action)
	}
	if got := upd.Changes["Phone"]; got[0] != "13812345678" || got[1] != "13999998888" || len(upd.Changes) != 1 {
		t.Fatalf("update diff %+v", upd.Changes)
	}
	if upd.Actor != "赵丽华" || !upd.At.Equal(db.Now()) {
		t.Fatalf("actor/time %q %v", upd.Actor, upd.At)
	}

	// A change that fails validation or rolls back leaves no log row.
	before, _ := db.Changes(ctx, ChangeFilter{})
	bad := validDeputy("", "1")
	db.SaveDeputy(ctx, bad)
	dup := []*Deputy{validDeputy("甲", "13800000001"), validDeputy("乙", "13800000002")}
	dup[0].CertNo, dup[1].CertNo = "X-1", "X-1"
	if err := db.SaveDeputies(ctx, dup); err == nil {
		t.Fatal("duplicate cert numbers in one batch were accepted")
	}
	after, _ := db.Changes(ctx, ChangeFilter{})
	if len(after) != len(before) {
		t.Fatalf("failed changes wrote %d log rows", len(after)-len(before))
	}
	if n, _ := db.CountDeputies(ctx); n != 0 {
		t.Fatalf("half a batch was saved: %d", n)
	}
}

func TestDeputyFilters(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	a := validDeputy("王建国", "13812345678")
	a.WorkUnit = "石桥村村民委员会"
	b := validDeputy("李秀英", "13912345678")
	b.Levels = Levels(County | TownshipLv)
	c := validDeputy("张伟", "13712345678")
	c.Levels = Levels(Municipal)
	c.Status, c.StatusDate, c.StatusReason = StatusTerminated, "2025-01-01", "调离"
	if err := db.SaveDeputies(ctx, []*Deputy{a, b, c}); err != nil {
		t.Fatal(err)
	}
	g := &Group{Name: "一组", MemberIDs: []string{a.ID, b.ID}}
	if err := db.SaveGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    DeputyFilter
		want []string
	}{
		{"all by pinyin", DeputyFilter{}, []string{"李秀英", "王建国", "张伟"}},
		{"county level", DeputyFilter{Level: County}, []string{"李秀英"}},
		{"group", DeputyFilter{GroupID: g.ID}, []string{"李秀英", "王建国"}},
		{"terminated", DeputyFilter{Status: StatusTerminated}, []string{"张伟"}},
		{"search unit", DeputyFilter{Query: "石桥"}, []string{"王建国"}},
		{"search percent is literal", DeputyFilter{Query: "%"}, nil},
		{"by level", DeputyFilter{Sort: SortByLevel}, []string{"张伟", "李秀英", "王建国"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := db.Deputies(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.Name)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v want %v", got, tt.want)
				}
			}
		})
	}
}

func TestTownshipSettings(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	if _, err := db.Township(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty db township: %v", err)
	}
	tw := &Township{Name: "城关镇", Code: "14072310"}
	var ve *ValidationError
	if err := db.SaveTownship(ctx, tw); !errors.As(err, &ve) || ve.For("Code") == "" {
		t.Fatalf("short code accepted: %v", err)
	}
	tw.Code, tw.TermStart, tw.TermEnd = "140723100", "2021-12-28", "2026年12月31日"
	if err := db.SaveTownship(ctx, tw); err != nil {
		t.Fatal(err)
	}
	tw.Secretary = "赵丽华"
	if err := db.SaveTownship(ctx, tw); err != nil {
		t.Fatal(err)
	}
	got, err := db.Township(ctx)
	if err != nil || got.Secretary != "赵丽华" || got.TermEnd != "2026-12-31" || got.ID != tw.ID {
		t.Fatalf("township %+v %v", got, err)
	}
}

func TestParsersAndFormat(t *testing.T) {
	for in, want := range map[string]string{"1975.03": "1975-03", "1975-3-8": "1975-03-08", "1975年3月": "1975-03",
		"1975年3月8日": "1975-03-08", "１９７５．０３．０８": "1975-03-08", "19750308": "1975-03-08", "1975/03/08": "1975-03-08"} {
		if got, ok := ParseMonthOrDate(in); !ok || got != want {
			t.Errorf("ParseMonthOrDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"2023-02-29", "1975", "abc", "1975-13"} {
		if got, ok := ParseMonthOrDate(bad); ok {
			t.Errorf("ParseMonthOrDate(%q) = %q, accepted", bad, got)
		}
	}
	if got := FormatDate("2026-11-22"); got != "2026年11月22日" {
		t.Errorf("FormatDate = %q", got)
	}
	if got := Normalize("（城关镇）　"); got != "（城关镇）" {
		t.Errorf("Normalize kept %q", got)
	}
	if ls, err := ParseLevels("县、乡镇"); err != nil || ls != Levels(County|TownshipLv) || ls.String() != "县、乡" {
		t.Errorf("ParseLevels = %v %v", ls, err)
	}
}

func TestGroupImpactNamesMembers(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	var ids []string
	for i, name := range []string{"王建华", "李秀英"} {
		d := &Deputy{Name: name, Phone: "1390000000" + string(rune('1'+i)), Levels: Levels(TownshipLv)}
		if err := db.SaveDeputy(ctx, d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	g := &Group{Name: "第一代表小组", LeaderID: ids[0], MemberIDs: ids}
	if err := db.SaveGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	impact, err := db.GroupImpact(ctx, g.ID)
	if err != nil || !strings.Contains(impact, "2名成员（李秀英、王建华）") {
		t.Fatalf("group impact %q, %v", impact, err)
	}
}

func TestChineseOrder(t *testing.T) {
	groups := []string{"第六代表小组", "第二代表小组", "第十代表小组", "第一代表小组", "第十二代表小组"}
	SortChinese(groups, func(s string) string { return s })
	if strings.Join(groups, ",") != "第一代表小组,第二代表小组,第六代表小组,第十代表小组,第十二代表小组" {
		t.Errorf("groups %v", groups)
	}
	districts := []string{"第10选区", "第9选区", "第1选区"}
	SortChinese(districts, func(s string) string { return s })
	if strings.Join(districts, ",") != "第1选区,第9选区,第10选区" {
		t.Errorf("districts %v", districts)
	}
	names := []string{"沈贵", "程新", "陈华", "史强"}
	SortNames(names, func(s string) string { return s })
	if strings.Join(names, ",") != "陈华,程新,沈贵,史强" {
		t.Errorf("names %v", names)
	}
}

func TestPrivacySettings(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	p, err := db.Privacy(ctx)
	if err != nil || p.FullPhones || p.IDNumbers {
		t.Fatalf("default privacy %+v %v", p, err)
	}
	if err := db.SavePrivacy(ctx, Privacy{FullPhones: true}); err != nil {
		t.Fatal(err)
	}
	p, _ = db.Privacy(ctx)
	if !p.FullPhones || p.IDNumbers {
		t.Fatalf("saved privacy %+v", p)
	}
	cs, _ := db.Changes(ctx, ChangeFilter{Entity: "setting"})
	if len(cs) != 1 || cs[0].Changes["FullPhones"][1] != true {
		t.Fatalf("change log %+v", cs)
	}
}

func TestIDNumberMismatch(t *testing.T) {
	// 11010519491231002X: born 1949-12-31, digit 17 is 2 (even, 女).
	const id = "11010519491231002X"
	tests := []struct {
		name, birth, gender string
		fields              []string
	}{
		{"agrees", "1949-12-31", "女", nil},
		{"agrees by month", "1949.12", "女", nil},
		{"empty fields are not compared", "", "", nil},
		{"birth differs", "1949-12-30", "女", []string{"BirthDate"}},
		{"gender differs", "1949-12-31", "男", []string{"Gender"}},
		{"both differ", "1950-01", "男", []string{"BirthDate", "Gender"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, fe := range IDNumberMismatch(id, tt.birth, tt.gender) {
				got = append(got, fe.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Fatalf("warnings on %v, want %v", got, tt.fields)
			}
		})
	}
	if w := IDNumberMismatch("110101199003071234", "1990-03-08", "男"); w != nil {
		t.Fatalf("an invalid number is the validator's business, got %v", w)
	}
}
