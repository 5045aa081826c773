package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Kinds of scoring item.
const (
	ItemCount  = "count"  // points per record counted, up to a cap
	ItemDeduct = "deduct" // points taken off per record, up to a cap
	ItemManual = "manual" // scored by hand by one or more raters
)

// ItemKindLabel names an item kind in Chinese.
func ItemKindLabel(k string) string {
	switch k {
	case ItemCount:
		return "加分"
	case ItemDeduct:
		return "扣分"
	case ItemManual:
		return "评定"
	}
	return k
}

// The raters the seeds describe.
const (
	RaterSelf     = "代表自评"
	RaterGroup    = "小组评定"
	RaterPresidum = "乡镇人大主席团评定"
	RaterElectors = "选举单位确认"
)

// RaterWeight says one rater scores an item, with its weight among the
// item's raters.
type RaterWeight struct {
	Rater  string
	Weight float64
}

// ScoreItem is one line of the 履职评分细则.
type ScoreItem struct {
	Code    string // short stable key, e.g. "duty"
	Name    string
	Kind    string   // ItemCount, ItemDeduct or ItemManual
	Sources []string // record kinds counted (count, deduct)
	Points  float64  // per record (count, deduct)
	Cap     float64  // most points the item gives or takes; 0 = no cap
	Max     float64  // highest score a rater may give (manual)
	Raters  []RaterWeight
	Advice  string // 改进建议 printed when a deputy falls short on it
}

// ScoringRules is one year's 履职评分细则.
type ScoringRules struct {
	Year      int
	Version   int
	Title     string
	Base      float64 // 基础分
	MaxTotal  float64 // the total is capped here (100)
	Excellent float64 // 优秀 at or above
	Pass      float64 // 合格 at or above; below is 不合格
	// ProRate scales count items for deputies in office part of the year.
	ProRate bool
	Raters  []string
	Items   []ScoreItem
}

// Grades.
const (
	GradeExcellent = "优秀"
	GradePass      = "合格"
	GradeFail      = "不合格"
)

// Grade returns the grade of a total under the rules' thresholds. Totals
// are compared at two decimals so 89.999… from float sums is not 优秀.
func (r ScoringRules) Grade(total float64) string {
	t := math.Round(total*100) / 100
	switch {
	case t >= r.Excellent:
		return GradeExcellent
	case t >= r.Pass:
		return GradePass
	}
	return GradeFail
}

// Item returns the item with code.
func (r ScoringRules) Item(code string) (ScoreItem, bool) {
	for _, it := range r.Items {
		if it.Code == code {
			return it, true
		}
	}
	return ScoreItem{}, false
}

// DefaultScoringRules is a 细则 a township can adopt as is: base 50, points
// for duties, meetings, inspections, study, contact with voters, matters
// raised, 社情民意 and 代表建议, deductions for 无故缺席, and two items
// scored by hand by the raters the seeds name.
func DefaultScoringRules(year int) ScoringRules {
	return ScoringRules{
		Year: year, Version: 1, Title: "人大代表履职评分细则",
		Base: 50, MaxTotal: 100, Excellent: 90, Pass: 80, ProRate: true,
		Raters: []string{RaterSelf, RaterGroup, RaterPresidum, RaterElectors},
		Items: []ScoreItem{
			{Code: "duty", Name: "进站值班接待选民", Kind: ItemCount, Sources: []string{SourceDutyPresent}, Points: 2, Cap: 10,
				Advice: "按值班表进站接待选民，全年不少于5次"},
			{Code: "meeting", Name: "出席人代会及代表会议", Kind: ItemCount, Sources: []string{"出席人代会", "列席会议", "代表会议"}, Points: 2, Cap: 6,
				Advice: "按时出席人代会和代表会议"},
			{Code: "inspect", Name: "小组活动、视察、调研、执法检查", Kind: ItemCount, Sources: []string{"代表小组活动", "集中视察", "专题调研", "执法检查"}, Points: 1.5, Cap: 6,
				Advice: "积极参加代表小组活动和视察调研"},
			{Code: "study", Name: "学习培训", Kind: ItemCount, Sources: []string{"学习培训"}, Points: 1, Cap: 3,
				Advice: "参加学习培训，提高履职能力"},
			{Code: "contact", Name: "走访选民、座谈、宣讲、述职、交流", Kind: ItemCount, Sources: []string{"走访选民", "座谈会", "政策宣讲", "向选民述职", "履职交流"}, Points: 1, Cap: 4,
				Advice: "经常走访选区，向选民述职"},
			{Code: "case", Name: "收集反映群众诉求", Kind: ItemCount, Sources: []string{SourceCase}, Points: 0.5, Cap: 3,
				Advice: "认真收集、反映群众诉求"},
			{Code: "opinion", Name: "报送社情民意", Kind: ItemCount, Sources: []string{SourceOpinion}, Points: 0.5, Cap: 3,
				Advice: "每月报送一条社情民意"},
			{Code: "suggest", Name: "提出代表建议", Kind: ItemCount, Sources: []string{SourceSuggestion}, Points: 2, Cap: 4,
				Advice: "每年至少提出一件代表建议"},
			{Code: "suggestA", Name: "建议办理为A类", Kind: ItemCount, Sources: []string{SourceSuggestionA}, Points: 1, Cap: 2,
				Advice: "提高建议质量，深入调研后提出"},
			{Code: "absent", Name: "无故缺席值班", Kind: ItemDeduct, Sources: []string{SourceDutyAbsent}, Points: 2, Cap: 10,
				Advice: "不能值班须提前请假或安排替班"},
			{Code: "absentAct", Name: "无故缺席活动", Kind: ItemDeduct, Sources: []string{SourceActAbsent}, Points: 1, Cap: 5,
				Advice: "不能参加活动须提前请假"},
			{Code: "speech", Name: "审议发言质量", Kind: ItemManual, Max: 5,
				Raters: []RaterWeight{{RaterGroup, 0.4}, {RaterPresidum, 0.6}},
				Advice: "会前深入调研，提高审议发言质量"},
			{Code: "yearend", Name: "年终核定", Kind: ItemManual, Max: 5,
				Raters: []RaterWeight{{RaterSelf, 0.1}, {RaterGroup, 0.3}, {RaterPresidum, 0.4}, {RaterElectors, 0.2}},
				Advice: "密切联系选民，接受选民监督"},
		},
	}
}

// Validate checks the rules and says which item is wrong.
func (r *ScoringRules) Validate() error {
	var p problems
	r.Title = Normalize(r.Title)
	if r.Year < 2000 || r.Year > 2200 {
		p.add("Year", "年度", "应为四位年份")
	}
	if r.Base < 0 || r.Base > 1000 {
		p.add("Base", "基础分", "应在0到1000之间")
	}
	if r.MaxTotal <= 0 {
		p.add("MaxTotal", "满分", "应大于0")
	}
	if !(r.Pass > 0 && r.Pass < r.Excellent && r.Excellent <= r.MaxTotal) {
		p.add("Excellent", "等次分数线", "应满足 0 < 合格线 < 优秀线 ≤ 满分")
	}
	raters := map[string]bool{}
	for _, n := range r.Raters {
		n = Normalize(n)
		if n == "" || raters[n] {
			p.add("Raters", "评定主体", "名称不能为空或重复")
			break
		}
		raters[n] = true
	}
	codes := map[string]bool{}
	for i := range r.Items {
		it := &r.Items[i]
		it.Code, it.Name = Normalize(it.Code), Normalize(it.Name)
		row := fmt.Sprintf("第%d项", i+1)
		if it.Name != "" {
			row += "“" + it.Name + "”"
		}
		if it.Code == "" || codes[it.Code] {
			p.add("Items", "评分项目", row+"的代码为空或重复")
		}
		codes[it.Code] = true
		if it.Name == "" {
			p.add("Items", "评分项目", row+"的名称不能为空")
		}
		switch it.Kind {
		case ItemCount, ItemDeduct:
			if len(it.Sources) == 0 {
				p.add("Items", "评分项目", row+"须选择计入的记录")
			}
			for _, s := range it.Sources {
				if !validChoice(s, Sources()) {
					p.add("Items", "评分项目", row+"的记录类型“"+s+"”无法识别")
				}
			}
			if it.Points <= 0 {
				p.add("Items", "评分项目", row+"的每次分值应大于0")
			}
			if it.Cap < 0 {
				p.add("Items", "评分项目", row+"的上限不能为负")
			}
		case ItemManual:
			if it.Max <= 0 {
				p.add("Items", "评分项目", row+"的最高分应大于0")
			}
			if len(it.Raters) == 0 {
				p.add("Items", "评分项目", row+"须指定评定主体")
			}
			for _, rw := range it.Raters {
				if !raters[rw.Rater] {
					p.add("Items", "评分项目", row+"的评定主体“"+rw.Rater+"”不在评定主体名单中")
				}
				if rw.Weight <= 0 {
					p.add("Items", "评分项目", row+"的权重应大于0")
				}
			}
		default:
			p.add("Items", "评分项目", row+"的类型应为加分、扣分或评定")
		}
	}
	if len(r.Items) == 0 {
		p.add("Items", "评分项目", "至少需要一项")
	}
	return p.err()
}

// ScoringRulesFor returns the year's rules: the saved version, else a copy
// of the latest earlier year's, else the default. saved says which.
func (db *DB) ScoringRulesFor(ctx context.Context, year int) (r ScoringRules, saved bool, err error) {
	var js string
	var y int
	err = db.r.QueryRowContext(ctx, `SELECT year, rules FROM scoring_rules WHERE year <= ? ORDER BY year DESC LIMIT 1`, year).Scan(&y, &js)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultScoringRules(year), false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("store: read scoring rules %d: %w", year, err)
	}
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		return r, false, fmt.Errorf("store: decode scoring rules %d: %w", y, err)
	}
	if y != year {
		r.Year, r.Version = year, 1
		return r, false, nil
	}
	return r, true, nil
}

// SaveScoringRules stores the year's rules as a new version. A finalised
// year's rules cannot change until the year is reopened.
func (db *DB) SaveScoringRules(ctx context.Context, r *ScoringRules) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.saveScoringRules(ctx, r) })
}

// saveScoringRules is SaveScoringRules inside tx, for a county notice that
// brings the 细则 with other changes in one transaction.
func (tx *Tx) saveScoringRules(ctx context.Context, r *ScoringRules) error {
	{
		if err := tx.refuseFinal(ctx, r.Year); err != nil {
			return err
		}
		var oldJS string
		var version int
		err := tx.QueryRowContext(ctx, `SELECT rules, version FROM scoring_rules WHERE year = ?`, r.Year).Scan(&oldJS, &version)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: read scoring rules: %w", err)
		}
		r.Version = version + 1
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("store: encode scoring rules: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO scoring_rules(year, version, rules, created_at, updated_at) VALUES (?,?,?,?,?)
			ON CONFLICT(year) DO UPDATE SET version = excluded.version, rules = excluded.rules, updated_at = excluded.updated_at`,
			r.Year, r.Version, string(b), stamp(tx.now), stamp(tx.now)); err != nil {
			return fmt.Errorf("store: save scoring rules %d: %w", r.Year, err)
		}
		id := strconv.Itoa(r.Year)
		summary := fmt.Sprintf("%d年度履职评分细则 第%d版", r.Year, r.Version)
		if oldJS == "" {
			return tx.logChange(ctx, "scoring_rules", id, "create", summary, nil, r)
		}
		var old ScoringRules
		_ = json.Unmarshal([]byte(oldJS), &old)
		return tx.logChange(ctx, "scoring_rules", id, "update", summary, old, r)
	}
}

// ErrYearFinal is returned when a change would alter a finalised year.
var ErrYearFinal = &ValidationError{Errors: []FieldError{{Field: "Year", Label: "年度", Message: "该年度考核已定稿，须先“重新开启”才能修改"}}}

func (tx *Tx) refuseFinal(ctx context.Context, year int) error {
	var final bool
	err := tx.QueryRowContext(ctx, `SELECT final FROM assessment_year WHERE year = ?`, year).Scan(&final)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: read assessment year: %w", err)
	}
	if final {
		return ErrYearFinal
	}
	return nil
}

// ManualScore is one rater's score for one manual item of one deputy.
type ManualScore struct {
	Year     int
	DeputyID string
	Item     string // item code
	Rater    string
	Points   float64
	Reason   string
}

// SetManualScore records (or replaces) a rater's score, checked against the
// year's rules. The change log keeps the old and new score and the reason.
func (db *DB) SetManualScore(ctx context.Context, s *ManualScore) error {
	return db.SetManualScores(ctx, []*ManualScore{s})
}

// SetManualScores records a form's worth of scores (of one year) in one
// transaction: all are saved or, when one is wrong, none.
func (db *DB) SetManualScores(ctx context.Context, scores []*ManualScore) error {
	if len(scores) == 0 {
		return nil
	}
	rules, _, err := db.ScoringRulesFor(ctx, scores[0].Year)
	if err != nil {
		return err
	}
	items := make([]ScoreItem, len(scores))
	for i, s := range scores {
		if s.Year != scores[0].Year {
			return fmt.Errorf("store: scores of %d and %d in one batch", scores[0].Year, s.Year)
		}
		it, err := checkManualScore(rules, s)
		if err != nil {
			return err
		}
		items[i] = it
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseFinal(ctx, scores[0].Year); err != nil {
			return err
		}
		for i, s := range scores {
			if err := tx.setManualScore(ctx, s, items[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func checkManualScore(rules ScoringRules, s *ManualScore) (ScoreItem, error) {
	s.Reason = Normalize(s.Reason)
	var p problems
	it, ok := rules.Item(s.Item)
	if !ok || it.Kind != ItemManual {
		p.add("Item", "评分项目", "不是本年度细则中的评定项目")
	} else {
		rated := false
		for _, rw := range it.Raters {
			rated = rated || rw.Rater == s.Rater
		}
		if !rated {
			p.add("Rater", "评定主体", "“"+s.Rater+"”不评定“"+it.Name+"”")
		}
		if s.Points < 0 || s.Points > it.Max || math.IsNaN(s.Points) {
			p.add("Points", "分数", fmt.Sprintf("“%s”应在0到%g分之间", it.Name, it.Max))
		}
	}
	return it, p.err()
}

func (tx *Tx) setManualScore(ctx context.Context, s *ManualScore, it ScoreItem) error {
	dep, err := getDeputy(ctx, tx, s.DeputyID)
	if err != nil {
		return err
	}
	if s.Rater == RaterElectors {
		// The voters' 测评 at a 述职 gives this rating; typing it too
		// would leave two numbers for one thing.
		if has, err := hasElectorsRating(ctx, tx, s.Year, s.DeputyID); err != nil {
			return err
		} else if has {
			return &ValidationError{Errors: []FieldError{{Field: "Rater", Label: "评定主体",
				Message: dep.Name + fmt.Sprintf("%d年已有述职测评结果，“%s”的评分由测评自动得出，无须录入", s.Year, RaterElectors)}}}
		}
	}
	var old *ManualScore
	var o ManualScore
	err = tx.QueryRowContext(ctx, `SELECT year, deputy_id, item, rater, points, reason FROM assessment_score
		WHERE year=? AND deputy_id=? AND item=? AND rater=?`, s.Year, s.DeputyID, s.Item, s.Rater).
		Scan(&o.Year, &o.DeputyID, &o.Item, &o.Rater, &o.Points, &o.Reason)
	if err == nil {
		old = &o
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: read manual score: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_score(year, deputy_id, item, rater, points, reason, updated_at) VALUES (?,?,?,?,?,?,?)
		ON CONFLICT(year, deputy_id, item, rater) DO UPDATE SET points = excluded.points, reason = excluded.reason, updated_at = excluded.updated_at`,
		s.Year, s.DeputyID, s.Item, s.Rater, s.Points, s.Reason, stamp(tx.now)); err != nil {
		return fmt.Errorf("store: save manual score: %w", err)
	}
	id := fmt.Sprintf("%d/%s/%s/%s", s.Year, s.DeputyID, s.Item, s.Rater)
	summary := fmt.Sprintf("%s %d年 %s（%s）%g分", dep.Name, s.Year, it.Name, s.Rater, s.Points)
	if old == nil {
		return tx.logChange(ctx, "assessment_score", id, "create", summary, nil, s)
	}
	return tx.logChange(ctx, "assessment_score", id, "update", summary, old, s)
}

// ManualScores lists the year's manual scores.
func (db *DB) ManualScores(ctx context.Context, year int) ([]ManualScore, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT year, deputy_id, item, rater, points, reason FROM assessment_score WHERE year = ?
		ORDER BY deputy_id, item, rater`, year)
	if err != nil {
		return nil, fmt.Errorf("store: list manual scores: %w", err)
	}
	defer rows.Close()
	var out []ManualScore
	for rows.Next() {
		var s ManualScore
		if err := rows.Scan(&s.Year, &s.DeputyID, &s.Item, &s.Rater, &s.Points, &s.Reason); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Adjustment is a 加减分 the secretary makes to one deputy's year, with its
// reason.
type Adjustment struct {
	ID        string
	Year      int
	DeputyID  string
	Points    float64 // positive adds, negative deducts
	Reason    string
	CreatedAt time.Time `log:"-"`
}

// AddAdjustment records an adjustment; a reason is required.
func (db *DB) AddAdjustment(ctx context.Context, a *Adjustment) error {
	a.Reason = Normalize(a.Reason)
	var p problems
	if a.Reason == "" {
		p.add("Reason", "理由", "加减分须写明理由")
	}
	if a.Points == 0 || math.Abs(a.Points) > 100 || math.IsNaN(a.Points) {
		p.add("Points", "分数", "应为-100到100之间的非零分数")
	}
	if err := p.err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseFinal(ctx, a.Year); err != nil {
			return err
		}
		dep, err := getDeputy(ctx, tx, a.DeputyID)
		if err != nil {
			return err
		}
		a.ID, a.CreatedAt = NewID(), tx.now
		if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_adjust(id, year, deputy_id, points, reason, created_at) VALUES (?,?,?,?,?,?)`,
			a.ID, a.Year, a.DeputyID, a.Points, a.Reason, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: save adjustment: %w", err)
		}
		return tx.logChange(ctx, "assessment_adjust", a.ID, "create", fmt.Sprintf("%s %d年 %+g分：%s", dep.Name, a.Year, a.Points, a.Reason), nil, a)
	})
}

// DeleteAdjustment removes an adjustment.
func (db *DB) DeleteAdjustment(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		var a Adjustment
		var c string
		err := tx.QueryRowContext(ctx, `SELECT id, year, deputy_id, points, reason, created_at FROM assessment_adjust WHERE id = ?`, id).
			Scan(&a.ID, &a.Year, &a.DeputyID, &a.Points, &a.Reason, &c)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: adjustment %s: %w", id, ErrNotFound)
		} else if err != nil {
			return fmt.Errorf("store: read adjustment: %w", err)
		}
		a.CreatedAt = parseStamp(c)
		if err := tx.refuseFinal(ctx, a.Year); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM assessment_adjust WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: delete adjustment: %w", err)
		}
		return tx.logChange(ctx, "assessment_adjust", id, "delete", fmt.Sprintf("撤销加减分 %+g：%s", a.Points, a.Reason), a, nil)
	})
}

// Adjustments lists the year's adjustments, oldest first.
func (db *DB) Adjustments(ctx context.Context, year int) ([]Adjustment, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, year, deputy_id, points, reason, created_at FROM assessment_adjust WHERE year = ? ORDER BY created_at, id`, year)
	if err != nil {
		return nil, fmt.Errorf("store: list adjustments: %w", err)
	}
	defer rows.Close()
	var out []Adjustment
	for rows.Next() {
		var a Adjustment
		var c string
		if err := rows.Scan(&a.ID, &a.Year, &a.DeputyID, &a.Points, &a.Reason, &c); err != nil {
			return nil, err
		}
		a.CreatedAt = parseStamp(c)
		out = append(out, a)
	}
	return out, rows.Err()
}

// AssessmentYear is the state of one year's assessment. When Final, Rules
// and Results hold what was computed at finalisation (Results is the
// assessment package's own JSON).
type AssessmentYear struct {
	Year        int
	Final       bool
	FinalisedAt time.Time
	Rules       ScoringRules
	Results     json.RawMessage
}

// AssessmentYearState returns the year's state; a year never finalised is
// open with no snapshot.
func (db *DB) AssessmentYearState(ctx context.Context, year int) (AssessmentYear, error) {
	y := AssessmentYear{Year: year}
	var at, rules, results string
	err := db.r.QueryRowContext(ctx, `SELECT final, finalised_at, rules, results FROM assessment_year WHERE year = ?`, year).
		Scan(&y.Final, &at, &rules, &results)
	if errors.Is(err, sql.ErrNoRows) {
		return y, nil
	}
	if err != nil {
		return y, fmt.Errorf("store: read assessment year %d: %w", year, err)
	}
	if !y.Final {
		return y, nil
	}
	y.FinalisedAt = parseStamp(at)
	if err := json.Unmarshal([]byte(rules), &y.Rules); err != nil {
		return y, fmt.Errorf("store: decode frozen rules %d: %w", year, err)
	}
	y.Results = json.RawMessage(results)
	return y, nil
}

type yearLog struct {
	Final  bool
	Reason string
}

// FinaliseYear freezes the year: the rules and results given are stored as
// they are and served instead of recomputing until ReopenYear.
func (db *DB) FinaliseYear(ctx context.Context, rules ScoringRules, results json.RawMessage) error {
	rb, err := json.Marshal(rules)
	if err != nil {
		return fmt.Errorf("store: encode rules: %w", err)
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseFinal(ctx, rules.Year); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_year(year, final, finalised_at, rules, results, updated_at) VALUES (?,1,?,?,?,?)
			ON CONFLICT(year) DO UPDATE SET final=1, finalised_at=excluded.finalised_at, rules=excluded.rules, results=excluded.results, updated_at=excluded.updated_at`,
			rules.Year, stamp(tx.now), string(rb), string(results), stamp(tx.now)); err != nil {
			return fmt.Errorf("store: finalise %d: %w", rules.Year, err)
		}
		return tx.logChange(ctx, "assessment_year", strconv.Itoa(rules.Year), "update", fmt.Sprintf("%d年度考核定稿", rules.Year),
			yearLog{}, yearLog{Final: true})
	})
}

// ReopenYear lifts the freeze; the reason is kept in the change log.
func (db *DB) ReopenYear(ctx context.Context, year int, reason string) error {
	reason = Normalize(reason)
	if reason == "" {
		return &ValidationError{Errors: []FieldError{{Field: "Reason", Label: "理由", Message: "重新开启须写明理由"}}}
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE assessment_year SET final=0, updated_at=? WHERE year=? AND final=1`, stamp(tx.now), year)
		if err != nil {
			return fmt.Errorf("store: reopen %d: %w", year, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &ValidationError{Errors: []FieldError{{Field: "Year", Label: "年度", Message: "该年度考核尚未定稿"}}}
		}
		return tx.logChange(ctx, "assessment_year", strconv.Itoa(year), "update", fmt.Sprintf("%d年度考核重新开启：%s", year, reason),
			yearLog{Final: true}, yearLog{Reason: reason})
	})
}

// Rectification tracks a 不合格 deputy's 谈话提醒 and 整改报告.
type Rectification struct {
	Year        int
	DeputyID    string
	TalkDay     string // 谈话提醒 date
	TalkBy      string
	TalkNote    string
	DueDay      string // 整改报告 due
	ReceivedDay string // 整改报告 received
	Note        string
}

// Validate checks the dates.
func (r *Rectification) Validate() error {
	var p problems
	r.TalkBy, r.TalkNote, r.Note = Normalize(r.TalkBy), Normalize(r.TalkNote), Normalize(r.Note)
	for _, f := range []struct {
		v           *string
		field, name string
	}{{&r.TalkDay, "TalkDay", "谈话日期"}, {&r.DueDay, "DueDay", "整改报告期限"}, {&r.ReceivedDay, "ReceivedDay", "收到整改报告日期"}} {
		if *f.v == "" {
			continue
		}
		p.date(f.v, f.field, f.name, "日期格式应为 2027-01-31")
	}
	return p.err()
}

// Rectifications returns the year's records by deputy ID.
func (db *DB) Rectifications(ctx context.Context, year int) (map[string]Rectification, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT year, deputy_id, talk_day, talk_by, talk_note, due_day, received_day, note FROM rectification WHERE year = ?`, year)
	if err != nil {
		return nil, fmt.Errorf("store: list rectifications: %w", err)
	}
	defer rows.Close()
	out := map[string]Rectification{}
	for rows.Next() {
		var r Rectification
		if err := rows.Scan(&r.Year, &r.DeputyID, &r.TalkDay, &r.TalkBy, &r.TalkNote, &r.DueDay, &r.ReceivedDay, &r.Note); err != nil {
			return nil, err
		}
		out[r.DeputyID] = r
	}
	return out, rows.Err()
}

// SaveRectification records the 谈话提醒 and 整改报告 dates. It is allowed on
// a finalised year: chasing the report happens after the results are final.
func (db *DB) SaveRectification(ctx context.Context, r *Rectification) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		dep, err := getDeputy(ctx, tx, r.DeputyID)
		if err != nil {
			return err
		}
		var old *Rectification
		var o Rectification
		err = tx.QueryRowContext(ctx, `SELECT year, deputy_id, talk_day, talk_by, talk_note, due_day, received_day, note FROM rectification
			WHERE year = ? AND deputy_id = ?`, r.Year, r.DeputyID).Scan(&o.Year, &o.DeputyID, &o.TalkDay, &o.TalkBy, &o.TalkNote, &o.DueDay, &o.ReceivedDay, &o.Note)
		if err == nil {
			old = &o
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: read rectification: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rectification(year, deputy_id, talk_day, talk_by, talk_note, due_day, received_day, note, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(year, deputy_id) DO UPDATE SET talk_day=excluded.talk_day, talk_by=excluded.talk_by,
			talk_note=excluded.talk_note, due_day=excluded.due_day, received_day=excluded.received_day, note=excluded.note, updated_at=excluded.updated_at`,
			r.Year, r.DeputyID, r.TalkDay, r.TalkBy, r.TalkNote, r.DueDay, r.ReceivedDay, r.Note, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: save rectification: %w", err)
		}
		id := fmt.Sprintf("%d/%s", r.Year, r.DeputyID)
		summary := fmt.Sprintf("%s %d年 谈话提醒与整改报告", dep.Name, r.Year)
		if old == nil {
			return tx.logChange(ctx, "rectification", id, "create", summary, nil, r)
		}
		return tx.logChange(ctx, "rectification", id, "update", summary, old, r)
	})
}
