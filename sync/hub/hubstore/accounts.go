package hubstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Roles of a county account.
const (
	RoleViewer   = "viewer"   // 查看: pages, downloads, the summary
	RoleReviewer = "reviewer" // 审核: also verdicts, imports, enrolment
)

// RoleLabel is the Chinese name of a role.
func RoleLabel(role string) string {
	switch role {
	case RoleViewer:
		return "查看"
	case RoleReviewer:
		return "审核"
	}
	return role
}

// ParseRole accepts the code name or the Chinese label.
func ParseRole(s string) (string, bool) {
	for _, r := range []string{RoleViewer, RoleReviewer} {
		if s == r || s == RoleLabel(r) {
			return r, true
		}
	}
	return "", false
}

// Account is a county clerk who may use the hub's pages.
type Account struct {
	Name         string
	PasswordHash string `log:"-"`
	Role         string
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ErrExists means an account of that name is already there.
var ErrExists = errors.New("hubstore: account exists")

// AddAccount creates an account; the caller hashes the password. An
// existing name is ErrExists.
func (s *Store) AddAccount(ctx context.Context, a Account) error {
	res, err := s.db.ExecContext(ctx, `INSERT INTO account(name, password_hash, role, disabled, created_at, updated_at) VALUES (?,?,?,0,?,?)
		ON CONFLICT(name) DO NOTHING`, a.Name, a.PasswordHash, a.Role, stamp(a.CreatedAt), stamp(a.CreatedAt))
	if err != nil {
		return fmt.Errorf("hubstore: add account %s: %w", a.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrExists
	}
	return nil
}

// Account returns one account.
func (s *Store) Account(ctx context.Context, name string) (Account, error) {
	var a Account
	var c, u string
	err := s.db.QueryRowContext(ctx, `SELECT name, password_hash, role, disabled, created_at, updated_at FROM account WHERE name = ?`, name).
		Scan(&a.Name, &a.PasswordHash, &a.Role, &a.Disabled, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, fmt.Errorf("hubstore: read account %s: %w", name, err)
	}
	a.CreatedAt, a.UpdatedAt = parse(c), parse(u)
	return a, nil
}

// Accounts lists every account by name.
func (s *Store) Accounts(ctx context.Context) ([]Account, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM account ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("hubstore: list accounts: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	var out []Account
	for _, n := range names {
		a, err := s.Account(ctx, n)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// SetPassword replaces an account's password hash and ends its sessions.
func (s *Store) SetPassword(ctx context.Context, name, hash string, at time.Time) error {
	return s.changeAccount(ctx, name, `UPDATE account SET password_hash = ?, updated_at = ? WHERE name = ?`, hash, stamp(at), name)
}

// SetDisabled turns an account off (ending its sessions) or on again.
func (s *Store) SetDisabled(ctx context.Context, name string, disabled bool, at time.Time) error {
	return s.changeAccount(ctx, name, `UPDATE account SET disabled = ?, updated_at = ? WHERE name = ?`, disabled, stamp(at), name)
}

func (s *Store) changeAccount(ctx context.Context, name, q string, args ...any) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("hubstore: begin: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("hubstore: change account %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM session WHERE account = ?`, name); err != nil {
		return fmt.Errorf("hubstore: end sessions of %s: %w", name, err)
	}
	return tx.Commit()
}

func tokenHash(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}

// StartSession records a new session token for an account.
func (s *Store) StartSession(ctx context.Context, token, account string, now, expires time.Time) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM session WHERE expires_at < ?`, stamp(now)); err != nil {
		return fmt.Errorf("hubstore: drop old sessions: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO session(token_hash, account, created_at, expires_at) VALUES (?,?,?,?)`,
		tokenHash(token), account, stamp(now), stamp(expires)); err != nil {
		return fmt.Errorf("hubstore: start session: %w", err)
	}
	return nil
}

// Session returns the account of a live session token: not expired, and
// the account not disabled. ErrNotFound otherwise.
func (s *Store) Session(ctx context.Context, token string, now time.Time) (Account, error) {
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT s.account FROM session s JOIN account a ON a.name = s.account
		WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0`, tokenHash(token), stamp(now)).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, ErrNotFound
	}
	if err != nil {
		return Account{}, fmt.Errorf("hubstore: read session: %w", err)
	}
	return s.Account(ctx, name)
}

// EndSession forgets a session token (logout).
func (s *Store) EndSession(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM session WHERE token_hash = ?`, tokenHash(token))
	if err != nil {
		return fmt.Errorf("hubstore: end session: %w", err)
	}
	return nil
}

// Event is one line of the audit trail: who did what to what, and when.
type Event struct {
	Seq     int64
	At      time.Time
	Account string // the clerk, or 命令行 for deputyhub commands
	Action  string // Chinese: 登录, 登录失败, 下载, 审核, 导入, 登记, …
	Target  string
	Detail  string
	Remote  string // the client's address
}

// Log appends an event to the audit trail.
func (s *Store) Log(ctx context.Context, e Event) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit(at, account, action, target, detail, remote) VALUES (?,?,?,?,?,?)`,
		stamp(e.At), e.Account, e.Action, e.Target, e.Detail, e.Remote)
	if err != nil {
		return fmt.Errorf("hubstore: audit %s: %w", e.Action, err)
	}
	return nil
}

// Events lists the newest n audit events, newest first.
func (s *Store) Events(ctx context.Context, n int) ([]Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, account, action, target, detail, remote FROM audit ORDER BY seq DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("hubstore: read audit: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Account, &e.Action, &e.Target, &e.Detail, &e.Remote); err != nil {
			return nil, err
		}
		e.At = parse(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
