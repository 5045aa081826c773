package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Kind is what the start-up check found about a database file. Each kind
// has its own Chinese title, message and next step (Diagnosis.Title and
// Diagnosis.Message), because a full disk, a write-protected stick and a
// damaged file need different things from the secretary — and only real
// damage calls for a restore.
type Kind int

// The kinds Diagnose tells apart.
const (
	KindHealthy     Kind = iota // opens for reading and writing
	KindMissing                 // no file yet
	KindEmpty                   // a file of zero bytes
	KindNotDatabase             // not an SQLite file (wrong file, or overwritten)
	KindNewerSchema             // made by a newer version of the program
	KindDamaged                 // SQLite's integrity check failed
	KindReadOnly                // the file, its folder or the medium cannot be written
	KindDiskFull                // the disk holding it has no room left
	KindLocked                  // another program holds the file
	KindNoAccess                // the user may not even read it
	KindIOError                 // reading failed (a stick pulled out, a bad sector)
)

var kindNames = [...]string{"healthy", "missing", "empty", "not-a-database", "newer-schema", "damaged",
	"read-only", "disk-full", "locked", "no-access", "io-error"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Diagnosis is the result of Diagnose.
type Diagnosis struct {
	Path string
	Kind Kind
	// Err is the underlying error, for the log; nil when KindHealthy.
	Err error
	// Found and Known are the schema versions, for KindNewerSchema.
	Found, Known int
	// Backups are the backups beside the file, newest first.
	Backups []BackupFile
}

// minFree is the room a working database needs beyond its own size: the
// write-ahead log and a day's saves. Less than this counts as a full disk.
const minFree = 512 << 10

// sqliteMagic opens every SQLite 3 database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// Diagnose looks at the database file at path without changing it and says
// which Kind it is. It reads the header, probes whether the file and its
// folder can be written (a temporary probe file in the folder, removed at
// once), reads the schema version through a read-only connection and runs
// SQLite's quick_check. It never creates, migrates or repairs anything.
func Diagnose(ctx context.Context, path string) Diagnosis {
	d := Diagnosis{Path: path}
	d.Backups, _ = ListBackups(BackupDirFor(path))
	d.Kind, d.Err = diagnose(ctx, path, &d, true)
	return d
}

// DiagnoseQuick is Diagnose without the quick_check: the file's presence,
// size and header, whether it can be written, its schema version and its
// write-ahead log — what can be told without reading the whole file, which
// on a ten-year township takes most of a second. Damage inside the file is
// left to the check of GuardWrites and RunCheck, made once the window is up.
func DiagnoseQuick(ctx context.Context, path string) Diagnosis {
	d := Diagnosis{Path: path}
	d.Backups, _ = ListBackups(BackupDirFor(path))
	d.Kind, d.Err = diagnose(ctx, path, &d, false)
	return d
}

func diagnose(ctx context.Context, path string, d *Diagnosis, full bool) (Kind, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return KindMissing, nil
	case err != nil:
		return osKind(err, KindNoAccess), err
	case st.IsDir():
		return KindNotDatabase, fmt.Errorf("store: %s is a folder", filepath.Base(path))
	case st.Size() == 0:
		return KindEmpty, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return osKind(err, KindNoAccess), err
	}
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return osKind(err, KindIOError), err
	}
	if n < len(sqliteMagic) || !bytes.Equal(head[:len(sqliteMagic)], sqliteMagic) {
		return KindNotDatabase, fmt.Errorf("store: %s has no SQLite header", filepath.Base(path))
	}
	if n < 100 {
		return KindDamaged, fmt.Errorf("%w: %s is cut short (%d bytes)", ErrDamaged, filepath.Base(path), n)
	}
	writable, werr := probeWrite(path)
	mode := connRO
	if !writable {
		mode = connImmutable
		if walHasData(path) {
			mode = connRO // immutable would hide the newest saves; try the normal way
		}
	}
	ro, err := sql.Open("sqlite", dsnMode(path, mode, 2000))
	if err != nil {
		return KindIOError, err
	}
	defer ro.Close()
	var tables int
	if err := ro.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'`).Scan(&tables); err != nil {
		return sqlKind(err, werr), err
	}
	if tables > 0 {
		var v int
		if err := ro.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
			return sqlKind(err, werr), err
		}
		if latest := latestVersion(); v > latest {
			d.Found, d.Known = v, latest
			return KindNewerSchema, &NewerSchemaError{Found: v, Known: latest}
		}
	}
	if full {
		if err := integrity(ctx, ro); err != nil {
			return sqlKind(err, werr), err
		}
	}
	if !writable {
		return osKind(werr, KindReadOnly), werr
	}
	return KindHealthy, nil
}

// GuardWrites makes every change wait for RunCheck's integrity check and
// refuses it with ErrDamaged when the check finds damage. A database opened
// after DiagnoseQuick calls it before anything can be written; a change
// made before anyone ran the check starts it itself.
func (db *DB) GuardWrites() {
	db.check = &writeCheck{done: make(chan struct{})}
}

// writeCheck is the one integrity check GuardWrites waits for.
type writeCheck struct {
	once sync.Once
	done chan struct{}
	err  error
}

// RunCheck runs the integrity check GuardWrites waits for (once, whoever
// asks first) and returns its result; nil without GuardWrites.
func (db *DB) RunCheck(ctx context.Context) error {
	c := db.check
	if c == nil {
		return nil
	}
	c.once.Do(func() {
		c.err = db.Check(ctx)
		close(c.done)
	})
	<-c.done
	return c.err
}

// Checked waits, without starting it, for the check GuardWrites set up and
// returns its result; nil without GuardWrites.
func (db *DB) Checked(ctx context.Context) error {
	if db.check == nil {
		return nil
	}
	select {
	case <-db.check.done:
		return db.check.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writeAllowed is asked by every change: found damage refuses it; any other
// failure of the check (a read error) is left to the change's own statements.
func (db *DB) writeAllowed(ctx context.Context) error {
	if db.check == nil {
		return nil
	}
	if err := db.RunCheck(ctx); errors.Is(err, ErrDamaged) {
		return err
	}
	return nil
}

// probeWrite says whether the database file and its folder can be written:
// the file is opened for writing (nothing written), and a probe file of a
// little more than minFree is written and synced in the folder, where SQLite
// keeps its -wal and -shm files. The probe is removed at once.
func probeWrite(path string) (bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false, err
	}
	f.Close()
	dir := filepath.Dir(path)
	p, err := os.CreateTemp(dir, leftoverPrefix+"probe-*"+leftoverExt)
	if err != nil {
		return false, err
	}
	defer os.Remove(p.Name())
	_, err = p.Write(make([]byte, minFree))
	if err == nil {
		err = p.Sync()
	}
	if cerr := p.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, err
	}
	if free, err := FreeSpace(dir); err == nil && free < minFree {
		return false, fmt.Errorf("%w: %d bytes free", ErrDiskFull, free)
	}
	return true, nil
}

// osKind maps an operating-system error to a Kind, or def.
func osKind(err error, def Kind) Kind {
	switch {
	case err == nil:
		return def
	case errors.Is(err, ErrDiskFull) || osDiskFull(err):
		return KindDiskFull
	case osLocked(err):
		return KindLocked
	case errors.Is(err, os.ErrPermission) && def == KindNoAccess:
		return KindNoAccess
	case osReadOnly(err):
		return KindReadOnly
	}
	return def
}

// sqlKind maps an error from reading the file through SQLite. werr is the
// write probe's error: a file SQLite cannot open on a read-only medium is
// read-only, not damaged.
func sqlKind(err, werr error) Kind {
	switch sqliteCode(err) {
	case sqliteBusy, sqliteLocked:
		return KindLocked
	case sqliteNotADB:
		return KindNotDatabase
	case sqliteCorrupt:
		return KindDamaged
	case sqliteCantOpen, sqliteReadOnly:
		if werr != nil {
			return osKind(werr, KindReadOnly)
		}
		return KindNoAccess
	case sqliteIOErr:
		return KindIOError
	case sqliteFull:
		return KindDiskFull
	}
	if errors.Is(err, ErrDamaged) {
		return KindDamaged
	}
	return KindIOError
}

// CanRestore says whether the start-up window should offer the newest good
// backup: for real damage, and for an empty or missing file with backups
// beside it (so a zero-byte file never looks like a new township).
func (d Diagnosis) CanRestore() bool {
	switch d.Kind {
	case KindDamaged:
		return true
	case KindEmpty, KindMissing:
		return len(d.Backups) > 0
	}
	return false
}

// CanOpen says whether the program may open the file for writing as it is
// (a new township is created for a missing or empty file with no backups).
func (d Diagnosis) CanOpen() bool {
	switch d.Kind {
	case KindHealthy:
		return true
	case KindEmpty, KindMissing:
		return len(d.Backups) == 0
	}
	return false
}

// CanReadOnly says whether the file can be opened for reading, printing and
// export although it cannot be written.
func (d Diagnosis) CanReadOnly() bool { return d.Kind == KindReadOnly || d.Kind == KindDiskFull }

// Refusal returns the diagnosis as an error wrapping its kind, for callers
// that refuse the file (the CLI); nil when the file may be opened.
func (d Diagnosis) Refusal() error {
	if d.CanOpen() {
		return nil
	}
	return &DiagnosisError{D: d}
}

// DiagnosisError carries a diagnosis that stops the program from opening
// the file for writing. UserMessage shows its Chinese message.
type DiagnosisError struct{ D Diagnosis }

func (e *DiagnosisError) Error() string {
	if e.D.Err != nil {
		return fmt.Sprintf("store: %s: %s: %v", filepath.Base(e.D.Path), e.D.Kind, e.D.Err)
	}
	return fmt.Sprintf("store: %s: %s", filepath.Base(e.D.Path), e.D.Kind)
}

// Unwrap gives the kind's sentinel so errors.Is(err, ErrReadOnly) works.
func (e *DiagnosisError) Unwrap() error {
	switch e.D.Kind {
	case KindReadOnly:
		return ErrReadOnly
	case KindDiskFull:
		return ErrDiskFull
	case KindLocked:
		return ErrLocked
	case KindNotDatabase:
		return ErrNotDatabase
	case KindDamaged:
		return ErrDamaged
	}
	return e.D.Err
}

// Title is the heading of the start-up window.
func (d Diagnosis) Title() string {
	switch d.Kind {
	case KindHealthy:
		return "数据文件完好"
	case KindMissing:
		return "找不到数据文件"
	case KindEmpty:
		return "数据文件是空的"
	case KindNotDatabase:
		return "这不是本程序的数据文件"
	case KindNewerSchema:
		return "数据文件来自更新版本的程序"
	case KindDamaged:
		return "数据文件已损坏"
	case KindReadOnly:
		return "数据文件是只读的"
	case KindDiskFull:
		return "磁盘空间已满"
	case KindLocked:
		return "数据文件正被另一个程序占用"
	case KindNoAccess:
		return "没有权限读取数据文件"
	}
	return "读取数据文件时出错"
}

// Message says in Chinese what was found, that the data is (or may not be)
// safe, and what to do next.
func (d Diagnosis) Message() string {
	file := "数据文件 " + d.Path
	bdir := BackupDirFor(d.Path)
	switch d.Kind {
	case KindHealthy:
		return file + " 完好。"
	case KindMissing, KindEmpty:
		what := "不存在"
		if d.Kind == KindEmpty {
			what = "大小为 0 字节，里面没有任何数据（可能是磁盘写满或断电时留下的）"
		}
		if len(d.Backups) == 0 {
			return file + " " + what + "。程序会新建一个数据文件。"
		}
		return file + " " + what + "，但备份文件夹 " + bdir + " 里有 " + fmt.Sprint(len(d.Backups)) +
			" 份备份。你的数据很可能在备份里：请从最近一份完好的备份恢复，不要新建乡镇。"
	case KindNotDatabase:
		return file + " 不是“人大代表工作台”的数据文件（可能选错了文件，或文件被别的内容覆盖了）。程序没有改动它。\n\n" +
			"下一步：请确认打开的文件是否正确；如果它原来是本程序的数据文件，请不要删除它，把它和备份文件夹 " + bdir + " 一起交给技术支持。"
	case KindNewerSchema:
		return fmt.Sprintf("%s 由更新版本的“人大代表工作台”创建（数据版本 %d，本程序支持到 %d）。数据完好，为保护数据，本程序不会打开或修改它。\n\n下一步：请安装最新版本的程序后再打开。", file, d.Found, d.Known)
	case KindDamaged:
		return file + " 已损坏（可能是停电、死机或磁盘故障造成的）。为了不让损坏扩大，程序没有打开它。\n\n" +
			"下一步：从最近一份完好的备份恢复。恢复前，损坏的文件会原样复制一份保留在备份文件夹 " + bdir + " 中。"
	case KindReadOnly:
		return file + " 或它所在的文件夹是只读的（U盘写保护开关打开了，或文件夹不允许写入）。数据完好。\n\n" +
			"现在可以以只读方式打开：查看、打印和导出都可以，但不能保存修改。要修改，请关闭U盘的写保护开关，或把数据文件复制到电脑硬盘上再打开。"
	case KindDiskFull:
		free := ""
		if n, err := FreeSpace(filepath.Dir(d.Path)); err == nil {
			free = fmt.Sprintf("（剩余 %s）", sizeText(n))
		}
		return "数据文件所在的磁盘空间已满" + free + "。数据文件完好，之前保存的数据都在，但现在无法保存任何修改。\n\n" +
			"下一步：请清理磁盘（删除不需要的文件、清空回收站），或把数据文件移到空间充足的磁盘，然后点“重新检查”。也可以先以只读方式打开，查看和打印。"
	case KindLocked:
		return file + " 正被另一个程序占用（可能又打开了一个“人大代表工作台”，或杀毒、网盘同步软件正在读取它）。数据没有改动。\n\n" +
			"下一步：关闭另一个“人大代表工作台”窗口或那个程序，然后点“重新检查”。"
	case KindNoAccess:
		return "当前用户没有权限读取 " + d.Path + "。数据没有改动。\n\n下一步：请用平时使用的账户登录，或请管理员给这个文件夹读写权限。"
	}
	return "读取 " + d.Path + " 时出错（U盘是否松动或已拔出？）。数据没有改动。\n\n下一步：重新插好U盘或检查磁盘后点“重新检查”。"
}

// sizeText formats a byte count for the secretary.
func sizeText(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// Names of the temporary files the program writes before renaming them into
// place: backups (*.db.part), restores (*.restore) and atomicfile's and the
// probe's (.deputydesk-*.tmp).
const (
	leftoverPrefix = ".deputydesk-"
	leftoverExt    = ".tmp"
)

// leftoverAge is how old a temporary file must be before it counts as left
// over by a killed write rather than one still being written by another
// instance of the program.
const leftoverAge = 2 * time.Minute

// RemoveLeftovers deletes what killed writes left beside the database and
// in its backup folder: half-written backups, restores and temporary files.
// A killed backup leaves a file as large as the database; without this a
// few days of quick restarts fill the disk. It returns the files removed.
func RemoveLeftovers(dbPath string) []string {
	var removed []string
	for _, dir := range []string{filepath.Dir(dbPath), BackupDirFor(dbPath)} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !isLeftover(name) {
				continue
			}
			info, err := e.Info()
			if err != nil || time.Since(info.ModTime()) < leftoverAge {
				continue
			}
			p := filepath.Join(dir, name)
			if os.Remove(p) == nil {
				removed = append(removed, p)
			}
		}
	}
	return removed
}

func isLeftover(name string) bool {
	return strings.HasSuffix(name, backupExt+".part") || strings.HasSuffix(name, ".restore") ||
		(strings.HasPrefix(name, leftoverPrefix) && (strings.HasSuffix(name, leftoverExt) ||
			strings.HasSuffix(name, leftoverExt+"-wal") || strings.HasSuffix(name, leftoverExt+"-shm")))
}

// Guarded says whether GuardWrites set up a check for the changes to wait for.
func (db *DB) Guarded() bool { return db.check != nil }
