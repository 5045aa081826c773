package store

import (
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
)

// ErrNotFound is returned when a record asked for by ID does not exist.
var ErrNotFound = errors.New("store: not found")

// NewerSchemaError means the file was written by a newer deputydesk; it is
// refused so an old program cannot damage data it does not understand.
type NewerSchemaError struct{ Found, Known int }

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("store: database schema version %d is newer than this program supports (%d)", e.Found, e.Known)
}

// Message is the Chinese text shown to the secretary.
func (e *NewerSchemaError) Message() string {
	return fmt.Sprintf("此数据文件由更新版本的“人大代表工作台”创建（数据版本 %d，本程序支持到 %d）。为保护数据，本程序不会打开或修改它，请升级本程序后再打开。", e.Found, e.Known)
}

// FieldError is one problem with one field of a record. Field is the Go
// field name (for the UI to place the message), Label the Chinese name.
type FieldError struct {
	Field   string
	Label   string
	Message string
	// Item is the 1-based position of the sub-record the field belongs to
	// (the 第N件 case of a reception), 0 for the record itself, so a form
	// with repeated blocks can mark the right one.
	Item int
}

func (f FieldError) String() string { return "「" + f.Label + "」" + f.Message }

// ValidationError lists every problem found in a record; nothing was saved.
type ValidationError struct {
	Errors []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, f := range e.Errors {
		parts[i] = f.String()
	}
	return strings.Join(parts, "；")
}

// For returns the message for one field, or "".
func (e *ValidationError) For(field string) string {
	for _, f := range e.Errors {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// problems collects field errors while validating.
type problems []FieldError

func (p *problems) add(field, label, msg string) {
	*p = append(*p, FieldError{Field: field, Label: label, Message: msg})
}

// date puts the date in *day in its stored form, or notes the field with msg
// when it is not a date: the check every dated record makes on its dates.
func (p *problems) date(day *string, field, label, msg string) {
	if d, ok := ParseDate(*day); ok {
		*day = d
	} else {
		p.add(field, label, msg)
	}
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Errors: p}
}

// SQLite primary result codes the secretary can do something about.
const (
	sqliteBusy     = 5  // SQLITE_BUSY: another connection holds the lock
	sqliteLocked   = 6  // SQLITE_LOCKED
	sqliteReadOnly = 8  // SQLITE_READONLY
	sqliteIOErr    = 10 // SQLITE_IOERR
	sqliteCorrupt  = 11 // SQLITE_CORRUPT
	sqliteFull     = 13 // SQLITE_FULL
	sqliteCantOpen = 14 // SQLITE_CANTOPEN
	sqliteNotADB   = 26 // SQLITE_NOTADB
)

// The error kinds a store error may wrap; test with errors.Is. Each has its
// own Chinese sentence in UserMessage.
var (
	// ErrReadOnly means the file, its folder or the medium cannot be
	// written, or the database was opened with OpenReadOnly.
	ErrReadOnly = errors.New("store: database is read-only")
	// ErrDiskFull means the disk holding the database has no room left.
	ErrDiskFull = errors.New("store: disk is full")
	// ErrLocked means another program holds the file.
	ErrLocked = errors.New("store: database is locked by another program")
	// ErrNotDatabase means the file is not an SQLite database at all.
	ErrNotDatabase = errors.New("store: not a database file")
)

// kindError wraps a low-level error in one of the kinds above, keeping the
// original (the SQLite extended code, the errno) for the log.
type kindError struct {
	kind error
	err  error
}

func (e *kindError) Error() string   { return e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// classify wraps err in the kind it belongs to, or returns it unchanged.
func classify(err error) error {
	if err == nil {
		return nil
	}
	for _, k := range []error{ErrReadOnly, ErrDiskFull, ErrLocked, ErrNotDatabase, ErrDamaged} {
		if errors.Is(err, k) {
			return err
		}
	}
	if k := kindOf(err); k != nil {
		return &kindError{kind: k, err: err}
	}
	return err
}

// kindOf maps SQLite's result codes and the operating system's error
// numbers to a kind.
func kindOf(err error) error {
	switch sqliteCode(err) {
	case sqliteFull:
		return ErrDiskFull
	case sqliteReadOnly:
		return ErrReadOnly
	case sqliteBusy, sqliteLocked:
		return ErrLocked
	case sqliteNotADB:
		return ErrNotDatabase
	case sqliteCorrupt:
		return ErrDamaged
	}
	switch {
	case osDiskFull(err):
		return ErrDiskFull
	case osReadOnly(err):
		return ErrReadOnly
	case osLocked(err):
		return ErrLocked
	}
	if s := fmt.Sprint(err); strings.Contains(s, "disk is full") {
		return ErrDiskFull
	} else if strings.Contains(s, "readonly database") {
		return ErrReadOnly
	}
	return nil
}

// sqliteCode returns the primary SQLite result code inside err, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// DiskFull reports whether err means the disk (or the database's size
// limit) is full. SQLite rolls the transaction back, so nothing already
// saved is lost.
func DiskFull(err error) bool {
	return errors.Is(err, ErrDiskFull) || kindOf(err) == ErrDiskFull
}

// ReadOnly reports whether err means the database file or its folder
// cannot be written.
func ReadOnly(err error) bool {
	return errors.Is(err, ErrReadOnly) || kindOf(err) == ErrReadOnly || sqliteCode(err) == sqliteCantOpen
}

// UserMessage turns any store error into a safe Chinese sentence for the UI.
// Details stay in the error for the log.
func UserMessage(err error) string {
	var ve *ValidationError
	var ne *NewerSchemaError
	var ie *ImportError
	var re *RestoreError
	var de *DiagnosisError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &re):
		return re.Message()
	case errors.As(err, &de):
		return de.D.Message()
	case errors.As(err, &ie):
		return "表格有误，未导入任何数据：\n" + ie.Error()
	case errors.As(err, &ve):
		return "输入有误：" + ve.Error()
	case errors.As(err, &ne):
		return ne.Message()
	case errors.Is(err, ErrRestoreConflict):
		return "无法恢复：现有数据中已有与它冲突的记录（例如相同的代表证号或同名的小组），请先修改或删除那条记录。"
	case errors.Is(err, ErrReadOnly) && !errors.Is(err, ErrDamaged):
		return "数据文件是只读的（U盘写保护、只读文件夹，或程序以只读方式打开了它），这次修改没有保存，之前保存的数据都完好。现在可以查看、打印和导出；要修改，请把数据文件复制到电脑硬盘上、关闭U盘写保护，或清理磁盘空间后重新打开程序。"
	case errors.Is(err, ErrLocked):
		return "数据文件正被另一个程序占用（可能是又打开了一个“人大代表工作台”，或杀毒、同步软件正在读取它），这次修改没有保存。请关闭那个程序后再试。"
	case errors.Is(err, ErrNotDatabase):
		return "这个文件不是“人大代表工作台”的数据文件，程序没有改动它。请检查打开的文件是否正确。"
	case errors.Is(err, ErrDamaged):
		return "数据文件已损坏。请在“备份与恢复”中从最近的备份恢复。"
	case errors.Is(err, ErrNotFound):
		return "找不到这条记录，可能已被删除。"
	case errors.Is(err, ErrDiskFull) || DiskFull(err):
		return "磁盘空间已满，这次修改没有保存（之前保存的数据都完好）。请清理磁盘或把数据文件移到空间充足的位置后再试。"
	case ReadOnly(err):
		return "数据文件或所在文件夹是只读的，这次修改没有保存（之前保存的数据都完好）。请检查U盘的写保护开关或文件夹权限。"
	case sqliteCode(err) == sqliteIOErr:
		return "读写数据文件时出错，这次修改没有保存。请检查磁盘或U盘是否已拔出。"
	default:
		return "保存或读取数据时出错，请重试；如果反复出现，请联系技术支持。"
	}
}
