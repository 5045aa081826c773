package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Group is a 代表小组: deputies of mixed levels who work together, with a
// 组长 who must be a member.
type Group struct {
	ID        string
	Name      string
	LeaderID  string
	MemberIDs []string
	Notes     string
	CreatedAt time.Time `log:"-"`
	UpdatedAt time.Time `log:"-"`
}

// Validate checks a group and normalises it in place.
func (g *Group) Validate() error {
	var p problems
	g.Name = Normalize(g.Name)
	if g.Name == "" {
		p.add("Name", "小组名称", "不能为空")
	}
	g.MemberIDs = uniqueStrings(g.MemberIDs)
	if g.LeaderID != "" && !validChoice(g.LeaderID, g.MemberIDs) {
		p.add("LeaderID", "组长", "组长必须是本小组成员")
	}
	return p.err()
}

func uniqueStrings(in []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func getGroup(ctx context.Context, q queryer, id string) (Group, error) {
	var g Group
	var leader sql.NullString
	var c, u string
	err := q.QueryRowContext(ctx, `SELECT id, name, leader_id, notes, created_at, updated_at FROM deputy_group WHERE id = ?`, id).
		Scan(&g.ID, &g.Name, &leader, &g.Notes, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return g, fmt.Errorf("store: group %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return g, fmt.Errorf("store: read group %s: %w", id, err)
	}
	g.LeaderID, g.CreatedAt, g.UpdatedAt = leader.String, parseStamp(c), parseStamp(u)
	g.MemberIDs, err = column(ctx, q, `SELECT m.deputy_id FROM group_member m JOIN deputy d ON d.id = m.deputy_id
		WHERE m.group_id = ? ORDER BY d.name`, id)
	return g, err
}

// column runs a query returning one text column.
func column(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: query: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Group returns one group with its members.
func (db *DB) Group(ctx context.Context, id string) (Group, error) { return getGroup(ctx, db.r, id) }

// Groups lists every group, by pinyin of name, with members.
func (db *DB) Groups(ctx context.Context) ([]Group, error) {
	ids, err := column(ctx, db.r, `SELECT id FROM deputy_group`)
	if err != nil {
		return nil, err
	}
	out := make([]Group, 0, len(ids))
	for _, id := range ids {
		g, err := getGroup(ctx, db.r, id)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	SortChinese(out, func(g Group) string { return g.Name })
	return out, nil
}

// GroupNamesByDeputy maps each deputy ID to the names of their groups.
func (db *DB) GroupNamesByDeputy(ctx context.Context) (map[string][]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT m.deputy_id, g.name FROM group_member m JOIN deputy_group g ON g.id = m.group_id ORDER BY g.name`)
	if err != nil {
		return nil, fmt.Errorf("store: group names: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var d, n string
		if err := rows.Scan(&d, &n); err != nil {
			return nil, err
		}
		out[d] = append(out[d], n)
	}
	return out, rows.Err()
}

// SaveGroup creates or updates a group and its membership in one transaction.
func (db *DB) SaveGroup(ctx context.Context, g *Group) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.saveGroup(ctx, g) })
}

func (tx *Tx) saveGroup(ctx context.Context, g *Group) error {
	var dup string
	err := tx.QueryRowContext(ctx, `SELECT id FROM deputy_group WHERE name = ? AND id <> ?`, g.Name, g.ID).Scan(&dup)
	if err == nil {
		return &ValidationError{Errors: []FieldError{{Field: "Name", Label: "小组名称", Message: "已有同名的代表小组"}}}
	}
	for _, id := range g.MemberIDs {
		if _, err := getDeputy(ctx, tx, id); err != nil {
			return err
		}
	}
	var old *Group
	if g.ID == "" {
		g.ID = NewID()
		g.CreatedAt, g.UpdatedAt = tx.now, tx.now
		if _, err := tx.ExecContext(ctx, `INSERT INTO deputy_group(id, name, leader_id, notes, created_at, updated_at) VALUES (?,?,?,?,?,?)`,
			g.ID, g.Name, nullable(g.LeaderID), g.Notes, stamp(tx.now), stamp(tx.now)); err != nil {
			return fmt.Errorf("store: create group: %w", err)
		}
	} else {
		o, err := getGroup(ctx, tx, g.ID)
		if err != nil {
			return err
		}
		old = &o
		g.CreatedAt, g.UpdatedAt = o.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE deputy_group SET name=?, leader_id=?, notes=?, updated_at=? WHERE id=?`,
			g.Name, nullable(g.LeaderID), g.Notes, stamp(tx.now), g.ID); err != nil {
			return fmt.Errorf("store: update group: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM group_member WHERE group_id = ?`, g.ID); err != nil {
			return fmt.Errorf("store: update group members: %w", err)
		}
	}
	for _, id := range g.MemberIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO group_member(group_id, deputy_id) VALUES (?, ?)`, g.ID, id); err != nil {
			return fmt.Errorf("store: add group member: %w", err)
		}
	}
	// Compare membership as sets: order is not a change.
	saved, err := getGroup(ctx, tx, g.ID)
	if err != nil {
		return err
	}
	g.MemberIDs = saved.MemberIDs
	if old == nil {
		return tx.logChange(ctx, "group", g.ID, "create", g.Name, nil, g)
	}
	return tx.logChange(ctx, "group", g.ID, "update", g.Name, old, g)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// GroupImpact describes, in Chinese, what deleting a group also changes.
func (db *DB) GroupImpact(ctx context.Context, id string) (string, error) {
	g, err := db.Group(ctx, id)
	if err != nil {
		return "", err
	}
	stations, err := column(ctx, db.r, `SELECT s.name FROM station s JOIN station_group sg ON sg.station_id = s.id WHERE sg.group_id = ? ORDER BY s.name`, id)
	if err != nil {
		return "", err
	}
	var parts []string
	if n := len(g.MemberIDs); n > 0 {
		// Name the members so the secretary sees whom it concerns; a long
		// list is cut so the dialog stays readable.
		names, err := column(ctx, db.r, `SELECT d.name FROM deputy d JOIN group_member m ON m.deputy_id = d.id WHERE m.group_id = ?`, id)
		if err != nil {
			return "", err
		}
		SortChinese(names, func(s string) string { return s })
		list := strings.Join(names, "、")
		if len(names) > 12 {
			list = strings.Join(names[:12], "、") + "等"
		}
		parts = append(parts, fmt.Sprintf("本小组的%d名成员（%s）将不再属于本小组（代表本人不会被删除）", n, list))
	}
	if len(stations) > 0 {
		parts = append(parts, "以下联络站将不再安排本小组进站："+strings.Join(stations, "、"))
	}
	return strings.Join(parts, "；"), nil
}

// DeleteGroup moves a group, with its membership and station links, to the
// 回收站.
func (db *DB) DeleteGroup(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getGroup(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.trash(ctx, "group", "deputy_group", id, old.Name, ""); err != nil {
			return err
		}
		return tx.logChange(ctx, "group", id, "delete", old.Name, old, nil)
	})
}
