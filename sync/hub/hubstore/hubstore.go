// Package hubstore is the county hub's own index: enrolled townships and the
// bundles received, in one SQLite file next to the bundle files. The hub is a
// separate program from the township app, so it keeps its own small store.
package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound means no such township or bundle.
var ErrNotFound = errors.New("hubstore: not found")

// Store is the open index.
type Store struct {
	db *sql.DB
}

// migrations are the hub's schema steps, applied in order; PRAGMA
// user_version counts how many ran. The first is the original schema, written
// with IF NOT EXISTS so a hub made before the steps were counted upgrades.
var migrations = []string{`
CREATE TABLE IF NOT EXISTS township (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    public_key  BLOB NOT NULL,
    enrolled_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bundle (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    township_code TEXT NOT NULL REFERENCES township(code),
    kind          TEXT NOT NULL,
    period        TEXT NOT NULL,
    version       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    file          TEXT NOT NULL,
    figures       TEXT NOT NULL,
    created       TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    receipt       TEXT NOT NULL UNIQUE,
    via           TEXT NOT NULL,
    verdict       TEXT NOT NULL DEFAULT '',
    verdict_reason TEXT NOT NULL DEFAULT '',
    verdict_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS bundle_period ON bundle(kind, period, township_code, version);
`, `
-- County accounts, their sessions and the audit trail.
ALTER TABLE township ADD COLUMN revoked_at TEXT NOT NULL DEFAULT '';
CREATE TABLE account (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
-- Only the SHA-256 of a session token is kept, so a copy of the index
-- does not let anyone log in.
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    account    TEXT NOT NULL REFERENCES account(name) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE audit (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    account TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL DEFAULT '',
    remote  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);
`, `
-- County notices (holiday calendar, 评分细则 template, deadline), each
-- publication numbered and kept as the signed file the townships receive.
CREATE TABLE notice (
    serial       INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    published_at TEXT NOT NULL,
    account      TEXT NOT NULL,
    signed       BLOB NOT NULL
);
`}

func migrate(ctx context.Context, db *sql.DB) error {
	var v int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("hubstore: the index was made by a newer deputyhub (schema %d, this program knows %d)", v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("step %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Open opens or creates the index at path.
func Open(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("hubstore: open: %w", err)
	}
	// One connection: the hub's writes are few and this keeps them in order.
	db.SetMaxOpenConns(1)
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("hubstore: create schema: %w", err)
	}
	return &Store{db: db}, nil
}

// Close closes the index.
func (s *Store) Close() error { return s.db.Close() }

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
func parse(s string) time.Time {
	t, _ := time.Parse("2006-01-02T15:04:05.000Z", s)
	return t
}

// Township is an enrolled township. A revoked township stays listed (its
// bundles are kept) but its key is no longer accepted.
type Township struct {
	Code, Name string
	PublicKey  []byte
	EnrolledAt time.Time
	RevokedAt  time.Time
}

// Revoked reports whether the township's key has been withdrawn.
func (t Township) Revoked() bool { return !t.RevokedAt.IsZero() }

// Enrol adds a township or replaces its key (a re-enrolment after a new PC);
// it also lifts a revocation.
func (s *Store) Enrol(ctx context.Context, t Township) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO township(code, name, public_key, enrolled_at, revoked_at) VALUES (?,?,?,?,'')
		ON CONFLICT(code) DO UPDATE SET name = excluded.name, public_key = excluded.public_key, enrolled_at = excluded.enrolled_at, revoked_at = ''`,
		t.Code, t.Name, t.PublicKey, stamp(t.EnrolledAt))
	if err != nil {
		return fmt.Errorf("hubstore: enrol %s: %w", t.Code, err)
	}
	return nil
}

// Revoke withdraws a township's key: nothing it signs is taken any more
// until it enrols again.
func (s *Store) Revoke(ctx context.Context, code string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE township SET revoked_at = ? WHERE code = ? AND revoked_at = ''`, stamp(at), code)
	if err != nil {
		return fmt.Errorf("hubstore: revoke %s: %w", code, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

const townshipCols = `code, name, public_key, enrolled_at, revoked_at`

func scanTownship(sc interface{ Scan(...any) error }) (Township, error) {
	var t Township
	var e, r string
	if err := sc.Scan(&t.Code, &t.Name, &t.PublicKey, &e, &r); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return t, ErrNotFound
		}
		return t, fmt.Errorf("hubstore: read township: %w", err)
	}
	t.EnrolledAt = parse(e)
	if r != "" {
		t.RevokedAt = parse(r)
	}
	return t, nil
}

// Township returns one township by code, revoked or not. The hub reads it on
// every request, so an enrolment made by another process (deputyhub enrol
// while the hub runs) counts at once.
func (s *Store) Township(ctx context.Context, code string) (Township, error) {
	return scanTownship(s.db.QueryRowContext(ctx, `SELECT `+townshipCols+` FROM township WHERE code = ?`, code))
}

// Townships lists the enrolled townships by code, revoked ones included.
func (s *Store) Townships(ctx context.Context) ([]Township, error) {
	return queryAll(ctx, s.db, "list townships", scanTownship, `SELECT `+townshipCols+` FROM township ORDER BY code`)
}

// queryAll runs a list query and reads every row with scanOne: the township
// and bundle lists differ only in their query. what names the list in the
// error.
func queryAll[T any](ctx context.Context, db *sql.DB, what string, scanOne func(interface{ Scan(...any) error }) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("hubstore: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scanOne(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Bundle is one received bundle.
type Bundle struct {
	Seq           int64
	ID            string
	TownshipCode  string
	Kind, Period  string
	Version       int
	Title         string
	SHA256        string
	Size          int64
	File          string // relative to the data folder
	Figures       string // figures.json as received
	Created       time.Time
	ReceivedAt    time.Time
	Receipt       string
	Via           string // 网络 or U盘
	Verdict       string
	VerdictReason string
	VerdictAt     time.Time
}

const cols = `seq, id, township_code, kind, period, version, title, sha256, size, file, figures, created, received_at, receipt, via, verdict, verdict_reason, verdict_at`

func scan(sc interface{ Scan(...any) error }) (Bundle, error) {
	var b Bundle
	var c, r, v string
	err := sc.Scan(&b.Seq, &b.ID, &b.TownshipCode, &b.Kind, &b.Period, &b.Version, &b.Title, &b.SHA256, &b.Size, &b.File, &b.Figures, &c, &r, &b.Receipt, &b.Via, &b.Verdict, &b.VerdictReason, &v)
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	if err != nil {
		return b, fmt.Errorf("hubstore: read bundle: %w", err)
	}
	b.Created, b.ReceivedAt = parse(c), parse(r)
	if v != "" {
		b.VerdictAt = parse(v)
	}
	return b, nil
}

// Bundle returns one bundle by ID.
func (s *Store) Bundle(ctx context.Context, id string) (Bundle, error) {
	return scan(s.db.QueryRowContext(ctx, `SELECT `+cols+` FROM bundle WHERE id = ?`, id))
}

// Bundles lists bundles, optionally of one kind, newest version last.
func (s *Store) Bundles(ctx context.Context, kind string) ([]Bundle, error) {
	return queryAll(ctx, s.db, "list bundles", scan, `SELECT `+cols+` FROM bundle WHERE ? = '' OR kind = ? ORDER BY township_code, kind, period, version, seq`, kind, kind)
}

// Recent lists the last n bundles received, newest first.
func (s *Store) Recent(ctx context.Context, n int) ([]Bundle, error) {
	return queryAll(ctx, s.db, "recent bundles", scan, `SELECT `+cols+` FROM bundle ORDER BY received_at DESC, seq DESC LIMIT ?`, n)
}

// VersionTakenError means the township already sent another bundle with the
// same kind, period and version: two different 第N版 of one report would leave
// the county unsure which one counts.
type VersionTakenError struct {
	Version int
	HeldID  string
}

func (e *VersionTakenError) Error() string {
	return fmt.Sprintf("hubstore: version %d already held as %s", e.Version, e.HeldID)
}

// VersionHeld reports whether another bundle (another ID) holds b's
// township, kind, period and version.
func (s *Store) VersionHeld(ctx context.Context, b Bundle) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM bundle WHERE township_code = ? AND kind = ? AND period = ? AND version = ? AND id <> ?`,
		b.TownshipCode, b.Kind, b.Period, b.Version, b.ID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("hubstore: check version: %w", err)
	}
	return n > 0, nil
}

// Insert records a new bundle and gives it the next receipt number
// (YYYYMMDD-NNNNNN), unless the ID is already held: then it returns the held
// row and inserted=false, so a repeat gets the same receipt. Another ID with
// the same township, kind, period and version is a *VersionTakenError.
func (s *Store) Insert(ctx context.Context, b Bundle) (out Bundle, inserted bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return b, false, fmt.Errorf("hubstore: begin: %w", err)
	}
	defer tx.Rollback()
	if old, err := scan(tx.QueryRowContext(ctx, `SELECT `+cols+` FROM bundle WHERE id = ?`, b.ID)); err == nil {
		return old, false, nil
	} else if !errors.Is(err, ErrNotFound) {
		return b, false, err
	}
	var other string
	err = tx.QueryRowContext(ctx, `SELECT id FROM bundle WHERE township_code = ? AND kind = ? AND period = ? AND version = ?`,
		b.TownshipCode, b.Kind, b.Period, b.Version).Scan(&other)
	if err == nil {
		return b, false, &VersionTakenError{Version: b.Version, HeldID: other}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return b, false, fmt.Errorf("hubstore: check version: %w", err)
	}
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1 FROM bundle`).Scan(&next); err != nil {
		return b, false, fmt.Errorf("hubstore: next receipt: %w", err)
	}
	b.Seq = next
	b.Receipt = fmt.Sprintf("%s-%06d", b.ReceivedAt.Format("20060102"), next)
	if _, err := tx.ExecContext(ctx, `INSERT INTO bundle(seq, id, township_code, kind, period, version, title, sha256, size, file, figures, created, received_at, receipt, via)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, b.Seq, b.ID, b.TownshipCode, b.Kind, b.Period, b.Version, b.Title, b.SHA256, b.Size, b.File, b.Figures,
		stamp(b.Created), stamp(b.ReceivedAt), b.Receipt, b.Via); err != nil {
		return b, false, fmt.Errorf("hubstore: insert bundle %s: %w", b.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return b, false, fmt.Errorf("hubstore: commit: %w", err)
	}
	return b, true, nil
}

// SetVerdict records 已接收 (accepted) or 退回 (returned) with a reason.
func (s *Store) SetVerdict(ctx context.Context, id, verdict, reason string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE bundle SET verdict = ?, verdict_reason = ?, verdict_at = ? WHERE id = ?`, verdict, reason, stamp(at), id)
	if err != nil {
		return fmt.Errorf("hubstore: set verdict %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// Verdicts lists a township's bundles that have a verdict, for the township
// to pick up on its next connection in one request.
func (s *Store) Verdicts(ctx context.Context, code string) ([]Bundle, error) {
	return queryAll(ctx, s.db, "verdicts of "+code, scan, `SELECT `+cols+` FROM bundle WHERE township_code = ? AND verdict <> '' ORDER BY seq`, code)
}

// Notice is one county publication as the hub keeps it.
type Notice struct {
	Serial      int64
	Title       string
	PublishedAt time.Time
	Account     string
	Signed      []byte // the signed file the townships receive
}

// NextNoticeSerial is the number the next publication gets.
func (s *Store) NextNoticeSerial(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(serial), 0) + 1 FROM notice`).Scan(&n); err != nil {
		return 0, fmt.Errorf("hubstore: next notice: %w", err)
	}
	return n, nil
}

// AddNotice records a publication; its serial must be the next one, so two
// clerks publishing at once cannot both get the same number.
func (s *Store) AddNotice(ctx context.Context, n Notice) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO notice(serial, title, published_at, account, signed) VALUES (?,?,?,?,?)`,
		n.Serial, n.Title, stamp(n.PublishedAt), n.Account, n.Signed); err != nil {
		return fmt.Errorf("hubstore: add notice %d: %w", n.Serial, err)
	}
	return nil
}

// Notices lists the publications after serial after, oldest first.
func (s *Store) Notices(ctx context.Context, after int64) ([]Notice, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT serial, title, published_at, account, signed FROM notice WHERE serial > ? ORDER BY serial`, after)
	if err != nil {
		return nil, fmt.Errorf("hubstore: list notices: %w", err)
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var at string
		if err := rows.Scan(&n.Serial, &n.Title, &at, &n.Account, &n.Signed); err != nil {
			return nil, fmt.Errorf("hubstore: read notice: %w", err)
		}
		n.PublishedAt = parse(at)
		out = append(out, n)
	}
	return out, rows.Err()
}

// Notice returns one publication.
func (s *Store) Notice(ctx context.Context, serial int64) (Notice, error) {
	ns, err := s.Notices(ctx, serial-1)
	if err != nil {
		return Notice{}, err
	}
	if len(ns) == 0 || ns[0].Serial != serial {
		return Notice{}, ErrNotFound
	}
	return ns[0], nil
}
