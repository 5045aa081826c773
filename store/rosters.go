package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// RuleKind is how a station's reception days recur.
type RuleKind string

// The kinds of reception-day rule.
const (
	RuleWeekly     RuleKind = "weekly"      // every week on Weekday
	RuleMonthlyNth RuleKind = "monthly_nth" // the Nth (or last) Weekday of each month
	RuleMonthDays  RuleKind = "month_days"  // fixed days of each month
	RuleDates      RuleKind = "dates"       // an explicit list of dates
)

// RuleKinds lists the kinds in the order offered in forms.
var RuleKinds = []RuleKind{RuleMonthlyNth, RuleWeekly, RuleMonthDays, RuleDates}

// Label is the Chinese name of a rule kind.
func (k RuleKind) Label() string {
	switch k {
	case RuleWeekly:
		return "每周固定星期"
	case RuleMonthlyNth:
		return "每月第几个星期几"
	case RuleMonthDays:
		return "每月固定日期"
	case RuleDates:
		return "指定日期"
	}
	return string(k)
}

// Holiday policies: what happens to a reception day on a 法定节假日.
const (
	HolidaySkip = "skip" // no duty that time
	HolidayNext = "next" // moved to the next working day
)

// LastWeek is RosterRule.Nth for "the last such weekday of the month".
const LastWeek = -1

// RosterRule is a station's 接待日 rule, stored as data.
type RosterRule struct {
	StationID     string
	Kind          RuleKind
	Weekday       time.Weekday // for weekly and monthly_nth
	Nth           int          // 1–5 or LastWeek, for monthly_nth
	Days          []int        // days of the month, for month_days
	Dates         []string     // YYYY-MM-DD, for dates
	From, To      string       // HH:MM, 24 h
	PerDuty       int          // deputies per duty
	HolidayPolicy string       // HolidaySkip or HolidayNext
	CreatedAt     time.Time    `log:"-"`
	UpdatedAt     time.Time    `log:"-"`
}

// WeekdayNames are the Chinese names, indexed by time.Weekday.
var WeekdayNames = [7]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

var clockRe = regexp.MustCompile(`^(\d{1,2})\s*[:：点时]\s*(\d{2})?\s*分?$`)

// ParseClock reads a time of day (9:00, 09:30, 9：30, 14点) as HH:MM.
func ParseClock(s string) (string, bool) {
	m := clockRe.FindStringSubmatch(Normalize(s))
	if m == nil {
		return "", false
	}
	h, _ := strconv.Atoi(m[1])
	mi := 0
	if m[2] != "" {
		mi, _ = strconv.Atoi(m[2])
	}
	if h > 23 || mi > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, mi), true
}

// ShortClock shows HH:MM without a leading zero on the hour (9:00).
func ShortClock(s string) string {
	if len(s) == 5 && s[0] == '0' {
		return s[1:]
	}
	return s
}

// Validate checks a rule and normalises it in place.
func (r *RosterRule) Validate() error {
	var p problems
	if r.StationID == "" {
		p.add("StationID", "联络站点", "请选择站点")
	}
	switch r.Kind {
	case RuleWeekly:
		r.Nth, r.Days, r.Dates = 0, nil, nil
	case RuleMonthlyNth:
		r.Days, r.Dates = nil, nil
		if r.Nth != LastWeek && (r.Nth < 1 || r.Nth > 5) {
			p.add("Nth", "第几个", "应为第1至第5个或最后一个")
		}
	case RuleMonthDays:
		r.Nth, r.Dates = 0, nil
		sort.Ints(r.Days)
		r.Days = uniqueInts(r.Days)
		if len(r.Days) == 0 {
			p.add("Days", "每月日期", "至少填写一天，如 5、20")
		}
		for _, d := range r.Days {
			if d < 1 || d > 31 {
				p.add("Days", "每月日期", fmt.Sprintf("“%d”不是1至31之间的日期", d))
				break
			}
		}
	case RuleDates:
		r.Nth, r.Days = 0, nil
		var ds []string
		for _, s := range r.Dates {
			if s = Normalize(s); s == "" {
				continue
			}
			d, ok := ParseDate(s)
			if !ok {
				p.add("Dates", "指定日期", "“"+s+"”不是有效日期，应如 2026-12-04")
				continue
			}
			ds = append(ds, d)
		}
		sort.Strings(ds)
		r.Dates = uniqueStrings(ds)
		if len(r.Dates) == 0 && len(p) == 0 {
			p.add("Dates", "指定日期", "至少填写一个日期")
		}
	default:
		p.add("Kind", "接待日规则", "请选择规则类型")
	}
	if (r.Kind == RuleWeekly || r.Kind == RuleMonthlyNth) && (r.Weekday < time.Sunday || r.Weekday > time.Saturday) {
		p.add("Weekday", "星期", "请选择星期几")
	}
	if r.Kind != RuleWeekly && r.Kind != RuleMonthlyNth {
		r.Weekday = 0
	}
	p.clockSpan(&r.From, &r.To)
	if r.PerDuty < 1 || r.PerDuty > 10 {
		p.add("PerDuty", "每次人数", "应为1至10人")
	}
	if r.HolidayPolicy == "" {
		r.HolidayPolicy = HolidayNext
	}
	if r.HolidayPolicy != HolidaySkip && r.HolidayPolicy != HolidayNext {
		p.add("HolidayPolicy", "遇节假日", "应为“取消”或“顺延至下一个工作日”")
	}
	return p.err()
}

func uniqueInts(in []int) []int {
	var out []int
	for i, v := range in {
		if i == 0 || v != in[i-1] {
			out = append(out, v)
		}
	}
	return out
}

var nthNames = map[int]string{1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", 5: "第五个", LastWeek: "最后一个"}

// Describe says the rule in Chinese, e.g. 每月第一个星期五 9:00–11:30，每次2人，遇法定节假日顺延至下一个工作日.
func (r RosterRule) Describe() string {
	var when string
	switch r.Kind {
	case RuleWeekly:
		when = "每周" + strings.TrimPrefix(WeekdayNames[r.Weekday], "星期")
	case RuleMonthlyNth:
		when = "每月" + nthNames[r.Nth] + WeekdayNames[r.Weekday]
	case RuleMonthDays:
		parts := make([]string, len(r.Days))
		for i, d := range r.Days {
			parts[i] = strconv.Itoa(d) + "日"
		}
		when = "每月" + strings.Join(parts, "、")
	case RuleDates:
		parts := make([]string, len(r.Dates))
		for i, d := range r.Dates {
			parts[i] = FormatDate(d)
		}
		when = strings.Join(parts, "、")
	}
	s := fmt.Sprintf("%s %s–%s，每次%d人", when, ShortClock(r.From), ShortClock(r.To), r.PerDuty)
	if r.HolidayPolicy == HolidaySkip {
		return s + "，遇法定节假日取消"
	}
	return s + "，遇法定节假日顺延至下一个工作日"
}

func joinInts(v []int) string {
	parts := make([]string, len(v))
	for i, d := range v {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

func splitInts(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func getRosterRule(ctx context.Context, q queryer, stationID string) (RosterRule, error) {
	var r RosterRule
	var kind, days, c, u string
	var wd int
	err := q.QueryRowContext(ctx, `SELECT station_id, kind, weekday, nth, days, time_from, time_to, per_duty, holiday_policy, created_at, updated_at
		FROM roster_rule WHERE station_id = ?`, stationID).
		Scan(&r.StationID, &kind, &wd, &r.Nth, &days, &r.From, &r.To, &r.PerDuty, &r.HolidayPolicy, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("store: roster rule for station %s: %w", stationID, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("store: read roster rule %s: %w", stationID, err)
	}
	r.Kind, r.Weekday = RuleKind(kind), time.Weekday(wd%7)
	switch r.Kind {
	case RuleMonthDays:
		r.Days = splitInts(days)
	case RuleDates:
		r.Dates = splitList(days)
	}
	r.CreatedAt, r.UpdatedAt = parseStamp(c), parseStamp(u)
	return r, nil
}

// RosterRule returns a station's reception-day rule, or ErrNotFound.
func (db *DB) RosterRule(ctx context.Context, stationID string) (RosterRule, error) {
	return getRosterRule(ctx, db.r, stationID)
}

// RosterRules returns every station's rule, keyed by station ID.
func (db *DB) RosterRules(ctx context.Context) (map[string]RosterRule, error) {
	ids, err := column(ctx, db.r, `SELECT station_id FROM roster_rule`)
	if err != nil {
		return nil, err
	}
	out := make(map[string]RosterRule, len(ids))
	for _, id := range ids {
		r, err := getRosterRule(ctx, db.r, id)
		if err != nil {
			return nil, err
		}
		out[id] = r
	}
	return out, nil
}

// SaveRosterRule sets a station's rule and writes the rule's description
// into the station's OpeningRule so the 接待时间 shown elsewhere agrees.
func (db *DB) SaveRosterRule(ctx context.Context, r *RosterRule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	var days string
	switch r.Kind {
	case RuleMonthDays:
		days = joinInts(r.Days)
	case RuleDates:
		days = strings.Join(r.Dates, ",")
	}
	wd := int(r.Weekday)
	if wd == 0 && (r.Kind == RuleWeekly || r.Kind == RuleMonthlyNth) {
		wd = 7 // stored ISO-style: 1 = Monday … 7 = Sunday
	}
	return db.update(ctx, func(tx *Tx) error {
		st, err := getStation(ctx, tx, r.StationID)
		if err != nil {
			return err
		}
		old, err := getRosterRule(ctx, tx, r.StationID)
		exists := err == nil
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if exists {
			r.CreatedAt, r.UpdatedAt = old.CreatedAt, tx.now
			_, err = tx.ExecContext(ctx, `UPDATE roster_rule SET kind=?, weekday=?, nth=?, days=?, time_from=?, time_to=?, per_duty=?, holiday_policy=?, updated_at=?
				WHERE station_id=?`, string(r.Kind), wd, r.Nth, days, r.From, r.To, r.PerDuty, r.HolidayPolicy, stamp(tx.now), r.StationID)
		} else {
			r.CreatedAt, r.UpdatedAt = tx.now, tx.now
			_, err = tx.ExecContext(ctx, `INSERT INTO roster_rule(station_id, kind, weekday, nth, days, time_from, time_to, per_duty, holiday_policy, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,?,?,?,?)`, r.StationID, string(r.Kind), wd, r.Nth, days, r.From, r.To, r.PerDuty, r.HolidayPolicy, stamp(tx.now), stamp(tx.now))
		}
		if err != nil {
			return fmt.Errorf("store: save roster rule %s: %w", r.StationID, err)
		}
		if desc := r.Describe(); st.OpeningRule != desc {
			if _, err := tx.ExecContext(ctx, `UPDATE station SET opening_rule=?, updated_at=? WHERE id=?`, desc, stamp(tx.now), st.ID); err != nil {
				return fmt.Errorf("store: update station opening rule: %w", err)
			}
			newSt := st
			newSt.OpeningRule = desc
			if err := tx.logChange(ctx, "station", st.ID, "update", st.Name, st, newSt); err != nil {
				return err
			}
		}
		if !exists {
			return tx.logChange(ctx, "roster_rule", r.StationID, "create", st.Name+" 接待日规则", nil, r)
		}
		return tx.logChange(ctx, "roster_rule", r.StationID, "update", st.Name+" 接待日规则", old, r)
	})
}

// Attendance marks.
const (
	AttendPresent     = "到岗"
	AttendLeave       = "请假"
	AttendAbsent      = "缺席"
	AttendSubstituted = "替班"
)

// AttendanceKinds lists the marks in the order offered.
var AttendanceKinds = []string{AttendPresent, AttendLeave, AttendAbsent, AttendSubstituted}

// Mark is one deputy's attendance on a duty. For 替班, SubstituteID is the
// deputy who stood in.
type Mark struct {
	Status       string
	SubstituteID string
}

// Duty is one reception session at a station on a day, with the deputies on
// it. HandEdited and Held duties are kept when the roster is regenerated.
type Duty struct {
	ID         string
	StationID  string
	Date       string // YYYY-MM-DD
	From, To   string // HH:MM
	DeputyIDs  []string
	Marks      map[string]Mark // by deputy ID; only marked deputies appear
	HandEdited bool
	Held       bool
	MovedFrom  string // the rule's date when a holiday moved the duty
	Note       string
	CreatedAt  time.Time `log:"-"`
	UpdatedAt  time.Time `log:"-"`
}

// clockSpan puts a From–To pair of clock times in their stored form, or notes
// what is wrong with them: a rule's hours and a duty's are checked alike.
func (p *problems) clockSpan(from, to *string) {
	f, okF := ParseClock(*from)
	t, okT := ParseClock(*to)
	if !okF {
		p.add("From", "开始时间", "时间格式应为 9:00")
	}
	if !okT {
		p.add("To", "结束时间", "时间格式应为 11:30")
	}
	if okF && okT {
		*from, *to = f, t
		if t <= f {
			p.add("To", "结束时间", "应晚于开始时间")
		}
	}
}

// Validate checks a duty and normalises it in place.
func (d *Duty) Validate() error {
	var p problems
	d.Note = Normalize(d.Note)
	if d.StationID == "" {
		p.add("StationID", "联络站点", "请选择站点")
	}
	p.date(&d.Date, "Date", "日期", "日期格式应为 2026-12-04")
	p.clockSpan(&d.From, &d.To)
	if n := len(d.DeputyIDs); len(uniqueStrings(d.DeputyIDs)) != n {
		p.add("DeputyIDs", "值班代表", "同一代表不能在一次接待中出现两次")
	}
	for id, m := range d.Marks {
		if !validChoice(id, d.DeputyIDs) {
			p.add("Marks", "到岗情况", "只能为本次值班的代表登记到岗情况")
			break
		}
		if !validChoice(m.Status, AttendanceKinds) {
			p.add("Marks", "到岗情况", "应为到岗、请假、缺席或替班")
			break
		}
	}
	return p.err()
}

// DutyFilter selects duties; zero fields match everything.
type DutyFilter struct {
	StationID string
	DeputyID  string // duties the deputy is on (or stood in for)
	From, To  string // YYYY-MM-DD inclusive
}

// Duties lists duties by date, then station.
func (db *DB) Duties(ctx context.Context, f DutyFilter) ([]Duty, error) {
	return listDuties(ctx, db.r, f)
}

func listDuties(ctx context.Context, q queryer, f DutyFilter) ([]Duty, error) {
	where := ` WHERE 1=1`
	var args []any
	if f.StationID != "" {
		where += ` AND d.station_id = ?`
		args = append(args, f.StationID)
	}
	if f.DeputyID != "" {
		where += ` AND d.id IN (SELECT duty_id FROM duty_deputy WHERE deputy_id = ? OR substitute_id = ?)`
		args = append(args, f.DeputyID, f.DeputyID)
	}
	if f.From != "" {
		where += ` AND d.day >= ?`
		args = append(args, f.From)
	}
	if f.To != "" {
		where += ` AND d.day <= ?`
		args = append(args, f.To)
	}
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.station_id, d.day, d.time_from, d.time_to, d.hand_edited, d.held, d.moved_from, d.note,
		d.created_at, d.updated_at FROM duty d`+where+` ORDER BY d.day, d.station_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list duties: %w", err)
	}
	var out []Duty
	index := map[string]int{}
	for rows.Next() {
		var d Duty
		var c, u string
		if err := rows.Scan(&d.ID, &d.StationID, &d.Date, &d.From, &d.To, &d.HandEdited, &d.Held, &d.MovedFrom, &d.Note, &c, &u); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan duty: %w", err)
		}
		d.CreatedAt, d.UpdatedAt = parseStamp(c), parseStamp(u)
		d.DeputyIDs = []string{}
		index[d.ID] = len(out)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err = q.QueryContext(ctx, `SELECT dd.duty_id, dd.deputy_id, dd.attendance, coalesce(dd.substitute_id, '')
		FROM duty_deputy dd JOIN duty d ON d.id = dd.duty_id`+where+` ORDER BY dd.duty_id, dd.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list duty deputies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var dutyID, deputyID, att, sub string
		if err := rows.Scan(&dutyID, &deputyID, &att, &sub); err != nil {
			return nil, err
		}
		i, ok := index[dutyID]
		if !ok {
			continue
		}
		d := &out[i]
		d.DeputyIDs = append(d.DeputyIDs, deputyID)
		if att != "" {
			if d.Marks == nil {
				d.Marks = map[string]Mark{}
			}
			d.Marks[deputyID] = Mark{Status: att, SubstituteID: sub}
		}
	}
	return out, rows.Err()
}

func getDuty(ctx context.Context, q queryer, id string) (Duty, error) {
	var d Duty
	var c, u string
	err := q.QueryRowContext(ctx, `SELECT id, station_id, day, time_from, time_to, hand_edited, held, moved_from, note, created_at, updated_at
		FROM duty WHERE id = ?`, id).Scan(&d.ID, &d.StationID, &d.Date, &d.From, &d.To, &d.HandEdited, &d.Held, &d.MovedFrom, &d.Note, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("store: duty %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("store: read duty %s: %w", id, err)
	}
	d.CreatedAt, d.UpdatedAt = parseStamp(c), parseStamp(u)
	rows, err := q.QueryContext(ctx, `SELECT deputy_id, attendance, coalesce(substitute_id, '') FROM duty_deputy WHERE duty_id = ? ORDER BY position`, id)
	if err != nil {
		return d, fmt.Errorf("store: read duty deputies %s: %w", id, err)
	}
	defer rows.Close()
	d.DeputyIDs = []string{}
	for rows.Next() {
		var dep, att, sub string
		if err := rows.Scan(&dep, &att, &sub); err != nil {
			return d, err
		}
		d.DeputyIDs = append(d.DeputyIDs, dep)
		if att != "" {
			if d.Marks == nil {
				d.Marks = map[string]Mark{}
			}
			d.Marks[dep] = Mark{Status: att, SubstituteID: sub}
		}
	}
	return d, rows.Err()
}

// Duty returns one duty with its deputies and marks.
func (db *DB) Duty(ctx context.Context, id string) (Duty, error) { return getDuty(ctx, db.r, id) }

// SaveDuty creates (empty ID) or updates one duty, as typed or edited by the
// secretary; the caller sets HandEdited when the edit should survive
// regeneration.
func (db *DB) SaveDuty(ctx context.Context, d *Duty) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.saveDuty(ctx, d) })
}

// ApplyDuties deletes the duties in remove and saves those in save, all in
// one transaction: a generated roster is written whole or not at all.
func (db *DB) ApplyDuties(ctx context.Context, remove []string, save []*Duty) error {
	for i, d := range save {
		if err := d.Validate(); err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				return fmt.Errorf("第%d条值班安排（%s）：%w", i+1, d.Date, err)
			}
			return err
		}
	}
	return db.update(ctx, func(tx *Tx) error {
		for _, id := range remove {
			// Duties a regeneration replaces are not the secretary's
			// deletions: they are change-logged, not put in the 回收站.
			if err := tx.deleteDuty(ctx, id, false); err != nil {
				return err
			}
		}
		for _, d := range save {
			if err := tx.saveDuty(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

func dutySummary(st Station, d *Duty) string { return st.Name + " " + d.Date }

func (tx *Tx) saveDuty(ctx context.Context, d *Duty) error {
	st, err := getStation(ctx, tx, d.StationID)
	if err != nil {
		return err
	}
	var dup string
	err = tx.QueryRowContext(ctx, `SELECT id FROM duty WHERE station_id = ? AND day = ? AND id <> ?`, d.StationID, d.Date, d.ID).Scan(&dup)
	if err == nil {
		return &ValidationError{Errors: []FieldError{{Field: "Date", Label: "日期", Message: st.Name + FormatDate(d.Date) + "已有接待安排"}}}
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: check duty date: %w", err)
	}
	for _, id := range d.DeputyIDs {
		if _, err := getDeputy(ctx, tx, id); err != nil {
			return err
		}
	}
	var old *Duty
	if d.ID == "" {
		d.ID = NewID()
		d.CreatedAt, d.UpdatedAt = tx.now, tx.now
		if _, err := tx.ExecContext(ctx, `INSERT INTO duty(id, station_id, day, time_from, time_to, hand_edited, held, moved_from, note, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, d.ID, d.StationID, d.Date, d.From, d.To, d.HandEdited, d.Held, d.MovedFrom, d.Note,
			stamp(tx.now), stamp(tx.now)); err != nil {
			return fmt.Errorf("store: create duty: %w", err)
		}
	} else {
		o, err := getDuty(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		old = &o
		d.CreatedAt, d.UpdatedAt = o.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE duty SET station_id=?, day=?, time_from=?, time_to=?, hand_edited=?, held=?, moved_from=?, note=?, updated_at=?
			WHERE id=?`, d.StationID, d.Date, d.From, d.To, d.HandEdited, d.Held, d.MovedFrom, d.Note, stamp(tx.now), d.ID); err != nil {
			return fmt.Errorf("store: update duty %s: %w", d.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM duty_deputy WHERE duty_id = ?`, d.ID); err != nil {
			return fmt.Errorf("store: update duty deputies %s: %w", d.ID, err)
		}
	}
	for i, id := range d.DeputyIDs {
		m := d.Marks[id]
		if _, err := tx.ExecContext(ctx, `INSERT INTO duty_deputy(duty_id, deputy_id, position, attendance, substitute_id) VALUES (?,?,?,?,?)`,
			d.ID, id, i, m.Status, nullable(m.SubstituteID)); err != nil {
			return fmt.Errorf("store: add duty deputy: %w", err)
		}
	}
	if old == nil {
		return tx.logChange(ctx, "duty", d.ID, "create", dutySummary(st, d), nil, d)
	}
	return tx.logChange(ctx, "duty", d.ID, "update", dutySummary(st, d), old, d)
}

// DeleteDuty moves one duty to the 回收站; its attendance history stays.
func (db *DB) DeleteDuty(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error { return tx.deleteDuty(ctx, id, true) })
}

func (tx *Tx) deleteDuty(ctx context.Context, id string, toTrash bool) error {
	old, err := getDuty(ctx, tx, id)
	if err != nil {
		return err
	}
	if toTrash {
		if err := tx.trash(ctx, "duty", "duty", id, old.Date+" 值班", ""); err != nil {
			return err
		}
	} else if _, err := tx.ExecContext(ctx, `DELETE FROM duty WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: delete duty %s: %w", id, err)
	}
	return tx.logChange(ctx, "duty", id, "delete", old.Date, old, nil)
}

// AttendanceRecord is one row of a duty's attendance history.
type AttendanceRecord struct {
	Seq          int64
	DutyID       string
	StationID    string
	Date         string
	DeputyID     string
	Status       string // "" when a mark was withdrawn
	SubstituteID string
	Note         string
	At           time.Time
	Actor        string
}

// AttendanceMark is one deputy's attendance on a duty, for MarkAttendances.
type AttendanceMark struct {
	DeputyID     string
	Status       string // "" withdraws a mark
	SubstituteID string
	Note         string
}

// MarkAttendance records after the day whether a deputy on a duty came.
// status "" withdraws a mark. Marking makes the duty held, so regeneration
// keeps it. Every mark is also appended to the attendance history.
func (db *DB) MarkAttendance(ctx context.Context, dutyID, deputyID, status, substituteID, note string) error {
	return db.MarkAttendances(ctx, dutyID, []AttendanceMark{{DeputyID: deputyID, Status: status, SubstituteID: substituteID, Note: note}})
}

// MarkAttendances records a screenful of marks for one duty in one
// transaction: all are saved or, when one is wrong, none.
func (db *DB) MarkAttendances(ctx context.Context, dutyID string, marks []AttendanceMark) error {
	for i := range marks {
		if err := checkMark(&marks[i]); err != nil {
			return err
		}
	}
	return db.update(ctx, func(tx *Tx) error {
		old, err := getDuty(ctx, tx, dutyID)
		if err != nil {
			return err
		}
		for _, m := range marks {
			if err := tx.markAttendance(ctx, old, m); err != nil {
				return err
			}
		}
		cur, err := getDuty(ctx, tx, dutyID)
		if err != nil {
			return err
		}
		return tx.logChange(ctx, "duty", dutyID, "update", "到岗登记 "+old.Date, old, cur)
	})
}

func checkMark(m *AttendanceMark) error {
	var p problems
	if m.Status != "" && !validChoice(m.Status, AttendanceKinds) {
		p.add("Status", "到岗情况", "应为到岗、请假、缺席或替班")
	}
	if m.Status == AttendSubstituted && m.SubstituteID == "" {
		p.add("SubstituteID", "替班代表", "替班时须选择替班的代表")
	}
	if m.Status != AttendSubstituted {
		m.SubstituteID = ""
	}
	if m.SubstituteID == m.DeputyID && m.SubstituteID != "" {
		p.add("SubstituteID", "替班代表", "不能由本人替班")
	}
	return p.err()
}

func (tx *Tx) markAttendance(ctx context.Context, old Duty, m AttendanceMark) error {
	if !validChoice(m.DeputyID, old.DeputyIDs) {
		return &ValidationError{Errors: []FieldError{{Field: "DeputyID", Label: "代表", Message: "不在本次值班名单中"}}}
	}
	if m.SubstituteID != "" {
		if _, err := getDeputy(ctx, tx, m.SubstituteID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE duty_deputy SET attendance=?, substitute_id=? WHERE duty_id=? AND deputy_id=?`,
		m.Status, nullable(m.SubstituteID), old.ID, m.DeputyID); err != nil {
		return fmt.Errorf("store: mark attendance: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE duty SET held=1, updated_at=? WHERE id=?`, stamp(tx.now), old.ID); err != nil {
		return fmt.Errorf("store: mark duty held: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO attendance_history(duty_id, station_id, day, deputy_id, attendance, substitute_id, note, at, actor)
		VALUES (?,?,?,?,?,?,?,?,?)`, old.ID, old.StationID, old.Date, m.DeputyID, m.Status, m.SubstituteID, Normalize(m.Note), stamp(tx.now), tx.who()); err != nil {
		return fmt.Errorf("store: write attendance history: %w", err)
	}
	return nil
}

// AttendanceFilter selects attendance history; zero fields match everything.
type AttendanceFilter struct {
	DutyID   string
	DeputyID string
	From, To string
}

// AttendanceHistory lists attendance marks, oldest first.
func (db *DB) AttendanceHistory(ctx context.Context, f AttendanceFilter) ([]AttendanceRecord, error) {
	q := `SELECT seq, duty_id, station_id, day, deputy_id, attendance, substitute_id, note, at, actor FROM attendance_history WHERE 1=1`
	var args []any
	if f.DutyID != "" {
		q += ` AND duty_id = ?`
		args = append(args, f.DutyID)
	}
	if f.DeputyID != "" {
		q += ` AND (deputy_id = ? OR substitute_id = ?)`
		args = append(args, f.DeputyID, f.DeputyID)
	}
	if f.From != "" {
		q += ` AND day >= ?`
		args = append(args, f.From)
	}
	if f.To != "" {
		q += ` AND day <= ?`
		args = append(args, f.To)
	}
	rows, err := db.r.QueryContext(ctx, q+` ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: attendance history: %w", err)
	}
	defer rows.Close()
	var out []AttendanceRecord
	for rows.Next() {
		var a AttendanceRecord
		var at string
		if err := rows.Scan(&a.Seq, &a.DutyID, &a.StationID, &a.Date, &a.DeputyID, &a.Status, &a.SubstituteID, &a.Note, &at, &a.Actor); err != nil {
			return nil, err
		}
		a.At = parseStamp(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
