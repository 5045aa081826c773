package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ProjectSite is one 点位 of a chosen 民生实事 item, led by named deputies
// and checked off (销号) once done.
type ProjectSite struct {
	ID         string
	ProjectID  string
	Position   int
	Location   string
	Content    string
	PlannedDay string
	DoneDay    string // 销号日期, "" while open
	Evidence   string // 销号说明
	DeputyIDs  []string
	CreatedAt  time.Time `log:"-"`
	UpdatedAt  time.Time `log:"-"`

	// Filled by reads.
	HasPhoto     bool   `log:"-"`
	ProjectTitle string `log:"-"`
	Year         int    `log:"-"`
}

// Done reports whether the 点位 is checked off.
func (s ProjectSite) Done() bool { return s.DoneDay != "" }

// Validate checks a 点位's fields and normalises them.
func (s *ProjectSite) Validate() error {
	var p problems
	s.Location, s.Content, s.Evidence = Normalize(s.Location), strings.TrimSpace(s.Content), strings.TrimSpace(s.Evidence)
	if s.ProjectID == "" {
		p.add("ProjectID", "民生实事项目", "请选择项目")
	}
	if s.Location == "" {
		p.add("Location", "点位", "不能为空")
	} else if len([]rune(s.Location)) > 60 {
		p.add("Location", "点位", "不能超过60个字")
	}
	for _, f := range []struct {
		v           *string
		field, name string
	}{{&s.PlannedDay, "PlannedDay", "计划完成日期"}, {&s.DoneDay, "DoneDay", "销号日期"}} {
		if *f.v == "" {
			continue
		}
		p.date(f.v, f.field, f.name, "日期格式应为 2026-11-22")
	}
	if len(s.DeputyIDs) == 0 {
		p.add("DeputyIDs", "责任代表", "请至少选择一名代表")
	}
	seen := map[string]bool{}
	for _, id := range s.DeputyIDs {
		if seen[id] {
			p.add("DeputyIDs", "责任代表", "同一代表选了两次")
			break
		}
		seen[id] = true
	}
	if s.DoneDay != "" && s.Evidence == "" {
		p.add("Evidence", "销号说明", "销号时请写明完成情况")
	}
	return p.err()
}

const siteCols = `s.id, s.project_id, s.position, s.location, s.content, s.planned_day, s.done_day, s.evidence, s.created_at, s.updated_at,
	EXISTS(SELECT 1 FROM project_site_photo f WHERE f.site_id = s.id), p.title, p.year,
	coalesce((SELECT group_concat(deputy_id, ',') FROM (SELECT deputy_id FROM project_site_deputy d WHERE d.site_id = s.id ORDER BY deputy_id)), '')`

func scanSite(sc scanner) (ProjectSite, error) {
	var s ProjectSite
	var c, u, ids string
	err := sc.Scan(&s.ID, &s.ProjectID, &s.Position, &s.Location, &s.Content, &s.PlannedDay, &s.DoneDay, &s.Evidence, &c, &u,
		&s.HasPhoto, &s.ProjectTitle, &s.Year, &ids)
	s.CreatedAt, s.UpdatedAt = parseStamp(c), parseStamp(u)
	if ids != "" {
		s.DeputyIDs = strings.Split(ids, ",")
	}
	return s, err
}

func getSite(ctx context.Context, q queryer, id string) (ProjectSite, error) {
	s, err := scanSite(q.QueryRowContext(ctx, `SELECT `+siteCols+` FROM project_site s JOIN project p ON p.id = s.project_id WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("store: project site %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("store: read project site %s: %w", id, err)
	}
	return s, nil
}

// ProjectSite reads one 点位.
func (db *DB) ProjectSite(ctx context.Context, id string) (ProjectSite, error) {
	return getSite(ctx, db.r, id)
}

// SiteFilter selects 点位; zero fields match everything.
type SiteFilter struct {
	ProjectID string
	Year      int
	DeputyID  string
}

// ProjectSites lists 点位 by item and position.
func (db *DB) ProjectSites(ctx context.Context, f SiteFilter) ([]ProjectSite, error) {
	q := `SELECT ` + siteCols + ` FROM project_site s JOIN project p ON p.id = s.project_id WHERE 1=1`
	var args []any
	if f.ProjectID != "" {
		q += ` AND s.project_id = ?`
		args = append(args, f.ProjectID)
	}
	if f.Year != 0 {
		q += ` AND p.year = ?`
		args = append(args, f.Year)
	}
	if f.DeputyID != "" {
		q += ` AND EXISTS(SELECT 1 FROM project_site_deputy d WHERE d.site_id = s.id AND d.deputy_id = ?)`
		args = append(args, f.DeputyID)
	}
	q += ` ORDER BY p.year, p.position, s.position`
	out, err := queryAll(ctx, db.r, scanSite, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list project sites: %w", err)
	}
	return out, nil
}

// SaveProjectSite creates (empty ID) or updates a 点位 of a chosen item.
func (db *DB) SaveProjectSite(ctx context.Context, s *ProjectSite) error {
	return db.SaveProjectSites(ctx, []*ProjectSite{s})
}

// SaveProjectSites saves several 点位 in one transaction (the demo, an
// import); the first bad one names itself and nothing is saved.
func (db *DB) SaveProjectSites(ctx context.Context, sites []*ProjectSite) error {
	for i, s := range sites {
		if err := s.Validate(); err != nil {
			if len(sites) > 1 {
				return fmt.Errorf("第%d个点位：%w", i+1, err)
			}
			return err
		}
	}
	return db.update(ctx, func(tx *Tx) error {
		for _, s := range sites {
			if err := tx.saveSite(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
}

func (tx *Tx) saveSite(ctx context.Context, s *ProjectSite) error {
	p, err := getProject(ctx, tx, s.ProjectID)
	if err != nil {
		return err
	}
	if !p.Chosen {
		return &ValidationError{Errors: []FieldError{{Field: "ProjectID", Label: "民生实事项目",
			Message: fmt.Sprintf("“%s”未经代表票决确定，不能分解点位", p.Title)}}}
	}
	for _, id := range s.DeputyIDs {
		if _, err := getDeputy(ctx, tx, id); err != nil {
			return err
		}
	}
	sortIDs(s.DeputyIDs)
	s.ProjectTitle, s.Year = p.Title, p.Year
	if s.ID == "" {
		s.ID = NewID()
		s.CreatedAt, s.UpdatedAt = tx.now, tx.now
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) + 1 FROM project_site WHERE project_id = ?`, s.ProjectID).Scan(&s.Position); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_site(id, project_id, position, location, content, planned_day, done_day, evidence, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, s.ID, s.ProjectID, s.Position, s.Location, s.Content, s.PlannedDay, s.DoneDay, s.Evidence,
			stamp(tx.now), stamp(tx.now)); err != nil {
			return fmt.Errorf("store: create project site: %w", err)
		}
		if err := tx.putSiteDeputies(ctx, s); err != nil {
			return err
		}
		return tx.logChange(ctx, "project_site", s.ID, "create", "点位 "+p.Title+" "+s.Location, nil, s)
	}
	old, err := getSite(ctx, tx, s.ID)
	if err != nil {
		return err
	}
	if old.ProjectID != s.ProjectID {
		return &ValidationError{Errors: []FieldError{{Field: "ProjectID", Label: "民生实事项目", Message: "点位不能移到另一个项目"}}}
	}
	s.Position, s.CreatedAt, s.UpdatedAt, s.HasPhoto = old.Position, old.CreatedAt, tx.now, old.HasPhoto
	if _, err := tx.ExecContext(ctx, `UPDATE project_site SET location=?, content=?, planned_day=?, done_day=?, evidence=?, updated_at=? WHERE id=?`,
		s.Location, s.Content, s.PlannedDay, s.DoneDay, s.Evidence, stamp(tx.now), s.ID); err != nil {
		return fmt.Errorf("store: update project site %s: %w", s.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM project_site_deputy WHERE site_id = ?`, s.ID); err != nil {
		return err
	}
	if err := tx.putSiteDeputies(ctx, s); err != nil {
		return err
	}
	return tx.logChange(ctx, "project_site", s.ID, "update", "点位 "+p.Title+" "+s.Location, old, s)
}

func sortIDs(ids []string) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}

func (tx *Tx) putSiteDeputies(ctx context.Context, s *ProjectSite) error {
	for _, id := range s.DeputyIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_site_deputy(site_id, deputy_id) VALUES (?, ?)`, s.ID, id); err != nil {
			return fmt.Errorf("store: save site deputy: %w", err)
		}
	}
	return nil
}

// CheckOffSite 销号 a 点位: the day it was done and what was seen.
func (db *DB) CheckOffSite(ctx context.Context, id, day, evidence string) error {
	s, err := db.ProjectSite(ctx, id)
	if err != nil {
		return err
	}
	if Normalize(day) == "" {
		return &ValidationError{Errors: []FieldError{{Field: "DoneDay", Label: "销号日期", Message: "不能为空"}}}
	}
	s.DoneDay, s.Evidence = day, evidence
	return db.SaveProjectSite(ctx, &s)
}

// ReopenSite takes a 点位's 销号 back (checked off by mistake).
func (db *DB) ReopenSite(ctx context.Context, id string) error {
	s, err := db.ProjectSite(ctx, id)
	if err != nil {
		return err
	}
	s.DoneDay = ""
	return db.SaveProjectSite(ctx, &s)
}

// DeleteProjectSite moves a 点位 to the 回收站.
func (db *DB) DeleteProjectSite(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getSite(ctx, tx, id)
		if err != nil {
			return err
		}
		label := "点位 " + old.ProjectTitle + " " + old.Location
		if err := tx.trash(ctx, "project_site", "project_site", id, label, fmt.Sprintf("%d年", old.Year)); err != nil {
			return err
		}
		return tx.logChange(ctx, "project_site", id, "delete", label, old, nil)
	})
}

// SetSitePhoto stores (or replaces) the 销号 photo of a 点位.
func (db *DB) SetSitePhoto(ctx context.Context, siteID string, jpegBytes []byte) error {
	cfg, err := checkJPEG(jpegBytes)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		s, err := getSite(ctx, tx, siteID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_site_photo(site_id, jpeg, width, height, updated_at) VALUES (?,?,?,?,?)
			ON CONFLICT(site_id) DO UPDATE SET jpeg=excluded.jpeg, width=excluded.width, height=excluded.height, updated_at=excluded.updated_at`,
			siteID, jpegBytes, cfg.Width, cfg.Height, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: save site photo: %w", err)
		}
		p := Photo{DeputyID: siteID, JPEG: jpegBytes, Width: cfg.Width, Height: cfg.Height}
		return tx.logChange(ctx, "project_site", siteID, "update", "点位照片 "+s.ProjectTitle+" "+s.Location,
			struct{ Photo photoLog }{}, struct{ Photo photoLog }{p.logged()})
	})
}

// SitePhoto returns a 点位's 销号 photo as JPEG, ErrNotFound without one.
func (db *DB) SitePhoto(ctx context.Context, siteID string) ([]byte, error) {
	var b []byte
	err := db.r.QueryRowContext(ctx, `SELECT jpeg FROM project_site_photo WHERE site_id = ?`, siteID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: site photo %s: %w", siteID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read site photo: %w", err)
	}
	return b, nil
}
