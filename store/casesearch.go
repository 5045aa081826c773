package store

import (
	"context"
	"deputydesk/store/calendar"
	"fmt"
	"strings"
	"unicode"
)

// isHan reports whether r is written without spaces between words (Chinese,
// Japanese kana), so it is indexed by bigrams.
func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// SearchTokens cuts text into the tokens the search index holds: each run
// of Chinese characters becomes its overlapping bigrams plus its last
// character alone (so a one-character query, matched as a prefix, also
// finds a run's final character), each run of letters or digits one
// lower-case word. Punctuation separates runs.
func SearchTokens(text string) string { return tokens(text, true) }

func tokens(text string, tail bool) string {
	var b strings.Builder
	emit := func(s string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	var han []rune
	var word []rune
	flushHan := func() {
		switch {
		case len(han) == 1:
			emit(string(han))
		case len(han) > 1:
			for i := 0; i+1 < len(han); i++ {
				emit(string(han[i : i+2]))
			}
			if tail {
				emit(string(han[len(han)-1]))
			}
		}
		han = han[:0]
	}
	flushWord := func() {
		if len(word) > 0 {
			emit(strings.ToLower(string(word)))
			word = word[:0]
		}
	}
	for _, r := range Normalize(text) {
		switch {
		case isHan(r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			word = append(word, r)
		default:
			flushHan()
			flushWord()
		}
	}
	flushHan()
	flushWord()
	return b.String()
}

// matchQuery turns what the secretary typed into an FTS5 query: every
// space-separated term must occur; a term is matched as the phrase of its
// tokens, so 道路硬化 finds exactly that substring and 低保 any text with
// 低保 in it. A term of one Chinese character matches bigrams starting with
// it. ok is false when nothing searchable was typed.
func matchQuery(s string) (string, bool) {
	var parts []string
	for _, term := range strings.Fields(Normalize(s)) {
		toks := tokens(term, false)
		if toks == "" {
			continue
		}
		// Tokens are letters, digits and Chinese only, so quoting is safe.
		q := `"` + toks + `"`
		if r := []rune(toks); len(r) == 1 && isHan(r[0]) {
			q += `*`
		}
		parts = append(parts, q)
	}
	return strings.Join(parts, " AND "), len(parts) > 0
}

// hotlineOpenSQL holds for a case whose latest 12345 state is open (see
// HotlineOpen).
const hotlineOpenSQL = `coalesce((SELECT o.state FROM case_hotline o WHERE o.case_id = c.id
	ORDER BY o.day DESC, o.at DESC, o.rowid DESC LIMIT 1), '已办结') NOT IN ('已办结', '已回访')`

// CaseFilter selects cases; zero fields match everything.
type CaseFilter struct {
	Month       string // YYYY-MM: cases raised that month
	From, To    string // YYYY-MM-DD inclusive, on the day raised
	StationID   string
	DeputyID    string // deputies present at the reception
	Category    string
	Disposition string
	Status      string
	// Overdue keeps cases whose deadline is before Today and that have not
	// reached 办结 or whose 12345 work order is still open. Today defaults
	// to the clock's date.
	Overdue bool
	Today   string
	// HotlineOpen keeps cases whose 12345 work order is still open.
	HotlineOpen bool
	// Touched widens From/To (or Month) to cases raised, stepped or 催办ed
	// in that span, for the monthly ledger.
	Touched bool
	Search  string // full-text, content and results
	Limit   int
	Offset  int
	// Oldest lists oldest first; the default is newest first.
	Oldest bool
	// ByDeadline lists the earliest deadline first (for chasing).
	ByDeadline bool
}

func (f *CaseFilter) span() (string, string) {
	from, to := f.From, f.To
	if f.Month != "" {
		if m, err := calendar.ParseMonth(f.Month); err == nil {
			from, to = m.FirstDay(), m.LastDay()
		}
	}
	return from, to
}

func (db *DB) caseWhere(f CaseFilter) (string, []any, error) {
	where := ` WHERE 1=1`
	var args []any
	from, to := f.span()
	if f.Month != "" {
		if _, err := calendar.ParseMonth(f.Month); err != nil {
			return "", nil, &ValidationError{Errors: []FieldError{{Field: "Month", Label: "月份", Message: "格式应为 2026-10"}}}
		}
	}
	if f.Touched && (from != "" || to != "") {
		if from == "" {
			from = "0000"
		}
		if to == "" {
			to = "9999"
		}
		// A union of three index range scans; an OR of EXISTS would visit
		// every case ever raised.
		where += ` AND c.id IN (SELECT id FROM cases WHERE day BETWEEN ?1 AND ?2
			UNION SELECT case_id FROM case_step WHERE day BETWEEN ?1 AND ?2
			UNION SELECT case_id FROM case_urge WHERE day BETWEEN ?1 AND ?2)`
		args = append(args, from, to)
	} else {
		if from != "" {
			where += fmt.Sprintf(` AND c.day >= ?%d`, len(args)+1)
			args = append(args, from)
		}
		if to != "" {
			where += fmt.Sprintf(` AND c.day <= ?%d`, len(args)+1)
			args = append(args, to)
		}
	}
	add := func(cond string, v any) {
		args = append(args, v)
		where += ` AND ` + strings.ReplaceAll(cond, "?", fmt.Sprintf("?%d", len(args)))
	}
	if f.StationID != "" {
		add(`c.station_id = ?`, f.StationID)
	}
	if f.DeputyID != "" {
		add(`c.reception_id IN (SELECT reception_id FROM reception_deputy WHERE deputy_id = ?)`, f.DeputyID)
	}
	if f.Category != "" {
		add(`c.category = ?`, f.Category)
	}
	if f.Disposition != "" {
		add(`c.disposition = ?`, f.Disposition)
	}
	if f.Status != "" {
		add(`c.status = ?`, f.Status)
	}
	if f.Overdue {
		today := f.Today
		if today == "" {
			today = db.Now().Format("2006-01-02")
		}
		// Two terms SQLite can each answer from an index (the open-deadline
		// index, the case id), so the common one stays as fast as before.
		add(`((c.status_rank < 3 AND c.deadline <> '' AND c.deadline < ?) OR (c.id IN (SELECT h.case_id FROM case_hotline h
			WHERE h.state NOT IN ('已办结', '已回访')) AND c.deadline <> '' AND c.deadline < ? AND `+hotlineOpenSQL+`))`, today)
	}
	if f.HotlineOpen {
		where += ` AND c.id IN (SELECT h.case_id FROM case_hotline h WHERE h.state NOT IN ('已办结', '已回访')) AND ` + hotlineOpenSQL
	}
	if strings.TrimSpace(f.Search) != "" {
		q, ok := matchQuery(f.Search)
		if !ok {
			// Only punctuation typed: nothing can match.
			where += ` AND 0`
		} else {
			add(`c.rid IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)`, q)
		}
	}
	return where, args, nil
}

// Cases lists the cases matching f, newest first, a page at a time.
func (db *DB) Cases(ctx context.Context, f CaseFilter) ([]Case, error) {
	where, args, err := db.caseWhere(f)
	if err != nil {
		return nil, err
	}
	var order string
	switch {
	case f.ByDeadline:
		order = ` ORDER BY c.deadline, c.rid`
	case f.Oldest:
		order = ` ORDER BY c.day, c.rid`
	default:
		order = ` ORDER BY c.day DESC, c.rid DESC`
	}
	q := `SELECT ` + caseCols + caseFrom + where + order
	switch {
	case f.Limit > 0 && strings.TrimSpace(f.Search) == "":
		// The day index gives the order; SQLite stops after the page.
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, max(f.Offset, 0))
	case f.Limit > 0:
		// A search. Left to itself SQLite fetches every match (thousands
		// for a common word like 低保), sorts them and joins each. So:
		// for a common word, walk the day index newest first keeping the
		// cases in the match set and stop at the page (under 1 ms); for a
		// rare one, sort its few matches (a walk would read the whole
		// index). Only the page's rows are then joined to the station and
		// the 主办 unit.
		inner := ` FROM cases c`
		if !f.ByDeadline && db.commonMatch(ctx, f.Search) {
			inner = ` FROM cases c INDEXED BY cases_day`
		}
		q = `SELECT ` + caseCols + caseFrom + ` WHERE c.rid IN (SELECT c.rid` + inner + where + order +
			fmt.Sprintf(` LIMIT %d OFFSET %d)`, f.Limit, max(f.Offset, 0)) + order
	}
	out, err := queryAll(ctx, db.r, scanCase, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list cases: %w", err)
	}
	return out, nil
}

// commonThreshold is the number of matches above which walking the day
// index beats sorting the matches.
const commonThreshold = 500

// commonMatch reports whether a search matches more than commonThreshold
// cases, reading no further than that.
func (db *DB) commonMatch(ctx context.Context, search string) bool {
	q, ok := matchQuery(search)
	if !ok {
		return false
	}
	// The answer only picks the faster of two plans that return the same
	// rows, so it is remembered: paging through a search, or searching the
	// same word again, costs no second query.
	db.commonMu.Lock()
	common, seen := db.common[q]
	db.commonMu.Unlock()
	if seen {
		return common
	}
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM case_fts WHERE case_fts MATCH ? LIMIT ?)`, q, commonThreshold+1).Scan(&n)
	common = err == nil && n > commonThreshold
	if err == nil {
		db.commonMu.Lock()
		if db.common == nil || len(db.common) >= 512 {
			db.common = map[string]bool{}
		}
		db.common[q] = common
		db.commonMu.Unlock()
	}
	return common
}

// CountCases counts the cases matching f (ignoring Limit and Offset).
func (db *DB) CountCases(ctx context.Context, f CaseFilter) (int, error) {
	where, args, err := db.caseWhere(f)
	if err != nil {
		return 0, err
	}
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM cases c`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count cases: %w", err)
	}
	return n, nil
}

// MonthCounts are one month's headline figures, counted in SQL.
type MonthCounts struct {
	Month      calendar.Month
	Receptions int // 接待场次
	Visitors   int // 接待人次
	Cases      int // 收集意见: cases raised in the month
	OnSpot     int // 当场答复
	Assigned   int // 交办乡镇或村（社区）
	Suggestion int // 转为代表建议
	Closed     int // of the month's cases, those at 办结 or later now
}

// Rate is the 解决率: Closed ÷ Cases, 0 when there are none.
func (m MonthCounts) Rate() float64 {
	if m.Cases == 0 {
		return 0
	}
	return float64(m.Closed) / float64(m.Cases)
}

// MonthlyCounts returns the figures for each month from first to last
// inclusive, months without data included as zeros.
func (db *DB) MonthlyCounts(ctx context.Context, first, last calendar.Month) ([]MonthCounts, error) {
	if first.IsZero() || last.Before(first) {
		return nil, &ValidationError{Errors: []FieldError{{Field: "Month", Label: "月份", Message: "格式应为 2026-10，且起始不晚于结束"}}}
	}
	from, to := first.FirstDay(), last.LastDay()
	byMonth := map[string]*MonthCounts{}
	var out []MonthCounts
	for _, m := range first.Through(last) {
		out = append(out, MonthCounts{Month: m})
	}
	for i := range out {
		byMonth[out[i].Month.String()] = &out[i]
	}
	rows, err := db.r.QueryContext(ctx, `SELECT substr(day, 1, 7), count(*), coalesce(sum(visitors), 0) FROM reception
		WHERE day BETWEEN ? AND ? GROUP BY 1`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: count receptions: %w", err)
	}
	for rows.Next() {
		var m string
		var n, v int
		if err := rows.Scan(&m, &n, &v); err != nil {
			rows.Close()
			return nil, err
		}
		if mc := byMonth[m]; mc != nil {
			mc.Receptions, mc.Visitors = n, v
		}
	}
	rows.Close()
	rows, err = db.r.QueryContext(ctx, `SELECT substr(day, 1, 7), count(*),
		sum(disposition = '当场答复'), sum(disposition = '交办乡镇或村（社区）'), sum(disposition = '转为代表建议'), sum(status_rank >= 3)
		FROM cases WHERE day BETWEEN ? AND ? GROUP BY 1`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: count cases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		var c MonthCounts
		if err := rows.Scan(&m, &c.Cases, &c.OnSpot, &c.Assigned, &c.Suggestion, &c.Closed); err != nil {
			return nil, err
		}
		if mc := byMonth[m]; mc != nil {
			c.Month, c.Receptions, c.Visitors = mc.Month, mc.Receptions, mc.Visitors
			*mc = c
		}
	}
	return out, rows.Err()
}

// CaseResults returns, for each case ID given, the text of its latest step
// in force that has one (the result, the reply or the 回访 notes).
func (db *DB) CaseResults(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT case_id, text FROM case_step st
		WHERE case_id IN (SELECT value FROM json_each(?)) AND text <> ''
		AND NOT EXISTS (SELECT 1 FROM case_step x WHERE x.replaces = st.seq) ORDER BY case_id, seq`, jsonList(ids))
	if err != nil {
		return nil, fmt.Errorf("store: read case results: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		out[id] = text
	}
	return out, rows.Err()
}
