package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Dispositions are the 办理方式 of a case.
var Dispositions = []string{"当场答复", "交办乡镇或村（社区）", "转为代表建议", "转12345热线", "转调解", "其他"}

// Disposition names used in code.
const (
	DispOnSpot     = "当场答复"
	DispAssigned   = "交办乡镇或村（社区）"
	DispSuggestion = "转为代表建议"
)

// CaseStatuses is the closed loop, in order: 登记 → 交办 → 办理中 → 办结 → 已反馈 → 已回访.
var CaseStatuses = []string{"登记", "交办", "办理中", "办结", "已反馈", "已回访"}

// Status ranks.
const (
	RankRegistered = iota
	RankAssigned
	RankInProgress
	RankClosed
	RankReplied
	RankFollowedUp
)

// Satisfactions are the answers recorded at 回访.
var Satisfactions = []string{"满意", "基本满意", "不满意"}

// SuggestionClasses are the result classes of a 代表建议: A 已解决/采纳, B 列入计划, C 留作参考.
var SuggestionClasses = []string{"A", "B", "C"}

// StatusRank returns the position of s in CaseStatuses, or -1.
func StatusRank(s string) int {
	for i, v := range CaseStatuses {
		if v == s {
			return i
		}
	}
	return -1
}

// Case is one matter raised by one visitor (群众反映事项).
type Case struct {
	ID             string
	No             string // 编号 YYYY-NNNNN, given on creation
	ReceptionID    string
	Day            string `log:"-"` // the reception's day
	StationID      string `log:"-"` // the reception's station
	VisitorName    string
	VisitorPhone   string
	VisitorVillage string
	VisitorID      string // optional 身份证号
	Category       string
	Content        string
	Disposition    string
	Deadline       string // YYYY-MM-DD or ""
	// A case turned into a 代表建议.
	SuggestionNo    string
	SuggestionDept  string
	SuggestionClass string // A/B/C or ""

	// Kept by the status steps; read only.
	Status       string    `log:"-"`
	ClosedDay    string    `log:"-"`
	Satisfaction string    `log:"-"`
	CreatedAt    time.Time `log:"-"`
	UpdatedAt    time.Time `log:"-"`

	// Filled by reads.
	StationName string `log:"-"`
	LeadUnit    string `log:"-"` // current 主办 unit
	// The 12345 work order's number and latest state ("" when none).
	HotlineNo    string `log:"-"`
	HotlineState string `log:"-"`
}

// Overdue reports whether the deadline has passed (before today,
// YYYY-MM-DD) and the case has not reached 办结 or its 12345 work order is
// still open.
func (c *Case) Overdue(today string) bool {
	return c.Deadline != "" && c.Deadline < today && (StatusRank(c.Status) < RankClosed || HotlineOpen(c.HotlineState))
}

// Step is one status step. A correction is a later step with Replaces set;
// Superseded marks a step that a later one corrected.
type Step struct {
	Seq          int64
	Status       string
	Day          string
	Who          string
	Text         string
	Satisfaction string
	Replaces     int64
	Superseded   bool
	At           time.Time
	Actor        string
}

// Handler is a unit a case is sent to (承办单位).
type Handler struct {
	ID            string
	Unit          string
	Role          string // 主办 or 协办
	AssignedDay   string
	DeclinedDay   string // set when the unit declined (退回)
	DeclineReason string
}

// Urge is one 催办 record.
type Urge struct {
	ID   string
	Day  string
	By   string
	How  string // 电话, 书面, 当面 …
	Note string
}

// CaseDetail is a case with its whole history.
type CaseDetail struct {
	Case
	Steps    []Step // every step ever written, oldest first
	Handlers []Handler
	Urges    []Urge
	Hotline  []HotlineStep // the 12345 work order's states, oldest first
}

// CurrentSteps returns the steps in force: those not corrected later.
func (d *CaseDetail) CurrentSteps() []Step {
	var out []Step
	for _, s := range d.Steps {
		if !s.Superseded {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks a case's own fields and normalises them in place.
func (c *Case) Validate() error {
	var p problems
	c.VisitorName, c.VisitorPhone, c.VisitorVillage = Normalize(c.VisitorName), Normalize(c.VisitorPhone), Normalize(c.VisitorVillage)
	c.VisitorID = strings.ToUpper(Normalize(c.VisitorID))
	c.Category, c.Disposition, c.Content = Normalize(c.Category), Normalize(c.Disposition), strings.TrimSpace(c.Content)
	c.SuggestionNo, c.SuggestionDept, c.SuggestionClass = Normalize(c.SuggestionNo), Normalize(c.SuggestionDept), strings.ToUpper(Normalize(c.SuggestionClass))
	if c.ReceptionID == "" {
		p.add("ReceptionID", "接待记录", "须属于一次接待")
	}
	if c.VisitorName == "" {
		p.add("VisitorName", "反映人", "不能为空（匿名可填“匿名”）")
	}
	if c.VisitorPhone != "" && !ValidPhone(c.VisitorPhone) {
		p.add("VisitorPhone", "联系电话", "应为11位手机号或带区号的固定电话")
	}
	if c.VisitorID != "" && !ValidIDNumber(c.VisitorID) {
		p.add("VisitorID", "身份证号", "不是有效的18位居民身份证号")
	}
	if c.Category == "" {
		p.add("Category", "类别", "请选择类别")
	}
	if c.Content == "" {
		p.add("Content", "反映内容", "不能为空")
	}
	if !validChoice(c.Disposition, Dispositions) {
		p.add("Disposition", "办理方式", "请选择"+strings.Join(Dispositions, "、")+"之一")
	}
	if c.Deadline != "" {
		p.date(&c.Deadline, "Deadline", "办理时限", "日期格式应为 2026-11-22")
	}
	if c.SuggestionClass != "" && !validChoice(c.SuggestionClass, SuggestionClasses) {
		p.add("SuggestionClass", "办理结果类别", "应为A、B、C之一")
	}
	if c.Disposition != DispSuggestion && (c.SuggestionNo != "" || c.SuggestionDept != "" || c.SuggestionClass != "") {
		p.add("SuggestionNo", "建议编号", "只有“转为代表建议”的事项才填写代表建议信息")
	}
	return p.err()
}

const caseCols = `c.id, c.no, c.reception_id, c.day, coalesce(c.station_id, ''), c.visitor_name, c.visitor_phone, c.visitor_village, c.visitor_id,
	c.category, c.content, c.disposition, c.deadline, c.suggestion_no, c.suggestion_dept, c.suggestion_class,
	c.status, c.closed_day, c.satisfaction, c.created_at, c.updated_at, coalesce(s.name, ''),
	coalesce((SELECT h.unit FROM case_handler h WHERE h.case_id = c.id AND h.role = '主办' AND h.declined_day = ''), ''),
	coalesce((SELECT o.order_no || char(31) || o.state FROM case_hotline o WHERE o.case_id = c.id ORDER BY o.day DESC, o.at DESC, o.rowid DESC LIMIT 1), '')`

const caseFrom = ` FROM cases c LEFT JOIN station s ON s.id = c.station_id`

func scanCase(sc scanner) (Case, error) {
	var c Case
	var cr, up, hotline string
	err := sc.Scan(&c.ID, &c.No, &c.ReceptionID, &c.Day, &c.StationID, &c.VisitorName, &c.VisitorPhone, &c.VisitorVillage, &c.VisitorID,
		&c.Category, &c.Content, &c.Disposition, &c.Deadline, &c.SuggestionNo, &c.SuggestionDept, &c.SuggestionClass,
		&c.Status, &c.ClosedDay, &c.Satisfaction, &cr, &up, &c.StationName, &c.LeadUnit, &hotline)
	c.CreatedAt, c.UpdatedAt = parseStamp(cr), parseStamp(up)
	c.HotlineNo, c.HotlineState, _ = strings.Cut(hotline, "\x1f")
	return c, err
}

func getCase(ctx context.Context, q queryer, id string) (Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("store: case %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("store: read case %s: %w", id, err)
	}
	return c, nil
}

func getCaseDetail(ctx context.Context, q queryer, id string) (CaseDetail, error) {
	c, err := getCase(ctx, q, id)
	if err != nil {
		return CaseDetail{}, err
	}
	d := CaseDetail{Case: c}
	rows, err := q.QueryContext(ctx, `SELECT seq, status, day, who, text, satisfaction, coalesce(replaces, 0), at, actor,
		EXISTS (SELECT 1 FROM case_step x WHERE x.replaces = st.seq) FROM case_step st WHERE case_id = ? ORDER BY seq`, id)
	if err != nil {
		return d, fmt.Errorf("store: read case steps %s: %w", id, err)
	}
	for rows.Next() {
		var s Step
		var at string
		if err := rows.Scan(&s.Seq, &s.Status, &s.Day, &s.Who, &s.Text, &s.Satisfaction, &s.Replaces, &at, &s.Actor, &s.Superseded); err != nil {
			rows.Close()
			return d, err
		}
		s.At = parseStamp(at)
		d.Steps = append(d.Steps, s)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT id, unit, role, assigned_day, declined_day, decline_reason FROM case_handler WHERE case_id = ?
		ORDER BY assigned_day, created_at, role`, id)
	if err != nil {
		return d, fmt.Errorf("store: read case handlers %s: %w", id, err)
	}
	for rows.Next() {
		var h Handler
		if err := rows.Scan(&h.ID, &h.Unit, &h.Role, &h.AssignedDay, &h.DeclinedDay, &h.DeclineReason); err != nil {
			rows.Close()
			return d, err
		}
		d.Handlers = append(d.Handlers, h)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT id, day, by_whom, how, note FROM case_urge WHERE case_id = ? ORDER BY day, created_at`, id)
	if err != nil {
		return d, fmt.Errorf("store: read case urges %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var u Urge
		if err := rows.Scan(&u.ID, &u.Day, &u.By, &u.How, &u.Note); err != nil {
			return d, err
		}
		d.Urges = append(d.Urges, u)
	}
	if err := rows.Err(); err != nil {
		return d, err
	}
	d.Hotline, err = hotlineSteps(ctx, q, id)
	return d, err
}

// Case returns one case with its steps, handlers and 催办 records.
func (db *DB) Case(ctx context.Context, id string) (CaseDetail, error) {
	return getCaseDetail(ctx, db.r, id)
}

// SaveCase creates (empty ID; status 登记 on the reception's day) or updates
// a case's own fields. Status changes go through AdvanceCase.
func (db *DB) SaveCase(ctx context.Context, c *Case) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.saveCase(ctx, c) })
}

func (tx *Tx) checkCategory(ctx context.Context, name string, old string) error {
	var active int
	err := tx.QueryRowContext(ctx, `SELECT active FROM case_category WHERE name = ?`, name).Scan(&active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && active == 0 && name != old) {
		return &ValidationError{Errors: []FieldError{{Field: "Category", Label: "类别", Message: "“" + name + "”不在类别列表中"}}}
	}
	if err != nil {
		return fmt.Errorf("store: read category: %w", err)
	}
	return nil
}

func (tx *Tx) saveCase(ctx context.Context, c *Case) error {
	rec, err := getReception(ctx, tx, c.ReceptionID)
	if errors.Is(err, ErrNotFound) {
		return &ValidationError{Errors: []FieldError{{Field: "ReceptionID", Label: "接待记录", Message: "所属接待记录不存在"}}}
	}
	if err != nil {
		return err
	}
	c.Day, c.StationID = rec.Day, rec.StationID
	if c.ID == "" {
		if err := tx.checkCategory(ctx, c.Category, ""); err != nil {
			return err
		}
		c.ID = NewID()
		year := c.Day[:4]
		var last string
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(no), '') FROM cases WHERE no >= ? AND no < ?`, year+"-", year+".").Scan(&last); err != nil {
			return fmt.Errorf("store: next case number: %w", err)
		}
		n := 0
		if last != "" {
			n = atoi(last[5:])
		}
		c.No = fmt.Sprintf("%s-%05d", year, n+1)
		c.Status, c.ClosedDay, c.Satisfaction = CaseStatuses[0], "", ""
		c.CreatedAt, c.UpdatedAt = tx.now, tx.now
		if _, err := tx.ExecContext(ctx, `INSERT INTO cases(id, no, reception_id, day, station_id, visitor_name, visitor_phone, visitor_village, visitor_id,
			category, content, disposition, deadline, status, status_rank, suggestion_no, suggestion_dept, suggestion_class, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?,?)`,
			c.ID, c.No, c.ReceptionID, c.Day, nullable(c.StationID), c.VisitorName, c.VisitorPhone, c.VisitorVillage, c.VisitorID,
			c.Category, c.Content, c.Disposition, c.Deadline, c.Status, c.SuggestionNo, c.SuggestionDept, c.SuggestionClass,
			stamp(tx.now), stamp(tx.now)); err != nil {
			return fmt.Errorf("store: create case: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_step(case_id, status, day, who, text, at, actor) VALUES (?, '登记', ?, ?, '', ?, ?)`,
			c.ID, c.Day, tx.who(), stamp(tx.now), tx.who()); err != nil {
			return fmt.Errorf("store: create case step: %w", err)
		}
		if err := tx.refreshCase(ctx, c.ID); err != nil {
			return err
		}
		return tx.logChange(ctx, "case", c.ID, "create", c.No+" "+c.Category, nil, c)
	}
	old, err := getCase(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	if err := tx.checkCategory(ctx, c.Category, old.Category); err != nil {
		return err
	}
	c.No, c.Status, c.ClosedDay, c.Satisfaction, c.CreatedAt, c.UpdatedAt = old.No, old.Status, old.ClosedDay, old.Satisfaction, old.CreatedAt, tx.now
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET reception_id=?, day=?, station_id=?, visitor_name=?, visitor_phone=?, visitor_village=?, visitor_id=?,
		category=?, content=?, disposition=?, deadline=?, suggestion_no=?, suggestion_dept=?, suggestion_class=?, updated_at=? WHERE id=?`,
		c.ReceptionID, c.Day, nullable(c.StationID), c.VisitorName, c.VisitorPhone, c.VisitorVillage, c.VisitorID,
		c.Category, c.Content, c.Disposition, c.Deadline, c.SuggestionNo, c.SuggestionDept, c.SuggestionClass, stamp(tx.now), c.ID); err != nil {
		return fmt.Errorf("store: update case %s: %w", c.ID, err)
	}
	if err := tx.refreshCase(ctx, c.ID); err != nil {
		return err
	}
	return tx.logChange(ctx, "case", c.ID, "update", c.No+" "+c.Category, &old, c)
}

// refreshCase recomputes the status fields from the steps in force and
// rewrites the search document, so both always agree with the history.
func (tx *Tx) refreshCase(ctx context.Context, id string) error {
	rows, err := tx.QueryContext(ctx, `SELECT status, day, text, satisfaction FROM case_step st WHERE case_id = ?
		AND NOT EXISTS (SELECT 1 FROM case_step x WHERE x.replaces = st.seq) ORDER BY seq`, id)
	if err != nil {
		return fmt.Errorf("store: read case steps %s: %w", id, err)
	}
	rank, closed, satisfaction := 0, "", ""
	var texts []string
	for rows.Next() {
		var st, day, text, sat string
		if err := rows.Scan(&st, &day, &text, &sat); err != nil {
			rows.Close()
			return err
		}
		r := StatusRank(st)
		rank = max(rank, r)
		if r == RankClosed {
			closed = day
		}
		if r == RankFollowedUp {
			satisfaction = sat
		}
		if text != "" {
			texts = append(texts, text)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var rid int64
	var content string
	if err := tx.QueryRowContext(ctx, `UPDATE cases SET status = ?, status_rank = ?, closed_day = ?, satisfaction = ? WHERE id = ? RETURNING rid, content`,
		CaseStatuses[rank], rank, closed, satisfaction, id).Scan(&rid, &content); err != nil {
		return fmt.Errorf("store: update case status %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_fts WHERE rowid = ?`, rid); err != nil {
		return fmt.Errorf("store: update search index: %w", err)
	}
	doc := SearchTokens(content + "\n" + strings.Join(texts, "\n"))
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_fts(rowid, body) VALUES (?, ?)`, rid, doc); err != nil {
		return fmt.Errorf("store: update search index: %w", err)
	}
	return nil
}

// StepInput is what the secretary types for a status step.
type StepInput struct {
	Status       string
	Day          string
	Who          string
	Text         string // 办理结果, the reply given, or the 回访 notes
	Satisfaction string // at 已回访
}

func (s *StepInput) validate(currentRank int, disposition string, correcting bool) error {
	var p problems
	s.Who, s.Text, s.Satisfaction = Normalize(s.Who), strings.TrimSpace(s.Text), Normalize(s.Satisfaction)
	r := StatusRank(s.Status)
	switch {
	case r < 0:
		p.add("Status", "办理状态", "请选择"+strings.Join(CaseStatuses, "、")+"之一")
	case correcting:
	case r <= currentRank:
		p.add("Status", "办理状态", "事项已是“"+CaseStatuses[currentRank]+"”，只能向后推进；要改已有的步骤请用“更正”")
	case r > currentRank+1 && !skipAllowed(currentRank, r, disposition):
		p.add("Status", "办理状态", "应先到“"+CaseStatuses[currentRank+1]+"”（当场答复的事项可由登记直接办结）")
	}
	p.date(&s.Day, "Day", "日期", "日期格式应为 2026-11-22")
	if s.Who == "" {
		p.add("Who", "经办人", "不能为空")
	}
	if r >= RankClosed && s.Text == "" {
		p.add("Text", map[int]string{RankClosed: "办理结果", RankReplied: "答复内容", RankFollowedUp: "回访情况"}[r], "不能为空")
	}
	if r == RankFollowedUp && !validChoice(s.Satisfaction, Satisfactions) {
		p.add("Satisfaction", "满意度", "请选择满意、基本满意或不满意")
	}
	if r != RankFollowedUp && s.Satisfaction != "" {
		p.add("Satisfaction", "满意度", "只在回访时填写")
	}
	return p.err()
}

// skipAllowed reports whether a case may jump from rank from to rank to: a
// 当场答复 case is closed at 登记, and 办理中 is an optional note between
// 交办 and 办结 (many units report only the result).
func skipAllowed(from, to int, disposition string) bool {
	switch {
	case disposition == DispOnSpot && from == RankRegistered && to == RankClosed:
		return true
	case from == RankAssigned && to == RankClosed:
		return true
	}
	return false
}

// AdvanceCase moves a case one step along the loop (a 当场答复 case may go
// from 登记 straight to 办结). It returns the new step's Seq.
func (db *DB) AdvanceCase(ctx context.Context, caseID string, in StepInput) (int64, error) {
	var seq int64
	err := db.update(ctx, func(tx *Tx) error {
		old, err := stepCase(ctx, tx, caseID, &in)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO case_step(case_id, status, day, who, text, satisfaction, at, actor)
			VALUES (?,?,?,?,?,?,?,?) RETURNING seq`, caseID, in.Status, in.Day, in.Who, in.Text, in.Satisfaction, stamp(tx.now), tx.who()).Scan(&seq); err != nil {
			return fmt.Errorf("store: add case step %s: %w", caseID, err)
		}
		return tx.afterStep(ctx, &old, in.Status+" "+FormatDate(in.Day))
	})
	return seq, err
}

// stepCase reads the case a step is added to and checks the step against it:
// its status may follow the case's, and it is not dated before the case was
// registered. It normalises in as validate does; every write that adds a
// step starts so.
func stepCase(ctx context.Context, tx *Tx, caseID string, in *StepInput) (Case, error) {
	c, err := getCase(ctx, tx, caseID)
	if err != nil {
		return c, err
	}
	if err := in.validate(StatusRank(c.Status), c.Disposition, false); err != nil {
		return c, err
	}
	if in.Day < c.Day {
		return c, &ValidationError{Errors: []FieldError{{Field: "Day", Label: "日期", Message: "不能早于登记日期" + FormatDate(c.Day)}}}
	}
	return c, nil
}

func (tx *Tx) afterStep(ctx context.Context, old *Case, summary string) error {
	if err := tx.refreshCase(ctx, old.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, stamp(tx.now), old.ID); err != nil {
		return fmt.Errorf("store: touch case: %w", err)
	}
	now, err := getCase(ctx, tx, old.ID)
	if err != nil {
		return err
	}
	type status struct{ Status, ClosedDay, Satisfaction, Step string }
	return tx.logChange(ctx, "case", old.ID, "update", old.No+" "+summary,
		status{old.Status, old.ClosedDay, old.Satisfaction, ""}, status{now.Status, now.ClosedDay, now.Satisfaction, summary})
}

// CorrectStep replaces the step seq (which must be in force) with a
// corrected one of the same status. The old step stays in the history.
func (db *DB) CorrectStep(ctx context.Context, caseID string, seq int64, in StepInput) (int64, error) {
	var newSeq int64
	err := db.update(ctx, func(tx *Tx) error {
		old, err := getCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		var status string
		var superseded bool
		err = tx.QueryRowContext(ctx, `SELECT status, EXISTS (SELECT 1 FROM case_step x WHERE x.replaces = st.seq) FROM case_step st
			WHERE seq = ? AND case_id = ?`, seq, caseID).Scan(&status, &superseded)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: case step %d: %w", seq, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: read case step %d: %w", seq, err)
		}
		if superseded {
			return &ValidationError{Errors: []FieldError{{Field: "Status", Label: "办理状态", Message: "这一步已被更正过，请更正最新的记录"}}}
		}
		in.Status = status
		if err := in.validate(0, old.Disposition, true); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO case_step(case_id, status, day, who, text, satisfaction, replaces, at, actor)
			VALUES (?,?,?,?,?,?,?,?,?) RETURNING seq`, caseID, status, in.Day, in.Who, in.Text, in.Satisfaction, seq, stamp(tx.now), tx.who()).Scan(&newSeq); err != nil {
			return fmt.Errorf("store: correct case step %d: %w", seq, err)
		}
		return tx.afterStep(ctx, &old, "更正"+status)
	})
	return newSeq, err
}

// AssignHandler sends a case to a unit as 主办 or 协办. A new 主办 is
// refused while another 主办 has not declined.
func (db *DB) AssignHandler(ctx context.Context, caseID string, h *Handler) error {
	var p problems
	h.Unit, h.Role = Normalize(h.Unit), Normalize(h.Role)
	if h.Unit == "" {
		p.add("Unit", "承办单位", "不能为空")
	}
	if h.Role != "主办" && h.Role != "协办" {
		p.add("Role", "承办方式", "应为主办或协办")
	}
	p.date(&h.AssignedDay, "AssignedDay", "交办日期", "日期格式应为 2026-11-22")
	if err := p.err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		c, err := getCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if h.Role == "主办" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM case_handler WHERE case_id = ? AND role = '主办' AND declined_day = ''`, caseID).Scan(&n); err != nil {
				return fmt.Errorf("store: read handlers: %w", err)
			}
			if n > 0 {
				return &ValidationError{Errors: []FieldError{{Field: "Role", Label: "承办方式", Message: "已有主办单位；该单位退回后才能改派"}}}
			}
		}
		h.ID, h.DeclinedDay, h.DeclineReason = NewID(), "", ""
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_handler(id, case_id, unit, role, assigned_day, created_at) VALUES (?,?,?,?,?,?)`,
			h.ID, caseID, h.Unit, h.Role, h.AssignedDay, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: add handler: %w", err)
		}
		return tx.logChange(ctx, "case_handler", h.ID, "create", c.No+" "+h.Role+" "+h.Unit, nil, h)
	})
}

// DeclineHandler records that a unit declined (退回); the row stays as history
// and the case can be re-routed with AssignHandler.
func (db *DB) DeclineHandler(ctx context.Context, caseID, handlerID, day, reason string) error {
	d, ok := ParseDate(day)
	var p problems
	if !ok {
		p.add("DeclinedDay", "退回日期", "日期格式应为 2026-11-22")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		p.add("DeclineReason", "退回理由", "不能为空")
	}
	if err := p.err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var h Handler
		err := tx.QueryRowContext(ctx, `SELECT id, unit, role, assigned_day, declined_day, decline_reason FROM case_handler WHERE id = ? AND case_id = ?`,
			handlerID, caseID).Scan(&h.ID, &h.Unit, &h.Role, &h.AssignedDay, &h.DeclinedDay, &h.DeclineReason)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: handler %s: %w", handlerID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: read handler %s: %w", handlerID, err)
		}
		if h.DeclinedDay != "" {
			return &ValidationError{Errors: []FieldError{{Field: "DeclinedDay", Label: "退回日期", Message: "该单位已于" + FormatDate(h.DeclinedDay) + "退回"}}}
		}
		if d < h.AssignedDay {
			return &ValidationError{Errors: []FieldError{{Field: "DeclinedDay", Label: "退回日期", Message: "不能早于交办日期"}}}
		}
		old := h
		h.DeclinedDay, h.DeclineReason = d, reason
		if _, err := tx.ExecContext(ctx, `UPDATE case_handler SET declined_day = ?, decline_reason = ? WHERE id = ?`, d, reason, handlerID); err != nil {
			return fmt.Errorf("store: decline handler: %w", err)
		}
		return tx.logChange(ctx, "case_handler", h.ID, "update", h.Unit+" 退回", old, h)
	})
}

// AddUrge records a 催办.
func (db *DB) AddUrge(ctx context.Context, caseID string, u *Urge) error {
	var p problems
	u.By, u.How, u.Note = Normalize(u.By), Normalize(u.How), strings.TrimSpace(u.Note)
	p.date(&u.Day, "Day", "催办日期", "日期格式应为 2026-11-22")
	if u.By == "" {
		p.add("By", "催办人", "不能为空")
	}
	if u.How == "" {
		p.add("How", "催办方式", "不能为空（电话、书面、当面等）")
	}
	if err := p.err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		c, err := getCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		u.ID = NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_urge(id, case_id, day, by_whom, how, note, created_at) VALUES (?,?,?,?,?,?,?)`,
			u.ID, caseID, u.Day, u.By, u.How, u.Note, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: add urge: %w", err)
		}
		return tx.logChange(ctx, "case_urge", u.ID, "create", c.No+" 催办", nil, u)
	})
}

// DeleteCase moves a case, with its history, handlers and 催办 records, to
// the 回收站.
func (db *DB) DeleteCase(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error { return tx.deleteCase(ctx, id) })
}

func (tx *Tx) deleteCase(ctx context.Context, id string) error {
	old, err := getCase(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_fts WHERE rowid = (SELECT rid FROM cases WHERE id = ?)`, id); err != nil {
		return fmt.Errorf("store: delete case index: %w", err)
	}
	if err := tx.trash(ctx, "case", "cases", id, old.No+" "+old.Category, old.Content); err != nil {
		return err
	}
	return tx.logChange(ctx, "case", id, "delete", old.No, old, nil)
}

// Categories returns the active case categories in order.
func (db *DB) Categories(ctx context.Context) ([]string, error) {
	return column(ctx, db.r, `SELECT name FROM case_category WHERE active = 1 ORDER BY position`)
}

// SetCategories makes names the active category list, in that order. Names
// dropped from the list are retired, not deleted: old cases keep them.
func (db *DB) SetCategories(ctx context.Context, names []string) error {
	for i := range names {
		names[i] = Normalize(names[i])
	}
	names = uniqueStrings(names)
	if len(names) == 0 {
		return &ValidationError{Errors: []FieldError{{Field: "Categories", Label: "类别", Message: "至少保留一个类别"}}}
	}
	return db.update(ctx, func(tx *Tx) error {
		old, err := column(ctx, tx, `SELECT name FROM case_category WHERE active = 1 ORDER BY position`)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_category SET active = 0`); err != nil {
			return fmt.Errorf("store: set categories: %w", err)
		}
		for i, n := range names {
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_category(name, position, active, created_at) VALUES (?, ?, 1, ?)
				ON CONFLICT(name) DO UPDATE SET position = excluded.position, active = 1`, n, i+1, stamp(tx.now)); err != nil {
				return fmt.Errorf("store: set category %s: %w", n, err)
			}
		}
		type list struct{ Names []string }
		return tx.logChange(ctx, "case_category", "list", "update", "事项类别", list{old}, list{names})
	})
}

// AssignCase sends a case to its units in one transaction: the 主办 (and any
// 协办) handlers, the 办理时限 and the 交办 step. A case that already has a
// 主办 in force is refused, as by AssignHandler.
func (db *DB) AssignCase(ctx context.Context, caseID string, handlers []Handler, step StepInput, deadline string) error {
	var p problems
	step.Status = "交办"
	lead := 0
	for i := range handlers {
		h := &handlers[i]
		h.Unit, h.Role = Normalize(h.Unit), Normalize(h.Role)
		h.AssignedDay = step.Day
		if h.Role == "主办" {
			lead++
		}
		if h.Unit == "" && h.Role == "主办" {
			p.add("Unit", "主办单位", "交办须填写主办单位")
		}
	}
	if lead == 0 {
		p.add("Unit", "主办单位", "交办须填写主办单位")
	}
	if deadline = Normalize(deadline); deadline == "" {
		p.add("Deadline", "办理时限", "交办须定办理时限")
	} else if d, ok := ParseDate(deadline); ok {
		deadline = d
	} else {
		p.add("Deadline", "办理时限", "日期格式应为 2026-11-22")
	}
	if err := p.err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		old, err := stepCase(ctx, tx, caseID, &step)
		if err != nil {
			return err
		}
		if deadline < step.Day {
			return &ValidationError{Errors: []FieldError{{Field: "Deadline", Label: "办理时限", Message: "不能早于交办日期"}}}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM case_handler WHERE case_id = ? AND role = '主办' AND declined_day = ''`, caseID).Scan(&n); err != nil {
			return fmt.Errorf("store: read handlers: %w", err)
		}
		if n > 0 {
			return &ValidationError{Errors: []FieldError{{Field: "Unit", Label: "主办单位", Message: "已有主办单位；该单位退回后才能改派"}}}
		}
		for i := range handlers {
			h := &handlers[i]
			if h.Unit == "" {
				continue
			}
			h.ID, h.DeclinedDay, h.DeclineReason = NewID(), "", ""
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_handler(id, case_id, unit, role, assigned_day, created_at) VALUES (?,?,?,?,?,?)`,
				h.ID, caseID, h.Unit, h.Role, h.AssignedDay, stamp(tx.now)); err != nil {
				return fmt.Errorf("store: add handler: %w", err)
			}
			if err := tx.logChange(ctx, "case_handler", h.ID, "create", old.No+" "+h.Role+" "+h.Unit, nil, h); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET deadline = ? WHERE id = ?`, deadline, caseID); err != nil {
			return fmt.Errorf("store: set deadline %s: %w", caseID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_step(case_id, status, day, who, text, at, actor) VALUES (?,?,?,?,?,?,?)`,
			caseID, step.Status, step.Day, step.Who, step.Text, stamp(tx.now), tx.db.Actor); err != nil {
			return fmt.Errorf("store: add case step %s: %w", caseID, err)
		}
		return tx.afterStep(ctx, &old, "交办 "+FormatDate(step.Day)+"，限"+FormatDate(deadline)+"前办结")
	})
}

// DefaultDeadlineDays are the 办理时限 in working days by 办理方式 until the
// secretary sets others: 15 for what the township or a hotline handles,
// 30 for mediation, 90 for a 代表建议 (the county's three months).
var DefaultDeadlineDays = map[string]int{
	DispAssigned: 15, DispSuggestion: 90, "转12345热线": 15, "转调解": 30, "其他": 15,
}

const settingDeadlinePrefix = "case.deadline_workdays."

// DeadlineDays returns the 办理时限 in working days for each 办理方式 that has
// one (当场答复 has none), the stored setting over DefaultDeadlineDays.
func (db *DB) DeadlineDays(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for k, v := range DefaultDeadlineDays {
		out[k] = v
	}
	rows, err := db.r.QueryContext(ctx, `SELECT key, value FROM app_setting WHERE key LIKE ?`, settingDeadlinePrefix+"%")
	if err != nil {
		return nil, fmt.Errorf("store: read deadline settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		if n := atoi(v); n > 0 && validChoice(strings.TrimPrefix(k, settingDeadlinePrefix), Dispositions) {
			out[strings.TrimPrefix(k, settingDeadlinePrefix)] = n
		}
	}
	return out, rows.Err()
}

// SaveDeadlineDays stores the 办理时限 in working days by 办理方式 (1–365),
// change-logged.
func (db *DB) SaveDeadlineDays(ctx context.Context, days map[string]int) error {
	var p problems
	for k, v := range days {
		if !validChoice(k, Dispositions) || k == DispOnSpot {
			p.add("Disposition", "办理方式", "“"+k+"”没有办理时限")
		} else if v < 1 || v > 365 {
			p.add(k, k+"的办理时限", "应为1到365个工作日")
		}
	}
	if err := p.err(); err != nil {
		return err
	}
	old, err := db.DeadlineDays(ctx)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		for k, v := range days {
			if _, err := tx.ExecContext(ctx, `INSERT INTO app_setting(key, value, updated_at) VALUES (?, ?, ?)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
				settingDeadlinePrefix+k, fmt.Sprint(v), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: save deadline setting: %w", err)
			}
		}
		type limits struct{ Days map[string]int }
		return tx.logChange(ctx, "setting", "case_deadlines", "update", "办理时限", limits{old}, limits{days})
	})
}
