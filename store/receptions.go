package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ReceptionKinds are the ways deputies meet voters: a roster 接待日 or an ad
// hoc contact.
var ReceptionKinds = []string{"接待日", "走访选民", "电话", "代表码线上反映", "座谈"}

// Reception is one 接待记录: a duty actually held, or an ad hoc contact.
type Reception struct {
	ID          string
	DutyID      string // the roster duty it was held for; "" when ad hoc
	Kind        string // one of ReceptionKinds
	Day         string // YYYY-MM-DD
	StationID   string // "" when not at a station (走访, 电话)
	Place       string
	DeputyIDs   []string // deputies present
	Visitors    int      // number of visitors (接待人次)
	Notes       string
	CreatedAt   time.Time `log:"-"`
	UpdatedAt   time.Time `log:"-"`
	CaseCount   int       `log:"-"` // filled by reads
	StationNm   string    `log:"-"` // filled by reads
	DeputyNames []string  `log:"-"` // filled by reads, same order as DeputyIDs
}

// Validate checks a reception and normalises it in place.
func (r *Reception) Validate() error {
	var p problems
	r.Kind, r.Place, r.Notes = Normalize(r.Kind), Normalize(r.Place), strings.TrimSpace(r.Notes)
	if !validChoice(r.Kind, ReceptionKinds) {
		p.add("Kind", "接待方式", "请选择"+strings.Join(ReceptionKinds, "、")+"之一")
	}
	p.date(&r.Day, "Day", "接待日期", "日期格式应为 2026-11-22")
	if r.Kind == "接待日" && r.StationID == "" {
		p.add("StationID", "联络站点", "接待日须选择联络站点")
	}
	if r.StationID == "" && r.Place == "" && r.Kind != "电话" && r.Kind != "代表码线上反映" {
		p.add("Place", "地点", "请填写地点或选择联络站点")
	}
	if r.Visitors < 0 || r.Visitors > 10000 {
		p.add("Visitors", "接待人数", "应为0到10000之间的整数")
	}
	r.DeputyIDs = uniqueStrings(r.DeputyIDs)
	if len(r.DeputyIDs) == 0 {
		p.add("DeputyIDs", "到场代表", "至少选择一名代表")
	}
	return p.err()
}

const receptionCols = `r.id, coalesce(r.duty_id, ''), r.kind, r.day, coalesce(r.station_id, ''), coalesce(s.name, ''), r.place, r.visitors, r.notes, r.created_at, r.updated_at,
	(SELECT count(*) FROM cases c WHERE c.reception_id = r.id)`

func scanReception(sc scanner) (Reception, error) {
	var r Reception
	var c, u string
	err := sc.Scan(&r.ID, &r.DutyID, &r.Kind, &r.Day, &r.StationID, &r.StationNm, &r.Place, &r.Visitors, &r.Notes, &c, &u, &r.CaseCount)
	r.CreatedAt, r.UpdatedAt = parseStamp(c), parseStamp(u)
	return r, err
}

func getReception(ctx context.Context, q queryer, id string) (Reception, error) {
	r, err := scanReception(q.QueryRowContext(ctx, `SELECT `+receptionCols+` FROM reception r LEFT JOIN station s ON s.id = r.station_id WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("store: reception %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("store: read reception %s: %w", id, err)
	}
	return r, fillReceptionDeputies(ctx, q, []*Reception{&r})
}

// fillReceptionDeputies loads who was present, ordered by name.
func fillReceptionDeputies(ctx context.Context, q queryer, rs []*Reception) error {
	if len(rs) == 0 {
		return nil
	}
	byID := make(map[string]*Reception, len(rs))
	args := make([]any, len(rs))
	for i, r := range rs {
		byID[r.ID] = r
		r.DeputyIDs, r.DeputyNames = nil, nil
		args[i] = r.ID
	}
	var rows *sql.Rows
	var err error
	if len(rs) == 1 {
		rows, err = q.QueryContext(ctx, `SELECT rd.reception_id, d.id, d.name FROM reception_deputy rd JOIN deputy d ON d.id = rd.deputy_id
			WHERE rd.reception_id = ? ORDER BY d.name`, args...)
	} else {
		// A JSON array avoids building a statement with thousands of ?.
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.ID
		}
		rows, err = q.QueryContext(ctx, `SELECT rd.reception_id, d.id, d.name FROM reception_deputy rd JOIN deputy d ON d.id = rd.deputy_id
			WHERE rd.reception_id IN (SELECT value FROM json_each(?)) ORDER BY d.name`, jsonList(ids))
	}
	if err != nil {
		return fmt.Errorf("store: read reception deputies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rid, did, name string
		if err := rows.Scan(&rid, &did, &name); err != nil {
			return err
		}
		if r := byID[rid]; r != nil {
			r.DeputyIDs = append(r.DeputyIDs, did)
			r.DeputyNames = append(r.DeputyNames, name)
		}
	}
	return rows.Err()
}

func jsonList(ss []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s))
		b.WriteByte('"')
	}
	b.WriteByte(']')
	return b.String()
}

// Reception returns one reception with the deputies present.
func (db *DB) Reception(ctx context.Context, id string) (Reception, error) {
	return getReception(ctx, db.r, id)
}

// ReceptionFilter selects receptions; zero fields match everything.
type ReceptionFilter struct {
	From, To  string // YYYY-MM-DD inclusive
	StationID string
	DeputyID  string
}

// Receptions lists receptions by day, then creation.
func (db *DB) Receptions(ctx context.Context, f ReceptionFilter) ([]Reception, error) {
	q := `SELECT ` + receptionCols + ` FROM reception r LEFT JOIN station s ON s.id = r.station_id WHERE 1=1`
	var args []any
	if f.From != "" {
		q += ` AND r.day >= ?`
		args = append(args, f.From)
	}
	if f.To != "" {
		q += ` AND r.day <= ?`
		args = append(args, f.To)
	}
	if f.StationID != "" {
		q += ` AND r.station_id = ?`
		args = append(args, f.StationID)
	}
	if f.DeputyID != "" {
		q += ` AND r.id IN (SELECT reception_id FROM reception_deputy WHERE deputy_id = ?)`
		args = append(args, f.DeputyID)
	}
	q += ` ORDER BY r.day, r.created_at`
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list receptions: %w", err)
	}
	defer rows.Close()
	var out []Reception
	for rows.Next() {
		r, err := scanReception(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan reception: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ptrs := make([]*Reception, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, fillReceptionDeputies(ctx, db.r, ptrs)
}

// SaveReception creates (empty ID) or updates a reception and who was present.
func (db *DB) SaveReception(ctx context.Context, r *Reception) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.saveReception(ctx, r) })
}

func (tx *Tx) saveReception(ctx context.Context, r *Reception) error {
	if r.DutyID != "" {
		d, err := getDuty(ctx, tx, r.DutyID)
		if errors.Is(err, ErrNotFound) {
			return &ValidationError{Errors: []FieldError{{Field: "DutyID", Label: "值班安排", Message: "所选值班安排不存在"}}}
		}
		if err != nil {
			return err
		}
		if r.StationID != d.StationID {
			return &ValidationError{Errors: []FieldError{{Field: "StationID", Label: "联络站点", Message: "与值班安排的站点不一致"}}}
		}
		// A held duty survives roster regeneration.
		if _, err := tx.ExecContext(ctx, `UPDATE duty SET held = 1, updated_at = ? WHERE id = ? AND held = 0`, stamp(tx.now), d.ID); err != nil {
			return fmt.Errorf("store: mark duty held: %w", err)
		}
	}
	if r.StationID != "" {
		if _, err := getStation(ctx, tx, r.StationID); err != nil {
			return &ValidationError{Errors: []FieldError{{Field: "StationID", Label: "联络站点", Message: "所选站点不存在"}}}
		}
	}
	for _, id := range r.DeputyIDs {
		if _, err := getDeputy(ctx, tx, id); err != nil {
			return &ValidationError{Errors: []FieldError{{Field: "DeputyIDs", Label: "到场代表", Message: "所选代表不存在"}}}
		}
	}
	var old *Reception
	if r.ID == "" {
		r.ID = NewID()
		r.CreatedAt, r.UpdatedAt = tx.now, tx.now
		if _, err := tx.ExecContext(ctx, `INSERT INTO reception(id, duty_id, kind, day, station_id, place, visitors, notes, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, r.ID, nullable(r.DutyID), r.Kind, r.Day, nullable(r.StationID), r.Place, r.Visitors, r.Notes,
			stamp(tx.now), stamp(tx.now)); err != nil {
			return fmt.Errorf("store: create reception: %w", err)
		}
	} else {
		o, err := getReception(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		old = &o
		r.CreatedAt, r.UpdatedAt = o.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE reception SET duty_id=?, kind=?, day=?, station_id=?, place=?, visitors=?, notes=?, updated_at=? WHERE id=?`,
			nullable(r.DutyID), r.Kind, r.Day, nullable(r.StationID), r.Place, r.Visitors, r.Notes, stamp(tx.now), r.ID); err != nil {
			return fmt.Errorf("store: update reception %s: %w", r.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM reception_deputy WHERE reception_id = ?`, r.ID); err != nil {
			return fmt.Errorf("store: update reception deputies: %w", err)
		}
		// Cases copy day and station for fast filters; keep them in step.
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET day = ?, station_id = ? WHERE reception_id = ?`, r.Day, nullable(r.StationID), r.ID); err != nil {
			return fmt.Errorf("store: update reception cases: %w", err)
		}
	}
	for _, id := range r.DeputyIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reception_deputy(reception_id, deputy_id) VALUES (?, ?)`, r.ID, id); err != nil {
			return fmt.Errorf("store: add reception deputy: %w", err)
		}
	}
	saved, err := getReception(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	r.DeputyIDs, r.DeputyNames, r.StationNm, r.CaseCount = saved.DeputyIDs, saved.DeputyNames, saved.StationNm, saved.CaseCount
	summary := r.Day + " " + r.Kind
	if old == nil {
		return tx.logChange(ctx, "reception", r.ID, "create", summary, nil, r)
	}
	return tx.logChange(ctx, "reception", r.ID, "update", summary, old, r)
}

// ReceptionForDuty returns a new, unsaved reception pre-filled from a roster
// duty: its station and day, and the deputies who came — those marked 请假
// or 缺席 left out, a 替班 replaced by who stood in. The secretary corrects
// it before saving.
func (db *DB) ReceptionForDuty(ctx context.Context, dutyID string) (Reception, error) {
	d, err := getDuty(ctx, db.r, dutyID)
	if err != nil {
		return Reception{}, err
	}
	r := Reception{DutyID: d.ID, Kind: "接待日", Day: d.Date, StationID: d.StationID}
	for _, id := range d.DeputyIDs {
		m := d.Marks[id]
		switch m.Status {
		case AttendLeave, AttendAbsent:
			continue
		case AttendSubstituted:
			if m.SubstituteID != "" {
				id = m.SubstituteID
			}
		}
		r.DeputyIDs = append(r.DeputyIDs, id)
	}
	r.DeputyIDs = uniqueStrings(r.DeputyIDs)
	return r, nil
}

// DeleteReception moves a reception, with its cases, to the 回收站.
func (db *DB) DeleteReception(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getReception(ctx, tx, id)
		if err != nil {
			return err
		}
		ids, err := column(ctx, tx, `SELECT id FROM cases WHERE reception_id = ?`, id)
		if err != nil {
			return err
		}
		for _, cid := range ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM case_fts WHERE rowid = (SELECT rid FROM cases WHERE id = ?)`, cid); err != nil {
				return fmt.Errorf("store: delete case index: %w", err)
			}
		}
		label := old.Day + " " + old.Kind
		if err := tx.trash(ctx, "reception", "reception", id, label, fmt.Sprintf("含 %d 件事项", len(ids))); err != nil {
			return err
		}
		return tx.logChange(ctx, "reception", id, "delete", label, old, nil)
	})
}
