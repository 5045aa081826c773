package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// CountyNotice is what the county publishes to every township: the year's
// holiday and 调休 calendar, the 评分细则 template and the 上报 deadline day.
// Any part may be absent (nil or 0). It arrives signed by the county hub and
// waits as pending until the secretary applies or dismisses it.
type CountyNotice struct {
	Serial      int64           `json:"serial"` // the hub's publication number, 1, 2, …
	Title       string          `json:"title"`
	PublishedAt time.Time       `json:"published_at"`
	PublishedBy string          `json:"published_by"`
	Holidays    *NoticeHolidays `json:"holidays,omitempty"`
	Rules       *ScoringRules   `json:"rules,omitempty"`
	DeadlineDay int             `json:"deadline_day,omitempty"` // day of the next month; 0 = unchanged

	// The township's side, not part of what the county signs.
	State      string    `json:"-"` // NoticePending, NoticeApplied, NoticeDismissed
	Via        string    `json:"-"` // 网络 or U盘
	ReceivedAt time.Time `json:"-"`
	DecidedAt  time.Time `json:"-"`
}

// NoticeHolidays is one year's whole calendar: days off and 调休 working
// days. Applied, it replaces the township's entries for that year.
type NoticeHolidays struct {
	Year   int       `json:"year"`
	Source string    `json:"source"` // 国务院办公厅关于2027年部分节假日安排的通知
	Days   []Holiday `json:"days"`
}

// States of a county notice on the township.
const (
	NoticePending   = "pending"
	NoticeApplied   = "applied"
	NoticeDismissed = "dismissed"
)

// NoticeStateLabel names a notice state in Chinese.
func NoticeStateLabel(s string) string {
	switch s {
	case NoticePending:
		return "待确认"
	case NoticeApplied:
		return "已应用"
	case NoticeDismissed:
		return "暂不应用"
	}
	return s
}

// MaxNoticeDays bounds one year's calendar (a year has at most 366 days).
const MaxNoticeDays = 366

// Validate checks a notice as the county publishes it, naming the row at
// fault, and fills in a title when none is given.
func (n *CountyNotice) Validate() error {
	var p problems
	if n.Holidays == nil && n.Rules == nil && n.DeadlineDay == 0 {
		p.add("Notice", "通知内容", "节假日安排、评分细则、上报截止日至少要有一项")
	}
	if h := n.Holidays; h != nil {
		h.Source = Normalize(h.Source)
		if h.Year < 2000 || h.Year > 2200 {
			p.add("Holidays", "节假日年份", "应为四位年份，如 2027")
		}
		if len(h.Days) == 0 || len(h.Days) > MaxNoticeDays {
			p.add("Holidays", "节假日安排", fmt.Sprintf("应有1到%d天", MaxNoticeDays))
		}
		seen := map[string]bool{}
		for i := range h.Days {
			d := &h.Days[i]
			row := fmt.Sprintf("第%d行", i+1)
			if err := d.Validate(); err != nil {
				var ve *ValidationError
				if errors.As(err, &ve) {
					for _, fe := range ve.Errors {
						p.add("Holidays", "节假日安排", row+"的"+fe.Label+fe.Message)
					}
				}
				continue
			}
			if !strings.HasPrefix(d.Date, strconv.Itoa(h.Year)+"-") {
				p.add("Holidays", "节假日安排", row+"的日期 "+d.Date+" 不在"+strconv.Itoa(h.Year)+"年")
			}
			if seen[d.Date] {
				p.add("Holidays", "节假日安排", row+"的日期 "+d.Date+" 重复")
			}
			seen[d.Date] = true
			if d.Source == "" {
				d.Source = h.Source
			}
		}
		sort.Slice(h.Days, func(i, j int) bool { return h.Days[i].Date < h.Days[j].Date })
	}
	if n.Rules != nil {
		if err := n.Rules.Validate(); err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				for _, fe := range ve.Errors {
					p.add("Rules", "评分细则", fe.Label+"："+fe.Message)
				}
			}
		}
	}
	if n.DeadlineDay != 0 && (n.DeadlineDay < 1 || n.DeadlineDay > 28) {
		p.add("DeadlineDay", "上报截止日", "应为1到28之间的日期")
	}
	n.Title = Normalize(n.Title)
	if n.Title == "" {
		n.Title = n.DefaultTitle()
	}
	return p.err()
}

// DefaultTitle names what the notice brings, e.g. 2027年节假日安排、上报截止日.
func (n CountyNotice) DefaultTitle() string {
	var parts []string
	if n.Holidays != nil {
		parts = append(parts, strconv.Itoa(n.Holidays.Year)+"年节假日安排")
	}
	if n.Rules != nil {
		parts = append(parts, strconv.Itoa(n.Rules.Year)+"年度履职评分细则")
	}
	if n.DeadlineDay != 0 {
		parts = append(parts, "上报截止日")
	}
	return strings.Join(parts, "、")
}

// Label is the line shown in lists: 第3号 2027年节假日安排（待确认）.
func (n CountyNotice) Label() string {
	return fmt.Sprintf("第%d号 %s（%s）", n.Serial, n.Title, NoticeStateLabel(n.State))
}

// ErrNoticeDecided means the notice was already applied or dismissed.
var ErrNoticeDecided = &ValidationError{Errors: []FieldError{{Field: "State", Label: "县级通知", Message: "已经处理过（已应用），不能再次应用"}}}

// AddCountyNotice stores a verified notice as pending. signed is the file as
// received. A serial already held is left as it is (inserted=false): a
// notice fetched again, or read again from a USB file, is not new.
func (db *DB) AddCountyNotice(ctx context.Context, n CountyNotice, signed []byte, via string) (inserted bool, err error) {
	content, err := json.Marshal(n)
	if err != nil {
		return false, fmt.Errorf("store: encode notice: %w", err)
	}
	err = db.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO county_notice(serial, title, published_at, published_by, content, signed, via, received_at)
			VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(serial) DO NOTHING`,
			n.Serial, n.Title, stamp(n.PublishedAt), n.PublishedBy, string(content), signed, via, stamp(tx.now))
		if err != nil {
			return fmt.Errorf("store: add notice %d: %w", n.Serial, err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return nil
		}
		inserted = true
		n.State, n.Via, n.ReceivedAt = NoticePending, via, tx.now
		return tx.logChange(ctx, "county_notice", strconv.FormatInt(n.Serial, 10), "create", "收到县级通知："+n.Title, nil, noticeLogOf(n))
	})
	return inserted, err
}

// noticeLog is what the change log keeps of a notice: its heading, not the
// whole calendar (each applied day is logged on its own).
type noticeLog struct {
	Serial int64
	Title  string
	State  string
	Via    string
}

func noticeLogOf(n CountyNotice) noticeLog {
	return noticeLog{Serial: n.Serial, Title: n.Title, State: NoticeStateLabel(n.State), Via: n.Via}
}

const noticeCols = `serial, content, via, state, received_at, decided_at`

func scanNotice(sc interface{ Scan(...any) error }) (CountyNotice, error) {
	var n CountyNotice
	var content, r, d string
	var serial int64
	var via, state string
	if err := sc.Scan(&serial, &content, &via, &state, &r, &d); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return n, fmt.Errorf("store: notice: %w", ErrNotFound)
		}
		return n, fmt.Errorf("store: read notice: %w", err)
	}
	if err := json.Unmarshal([]byte(content), &n); err != nil {
		return n, fmt.Errorf("store: decode notice %d: %w", serial, err)
	}
	n.Serial, n.Via, n.State, n.ReceivedAt = serial, via, state, parseStamp(r)
	if d != "" {
		n.DecidedAt = parseStamp(d)
	}
	return n, nil
}

// CountyNotices lists the notices received, newest first.
func (db *DB) CountyNotices(ctx context.Context) ([]CountyNotice, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+noticeCols+` FROM county_notice ORDER BY serial DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: list notices: %w", err)
	}
	defer rows.Close()
	var out []CountyNotice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PendingNotices lists the notices waiting for the secretary, oldest first.
func (db *DB) PendingNotices(ctx context.Context) ([]CountyNotice, error) {
	all, err := db.CountyNotices(ctx)
	var out []CountyNotice
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].State == NoticePending {
			out = append(out, all[i])
		}
	}
	return out, err
}

// CountyNotice returns one notice by serial.
func (db *DB) CountyNotice(ctx context.Context, serial int64) (CountyNotice, error) {
	return scanNotice(db.r.QueryRowContext(ctx, `SELECT `+noticeCols+` FROM county_notice WHERE serial = ?`, serial))
}

// LatestNoticeSerial is the highest serial held (0 for none), so the township
// asks the hub only for newer ones.
func (db *DB) LatestNoticeSerial(ctx context.Context) (int64, error) {
	var n int64
	if err := db.r.QueryRowContext(ctx, `SELECT coalesce(max(serial), 0) FROM county_notice`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: latest notice: %w", err)
	}
	return n, nil
}

// NoticeDiff is what applying a notice would change on this township.
type NoticeDiff struct {
	HolidayYear int
	Added       []Holiday
	Removed     []Holiday
	Changed     [][2]Holiday // old, new
	RulesYear   int
	Rules       []string // one Chinese line per change of the 细则
	// DeadlineOld → DeadlineNew; both 0 when the notice does not set it or
	// it is already the township's.
	DeadlineOld, DeadlineNew int
}

// Empty reports whether applying would change nothing.
func (d NoticeDiff) Empty() bool {
	return len(d.Added)+len(d.Removed)+len(d.Changed)+len(d.Rules) == 0 && d.DeadlineNew == 0
}

// Lines says the changes in Chinese, one per line, for the confirm window
// and `sync notices show`.
func (d NoticeDiff) Lines() []string {
	var out []string
	if d.HolidayYear != 0 {
		if len(d.Added)+len(d.Removed)+len(d.Changed) == 0 {
			out = append(out, fmt.Sprintf("%d年节假日安排：与本机相同，无变化", d.HolidayYear))
		} else {
			out = append(out, fmt.Sprintf("%d年节假日安排：新增 %d 天，删除 %d 天，修改 %d 天", d.HolidayYear, len(d.Added), len(d.Removed), len(d.Changed)))
		}
		for _, h := range d.Added {
			out = append(out, "  新增 "+FormatDate(h.Date)+" "+holidayKindText(h.Kind)+" "+h.Name)
		}
		for _, h := range d.Removed {
			out = append(out, "  删除 "+FormatDate(h.Date)+" "+holidayKindText(h.Kind)+" "+h.Name)
		}
		for _, c := range d.Changed {
			out = append(out, "  修改 "+FormatDate(c[0].Date)+" "+holidayKindText(c[0].Kind)+" "+c[0].Name+" → "+holidayKindText(c[1].Kind)+" "+c[1].Name)
		}
	}
	if d.RulesYear != 0 {
		if len(d.Rules) == 0 {
			out = append(out, fmt.Sprintf("%d年度履职评分细则：与本机相同，无变化", d.RulesYear))
		} else {
			out = append(out, fmt.Sprintf("%d年度履职评分细则：%d 处变化", d.RulesYear, len(d.Rules)))
			for _, l := range d.Rules {
				out = append(out, "  "+l)
			}
		}
	}
	if d.DeadlineNew != 0 {
		out = append(out, fmt.Sprintf("上报截止日：每月%d日 → 每月%d日", d.DeadlineOld, d.DeadlineNew))
	}
	return out
}

func holidayKindText(k string) string {
	if k == HolidayWork {
		return "班（调休上班）"
	}
	return "休"
}

// NoticeDiff compares a notice with the township's data now.
func (db *DB) NoticeDiff(ctx context.Context, serial int64) (CountyNotice, NoticeDiff, error) {
	n, err := db.CountyNotice(ctx, serial)
	if err != nil {
		return n, NoticeDiff{}, err
	}
	d, err := diffNotice(ctx, db.r, n)
	return n, d, err
}

func diffNotice(ctx context.Context, q queryer, n CountyNotice) (NoticeDiff, error) {
	var d NoticeDiff
	if h := n.Holidays; h != nil {
		d.HolidayYear = h.Year
		have := map[string]Holiday{}
		rows, err := q.QueryContext(ctx, `SELECT day, name, kind, source FROM holiday WHERE day >= ? AND day <= ? ORDER BY day`,
			fmt.Sprintf("%d-01-01", h.Year), fmt.Sprintf("%d-12-31", h.Year))
		if err != nil {
			return d, fmt.Errorf("store: read holidays: %w", err)
		}
		var order []string
		for rows.Next() {
			var x Holiday
			if err := rows.Scan(&x.Date, &x.Name, &x.Kind, &x.Source); err != nil {
				rows.Close()
				return d, err
			}
			have[x.Date] = x
			order = append(order, x.Date)
		}
		rows.Close()
		want := map[string]bool{}
		for _, x := range h.Days {
			want[x.Date] = true
			old, ok := have[x.Date]
			switch {
			case !ok:
				d.Added = append(d.Added, x)
			case old.Kind != x.Kind || old.Name != x.Name:
				d.Changed = append(d.Changed, [2]Holiday{old, x})
			}
		}
		for _, day := range order {
			if !want[day] {
				d.Removed = append(d.Removed, have[day])
			}
		}
	}
	if r := n.Rules; r != nil {
		d.RulesYear = r.Year
		cur, err := rulesIn(ctx, q, r.Year)
		if err != nil {
			return d, err
		}
		d.Rules = diffRules(cur, *r)
	}
	if n.DeadlineDay != 0 {
		old := 5
		err := q.QueryRowContext(ctx, `SELECT deadline_day FROM sync_settings WHERE id = 1`).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return d, fmt.Errorf("store: read sync settings: %w", err)
		}
		if old != n.DeadlineDay {
			d.DeadlineOld, d.DeadlineNew = old, n.DeadlineDay
		}
	}
	return d, nil
}

// rulesIn is ScoringRulesFor on any queryer (the transaction when applying).
func rulesIn(ctx context.Context, q queryer, year int) (ScoringRules, error) {
	var js string
	var y int
	err := q.QueryRowContext(ctx, `SELECT year, rules FROM scoring_rules WHERE year <= ? ORDER BY year DESC LIMIT 1`, year).Scan(&y, &js)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultScoringRules(year), nil
	}
	if err != nil {
		return ScoringRules{}, fmt.Errorf("store: read scoring rules %d: %w", year, err)
	}
	var r ScoringRules
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		return r, fmt.Errorf("store: decode scoring rules %d: %w", y, err)
	}
	return r, nil
}

func pts(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// itemText describes an item's scoring: 加分，每次2分，上限10分.
func itemText(it ScoreItem) string {
	switch it.Kind {
	case ItemManual:
		return "评定，最高" + pts(it.Max) + "分"
	}
	s := ItemKindLabel(it.Kind) + "，每次" + pts(it.Points) + "分"
	if it.Cap > 0 {
		s += "，上限" + pts(it.Cap) + "分"
	}
	return s
}

// diffRules lists the changes from old to new 细则 in Chinese.
func diffRules(old, new ScoringRules) []string {
	var out []string
	num := func(label string, a, b float64) {
		if a != b {
			out = append(out, label+"："+pts(a)+"分 → "+pts(b)+"分")
		}
	}
	num("基础分", old.Base, new.Base)
	num("满分", old.MaxTotal, new.MaxTotal)
	num("优秀线", old.Excellent, new.Excellent)
	num("合格线", old.Pass, new.Pass)
	if old.Title != new.Title && new.Title != "" {
		out = append(out, "标题：“"+old.Title+"” → “"+new.Title+"”")
	}
	oldItems := map[string]ScoreItem{}
	for _, it := range old.Items {
		oldItems[it.Code] = it
	}
	newCodes := map[string]bool{}
	for _, it := range new.Items {
		newCodes[it.Code] = true
		o, ok := oldItems[it.Code]
		if !ok {
			out = append(out, "新增项目“"+it.Name+"”（"+itemText(it)+"）")
			continue
		}
		var ch []string
		if o.Name != it.Name {
			ch = append(ch, "名称改为“"+it.Name+"”")
		}
		if a, b := itemText(o), itemText(it); a != b {
			ch = append(ch, a+" → "+b)
		}
		if strings.Join(o.Sources, "、") != strings.Join(it.Sources, "、") {
			ch = append(ch, "计入记录："+strings.Join(it.Sources, "、"))
		}
		if len(ch) > 0 {
			out = append(out, "项目“"+o.Name+"”："+strings.Join(ch, "；"))
		}
	}
	for _, it := range old.Items {
		if !newCodes[it.Code] {
			out = append(out, "删除项目“"+it.Name+"”（"+itemText(it)+"）")
		}
	}
	return out
}

// ApplyCountyNotice makes a pending (or dismissed) notice take effect, in
// one transaction: the year's holiday calendar becomes the county's (days
// added, removed and changed, each change-logged), the year is marked as
// announced, the 细则 is saved as a new version, the deadline day is set,
// and the notice is marked applied. It returns what changed.
func (db *DB) ApplyCountyNotice(ctx context.Context, serial int64) (NoticeDiff, error) {
	var d NoticeDiff
	err := db.update(ctx, func(tx *Tx) error {
		n, err := scanNotice(tx.QueryRowContext(ctx, `SELECT `+noticeCols+` FROM county_notice WHERE serial = ?`, serial))
		if err != nil {
			return err
		}
		if n.State == NoticeApplied {
			return ErrNoticeDecided
		}
		if d, err = diffNotice(ctx, tx, n); err != nil {
			return err
		}
		source := fmt.Sprintf("县级通知第%d号", n.Serial)
		for _, h := range d.Added {
			h := h
			if h.Source == "" {
				h.Source = source
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO holiday(day, name, kind, source, created_at, updated_at) VALUES (?,?,?,?,?,?)`,
				h.Date, h.Name, h.Kind, h.Source, stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: add holiday %s: %w", h.Date, err)
			}
			if err := tx.logChange(ctx, "holiday", h.Date, "create", h.Date+" "+h.Name+"（"+source+"）", nil, h); err != nil {
				return err
			}
		}
		for _, c := range d.Changed {
			old, h := c[0], c[1]
			if h.Source == "" {
				h.Source = source
			}
			if _, err := tx.ExecContext(ctx, `UPDATE holiday SET name=?, kind=?, source=?, updated_at=? WHERE day=?`,
				h.Name, h.Kind, h.Source, stamp(tx.now), h.Date); err != nil {
				return fmt.Errorf("store: update holiday %s: %w", h.Date, err)
			}
			if err := tx.logChange(ctx, "holiday", h.Date, "update", h.Date+" "+h.Name+"（"+source+"）", old, h); err != nil {
				return err
			}
		}
		for _, h := range d.Removed {
			if _, err := tx.ExecContext(ctx, `DELETE FROM holiday WHERE day = ?`, h.Date); err != nil {
				return fmt.Errorf("store: delete holiday %s: %w", h.Date, err)
			}
			if err := tx.logChange(ctx, "holiday", h.Date, "delete", h.Date+" "+h.Name+"（"+source+"）", h, nil); err != nil {
				return err
			}
		}
		if h := n.Holidays; h != nil {
			y := HolidayYear{Year: h.Year, Announced: true, Source: h.Source}
			if y.Source == "" {
				y.Source = source
			}
			var o HolidayYear
			err := tx.QueryRowContext(ctx, `SELECT year, announced, source FROM holiday_year WHERE year = ?`, y.Year).Scan(&o.Year, &o.Announced, &o.Source)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: read holiday year %d: %w", y.Year, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO holiday_year(year, announced, source) VALUES (?,?,?)
				ON CONFLICT(year) DO UPDATE SET announced = excluded.announced, source = excluded.source`, y.Year, y.Announced, y.Source); err != nil {
				return fmt.Errorf("store: save holiday year %d: %w", y.Year, err)
			}
			id := strconv.Itoa(y.Year)
			if errors.Is(err, sql.ErrNoRows) {
				err = tx.logChange(ctx, "holiday_year", id, "create", id+"年节假日安排（"+source+"）", nil, y)
			} else {
				err = tx.logChange(ctx, "holiday_year", id, "update", id+"年节假日安排（"+source+"）", o, y)
			}
			if err != nil {
				return err
			}
		}
		if n.Rules != nil && len(d.Rules) > 0 {
			r := *n.Rules
			if err := r.Validate(); err != nil {
				return err
			}
			if err := tx.saveScoringRules(ctx, &r); err != nil {
				return err
			}
		}
		if d.DeadlineNew != 0 {
			if err := tx.setDeadlineDay(ctx, d.DeadlineOld, d.DeadlineNew, source); err != nil {
				return err
			}
		}
		old := noticeLogOf(n)
		n.State = NoticeApplied
		if _, err := tx.ExecContext(ctx, `UPDATE county_notice SET state = ?, decided_at = ? WHERE serial = ?`, n.State, stamp(tx.now), n.Serial); err != nil {
			return fmt.Errorf("store: apply notice %d: %w", n.Serial, err)
		}
		return tx.logChange(ctx, "county_notice", strconv.FormatInt(n.Serial, 10), "update", "应用县级通知："+n.Title, old, noticeLogOf(n))
	})
	return d, err
}

// setDeadlineDay changes only the deadline of the 上报 settings.
func (tx *Tx) setDeadlineDay(ctx context.Context, old, day int, source string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO sync_settings(id, hub_url, deadline_day, updated_at) VALUES (1, '', ?, ?)
		ON CONFLICT(id) DO UPDATE SET deadline_day = excluded.deadline_day, updated_at = excluded.updated_at`, day, stamp(tx.now)); err != nil {
		return fmt.Errorf("store: save deadline day: %w", err)
	}
	type deadline struct{ DeadlineDay int }
	return tx.logChange(ctx, "sync_settings", "1", "update", "上报截止日（"+source+"）", deadline{old}, deadline{day})
}

// DismissCountyNotice sets a pending notice aside (暂不应用); it stays
// listed and can still be applied later.
func (db *DB) DismissCountyNotice(ctx context.Context, serial int64) error {
	return db.update(ctx, func(tx *Tx) error {
		n, err := scanNotice(tx.QueryRowContext(ctx, `SELECT `+noticeCols+` FROM county_notice WHERE serial = ?`, serial))
		if err != nil {
			return err
		}
		if n.State != NoticePending {
			return &ValidationError{Errors: []FieldError{{Field: "State", Label: "县级通知", Message: "不是待确认的通知（" + NoticeStateLabel(n.State) + "）"}}}
		}
		old := noticeLogOf(n)
		n.State = NoticeDismissed
		if _, err := tx.ExecContext(ctx, `UPDATE county_notice SET state = ?, decided_at = ? WHERE serial = ?`, n.State, stamp(tx.now), n.Serial); err != nil {
			return fmt.Errorf("store: dismiss notice %d: %w", n.Serial, err)
		}
		return tx.logChange(ctx, "county_notice", strconv.FormatInt(n.Serial, 10), "update", "暂不应用县级通知："+n.Title, old, noticeLogOf(n))
	})
}

// CountyKey is the county hub's notice-signing public key as the township
// holds it, and where it came from.
type CountyKey struct {
	Public    ed25519.PublicKey
	Source    string
	CreatedAt time.Time
}

// Fingerprint is the short form people compare on the phone.
func (k CountyKey) Fingerprint() string { return KeyFingerprint(k.Public) }

// CountyKey returns the pinned county key, or ErrNotFound before one is
// recorded.
func (db *DB) CountyKey(ctx context.Context) (CountyKey, error) {
	var k CountyKey
	var pub []byte
	var c string
	err := db.r.QueryRowContext(ctx, `SELECT public_key, source, created_at FROM county_key WHERE id = 1`).Scan(&pub, &k.Source, &c)
	if errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("store: county key: %w", ErrNotFound)
	}
	if err != nil {
		return k, fmt.Errorf("store: read county key: %w", err)
	}
	k.Public, k.CreatedAt = pub, parseStamp(c)
	return k, nil
}

// SaveCountyKey pins the county's key (from the enrolment reply, or the
// first connection), replacing an earlier one; change-logged with both
// fingerprints.
func (db *DB) SaveCountyKey(ctx context.Context, pub ed25519.PublicKey, source string) error {
	if len(pub) != ed25519.PublicKeySize {
		return &ValidationError{Errors: []FieldError{{Field: "Public", Label: "县级平台签名公钥", Message: "无效"}}}
	}
	type keyLog struct {
		Fingerprint string
		Source      string
	}
	return db.update(ctx, func(tx *Tx) error {
		var old *keyLog
		var p []byte
		var src string
		err := tx.QueryRowContext(ctx, `SELECT public_key, source FROM county_key WHERE id = 1`).Scan(&p, &src)
		if err == nil {
			old = &keyLog{KeyFingerprint(p), src}
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: read county key: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO county_key(id, public_key, source, created_at) VALUES (1, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET public_key = excluded.public_key, source = excluded.source, created_at = excluded.created_at`,
			[]byte(pub), source, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: save county key: %w", err)
		}
		nw := keyLog{KeyFingerprint(pub), source}
		if old == nil {
			return tx.logChange(ctx, "county_key", "1", "create", "记录县级平台签名公钥", nil, nw)
		}
		return tx.logChange(ctx, "county_key", "1", "update", "更换县级平台签名公钥", *old, nw)
	})
}
