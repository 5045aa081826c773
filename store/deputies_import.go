package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// deputyFieldLabels names each imported Deputy field in Chinese, in register
// column order; the same labels Validate uses.
var deputyFieldLabels = []struct{ Field, Label string }{
	{"Name", "姓名"}, {"Gender", "性别"}, {"Ethnicity", "民族"}, {"BirthDate", "出生日期"}, {"Party", "政治面貌"},
	{"Education", "文化程度"}, {"WorkUnit", "工作单位"}, {"Post", "职务"}, {"Phone", "联系电话"}, {"IDNumber", "身份证号"},
	{"CertNo", "代表证号"}, {"Levels", "代表层级"}, {"District", "选区"}, {"Term", "届次"}, {"Category", "代表类别"},
	{"Status", "状态"}, {"StatusDate", "终止日期"}, {"StatusReason", "终止原因"}, {"Notes", "备注"},
}

// DeputyFieldLabel returns the Chinese name of a Deputy field ("" if unknown).
func DeputyFieldLabel(field string) string {
	for _, f := range deputyFieldLabels {
		if f.Field == field {
			return f.Label
		}
	}
	if field == GroupsColumn {
		return "代表小组"
	}
	return ""
}

// GroupsColumn is the column key for group membership in DeputyImport.Columns.
const GroupsColumn = "Groups"

// ImportRow is one data row of a register sheet.
type ImportRow struct {
	Line   int    // row number in the sheet, for messages
	Deputy Deputy // values read from the sheet; ID is ignored
	Groups []string
}

// DeputyImport is a parsed register sheet.
//
// Columns holds the Deputy field names (and GroupsColumn) the sheet had. A
// field the sheet lacks, or leaves empty, keeps its stored value on existing
// deputies: an import never erases what was typed before. A nil Columns
// means every column was present.
//
// Group membership: a non-empty 代表小组 cell is the truth for its deputy,
// who ends up in exactly the groups named there (several separated by 、);
// a group named there that does not exist yet is created, because the
// county's register is usually the first place groups are written down. An
// empty cell keeps the deputy's groups. Groups are never deleted by an import.
//
// Errors holds the problems the reader found in single cells; the store adds
// its own checks across rows and refuses the import if there are any, so
// that one pass names every problem. The other fields say what was read, for
// the preview: the file's format, the sheet used, rows skipped and why, and
// source columns that are not imported.
type DeputyImport struct {
	Rows    []ImportRow
	Columns map[string]bool
	Errors  []RowError

	// CertChoices says, by sheet line, what to do with a row whose 代表证号
	// belongs to a deputy of another name or birth date; a line not listed
	// is refused with a RowError whose CertOwnerID is set.
	CertChoices map[int]CertChoice

	Format  string       // e.g. Excel 97-2003（.xls）
	Sheet   string       // the worksheet read
	Skipped []SkippedRow // title, note and footer rows
	Ignored []string     // source columns not imported, e.g. E列「籍贯」
	Notes   []string     // other things to tell, e.g. hidden sheets not read
}

// CertChoice is the secretary's answer to a 代表证号 conflict.
type CertChoice int

const (
	CertRefuse CertChoice = iota // name the row as a problem (the default)
	CertUpdate                   // the row updates the deputy holding the 代表证号
	CertSkip                     // the row is not imported
)

// SkippedRow is a row of the sheet that is not a deputy, and why.
type SkippedRow struct {
	Line   int
	Reason string // 表尾签字行, 合计行, 说明行, …
	Text   string // its first words, to recognise it
}

// Describe lists, in Chinese, what the reader did besides the rows: the
// sheet read, the rows skipped and the columns ignored. Preview and CLI show
// it so nothing is dropped without a word.
func (imp DeputyImport) Describe() []string {
	var out []string
	if imp.Sheet != "" {
		s := "读取工作表“" + imp.Sheet + "”"
		if imp.Format != "" {
			s += "（" + imp.Format + "）"
		}
		out = append(out, s)
	}
	out = append(out, imp.Notes...)
	if len(imp.Ignored) > 0 {
		out = append(out, "以下栏目不导入："+strings.Join(imp.Ignored, "、"))
	}
	for _, r := range imp.Skipped {
		s := fmt.Sprintf("跳过第%d行（%s）", r.Line, r.Reason)
		if r.Text != "" {
			s += "：" + r.Text
		}
		out = append(out, s)
	}
	return out
}

func (imp DeputyImport) has(field string) bool { return imp.Columns == nil || imp.Columns[field] }

// RowError is one problem in one cell of an imported sheet.
type RowError struct {
	Row     int
	Field   string
	Label   string
	Message string
	// CertOwnerID is set when the row's 代表证号 belongs to another deputy:
	// the one holding it, whom a CertUpdate choice would update.
	CertOwnerID string
}

func (e RowError) String() string {
	if e.Label == "" {
		return fmt.Sprintf("第%d行：%s", e.Row, e.Message)
	}
	return fmt.Sprintf("第%d行 「%s」：%s", e.Row, e.Label, e.Message)
}

// ImportError lists every problem found in a sheet; nothing was imported.
type ImportError struct {
	Errors []RowError
}

func (e *ImportError) Error() string {
	lines := make([]string, len(e.Errors))
	for i, r := range e.Errors {
		lines[i] = r.String()
	}
	return strings.Join(lines, "\n")
}

// RowErrorsFrom maps a deputy's validation problems to one sheet row.
func RowErrorsFrom(line int, err error) []RowError {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return []RowError{{Row: line, Message: err.Error()}}
	}
	out := make([]RowError, len(ve.Errors))
	for i, f := range ve.Errors {
		out[i] = RowError{Row: line, Field: f.Field, Label: f.Label, Message: f.Message}
	}
	return out
}

// ImportAction says what importing a row does.
type ImportAction int

const (
	ImportNew       ImportAction = iota // 新增
	ImportChanged                       // 修改
	ImportUnchanged                     // 不变
)

func (a ImportAction) String() string { return [...]string{"新增", "修改", "不变"}[a] }

// ImportPlanRow is the preview of one row.
type ImportPlanRow struct {
	Line    int
	Action  ImportAction
	Deputy  Deputy   // as it will be saved; ID set when it matches an existing deputy
	Changed []string // Chinese labels of the fields that change
	Groups  []string // group names after the import
}

// ImportPlan previews (or reports) an import.
type ImportPlan struct {
	Rows                    []ImportPlanRow
	NewGroups               []string
	New, Changed, Unchanged int
	// SkippedLines are the rows left out by a CertSkip choice.
	SkippedLines []int
}

// PreviewDeputyImport works out what importing the sheet would do, without
// changing anything. A sheet with problems returns *ImportError.
func (db *DB) PreviewDeputyImport(ctx context.Context, imp DeputyImport) (*ImportPlan, error) {
	var plan *ImportPlan
	// A read transaction keeps the preview consistent; rolled back, it changes nothing.
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: begin preview: %w", err)
	}
	defer tx.Rollback()
	plan, err = planImport(ctx, tx, imp)
	return plan, err
}

// ImportDeputies applies the sheet in one transaction: every row is checked
// first, and if any is bad nothing is written and *ImportError lists them all.
func (db *DB) ImportDeputies(ctx context.Context, imp DeputyImport) (*ImportPlan, error) {
	var plan *ImportPlan
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		plan, err = planImport(ctx, tx, imp)
		if err != nil {
			return err
		}
		return tx.applyImport(ctx, plan, imp.has(GroupsColumn))
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

type importState struct {
	deputies  []Deputy
	byCert    map[string]int
	byName    map[string][]int
	groupIDs  map[string]string   // name -> id
	memberOf  map[string][]string // deputy id -> group names
	claimedBy map[string]int      // deputy id or new-row key -> sheet line
	newGroups []string
	errs      []RowError
}

func loadImportState(ctx context.Context, q queryer) (*importState, error) {
	st := &importState{byCert: map[string]int{}, byName: map[string][]int{}, groupIDs: map[string]string{},
		memberOf: map[string][]string{}, claimedBy: map[string]int{}}
	rows, err := q.QueryContext(ctx, `SELECT `+deputyCols+` FROM deputy`)
	if err != nil {
		return nil, fmt.Errorf("store: load deputies for import: %w", err)
	}
	for rows.Next() {
		d, err := scanDeputy(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan deputy: %w", err)
		}
		i := len(st.deputies)
		st.deputies = append(st.deputies, d)
		if d.CertNo != "" {
			st.byCert[d.CertNo] = i
		}
		st.byName[d.Name] = append(st.byName[d.Name], i)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load deputies for import: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT g.id, g.name, coalesce(m.deputy_id, '') FROM deputy_group g
		LEFT JOIN group_member m ON m.group_id = g.id ORDER BY g.name`)
	if err != nil {
		return nil, fmt.Errorf("store: load groups for import: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name, member string
		if err := rows.Scan(&id, &name, &member); err != nil {
			return nil, fmt.Errorf("store: scan group: %w", err)
		}
		st.groupIDs[name] = id
		if member != "" {
			st.memberOf[member] = append(st.memberOf[member], name)
		}
	}
	return st, rows.Err()
}

// birthCompatible reports whether two birth dates can be the same person's:
// equal, or one only the month of the other (county sheets often lack the day).
func birthCompatible(a, b string) bool {
	if a == b {
		return true
	}
	if a == "" || b == "" {
		return false
	}
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}

// match finds the existing deputy a row describes: by 代表证号, else by name
// and birth date. It returns -1 for a new deputy.
func (st *importState) match(line int, d Deputy, choice CertChoice) (int, bool) {
	if d.CertNo != "" {
		if i, ok := st.byCert[d.CertNo]; ok {
			e := st.deputies[i]
			if samePerson := strings.ReplaceAll(e.Name, " ", "") == strings.ReplaceAll(d.Name, " ", ""); !samePerson || (d.BirthDate != "" && e.BirthDate != "" && !birthCompatible(e.BirthDate, d.BirthDate)) {
				if choice == CertUpdate {
					return i, true // the secretary says the row is that deputy, corrected
				}
				// Another person's certificate: taking over that record would
				// hand them the other deputy's duties and receptions.
				who := e.Name
				if e.BirthDate != "" {
					who += "（出生日期 " + e.BirthDate + "）"
				}
				st.errs = append(st.errs, RowError{Row: line, Field: "CertNo", Label: "代表证号", CertOwnerID: e.ID,
					Message: fmt.Sprintf("代表证号 %s 已属于代表 %s，与本行的姓名或出生日期不符；请核对代表证号，或先在代表名册中改正该代表的信息", d.CertNo, who)})
				return -1, false
			}
			return i, true
		}
	}
	var found, exact []int
	for _, i := range st.byName[d.Name] {
		e := st.deputies[i]
		if e.CertNo != "" && d.CertNo != "" && e.CertNo != d.CertNo {
			continue // a different certificate is a different person
		}
		if e.BirthDate == d.BirthDate {
			exact = append(exact, i)
		}
		if birthCompatible(e.BirthDate, d.BirthDate) {
			found = append(found, i)
		}
	}
	if len(exact) > 0 {
		found = exact
	}
	switch len(found) {
	case 0:
		return -1, true
	case 1:
		return found[0], true
	}
	st.errs = append(st.errs, RowError{Row: line, Field: "Name", Label: "姓名",
		Message: "已有多名同名且出生日期相同的代表，无法确定是哪一位，请填写代表证号"})
	return -1, false
}

// merge overlays the sheet's non-empty cells onto the stored deputy. An
// empty cell keeps what is stored: a sheet that lacks a value must not erase
// one typed earlier.
func merge(old, sheet Deputy, imp DeputyImport) Deputy {
	out := old
	ov, sv := reflect.ValueOf(&out).Elem(), reflect.ValueOf(sheet)
	for _, f := range deputyFieldLabels {
		if v := sv.FieldByName(f.Field); imp.has(f.Field) && !v.IsZero() {
			ov.FieldByName(f.Field).Set(v)
		}
	}
	// Keep a full stored birth date when the sheet gives only its month.
	if len(old.BirthDate) > len(out.BirthDate) && strings.HasPrefix(old.BirthDate, out.BirthDate) {
		out.BirthDate = old.BirthDate
	}
	return out
}

func cleanGroupNames(names []string) []string {
	var out []string
	for _, n := range names {
		n = Normalize(n)
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, s := range a {
		if !slices.Contains(b, s) {
			return false
		}
	}
	return true
}

func planImport(ctx context.Context, q queryer, imp DeputyImport) (*ImportPlan, error) {
	st, err := loadImportState(ctx, q)
	if err != nil {
		return nil, err
	}
	plan := &ImportPlan{}
	st.errs = append(st.errs, imp.Errors...)
	reported := map[[2]any]bool{} // (line, field) the reader already named
	for _, e := range imp.Errors {
		reported[[2]any{e.Row, e.Field}] = true
	}
	for _, r := range imp.Rows {
		sheet := r.Deputy
		// Validate normalises the typed values for matching; its errors are
		// reported from the merged record below.
		_ = sheet.Validate()
		choice := imp.CertChoices[r.Line]
		if choice == CertSkip {
			plan.SkippedLines = append(plan.SkippedLines, r.Line)
			continue
		}
		idx, ok := st.match(r.Line, sheet, choice)
		if !ok {
			continue
		}
		pr := ImportPlanRow{Line: r.Line}
		var key string
		if idx >= 0 {
			old := st.deputies[idx]
			pr.Deputy = merge(old, sheet, imp)
			pr.Deputy.ID = old.ID
			key = old.ID
		} else {
			pr.Deputy = merge(Deputy{}, sheet, imp)
			pr.Deputy.ID = ""
			key = "new:" + sheet.CertNo + "|" + sheet.Name + "|" + sheet.BirthDate
			if sheet.CertNo != "" {
				key = "new:" + sheet.CertNo
			}
		}
		if sheet.CertNo != "" {
			if first, dup := st.claimedBy["cert:"+sheet.CertNo]; dup {
				st.errs = append(st.errs, RowError{Row: r.Line, Field: "CertNo", Label: "代表证号",
					Message: fmt.Sprintf("与第%d行的代表证号相同（%s）", first, sheet.CertNo)})
				continue
			}
			st.claimedBy["cert:"+sheet.CertNo] = r.Line
		}
		if first, dup := st.claimedBy[key]; dup {
			st.errs = append(st.errs, RowError{Row: r.Line, Field: "Name", Label: "姓名",
				Message: fmt.Sprintf("与第%d行是同一位代表（姓名和出生日期相同）", first)})
			continue
		}
		st.claimedBy[key] = r.Line
		if err := pr.Deputy.Validate(); err != nil {
			for _, e := range RowErrorsFrom(r.Line, err) {
				if !reported[[2]any{e.Row, e.Field}] {
					st.errs = append(st.errs, e)
				}
			}
			continue
		}
		setGroups := imp.has(GroupsColumn) && len(cleanGroupNames(r.Groups)) > 0
		if setGroups {
			pr.Groups = cleanGroupNames(r.Groups)
			for _, g := range pr.Groups {
				if _, ok := st.groupIDs[g]; !ok && !slices.Contains(plan.NewGroups, g) {
					plan.NewGroups = append(plan.NewGroups, g)
				}
			}
		}
		if idx < 0 {
			pr.Action = ImportNew
			plan.New++
		} else {
			old := st.deputies[idx]
			for _, f := range deputyFieldLabels {
				if !reflect.DeepEqual(reflect.ValueOf(old).FieldByName(f.Field).Interface(),
					reflect.ValueOf(pr.Deputy).FieldByName(f.Field).Interface()) {
					pr.Changed = append(pr.Changed, f.Label)
				}
			}
			if setGroups && !sameSet(pr.Groups, st.memberOf[old.ID]) {
				pr.Changed = append(pr.Changed, "代表小组")
			}
			if !setGroups {
				pr.Groups = st.memberOf[old.ID]
			}
			if len(pr.Changed) > 0 {
				pr.Action = ImportChanged
				plan.Changed++
			} else {
				pr.Action = ImportUnchanged
				plan.Unchanged++
			}
		}
		plan.Rows = append(plan.Rows, pr)
	}
	if len(st.errs) > 0 {
		slices.SortStableFunc(st.errs, func(a, b RowError) int { return a.Row - b.Row })
		return nil, &ImportError{Errors: st.errs}
	}
	return plan, nil
}

// applyImport writes a checked plan inside tx.
func (tx *Tx) applyImport(ctx context.Context, plan *ImportPlan, setGroups bool) error {
	for i := range plan.Rows {
		pr := &plan.Rows[i]
		if pr.Action == ImportUnchanged {
			continue
		}
		if err := tx.saveDeputy(ctx, &pr.Deputy); err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				return &ImportError{Errors: RowErrorsFrom(pr.Line, err)}
			}
			return err
		}
	}
	if !setGroups {
		return nil
	}
	for _, name := range plan.NewGroups {
		g := &Group{Name: name}
		if err := g.Validate(); err != nil {
			return err
		}
		if err := tx.saveGroup(ctx, g); err != nil {
			return err
		}
	}
	groups, err := column(ctx, tx, `SELECT id FROM deputy_group`)
	if err != nil {
		return err
	}
	want := map[string][]string{} // group name -> deputy ids listed by the sheet
	inSheet := map[string]bool{}
	for _, pr := range plan.Rows {
		inSheet[pr.Deputy.ID] = true
		for _, g := range pr.Groups {
			want[g] = append(want[g], pr.Deputy.ID)
		}
	}
	for _, gid := range groups {
		g, err := getGroup(ctx, tx, gid)
		if err != nil {
			return err
		}
		// Members the sheet does not mention stay; those it lists follow their cell.
		var members []string
		for _, m := range g.MemberIDs {
			if !inSheet[m] {
				members = append(members, m)
			}
		}
		members = append(members, want[g.Name]...)
		members = uniqueStrings(members)
		if sameSet(members, g.MemberIDs) {
			continue
		}
		if g.LeaderID != "" && !slices.Contains(members, g.LeaderID) {
			g.LeaderID = "" // the leader left the group
		}
		g.MemberIDs = members
		if err := tx.saveGroup(ctx, &g); err != nil {
			return err
		}
	}
	return nil
}
