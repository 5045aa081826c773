package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// StationKinds are the forms of 站点窗岗, from largest to smallest.
var StationKinds = []string{"代表联络站", "代表之家", "代表联络点", "代表联络窗", "代表联络岗"}

// Station is a place where deputies 进站 to receive voters.
type Station struct {
	ID          string
	Name        string
	Kind        string // one of StationKinds
	Address     string
	OpeningRule string // the 接待日 in words, e.g. 每月第一周的周五 9:00–11:30
	Phone       string
	GroupIDs    []string
	Notes       string
	CreatedAt   time.Time `log:"-"`
	UpdatedAt   time.Time `log:"-"`
}

// Validate checks a station and normalises it in place.
func (s *Station) Validate() error {
	var p problems
	s.Name, s.Kind, s.Address, s.Phone = Normalize(s.Name), Normalize(s.Kind), Normalize(s.Address), Normalize(s.Phone)
	s.OpeningRule = Normalize(s.OpeningRule)
	if s.Name == "" {
		p.add("Name", "名称", "不能为空")
	}
	if !validChoice(s.Kind, StationKinds) {
		p.add("Kind", "类型", "请选择站、家、点、窗、岗之一")
	}
	if s.Address == "" {
		p.add("Address", "地址", "不能为空")
	}
	if s.Phone != "" && !ValidPhone(s.Phone) {
		p.add("Phone", "联系电话", "应为11位手机号或带区号的固定电话")
	}
	s.GroupIDs = uniqueStrings(s.GroupIDs)
	return p.err()
}

func getStation(ctx context.Context, q queryer, id string) (Station, error) {
	var s Station
	var c, u string
	err := q.QueryRowContext(ctx, `SELECT id, name, kind, address, opening_rule, phone, notes, created_at, updated_at FROM station WHERE id = ?`, id).
		Scan(&s.ID, &s.Name, &s.Kind, &s.Address, &s.OpeningRule, &s.Phone, &s.Notes, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("store: station %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("store: read station %s: %w", id, err)
	}
	s.CreatedAt, s.UpdatedAt = parseStamp(c), parseStamp(u)
	s.GroupIDs, err = column(ctx, q, `SELECT sg.group_id FROM station_group sg JOIN deputy_group g ON g.id = sg.group_id
		WHERE sg.station_id = ? ORDER BY g.name`, id)
	return s, err
}

// Station returns one station with the groups that serve there.
func (db *DB) Station(ctx context.Context, id string) (Station, error) {
	return getStation(ctx, db.r, id)
}

// Stations lists every station, larger kinds first, then by pinyin.
func (db *DB) Stations(ctx context.Context) ([]Station, error) {
	ids, err := column(ctx, db.r, `SELECT id FROM station`)
	if err != nil {
		return nil, err
	}
	out := make([]Station, 0, len(ids))
	for _, id := range ids {
		s, err := getStation(ctx, db.r, id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	SortChinese(out, func(s Station) string { return s.Name })
	rank := func(k string) int {
		for i, v := range StationKinds {
			if v == k {
				return i
			}
		}
		return len(StationKinds)
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].Kind) < rank(out[j].Kind) })
	return out, nil
}

// SaveStation creates or updates a station and its groups in one transaction.
func (db *DB) SaveStation(ctx context.Context, s *Station) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var dup string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM station WHERE name = ? AND id <> ?`, s.Name, s.ID).Scan(&dup); err == nil {
			return &ValidationError{Errors: []FieldError{{Field: "Name", Label: "名称", Message: "已有同名的联络站点"}}}
		}
		var old *Station
		if s.ID == "" {
			s.ID = NewID()
			s.CreatedAt, s.UpdatedAt = tx.now, tx.now
			if _, err := tx.ExecContext(ctx, `INSERT INTO station(id, name, kind, address, opening_rule, phone, notes, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,?,?)`, s.ID, s.Name, s.Kind, s.Address, s.OpeningRule, s.Phone, s.Notes, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: create station: %w", err)
			}
		} else {
			o, err := getStation(ctx, tx, s.ID)
			if err != nil {
				return err
			}
			old = &o
			s.CreatedAt, s.UpdatedAt = o.CreatedAt, tx.now
			if _, err := tx.ExecContext(ctx, `UPDATE station SET name=?, kind=?, address=?, opening_rule=?, phone=?, notes=?, updated_at=? WHERE id=?`,
				s.Name, s.Kind, s.Address, s.OpeningRule, s.Phone, s.Notes, stamp(tx.now), s.ID); err != nil {
				return fmt.Errorf("store: update station: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM station_group WHERE station_id = ?`, s.ID); err != nil {
				return fmt.Errorf("store: update station groups: %w", err)
			}
		}
		for _, gid := range s.GroupIDs {
			if _, err := getGroup(ctx, tx, gid); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO station_group(station_id, group_id) VALUES (?, ?)`, s.ID, gid); err != nil {
				return fmt.Errorf("store: add station group: %w", err)
			}
		}
		saved, err := getStation(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		s.GroupIDs = saved.GroupIDs
		if old == nil {
			return tx.logChange(ctx, "station", s.ID, "create", s.Name, nil, s)
		}
		return tx.logChange(ctx, "station", s.ID, "update", s.Name, old, s)
	})
}

// StationImpact describes, in Chinese, what deleting a station also changes.
func (db *DB) StationImpact(ctx context.Context, id string) (string, error) {
	names, err := column(ctx, db.r, `SELECT g.name FROM deputy_group g JOIN station_group sg ON sg.group_id = g.id WHERE sg.station_id = ? ORDER BY g.name`, id)
	if err != nil || len(names) == 0 {
		return "", err
	}
	return "以下代表小组将不再在此进站：" + strings.Join(names, "、") + "（小组本身不会被删除）", nil
}

// DeleteStation moves a station, with its group links, rule and duties, to
// the 回收站.
func (db *DB) DeleteStation(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getStation(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.trash(ctx, "station", "station", id, old.Name, ""); err != nil {
			return err
		}
		return tx.logChange(ctx, "station", id, "delete", old.Name, old, nil)
	})
}
