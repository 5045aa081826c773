package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// 民生实事代表票决: candidate items are voted on at the 人代会, the chosen
// ones are split into 点位 that named deputies oversee and check off, and
// the year ends with a 满意度测评 of each item.

func init() {
	for k, v := range map[string]string{"project": "民生实事项目", "project_vote": "民生实事票决", "project_site": "民生实事点位"} {
		EntityNames[k] = v
	}
	changeFields["project"] = map[string]string{"Title": "项目名称", "Department": "责任单位", "Budget": "投资（万元）",
		"Content": "建设内容", "Source": "项目来源", "SourceCaseID": "来源事项", "SourceSuggestionID": "来源建议",
		"VotesFor": "同意票", "VotesAgainst": "不同意票", "VotesAbstain": "弃权票", "Chosen": "票决确定", "Rank": "得票名次",
		"SatGood": "满意", "SatFair": "基本满意", "SatBad": "不满意", "Position": "选票顺序"}
	changeFields["project_vote"] = map[string]string{"Session": "会议名称", "Choose": "应选项目数", "VoteDay": "票决日期",
		"Expected": "应到代表", "Present": "实到代表", "Tallied": "已计票", "SurveyDay": "测评日期"}
	changeFields["project_site"] = map[string]string{"ProjectID": "民生实事项目", "Location": "点位", "Content": "建设内容",
		"PlannedDay": "计划完成日期", "DoneDay": "销号日期", "Evidence": "销号说明", "DeputyIDs": "责任代表", "Position": "顺序", "Photo": "销号照片"}
}

// ProjectSources are where a candidate item came from.
var ProjectSources = []string{"群众反映事项", "代表建议", "部门申报", "其他"}

// Project is one 民生实事 item of a year, candidate until the tally.
type Project struct {
	ID                 string
	Year               int
	Position           int // order on the ballot, from 1
	Title              string
	Department         string  // 责任单位
	Budget             float64 // 万元
	Content            string
	Source             string
	SourceCaseID       string
	SourceSuggestionID string
	VotesFor           int
	VotesAgainst       int
	VotesAbstain       int
	Chosen             bool
	Rank               int // by the tally, from 1; 0 before it
	SatGood            int
	SatFair            int
	SatBad             int
	CreatedAt          time.Time `log:"-"`
	UpdatedAt          time.Time `log:"-"`

	// Filled by reads.
	Sites     int    `log:"-"`
	SitesDone int    `log:"-"`
	SourceRef string `log:"-"` // the source case's number or suggestion's title
}

// Surveyed reports whether the 满意度测评 was entered.
func (p Project) Surveyed() bool { return p.SatGood+p.SatFair+p.SatBad > 0 }

// SatisfactionRate is (满意 + 基本满意) / all answers, 0 without answers.
func (p Project) SatisfactionRate() float64 {
	n := p.SatGood + p.SatFair + p.SatBad
	if n == 0 {
		return 0
	}
	return float64(p.SatGood+p.SatFair) / float64(n)
}

// Validate checks a project's own fields and normalises them.
func (p *Project) Validate() error {
	var pr problems
	p.Title, p.Department, p.Source = Normalize(p.Title), Normalize(p.Department), Normalize(p.Source)
	p.Content = strings.TrimSpace(p.Content)
	if p.Year < 2000 || p.Year > 2200 {
		pr.add("Year", "年度", "年度无效")
	}
	if p.Title == "" {
		pr.add("Title", "项目名称", "不能为空")
	} else if len([]rune(p.Title)) > 60 {
		pr.add("Title", "项目名称", "不能超过60个字")
	}
	if p.Budget < 0 || p.Budget > 1e7 {
		pr.add("Budget", "投资（万元）", "应为0到10000000之间的数")
	}
	if p.Source != "" && !validChoice(p.Source, ProjectSources) {
		pr.add("Source", "项目来源", "请选择"+strings.Join(ProjectSources, "、")+"之一")
	}
	if p.SourceCaseID != "" && p.SourceSuggestionID != "" {
		pr.add("Source", "项目来源", "只能来自一件事项或一件建议")
	}
	return pr.err()
}

const projectCols = `p.id, p.year, p.position, p.title, p.department, p.budget, p.content, p.source, coalesce(p.source_case_id, ''),
	coalesce(p.source_suggestion_id, ''), p.votes_for, p.votes_against, p.votes_abstain, p.chosen, p.rank,
	p.sat_good, p.sat_fair, p.sat_bad, p.created_at, p.updated_at,
	(SELECT count(*) FROM project_site s WHERE s.project_id = p.id),
	(SELECT count(*) FROM project_site s WHERE s.project_id = p.id AND s.done_day <> ''),
	coalesce((SELECT no FROM cases c WHERE c.id = p.source_case_id), (SELECT CASE no WHEN '' THEN title ELSE no || ' ' || title END FROM suggestion g WHERE g.id = p.source_suggestion_id), '')`

func scanProject(sc scanner) (Project, error) {
	var p Project
	var c, u string
	err := sc.Scan(&p.ID, &p.Year, &p.Position, &p.Title, &p.Department, &p.Budget, &p.Content, &p.Source, &p.SourceCaseID,
		&p.SourceSuggestionID, &p.VotesFor, &p.VotesAgainst, &p.VotesAbstain, &p.Chosen, &p.Rank,
		&p.SatGood, &p.SatFair, &p.SatBad, &c, &u, &p.Sites, &p.SitesDone, &p.SourceRef)
	p.CreatedAt, p.UpdatedAt = parseStamp(c), parseStamp(u)
	return p, err
}

func getProject(ctx context.Context, q queryer, id string) (Project, error) {
	p, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectCols+` FROM project p WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("store: project %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("store: read project %s: %w", id, err)
	}
	return p, nil
}

// Project reads one item.
func (db *DB) Project(ctx context.Context, id string) (Project, error) {
	return getProject(ctx, db.r, id)
}

// Projects lists a year's items in ballot order.
func (db *DB) Projects(ctx context.Context, year int) ([]Project, error) {
	out, err := queryAll(ctx, db.r, scanProject, `SELECT `+projectCols+` FROM project p WHERE p.year = ? ORDER BY p.position, p.id`, year)
	if err != nil {
		return nil, fmt.Errorf("store: list projects: %w", err)
	}
	return out, nil
}

// ProjectYears lists the years that hold items, newest first.
func (db *DB) ProjectYears(ctx context.Context) ([]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT DISTINCT year FROM project ORDER BY year DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: project years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// ProjectFromCase drafts a candidate item from a 群众反映事项, linked back to it.
func (db *DB) ProjectFromCase(ctx context.Context, year int, caseID string) (Project, error) {
	c, err := getCase(ctx, db.r, caseID)
	if err != nil {
		return Project{}, err
	}
	title := []rune(strings.TrimSpace(c.Content))
	if len(title) > 30 {
		title = title[:30]
	}
	return Project{Year: year, Title: string(title), Content: c.Content, Department: c.LeadUnit, Source: "群众反映事项",
		SourceCaseID: c.ID, SourceRef: c.No}, nil
}

// ProjectFromSuggestion drafts a candidate item from a 代表建议, linked back to it.
func (db *DB) ProjectFromSuggestion(ctx context.Context, year int, suggestionID string) (Project, error) {
	s, err := getSuggestion(ctx, db.r, suggestionID)
	if err != nil {
		return Project{}, err
	}
	return Project{Year: year, Title: s.Title, Department: s.Department, Source: "代表建议", SourceSuggestionID: s.ID,
		SourceRef: strings.TrimSpace(s.No + " " + s.Title)}, nil
}

// SaveProject creates (empty ID) or updates a candidate item's own fields;
// the votes, the choice and the 测评 have their own methods.
func (db *DB) SaveProject(ctx context.Context, p *Project) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if p.SourceCaseID != "" {
			if _, err := getCase(ctx, tx, p.SourceCaseID); err != nil {
				return err
			}
		}
		if p.SourceSuggestionID != "" {
			if _, err := getSuggestion(ctx, tx, p.SourceSuggestionID); err != nil {
				return err
			}
		}
		var other string
		err := tx.QueryRowContext(ctx, `SELECT id FROM project WHERE year = ? AND title = ? AND id <> ?`, p.Year, p.Title, p.ID).Scan(&other)
		if err == nil {
			return &ValidationError{Errors: []FieldError{{Field: "Title", Label: "项目名称", Message: fmt.Sprintf("%d年已有同名项目", p.Year)}}}
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: check project title: %w", err)
		}
		if p.ID == "" {
			if err := refuseTallied(ctx, tx, p.Year, "增加候选项目"); err != nil {
				return err
			}
			p.ID = NewID()
			p.CreatedAt, p.UpdatedAt = tx.now, tx.now
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) + 1 FROM project WHERE year = ?`, p.Year).Scan(&p.Position); err != nil {
				return fmt.Errorf("store: next project position: %w", err)
			}
			p.VotesFor, p.VotesAgainst, p.VotesAbstain, p.Chosen, p.Rank = 0, 0, 0, false, 0
			p.SatGood, p.SatFair, p.SatBad = 0, 0, 0
			if _, err := tx.ExecContext(ctx, `INSERT INTO project(id, year, position, title, department, budget, content, source,
				source_case_id, source_suggestion_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
				p.ID, p.Year, p.Position, p.Title, p.Department, p.Budget, p.Content, p.Source, nullable(p.SourceCaseID),
				nullable(p.SourceSuggestionID), stamp(tx.now), stamp(tx.now)); err != nil {
				return fmt.Errorf("store: create project: %w", err)
			}
			return tx.logChange(ctx, "project", p.ID, "create", "民生实事 "+p.Title, nil, p)
		}
		old, err := getProject(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if old.Year != p.Year {
			return &ValidationError{Errors: []FieldError{{Field: "Year", Label: "年度", Message: "项目的年度不能更改"}}}
		}
		// The tallied fields stay as they are.
		p.Position, p.VotesFor, p.VotesAgainst, p.VotesAbstain, p.Chosen, p.Rank = old.Position, old.VotesFor, old.VotesAgainst, old.VotesAbstain, old.Chosen, old.Rank
		p.SatGood, p.SatFair, p.SatBad = old.SatGood, old.SatFair, old.SatBad
		p.CreatedAt, p.UpdatedAt = old.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE project SET title=?, department=?, budget=?, content=?, source=?, source_case_id=?,
			source_suggestion_id=?, updated_at=? WHERE id=?`, p.Title, p.Department, p.Budget, p.Content, p.Source,
			nullable(p.SourceCaseID), nullable(p.SourceSuggestionID), stamp(tx.now), p.ID); err != nil {
			return fmt.Errorf("store: update project %s: %w", p.ID, err)
		}
		return tx.logChange(ctx, "project", p.ID, "update", "民生实事 "+p.Title, old, p)
	})
}

// refuseTallied stops a change to the list of candidates once the votes are
// counted: the ballot printed for the session would no longer match.
func refuseTallied(ctx context.Context, tx *Tx, year int, what string) error {
	var tallied bool
	err := tx.QueryRowContext(ctx, `SELECT tallied FROM project_vote WHERE year = ?`, year).Scan(&tallied)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: read project vote: %w", err)
	}
	if tallied {
		return &ValidationError{Errors: []FieldError{{Field: "Year", Label: "年度",
			Message: fmt.Sprintf("%d年的民生实事已计票，不能再%s（如需更改，请先清除计票结果）", year, what)}}}
	}
	return nil
}

// DeleteProject moves a candidate item (with its 点位) to the 回收站.
func (db *DB) DeleteProject(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getProject(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := refuseTallied(ctx, tx, old.Year, "删除候选项目"); err != nil {
			return err
		}
		if err := tx.trash(ctx, "project", "project", id, "民生实事 "+old.Title, fmt.Sprintf("%d年", old.Year)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE project SET position = position - 1 WHERE year = ? AND position > ?`, old.Year, old.Position); err != nil {
			return fmt.Errorf("store: renumber projects: %w", err)
		}
		return tx.logChange(ctx, "project", id, "delete", "民生实事 "+old.Title, old, nil)
	})
}

// MoveProject moves an item one place up (-1) or down (+1) on the ballot.
func (db *DB) MoveProject(ctx context.Context, id string, by int) error {
	return db.update(ctx, func(tx *Tx) error {
		p, err := getProject(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := refuseTallied(ctx, tx, p.Year, "调整选票顺序"); err != nil {
			return err
		}
		to := p.Position + by
		var otherID string
		err = tx.QueryRowContext(ctx, `SELECT id FROM project WHERE year = ? AND position = ?`, p.Year, to).Scan(&otherID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return fmt.Errorf("store: move project: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE project SET position = ? WHERE id = ?`, p.Position, otherID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE project SET position = ? WHERE id = ?`, to, id); err != nil {
			return err
		}
		np := p
		np.Position = to
		return tx.logChange(ctx, "project", id, "update", "民生实事 "+p.Title, p, np)
	})
}

// ProjectVote is a year's vote: the session, how many items it chooses, and
// the deputies 应到/实到 at the tally.
type ProjectVote struct {
	Year      int
	Session   string // e.g. 城关镇第十八届人民代表大会第三次会议
	Choose    int    // 应选项目数
	VoteDay   string
	Expected  int // 应到代表
	Present   int // 实到代表
	Tallied   bool
	SurveyDay string    // 满意度测评日期
	UpdatedAt time.Time `log:"-"`
}

func getProjectVote(ctx context.Context, q queryer, year int) (ProjectVote, error) {
	v := ProjectVote{Year: year}
	var u string
	err := q.QueryRowContext(ctx, `SELECT session, choose, vote_day, expected, present, tallied, survey_day, updated_at FROM project_vote WHERE year = ?`, year).
		Scan(&v.Session, &v.Choose, &v.VoteDay, &v.Expected, &v.Present, &v.Tallied, &v.SurveyDay, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return v, nil
	}
	v.UpdatedAt = parseStamp(u)
	if err != nil {
		return v, fmt.Errorf("store: read project vote %d: %w", year, err)
	}
	return v, nil
}

// ProjectVoteFor returns a year's vote settings; a year not yet set has zero fields.
func (db *DB) ProjectVoteFor(ctx context.Context, year int) (ProjectVote, error) {
	return getProjectVote(ctx, db.r, year)
}

func (tx *Tx) putProjectVote(ctx context.Context, old, v ProjectVote) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO project_vote(year, session, choose, vote_day, expected, present, tallied, survey_day, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(year) DO UPDATE SET session=excluded.session, choose=excluded.choose,
		vote_day=excluded.vote_day, expected=excluded.expected, present=excluded.present, tallied=excluded.tallied,
		survey_day=excluded.survey_day, updated_at=excluded.updated_at`,
		v.Year, v.Session, v.Choose, v.VoteDay, v.Expected, v.Present, v.Tallied, v.SurveyDay, stamp(tx.now)); err != nil {
		return fmt.Errorf("store: save project vote: %w", err)
	}
	action := "update"
	if old.UpdatedAt.IsZero() {
		action = "create"
	}
	return tx.logChange(ctx, "project_vote", fmt.Sprint(v.Year), action, fmt.Sprintf("%d年民生实事票决", v.Year), old, v)
}

// SaveProjectVote sets what the ballot prints: the session, the day and how
// many items are to be chosen. The tally keeps its own figures.
func (db *DB) SaveProjectVote(ctx context.Context, v *ProjectVote) error {
	var p problems
	v.Session = Normalize(v.Session)
	if v.VoteDay != "" {
		p.date(&v.VoteDay, "VoteDay", "票决日期", "日期格式应为 2026-11-22")
	}
	if v.Choose < 1 || v.Choose > 50 {
		p.add("Choose", "应选项目数", "应为1到50之间的整数")
	}
	if len([]rune(v.Session)) > 60 {
		p.add("Session", "会议名称", "不能超过60个字")
	}
	if err := p.err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		old, err := getProjectVote(ctx, tx, v.Year)
		if err != nil {
			return err
		}
		if old.Tallied && v.Choose != old.Choose {
			return &ValidationError{Errors: []FieldError{{Field: "Choose", Label: "应选项目数", Message: "已计票，不能再更改应选项目数（如需更改，请先清除计票结果）"}}}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM project WHERE year = ?`, v.Year).Scan(&n); err != nil {
			return err
		}
		if n > 0 && v.Choose > n {
			return &ValidationError{Errors: []FieldError{{Field: "Choose", Label: "应选项目数", Message: fmt.Sprintf("不能多于候选项目数（%d项）", n)}}}
		}
		nv := old
		nv.Year, nv.Session, nv.Choose, nv.VoteDay = v.Year, v.Session, v.Choose, v.VoteDay
		if err := tx.putProjectVote(ctx, old, nv); err != nil {
			return err
		}
		*v = nv
		return nil
	})
}

// Votes are one item's counted ballots.
type Votes struct {
	For, Against, Abstain int
}

// Tally is what the 计票人 hands over: 应到/实到 and each item's votes.
type Tally struct {
	Year     int
	VoteDay  string
	Expected int
	Present  int
	Votes    map[string]Votes // project ID → votes
}

// RankRule says how the tally orders and chooses items, for the screen and
// the printed result.
const RankRule = "同意票超过实到代表半数的项目方为有效，按同意票多少排序，取前若干项；同意票相同的，不同意票少的在前；仍相同的，按选票顺序在前的在前。"

// RankProjects orders items by the tally and marks the first choose items
// with more 同意 than half the deputies present as chosen. It returns the
// items in rank order with Rank and Chosen set.
func RankProjects(ps []Project, present, choose int) []Project {
	out := append([]Project(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.VotesFor != b.VotesFor {
			return a.VotesFor > b.VotesFor
		}
		if a.VotesAgainst != b.VotesAgainst {
			return a.VotesAgainst < b.VotesAgainst
		}
		return a.Position < b.Position
	})
	n := 0
	for i := range out {
		out[i].Rank = i + 1
		out[i].Chosen = false
		if n < choose && 2*out[i].VotesFor > present {
			out[i].Chosen = true
			n++
		}
	}
	return out
}

// SaveTally stores the counted votes, ranks the items and marks the chosen
// ones, in one transaction. Bad figures name the item and change nothing.
func (db *DB) SaveTally(ctx context.Context, t Tally) error {
	var p problems
	p.date(&t.VoteDay, "VoteDay", "票决日期", "日期格式应为 2026-11-22")
	if t.Expected < 1 {
		p.add("Expected", "应到代表", "应为正整数")
	}
	if t.Present < 1 || t.Present > t.Expected {
		p.add("Present", "实到代表", fmt.Sprintf("应为1到应到人数（%d）之间的整数", t.Expected))
	} else if 2*t.Present <= t.Expected {
		p.add("Present", "实到代表", "实到代表未超过应到代表的半数，不能进行票决")
	}
	if err := p.err(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		old, err := getProjectVote(ctx, tx, t.Year)
		if err != nil {
			return err
		}
		if old.Choose < 1 {
			return &ValidationError{Errors: []FieldError{{Field: "Choose", Label: "应选项目数", Message: "请先设置应选项目数"}}}
		}
		ps, err := queryAll(ctx, tx, scanProject, `SELECT `+projectCols+` FROM project p WHERE p.year = ? ORDER BY p.position`, t.Year)
		if err != nil {
			return fmt.Errorf("store: read projects: %w", err)
		}
		if len(ps) == 0 {
			return &ValidationError{Errors: []FieldError{{Field: "Votes", Label: "计票", Message: fmt.Sprintf("%d年没有候选项目", t.Year)}}}
		}
		before := map[string]Project{}
		for _, pr := range ps {
			before[pr.ID] = pr
		}
		var bad problems
		for i := range ps {
			v, ok := t.Votes[ps[i].ID]
			switch {
			case !ok:
				bad.add("Votes", fmt.Sprintf("第%d项“%s”", ps[i].Position, ps[i].Title), "未录入票数")
			case v.For < 0 || v.Against < 0 || v.Abstain < 0:
				bad.add("Votes", fmt.Sprintf("第%d项“%s”", ps[i].Position, ps[i].Title), "票数不能为负数")
			case v.For+v.Against+v.Abstain > t.Present:
				bad.add("Votes", fmt.Sprintf("第%d项“%s”", ps[i].Position, ps[i].Title),
					fmt.Sprintf("同意、不同意、弃权合计%d票，多于实到代表%d人", v.For+v.Against+v.Abstain, t.Present))
			}
			ps[i].VotesFor, ps[i].VotesAgainst, ps[i].VotesAbstain = v.For, v.Against, v.Abstain
		}
		if len(t.Votes) > len(ps) {
			bad.add("Votes", "计票", "票数中有不属于本年度的项目")
		}
		if err := bad.err(); err != nil {
			return err
		}
		for _, pr := range RankProjects(ps, t.Present, old.Choose) {
			if !pr.Chosen && pr.Sites > 0 {
				return &ValidationError{Errors: []FieldError{{Field: "Votes", Label: fmt.Sprintf("第%d项“%s”", pr.Position, pr.Title),
					Message: fmt.Sprintf("已分解%d个点位，按此计票将不再入选；请先核对票数", pr.Sites)}}}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE project SET votes_for=?, votes_against=?, votes_abstain=?, chosen=?, rank=?, updated_at=? WHERE id=?`,
				pr.VotesFor, pr.VotesAgainst, pr.VotesAbstain, pr.Chosen, pr.Rank, stamp(tx.now), pr.ID); err != nil {
				return fmt.Errorf("store: save tally: %w", err)
			}
			if err := tx.logChange(ctx, "project", pr.ID, "update", "民生实事 "+pr.Title, before[pr.ID], pr); err != nil {
				return err
			}
		}
		nv := old
		nv.VoteDay, nv.Expected, nv.Present, nv.Tallied = t.VoteDay, t.Expected, t.Present, true
		return tx.putProjectVote(ctx, old, nv)
	})
}

// ClearTally undoes a year's tally so candidates can be changed again;
// refused once any chosen item has 点位.
func (db *DB) ClearTally(ctx context.Context, year int) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getProjectVote(ctx, tx, year)
		if err != nil {
			return err
		}
		var sites int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM project_site s JOIN project p ON p.id = s.project_id WHERE p.year = ?`, year).Scan(&sites); err != nil {
			return err
		}
		if sites > 0 {
			return &ValidationError{Errors: []FieldError{{Field: "Votes", Label: "计票", Message: fmt.Sprintf("已分解%d个点位，不能清除计票结果", sites)}}}
		}
		ps, err := queryAll(ctx, tx, scanProject, `SELECT `+projectCols+` FROM project p WHERE p.year = ?`, year)
		if err != nil {
			return err
		}
		for _, pr := range ps {
			np := pr
			np.VotesFor, np.VotesAgainst, np.VotesAbstain, np.Chosen, np.Rank = 0, 0, 0, false, 0
			if _, err := tx.ExecContext(ctx, `UPDATE project SET votes_for=0, votes_against=0, votes_abstain=0, chosen=0, rank=0, updated_at=? WHERE id=?`, stamp(tx.now), pr.ID); err != nil {
				return err
			}
			if err := tx.logChange(ctx, "project", pr.ID, "update", "民生实事 "+pr.Title, pr, np); err != nil {
				return err
			}
		}
		nv := old
		nv.Tallied, nv.Present = false, 0
		return tx.putProjectVote(ctx, old, nv)
	})
}

// Survey is one item's year-end 满意度测评.
type Survey struct {
	Good, Fair, Bad int // 满意, 基本满意, 不满意
}

// SaveSurvey records the 满意度测评 of a year's chosen items in one
// transaction; surveys maps project ID → counts.
func (db *DB) SaveSurvey(ctx context.Context, year int, day string, surveys map[string]Survey) error {
	d, ok := ParseDate(day)
	if !ok {
		return &ValidationError{Errors: []FieldError{{Field: "SurveyDay", Label: "测评日期", Message: "日期格式应为 2026-11-22"}}}
	}
	return db.update(ctx, func(tx *Tx) error {
		v, err := getProjectVote(ctx, tx, year)
		if err != nil {
			return err
		}
		var bad problems
		var todo []Project
		for id, s := range surveys {
			p, err := getProject(ctx, tx, id)
			if err != nil {
				return err
			}
			label := fmt.Sprintf("“%s”", p.Title)
			switch {
			case p.Year != year:
				bad.add("Survey", label, fmt.Sprintf("不是%d年的项目", year))
			case !p.Chosen:
				bad.add("Survey", label, "未经票决确定，不参加测评")
			case s.Good < 0 || s.Fair < 0 || s.Bad < 0:
				bad.add("Survey", label, "票数不能为负数")
			case v.Expected > 0 && s.Good+s.Fair+s.Bad > v.Expected:
				bad.add("Survey", label, fmt.Sprintf("测评票合计%d张，多于应到代表%d人", s.Good+s.Fair+s.Bad, v.Expected))
			}
			np := p
			np.SatGood, np.SatFair, np.SatBad = s.Good, s.Fair, s.Bad
			todo = append(todo, np)
		}
		if err := bad.err(); err != nil {
			return err
		}
		sort.Slice(todo, func(i, j int) bool { return todo[i].Position < todo[j].Position })
		for _, np := range todo {
			old, _ := getProject(ctx, tx, np.ID)
			if _, err := tx.ExecContext(ctx, `UPDATE project SET sat_good=?, sat_fair=?, sat_bad=?, updated_at=? WHERE id=?`,
				np.SatGood, np.SatFair, np.SatBad, stamp(tx.now), np.ID); err != nil {
				return fmt.Errorf("store: save survey: %w", err)
			}
			if err := tx.logChange(ctx, "project", np.ID, "update", "民生实事 "+np.Title, old, np); err != nil {
				return err
			}
		}
		nv := v
		nv.SurveyDay = d
		return tx.putProjectVote(ctx, v, nv)
	})
}

// CaseIDByNo finds a 群众反映事项 by its 编号 (2026-00012).
func (db *DB) CaseIDByNo(ctx context.Context, no string) (string, error) {
	var id string
	err := db.r.QueryRowContext(ctx, `SELECT id FROM cases WHERE no = ?`, Normalize(no)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: case %s: %w", no, ErrNotFound)
	}
	return id, err
}

// SuggestionIDByNo finds a 代表建议 by its 建议编号.
func (db *DB) SuggestionIDByNo(ctx context.Context, no string) (string, error) {
	var id string
	err := db.r.QueryRowContext(ctx, `SELECT id FROM suggestion WHERE no = ? AND no <> ''`, Normalize(no)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: suggestion %s: %w", no, ErrNotFound)
	}
	return id, err
}
