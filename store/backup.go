package store

import (
	"context"
	"database/sql"
	"deputydesk/store/calendar"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Backups are whole-database copies made with VACUUM INTO, which reads a
// consistent snapshot through SQLite itself: never a file copy of a live
// database, whose WAL may hold the newest transactions.

const backupPrefix = "deputydesk-"
const backupExt = ".db"

// BackupDir is the folder automatic backups go to, beside the database.
func (db *DB) BackupDir() string { return BackupDirFor(db.path) }

// BackupDirFor is BackupDir for a database file that is not open.
func BackupDirFor(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "backups") }

// BackupTo writes a consistent copy of the database to dest (which must not
// exist) and checks the copy before returning.
func (db *DB) BackupTo(ctx context.Context, dest string) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return fmt.Errorf("store: backup folder: %w", err)
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("store: backup %s already exists", filepath.Base(dest))
	}
	tmp := dest + ".part"
	os.Remove(tmp)
	if _, err := db.w.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	if _, err := Inspect(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup failed its check: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
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
	if _, err := os.Stat(path); err != nil {
		return info, fmt.Errorf("store: inspect: %w", err)
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
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if res != "ok" {
		return fmt.Errorf("%w: %s", ErrDamaged, res)
	}
	rows, err := q.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer rows.Close()
	if rows.Next() {
		return fmt.Errorf("%w: foreign key check failed", ErrDamaged)
	}
	return rows.Err()
}

// Check runs quick_check and foreign_key_check on the open database.
func (db *DB) Check(ctx context.Context) error { return integrity(ctx, db.r) }

// Restore replaces the database at dbPath with the backup at src. The
// backup is checked first, and the current file is itself backed up (when
// it can be read) before it is replaced. No connection to dbPath may be open.
func Restore(ctx context.Context, src, dbPath string) (safetyCopy string, err error) {
	if _, err := Inspect(ctx, src); err != nil {
		return "", fmt.Errorf("store: backup to restore is not usable: %w", err)
	}
	if _, err := os.Stat(dbPath); err == nil {
		safetyCopy, err = keepCurrent(ctx, dbPath)
		if err != nil {
			return "", err
		}
	}
	tmp := dbPath + ".restore"
	os.Remove(tmp)
	if err := copyFile(src, tmp); err != nil {
		return safetyCopy, err
	}
	for _, ext := range []string{"-wal", "-shm"} {
		os.Remove(dbPath + ext)
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return safetyCopy, fmt.Errorf("store: restore: %w", err)
	}
	return safetyCopy, nil
}

// keepCurrent saves the database about to be replaced: a checked backup
// when it is readable, else the damaged file itself, byte for byte.
func keepCurrent(ctx context.Context, dbPath string) (string, error) {
	if cur, err := Open(ctx, dbPath); err == nil {
		path, err := cur.Backup(ctx, "before-restore")
		cur.Close()
		if err == nil {
			return path, nil
		}
	}
	dest := filepath.Join(BackupDirFor(dbPath), backupName(calendar.System(), "damaged"))
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return "", fmt.Errorf("store: keep damaged file: %w", err)
	}
	if err := os.Rename(dbPath, dest); err != nil {
		return "", fmt.Errorf("store: keep damaged file: %w", err)
	}
	for _, ext := range []string{"-wal", "-shm"} {
		os.Rename(dbPath+ext, dest+ext)
	}
	return dest, nil
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("store: read backup: %w", err)
	}
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("store: restore: %w", err)
	}
	return f.Close()
}
