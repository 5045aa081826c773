package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Level is one 代表层级. A deputy may hold several at once, so Levels is a
// bit set.
type Level uint8

const (
	National   Level = 1 << iota // 全国
	Provincial                   // 省
	Municipal                    // 市
	County                       // 县
	TownshipLv                   // 乡
)

// AllLevels lists the levels from highest to lowest.
var AllLevels = []Level{National, Provincial, Municipal, County, TownshipLv}

var levelNames = map[Level]string{National: "全国", Provincial: "省", Municipal: "市", County: "县", TownshipLv: "乡"}

// String returns the short Chinese name (全国/省/市/县/乡).
func (l Level) String() string { return levelNames[l] }

// ParseLevel reads a short or long Chinese level name (县, 县级, 县人大代表).
func ParseLevel(s string) (Level, bool) {
	s = Normalize(s)
	for _, l := range AllLevels {
		n := levelNames[l]
		if s == n || strings.HasPrefix(s, n+"级") || strings.HasPrefix(s, n+"人大") {
			return l, true
		}
	}
	switch s {
	case "镇", "乡镇", "乡（镇）", "乡(镇)", "镇级", "乡镇级":
		return TownshipLv, true
	case "区", "区级", "县（区）", "县(区)", "县区":
		return County, true
	case "国家", "国家级":
		return National, true
	}
	return 0, false
}

// Levels is a set of levels.
type Levels uint8

// Has reports whether l is in the set.
func (ls Levels) Has(l Level) bool { return ls&Levels(l) != 0 }

// List returns the levels in the set, highest first.
func (ls Levels) List() []Level {
	var out []Level
	for _, l := range AllLevels {
		if ls.Has(l) {
			out = append(out, l)
		}
	}
	return out
}

// String joins the names with 、 (e.g. 县、乡).
func (ls Levels) String() string {
	var names []string
	for _, l := range ls.List() {
		names = append(names, l.String())
	}
	return strings.Join(names, "、")
}

// ParseLevels reads a list such as "县、乡" or "县,乡镇".
func ParseLevels(s string) (Levels, error) {
	var ls Levels
	for _, part := range strings.FieldsFunc(Normalize(s), func(r rune) bool {
		return strings.ContainsRune("、,，;；/ ", r)
	}) {
		l, ok := ParseLevel(part)
		if !ok {
			return 0, fmt.Errorf("无法识别的层级“%s”", part)
		}
		ls |= Levels(l)
	}
	return ls, nil
}

// Deputy statuses.
const (
	StatusActive     = "在任"
	StatusTerminated = "终止"
)

// Choice lists shown in forms and import templates.
var (
	Genders    = []string{"男", "女"}
	Statuses   = []string{StatusActive, StatusTerminated}
	Categories = []string{"工人", "农民", "专业技术人员", "党政领导干部", "企业负责人", "村（社区）干部", "解放军", "其他"}
	Parties    = []string{"中共党员", "中共预备党员", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", "无党派人士", "群众"}
	Educations = []string{"研究生", "大学", "大专", "中专", "高中", "初中", "小学"}
)

// Deputy is one 人大代表 working in the township, whatever their levels.
type Deputy struct {
	ID           string
	Name         string
	Gender       string
	Ethnicity    string
	BirthDate    string // YYYY-MM-DD or YYYY-MM
	Party        string
	Education    string
	WorkUnit     string
	Post         string
	Phone        string
	IDNumber     string // 身份证号, optional
	CertNo       string // 代表证号, unique when given
	Levels       Levels
	District     string // 选区 / 原选举单位
	Term         string // 届次
	Category     string
	Status       string
	StatusDate   string
	StatusReason string
	Notes        string
	CreatedAt    time.Time `log:"-"`
	UpdatedAt    time.Time `log:"-"`
}

// Validate checks a deputy and normalises typed values in place.
func (d *Deputy) Validate() error {
	var p problems
	for _, f := range []*string{&d.Name, &d.Gender, &d.Ethnicity, &d.Party, &d.Education, &d.WorkUnit, &d.Post,
		&d.Phone, &d.IDNumber, &d.CertNo, &d.District, &d.Term, &d.Category, &d.Status, &d.StatusReason} {
		*f = Normalize(*f)
	}
	d.Phone = strings.ReplaceAll(d.Phone, " ", "")
	d.IDNumber = strings.ToUpper(strings.ReplaceAll(d.IDNumber, " ", ""))
	if d.Status == "" {
		d.Status = StatusActive
	}
	if d.Name == "" {
		p.add("Name", "姓名", "不能为空")
	} else if len([]rune(d.Name)) > 20 {
		p.add("Name", "姓名", "不能超过20个字")
	}
	if d.Gender != "" && !validChoice(d.Gender, Genders) {
		p.add("Gender", "性别", "应为“男”或“女”")
	}
	if d.BirthDate != "" {
		if s, ok := ParseMonthOrDate(d.BirthDate); ok {
			d.BirthDate = s
		} else {
			p.add("BirthDate", "出生日期", "无法识别，应如 1975-03-08 或 1975.03")
		}
	}
	if d.Phone == "" {
		p.add("Phone", "联系电话", "不能为空")
	} else if !ValidDeputyPhone(d.Phone) {
		p.add("Phone", "联系电话", "应为11位手机号或带区号的固定电话")
	}
	if d.IDNumber != "" && !ValidIDNumber(d.IDNumber) {
		p.add("IDNumber", "身份证号", "不是有效的18位身份证号（校验位不符）")
	}
	if d.Levels == 0 {
		p.add("Levels", "代表层级", "至少选择一个层级")
	}
	if !validChoice(d.Status, Statuses) {
		p.add("Status", "状态", "应为“在任”或“终止”")
	}
	if d.Status == StatusTerminated {
		if d.StatusDate == "" {
			p.add("StatusDate", "终止日期", "代表资格终止时须填写日期")
		}
		if d.StatusReason == "" {
			p.add("StatusReason", "终止原因", "代表资格终止时须填写原因")
		}
	}
	if d.StatusDate != "" {
		p.date(&d.StatusDate, "StatusDate", "终止日期", "日期格式应为 2026-11-22")
	}
	return p.err()
}

const deputyCols = `id, name, gender, ethnicity, birth_date, party, education, work_unit, post, phone, id_number, cert_no,
	levels, district, term, category, status, status_date, status_reason, notes, created_at, updated_at`

func scanDeputy(s scanner) (Deputy, error) {
	var d Deputy
	var c, u string
	err := s.Scan(&d.ID, &d.Name, &d.Gender, &d.Ethnicity, &d.BirthDate, &d.Party, &d.Education, &d.WorkUnit, &d.Post,
		&d.Phone, &d.IDNumber, &d.CertNo, &d.Levels, &d.District, &d.Term, &d.Category, &d.Status, &d.StatusDate,
		&d.StatusReason, &d.Notes, &c, &u)
	d.CreatedAt, d.UpdatedAt = parseStamp(c), parseStamp(u)
	return d, err
}

// Deputy returns one deputy by ID.
func (db *DB) Deputy(ctx context.Context, id string) (Deputy, error) { return getDeputy(ctx, db.r, id) }

func getDeputy(ctx context.Context, q queryer, id string) (Deputy, error) {
	d, err := scanDeputy(q.QueryRowContext(ctx, `SELECT `+deputyCols+` FROM deputy WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("store: deputy %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("store: read deputy %s: %w", id, err)
	}
	return d, nil
}

// DeputySort orders the register.
type DeputySort int

const (
	SortByName    DeputySort = iota // 按姓名拼音
	SortByLevel                     // 层级从高到低
	SortByUnit                      // 按单位
	SortByCreated                   // 最近录入在前
)

// DeputyFilter narrows the register; zero fields match everything.
type DeputyFilter struct {
	Query   string // matches name, unit, post, phone, 代表证号, 选区
	Level   Level
	GroupID string
	Status  string
	Sort    DeputySort
}

// Deputies lists the register.
func (db *DB) Deputies(ctx context.Context, f DeputyFilter) ([]Deputy, error) {
	q := `SELECT ` + deputyCols + ` FROM deputy WHERE 1=1`
	var args []any
	if s := Normalize(f.Query); s != "" {
		like := "%" + escapeLike(s) + "%"
		q += ` AND (name LIKE ? ESCAPE '\' OR work_unit LIKE ? ESCAPE '\' OR post LIKE ? ESCAPE '\' OR phone LIKE ? ESCAPE '\' OR cert_no LIKE ? ESCAPE '\' OR district LIKE ? ESCAPE '\')`
		args = append(args, like, like, like, like, like, like)
	}
	if f.Level != 0 {
		q += ` AND (levels & ?) != 0`
		args = append(args, int(f.Level))
	}
	if f.GroupID != "" {
		q += ` AND id IN (SELECT deputy_id FROM group_member WHERE group_id = ?)`
		args = append(args, f.GroupID)
	}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, f.Status)
	}
	switch f.Sort {
	case SortByLevel:
		// The lowest bit set is the highest level; order by it, then name.
		q += ` ORDER BY (levels & -levels), name`
	case SortByUnit:
		q += ` ORDER BY work_unit, name`
	case SortByCreated:
		q += ` ORDER BY created_at DESC`
	default:
		q += ` ORDER BY name`
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list deputies: %w", err)
	}
	defer rows.Close()
	var out []Deputy
	for rows.Next() {
		d, err := scanDeputy(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan deputy: %w", err)
		}
		out = append(out, d)
	}
	if f.Sort == SortByName || f.Sort == 0 {
		SortNames(out, func(d Deputy) string { return d.Name })
	}
	return out, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SaveDeputy creates (empty ID) or updates a deputy after validating it.
func (db *DB) SaveDeputy(ctx context.Context, d *Deputy) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.saveDeputy(ctx, d) })
}

// SaveDeputies validates every deputy first and then saves all of them in
// one transaction: either all are saved or none.
func (db *DB) SaveDeputies(ctx context.Context, ds []*Deputy) error {
	for i, d := range ds {
		if err := d.Validate(); err != nil {
			return fmt.Errorf("第%d条：%w", i+1, err)
		}
	}
	return db.update(ctx, func(tx *Tx) error {
		for _, d := range ds {
			if err := tx.saveDeputy(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// saveDeputy writes one validated deputy inside tx; imports call it per row.
func (tx *Tx) saveDeputy(ctx context.Context, d *Deputy) error {
	if d.CertNo != "" {
		var other string
		// cert_no <> '' lets SQLite use the partial unique index instead of a scan.
		err := tx.QueryRowContext(ctx, `SELECT name FROM deputy WHERE cert_no = ? AND cert_no <> '' AND id <> ?`, d.CertNo, d.ID).Scan(&other)
		if err == nil {
			return &ValidationError{Errors: []FieldError{{Field: "CertNo", Label: "代表证号",
				Message: fmt.Sprintf("与已有代表“%s”重复", other)}}}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: check cert no: %w", err)
		}
	}
	if d.ID == "" {
		d.ID = NewID()
		d.CreatedAt, d.UpdatedAt = tx.now, tx.now
		_, err := tx.ExecContext(ctx, `INSERT INTO deputy(`+deputyCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			d.ID, d.Name, d.Gender, d.Ethnicity, d.BirthDate, d.Party, d.Education, d.WorkUnit, d.Post, d.Phone, d.IDNumber,
			d.CertNo, d.Levels, d.District, d.Term, d.Category, d.Status, d.StatusDate, d.StatusReason, d.Notes,
			stamp(tx.now), stamp(tx.now))
		if err != nil {
			return fmt.Errorf("store: create deputy: %w", err)
		}
		return tx.logChange(ctx, "deputy", d.ID, "create", d.Name, nil, d)
	}
	old, err := getDeputy(ctx, tx, d.ID)
	if err != nil {
		return err
	}
	d.CreatedAt, d.UpdatedAt = old.CreatedAt, tx.now
	if diffEmpty(old, *d) {
		d.UpdatedAt = old.UpdatedAt
		return nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE deputy SET name=?, gender=?, ethnicity=?, birth_date=?, party=?, education=?, work_unit=?, post=?,
		phone=?, id_number=?, cert_no=?, levels=?, district=?, term=?, category=?, status=?, status_date=?, status_reason=?, notes=?, updated_at=?
		WHERE id=?`,
		d.Name, d.Gender, d.Ethnicity, d.BirthDate, d.Party, d.Education, d.WorkUnit, d.Post, d.Phone, d.IDNumber, d.CertNo,
		d.Levels, d.District, d.Term, d.Category, d.Status, d.StatusDate, d.StatusReason, d.Notes, stamp(tx.now), d.ID)
	if err != nil {
		return fmt.Errorf("store: update deputy %s: %w", d.ID, err)
	}
	return tx.logChange(ctx, "deputy", d.ID, "update", d.Name, old, d)
}

func diffEmpty(old, new any) bool { return len(diffFields(old, new)) == 0 }

// DeputyImpact describes what deleting a deputy also changes, in Chinese,
// for the confirmation dialog.
func (db *DB) DeputyImpact(ctx context.Context, id string) (string, error) {
	var groups []string
	rows, err := db.r.QueryContext(ctx, `SELECT g.name, g.leader_id = ? FROM deputy_group g JOIN group_member m ON m.group_id = g.id
		WHERE m.deputy_id = ? ORDER BY g.name`, id, id)
	if err != nil {
		return "", fmt.Errorf("store: deputy impact: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var leader sql.NullBool
		if err := rows.Scan(&name, &leader); err != nil {
			return "", err
		}
		if leader.Bool {
			name += "（组长）"
		}
		groups = append(groups, name)
	}
	if len(groups) == 0 {
		return "", rows.Err()
	}
	return "将同时从以下代表小组中移除：" + strings.Join(groups, "、"), rows.Err()
}

// DeleteDeputy moves a deputy, with their group memberships and every
// record that hangs on them, to the 回收站.
func (db *DB) DeleteDeputy(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getDeputy(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.trash(ctx, "deputy", "deputy", id, old.Name, ""); err != nil {
			return err
		}
		return tx.logChange(ctx, "deputy", id, "delete", old.Name, old, nil)
	})
}

// CountDeputies returns how many deputies the register holds.
func (db *DB) CountDeputies(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM deputy`).Scan(&n)
	return n, err
}

// ValidDeputyPhone is the rule the register template states for a deputy's
// 联系电话: an 11-digit mobile or a landline with its area code. A bare local
// number (8621234) is refused: voters outside the county could not dial it
// from the 公示牌. Visitors' phones (ValidPhone) may still be local.
func ValidDeputyPhone(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	return mobileRe.MatchString(s) || landlineRe.MatchString(s)
}
