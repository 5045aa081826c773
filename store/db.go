// Package store owns the township's SQLite file: its schema and migrations,
// the domain types, validation and every query. No other package imports
// database/sql or the driver.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"deputydesk/store/calendar"

	"github.com/google/uuid"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is an open township database. One writer connection serialises every
// change (SQLite allows one writer anyway, and a single connection means
// BEGIN IMMEDIATE never waits on ourselves); readers use a small pool.
type DB struct {
	path string
	w    *sql.DB
	r    *sql.DB

	// Now is the program's clock (see package calendar); tests and
	// DEPUTYDESK_NOW replace it. Each transaction reads it once so every
	// timestamp written by one change agrees.
	Now calendar.Clock
	// Actor, when set, names who makes changes in place of the township's
	// secretary (see Tx.actor); programs leave it empty.
	Actor string

	// common remembers which searches match many cases (see commonMatch).
	commonMu sync.Mutex
	common   map[string]bool

	// readOnly is set by OpenReadOnly: every change is refused with
	// ErrReadOnly before it reaches SQLite.
	readOnly bool

	// check is the integrity check changes wait for (see GuardWrites).
	check *writeCheck
}

// Synchronous is the synchronous pragma of the writer connection. FULL
// syncs the write-ahead log at every commit, so a save that returned
// survives a power cut, not only a crash of the program (NORMAL, the old
// setting, may lose the last commits on a power cut). A variable so the
// benchmark can measure what the promise costs.
var Synchronous = "FULL"

// connMode says how a connection may touch the file.
type connMode int

const (
	connWrite     connMode = iota // the writer and the readers of a writable file
	connRO                        // read-only: mode=ro, SQLite still uses the -shm file
	connImmutable                 // read-only medium: immutable=1, no locks, no -shm
)

// dsn builds the connection string with every pragma in one place, so each
// pooled connection gets the same settings.
func dsn(path string, readOnly bool) string {
	if readOnly {
		return dsnMode(path, connRO, 10000)
	}
	return dsnMode(path, connWrite, 10000)
}

func dsnMode(path string, mode connMode, busyMS int) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyMS))
	switch mode {
	case connRO:
		q.Add("mode", "ro")
	case connImmutable:
		q.Add("mode", "ro")
		q.Add("immutable", "1")
	default:
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous("+Synchronous+")")
		q.Add("_txlock", "immediate")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. A database whose schema is newer than this program knows is
// refused with ErrNewerSchema and left untouched.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("store: create data folder: %w", err)
	}
	if _, err := os.Stat(path); err == nil {
		if err := checkVersion(ctx, path); err != nil {
			return nil, err
		}
	}
	RemoveLeftovers(path)
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", filepath.Base(path), err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open readers: %w", err)
	}
	r.SetMaxOpenConns(4)
	db := &DB{path: path, w: w, r: r, Now: calendar.System}
	// The readers (and the backup before a migration, which runs on one)
	// connect only after the writer has set WAL mode.
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, classify(err)
	}
	return db, nil
}

// checkVersion reads the schema version through a read-only connection so a
// newer database is not modified in any way before it is refused.
func checkVersion(ctx context.Context, path string) error {
	ro, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return fmt.Errorf("store: open %s: %w", filepath.Base(path), err)
	}
	defer ro.Close()
	var n int
	err = ro.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'`).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: read %s: %w", filepath.Base(path), err)
	}
	if n == 0 {
		return nil
	}
	var v int
	if err := ro.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if latest := latestVersion(); v > latest {
		return &NewerSchemaError{Found: v, Known: latest}
	}
	return nil
}

// OpenReadOnly opens the database at path for reading only: for a file on a
// write-protected USB stick, in a read-only folder or on a full disk. It
// runs no migration and writes nothing (no backup, no -wal); every change
// returns ErrReadOnly. When SQLite cannot make its shared-memory file beside
// the database (a read-only medium) the file is opened immutable, which is
// safe because nothing else can be writing to it either.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", filepath.Base(path), err)
	}
	var last error
	for _, mode := range []connMode{connRO, connImmutable} {
		if mode == connImmutable && walHasData(path) {
			// immutable would ignore the newest saves kept in the -wal file.
			break
		}
		r, err := sql.Open("sqlite", dsnMode(path, mode, 10000))
		if err != nil {
			return nil, fmt.Errorf("store: open %s: %w", filepath.Base(path), err)
		}
		r.SetMaxOpenConns(4)
		var v int
		err = r.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
		if err == nil {
			if latest := latestVersion(); v > latest {
				r.Close()
				return nil, &NewerSchemaError{Found: v, Known: latest}
			}
			return &DB{path: path, w: r, r: r, Now: calendar.System, readOnly: true}, nil
		}
		r.Close()
		last = err
	}
	return nil, classify(fmt.Errorf("store: open %s read-only: %w", filepath.Base(path), last))
}

// walHasData reports whether a -wal file with content lies beside path.
func walHasData(path string) bool {
	st, err := os.Stat(path + "-wal")
	return err == nil && st.Size() > 0
}

// ReadOnly reports whether the database was opened with OpenReadOnly.
func (db *DB) ReadOnly() bool { return db.readOnly }

// Path returns the file the database lives in.
func (db *DB) Path() string { return db.path }

// Close closes every connection.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != db.r {
		errs = append(errs, db.w.Close())
	}
	return errors.Join(errs...)
}

// Tx is a write transaction with the time and the actor captured at its
// start.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
	// actor is who makes the change, for the change log, the 回收站 and
	// case steps: the secretary named in the township set-up at the time
	// of the change, so a name changed in 设置 applies from the next save
	// on, in the GUI, the CLI and the demo alike. It is read on first use
	// (see who), so migrations, which run before the township table exists,
	// never ask.
	actor    string
	hasActor bool
	ctx      context.Context
}

// who is the actor of this transaction; empty before the township is set up.
func (tx *Tx) who() string {
	if !tx.hasActor {
		tx.hasActor = true
		// A failed read only leaves the name out of the log; the change
		// itself stands or falls on its own statements.
		tx.QueryRowContext(tx.ctx, `SELECT secretary FROM township LIMIT 1`).Scan(&tx.actor)
	}
	return tx.actor
}

// update runs fn in one IMMEDIATE transaction on the writer connection and
// commits only if fn returns nil.
// A database opened read-only refuses before SQLite is asked. Errors that
// mean a full disk, a read-only file or a lock come back wrapped in
// ErrDiskFull, ErrReadOnly or ErrLocked.
func (db *DB) update(ctx context.Context, fn func(*Tx) error) error {
	if db.readOnly {
		return ErrReadOnly
	}
	if err := db.writeAllowed(ctx); err != nil {
		return err
	}
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return classify(fmt.Errorf("store: begin: %w", err))
	}
	tx := &Tx{Tx: sqlTx, ctx: ctx, db: db, now: db.Now().UTC(), actor: db.Actor, hasActor: db.Actor != ""}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return classify(err)
	}
	if err := sqlTx.Commit(); err != nil {
		return classify(fmt.Errorf("store: commit: %w", err))
	}
	return nil
}

// Now returns the time captured when the transaction began.
func (tx *Tx) Now() time.Time { return tx.now }

// stamp formats a time for storage: UTC RFC 3339 with milliseconds, which
// sorts as text.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func parseStamp(s string) time.Time {
	t, _ := time.Parse("2006-01-02T15:04:05.000Z", s)
	return t
}

// NewID returns a new globally unique, time-ordered record ID.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// scanner is satisfied by *sql.Row and *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// queryer is satisfied by *sql.DB and *sql.Tx so read helpers serve both.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Checkpoint folds the write-ahead log into the main file.
func (db *DB) Checkpoint(ctx context.Context) error {
	if db.readOnly {
		return nil
	}
	if _, err := db.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	return nil
}

// scanValues reads the current row's n columns whatever their types, for the
// dump and the recycle bin, which copy rows whole.
func scanValues(rows *sql.Rows, n int) ([]any, error) {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return vals, rows.Scan(ptrs...)
}

// queryAll runs query and scans every row with scan: the loop every list
// method would otherwise repeat.
func queryAll[T any](ctx context.Context, q queryer, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
