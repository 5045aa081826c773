package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

func init() {
	for k, v := range map[string]string{"opinion": "社情民意", "suggestion": "代表建议", "duty_def": "「十个一」任务", "assessment_adjust": "考核加减分"} {
		EntityNames[k] = v
	}
}

// ActivityKinds are the kinds of 履职活动 a secretary records.
var ActivityKinds = []string{"代表小组活动", "集中视察", "专题调研", "执法检查", "学习培训", "走访选民",
	"座谈会", "政策宣讲", "向选民述职", "出席人代会", "列席会议", "代表会议", "履职交流", "其他"}

// Activity attendance marks.
const (
	ActPresent = "出席"
	ActLeave   = "请假"
	ActAbsent  = "缺席"
)

// ActivityAttendance lists the marks in the order offered.
var ActivityAttendance = []string{ActPresent, ActLeave, ActAbsent}

// Participant is one deputy on an activity and whether they came.
type Participant struct {
	DeputyID   string
	Attendance string
}

// Activity is one 履职活动 with its participants.
type Activity struct {
	ID           string
	Kind         string
	Day          string // YYYY-MM-DD
	Organiser    string
	Topic        string
	Place        string
	Results      string
	Participants []Participant
	CreatedAt    time.Time `log:"-"`
	UpdatedAt    time.Time `log:"-"`
}

// Validate checks an activity and normalises it in place.
func (a *Activity) Validate() error {
	var p problems
	a.Kind, a.Organiser, a.Topic, a.Place = Normalize(a.Kind), Normalize(a.Organiser), Normalize(a.Topic), Normalize(a.Place)
	a.Results = strings.TrimSpace(a.Results)
	if !validChoice(a.Kind, ActivityKinds) {
		p.add("Kind", "活动类型", "请选择"+strings.Join(ActivityKinds, "、")+"之一")
	}
	p.date(&a.Day, "Day", "活动日期", "日期格式应为 2026-11-22")
	if a.Topic == "" {
		p.add("Topic", "活动主题", "不能为空")
	} else if len([]rune(a.Topic)) > 100 {
		p.add("Topic", "活动主题", "不能超过100个字")
	}
	seen := map[string]bool{}
	for i := range a.Participants {
		pt := &a.Participants[i]
		if pt.Attendance == "" {
			pt.Attendance = ActPresent
		}
		if !validChoice(pt.Attendance, ActivityAttendance) {
			p.add("Participants", "参加代表", "出勤应为出席、请假或缺席")
			break
		}
		if pt.DeputyID == "" || seen[pt.DeputyID] {
			p.add("Participants", "参加代表", "同一代表不能出现两次")
			break
		}
		seen[pt.DeputyID] = true
	}
	if len(a.Participants) == 0 {
		p.add("Participants", "参加代表", "至少选择一名代表")
	}
	return p.err()
}

func getActivity(ctx context.Context, q queryer, id string) (Activity, error) {
	var a Activity
	var c, u string
	err := q.QueryRowContext(ctx, `SELECT id, kind, day, organiser, topic, place, results, created_at, updated_at FROM activity WHERE id = ?`, id).
		Scan(&a.ID, &a.Kind, &a.Day, &a.Organiser, &a.Topic, &a.Place, &a.Results, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("store: activity %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("store: read activity %s: %w", id, err)
	}
	a.CreatedAt, a.UpdatedAt = parseStamp(c), parseStamp(u)
	rows, err := q.QueryContext(ctx, `SELECT ad.deputy_id, ad.attendance FROM activity_deputy ad JOIN deputy d ON d.id = ad.deputy_id
		WHERE ad.activity_id = ? ORDER BY d.name, d.id`, id)
	if err != nil {
		return a, fmt.Errorf("store: read activity participants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pt Participant
		if err := rows.Scan(&pt.DeputyID, &pt.Attendance); err != nil {
			return a, err
		}
		a.Participants = append(a.Participants, pt)
	}
	return a, rows.Err()
}

// Activity returns one activity with its participants.
func (db *DB) Activity(ctx context.Context, id string) (Activity, error) {
	return getActivity(ctx, db.r, id)
}

// ActivityFilter selects activities; zero fields match everything.
type ActivityFilter struct {
	Kind     string
	DeputyID string
	From, To string // YYYY-MM-DD inclusive
}

// Activities lists activities by day, newest first, with participants.
func (db *DB) Activities(ctx context.Context, f ActivityFilter) ([]Activity, error) {
	q := `SELECT id FROM activity a WHERE 1=1`
	var args []any
	if f.Kind != "" {
		q += ` AND a.kind = ?`
		args = append(args, f.Kind)
	}
	if f.DeputyID != "" {
		q += ` AND EXISTS (SELECT 1 FROM activity_deputy ad WHERE ad.activity_id = a.id AND ad.deputy_id = ?)`
		args = append(args, f.DeputyID)
	}
	if f.From != "" {
		q += ` AND a.day >= ?`
		args = append(args, f.From)
	}
	if f.To != "" {
		q += ` AND a.day <= ?`
		args = append(args, f.To)
	}
	ids, err := queryStrings(ctx, db.r, q+` ORDER BY a.day DESC, a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list activities: %w", err)
	}
	out := make([]Activity, 0, len(ids))
	for _, id := range ids {
		a, err := getActivity(ctx, db.r, id)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func queryStrings(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SaveActivity creates (empty ID) or updates an activity with its
// participants, in one transaction with its change-log row.
func (db *DB) SaveActivity(ctx context.Context, a *Activity) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.saveActivity(ctx, a) })
}

func (tx *Tx) saveActivity(ctx context.Context, a *Activity) error {
	for _, pt := range a.Participants {
		if _, err := getDeputy(ctx, tx, pt.DeputyID); err != nil {
			return err
		}
	}
	var old *Activity
	if a.ID == "" {
		a.ID = NewID()
		a.CreatedAt = tx.now
		if _, err := tx.ExecContext(ctx, `INSERT INTO activity(id, kind, day, organiser, topic, place, results, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?)`, a.ID, a.Kind, a.Day, a.Organiser, a.Topic, a.Place, a.Results, stamp(tx.now), stamp(tx.now)); err != nil {
			return fmt.Errorf("store: create activity: %w", err)
		}
	} else {
		o, err := getActivity(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		old = &o
		a.CreatedAt = o.CreatedAt
		if _, err := tx.ExecContext(ctx, `UPDATE activity SET kind=?, day=?, organiser=?, topic=?, place=?, results=?, updated_at=? WHERE id=?`,
			a.Kind, a.Day, a.Organiser, a.Topic, a.Place, a.Results, stamp(tx.now), a.ID); err != nil {
			return fmt.Errorf("store: update activity %s: %w", a.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM activity_deputy WHERE activity_id = ?`, a.ID); err != nil {
			return fmt.Errorf("store: update activity participants: %w", err)
		}
	}
	a.UpdatedAt = tx.now
	for _, pt := range a.Participants {
		if _, err := tx.ExecContext(ctx, `INSERT INTO activity_deputy(activity_id, deputy_id, attendance) VALUES (?,?,?)`,
			a.ID, pt.DeputyID, pt.Attendance); err != nil {
			return fmt.Errorf("store: save activity participant: %w", err)
		}
	}
	summary := a.Kind + " " + a.Day + " " + a.Topic
	if old == nil {
		return tx.logChange(ctx, "activity", a.ID, "create", summary, nil, a)
	}
	cur, err := getActivity(ctx, tx, a.ID)
	if err != nil {
		return err
	}
	return tx.logChange(ctx, "activity", a.ID, "update", summary, old, cur)
}

// DeleteActivity moves an activity with its participants to the 回收站.
func (db *DB) DeleteActivity(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.trash(ctx, "activity", "activity", id, old.Kind+" "+old.Topic, FormatDate(old.Day)); err != nil {
			return err
		}
		return tx.logChange(ctx, "activity", id, "delete", old.Kind+" "+old.Day+" "+old.Topic, old, nil)
	})
}

// TookOffice returns the day each deputy with a recorded start took office.
func (db *DB) TookOffice(ctx context.Context) (map[string]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT deputy_id, took_office FROM deputy_office`)
	if err != nil {
		return nil, fmt.Errorf("store: read took office: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, day string
		if err := rows.Scan(&id, &day); err != nil {
			return nil, err
		}
		out[id] = day
	}
	return out, rows.Err()
}

type tookOffice struct{ TookOffice string }

// SetTookOffice records when a deputy took office ("" clears it), for
// pro-rating the year they joined.
func (db *DB) SetTookOffice(ctx context.Context, deputyID, day string) error {
	if day != "" {
		d, ok := ParseDate(day)
		if !ok {
			return &ValidationError{Errors: []FieldError{{Field: "TookOffice", Label: "就任日期", Message: "日期格式应为 2026-11-22"}}}
		}
		day = d
	}
	return db.update(ctx, func(tx *Tx) error {
		dep, err := getDeputy(ctx, tx, deputyID)
		if err != nil {
			return err
		}
		var old string
		err = tx.QueryRowContext(ctx, `SELECT took_office FROM deputy_office WHERE deputy_id = ?`, deputyID).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: read took office: %w", err)
		}
		if day == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM deputy_office WHERE deputy_id = ?`, deputyID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO deputy_office(deputy_id, took_office) VALUES (?, ?)
				ON CONFLICT(deputy_id) DO UPDATE SET took_office = excluded.took_office`, deputyID, day)
		}
		if err != nil {
			return fmt.Errorf("store: save took office: %w", err)
		}
		return tx.logChange(ctx, "deputy", deputyID, "update", dep.Name+" 就任日期", tookOffice{old}, tookOffice{day})
	})
}
