package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// Change is one row of the change log.
type Change struct {
	Seq      int64
	At       time.Time
	Actor    string
	Entity   string
	EntityID string
	Action   string
	Summary  string
	// Changes maps each changed field to [old, new].
	Changes map[string][2]any
}

// logChange writes one change-log row inside tx. old or new may be nil for
// create and delete. Fields tagged `log:"-"` are left out (photos, secrets).
func (tx *Tx) logChange(ctx context.Context, entity, id, action, summary string, old, new any) error {
	diff := diffFields(old, new)
	if action == "update" && len(diff) == 0 {
		return nil
	}
	b, err := json.Marshal(diff)
	if err != nil {
		return fmt.Errorf("store: encode change: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO change_log(at, actor, entity, entity_id, action, summary, changes)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, stamp(tx.now), tx.who(), entity, id, action, summary, string(b))
	if err != nil {
		return fmt.Errorf("store: write change log: %w", err)
	}
	return nil
}

// diffFields compares two structs of the same type field by field.
func diffFields(old, new any) map[string][2]any {
	out := map[string][2]any{}
	ov, nv := structValue(old), structValue(new)
	var t reflect.Type
	switch {
	case ov.IsValid():
		t = ov.Type()
	case nv.IsValid():
		t = nv.Type()
	default:
		return out
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Tag.Get("log") == "-" {
			continue
		}
		var a, b any
		if ov.IsValid() {
			a = ov.Field(i).Interface()
		}
		if nv.IsValid() {
			b = nv.Field(i).Interface()
		}
		if !reflect.DeepEqual(a, b) {
			out[f.Name] = [2]any{a, b}
		}
	}
	return out
}

func structValue(v any) reflect.Value {
	if v == nil {
		return reflect.Value{}
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return reflect.Value{}
		}
		rv = rv.Elem()
	}
	return rv
}

// ChangeFilter selects change-log rows; zero fields match everything.
type ChangeFilter struct {
	Entity   string
	EntityID string
	Query    string // matches the summary (a name) or the actor
	Action   string // create, update, delete
	Limit    int
}

// Changes returns change-log rows, newest first.
func (db *DB) Changes(ctx context.Context, f ChangeFilter) ([]Change, error) {
	q := `SELECT seq, at, actor, entity, entity_id, action, summary, changes FROM change_log WHERE 1=1`
	var args []any
	if f.Entity != "" {
		q += ` AND entity = ?`
		args = append(args, f.Entity)
	}
	if f.EntityID != "" {
		q += ` AND entity_id = ?`
		args = append(args, f.EntityID)
	}
	if f.Action != "" {
		q += ` AND action = ?`
		args = append(args, f.Action)
	}
	if s := Normalize(f.Query); s != "" {
		q += ` AND (summary LIKE ? ESCAPE '\' OR actor LIKE ? ESCAPE '\')`
		like := "%" + escapeLike(s) + "%"
		args = append(args, like, like)
	}
	q += ` ORDER BY seq DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var at, changes string
		if err := rows.Scan(&c.Seq, &at, &c.Actor, &c.Entity, &c.EntityID, &c.Action, &c.Summary, &changes); err != nil {
			return nil, err
		}
		c.At = parseStamp(at)
		if err := json.Unmarshal([]byte(changes), &c.Changes); err != nil {
			return nil, fmt.Errorf("store: decode change %d: %w", c.Seq, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
