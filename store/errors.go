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

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Errors: p}
}

// SQLite primary result codes the secretary can do something about.
const (
	sqliteReadOnly = 8  // SQLITE_READONLY
	sqliteIOErr    = 10 // SQLITE_IOERR
	sqliteFull     = 13 // SQLITE_FULL
	sqliteCantOpen = 14 // SQLITE_CANTOPEN
)

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
	return sqliteCode(err) == sqliteFull || strings.Contains(fmt.Sprint(err), "disk is full")
}

// ReadOnly reports whether err means the database file or its folder
// cannot be written.
func ReadOnly(err error) bool {
	c := sqliteCode(err)
	return c == sqliteReadOnly || c == sqliteCantOpen || strings.Contains(fmt.Sprint(err), "readonly database")
}

// UserMessage turns any store error into a safe Chinese sentence for the UI.
// Details stay in the error for the log.
func UserMessage(err error) string {
	var ve *ValidationError
	var ne *NewerSchemaError
	var ie *ImportError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ie):
		return "表格有误，未导入任何数据：\n" + ie.Error()
	case errors.As(err, &ve):
		return "输入有误：" + ve.Error()
	case errors.As(err, &ne):
		return ne.Message()
	case errors.Is(err, ErrRestoreConflict):
		return "无法恢复：现有数据中已有与它冲突的记录（例如相同的代表证号或同名的小组），请先修改或删除那条记录。"
	case errors.Is(err, ErrDamaged):
		return "数据文件已损坏。请在“备份与恢复”中从最近的备份恢复。"
	case errors.Is(err, ErrNotFound):
		return "找不到这条记录，可能已被删除。"
	case DiskFull(err):
		return "磁盘空间已满，这次修改没有保存（之前保存的数据都完好）。请清理磁盘或把数据文件移到空间充足的位置后再试。"
	case ReadOnly(err):
		return "数据文件或所在文件夹是只读的，这次修改没有保存（之前保存的数据都完好）。请检查U盘的写保护开关或文件夹权限。"
	case sqliteCode(err) == sqliteIOErr:
		return "读写数据文件时出错，这次修改没有保存。请检查磁盘或U盘是否已拔出。"
	default:
		return "保存或读取数据时出错，请重试；如果反复出现，请联系技术支持。"
	}
}
