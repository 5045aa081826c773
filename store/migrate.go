package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded files NNNN_name.sql in version order.
func migrations() []migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic(err) // embedded at build time; cannot fail at run time
	}
	var ms []migration
	for _, e := range entries {
		base := strings.TrimSuffix(e.Name(), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("store: migration file without a number: " + e.Name())
		}
		b, err := migrationFS.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms
}

func latestVersion() int {
	ms := migrations()
	return ms[len(ms)-1].version
}

// migrate applies every migration the database lacks, each together with its
// bookkeeping row in one transaction, and checks foreign keys after each.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	var current int
	if err := db.w.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if latest := latestVersion(); current > latest {
		return &NewerSchemaError{Found: current, Known: latest}
	}
	// Apply every migration not yet recorded, not only those above the
	// highest: a number skipped by an earlier build is still applied.
	done, err := column(ctx, db.w, `SELECT CAST(version AS TEXT) FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("store: read schema versions: %w", err)
	}
	applied := map[string]bool{}
	for _, v := range done {
		applied[v] = true
	}
	pending := 0
	for _, m := range migrations() {
		if !applied[strconv.Itoa(m.version)] {
			pending++
		}
	}
	if current > 0 && pending > 0 {
		// A schema change on a database with data: keep a copy first.
		if _, err := db.Backup(ctx, fmt.Sprintf("before-migration-v%d", current)); err != nil {
			return fmt.Errorf("store: backup before migration: %w", err)
		}
	}
	for _, m := range migrations() {
		if applied[strconv.Itoa(m.version)] {
			continue
		}
		err := db.update(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, stamp(tx.now)); err != nil {
				return err
			}
			rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
			if err != nil {
				return err
			}
			defer rows.Close()
			if rows.Next() {
				return fmt.Errorf("foreign key check failed")
			}
			return rows.Err()
		})
		if err != nil {
			return fmt.Errorf("store: migration %04d_%s: %w", m.version, m.name, err)
		}
	}
	return nil
}

// SchemaVersion reports the version the database is at.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.r.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}
