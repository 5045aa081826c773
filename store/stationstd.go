package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"deputydesk/store/calendar"
)

// 联络站标准化建设: the checklists a station is measured against
// (「五有」「六统一」「九有」, editable), each item checked with its evidence,
// and the station's star rating or 示范 status.

func init() {
	for k, v := range map[string]string{"station_checklist_item": "标准化检查项目", "station_check": "标准化检查记录",
		"station_check_photo": "检查佐证照片", "station_rating": "联络站星级评定"} {
		EntityNames[k] = v
	}
	changeFields["station_check"] = map[string]string{"Met": "是否达标", "Day": "检查日期", "CheckedBy": "检查人",
		"Note": "检查情况", "StationID": "联络站点", "ItemID": "检查项目"}
	changeFields["station_checklist_item"] = map[string]string{"Label": "检查项目", "ChecklistID": "所属标准", "Position": "顺序"}
	changeFields["station_rating"] = map[string]string{"Stars": "星级", "Model": "示范站", "Day": "评定日期",
		"RatedBy": "评定单位", "Note": "评定说明", "StationID": "联络站点"}
	changeFields["station_check_photo"] = map[string]string{"Width": "宽", "Height": "高", "Size": "大小", "SHA256": "校验码"}
}

// MaxStars is the top of the star rating (五星级联络站).
const MaxStars = 5

// StarLabel names a star rating: 未评星, 一星级 … 五星级.
func StarLabel(stars int) string {
	names := []string{"未评星", "一星级", "二星级", "三星级", "四星级", "五星级"}
	if stars < 0 || stars >= len(names) {
		return names[0]
	}
	return names[stars]
}

// StarLabels lists every rating from 未评星 to 五星级, for a choice list.
func StarLabels() []string {
	out := make([]string, 0, MaxStars+1)
	for i := 0; i <= MaxStars; i++ {
		out = append(out, StarLabel(i))
	}
	return out
}

// ParseStars reads 三星级, 三星, 3 or ★★★ as 3.
func ParseStars(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(Normalize(s), "级"), "星")
	if n := strings.Count(s, "★"); n > 0 && n == len([]rune(s)) && n <= MaxStars {
		return n, true
	}
	for i, w := range []string{"未评", "一", "二", "三", "四", "五"} {
		if s == w || s == fmt.Sprint(i) {
			return i, true
		}
	}
	if s == "" {
		return 0, true
	}
	return 0, false
}

// Checklist is one standard, e.g. 「五有」, with its items in order.
type Checklist struct {
	ID, Name string
	Items    []ChecklistItem
}

// ChecklistItem is one line of a checklist, e.g. 有适用场地.
type ChecklistItem struct {
	ID          string
	ChecklistID string
	Position    int
	Label       string
}

// StationCheck is one item checked at one station.
type StationCheck struct {
	ID        string
	StationID string
	ItemID    string
	Met       bool   // 达标; false is 未达标 (checked, still to do)
	Day       string // YYYY-MM-DD
	CheckedBy string
	Note      string
	Photos    int       `log:"-"` // how many evidence photos
	UpdatedAt time.Time `log:"-"`
}

// Validate checks a check record and normalises it in place.
func (c *StationCheck) Validate() error {
	var p problems
	c.CheckedBy, c.Note = Normalize(c.CheckedBy), strings.TrimSpace(c.Note)
	p.date(&c.Day, "Day", "检查日期", "请填写日期，如 2026-11-20")
	if c.CheckedBy == "" {
		p.add("CheckedBy", "检查人", "不能为空")
	}
	if c.StationID == "" {
		p.add("StationID", "联络站点", "请选择站点")
	}
	if c.ItemID == "" {
		p.add("ItemID", "检查项目", "请选择项目")
	}
	return p.err()
}

// StationRating is a station's star rating and 示范 status.
type StationRating struct {
	StationID string
	Stars     int
	Model     bool // 示范联络站
	Day       string
	RatedBy   string
	Note      string
}

// Label is the rating as printed: 四星级 · 示范站.
func (r StationRating) Label() string {
	s := StarLabel(r.Stars)
	if r.Model {
		s += " · 示范站"
	}
	return s
}

// CheckPhoto is one evidence photo of a check.
type CheckPhoto struct {
	ID            string
	CheckID       string
	JPEG          []byte
	Width, Height int
	CreatedAt     time.Time
}

// MaxCheckPhotos bounds the evidence of one item; a dozen photos prove it.
const MaxCheckPhotos = 12

// StationChecklists lists the checklists with their items, in order.
func (db *DB) StationChecklists(ctx context.Context) ([]Checklist, error) {
	return stationChecklists(ctx, db.r)
}

func stationChecklists(ctx context.Context, q queryer) ([]Checklist, error) {
	lists, err := queryAll(ctx, q, func(r scanner) (Checklist, error) {
		var c Checklist
		return c, r.Scan(&c.ID, &c.Name)
	}, `SELECT id, name FROM station_checklist ORDER BY position, name`)
	if err != nil {
		return nil, fmt.Errorf("store: read checklists: %w", err)
	}
	items, err := queryAll(ctx, q, func(r scanner) (ChecklistItem, error) {
		var it ChecklistItem
		return it, r.Scan(&it.ID, &it.ChecklistID, &it.Position, &it.Label)
	}, `SELECT id, checklist_id, position, label FROM station_checklist_item ORDER BY position, label`)
	if err != nil {
		return nil, fmt.Errorf("store: read checklist items: %w", err)
	}
	for i := range lists {
		for _, it := range items {
			if it.ChecklistID == lists[i].ID {
				lists[i].Items = append(lists[i].Items, it)
			}
		}
	}
	return lists, nil
}

func getChecklistItem(ctx context.Context, q queryer, id string) (ChecklistItem, string, error) {
	var it ChecklistItem
	var list string
	err := q.QueryRowContext(ctx, `SELECT i.id, i.checklist_id, i.position, i.label, l.name FROM station_checklist_item i
		JOIN station_checklist l ON l.id = i.checklist_id WHERE i.id = ?`, id).Scan(&it.ID, &it.ChecklistID, &it.Position, &it.Label, &list)
	if errors.Is(err, sql.ErrNoRows) {
		return it, "", fmt.Errorf("store: checklist item %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return it, "", fmt.Errorf("store: read checklist item %s: %w", id, err)
	}
	return it, list, nil
}

// SaveChecklistItem adds an item at the end of its checklist (ID "") or
// renames one. The label must be unique within the checklist.
func (db *DB) SaveChecklistItem(ctx context.Context, it *ChecklistItem) error {
	it.Label = Normalize(it.Label)
	if it.Label == "" {
		return &ValidationError{Errors: []FieldError{{Field: "Label", Label: "检查项目", Message: "不能为空"}}}
	}
	return db.update(ctx, func(tx *Tx) error {
		var list string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM station_checklist WHERE id = ?`, it.ChecklistID).Scan(&list); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return &ValidationError{Errors: []FieldError{{Field: "ChecklistID", Label: "所属标准", Message: "没有这个标准"}}}
			}
			return fmt.Errorf("store: read checklist: %w", err)
		}
		var dup string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM station_checklist_item WHERE checklist_id = ? AND label = ? AND id <> ?`,
			it.ChecklistID, it.Label, it.ID).Scan(&dup); err == nil {
			return &ValidationError{Errors: []FieldError{{Field: "Label", Label: "检查项目", Message: "「" + list + "」中已有“" + it.Label + "”"}}}
		}
		if it.ID == "" {
			it.ID = NewID()
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) + 1 FROM station_checklist_item WHERE checklist_id = ?`,
				it.ChecklistID).Scan(&it.Position); err != nil {
				return fmt.Errorf("store: next item position: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO station_checklist_item(id, checklist_id, position, label, created_at, updated_at)
				VALUES (?,?,?,?,?,?)`, it.ID, it.ChecklistID, it.Position, it.Label, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: add checklist item: %w", err)
			}
			return tx.logChange(ctx, "station_checklist_item", it.ID, "create", list+" · "+it.Label, nil, it)
		}
		old, _, err := getChecklistItem(ctx, tx, it.ID)
		if err != nil {
			return err
		}
		it.Position, it.ChecklistID = old.Position, old.ChecklistID
		if _, err := tx.ExecContext(ctx, `UPDATE station_checklist_item SET label = ?, updated_at = ? WHERE id = ?`,
			it.Label, stamp(tx.now), it.ID); err != nil {
			return fmt.Errorf("store: rename checklist item: %w", err)
		}
		return tx.logChange(ctx, "station_checklist_item", it.ID, "update", list+" · "+it.Label, old, it)
	})
}

// ChecklistItemImpact says, in Chinese, what deleting an item also removes.
func (db *DB) ChecklistItemImpact(ctx context.Context, id string) (string, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM station_check WHERE item_id = ?`, id).Scan(&n); err != nil {
		return "", fmt.Errorf("store: count checks: %w", err)
	}
	if n == 0 {
		return "", nil
	}
	return fmt.Sprintf("%d 个站点对此项目的检查记录（含佐证照片）将一并移入回收站", n), nil
}

// DeleteChecklistItem moves an item, with its checks and photos, to the 回收站.
func (db *DB) DeleteChecklistItem(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		it, list, err := getChecklistItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.trash(ctx, "station_checklist_item", "station_checklist_item", id, list+" · "+it.Label, ""); err != nil {
			return err
		}
		return tx.logChange(ctx, "station_checklist_item", id, "delete", list+" · "+it.Label, it, nil)
	})
}

const checkCols = `c.id, c.station_id, c.item_id, c.met, c.day, c.checked_by, c.note, c.updated_at,
	(SELECT count(*) FROM station_check_photo p WHERE p.check_id = c.id)`

func scanCheck(r scanner) (StationCheck, error) {
	var c StationCheck
	var u string
	err := r.Scan(&c.ID, &c.StationID, &c.ItemID, &c.Met, &c.Day, &c.CheckedBy, &c.Note, &u, &c.Photos)
	c.UpdatedAt = parseStamp(u)
	return c, err
}

// StationChecks returns a station's checks keyed by item ID; an item never
// checked is absent.
func (db *DB) StationChecks(ctx context.Context, stationID string) (map[string]StationCheck, error) {
	list, err := queryAll(ctx, db.r, scanCheck, `SELECT `+checkCols+` FROM station_check c WHERE c.station_id = ?`, stationID)
	if err != nil {
		return nil, fmt.Errorf("store: read station checks: %w", err)
	}
	out := make(map[string]StationCheck, len(list))
	for _, c := range list {
		out[c.ItemID] = c
	}
	return out, nil
}

func getCheck(ctx context.Context, q queryer, id string) (StationCheck, error) {
	c, err := scanCheck(q.QueryRowContext(ctx, `SELECT `+checkCols+` FROM station_check c WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("store: station check %s: %w", id, ErrNotFound)
	}
	return c, err
}

func (tx *Tx) checkSummary(ctx context.Context, stationID, itemID string) string {
	var s, l string
	_ = tx.QueryRowContext(ctx, `SELECT name FROM station WHERE id = ?`, stationID).Scan(&s)
	_ = tx.QueryRowContext(ctx, `SELECT label FROM station_checklist_item WHERE id = ?`, itemID).Scan(&l)
	return s + " · " + l
}

// SaveStationCheck records (or updates) the check of one item at one
// station; a station has at most one check per item, the latest.
func (db *DB) SaveStationCheck(ctx context.Context, c *StationCheck) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := getStation(ctx, tx, c.StationID); err != nil {
			return err
		}
		if _, _, err := getChecklistItem(ctx, tx, c.ItemID); err != nil {
			return err
		}
		if c.Day > tx.now.In(calendar.Beijing).Format("2006-01-02") {
			return &ValidationError{Errors: []FieldError{{Field: "Day", Label: "检查日期", Message: "不能晚于今天"}}}
		}
		var oldID string
		err := tx.QueryRowContext(ctx, `SELECT id FROM station_check WHERE station_id = ? AND item_id = ?`, c.StationID, c.ItemID).Scan(&oldID)
		summary := tx.checkSummary(ctx, c.StationID, c.ItemID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			c.ID = NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO station_check(id, station_id, item_id, met, day, checked_by, note, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,?,?)`, c.ID, c.StationID, c.ItemID, c.Met, c.Day, c.CheckedBy, c.Note, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: add station check: %w", err)
			}
			c.UpdatedAt = tx.now
			return tx.logChange(ctx, "station_check", c.ID, "create", summary, nil, c)
		case err != nil:
			return fmt.Errorf("store: find station check: %w", err)
		}
		old, err := getCheck(ctx, tx, oldID)
		if err != nil {
			return err
		}
		c.ID, c.Photos, c.UpdatedAt = oldID, old.Photos, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE station_check SET met=?, day=?, checked_by=?, note=?, updated_at=? WHERE id=?`,
			c.Met, c.Day, c.CheckedBy, c.Note, stamp(tx.now), c.ID); err != nil {
			return fmt.Errorf("store: update station check: %w", err)
		}
		return tx.logChange(ctx, "station_check", c.ID, "update", summary, old, c)
	})
}

// DeleteStationCheck moves a check and its photos to the 回收站: the item is
// then shown as not checked.
func (db *DB) DeleteStationCheck(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getCheck(ctx, tx, id)
		if err != nil {
			return err
		}
		summary := tx.checkSummary(ctx, old.StationID, old.ItemID)
		detail := ""
		if old.Photos > 0 {
			detail = fmt.Sprintf("含 %d 张佐证照片", old.Photos)
		}
		if err := tx.trash(ctx, "station_check", "station_check", id, summary, detail); err != nil {
			return err
		}
		return tx.logChange(ctx, "station_check", id, "delete", summary, old, nil)
	})
}

func (p CheckPhoto) logged() photoLog {
	return Photo{JPEG: p.JPEG, Width: p.Width, Height: p.Height}.logged()
}

// AddCheckPhoto stores one evidence photo (JPEG bytes, already scaled) for a
// check.
func (db *DB) AddCheckPhoto(ctx context.Context, checkID string, jpegBytes []byte) (CheckPhoto, error) {
	p := CheckPhoto{CheckID: checkID, JPEG: jpegBytes}
	cfg, err := checkJPEG(jpegBytes)
	if err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			ve.Errors[0].Label = "佐证照片"
		}
		return p, err
	}
	p.Width, p.Height = cfg.Width, cfg.Height
	err = db.update(ctx, func(tx *Tx) error {
		c, err := getCheck(ctx, tx, checkID)
		if err != nil {
			return err
		}
		if c.Photos >= MaxCheckPhotos {
			return &ValidationError{Errors: []FieldError{{Field: "Photo", Label: "佐证照片",
				Message: fmt.Sprintf("每个项目最多保存 %d 张照片，请先删除不需要的", MaxCheckPhotos)}}}
		}
		p.ID, p.CreatedAt = NewID(), tx.now
		if _, err := tx.ExecContext(ctx, `INSERT INTO station_check_photo(id, check_id, jpeg, width, height, created_at) VALUES (?,?,?,?,?,?)`,
			p.ID, checkID, jpegBytes, p.Width, p.Height, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: add check photo: %w", err)
		}
		return tx.logChange(ctx, "station_check_photo", p.ID, "create", tx.checkSummary(ctx, c.StationID, c.ItemID), nil, p.logged())
	})
	return p, err
}

// CheckPhotos returns a check's evidence photos, oldest first.
func (db *DB) CheckPhotos(ctx context.Context, checkID string) ([]CheckPhoto, error) {
	return queryAll(ctx, db.r, func(r scanner) (CheckPhoto, error) {
		var p CheckPhoto
		var c string
		err := r.Scan(&p.ID, &p.CheckID, &p.JPEG, &p.Width, &p.Height, &c)
		p.CreatedAt = parseStamp(c)
		return p, err
	}, `SELECT id, check_id, jpeg, width, height, created_at FROM station_check_photo WHERE check_id = ? ORDER BY created_at, id`, checkID)
}

// DeleteCheckPhoto moves one evidence photo to the 回收站.
func (db *DB) DeleteCheckPhoto(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		var checkID string
		var b []byte
		var w, h int
		err := tx.QueryRowContext(ctx, `SELECT check_id, jpeg, width, height FROM station_check_photo WHERE id = ?`, id).Scan(&checkID, &b, &w, &h)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: check photo %s: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: read check photo: %w", err)
		}
		c, err := getCheck(ctx, tx, checkID)
		if err != nil {
			return err
		}
		summary := tx.checkSummary(ctx, c.StationID, c.ItemID)
		if err := tx.trash(ctx, "station_check_photo", "station_check_photo", id, summary+" 的佐证照片", ""); err != nil {
			return err
		}
		return tx.logChange(ctx, "station_check_photo", id, "delete", summary, CheckPhoto{JPEG: b, Width: w, Height: h}.logged(), nil)
	})
}

// StationRating returns a station's rating; a station never rated has the
// zero rating (未评星).
func (db *DB) StationRating(ctx context.Context, stationID string) (StationRating, error) {
	return getRating(ctx, db.r, stationID)
}

func getRating(ctx context.Context, q queryer, stationID string) (StationRating, error) {
	r := StationRating{StationID: stationID}
	err := q.QueryRowContext(ctx, `SELECT stars, model, day, rated_by, note FROM station_rating WHERE station_id = ?`, stationID).
		Scan(&r.Stars, &r.Model, &r.Day, &r.RatedBy, &r.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("store: read station rating: %w", err)
	}
	return r, nil
}

// SaveStationRating sets a station's stars and 示范 status.
func (db *DB) SaveStationRating(ctx context.Context, r *StationRating) error {
	var p problems
	r.RatedBy, r.Note = Normalize(r.RatedBy), strings.TrimSpace(r.Note)
	if r.Stars < 0 || r.Stars > MaxStars {
		p.add("Stars", "星级", "应为未评星或一星级至五星级")
	}
	if r.Day != "" {
		p.date(&r.Day, "Day", "评定日期", "请填写日期，如 2026-11-20")
	}
	if err := p.err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		st, err := getStation(ctx, tx, r.StationID)
		if err != nil {
			return err
		}
		old, err := getRating(ctx, tx, r.StationID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO station_rating(station_id, stars, model, day, rated_by, note, updated_at) VALUES (?,?,?,?,?,?,?)
			ON CONFLICT(station_id) DO UPDATE SET stars=excluded.stars, model=excluded.model, day=excluded.day,
			rated_by=excluded.rated_by, note=excluded.note, updated_at=excluded.updated_at`,
			r.StationID, r.Stars, r.Model, r.Day, r.RatedBy, r.Note, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: save station rating: %w", err)
		}
		return tx.logChange(ctx, "station_rating", r.StationID, "update", st.Name, old, r)
	})
}

// ChecklistScore is how far one station is on one checklist.
type ChecklistScore struct {
	Checklist string
	Met       int // items checked and met
	Unmet     int // checked, not yet met
	Total     int
}

// Complete reports whether every item is met.
func (s ChecklistScore) Complete() bool { return s.Total > 0 && s.Met == s.Total }

// StationStandard is one row of the overview of all stations.
type StationStandard struct {
	Station   Station
	Rating    StationRating
	Scores    []ChecklistScore // in checklist order
	LastCheck string           // the latest check's day, "" when never checked
}

// StationStandards returns the overview of every station against every
// checklist, stations in their usual order.
func (db *DB) StationStandards(ctx context.Context) ([]StationStandard, []Checklist, error) {
	stations, err := db.Stations(ctx)
	if err != nil {
		return nil, nil, err
	}
	lists, err := db.StationChecklists(ctx)
	if err != nil {
		return nil, nil, err
	}
	type key struct{ station, list string }
	type tally struct{ met, unmet int }
	counts := map[key]tally{}
	last := map[string]string{}
	rows, err := db.r.QueryContext(ctx, `SELECT c.station_id, i.checklist_id, c.met, c.day FROM station_check c
		JOIN station_checklist_item i ON i.id = c.item_id`)
	if err != nil {
		return nil, nil, fmt.Errorf("store: read station checks: %w", err)
	}
	for rows.Next() {
		var s, l, day string
		var met bool
		if err := rows.Scan(&s, &l, &met, &day); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: scan station check: %w", err)
		}
		t := counts[key{s, l}]
		if met {
			t.met++
		} else {
			t.unmet++
		}
		counts[key{s, l}] = t
		if day > last[s] {
			last[s] = day
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: read station checks: %w", err)
	}
	out := make([]StationStandard, 0, len(stations))
	for _, st := range stations {
		r, err := getRating(ctx, db.r, st.ID)
		if err != nil {
			return nil, nil, err
		}
		row := StationStandard{Station: st, Rating: r, LastCheck: last[st.ID]}
		for _, l := range lists {
			t := counts[key{st.ID, l.ID}]
			row.Scores = append(row.Scores, ChecklistScore{Checklist: l.Name, Met: t.met, Unmet: t.unmet, Total: len(l.Items)})
		}
		out = append(out, row)
	}
	return out, lists, nil
}

// FindStation finds a station by its exact name, or by a unique part of it.
func (db *DB) FindStation(ctx context.Context, name string) (Station, error) {
	name = Normalize(name)
	all, err := db.Stations(ctx)
	if err != nil {
		return Station{}, err
	}
	var hits []Station
	for _, s := range all {
		if s.Name == name {
			return s, nil
		}
		if name != "" && strings.Contains(s.Name, name) {
			hits = append(hits, s)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return Station{}, fmt.Errorf("没有名为“%s”的联络站点", name)
	}
	names := make([]string, len(hits))
	for i, h := range hits {
		names[i] = h.Name
	}
	return Station{}, fmt.Errorf("“%s”对应多个站点：%s，请写全名称", name, strings.Join(names, "、"))
}
