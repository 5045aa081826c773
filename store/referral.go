package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"deputydesk/store/calendar"
)

// Referral that is followed: a case 转12345热线 keeps the hotline's 工单号 and
// its states; a 代表建议 and a 公益诉讼检察建议 refer to each other with the
// procuratorate's 文号.

func init() {
	EntityNames["case_hotline"] = "12345工单"
	EntityNames["procuratorate_referral"] = "公益诉讼线索与检察建议"
	changeFields["case_hotline"] = map[string]string{"CaseID": "事项", "OrderNo": "工单号", "State": "工单状态",
		"Day": "日期", "Note": "说明"}
	changeFields["procuratorate_referral"] = map[string]string{"SuggestionID": "代表建议", "Direction": "关联方向",
		"ClueDay": "线索移送日期", "RefNo": "检察建议文号", "RefDay": "检察建议日期", "Subject": "事由", "State": "状态",
		"Note": "备注"}
}

// DispHotline is the disposition whose cases carry a 12345 work order.
const DispHotline = "转12345热线"

// HotlineStates are the states a 12345 work order reports: 已转办 (the
// order taken by the hotline), 办理中, 已办结, 已回访 (the hotline called the
// visitor back) and 退回 (returned; a new 已转办 re-submits it).
var HotlineStates = []string{"已转办", "办理中", "已办结", "已回访", "退回"}

// HotlineOpen reports whether an order in state is still to be followed:
// anything but 已办结 and 已回访 (a returned order must be re-routed).
func HotlineOpen(state string) bool {
	return state != "" && state != "已办结" && state != "已回访"
}

// hotlineOrderRe is a plausible 工单号: an optional prefix of up to four
// letters, then 8 to 20 digits, dashes allowed between them.
var hotlineOrderRe = regexp.MustCompile(`^[A-Z]{0,4}\d[\d-]{6,22}\d$`)

// NormalizeHotlineOrder folds a typed 工单号 (full-width digits, spaces,
// lower-case letters) and reports whether it looks like one.
func NormalizeHotlineOrder(s string) (string, bool) {
	s = strings.ToUpper(strings.ReplaceAll(Normalize(s), " ", ""))
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return s, hotlineOrderRe.MatchString(s) && digits >= 8 && digits <= 20 && !strings.Contains(s, "--")
}

// HotlineStep is one state a 12345 work order reported.
type HotlineStep struct {
	ID      string
	CaseID  string
	OrderNo string
	State   string
	Day     string
	Note    string
	At      string `log:"-"`
	Actor   string `log:"-"`
}

// Validate checks a step and normalises it in place.
func (h *HotlineStep) Validate() error {
	var p problems
	h.Note = strings.TrimSpace(h.Note)
	if strings.TrimSpace(h.OrderNo) == "" {
		p.add("OrderNo", "工单号", "不能为空")
	} else if no, ok := NormalizeHotlineOrder(h.OrderNo); ok {
		h.OrderNo = no
	} else {
		p.add("OrderNo", "工单号", "应为8至20位数字，可带字母前缀，如 GD20261115000123")
	}
	if !validChoice(h.State, HotlineStates) {
		p.add("State", "工单状态", "请选择"+strings.Join(HotlineStates, "、")+"之一")
	}
	if d, ok := ParseDate(h.Day); ok {
		h.Day = d
	} else {
		p.add("Day", "日期", "日期格式应为 2026-11-22")
	}
	return p.err()
}

const hotlineCols = `id, case_id, order_no, state, day, note, at, actor`

func scanHotline(r scanner) (HotlineStep, error) {
	var h HotlineStep
	return h, r.Scan(&h.ID, &h.CaseID, &h.OrderNo, &h.State, &h.Day, &h.Note, &h.At, &h.Actor)
}

func hotlineSteps(ctx context.Context, q queryer, caseID string) ([]HotlineStep, error) {
	out, err := queryAll(ctx, q, scanHotline, `SELECT `+hotlineCols+` FROM case_hotline WHERE case_id = ? ORDER BY day, at, rowid`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: read hotline steps %s: %w", caseID, err)
	}
	return out, nil
}

// HotlineSteps lists a case's 12345 states, oldest first.
func (db *DB) HotlineSteps(ctx context.Context, caseID string) ([]HotlineStep, error) {
	return hotlineSteps(ctx, db.r, caseID)
}

// AddHotlineStep records the state a case's 12345 work order reported. The
// case must be 转12345热线; the first state is 已转办; the 工单号 may change
// only with a new 已转办 (a returned order re-submitted); nothing follows
// 已回访; the day is not before the case's nor the last state's, nor after
// today; another case may not hold the same 工单号.
func (db *DB) AddHotlineStep(ctx context.Context, h *HotlineStep) error {
	if err := h.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		c, err := getCase(ctx, tx, h.CaseID)
		if err != nil {
			return err
		}
		bad := func(field, label, msg string) error {
			return &ValidationError{Errors: []FieldError{{Field: field, Label: label, Message: msg}}}
		}
		if c.Disposition != DispHotline {
			return bad("Disposition", "办理方式", "只有“转12345热线”的事项才登记工单")
		}
		steps, err := hotlineSteps(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		today := tx.now.In(calendar.Beijing).Format("2006-01-02")
		switch {
		case h.Day < c.Day:
			return bad("Day", "日期", "不能早于登记日期"+FormatDate(c.Day))
		case h.Day > today:
			return bad("Day", "日期", "不能晚于今天")
		}
		if len(steps) == 0 {
			if h.State != "已转办" {
				return bad("State", "工单状态", "第一步应为“已转办”")
			}
		} else {
			last := steps[len(steps)-1]
			switch {
			case last.State == "已回访":
				return bad("State", "工单状态", "工单"+last.OrderNo+"已回访，不再登记")
			case h.Day < last.Day:
				return bad("Day", "日期", "不能早于上一步"+FormatDate(last.Day))
			case h.OrderNo != last.OrderNo && h.State != "已转办":
				return bad("OrderNo", "工单号", "与已登记的"+last.OrderNo+"不同；重新转办时请选“已转办”")
			case h.State == last.State && h.OrderNo == last.OrderNo:
				return bad("State", "工单状态", "工单已是“"+last.State+"”")
			}
		}
		var other string
		err = tx.QueryRowContext(ctx, `SELECT c.no FROM case_hotline h JOIN cases c ON c.id = h.case_id
			WHERE h.order_no = ? AND h.case_id <> ? LIMIT 1`, h.OrderNo, c.ID).Scan(&other)
		if err == nil {
			return bad("OrderNo", "工单号", h.OrderNo+"已登记在事项"+other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: check hotline order: %w", err)
		}
		h.ID, h.At, h.Actor = NewID(), stamp(tx.now), tx.who()
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_hotline(`+hotlineCols+`) VALUES (?,?,?,?,?,?,?,?)`,
			h.ID, h.CaseID, h.OrderNo, h.State, h.Day, h.Note, h.At, h.Actor); err != nil {
			return fmt.Errorf("store: add hotline step: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, stamp(tx.now), c.ID); err != nil {
			return fmt.Errorf("store: touch case: %w", err)
		}
		return tx.logChange(ctx, "case_hotline", h.ID, "create", c.No+" 12345工单"+h.OrderNo+" "+h.State, nil, h)
	})
}

// DeleteHotlineStep moves a case's latest 12345 state (one entered by
// mistake) to the 回收站; earlier states are kept as the history.
func (db *DB) DeleteHotlineStep(ctx context.Context, caseID, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		c, err := getCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		steps, err := hotlineSteps(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if len(steps) == 0 || steps[len(steps)-1].ID != id {
			return &ValidationError{Errors: []FieldError{{Field: "State", Label: "工单状态", Message: "只能删除最近一步"}}}
		}
		last := steps[len(steps)-1]
		summary := c.No + " 12345工单" + last.OrderNo + " " + last.State
		if err := tx.trash(ctx, "case_hotline", "case_hotline", id, summary, FormatDate(last.Day)); err != nil {
			return err
		}
		return tx.logChange(ctx, "case_hotline", id, "delete", summary, last, nil)
	})
}

// HotlineOrder is a case's 12345 work order as it stands.
type HotlineOrder struct {
	CaseID, CaseNo, VisitorName, Category string
	Deadline, CaseStatus                  string
	OrderNo, State, Day, Since            string // Since: the first 已转办 of this 工单号
}

// Open reports whether the order is still to be followed.
func (o HotlineOrder) Open() bool { return HotlineOpen(o.State) }

// Overdue reports whether the order is open past the case's deadline.
func (o HotlineOrder) Overdue(today string) bool {
	return o.Open() && o.Deadline != "" && o.Deadline < today
}

// HotlineOrders lists every case's current 12345 order (its latest state),
// by case number; openOnly keeps those still open. from/to (YYYY-MM-DD,
// "" for no bound) select by the case's day.
func (db *DB) HotlineOrders(ctx context.Context, openOnly bool, from, to string) ([]HotlineOrder, error) {
	q := `SELECT c.id, c.no, c.visitor_name, c.category, c.deadline, c.status, h.order_no, h.state, h.day,
		(SELECT min(x.day) FROM case_hotline x WHERE x.case_id = c.id AND x.order_no = h.order_no)
		FROM cases c JOIN case_hotline h ON h.id = (SELECT y.id FROM case_hotline y WHERE y.case_id = c.id ORDER BY y.day DESC, y.at DESC, y.rowid DESC LIMIT 1)
		WHERE 1=1`
	var args []any
	if openOnly {
		q += ` AND h.state NOT IN ('已办结', '已回访')`
	}
	if from != "" {
		q += ` AND c.day >= ?`
		args = append(args, from)
	}
	if to != "" {
		q += ` AND c.day <= ?`
		args = append(args, to)
	}
	out, err := queryAll(ctx, db.r, func(r scanner) (HotlineOrder, error) {
		var o HotlineOrder
		return o, r.Scan(&o.CaseID, &o.CaseNo, &o.VisitorName, &o.Category, &o.Deadline, &o.CaseStatus, &o.OrderNo, &o.State, &o.Day, &o.Since)
	}, q+` ORDER BY c.no`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list hotline orders: %w", err)
	}
	return out, nil
}

// Procuratorate referral directions.
const (
	DirClue      = "移送线索"   // a 代表建议 passed to the procuratorate as a 公益诉讼线索
	DirFromPros  = "检察建议转来" // a 公益诉讼检察建议 that led to the 代表建议
	StateClue    = "已移送线索"
	StateIssued  = "已发检察建议"
	StateReplied = "已整改回复"
)

// ReferralDirections are the two ways a 代表建议 and the procuratorate meet.
var ReferralDirections = []string{DirClue, DirFromPros}

// ReferralStates are the states of a 线索 and the 检察建议 that answers it.
var ReferralStates = []string{StateClue, "已立案", StateIssued, StateReplied, "不予立案"}

// refNoRe is a procuratorate 文号 such as 某检行公建〔2026〕12号.
var refNoRe = regexp.MustCompile(`^\p{Han}[\p{Han}A-Za-z]*〔(19|20)\d{2}〕\d{1,5}号$`)

// NormalizeRefNo folds the brackets typed for 〔〕 ([], ［］, （）, ()) and
// reports whether s looks like a procuratorate 文号.
func NormalizeRefNo(s string) (string, bool) {
	s = strings.ReplaceAll(Normalize(s), " ", "")
	s = strings.NewReplacer("[", "〔", "]", "〕", "［", "〔", "］", "〕", "（", "〔", "）", "〕", "(", "〔", ")", "〕", "【", "〔", "】", "〕").Replace(s)
	return s, refNoRe.MatchString(s)
}

// Referral links a 代表建议 with the procuratorate: a 线索 passed on, and the
// 公益诉讼检察建议 that came back; or a 检察建议 that led to the suggestion.
type Referral struct {
	ID           string
	SuggestionID string
	Direction    string
	ClueDay      string // 线索移送日期 (移送线索)
	RefNo        string // 检察建议文号
	RefDay       string // 检察建议日期
	Subject      string // 事由
	State        string
	Note         string

	// Filled by reads.
	SuggestionNo    string `log:"-"`
	SuggestionTitle string `log:"-"`
	DeputyID        string `log:"-"`
	DeputyName      string `log:"-"`
}

// HasProcuratorialSuggestion reports whether a 检察建议 is recorded.
func (r *Referral) HasProcuratorialSuggestion() bool { return r.RefNo != "" }

// Validate checks a referral and normalises it in place.
func (r *Referral) Validate() error {
	var p problems
	r.Subject, r.Note = Normalize(r.Subject), strings.TrimSpace(r.Note)
	if r.SuggestionID == "" {
		p.add("SuggestionID", "代表建议", "请选择代表建议")
	}
	if !validChoice(r.Direction, ReferralDirections) {
		p.add("Direction", "关联方向", "请选择"+strings.Join(ReferralDirections, "、")+"之一")
	}
	if !validChoice(r.State, ReferralStates) {
		p.add("State", "状态", "请选择"+strings.Join(ReferralStates, "、")+"之一")
	}
	if r.Subject == "" {
		p.add("Subject", "事由", "不能为空")
	} else if len([]rune(r.Subject)) > 100 {
		p.add("Subject", "事由", "不能超过100个字")
	}
	if r.ClueDay != "" {
		if d, ok := ParseDate(r.ClueDay); ok {
			r.ClueDay = d
		} else {
			p.add("ClueDay", "线索移送日期", "日期格式应为 2026-11-22")
		}
	} else if r.Direction == DirClue {
		p.add("ClueDay", "线索移送日期", "移送线索时不能为空")
	}
	needRef := r.Direction == DirFromPros || r.State == StateIssued || r.State == StateReplied
	if strings.TrimSpace(r.RefNo) != "" {
		if no, ok := NormalizeRefNo(r.RefNo); ok {
			r.RefNo = no
		} else {
			p.add("RefNo", "检察建议文号", "格式应如 某检行公建〔2026〕12号")
		}
	} else if needRef {
		r.RefNo = ""
		p.add("RefNo", "检察建议文号", "已有检察建议时不能为空")
	} else {
		r.RefNo = ""
	}
	if r.RefDay != "" {
		if d, ok := ParseDate(r.RefDay); ok {
			r.RefDay = d
		} else {
			p.add("RefDay", "检察建议日期", "日期格式应为 2026-11-22")
		}
	} else if needRef || r.RefNo != "" {
		p.add("RefDay", "检察建议日期", "有文号时不能为空")
	}
	if r.Direction == DirClue && r.ClueDay != "" && r.RefDay != "" && r.RefDay < r.ClueDay {
		p.add("RefDay", "检察建议日期", "不能早于线索移送日期")
	}
	if r.Direction == DirFromPros && (r.State == StateClue || r.State == "已立案" || r.State == "不予立案") {
		p.add("State", "状态", "检察建议转来的应为“已发检察建议”或“已整改回复”")
	}
	return p.err()
}

const referralCols = `r.id, r.suggestion_id, r.direction, r.clue_day, r.ref_no, r.ref_day, r.subject, r.state, r.note,
	s.no, s.title, s.deputy_id, coalesce(d.name, '')`

const referralFrom = ` FROM procuratorate_referral r JOIN suggestion s ON s.id = r.suggestion_id LEFT JOIN deputy d ON d.id = s.deputy_id`

func scanReferral(sc scanner) (Referral, error) {
	var r Referral
	return r, sc.Scan(&r.ID, &r.SuggestionID, &r.Direction, &r.ClueDay, &r.RefNo, &r.RefDay, &r.Subject, &r.State, &r.Note,
		&r.SuggestionNo, &r.SuggestionTitle, &r.DeputyID, &r.DeputyName)
}

func getReferral(ctx context.Context, q queryer, id string) (Referral, error) {
	r, err := scanReferral(q.QueryRowContext(ctx, `SELECT `+referralCols+referralFrom+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("store: procuratorate referral %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("store: read procuratorate referral %s: %w", id, err)
	}
	return r, nil
}

// Referral returns one procuratorate referral.
func (db *DB) Referral(ctx context.Context, id string) (Referral, error) {
	return getReferral(ctx, db.r, id)
}

// ReferralFilter selects referrals; zero fields match everything. From/To
// bound the referral's day: the 线索移送日期, else the 检察建议日期.
type ReferralFilter struct {
	SuggestionID string
	DeputyID     string
	From, To     string
}

// Referrals lists procuratorate referrals, oldest first.
func (db *DB) Referrals(ctx context.Context, f ReferralFilter) ([]Referral, error) {
	w := ` WHERE 1=1`
	var args []any
	if f.SuggestionID != "" {
		w += ` AND r.suggestion_id = ?`
		args = append(args, f.SuggestionID)
	}
	if f.DeputyID != "" {
		w += ` AND s.deputy_id = ?`
		args = append(args, f.DeputyID)
	}
	day := `(CASE WHEN r.clue_day <> '' THEN r.clue_day ELSE r.ref_day END)`
	if f.From != "" {
		w += ` AND ` + day + ` >= ?`
		args = append(args, f.From)
	}
	if f.To != "" {
		w += ` AND ` + day + ` <= ?`
		args = append(args, f.To)
	}
	out, err := queryAll(ctx, db.r, scanReferral, `SELECT `+referralCols+referralFrom+w+` ORDER BY `+day+`, r.ref_no, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list procuratorate referrals: %w", err)
	}
	return out, nil
}

// ReferralDay is the day a referral counts on: the 线索移送日期, else the
// 检察建议日期.
func (r *Referral) Day() string {
	if r.ClueDay != "" {
		return r.ClueDay
	}
	return r.RefDay
}

// SaveReferral creates (empty ID) or updates a procuratorate referral. A
// 文号 is held by one referral only; no day is after today.
func (db *DB) SaveReferral(ctx context.Context, r *Referral) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		s, err := getSuggestion(ctx, tx, r.SuggestionID)
		if errors.Is(err, ErrNotFound) {
			return &ValidationError{Errors: []FieldError{{Field: "SuggestionID", Label: "代表建议", Message: "所选代表建议不存在"}}}
		}
		if err != nil {
			return err
		}
		today := tx.now.In(calendar.Beijing).Format("2006-01-02")
		if r.ClueDay > today {
			return &ValidationError{Errors: []FieldError{{Field: "ClueDay", Label: "线索移送日期", Message: "不能晚于今天"}}}
		}
		if r.RefDay > today {
			return &ValidationError{Errors: []FieldError{{Field: "RefDay", Label: "检察建议日期", Message: "不能晚于今天"}}}
		}
		if r.RefNo != "" {
			var other string
			err := tx.QueryRowContext(ctx, `SELECT s.title FROM procuratorate_referral r JOIN suggestion s ON s.id = r.suggestion_id
				WHERE r.ref_no = ? AND r.id <> ?`, r.RefNo, r.ID).Scan(&other)
			if err == nil {
				return &ValidationError{Errors: []FieldError{{Field: "RefNo", Label: "检察建议文号", Message: "已关联代表建议“" + other + "”"}}}
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: check referral ref no: %w", err)
			}
		}
		summary := "代表建议 " + s.Title + " " + r.Direction
		if r.RefNo != "" {
			summary += " " + r.RefNo
		}
		if r.ID == "" {
			r.ID = NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO procuratorate_referral(id, suggestion_id, direction, clue_day, ref_no, ref_day,
				subject, state, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
				r.ID, r.SuggestionID, r.Direction, r.ClueDay, r.RefNo, r.RefDay, r.Subject, r.State, r.Note, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: add procuratorate referral: %w", err)
			}
			return tx.logChange(ctx, "procuratorate_referral", r.ID, "create", summary, nil, r)
		}
		old, err := getReferral(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE procuratorate_referral SET suggestion_id=?, direction=?, clue_day=?, ref_no=?, ref_day=?,
			subject=?, state=?, note=?, updated_at=? WHERE id=?`,
			r.SuggestionID, r.Direction, r.ClueDay, r.RefNo, r.RefDay, r.Subject, r.State, r.Note, stamp(tx.now), r.ID); err != nil {
			return fmt.Errorf("store: update procuratorate referral: %w", err)
		}
		return tx.logChange(ctx, "procuratorate_referral", r.ID, "update", summary, old, r)
	})
}

// DeleteReferral moves a procuratorate referral to the 回收站.
func (db *DB) DeleteReferral(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getReferral(ctx, tx, id)
		if err != nil {
			return err
		}
		summary := "代表建议 " + old.SuggestionTitle + " " + old.Direction
		if err := tx.trash(ctx, "procuratorate_referral", "procuratorate_referral", id, summary, FormatDate(old.Day())); err != nil {
			return err
		}
		return tx.logChange(ctx, "procuratorate_referral", id, "delete", summary, old, nil)
	})
}

// CaseSuggestion returns the 代表建议 a case turned into (the case's 建议编号
// matching a suggestion's 编号), or ErrNotFound.
func (db *DB) CaseSuggestion(ctx context.Context, caseID string) (Suggestion, error) {
	c, err := getCase(ctx, db.r, caseID)
	if err != nil {
		return Suggestion{}, err
	}
	if c.SuggestionNo == "" {
		return Suggestion{}, fmt.Errorf("store: case %s has no suggestion: %w", caseID, ErrNotFound)
	}
	s, err := scanSuggestion(db.r.QueryRowContext(ctx, `SELECT `+suggestionCols+` FROM suggestion WHERE no = ?`, c.SuggestionNo))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("store: suggestion no %s: %w", c.SuggestionNo, ErrNotFound)
	}
	return s, err
}
