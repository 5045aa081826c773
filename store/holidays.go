package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Holiday kinds: a day off (法定节假日 and the days joined to it) or a 调休
// weekend that is a working day.
const (
	HolidayOff  = "off"
	HolidayWork = "work"
)

// Holiday is one day of the national holiday calendar.
type Holiday struct {
	Date      string    // YYYY-MM-DD
	Name      string    // 春节, 国庆节 …
	Kind      string    // HolidayOff or HolidayWork
	Source    string    // the announcement it comes from
	CreatedAt time.Time `log:"-"`
	UpdatedAt time.Time `log:"-"`
}

// Validate checks a holiday day and normalises it in place.
func (h *Holiday) Validate() error {
	var p problems
	h.Name, h.Source = Normalize(h.Name), Normalize(h.Source)
	p.date(&h.Date, "Date", "日期", "日期格式应为 2027-01-01")
	if h.Name == "" {
		p.add("Name", "节日名称", "不能为空")
	}
	if h.Kind != HolidayOff && h.Kind != HolidayWork {
		p.add("Kind", "类型", "应为“放假”或“调休上班”")
	}
	return p.err()
}

// HolidayYear says whether a year's State Council announcement has been
// entered. Until it has, only the statutory days are known.
type HolidayYear struct {
	Year      int
	Announced bool
	Source    string
}

// Holidays lists the calendar's days from from to to (YYYY-MM-DD, inclusive;
// empty means open-ended), in date order.
func (db *DB) Holidays(ctx context.Context, from, to string) ([]Holiday, error) {
	if to == "" {
		to = "9999-12-31"
	}
	rows, err := db.r.QueryContext(ctx, `SELECT day, name, kind, source, created_at, updated_at FROM holiday
		WHERE day >= ? AND day <= ? ORDER BY day`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: list holidays: %w", err)
	}
	defer rows.Close()
	var out []Holiday
	for rows.Next() {
		var h Holiday
		var c, u string
		if err := rows.Scan(&h.Date, &h.Name, &h.Kind, &h.Source, &c, &u); err != nil {
			return nil, err
		}
		h.CreatedAt, h.UpdatedAt = parseStamp(c), parseStamp(u)
		out = append(out, h)
	}
	return out, rows.Err()
}

func getHoliday(ctx context.Context, q queryer, day string) (Holiday, error) {
	var h Holiday
	var c, u string
	err := q.QueryRowContext(ctx, `SELECT day, name, kind, source, created_at, updated_at FROM holiday WHERE day = ?`, day).
		Scan(&h.Date, &h.Name, &h.Kind, &h.Source, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("store: holiday %s: %w", day, ErrNotFound)
	}
	if err != nil {
		return h, fmt.Errorf("store: read holiday %s: %w", day, err)
	}
	h.CreatedAt, h.UpdatedAt = parseStamp(c), parseStamp(u)
	return h, nil
}

// SaveHoliday adds a day to the calendar, or replaces the entry for that day,
// so the secretary can enter next year's announcement.
func (db *DB) SaveHoliday(ctx context.Context, h *Holiday) error {
	if err := h.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		old, err := getHoliday(ctx, tx, h.Date)
		switch {
		case errors.Is(err, ErrNotFound):
			h.CreatedAt, h.UpdatedAt = tx.now, tx.now
			if _, err := tx.ExecContext(ctx, `INSERT INTO holiday(day, name, kind, source, created_at, updated_at) VALUES (?,?,?,?,?,?)`,
				h.Date, h.Name, h.Kind, h.Source, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: add holiday %s: %w", h.Date, err)
			}
			return tx.logChange(ctx, "holiday", h.Date, "create", h.Date+" "+h.Name, nil, h)
		case err != nil:
			return err
		}
		h.CreatedAt, h.UpdatedAt = old.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE holiday SET name=?, kind=?, source=?, updated_at=? WHERE day=?`,
			h.Name, h.Kind, h.Source, stamp(tx.now), h.Date); err != nil {
			return fmt.Errorf("store: update holiday %s: %w", h.Date, err)
		}
		return tx.logChange(ctx, "holiday", h.Date, "update", h.Date+" "+h.Name, old, h)
	})
}

// DeleteHoliday removes one day from the calendar.
func (db *DB) DeleteHoliday(ctx context.Context, day string) error {
	if s, ok := ParseDate(day); ok {
		day = s
	}
	return db.update(ctx, func(tx *Tx) error {
		old, err := getHoliday(ctx, tx, day)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM holiday WHERE day = ?`, day); err != nil {
			return fmt.Errorf("store: delete holiday %s: %w", day, err)
		}
		return tx.logChange(ctx, "holiday", day, "delete", day+" "+old.Name, old, nil)
	})
}

// HolidayYears lists the years the calendar knows about, oldest first.
func (db *DB) HolidayYears(ctx context.Context) ([]HolidayYear, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT year, announced, source FROM holiday_year ORDER BY year`)
	if err != nil {
		return nil, fmt.Errorf("store: list holiday years: %w", err)
	}
	defer rows.Close()
	var out []HolidayYear
	for rows.Next() {
		var y HolidayYear
		if err := rows.Scan(&y.Year, &y.Announced, &y.Source); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// SaveHolidayYear records whether a year's announcement has been entered.
func (db *DB) SaveHolidayYear(ctx context.Context, y HolidayYear) error {
	y.Source = Normalize(y.Source)
	if y.Year < 2000 || y.Year > 2200 {
		return &ValidationError{Errors: []FieldError{{Field: "Year", Label: "年份", Message: "应为四位年份，如 2027"}}}
	}
	return db.update(ctx, func(tx *Tx) error {
		var old *HolidayYear
		var o HolidayYear
		err := tx.QueryRowContext(ctx, `SELECT year, announced, source FROM holiday_year WHERE year = ?`, y.Year).Scan(&o.Year, &o.Announced, &o.Source)
		if err == nil {
			old = &o
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: read holiday year %d: %w", y.Year, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO holiday_year(year, announced, source) VALUES (?,?,?)
			ON CONFLICT(year) DO UPDATE SET announced = excluded.announced, source = excluded.source`, y.Year, y.Announced, y.Source); err != nil {
			return fmt.Errorf("store: save holiday year %d: %w", y.Year, err)
		}
		id := strconv.Itoa(y.Year)
		if old == nil {
			return tx.logChange(ctx, "holiday_year", id, "create", id+"年节假日安排", nil, y)
		}
		return tx.logChange(ctx, "holiday_year", id, "update", id+"年节假日安排", old, y)
	})
}
