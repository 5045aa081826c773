package store

import (
	"bytes"
	"context"
	"database/sql"
	"deputydesk/store/calendar"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Backups are whole-database copies made with VACUUM INTO, which reads a
// consistent snapshot through SQLite itself: never a file copy of a live
// database, whose WAL may hold the newest transactions. VACUUM INTO runs on
// a reader connection: in WAL mode a reader never blocks the writer, so the
// secretary's saves go on while a backup is being written.

const backupPrefix = "deputydesk-"
const backupExt = ".db"

// BackupDir is the folder automatic backups go to, beside the database.
func (db *DB) BackupDir() string { return BackupDirFor(db.path) }

// BackupDirFor is BackupDir for a database file that is not open.
func BackupDirFor(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "backups") }

// BackupTo writes a consistent copy of the database to dest (which must not
// exist) and checks the copy before returning. The copy is written as
// dest.part and renamed only once it has passed its check, so dest is whole
// or absent; the .part of a killed backup is removed at the next start.
func (db *DB) BackupTo(ctx context.Context, dest string) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return classify(fmt.Errorf("store: backup folder: %w", err))
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("store: backup %s already exists", filepath.Base(dest))
	}
	tmp := dest + ".part"
	os.Remove(tmp)
	conn, err := db.r.Conn(ctx)
	if err != nil {
		return classify(fmt.Errorf("store: backup: %w", err))
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, tmp)
	conn.Close()
	if err != nil {
		os.Remove(tmp)
		return classify(fmt.Errorf("store: backup: %w", err))
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return classify(fmt.Errorf("store: backup: %w", err))
	}
	if _, err := Inspect(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup failed its check: %w", err)
	}
	os.Chmod(tmp, 0o644)
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return classify(fmt.Errorf("store: backup: %w", err))
	}
	syncDir(filepath.Dir(dest))
	return nil
}

// syncFile flushes a finished file to the disk before it is renamed.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir flushes a folder so a rename in it survives a power cut; not
// possible on every system, so failure is ignored.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// backupName names a backup by its time and reason, e.g.
// deputydesk-20261122-093000-daily.db; names sort by time.
func backupName(t time.Time, reason string) string {
	return backupPrefix + t.In(calendar.Beijing).Format("20060102-150405") + "-" + reason + backupExt
}

// Backup writes a backup into BackupDir for the given reason (daily,
// manual, before-migration, before-restore) and applies the rotation.
func (db *DB) Backup(ctx context.Context, reason string) (string, error) {
	dest := filepath.Join(db.BackupDir(), backupName(db.Now(), reason))
	if err := db.BackupTo(ctx, dest); err != nil {
		return "", err
	}
	if err := Rotate(db.BackupDir(), db.Now()); err != nil {
		return dest, err
	}
	return dest, nil
}

// DailyBackup makes today's backup unless one from today exists.
func (db *DB) DailyBackup(ctx context.Context) (string, error) {
	today := db.Now().In(calendar.Beijing).Format("20060102")
	list, err := ListBackups(db.BackupDir())
	if err != nil {
		return "", err
	}
	for _, b := range list {
		if b.Time.In(calendar.Beijing).Format("20060102") == today {
			return "", nil
		}
	}
	return db.Backup(ctx, "daily")
}

// BackupFile is one backup found on disk.
type BackupFile struct {
	Path   string
	Time   time.Time
	Reason string
	Size   int64
}

// ListBackups returns the backups in dir, newest first.
func ListBackups(dir string) ([]BackupFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: list backups: %w", err)
	}
	var out []BackupFile
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, backupPrefix) || !strings.HasSuffix(name, backupExt) {
			continue
		}
		stem := strings.TrimSuffix(strings.TrimPrefix(name, backupPrefix), backupExt)
		if len(stem) < 15 {
			continue
		}
		t, err := time.ParseInLocation("20060102-150405", stem[:15], calendar.Beijing)
		if err != nil {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, BackupFile{Path: filepath.Join(dir, name), Time: t, Reason: strings.TrimPrefix(stem[15:], "-"), Size: info.Size()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out, nil
}

// Rotate keeps the newest backup of each of the last 7 days, 4 weeks and 12
// months, plus every backup made in the last 24 hours (so the one taken
// before a migration or restore is never the one removed), and deletes the rest.
func Rotate(dir string, now time.Time) error {
	list, err := ListBackups(dir)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	days, weeks, months := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, b := range list { // newest first: the first seen in a period is kept
		if now.Sub(b.Time) < 24*time.Hour {
			keep[b.Path] = true
		}
		t := b.Time.In(calendar.Beijing)
		d := t.Format("2006-01-02")
		y, w := t.ISOWeek()
		wk := fmt.Sprintf("%d-%02d", y, w)
		m := calendar.MonthOf(t).String()
		if !days[d] && len(days) < 7 {
			days[d] = true
			keep[b.Path] = true
		}
		if !weeks[wk] && len(weeks) < 4 {
			weeks[wk] = true
			keep[b.Path] = true
		}
		if !months[m] && len(months) < 12 {
			months[m] = true
			keep[b.Path] = true
		}
	}
	var errs []error
	for _, b := range list {
		if !keep[b.Path] {
			errs = append(errs, os.Remove(b.Path))
		}
	}
	return errors.Join(errs...)
}

// BackupInfo says what a database file holds, for the restore dialog.
type BackupInfo struct {
	Township      string
	SchemaVersion int
	LastChange    time.Time
	Counts        map[string]int // Chinese table label -> rows
}

// Inspect opens a database file read-only, checks its integrity and
// summarises it. A damaged file returns an error.
func Inspect(ctx context.Context, path string) (BackupInfo, error) {
	var info BackupInfo
	st, err := os.Stat(path)
	if err != nil {
		return info, fmt.Errorf("store: inspect: %w", err)
	}
	// SQLite reads an empty file as an empty, healthy database: it is not.
	if st.Size() == 0 {
		return info, fmt.Errorf("%w: %s is empty (0 bytes)", ErrDamaged, filepath.Base(path))
	}
	if err := checkHeader(path); err != nil {
		return info, err
	}
	ro, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return info, fmt.Errorf("store: inspect: %w", err)
	}
	defer ro.Close()
	if err := integrity(ctx, ro); err != nil {
		return info, err
	}
	_ = ro.QueryRowContext(ctx, `SELECT coalesce(max(version),0) FROM schema_migrations`).Scan(&info.SchemaVersion)
	_ = ro.QueryRowContext(ctx, `SELECT name FROM township LIMIT 1`).Scan(&info.Township)
	var last sql.NullString
	_ = ro.QueryRowContext(ctx, `SELECT max(at) FROM change_log`).Scan(&last)
	info.LastChange = parseStamp(last.String)
	info.Counts = map[string]int{}
	for label, table := range map[string]string{"代表": "deputy", "代表小组": "deputy_group", "联络站点": "station"} {
		var n int
		if err := ro.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err == nil {
			info.Counts[label] = n
		}
	}
	return info, nil
}

// ErrDamaged means the database failed SQLite's integrity checks.
var ErrDamaged = errors.New("store: database is damaged")

func integrity(ctx context.Context, q queryer) error {
	var res string
	if err := q.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res); err != nil {
		if sqliteCode(err) == sqliteCorrupt || sqliteCode(err) == sqliteNotADB {
			return fmt.Errorf("%w: %w", ErrDamaged, err)
		}
		return classify(fmt.Errorf("store: check: %w", err))
	}
	if res != "ok" {
		return fmt.Errorf("%w: %s", ErrDamaged, res)
	}
	rows, err := q.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	defer rows.Close()
	if rows.Next() {
		return fmt.Errorf("%w: foreign key check failed", ErrDamaged)
	}
	return rows.Err()
}

// Check runs quick_check and foreign_key_check on the open database.
func (db *DB) Check(ctx context.Context) error { return integrity(ctx, db.r) }

// checkHeader refuses a file that does not start like an SQLite database.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return classify(fmt.Errorf("store: inspect: %w", err))
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteMagic) {
		return fmt.Errorf("%w: %s", ErrNotDatabase, filepath.Base(path))
	}
	return nil
}

// RestoreError says what went wrong during a restore and where every file
// is, so nothing the secretary had is ever out of sight.
type RestoreError struct {
	Err error
	// Current is the database file; CurrentIntact says it was not touched.
	Current       string
	CurrentIntact bool
	// SafetyCopy is the copy of the current file made before it was
	// replaced ("" if none was made yet).
	SafetyCopy string
	// Backup is the backup that was being restored; it is never changed.
	Backup string
}

func (e *RestoreError) Error() string { return "store: restore: " + e.Err.Error() }
func (e *RestoreError) Unwrap() error { return e.Err }

// Message is the Chinese explanation, naming every file.
func (e *RestoreError) Message() string {
	why := "恢复没有完成"
	switch {
	case errors.Is(e.Err, ErrDiskFull):
		why = "磁盘空间不足，恢复没有开始"
		if e.SafetyCopy != "" {
			why = "磁盘空间不足，恢复没有完成"
		}
	case errors.Is(e.Err, ErrReadOnly):
		why = "数据文件所在的文件夹是只读的，恢复没有完成"
	case errors.Is(e.Err, ErrDamaged), errors.Is(e.Err, ErrNotDatabase):
		why = "要恢复的备份没有通过检查，恢复没有完成"
	}
	var b strings.Builder
	b.WriteString(why)
	if free := e.freeText(); free != "" {
		b.WriteString("（" + free + "）")
	}
	b.WriteString("。文件都在：\n")
	if e.CurrentIntact {
		b.WriteString("· 当前数据文件：" + e.Current + "（没有改动）\n")
	} else {
		b.WriteString("· 当前数据文件：" + e.Current + "\n")
	}
	if e.SafetyCopy != "" {
		b.WriteString("· 恢复前当前数据的副本：" + e.SafetyCopy + "\n")
	}
	b.WriteString("· 要恢复的备份：" + e.Backup + "（没有改动）\n")
	if errors.Is(e.Err, ErrDiskFull) {
		b.WriteString("请清理磁盘空间后再试。")
	}
	return b.String()
}

func (e *RestoreError) freeText() string {
	var ne *needSpaceError
	if errors.As(e.Err, &ne) {
		return fmt.Sprintf("需要 %s，剩余 %s", sizeText(ne.need), sizeText(ne.free))
	}
	return ""
}

// needSpaceError is a full disk found before anything was written.
type needSpaceError struct{ need, free uint64 }

func (e *needSpaceError) Error() string {
	return fmt.Sprintf("need %d bytes, %d free", e.need, e.free)
}
func (e *needSpaceError) Unwrap() error { return ErrDiskFull }

// RestoreResult says where the files are after a restore.
type RestoreResult struct {
	// SafetyCopy is the byte-for-byte copy of the database as it was before
	// the restore, in the backup folder ("" when there was no file).
	SafetyCopy string
}

// Restore replaces the database at dbPath with the backup at src. No
// connection to dbPath may be open. It can never lose the current file:
//  1. the backup is checked and free space for two copies is checked first;
//  2. the current file (with its -wal) is copied, not moved, into the backup
//     folder and synced;
//  3. the backup is copied to dbPath.restore and checked again there;
//  4. only then is the current file replaced, by a rename.
//
// On failure the *RestoreError names where every file is.
func Restore(ctx context.Context, src, dbPath string) (RestoreResult, error) {
	var res RestoreResult
	fail := func(err error, intact bool) (RestoreResult, error) {
		return res, &RestoreError{Err: classify(err), Current: dbPath, CurrentIntact: intact, SafetyCopy: res.SafetyCopy, Backup: src}
	}
	if _, err := Inspect(ctx, src); err != nil {
		return fail(fmt.Errorf("backup to restore is not usable: %w", err), true)
	}
	srcInfo, err := os.Stat(src)
	if err != nil {
		return fail(err, true)
	}
	curSize := int64(0)
	for _, ext := range []string{"", "-wal"} {
		if st, err := os.Stat(dbPath + ext); err == nil {
			curSize += st.Size()
		}
	}
	need := uint64(srcInfo.Size()+curSize) + minFree
	if free, err := FreeSpace(filepath.Dir(dbPath)); err == nil && free < need {
		return fail(&needSpaceError{need: need, free: free}, true)
	}
	if curSize > 0 {
		res.SafetyCopy, err = keepCurrent(ctx, dbPath)
		if err != nil {
			return fail(err, true)
		}
	}
	tmp := dbPath + ".restore"
	os.Remove(tmp)
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return fail(err, true)
	}
	if _, err := Inspect(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fail(fmt.Errorf("restored copy failed its check: %w", err), true)
	}
	// The current file's -wal belongs to it, not to the backup: it must go
	// before the rename or SQLite would replay it onto the restored file.
	// The safety copy holds it.
	for _, ext := range []string{"-wal", "-shm"} {
		if err := os.Remove(dbPath + ext); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return fail(err, true)
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		os.Remove(tmp)
		return fail(err, false)
	}
	syncDir(filepath.Dir(dbPath))
	if _, err := Inspect(ctx, dbPath); err != nil {
		return fail(fmt.Errorf("restored file failed its check: %w", err), false)
	}
	return res, nil
}

// keepCurrent copies the database about to be replaced, byte for byte with
// its -wal, into the backup folder as ...-before-restore.db (or -damaged.db
// when it fails its check), and returns the copy's path. The original is
// left where it is.
func keepCurrent(ctx context.Context, dbPath string) (string, error) {
	reason := "before-restore"
	if _, err := Inspect(ctx, dbPath); err != nil {
		reason = "damaged"
	}
	dest := filepath.Join(BackupDirFor(dbPath), backupName(calendar.System(), reason))
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return "", fmt.Errorf("keep current file: %w", err)
	}
	for n := 2; ; n++ {
		if _, err := os.Stat(dest); errors.Is(err, os.ErrNotExist) {
			break
		}
		dest = filepath.Join(BackupDirFor(dbPath), backupName(calendar.System(), fmt.Sprintf("%s%d", reason, n)))
	}
	for _, ext := range []string{"", "-wal"} {
		if _, err := os.Stat(dbPath + ext); err != nil {
			continue
		}
		part := dest + ext + ".part"
		if ext == "" {
			part = dest + ".part"
		}
		if err := copyFile(dbPath+ext, part); err != nil {
			os.Remove(part)
			return "", fmt.Errorf("keep current file: %w", err)
		}
		if err := os.Rename(part, dest+ext); err != nil {
			os.Remove(part)
			return "", fmt.Errorf("keep current file: %w", err)
		}
	}
	syncDir(filepath.Dir(dest))
	return dest, nil
}

// copyFile copies src to dst (created 0644) and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", filepath.Base(src), err)
	}
	defer in.Close()
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(dst), err)
	}
	if _, err := io.Copy(f, in); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", filepath.Base(dst), err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", filepath.Base(dst), err)
	}
	return f.Close()
}
