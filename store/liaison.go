package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"deputydesk/store/calendar"
)

// 双联系: contacts (部门负责人, 常委会组成人员) paired with deputies, their
// visits and the period rule 每半年至少走访一次.

func init() {
	EntityNames["liaison_pair"] = "双联系结对"
	EntityNames["liaison_visit"] = "双联系走访"
	changeFields["liaison_pair"] = map[string]string{"Contact": "联系人", "ContactPost": "单位职务", "DeputyID": "联系代表",
		"Since": "结对日期", "Notes": "备注"}
	changeFields["liaison_visit"] = map[string]string{"PairID": "结对", "Day": "走访日期", "How": "方式", "Opinions": "听取的意见"}
}

// VisitWays are how a visit is made.
var VisitWays = []string{"上门走访", "座谈", "电话联系", "其他"}

// LiaisonPair is one contact paired with one deputy.
type LiaisonPair struct {
	ID          string
	Contact     string // e.g. 张志强
	ContactPost string // e.g. 县交通运输局局长
	DeputyID    string
	Since       string // YYYY-MM-DD
	Notes       string
}

// Validate checks a pair and normalises it in place.
func (p *LiaisonPair) Validate() error {
	var ps problems
	p.Contact, p.ContactPost, p.Notes = Normalize(p.Contact), Normalize(p.ContactPost), strings.TrimSpace(p.Notes)
	if p.Contact == "" {
		ps.add("Contact", "联系人", "不能为空")
	}
	if p.DeputyID == "" {
		ps.add("DeputyID", "联系代表", "请选择代表")
	}
	ps.date(&p.Since, "Since", "结对日期", "请填写日期，如 2026-01-05")
	return ps.err()
}

// LiaisonVisit is one visit of a pair.
type LiaisonVisit struct {
	ID       string
	PairID   string
	Day      string
	How      string
	Opinions string
}

// Validate checks a visit and normalises it in place.
func (v *LiaisonVisit) Validate() error {
	var ps problems
	v.Opinions = strings.TrimSpace(v.Opinions)
	ps.date(&v.Day, "Day", "走访日期", "请填写日期，如 2026-11-20")
	if !validChoice(v.How, VisitWays) {
		ps.add("How", "方式", "请选择"+strings.Join(VisitWays, "、")+"之一")
	}
	return ps.err()
}

// HalfYear is the 半年 period that holds day (YYYY-MM-DD): its first and
// last day and its name, e.g. 2026年下半年.
func HalfYear(day string) (from, to, label string) {
	y, m := day[:4], day[5:7]
	if m <= "06" {
		return y + "-01-01", y + "-06-30", y + "年上半年"
	}
	return y + "-07-01", y + "-12-31", y + "年下半年"
}

// PairStatus is a pair with how its visits stand in the period.
type PairStatus struct {
	Pair        LiaisonPair
	DeputyName  string
	Visits      int    // visits in the period
	LastVisit   string // the latest visit ever, "" if none
	PeriodLabel string
	PeriodEnd   string
}

// Behind reports whether the pair has not yet visited in the period.
func (s PairStatus) Behind() bool { return s.Visits == 0 }

// LiaisonPairs lists every pair with its standing in the half-year that
// holds today (YYYY-MM-DD), by contact then deputy.
func (db *DB) LiaisonPairs(ctx context.Context, today string) ([]PairStatus, error) {
	from, to, label := HalfYear(today)
	out, err := queryAll(ctx, db.r, func(r scanner) (PairStatus, error) {
		s := PairStatus{PeriodLabel: label, PeriodEnd: to}
		p := &s.Pair
		err := r.Scan(&p.ID, &p.Contact, &p.ContactPost, &p.DeputyID, &p.Since, &p.Notes, &s.DeputyName, &s.Visits, &s.LastVisit)
		return s, err
	}, `SELECT p.id, p.contact, p.contact_post, p.deputy_id, p.since, p.notes, d.name,
		(SELECT count(*) FROM liaison_visit v WHERE v.pair_id = p.id AND v.day BETWEEN ? AND ?),
		coalesce((SELECT max(v.day) FROM liaison_visit v WHERE v.pair_id = p.id), '')
		FROM liaison_pair p JOIN deputy d ON d.id = p.deputy_id`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: read liaison pairs: %w", err)
	}
	SortChinese(out, func(s PairStatus) string { return s.Pair.Contact + " " + s.DeputyName })
	return out, nil
}

// LiaisonBehind lists the pairs with no visit yet in today's half-year.
func (db *DB) LiaisonBehind(ctx context.Context, today string) ([]PairStatus, error) {
	all, err := db.LiaisonPairs(ctx, today)
	if err != nil {
		return nil, err
	}
	var out []PairStatus
	for _, s := range all {
		if s.Behind() {
			out = append(out, s)
		}
	}
	return out, nil
}

func getPair(ctx context.Context, q queryer, id string) (LiaisonPair, string, error) {
	var p LiaisonPair
	var name string
	err := q.QueryRowContext(ctx, `SELECT p.id, p.contact, p.contact_post, p.deputy_id, p.since, p.notes, d.name
		FROM liaison_pair p JOIN deputy d ON d.id = p.deputy_id WHERE p.id = ?`, id).
		Scan(&p.ID, &p.Contact, &p.ContactPost, &p.DeputyID, &p.Since, &p.Notes, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return p, "", fmt.Errorf("store: liaison pair %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return p, "", fmt.Errorf("store: read liaison pair: %w", err)
	}
	return p, name, nil
}

// LiaisonPair returns one pair.
func (db *DB) LiaisonPair(ctx context.Context, id string) (LiaisonPair, error) {
	p, _, err := getPair(ctx, db.r, id)
	return p, err
}

// SaveLiaisonPair creates or updates a pair; a contact is paired with a
// deputy once.
func (db *DB) SaveLiaisonPair(ctx context.Context, p *LiaisonPair) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		d, err := getDeputy(ctx, tx, p.DeputyID)
		if err != nil {
			return err
		}
		var dup string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM liaison_pair WHERE contact = ? AND deputy_id = ? AND id <> ?`, p.Contact, p.DeputyID, p.ID).Scan(&dup); err == nil {
			return &ValidationError{Errors: []FieldError{{Field: "DeputyID", Label: "联系代表", Message: p.Contact + "已与" + d.Name + "结对"}}}
		}
		summary := p.Contact + "—" + d.Name
		if p.ID == "" {
			p.ID = NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO liaison_pair(id, contact, contact_post, deputy_id, since, notes, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,?)`, p.ID, p.Contact, p.ContactPost, p.DeputyID, p.Since, p.Notes, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: add liaison pair: %w", err)
			}
			return tx.logChange(ctx, "liaison_pair", p.ID, "create", summary, nil, p)
		}
		old, _, err := getPair(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE liaison_pair SET contact=?, contact_post=?, deputy_id=?, since=?, notes=?, updated_at=? WHERE id=?`,
			p.Contact, p.ContactPost, p.DeputyID, p.Since, p.Notes, stamp(tx.now), p.ID); err != nil {
			return fmt.Errorf("store: update liaison pair: %w", err)
		}
		return tx.logChange(ctx, "liaison_pair", p.ID, "update", summary, old, p)
	})
}

// LiaisonPairImpact says what deleting a pair also removes.
func (db *DB) LiaisonPairImpact(ctx context.Context, id string) (string, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM liaison_visit WHERE pair_id = ?`, id).Scan(&n); err != nil {
		return "", fmt.Errorf("store: count visits: %w", err)
	}
	if n == 0 {
		return "", nil
	}
	return fmt.Sprintf("%d 次走访记录将一并移入回收站", n), nil
}

// DeleteLiaisonPair moves a pair and its visits to the 回收站.
func (db *DB) DeleteLiaisonPair(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		p, name, err := getPair(ctx, tx, id)
		if err != nil {
			return err
		}
		summary := p.Contact + "—" + name
		if err := tx.trash(ctx, "liaison_pair", "liaison_pair", id, summary, ""); err != nil {
			return err
		}
		return tx.logChange(ctx, "liaison_pair", id, "delete", summary, p, nil)
	})
}

// LiaisonVisits lists a pair's visits, newest first; pairID "" lists every
// visit of a deputy given by deputyID.
func (db *DB) LiaisonVisits(ctx context.Context, pairID, deputyID string) ([]LiaisonVisit, error) {
	q := `SELECT v.id, v.pair_id, v.day, v.how, v.opinions FROM liaison_visit v JOIN liaison_pair p ON p.id = v.pair_id WHERE `
	arg := pairID
	if pairID != "" {
		q += `v.pair_id = ?`
	} else {
		q += `p.deputy_id = ?`
		arg = deputyID
	}
	return queryAll(ctx, db.r, func(r scanner) (LiaisonVisit, error) {
		var v LiaisonVisit
		return v, r.Scan(&v.ID, &v.PairID, &v.Day, &v.How, &v.Opinions)
	}, q+` ORDER BY v.day DESC, v.id`, arg)
}

func getVisit(ctx context.Context, q queryer, id string) (LiaisonVisit, error) {
	var v LiaisonVisit
	err := q.QueryRowContext(ctx, `SELECT id, pair_id, day, how, opinions FROM liaison_visit WHERE id = ?`, id).
		Scan(&v.ID, &v.PairID, &v.Day, &v.How, &v.Opinions)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("store: liaison visit %s: %w", id, ErrNotFound)
	}
	return v, err
}

// SaveLiaisonVisit records or updates a visit.
func (db *DB) SaveLiaisonVisit(ctx context.Context, v *LiaisonVisit) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		p, name, err := getPair(ctx, tx, v.PairID)
		if err != nil {
			return err
		}
		if v.Day > tx.now.In(calendar.Beijing).Format("2006-01-02") {
			return &ValidationError{Errors: []FieldError{{Field: "Day", Label: "走访日期", Message: "不能晚于今天"}}}
		}
		summary := p.Contact + "—" + name + " " + FormatDate(v.Day)
		if v.ID == "" {
			v.ID = NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO liaison_visit(id, pair_id, day, how, opinions, created_at, updated_at) VALUES (?,?,?,?,?,?,?)`,
				v.ID, v.PairID, v.Day, v.How, v.Opinions, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: add liaison visit: %w", err)
			}
			return tx.logChange(ctx, "liaison_visit", v.ID, "create", summary, nil, v)
		}
		old, err := getVisit(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE liaison_visit SET day=?, how=?, opinions=?, updated_at=? WHERE id=?`,
			v.Day, v.How, v.Opinions, stamp(tx.now), v.ID); err != nil {
			return fmt.Errorf("store: update liaison visit: %w", err)
		}
		return tx.logChange(ctx, "liaison_visit", v.ID, "update", summary, old, v)
	})
}

// DeleteLiaisonVisit moves a visit to the 回收站.
func (db *DB) DeleteLiaisonVisit(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		v, err := getVisit(ctx, tx, id)
		if err != nil {
			return err
		}
		p, name, err := getPair(ctx, tx, v.PairID)
		if err != nil {
			return err
		}
		summary := p.Contact + "—" + name + " " + FormatDate(v.Day)
		if err := tx.trash(ctx, "liaison_visit", "liaison_visit", id, summary, ""); err != nil {
			return err
		}
		return tx.logChange(ctx, "liaison_visit", id, "delete", summary, v, nil)
	})
}
