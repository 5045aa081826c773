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

const schema = `
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
`

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
	if _, err := db.ExecContext(ctx, schema); err != nil {
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

// Township is an enrolled township.
type Township struct {
	Code, Name string
	PublicKey  []byte
	EnrolledAt time.Time
}

// Enrol adds a township or replaces its key (a re-enrolment after a new PC).
func (s *Store) Enrol(ctx context.Context, t Township) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO township(code, name, public_key, enrolled_at) VALUES (?,?,?,?)
		ON CONFLICT(code) DO UPDATE SET name = excluded.name, public_key = excluded.public_key, enrolled_at = excluded.enrolled_at`,
		t.Code, t.Name, t.PublicKey, stamp(t.EnrolledAt))
	if err != nil {
		return fmt.Errorf("hubstore: enrol %s: %w", t.Code, err)
	}
	return nil
}

// Townships lists the enrolled townships by code.
func (s *Store) Townships(ctx context.Context) ([]Township, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, name, public_key, enrolled_at FROM township ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("hubstore: list townships: %w", err)
	}
	defer rows.Close()
	var out []Township
	for rows.Next() {
		var t Township
		var e string
		if err := rows.Scan(&t.Code, &t.Name, &t.PublicKey, &e); err != nil {
			return nil, err
		}
		t.EnrolledAt = parse(e)
		out = append(out, t)
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
	rows, err := s.db.QueryContext(ctx, `SELECT `+cols+` FROM bundle WHERE ? = '' OR kind = ? ORDER BY township_code, kind, period, version, seq`, kind, kind)
	if err != nil {
		return nil, fmt.Errorf("hubstore: list bundles: %w", err)
	}
	defer rows.Close()
	var out []Bundle
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Recent lists the last n bundles received, newest first.
func (s *Store) Recent(ctx context.Context, n int) ([]Bundle, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+cols+` FROM bundle ORDER BY received_at DESC, seq DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("hubstore: recent bundles: %w", err)
	}
	defer rows.Close()
	var out []Bundle
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Insert records a new bundle and gives it the next receipt number
// (YYYYMMDD-NNNNNN), unless the ID is already held: then it returns the held
// row and inserted=false, so a repeat gets the same receipt.
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
