package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Leave kinds.
const (
	LeaveAbsent = "请假"
	LeaveAway   = "外出"
)

// LeaveKinds lists the kinds offered in forms.
var LeaveKinds = []string{LeaveAbsent, LeaveAway}

// Leave is a period in which a deputy is not to be put on duty.
type Leave struct {
	ID        string
	DeputyID  string
	Kind      string // LeaveAbsent or LeaveAway
	From      string // YYYY-MM-DD, inclusive
	To        string // YYYY-MM-DD, inclusive
	Reason    string
	CreatedAt time.Time `log:"-"`
	UpdatedAt time.Time `log:"-"`
}

// Validate checks a leave period and normalises it in place.
func (l *Leave) Validate() error {
	var p problems
	l.Kind, l.Reason = Normalize(l.Kind), Normalize(l.Reason)
	if l.DeputyID == "" {
		p.add("DeputyID", "代表", "请选择代表")
	}
	if !validChoice(l.Kind, LeaveKinds) {
		p.add("Kind", "类型", "应为“请假”或“外出”")
	}
	p.date(&l.From, "From", "开始日期", "日期格式应为 2026-12-01")
	p.date(&l.To, "To", "结束日期", "日期格式应为 2026-12-31")
	if l.From != "" && l.To != "" && l.To < l.From {
		p.add("To", "结束日期", "不能早于开始日期")
	}
	return p.err()
}

// Covers reports whether the leave includes day (YYYY-MM-DD).
func (l Leave) Covers(day string) bool { return l.From <= day && day <= l.To }

const leaveCols = `id, deputy_id, kind, date_from, date_to, reason, created_at, updated_at`

func scanLeave(s scanner) (Leave, error) {
	var l Leave
	var c, u string
	err := s.Scan(&l.ID, &l.DeputyID, &l.Kind, &l.From, &l.To, &l.Reason, &c, &u)
	l.CreatedAt, l.UpdatedAt = parseStamp(c), parseStamp(u)
	return l, err
}

func getLeave(ctx context.Context, q queryer, id string) (Leave, error) {
	l, err := scanLeave(q.QueryRowContext(ctx, `SELECT `+leaveCols+` FROM deputy_leave WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("store: leave %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("store: read leave %s: %w", id, err)
	}
	return l, nil
}

// LeaveFilter selects leave periods; zero fields match everything. A period
// matches From/To when it overlaps them.
type LeaveFilter struct {
	DeputyID string
	From, To string
}

// Leaves lists leave periods by start date.
func (db *DB) Leaves(ctx context.Context, f LeaveFilter) ([]Leave, error) {
	q := `SELECT ` + leaveCols + ` FROM deputy_leave WHERE 1=1`
	var args []any
	if f.DeputyID != "" {
		q += ` AND deputy_id = ?`
		args = append(args, f.DeputyID)
	}
	if f.From != "" {
		q += ` AND date_to >= ?`
		args = append(args, f.From)
	}
	if f.To != "" {
		q += ` AND date_from <= ?`
		args = append(args, f.To)
	}
	out, err := queryAll(ctx, db.r, scanLeave, q+` ORDER BY date_from, deputy_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list leave: %w", err)
	}
	return out, nil
}

// SaveLeave creates (empty ID) or updates a leave period.
func (db *DB) SaveLeave(ctx context.Context, l *Leave) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		d, err := getDeputy(ctx, tx, l.DeputyID)
		if err != nil {
			return err
		}
		summary := d.Name + " " + l.Kind + " " + l.From + "至" + l.To
		if l.ID == "" {
			l.ID = NewID()
			l.CreatedAt, l.UpdatedAt = tx.now, tx.now
			if _, err := tx.ExecContext(ctx, `INSERT INTO deputy_leave(`+leaveCols+`) VALUES (?,?,?,?,?,?,?,?)`,
				l.ID, l.DeputyID, l.Kind, l.From, l.To, l.Reason, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: create leave: %w", err)
			}
			return tx.logChange(ctx, "leave", l.ID, "create", summary, nil, l)
		}
		old, err := getLeave(ctx, tx, l.ID)
		if err != nil {
			return err
		}
		l.CreatedAt, l.UpdatedAt = old.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE deputy_leave SET deputy_id=?, kind=?, date_from=?, date_to=?, reason=?, updated_at=? WHERE id=?`,
			l.DeputyID, l.Kind, l.From, l.To, l.Reason, stamp(tx.now), l.ID); err != nil {
			return fmt.Errorf("store: update leave %s: %w", l.ID, err)
		}
		return tx.logChange(ctx, "leave", l.ID, "update", summary, old, l)
	})
}

// DeleteLeave removes a leave period.
func (db *DB) DeleteLeave(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getLeave(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM deputy_leave WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: delete leave %s: %w", id, err)
		}
		return tx.logChange(ctx, "leave", id, "delete", old.Kind+" "+old.From+"至"+old.To, old, nil)
	})
}
