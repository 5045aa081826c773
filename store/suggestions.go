package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Opinion is one 社情民意 entry handed in by a deputy.
type Opinion struct {
	ID        string
	DeputyID  string
	Day       string
	Title     string
	Content   string
	Adopted   bool      // 被采用 / 报送上级
	CreatedAt time.Time `log:"-"`
	UpdatedAt time.Time `log:"-"`
}

// Validate checks an opinion and normalises it in place.
func (o *Opinion) Validate() error {
	var p problems
	o.Title, o.Content = Normalize(o.Title), strings.TrimSpace(o.Content)
	if o.DeputyID == "" {
		p.add("DeputyID", "反映代表", "请选择代表")
	}
	p.date(&o.Day, "Day", "日期", "日期格式应为 2026-11-22")
	if o.Title == "" {
		p.add("Title", "标题", "不能为空")
	} else if len([]rune(o.Title)) > 100 {
		p.add("Title", "标题", "不能超过100个字")
	}
	return p.err()
}

const opinionCols = `id, deputy_id, day, title, content, adopted, created_at, updated_at`

func scanOpinion(sc scanner) (Opinion, error) {
	var o Opinion
	var c, u string
	err := sc.Scan(&o.ID, &o.DeputyID, &o.Day, &o.Title, &o.Content, &o.Adopted, &c, &u)
	o.CreatedAt, o.UpdatedAt = parseStamp(c), parseStamp(u)
	return o, err
}

func getOpinion(ctx context.Context, q queryer, id string) (Opinion, error) {
	o, err := scanOpinion(q.QueryRowContext(ctx, `SELECT `+opinionCols+` FROM opinion WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("store: opinion %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return o, fmt.Errorf("store: read opinion %s: %w", id, err)
	}
	return o, nil
}

// RecordFilter selects a deputy's records by day; zero fields match everything.
type RecordFilter struct {
	DeputyID string
	From, To string
}

func (f RecordFilter) where() (string, []any) {
	w := ` WHERE 1=1`
	var args []any
	if f.DeputyID != "" {
		w += ` AND deputy_id = ?`
		args = append(args, f.DeputyID)
	}
	if f.From != "" {
		w += ` AND day >= ?`
		args = append(args, f.From)
	}
	if f.To != "" {
		w += ` AND day <= ?`
		args = append(args, f.To)
	}
	return w, args
}

// Opinions lists 社情民意 entries, newest first.
func (db *DB) Opinions(ctx context.Context, f RecordFilter) ([]Opinion, error) {
	w, args := f.where()
	out, err := queryAll(ctx, db.r, scanOpinion, `SELECT `+opinionCols+` FROM opinion`+w+` ORDER BY day DESC, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list opinions: %w", err)
	}
	return out, nil
}

// SaveOpinion creates (empty ID) or updates a 社情民意 entry.
func (db *DB) SaveOpinion(ctx context.Context, o *Opinion) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := getDeputy(ctx, tx, o.DeputyID); err != nil {
			return err
		}
		if o.ID == "" {
			o.ID = NewID()
			o.CreatedAt, o.UpdatedAt = tx.now, tx.now
			if _, err := tx.ExecContext(ctx, `INSERT INTO opinion(`+opinionCols+`) VALUES (?,?,?,?,?,?,?,?)`,
				o.ID, o.DeputyID, o.Day, o.Title, o.Content, o.Adopted, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: create opinion: %w", err)
			}
			return tx.logChange(ctx, "opinion", o.ID, "create", "社情民意 "+o.Title, nil, o)
		}
		old, err := getOpinion(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		o.CreatedAt, o.UpdatedAt = old.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE opinion SET deputy_id=?, day=?, title=?, content=?, adopted=?, updated_at=? WHERE id=?`,
			o.DeputyID, o.Day, o.Title, o.Content, o.Adopted, stamp(tx.now), o.ID); err != nil {
			return fmt.Errorf("store: update opinion %s: %w", o.ID, err)
		}
		return tx.logChange(ctx, "opinion", o.ID, "update", "社情民意 "+o.Title, old, o)
	})
}

// DeleteOpinion moves a 社情民意 entry to the 回收站.
func (db *DB) DeleteOpinion(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getOpinion(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.trash(ctx, "opinion", "opinion", id, "社情民意 "+old.Title, FormatDate(old.Day)); err != nil {
			return err
		}
		return tx.logChange(ctx, "opinion", id, "delete", "社情民意 "+old.Title, old, nil)
	})
}

// SuggestionClassLabel explains a result class in Chinese.
func SuggestionClassLabel(c string) string {
	switch c {
	case "A":
		return "A类（已解决或采纳）"
	case "B":
		return "B类（列入计划解决）"
	case "C":
		return "C类（留作参考）"
	}
	return "未答复"
}

// Suggestion is one formal 代表建议 led by one deputy.
type Suggestion struct {
	ID           string
	DeputyID     string
	Day          string
	No           string // 建议编号, unique when given
	Title        string
	Department   string    // 承办单位
	ResultClass  string    // "", A, B, C
	Satisfaction string    // "", 满意, 基本满意, 不满意
	CreatedAt    time.Time `log:"-"`
	UpdatedAt    time.Time `log:"-"`
}

// Validate checks a suggestion and normalises it in place.
func (s *Suggestion) Validate() error {
	var p problems
	s.No, s.Title, s.Department = Normalize(s.No), Normalize(s.Title), Normalize(s.Department)
	s.ResultClass = strings.ToUpper(Normalize(s.ResultClass))
	s.Satisfaction = Normalize(s.Satisfaction)
	if s.DeputyID == "" {
		p.add("DeputyID", "领衔代表", "请选择代表")
	}
	p.date(&s.Day, "Day", "提出日期", "日期格式应为 2026-11-22")
	if s.Title == "" {
		p.add("Title", "建议标题", "不能为空")
	} else if len([]rune(s.Title)) > 100 {
		p.add("Title", "建议标题", "不能超过100个字")
	}
	if s.ResultClass != "" && !validChoice(s.ResultClass, SuggestionClasses) {
		p.add("ResultClass", "办理结果", "应为A、B或C类")
	}
	if s.Satisfaction != "" && !validChoice(s.Satisfaction, Satisfactions) {
		p.add("Satisfaction", "满意度", "应为满意、基本满意或不满意")
	}
	return p.err()
}

const suggestionCols = `id, deputy_id, day, no, title, department, result_class, satisfaction, created_at, updated_at`

func scanSuggestion(sc scanner) (Suggestion, error) {
	var s Suggestion
	var c, u string
	err := sc.Scan(&s.ID, &s.DeputyID, &s.Day, &s.No, &s.Title, &s.Department, &s.ResultClass, &s.Satisfaction, &c, &u)
	s.CreatedAt, s.UpdatedAt = parseStamp(c), parseStamp(u)
	return s, err
}

func getSuggestion(ctx context.Context, q queryer, id string) (Suggestion, error) {
	s, err := scanSuggestion(q.QueryRowContext(ctx, `SELECT `+suggestionCols+` FROM suggestion WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("store: suggestion %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("store: read suggestion %s: %w", id, err)
	}
	return s, nil
}

// Suggestions lists 代表建议, newest first.
func (db *DB) Suggestions(ctx context.Context, f RecordFilter) ([]Suggestion, error) {
	w, args := f.where()
	out, err := queryAll(ctx, db.r, scanSuggestion, `SELECT `+suggestionCols+` FROM suggestion`+w+` ORDER BY day DESC, no, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list suggestions: %w", err)
	}
	return out, nil
}

// SaveSuggestion creates (empty ID) or updates a 代表建议.
func (db *DB) SaveSuggestion(ctx context.Context, s *Suggestion) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := getDeputy(ctx, tx, s.DeputyID); err != nil {
			return err
		}
		if s.No != "" {
			var other string
			err := tx.QueryRowContext(ctx, `SELECT title FROM suggestion WHERE no = ? AND id <> ?`, s.No, s.ID).Scan(&other)
			if err == nil {
				return &ValidationError{Errors: []FieldError{{Field: "No", Label: "建议编号", Message: fmt.Sprintf("与已有建议“%s”重复", other)}}}
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: check suggestion no: %w", err)
			}
		}
		if s.ID == "" {
			s.ID = NewID()
			s.CreatedAt, s.UpdatedAt = tx.now, tx.now
			if _, err := tx.ExecContext(ctx, `INSERT INTO suggestion(`+suggestionCols+`) VALUES (?,?,?,?,?,?,?,?,?,?)`,
				s.ID, s.DeputyID, s.Day, s.No, s.Title, s.Department, s.ResultClass, s.Satisfaction, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: create suggestion: %w", err)
			}
			return tx.logChange(ctx, "suggestion", s.ID, "create", "代表建议 "+s.Title, nil, s)
		}
		old, err := getSuggestion(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		s.CreatedAt, s.UpdatedAt = old.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE suggestion SET deputy_id=?, day=?, no=?, title=?, department=?, result_class=?, satisfaction=?, updated_at=? WHERE id=?`,
			s.DeputyID, s.Day, s.No, s.Title, s.Department, s.ResultClass, s.Satisfaction, stamp(tx.now), s.ID); err != nil {
			return fmt.Errorf("store: update suggestion %s: %w", s.ID, err)
		}
		return tx.logChange(ctx, "suggestion", s.ID, "update", "代表建议 "+s.Title, old, s)
	})
}

// DeleteSuggestion moves a 代表建议 to the 回收站.
func (db *DB) DeleteSuggestion(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getSuggestion(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.trash(ctx, "suggestion", "suggestion", id, "代表建议 "+old.Title, FormatDate(old.Day)); err != nil {
			return err
		}
		return tx.logChange(ctx, "suggestion", id, "delete", "代表建议 "+old.Title, old, nil)
	})
}
