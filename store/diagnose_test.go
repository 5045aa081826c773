//go:build linux

package store

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deputydesk/store/disktest"
)

// makeTownship writes a small township with n deputies at path, with no
// -wal beside it, and returns the file's hash.
func makeTownship(t *testing.T, path string, n int) [32]byte {
	t.Helper()
	ctx := t.Context()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveTownship(ctx, &Township{Name: "城关镇", Code: "140723100"}); err != nil {
		t.Fatal(err)
	}
	var ds []*Deputy
	for i := 0; i < n; i++ {
		ds = append(ds, validDeputy(fmt.Sprintf("代表%03d", i), fmt.Sprintf("139%08d", i)))
	}
	if err := db.SaveDeputies(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return fileHash(t, path)
}

func TestDiagnoseFullDisk(t *testing.T) {
	ctx := t.Context()
	dir := disktest.Tmpfs(t, 4<<20)
	path := filepath.Join(dir, "deputydesk.db")
	before := makeTownship(t, path, 40)
	filler := disktest.Fill(t, dir)

	d := Diagnose(ctx, path)
	if d.Kind != KindDiskFull {
		t.Fatalf("full disk diagnosed as %s (%v)", d.Kind, d.Err)
	}
	if d.CanRestore() || d.CanOpen() || !d.CanReadOnly() {
		t.Fatalf("full disk: restore %v open %v read-only %v", d.CanRestore(), d.CanOpen(), d.CanReadOnly())
	}
	if msg := d.Message(); !containsAll(msg, "磁盘空间已满", "数据文件完好", "清理") || strings.Contains(msg, "损坏") {
		t.Fatalf("message %q", msg)
	}
	// Reading, printing and export still work.
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("read-only open on a full disk: %v", err)
	}
	if n, err := ro.CountDeputies(ctx); err != nil || n != 40 {
		t.Fatalf("read-only count %d %v", n, err)
	}
	err = ro.SaveDeputy(ctx, validDeputy("新代表", "13800000000"))
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(UserMessage(err), "只读") {
		t.Fatalf("save on read-only = %v / %q", err, UserMessage(err))
	}
	ro.Close()
	// A restore on the full disk refuses before touching anything and says
	// where every file is.
	bak := filepath.Join(t.TempDir(), "deputydesk-20261101-090000-manual.db")
	makeTownship(t, bak, 5)
	_, err = Restore(ctx, bak, path)
	var re *RestoreError
	if !errors.As(err, &re) || !re.CurrentIntact || !errors.Is(err, ErrDiskFull) {
		t.Fatalf("restore on a full disk = %v", err)
	}
	if msg := UserMessage(err); !containsAll(msg, "磁盘空间不足", path, bak, "没有改动") {
		t.Fatalf("restore message %q", msg)
	}
	if fileHash(t, path) != before {
		t.Fatal("the database changed on a full disk")
	}
	os.Remove(filler)
	if d := Diagnose(ctx, path); d.Kind != KindHealthy {
		t.Fatalf("after freeing space: %s %v", d.Kind, d.Err)
	}
}

func TestSaveOnFullDiskSaysSoAndKeepsData(t *testing.T) {
	ctx := t.Context()
	dir := disktest.Tmpfs(t, 4<<20)
	path := filepath.Join(dir, "deputydesk.db")
	makeTownship(t, path, 10)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	disktest.Fill(t, dir)
	var batch []*Deputy
	for i := 0; i < 400; i++ {
		d := validDeputy(fmt.Sprintf("新代表%d", i), fmt.Sprintf("137%08d", i))
		d.Notes = strings.Repeat("联系群众，反映民意。", 200)
		batch = append(batch, d)
	}
	err = db.SaveDeputies(ctx, batch)
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("save on a full disk = %v", err)
	}
	if msg := UserMessage(err); !containsAll(msg, "磁盘空间已满", "之前保存的数据都完好") {
		t.Fatalf("message %q", msg)
	}
	if n, _ := db.CountDeputies(ctx); n != 10 {
		t.Fatalf("%d deputies after the failed save", n)
	}
}

func TestDiagnoseReadOnlyStick(t *testing.T) {
	ctx := t.Context()
	dir := disktest.Tmpfs(t, 8<<20)
	path := filepath.Join(dir, "deputydesk.db")
	before := makeTownship(t, path, 12)
	disktest.RemountRO(t, dir)
	defer disktest.RemountRW(t, dir)

	d := Diagnose(ctx, path)
	if d.Kind != KindReadOnly || !d.CanReadOnly() || d.CanRestore() || d.CanOpen() {
		t.Fatalf("read-only stick diagnosed as %s (%v)", d.Kind, d.Err)
	}
	if msg := d.Message(); !containsAll(msg, "只读", "数据完好", "写保护") {
		t.Fatalf("message %q", msg)
	}
	if _, err := Open(ctx, path); !ReadOnly(err) {
		t.Fatalf("writable open on a read-only stick = %v", err)
	}
	db, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	defer db.Close()
	if !db.ReadOnly() {
		t.Fatal("not marked read-only")
	}
	if n, err := db.CountDeputies(ctx); err != nil || n != 12 {
		t.Fatalf("count %d %v", n, err)
	}
	err = db.SaveDeputy(ctx, validDeputy("新代表", "13800000000"))
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("save = %v", err)
	}
	// A backup to a writable folder (another stick) still works.
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := db.BackupTo(ctx, dest); err != nil {
		t.Fatalf("backup from a read-only stick: %v", err)
	}
	if info, err := Inspect(ctx, dest); err != nil || info.Counts["代表"] != 12 {
		t.Fatalf("backup %+v %v", info, err)
	}
	db.Close()
	if fileHash(t, path) != before {
		t.Fatal("the file on the stick changed")
	}
}

func TestDiagnoseEmptyFile(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "deputydesk.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if d := Diagnose(ctx, path); d.Kind != KindEmpty || !d.CanOpen() || d.CanRestore() {
		t.Fatalf("empty file with no backups: %s open %v", d.Kind, d.CanOpen())
	}
	if _, err := Inspect(ctx, path); err == nil {
		t.Fatal("Inspect calls a 0-byte file healthy")
	}
	// With a backup beside it, it is a lost database, not a new township.
	bak := filepath.Join(BackupDirFor(path), "deputydesk-20261101-090000-daily.db")
	os.MkdirAll(filepath.Dir(bak), 0o755)
	makeTownship(t, bak, 3)
	d := Diagnose(ctx, path)
	if d.Kind != KindEmpty || d.CanOpen() || !d.CanRestore() {
		t.Fatalf("empty file with a backup: %s open %v restore %v", d.Kind, d.CanOpen(), d.CanRestore())
	}
	if msg := d.Message(); !containsAll(msg, "0 字节", "备份", "不要新建") {
		t.Fatalf("message %q", msg)
	}
	if st, _ := os.Stat(path); st.Size() != 0 {
		t.Fatal("Diagnose wrote into the empty file")
	}
}

func TestDiagnoseNotDatabase(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "deputydesk.db")
	os.WriteFile(path, []byte("姓名,电话\n王建国,13812345678\n"), 0o644)
	d := Diagnose(ctx, path)
	if d.Kind != KindNotDatabase || d.CanRestore() || d.CanOpen() {
		t.Fatalf("text file diagnosed as %s", d.Kind)
	}
	if msg := d.Message(); !containsAll(msg, "不是", "数据文件", "没有改动") {
		t.Fatalf("message %q", msg)
	}
	if !errors.Is(d.Refusal(), ErrNotDatabase) {
		t.Fatalf("refusal %v", d.Refusal())
	}
}

func TestDiagnoseNewerSchema(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "deputydesk.db")
	makeTownship(t, path, 1)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	raw.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'future', 'x')`)
	raw.Close()
	d := Diagnose(ctx, path)
	if d.Kind != KindNewerSchema || d.Found != 9999 || d.CanRestore() || d.CanOpen() || d.CanReadOnly() {
		t.Fatalf("newer schema diagnosed as %s %d", d.Kind, d.Found)
	}
	if msg := d.Message(); !containsAll(msg, "更新版本", "9999", "数据完好", "最新版本") {
		t.Fatalf("message %q", msg)
	}
}

// damage overwrites the middle of the file with junk.
func damage(t *testing.T, path string) {
	t.Helper()
	damageAt(t, path, func(size int64) int64 { return size / 2 })
}

// damageAt overwrites 8 KiB of the file at the offset at gives for its size.
func damageAt(t *testing.T, path string, at func(size int64) int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	junk := make([]byte, 8192)
	for i := range junk {
		junk[i] = byte(i*13 + 5)
	}
	f.WriteAt(junk, at(st.Size()))
	f.Close()
}

func TestDiagnoseDamaged(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "deputydesk.db")
	makeTownship(t, path, 600)
	damage(t, path)
	d := Diagnose(ctx, path)
	if d.Kind != KindDamaged || !d.CanRestore() || d.CanOpen() {
		t.Fatalf("damaged file diagnosed as %s (%v)", d.Kind, d.Err)
	}
	if msg := d.Message(); !containsAll(msg, "已损坏", "备份") {
		t.Fatalf("message %q", msg)
	}
}

func TestDiagnoseLocked(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "deputydesk.db")
	makeTownship(t, path, 1)
	// Another program holding the file exclusively, as a second copy of
	// the program in exclusive mode or a tool with a write lock would.
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=locking_mode(EXCLUSIVE)&_pragma=journal_mode(DELETE)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetMaxOpenConns(1)
	if _, err := other.Exec(`UPDATE township SET phone = '0354-1'`); err != nil {
		t.Fatal(err)
	}
	d := Diagnose(ctx, path)
	if d.Kind != KindLocked || d.CanRestore() {
		t.Fatalf("locked file diagnosed as %s (%v)", d.Kind, d.Err)
	}
	if msg := d.Message(); !containsAll(msg, "另一个程序占用", "重新检查") {
		t.Fatalf("message %q", msg)
	}
}

func TestRestoreKeepsCurrentFileUntilTheNewOneIsChecked(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "deputydesk.db")
	before := makeTownship(t, path, 7)
	// A backup that is not a database: refused, nothing touched.
	bad := filepath.Join(t.TempDir(), "deputydesk-20261101-090000-manual.db")
	os.WriteFile(bad, []byte("not a database at all, just text"), 0o644)
	_, err := Restore(ctx, bad, path)
	var re *RestoreError
	if !errors.As(err, &re) || !re.CurrentIntact || re.SafetyCopy != "" {
		t.Fatalf("restore of a bad backup = %v", err)
	}
	if fileHash(t, path) != before {
		t.Fatal("current file changed")
	}
	good := filepath.Join(t.TempDir(), "deputydesk-20261101-090000-manual.db")
	makeTownship(t, good, 3)
	res, err := Restore(ctx, good, path)
	if err != nil {
		t.Fatal(err)
	}
	// The old file is kept byte for byte, copied not moved.
	if fileHash(t, res.SafetyCopy) != before {
		t.Fatal("safety copy differs from the file it replaced")
	}
	if info, err := Inspect(ctx, path); err != nil || info.Counts["代表"] != 3 {
		t.Fatalf("restored %+v %v", info, err)
	}
	if _, err := os.Stat(good); err != nil {
		t.Fatal("backup consumed by the restore")
	}
}

func TestLeftoversRemovedAtNextStart(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "deputydesk.db")
	makeTownship(t, path, 1)
	old := time.Now().Add(-time.Hour)
	var files []string
	for _, name := range []string{"backups/deputydesk-20261101-090000-daily.db.part", "deputydesk.db.restore", ".deputydesk-123.tmp"} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, make([]byte, 4096), 0o644)
		os.Chtimes(p, old, old)
		files = append(files, p)
	}
	fresh := filepath.Join(dir, "backups", "deputydesk-20261122-090000-daily.db.part")
	os.WriteFile(fresh, []byte("being written by another window"), 0o644)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, p := range files {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left behind", filepath.Base(p))
		}
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a backup still being written was removed")
	}
}

// TestQuickDiagnosisLeavesDamageToTheGuard checks the GUI's start-up path:
// the cheap check opens a file damaged inside, and the guarded writes are
// refused once the integrity check has found the damage.
func TestQuickDiagnosisLeavesDamageToTheGuard(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "deputydesk.db")
	makeTownship(t, path, 600)
	// Damage the deputies' pages, written last: the schema pages at the
	// start are what the quick check reads, and must stay whole here.
	damageAt(t, path, func(size int64) int64 { return size - 4*4096 })
	if d := DiagnoseQuick(ctx, path); !d.CanOpen() {
		t.Fatalf("quick check diagnosed %s (%v): it should not read the whole file", d.Kind, d.Err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Skipf("damage reached the pages Open reads: %v", err)
	}
	defer db.Close()
	db.GuardWrites()
	err = db.SaveDeputy(ctx, &Deputy{Name: "新代表", Phone: "13800000000", Levels: Levels(TownshipLv)})
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("a write to the damaged file: %v", err)
	}
	if err := db.Checked(ctx); !errors.Is(err, ErrDamaged) {
		t.Fatalf("check result %v", err)
	}
	if msg := UserMessage(err); !strings.Contains(msg, "损坏") {
		t.Fatalf("message %q", msg)
	}
}

// TestGuardedWritesWaitForTheCheck checks that a healthy file's first
// write waits for the check and then goes through.
func TestGuardedWritesWaitForTheCheck(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "deputydesk.db")
	makeTownship(t, path, 5)
	if d := DiagnoseQuick(ctx, path); d.Kind != KindHealthy {
		t.Fatalf("quick check: %s (%v)", d.Kind, d.Err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.GuardWrites()
	if err := db.SaveDeputy(ctx, &Deputy{Name: "新代表", Phone: "13800000000", Levels: Levels(TownshipLv)}); err != nil {
		t.Fatal(err)
	}
	if err := db.Checked(ctx); err != nil {
		t.Fatalf("check of a healthy file: %v", err)
	}
}
