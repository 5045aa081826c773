package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Periods a 「十个一」 duty repeats over.
const (
	PeriodMonth   = "month"
	PeriodQuarter = "quarter"
	PeriodYear    = "year"
)

// PeriodLabel is the Chinese name of a period (每月/每季度/每年).
func PeriodLabel(p string) string {
	switch p {
	case PeriodMonth:
		return "每月"
	case PeriodQuarter:
		return "每季度"
	case PeriodYear:
		return "每年"
	}
	return p
}

// DutyDef is one of the 「十个一」 duties: how many records of which kinds a
// deputy owes each period.
type DutyDef struct {
	ID        string
	Name      string
	Period    string // month, quarter, year
	Count     int
	Sources   []string // record kinds that satisfy it (see Sources)
	Position  int
	CreatedAt time.Time `log:"-"`
	UpdatedAt time.Time `log:"-"`
}

// Validate checks a duty definition and normalises it in place.
func (d *DutyDef) Validate() error {
	var p problems
	d.Name = Normalize(d.Name)
	if d.Name == "" {
		p.add("Name", "名称", "不能为空")
	}
	if d.Period != PeriodMonth && d.Period != PeriodQuarter && d.Period != PeriodYear {
		p.add("Period", "周期", "应为每月、每季度或每年")
	}
	if d.Count < 1 || d.Count > 100 {
		p.add("Count", "次数", "应为1到100之间的整数")
	}
	d.Sources = uniqueStrings(d.Sources)
	if len(d.Sources) == 0 {
		p.add("Sources", "计入的记录", "至少选择一种")
	}
	for _, s := range d.Sources {
		if !validChoice(s, Sources()) {
			p.add("Sources", "计入的记录", "无法识别“"+s+"”")
			break
		}
	}
	return p.err()
}

func scanDutyDef(sc scanner) (DutyDef, error) {
	var d DutyDef
	var src, c, u string
	err := sc.Scan(&d.ID, &d.Name, &d.Period, &d.Count, &src, &d.Position, &c, &u)
	d.Sources = splitList(src)
	d.CreatedAt, d.UpdatedAt = parseStamp(c), parseStamp(u)
	return d, err
}

const dutyDefCols = `id, name, period, count, sources, position, created_at, updated_at`

// DutyDefs lists the 「十个一」 duties in their order.
func (db *DB) DutyDefs(ctx context.Context) ([]DutyDef, error) {
	out, err := queryAll(ctx, db.r, scanDutyDef, `SELECT `+dutyDefCols+` FROM duty_def ORDER BY position, name`)
	if err != nil {
		return nil, fmt.Errorf("store: list duty defs: %w", err)
	}
	return out, nil
}

// SaveDutyDef creates (empty ID) or updates a duty definition.
func (db *DB) SaveDutyDef(ctx context.Context, d *DutyDef) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var other string
		err := tx.QueryRowContext(ctx, `SELECT id FROM duty_def WHERE name = ? AND id <> ?`, d.Name, d.ID).Scan(&other)
		if err == nil {
			return &ValidationError{Errors: []FieldError{{Field: "Name", Label: "名称", Message: "已有同名的履职任务"}}}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: check duty def name: %w", err)
		}
		src := strings.Join(d.Sources, ",")
		if d.ID == "" {
			d.ID = NewID()
			if d.Position == 0 {
				if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) + 1 FROM duty_def`).Scan(&d.Position); err != nil {
					return fmt.Errorf("store: next duty position: %w", err)
				}
			}
			d.CreatedAt, d.UpdatedAt = tx.now, tx.now
			if _, err := tx.ExecContext(ctx, `INSERT INTO duty_def(`+dutyDefCols+`) VALUES (?,?,?,?,?,?,?,?)`,
				d.ID, d.Name, d.Period, d.Count, src, d.Position, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: create duty def: %w", err)
			}
			return tx.logChange(ctx, "duty_def", d.ID, "create", d.Name, nil, d)
		}
		old, err := scanDutyDef(tx.QueryRowContext(ctx, `SELECT `+dutyDefCols+` FROM duty_def WHERE id = ?`, d.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: duty def %s: %w", d.ID, ErrNotFound)
		} else if err != nil {
			return fmt.Errorf("store: read duty def %s: %w", d.ID, err)
		}
		d.CreatedAt, d.UpdatedAt = old.CreatedAt, tx.now
		if d.Position == 0 {
			d.Position = old.Position
		}
		if _, err := tx.ExecContext(ctx, `UPDATE duty_def SET name=?, period=?, count=?, sources=?, position=?, updated_at=? WHERE id=?`,
			d.Name, d.Period, d.Count, src, d.Position, stamp(tx.now), d.ID); err != nil {
			return fmt.Errorf("store: update duty def %s: %w", d.ID, err)
		}
		return tx.logChange(ctx, "duty_def", d.ID, "update", d.Name, old, d)
	})
}

// DeleteDutyDef moves a duty definition to the 回收站.
func (db *DB) DeleteDutyDef(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := scanDutyDef(tx.QueryRowContext(ctx, `SELECT `+dutyDefCols+` FROM duty_def WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: duty def %s: %w", id, ErrNotFound)
		} else if err != nil {
			return fmt.Errorf("store: read duty def %s: %w", id, err)
		}
		if err := tx.trash(ctx, "duty_def", "duty_def", id, old.Name, ""); err != nil {
			return err
		}
		return tx.logChange(ctx, "duty_def", id, "delete", old.Name, old, nil)
	})
}
