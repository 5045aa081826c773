package store

import (
	"context"
	"fmt"
	"strings"
)

// TableDump is one table's rows for the 全部数据导出 workbook.
type TableDump struct {
	Name    string
	Columns []string
	Rows    [][]any
}

// dumpSkipped are tables that are no use to a person reading the data
// (indexes of the full-text search, bookkeeping) or must never leave the
// program (the township's private signing key).
func dumpSkipped(name string) bool {
	switch name {
	case "sqlite_sequence", "schema_migrations", "sync_key":
		return true
	}
	return strings.HasSuffix(name, "_fts") || strings.Contains(name, "_fts_")
}

// Dump calls visit with every table that holds the township's data, one at
// a time, in a stable order. Binary columns (photos, bundles) are replaced
// by their size so the workbook stays readable.
func (db *DB) Dump(ctx context.Context, visit func(TableDump) error) error {
	names, err := column(ctx, db.r, `SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name`)
	if err != nil {
		return err
	}
	for _, name := range names {
		if dumpSkipped(name) {
			continue
		}
		rows, err := db.r.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM %q`, name))
		if err != nil {
			return fmt.Errorf("store: dump %s: %w", name, err)
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return err
		}
		t := TableDump{Name: name, Columns: cols}
		for rows.Next() {
			vals, err := scanValues(rows, len(cols))
			if err != nil {
				rows.Close()
				return err
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = fmt.Sprintf("（二进制数据 %d 字节）", len(b))
				}
			}
			t.Rows = append(t.Rows, vals)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := visit(t); err != nil {
			return err
		}
	}
	return nil
}

// DumpNames returns the name of every deputy, group, station and activity,
// the number of every case and the title of every 民生实事 item and 点位 by
// ID, so the 全部数据导出 workbook can show a name beside each ID.
func (db *DB) DumpNames(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, q := range []string{`SELECT id, name FROM deputy`, `SELECT id, name FROM deputy_group`,
		`SELECT id, name FROM station`, `SELECT id, topic FROM activity`, `SELECT id, no FROM cases`,
		`SELECT id, title FROM project`, `SELECT id, location FROM project_site`} {
		rows, err := db.r.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("store: dump names: %w", err)
		}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
