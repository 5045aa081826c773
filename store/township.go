package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"time"
)

// Township holds the installation owner's settings: one row per database.
type Township struct {
	ID        string
	Name      string // e.g. 城关镇
	Code      string // 行政区划代码: 9 digits, or the 12-digit 统计用区划代码
	County    string
	TermName  string // current 届次, e.g. 第十八届
	TermStart string // YYYY-MM-DD
	TermEnd   string
	Secretary string
	Phone     string
	CreatedAt time.Time `log:"-"`
	UpdatedAt time.Time `log:"-"`
}

var codeRe = regexp.MustCompile(`^(\d{9}|\d{12})$`)

// Validate checks the settings and normalises typed values in place.
func (t *Township) Validate() error {
	var p problems
	t.Name, t.Code, t.County = Normalize(t.Name), Normalize(t.Code), Normalize(t.County)
	t.TermName, t.Secretary, t.Phone = Normalize(t.TermName), Normalize(t.Secretary), Normalize(t.Phone)
	if t.Name == "" {
		p.add("Name", "乡镇名称", "不能为空")
	}
	if !codeRe.MatchString(t.Code) {
		p.add("Code", "行政区划代码", "应为9位或12位数字")
	}
	for _, d := range []struct {
		v            *string
		field, label string
	}{{&t.TermStart, "TermStart", "届期开始"}, {&t.TermEnd, "TermEnd", "届期结束"}} {
		if *d.v == "" {
			continue
		}
		p.date(d.v, d.field, d.label, "日期格式应为 2026-11-22")
	}
	if t.TermStart != "" && t.TermEnd != "" && t.TermEnd < t.TermStart {
		p.add("TermEnd", "届期结束", "不能早于届期开始")
	}
	if t.Phone != "" && !ValidPhone(t.Phone) {
		p.add("Phone", "联系电话", "应为11位手机号或带区号的固定电话")
	}
	return p.err()
}

// Township returns the settings, or ErrNotFound before first setup.
func (db *DB) Township(ctx context.Context) (Township, error) { return getTownship(ctx, db.r) }

func getTownship(ctx context.Context, q queryer) (Township, error) {
	var t Township
	var c, u string
	err := q.QueryRowContext(ctx, `SELECT id, name, code, county, term_name, term_start, term_end, secretary, phone, created_at, updated_at
		FROM township LIMIT 1`).Scan(&t.ID, &t.Name, &t.Code, &t.County, &t.TermName, &t.TermStart, &t.TermEnd, &t.Secretary, &t.Phone, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("store: read township: %w", err)
	}
	t.CreatedAt, t.UpdatedAt = parseStamp(c), parseStamp(u)
	return t, nil
}

// SaveTownship creates or updates the settings row.
func (db *DB) SaveTownship(ctx context.Context, t *Township) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if db.Actor == "" {
			tx.actor, tx.hasActor = t.Secretary, true // who sets the township up, or renames themself
		}
		old, err := getTownship(ctx, tx)
		switch {
		case errors.Is(err, ErrNotFound):
			t.ID = NewID()
			t.CreatedAt, t.UpdatedAt = tx.now, tx.now
			if _, err := tx.ExecContext(ctx, `INSERT INTO township(id, name, code, county, term_name, term_start, term_end, secretary, phone, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,?,?,?,?)`, t.ID, t.Name, t.Code, t.County, t.TermName, t.TermStart, t.TermEnd, t.Secretary, t.Phone, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: create township: %w", err)
			}
			// The signing key for 上报 is made at setup so the enrolment
			// request can be exported right away.
			if _, err := ensureSyncKey(ctx, tx); err != nil {
				return err
			}
			return tx.logChange(ctx, "township", t.ID, "create", t.Name, nil, t)
		case err != nil:
			return err
		}
		t.ID, t.CreatedAt, t.UpdatedAt = old.ID, old.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE township SET name=?, code=?, county=?, term_name=?, term_start=?, term_end=?, secretary=?, phone=?, updated_at=? WHERE id=?`,
			t.Name, t.Code, t.County, t.TermName, t.TermStart, t.TermEnd, t.Secretary, t.Phone, stamp(tx.now), t.ID); err != nil {
			return fmt.Errorf("store: update township: %w", err)
		}
		return tx.logChange(ctx, "township", t.ID, "update", t.Name, old, t)
	})
}
