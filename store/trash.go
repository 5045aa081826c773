package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The 回收站 works for any table: before a row is deleted, the row and
// everything SQLite would delete or clear with it (ON DELETE CASCADE
// children, recursively, and ON DELETE SET NULL references) are captured
// by reading the foreign keys from the schema itself, so a table added by a
// later migration is covered without code here knowing it.

// trashRow is one captured row.
type trashRow struct {
	Table string         `json:"table"`
	Cols  []string       `json:"cols"`
	Vals  []trashedValue `json:"vals"`
}

// trashedNull is a reference that ON DELETE SET NULL cleared.
type trashedNull struct {
	Table string       `json:"table"`
	RowID int64        `json:"rowid"`
	Col   string       `json:"col"`
	Val   trashedValue `json:"val"`
}

type trashPayload struct {
	Rows  []trashRow    `json:"rows"` // parents before children
	Nulls []trashedNull `json:"nulls"`
}

// trashedValue keeps a SQLite value's type through JSON.
type trashedValue struct {
	Int   *int64   `json:"i,omitempty"`
	Float *float64 `json:"f,omitempty"`
	Text  *string  `json:"s,omitempty"`
	Blob  *string  `json:"b,omitempty"` // base64
}

func toTrashed(v any) trashedValue {
	switch x := v.(type) {
	case int64:
		return trashedValue{Int: &x}
	case float64:
		return trashedValue{Float: &x}
	case string:
		return trashedValue{Text: &x}
	case []byte:
		s := base64.StdEncoding.EncodeToString(x)
		return trashedValue{Blob: &s}
	case time.Time:
		s := stamp(x)
		return trashedValue{Text: &s}
	case bool:
		var i int64
		if x {
			i = 1
		}
		return trashedValue{Int: &i}
	}
	return trashedValue{}
}

func (v trashedValue) value() any {
	switch {
	case v.Int != nil:
		return *v.Int
	case v.Float != nil:
		return *v.Float
	case v.Text != nil:
		return *v.Text
	case v.Blob != nil:
		b, _ := base64.StdEncoding.DecodeString(*v.Blob)
		return b
	}
	return nil
}

type foreignKey struct {
	child, from, to, onDelete string
}

// foreignKeys reads the schema's foreign keys once, grouped by the table
// they point at, so capturing a record with thousands of child rows does not
// ask SQLite for the schema again for each row.
func foreignKeys(ctx context.Context, tx *Tx) (map[string][]foreignKey, error) {
	tables, err := column(ctx, tx, `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return nil, err
	}
	out := map[string][]foreignKey{}
	for _, t := range tables {
		rows, err := tx.QueryContext(ctx, `SELECT "table", "from", coalesce("to", ''), on_delete FROM pragma_foreign_key_list(?)`, t)
		if err != nil {
			continue // virtual tables (FTS) have no foreign keys to list
		}
		for rows.Next() {
			var parent string
			fk := foreignKey{child: t}
			if err := rows.Scan(&parent, &fk.from, &fk.to, &fk.onDelete); err != nil {
				rows.Close()
				return nil, err
			}
			if fk.to == "" {
				fk.to = "id"
			}
			out[parent] = append(out[parent], fk)
		}
		rows.Close()
	}
	return out, nil
}

// selectRows reads whole rows of table where col = val, with their rowid.
func selectRows(ctx context.Context, tx *Tx, table, col string, val any) ([]trashRow, []int64, error) {
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT rowid, * FROM %q WHERE %q = ?`, table, col), val)
	if err != nil {
		return nil, nil, fmt.Errorf("store: capture %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	var out []trashRow
	var ids []int64
	for rows.Next() {
		vals, err := scanValues(rows, len(cols))
		if err != nil {
			return nil, nil, err
		}
		r := trashRow{Table: table, Cols: cols[1:]}
		for _, v := range vals[1:] {
			r.Vals = append(r.Vals, toTrashed(v))
		}
		ids = append(ids, vals[0].(int64))
		out = append(out, r)
	}
	return out, ids, rows.Err()
}

// capture collects the rows of table where col = val and, recursively,
// what deleting them would cascade to or clear.
func capture(ctx context.Context, tx *Tx, graph map[string][]foreignKey, p *trashPayload, table, col string, val any, depth int) error {
	if depth > 8 {
		return errors.New("store: capture: references nested too deep")
	}
	rows, _, err := selectRows(ctx, tx, table, col, val)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	p.Rows = append(p.Rows, rows...)
	fks := graph[table]
	for _, r := range rows {
		for _, fk := range fks {
			key := r.get(fk.to)
			switch strings.ToUpper(fk.onDelete) {
			case "CASCADE":
				if err := capture(ctx, tx, graph, p, fk.child, fk.from, key, depth+1); err != nil {
					return err
				}
			case "SET NULL":
				_, ids, err := selectRows(ctx, tx, fk.child, fk.from, key)
				if err != nil {
					return err
				}
				for _, id := range ids {
					p.Nulls = append(p.Nulls, trashedNull{Table: fk.child, RowID: id, Col: fk.from, Val: toTrashed(key)})
				}
			}
		}
	}
	return nil
}

func (r trashRow) get(col string) any {
	for i, c := range r.Cols {
		if c == col {
			return r.Vals[i].value()
		}
	}
	return nil
}

// trash captures the row of table with the given id and everything that
// goes with it, writes it to the 回收站, then deletes the row (SQLite
// cascades the rest). label and detail describe it in Chinese.
func (tx *Tx) trash(ctx context.Context, entity, table, id, label, detail string) error {
	var p trashPayload
	graph, err := foreignKeys(ctx, tx)
	if err != nil {
		return err
	}
	if err := capture(ctx, tx, graph, &p, table, "id", id, 0); err != nil {
		return err
	}
	if len(p.Rows) == 0 {
		return fmt.Errorf("store: %s %s: %w", entity, id, ErrNotFound)
	}
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("store: encode trash: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO trash(id, entity, entity_id, label, detail, deleted_at, actor, payload) VALUES (?,?,?,?,?,?,?,?)`,
		NewID(), entity, id, label, detail, stamp(tx.now), tx.who(), string(b)); err != nil {
		return fmt.Errorf("store: write trash: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %q WHERE id = ?`, table), id); err != nil {
		return fmt.Errorf("store: delete %s %s: %w", entity, id, err)
	}
	return nil
}

// TrashItem is one entry of the 回收站.
type TrashItem struct {
	ID        string
	Entity    string // deputy, group, station, duty, reception, case
	EntityID  string
	Label     string
	Detail    string
	DeletedAt time.Time
	Actor     string
}

// EntityNames gives the Chinese name of each kind of record.
var EntityNames = map[string]string{
	"deputy": "代表", "group": "代表小组", "station": "联络站点", "duty": "值班安排",
	"reception": "接待记录", "case": "群众反映事项", "township": "乡镇设置", "activity": "履职活动",
	"case_category": "事项分类", "case_handler": "承办单位", "case_urge": "催办记录", "deputy_photo": "代表照片",
	"holiday": "节假日", "holiday_year": "节假日", "leave": "请假外出", "outbox": "上报", "roster_rule": "接待日规则",
	"sync_key": "上报密钥", "sync_settings": "上报设置", "attendance": "值班到岗", "setting": "设置",
	"opinion": "社情民意", "suggestion": "代表建议", "rectification": "整改报告", "assessment_adjust": "考核加减分",
	"assessment_score": "考核评分", "assessment_year": "年度考核", "scoring_rules": "评分细则", "duty_def": "「十个一」职责",
	"county_notice": "县级通知", "county_key": "县级平台公钥",
}

// Trash lists the 回收站, newest first.
func (db *DB) Trash(ctx context.Context) ([]TrashItem, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, entity, entity_id, label, detail, deleted_at, actor FROM trash ORDER BY deleted_at DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: list trash: %w", err)
	}
	defer rows.Close()
	var out []TrashItem
	for rows.Next() {
		var t TrashItem
		var at string
		if err := rows.Scan(&t.ID, &t.Entity, &t.EntityID, &t.Label, &t.Detail, &at, &t.Actor); err != nil {
			return nil, err
		}
		t.DeletedAt = parseStamp(at)
		out = append(out, t)
	}
	return out, rows.Err()
}

// ErrRestoreConflict means a trashed record cannot come back because
// something now in the database takes its place (a new deputy with the same
// 代表证号, a group of the same name).
var ErrRestoreConflict = errors.New("store: restore conflicts with current data")

// RestoreFromTrash puts a deleted record back with everything that went
// with it, in one transaction, and removes it from the 回收站.
func (db *DB) RestoreFromTrash(ctx context.Context, trashID string) error {
	return db.update(ctx, func(tx *Tx) error {
		var entity, entityID, label, payload string
		err := tx.QueryRowContext(ctx, `SELECT entity, entity_id, label, payload FROM trash WHERE id = ?`, trashID).Scan(&entity, &entityID, &label, &payload)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: trash %s: %w", trashID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: read trash: %w", err)
		}
		var p trashPayload
		if err := json.Unmarshal([]byte(payload), &p); err != nil {
			return fmt.Errorf("store: decode trash: %w", err)
		}
		for _, r := range p.Rows {
			args := make([]any, len(r.Vals))
			quoted := make([]string, len(r.Cols))
			for i, v := range r.Vals {
				args[i] = v.value()
				quoted[i] = fmt.Sprintf("%q", r.Cols[i])
			}
			q := fmt.Sprintf(`INSERT INTO %q(%s) VALUES (%s)`, r.Table, strings.Join(quoted, ","), strings.TrimSuffix(strings.Repeat("?,", len(args)), ","))
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				if strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "FOREIGN KEY") {
					return fmt.Errorf("%w: %s: %v", ErrRestoreConflict, r.Table, err)
				}
				return fmt.Errorf("store: restore %s: %w", r.Table, err)
			}
		}
		// The case search index is derived data, not captured: rebuild it
		// for every case that came back.
		for _, r := range p.Rows {
			if id, ok := r.get("id").(string); ok && r.Table == "cases" {
				if err := tx.refreshCase(ctx, id); err != nil {
					return err
				}
			}
		}
		for _, n := range p.Nulls {
			// Only put the reference back where nobody has set a new one.
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE %q SET %q = ? WHERE rowid = ? AND %q IS NULL`, n.Table, n.Col, n.Col),
				n.Val.value(), n.RowID); err != nil {
				return fmt.Errorf("store: restore reference %s.%s: %w", n.Table, n.Col, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM trash WHERE id = ?`, trashID); err != nil {
			return fmt.Errorf("store: remove from trash: %w", err)
		}
		return tx.logChange(ctx, entity, entityID, "create", "从回收站恢复："+label, nil, nil)
	})
}

// PurgeTrash permanently removes entries deleted before the given time.
func (db *DB) PurgeTrash(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM trash WHERE deleted_at < ?`, stamp(before))
		if err != nil {
			return fmt.Errorf("store: purge trash: %w", err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return int(n), err
}
