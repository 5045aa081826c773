package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"deputydesk/store/calendar"
)

// 述职 and 测评: deputies report on their year to a 代表小组 or to the voters
// of a 选区; the voters score each deputy on a 测评表 and the secretary
// enters the counts. The result (满意率, 测评得分) supplies the electors'
// rating of the 年终核定 item and each 述职 counts as 向选民述职 for the
// contact item of the 评分细则.

func init() {
	EntityNames["shuzhi"] = "述职测评"
	changeFields["shuzhi"] = map[string]string{"Day": "述职日期", "Audience": "述职对象", "GroupID": "代表小组", "District": "选区",
		"Place": "地点", "Attendees": "参加选民人数", "Topics": "述职内容", "Items": "测评项目", "DeputyIDs": "述职代表",
		"Handed": "发出测评表", "Returned": "收回测评表", "Tallies": "测评票数"}
}

// Audiences of a 述职.
const (
	AudienceGroup    = "代表小组"
	AudienceDistrict = "选区"
)

// ShuzhiAudiences lists the audiences in the order offered.
var ShuzhiAudiences = []string{AudienceGroup, AudienceDistrict}

// The three choices on a 测评表.
const (
	ChoiceSatisfied   = "满意"
	ChoiceBasic       = "基本满意"
	ChoiceUnsatisfied = "不满意"
)

// ShuzhiChoices lists the choices as printed.
var ShuzhiChoices = []string{ChoiceSatisfied, ChoiceBasic, ChoiceUnsatisfied}

// OverallItem is the 测评项目 whose counts give the 满意率.
const OverallItem = "总体评价"

// DefaultShuzhiItems are the 测评项目 a new 述职 starts with; the secretary
// may change them before the sheets are printed.
var DefaultShuzhiItems = []string{"履职情况", "联系群众", "反映诉求", "廉洁自律", OverallItem}

// The points a choice is worth in the 测评得分 (out of 100); a line left
// blank on a returned sheet is worth 0.
const (
	pointsSatisfied = 100
	pointsBasic     = 60
)

// Shuzhi is one 述职: who reported to whom, when and where, and the sheets
// handed out and returned.
type Shuzhi struct {
	ID        string
	Day       string // YYYY-MM-DD
	Audience  string // AudienceGroup or AudienceDistrict
	GroupID   string // the 代表小组 reported to (or whose voters attended)
	District  string // the 选区, for AudienceDistrict
	Place     string
	Attendees int    // voters present
	Topics    string // what was reported
	Items     []string
	DeputyIDs []string
	Handed    int  // 测评表 handed out
	Returned  int  // 测评表 returned
	Tallied   bool `log:"-"`
}

// Validate checks a 述职 and normalises it in place.
func (s *Shuzhi) Validate() error {
	var ps problems
	s.Place, s.District, s.Topics = Normalize(s.Place), Normalize(s.District), strings.TrimSpace(s.Topics)
	if d, ok := ParseDate(s.Day); ok {
		s.Day = d
	} else {
		ps.add("Day", "述职日期", "请填写日期，如 2026-12-20")
	}
	switch s.Audience {
	case AudienceGroup:
		if s.GroupID == "" {
			ps.add("GroupID", "代表小组", "请选择向哪个代表小组述职")
		}
	case AudienceDistrict:
		if s.District == "" {
			ps.add("District", "选区", "请填写向哪个选区的选民述职")
		}
	default:
		ps.add("Audience", "述职对象", "请选择代表小组或选区")
	}
	if s.Attendees < 0 || s.Attendees > 100000 {
		ps.add("Attendees", "参加选民人数", "应为0到100000之间的整数")
	}
	seen := map[string]bool{}
	var ids []string
	for _, id := range s.DeputyIDs {
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	s.DeputyIDs = ids
	if len(ids) == 0 {
		ps.add("DeputyIDs", "述职代表", "至少选择一名代表")
	}
	var items []string
	itemSeen := map[string]bool{}
	for i, it := range s.Items {
		it = Normalize(it)
		if it == "" {
			continue
		}
		if itemSeen[it] {
			ps.add("Items", "测评项目", fmt.Sprintf("第%d项“%s”重复", i+1, it))
			continue
		}
		if len([]rune(it)) > 20 {
			ps.add("Items", "测评项目", fmt.Sprintf("第%d项“%s”不能超过20个字", i+1, it))
		}
		itemSeen[it] = true
		items = append(items, it)
	}
	s.Items = items
	if len(items) == 0 {
		ps.add("Items", "测评项目", "至少需要一项")
	}
	if len(items) > 12 {
		ps.add("Items", "测评项目", "不能超过12项，否则一页印不下")
	}
	return ps.err()
}

// Year is the year of the 述职, the assessment year its 测评 feeds.
func (s Shuzhi) Year() int { y, _ := strconv.Atoi(s.Day[:4]); return y }

// ShuzhiTally is the count of one item for one deputy: how many returned
// sheets ticked each choice.
type ShuzhiTally struct {
	DeputyID    string
	Item        string
	Satisfied   int
	Basic       int
	Unsatisfied int
}

// Sum is the number of sheets that ticked a choice on the line.
func (t ShuzhiTally) Sum() int { return t.Satisfied + t.Basic + t.Unsatisfied }

// ShuzhiScore is the 测评 result of one deputy on one 述职 (or over a year).
type ShuzhiScore struct {
	DeputyID string
	Name     string
	Sheets   int     // returned sheets counted
	Rate     float64 // 满意率: (满意 + 基本满意) ÷ returned on 总体评价, 0–1
	Score    float64 // 测评得分 out of 100: 满意 100, 基本满意 60, 不满意 and blank 0, averaged over the items
	Tallies  []ShuzhiTally
}

// RateText is the 满意率 as printed: 93.5%.
func (s ShuzhiScore) RateText() string { return strconv.FormatFloat(s.Rate*100, 'f', 1, 64) + "%" }

// ShuzhiRecord is a 述职 as listed: the record, the group's and deputies'
// names and each deputy's result once tallied.
type ShuzhiRecord struct {
	Shuzhi
	GroupName   string
	DeputyNames []string
	Scores      []ShuzhiScore // in DeputyIDs order; empty until tallied
}

// AudienceText says to whom the deputies reported: 第一代表小组 or 石桥村选区选民.
func (r ShuzhiRecord) AudienceText() string {
	if r.Audience == AudienceDistrict {
		t := r.District + "选民"
		if r.GroupName != "" {
			t += "（" + r.GroupName + "）"
		}
		return t
	}
	return r.GroupName
}

// score computes one deputy's result from the tallies of a 述职.
func score(items []string, returned int, ts []ShuzhiTally) (sheets int, rate, sc float64) {
	if returned == 0 || len(items) == 0 {
		return 0, 0, 0
	}
	by := map[string]ShuzhiTally{}
	for _, t := range ts {
		by[t.Item] = t
	}
	var pts float64
	for _, it := range items {
		t := by[it]
		pts += float64(t.Satisfied*pointsSatisfied+t.Basic*pointsBasic) / float64(returned)
	}
	sc = pts / float64(len(items))
	if o, ok := by[OverallItem]; ok && containsString(items, OverallItem) {
		rate = float64(o.Satisfied+o.Basic) / float64(returned)
	} else {
		// No 总体评价 line: the 满意率 is over every line.
		n := 0
		for _, it := range items {
			n += by[it].Satisfied + by[it].Basic
		}
		rate = float64(n) / float64(returned*len(items))
	}
	return returned, rate, sc
}

func containsString(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func round4(v float64) float64 { return math.Round(v*10000) / 10000 }

const shuzhiCols = `s.id, s.day, s.audience, coalesce(s.group_id, ''), s.district, s.place, s.attendees, s.topics, s.items, s.handed, s.returned, s.tallied,
	coalesce(g.name, '')`

func scanShuzhi(r scanner) (ShuzhiRecord, error) {
	var rec ShuzhiRecord
	s := &rec.Shuzhi
	var items string
	if err := r.Scan(&s.ID, &s.Day, &s.Audience, &s.GroupID, &s.District, &s.Place, &s.Attendees, &s.Topics, &items, &s.Handed, &s.Returned, &s.Tallied, &rec.GroupName); err != nil {
		return rec, err
	}
	if err := json.Unmarshal([]byte(items), &s.Items); err != nil {
		return rec, fmt.Errorf("store: decode shuzhi items: %w", err)
	}
	return rec, nil
}

// fillShuzhi reads the deputies and tallies of the records.
func fillShuzhi(ctx context.Context, q queryer, recs []ShuzhiRecord) error {
	for i := range recs {
		r := &recs[i]
		type dep struct{ id, name string }
		deps, err := queryAll(ctx, q, func(sc scanner) (dep, error) {
			var d dep
			return d, sc.Scan(&d.id, &d.name)
		}, `SELECT sd.deputy_id, d.name FROM shuzhi_deputy sd JOIN deputy d ON d.id = sd.deputy_id WHERE sd.shuzhi_id = ?`, r.ID)
		if err != nil {
			return fmt.Errorf("store: read shuzhi deputies: %w", err)
		}
		SortChinese(deps, func(d dep) string { return d.name })
		r.DeputyIDs, r.DeputyNames = nil, nil
		for _, d := range deps {
			r.DeputyIDs = append(r.DeputyIDs, d.id)
			r.DeputyNames = append(r.DeputyNames, d.name)
		}
		if !r.Tallied {
			continue
		}
		ts, err := queryAll(ctx, q, func(sc scanner) (ShuzhiTally, error) {
			var t ShuzhiTally
			return t, sc.Scan(&t.DeputyID, &t.Item, &t.Satisfied, &t.Basic, &t.Unsatisfied)
		}, `SELECT deputy_id, item, satisfied, basic, unsatisfied FROM shuzhi_tally WHERE shuzhi_id = ?`, r.ID)
		if err != nil {
			return fmt.Errorf("store: read shuzhi tallies: %w", err)
		}
		byDep := map[string][]ShuzhiTally{}
		for _, t := range ts {
			byDep[t.DeputyID] = append(byDep[t.DeputyID], t)
		}
		for k, id := range r.DeputyIDs {
			var mine []ShuzhiTally
			for _, it := range r.Items {
				t := ShuzhiTally{DeputyID: id, Item: it}
				for _, x := range byDep[id] {
					if x.Item == it {
						t = x
					}
				}
				mine = append(mine, t)
			}
			n, rate, sc := score(r.Items, r.Returned, mine)
			r.Scores = append(r.Scores, ShuzhiScore{DeputyID: id, Name: r.DeputyNames[k], Sheets: n, Rate: round4(rate), Score: math.Round(sc*100) / 100, Tallies: mine})
		}
	}
	return nil
}

// ShuzhiFilter selects 述职; zero fields match everything.
type ShuzhiFilter struct {
	Year     int
	DeputyID string
}

// ShuzhiList lists 述职 with their deputies and results, newest first.
func (db *DB) ShuzhiList(ctx context.Context, f ShuzhiFilter) ([]ShuzhiRecord, error) {
	q := `SELECT ` + shuzhiCols + ` FROM shuzhi s LEFT JOIN deputy_group g ON g.id = s.group_id WHERE 1=1`
	var args []any
	if f.Year != 0 {
		q += ` AND s.day BETWEEN ? AND ?`
		args = append(args, fmt.Sprintf("%d-01-01", f.Year), fmt.Sprintf("%d-12-31", f.Year))
	}
	if f.DeputyID != "" {
		q += ` AND EXISTS (SELECT 1 FROM shuzhi_deputy sd WHERE sd.shuzhi_id = s.id AND sd.deputy_id = ?)`
		args = append(args, f.DeputyID)
	}
	recs, err := queryAll(ctx, db.r, scanShuzhi, q+` ORDER BY s.day DESC, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list shuzhi: %w", err)
	}
	if err := fillShuzhi(ctx, db.r, recs); err != nil {
		return nil, err
	}
	return recs, nil
}

func getShuzhi(ctx context.Context, q queryer, id string) (ShuzhiRecord, error) {
	rec, err := scanShuzhi(q.QueryRowContext(ctx, `SELECT `+shuzhiCols+` FROM shuzhi s LEFT JOIN deputy_group g ON g.id = s.group_id WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return rec, fmt.Errorf("store: shuzhi %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return rec, fmt.Errorf("store: read shuzhi %s: %w", id, err)
	}
	recs := []ShuzhiRecord{rec}
	if err := fillShuzhi(ctx, q, recs); err != nil {
		return rec, err
	}
	return recs[0], nil
}

// ShuzhiRecord returns one 述职 with its deputies and results.
func (db *DB) ShuzhiRecord(ctx context.Context, id string) (ShuzhiRecord, error) {
	return getShuzhi(ctx, db.r, id)
}

func shuzhiSummary(day string, names []string, audience string) string {
	who := strings.Join(names, "、")
	if len(names) > 3 {
		who = strings.Join(names[:3], "、") + fmt.Sprintf("等%d位代表", len(names))
	}
	return FormatDate(day) + " " + who + "向" + audience + "述职"
}

// SaveShuzhi records or updates a 述职. Dropping a deputy from it drops
// their counts; changing the items of a tallied 述职 is refused (re-enter
// the counts after clearing them). A 述职 of a finalised assessment year
// cannot change.
func (db *DB) SaveShuzhi(ctx context.Context, s *Shuzhi) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if s.Day > tx.now.In(calendar.Beijing).Format("2006-01-02") {
			return &ValidationError{Errors: []FieldError{{Field: "Day", Label: "述职日期", Message: "不能晚于今天，尚未举行的述职请在举行后登记"}}}
		}
		var names []string
		for _, id := range s.DeputyIDs {
			d, err := getDeputy(ctx, tx, id)
			if err != nil {
				return err
			}
			names = append(names, d.Name)
		}
		audience := s.District + "选民"
		if s.GroupID != "" {
			g, err := getGroup(ctx, tx, s.GroupID)
			if err != nil {
				return err
			}
			if s.Audience == AudienceGroup {
				audience = g.Name
			}
		}
		items, _ := json.Marshal(s.Items)
		summary := shuzhiSummary(s.Day, names, audience)
		if s.ID == "" {
			if err := tx.refuseFinal(ctx, s.Year()); err != nil {
				return err
			}
			s.ID = NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO shuzhi(id, day, audience, group_id, district, place, attendees, topics, items, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,?,?,?,?)`, s.ID, s.Day, s.Audience, nullable(s.GroupID), s.District, s.Place, s.Attendees, s.Topics, string(items),
				stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: add shuzhi: %w", err)
			}
			if err := tx.setShuzhiDeputies(ctx, s.ID, s.DeputyIDs); err != nil {
				return err
			}
			s.Handed, s.Returned, s.Tallied = 0, 0, false
			return tx.logChange(ctx, "shuzhi", s.ID, "create", summary, nil, s)
		}
		old, err := getShuzhi(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		if err := tx.refuseFinal(ctx, old.Year()); err != nil {
			return err
		}
		if err := tx.refuseFinal(ctx, s.Year()); err != nil {
			return err
		}
		if old.Tallied && strings.Join(old.Items, "\x00") != strings.Join(s.Items, "\x00") {
			return &ValidationError{Errors: []FieldError{{Field: "Items", Label: "测评项目", Message: "已录入测评票数，不能再修改测评项目"}}}
		}
		s.Handed, s.Returned, s.Tallied = old.Handed, old.Returned, old.Tallied
		if _, err := tx.ExecContext(ctx, `UPDATE shuzhi SET day=?, audience=?, group_id=?, district=?, place=?, attendees=?, topics=?, items=?, updated_at=? WHERE id=?`,
			s.Day, s.Audience, nullable(s.GroupID), s.District, s.Place, s.Attendees, s.Topics, string(items), stamp(tx.now), s.ID); err != nil {
			return fmt.Errorf("store: update shuzhi: %w", err)
		}
		if err := tx.setShuzhiDeputies(ctx, s.ID, s.DeputyIDs); err != nil {
			return err
		}
		return tx.logChange(ctx, "shuzhi", s.ID, "update", summary, old.Shuzhi, s)
	})
}

func (tx *Tx) setShuzhiDeputies(ctx context.Context, id string, deputyIDs []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM shuzhi_deputy WHERE shuzhi_id = ?`, id); err != nil {
		return fmt.Errorf("store: clear shuzhi deputies: %w", err)
	}
	for _, d := range deputyIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO shuzhi_deputy(shuzhi_id, deputy_id) VALUES (?,?)`, id, d); err != nil {
			return fmt.Errorf("store: add shuzhi deputy: %w", err)
		}
	}
	// The counts of a deputy no longer on the 述职 go with them.
	if _, err := tx.ExecContext(ctx, `DELETE FROM shuzhi_tally WHERE shuzhi_id = ? AND deputy_id NOT IN (SELECT deputy_id FROM shuzhi_deputy WHERE shuzhi_id = ?)`, id, id); err != nil {
		return fmt.Errorf("store: drop shuzhi tallies: %w", err)
	}
	return nil
}

// ShuzhiCount is what the secretary enters from the returned sheets.
type ShuzhiCount struct {
	ShuzhiID string
	Handed   int
	Returned int
	Tallies  []ShuzhiTally // one per deputy and item; a missing line counts as all zero
}

// Validate checks the counts against the 述职: not more returned than
// handed out, and on every line no more ticks than returned sheets. Each
// problem names the deputy and item.
func (c *ShuzhiCount) Validate(s ShuzhiRecord) error {
	var ps problems
	if c.Handed <= 0 || c.Handed > 100000 {
		ps.add("Handed", "发出测评表", "应为1到100000之间的整数")
	}
	if c.Returned < 0 {
		ps.add("Returned", "收回测评表", "不能为负数")
	} else if c.Returned > c.Handed {
		ps.add("Returned", "收回测评表", fmt.Sprintf("收回 %d 份多于发出的 %d 份", c.Returned, c.Handed))
	}
	names := map[string]string{}
	for i, id := range s.DeputyIDs {
		names[id] = s.DeputyNames[i]
	}
	seen := map[string]bool{}
	for _, t := range c.Tallies {
		name, ok := names[t.DeputyID]
		if !ok {
			ps.add("Tallies", "测评票数", "有一行的代表不在本次述职代表中")
			continue
		}
		row := "“" + name + "”的“" + t.Item + "”"
		if !containsString(s.Items, t.Item) {
			ps.add("Tallies", "测评票数", row+"不是本次测评项目")
			continue
		}
		if seen[t.DeputyID+"\x00"+t.Item] {
			ps.add("Tallies", "测评票数", row+"填了两次")
			continue
		}
		seen[t.DeputyID+"\x00"+t.Item] = true
		if t.Satisfied < 0 || t.Basic < 0 || t.Unsatisfied < 0 {
			ps.add("Tallies", "测评票数", row+"的票数不能为负数")
		} else if t.Sum() > c.Returned {
			ps.add("Tallies", "测评票数", fmt.Sprintf("%s：满意、基本满意、不满意共 %d 票，多于收回的 %d 份", row, t.Sum(), c.Returned))
		}
	}
	return ps.err()
}

// shuzhiCountLog is how a count shows in the change log.
type shuzhiCountLog struct {
	Handed   int
	Returned int
	Tallies  []string
}

func countLog(s ShuzhiRecord, handed, returned int, ts []ShuzhiTally) shuzhiCountLog {
	names := map[string]string{}
	for i, id := range s.DeputyIDs {
		names[id] = s.DeputyNames[i]
	}
	l := shuzhiCountLog{Handed: handed, Returned: returned}
	for _, t := range ts {
		if t.Sum() == 0 {
			continue
		}
		l.Tallies = append(l.Tallies, fmt.Sprintf("%s·%s 满意%d 基本满意%d 不满意%d", names[t.DeputyID], t.Item, t.Satisfied, t.Basic, t.Unsatisfied))
	}
	return l
}

// SaveShuzhiCount enters (or replaces) the counts of a 述职 in one
// transaction: all lines are saved or, when one is wrong, none.
func (db *DB) SaveShuzhiCount(ctx context.Context, c *ShuzhiCount) error {
	return db.update(ctx, func(tx *Tx) error {
		s, err := getShuzhi(ctx, tx, c.ShuzhiID)
		if err != nil {
			return err
		}
		if err := c.Validate(s); err != nil {
			return err
		}
		if err := tx.refuseFinal(ctx, s.Year()); err != nil {
			return err
		}
		var oldTallies []ShuzhiTally
		for _, sc := range s.Scores {
			oldTallies = append(oldTallies, sc.Tallies...)
		}
		old := countLog(s, s.Handed, s.Returned, oldTallies)
		if _, err := tx.ExecContext(ctx, `DELETE FROM shuzhi_tally WHERE shuzhi_id = ?`, s.ID); err != nil {
			return fmt.Errorf("store: clear shuzhi tallies: %w", err)
		}
		for _, t := range c.Tallies {
			if _, err := tx.ExecContext(ctx, `INSERT INTO shuzhi_tally(shuzhi_id, deputy_id, item, satisfied, basic, unsatisfied) VALUES (?,?,?,?,?,?)`,
				s.ID, t.DeputyID, t.Item, t.Satisfied, t.Basic, t.Unsatisfied); err != nil {
				return fmt.Errorf("store: save shuzhi tally: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE shuzhi SET handed=?, returned=?, tallied=1, updated_at=? WHERE id=?`, c.Handed, c.Returned, stamp(tx.now), s.ID); err != nil {
			return fmt.Errorf("store: save shuzhi count: %w", err)
		}
		summary := shuzhiSummary(s.Day, s.DeputyNames, s.AudienceText()) + " 测评票数"
		return tx.logChange(ctx, "shuzhi", s.ID, "update", summary, old, countLog(s, c.Handed, c.Returned, c.Tallies))
	})
}

// ShuzhiImpact says what deleting a 述职 also removes.
func (db *DB) ShuzhiImpact(ctx context.Context, id string) (string, error) {
	s, err := getShuzhi(ctx, db.r, id)
	if err != nil {
		return "", err
	}
	if !s.Tallied {
		return "", nil
	}
	return fmt.Sprintf("已录入的测评票数（收回 %d 份）将一并移入回收站，相关代表的选民评分将不再由此得出", s.Returned), nil
}

// DeleteShuzhi moves a 述职 with its deputies and counts to the 回收站.
func (db *DB) DeleteShuzhi(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		s, err := getShuzhi(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.refuseFinal(ctx, s.Year()); err != nil {
			return err
		}
		summary := shuzhiSummary(s.Day, s.DeputyNames, s.AudienceText())
		if err := tx.trash(ctx, "shuzhi", "shuzhi", id, summary, ""); err != nil {
			return err
		}
		return tx.logChange(ctx, "shuzhi", id, "delete", summary, s.Shuzhi, nil)
	})
}

// ElectorsRating is a deputy's 测评 result over a year: every tallied
// 述职 of theirs pooled by returned sheets.
type ElectorsRating struct {
	DeputyID string
	Sheets   int
	Rate     float64 // 满意率 0–1
	Score    float64 // 测评得分 out of 100
	Days     []string
}

// Points converts the 测评得分 to a manual item's scale: max × 得分 ÷ 100,
// at two decimals (得分 92.5 on a 5-point item gives 4.63).
func (e ElectorsRating) Points(max float64) float64 { return math.Round(max*e.Score) / 100 }

// Source says where the rating came from, for the assessment screen:
// 述职测评 2026年12月20日，收回52份，满意率96.2%，得分91.5.
func (e ElectorsRating) Source() string {
	days := make([]string, len(e.Days))
	for i, d := range e.Days {
		days[i] = FormatDate(d)
	}
	return fmt.Sprintf("述职测评 %s，收回%d份，满意率%s%%，得分%s", strings.Join(days, "、"), e.Sheets,
		strconv.FormatFloat(e.Rate*100, 'f', 1, 64), strconv.FormatFloat(e.Score, 'f', 1, 64))
}

// ElectorsRatings returns the year's 测评 results by deputy ID.
func (db *DB) ElectorsRatings(ctx context.Context, year int) (map[string]ElectorsRating, error) {
	recs, err := db.ShuzhiList(ctx, ShuzhiFilter{Year: year})
	if err != nil {
		return nil, err
	}
	out := map[string]ElectorsRating{}
	type acc struct{ rate, score float64 }
	sums := map[string]acc{}
	for i := len(recs) - 1; i >= 0; i-- { // oldest first, so Days read in order
		for _, sc := range recs[i].Scores {
			if sc.Sheets == 0 {
				continue
			}
			e := out[sc.DeputyID]
			e.DeputyID = sc.DeputyID
			e.Sheets += sc.Sheets
			e.Days = append(e.Days, recs[i].Day)
			out[sc.DeputyID] = e
			a := sums[sc.DeputyID]
			a.rate += sc.Rate * float64(sc.Sheets)
			a.score += sc.Score * float64(sc.Sheets)
			sums[sc.DeputyID] = a
		}
	}
	for id, e := range out {
		e.Rate = round4(sums[id].rate / float64(e.Sheets))
		e.Score = math.Round(sums[id].score/float64(e.Sheets)*100) / 100
		out[id] = e
	}
	return out, nil
}

// hasElectorsRating reports whether the deputy's year has a tallied 述职.
func hasElectorsRating(ctx context.Context, q queryer, year int, deputyID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM shuzhi s JOIN shuzhi_deputy sd ON sd.shuzhi_id = s.id
		WHERE sd.deputy_id = ? AND s.tallied = 1 AND s.returned > 0 AND s.day BETWEEN ? AND ?`,
		deputyID, fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: read shuzhi: %w", err)
	}
	return n > 0, nil
}
