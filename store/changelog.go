package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"deputydesk/store/calendar"
)

// Change is one row of the change log.
type Change struct {
	Seq      int64
	At       time.Time
	Actor    string
	Entity   string
	EntityID string
	Action   string
	Summary  string
	// Changes maps each changed field to [old, new].
	Changes map[string][2]any
}

// logChange writes one change-log row inside tx. old or new may be nil for
// create and delete. Fields tagged `log:"-"` are left out (photos, secrets).
func (tx *Tx) logChange(ctx context.Context, entity, id, action, summary string, old, new any) error {
	diff := diffFields(old, new)
	if action == "update" && len(diff) == 0 {
		return nil
	}
	b, err := json.Marshal(diff)
	if err != nil {
		return fmt.Errorf("store: encode change: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO change_log(at, actor, entity, entity_id, action, summary, changes)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, stamp(tx.now), tx.who(), entity, id, action, summary, string(b))
	if err != nil {
		return fmt.Errorf("store: write change log: %w", err)
	}
	return nil
}

// diffFields compares two structs of the same type field by field.
func diffFields(old, new any) map[string][2]any {
	out := map[string][2]any{}
	ov, nv := structValue(old), structValue(new)
	var t reflect.Type
	switch {
	case ov.IsValid():
		t = ov.Type()
	case nv.IsValid():
		t = nv.Type()
	default:
		return out
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Tag.Get("log") == "-" {
			continue
		}
		var a, b any
		if ov.IsValid() {
			a = ov.Field(i).Interface()
		}
		if nv.IsValid() {
			b = nv.Field(i).Interface()
		}
		if !reflect.DeepEqual(a, b) {
			out[f.Name] = [2]any{a, b}
		}
	}
	return out
}

func structValue(v any) reflect.Value {
	if v == nil {
		return reflect.Value{}
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return reflect.Value{}
		}
		rv = rv.Elem()
	}
	return rv
}

// ChangeFilter selects change-log rows; zero fields match everything.
type ChangeFilter struct {
	Entity   string
	EntityID string
	Query    string // matches the summary (a name) or the actor
	Action   string // create, update, delete
	Limit    int
}

// Changes returns change-log rows, newest first.
func (db *DB) Changes(ctx context.Context, f ChangeFilter) ([]Change, error) {
	q := `SELECT seq, at, actor, entity, entity_id, action, summary, changes FROM change_log WHERE 1=1`
	var args []any
	if f.Entity != "" {
		q += ` AND entity = ?`
		args = append(args, f.Entity)
	}
	if f.EntityID != "" {
		q += ` AND entity_id = ?`
		args = append(args, f.EntityID)
	}
	if f.Action != "" {
		q += ` AND action = ?`
		args = append(args, f.Action)
	}
	if s := Normalize(f.Query); s != "" {
		q += ` AND (summary LIKE ? ESCAPE '\' OR actor LIKE ? ESCAPE '\')`
		like := "%" + escapeLike(s) + "%"
		args = append(args, like, like)
	}
	q += ` ORDER BY seq DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var at, changes string
		if err := rows.Scan(&c.Seq, &at, &c.Actor, &c.Entity, &c.EntityID, &c.Action, &c.Summary, &changes); err != nil {
			return nil, err
		}
		c.At = parseStamp(at)
		if err := json.Unmarshal([]byte(changes), &c.Changes); err != nil {
			return nil, fmt.Errorf("store: decode change %d: %w", c.Seq, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// changeFields names record fields in Chinese for the 操作日志: first by
// entity (the same Go name means different things in different records),
// then for every record.
var changeFields = map[string]map[string]string{
	"": {
		"Name": "名称", "Gender": "性别", "Ethnicity": "民族", "BirthDate": "出生日期", "Party": "政治面貌",
		"Education": "文化程度", "WorkUnit": "工作单位", "Post": "职务", "Phone": "联系电话", "IDNumber": "身份证号",
		"CertNo": "代表证号", "Levels": "代表层级", "District": "选区", "Term": "届次", "Category": "类别",
		"Status": "状态", "StatusDate": "终止日期", "StatusReason": "终止原因", "Notes": "备注", "Note": "备注", "LeaderID": "组长",
		"MemberIDs": "成员", "GroupIDs": "进站小组", "Kind": "类型", "Address": "地址", "OpeningRule": "接待时间",
		"Code": "行政区划代码", "County": "所属县", "TermName": "届次", "TermStart": "届期开始", "TermEnd": "届期结束",
		"Secretary": "人大秘书", "ID": "编号", "No": "编号", "ClosedDay": "办结日期", "Step": "办理环节", "Content": "内容",
		"Disposition": "办理方式", "Deadline": "办理时限", "Handler": "承办单位", "Date": "日期", "Day": "日期",
		"Deputies": "代表", "DeputyIDs": "代表", "DeputyID": "代表", "StationID": "联络站点", "Visitors": "接待人数", "Place": "地点",
		"DutyID": "值班安排", "ReceptionID": "接待记录", "VisitorName": "反映人", "VisitorPhone": "反映人电话",
		"VisitorVillage": "反映人村（社区）", "VisitorID": "反映人身份证号", "SuggestionNo": "建议编号", "SuggestionDept": "承办部门",
		"SuggestionClass": "办理结果类别", "Satisfaction": "满意度", "Unit": "承办单位", "Role": "主办／协办",
		"AssignedDay": "交办日期", "DeclinedDay": "退回日期", "DeclineReason": "退回理由", "By": "催办人", "How": "催办方式",
		"From": "开始", "To": "结束", "HandEdited": "手工调整", "Held": "已接待", "Marks": "到岗情况", "MovedFrom": "原定日期",
		"Dates": "日期", "Days": "每月几号", "HolidayPolicy": "遇节假日", "Nth": "第几周", "PerDuty": "每次人数", "Weekday": "星期",
		"Organiser": "组织单位", "Topic": "主题", "Results": "成果", "Participants": "参加代表", "Attendance": "出勤",
		"Year": "年度", "Points": "分数", "Reason": "理由", "Final": "已定稿", "FinalisedAt": "定稿时间", "Rules": "评分细则",
		"TalkDay": "谈话日期", "TalkBy": "谈话人", "TalkNote": "谈话情况", "DueDay": "整改期限", "ReceivedDay": "收到整改报告日期",
		"Item": "评分项目", "Rater": "评分人", "Version": "版本", "Title": "标题", "Base": "基础分", "MaxTotal": "满分",
		"Excellent": "优秀分数线", "Pass": "合格分数线", "ProRate": "按任期折算", "Raters": "评分人", "Items": "评分项目",
		"Department": "承办部门", "ResultClass": "办理结果类别", "Adopted": "被采用", "Period": "所属期间", "SHA256": "校验码",
		"Size": "大小", "State": "上报状态", "Attempts": "发送次数", "LastError": "最近一次错误", "Receipt": "回执",
		"DeliveredAt": "送达时间", "Verdict": "县级审核", "VerdictReason": "审核意见", "VerdictAt": "审核时间",
		"SupersededBy": "被新版本取代", "HubURL": "县级平台地址", "DeadlineDay": "每月上报截止日", "Announced": "已公布",
		"Source": "依据", "Count": "次数", "Sources": "计入的记录", "Position": "顺序", "Width": "宽", "Height": "高",
		"FullPhones": "报表显示完整电话", "IDNumbers": "报表显示身份证号", "Public": "公钥", "CreatedAt": "创建时间",
		"SubstituteID": "替班代表", "Names": "名单", "Organizer": "组织单位",
		"Serial": "通知编号", "Via": "收到方式", "Fingerprint": "指纹",
	},
	"county_notice": {"State": "处理状态"},
	"case":          {"Content": "反映内容", "Status": "办理状态"},
	"reception":     {"Kind": "接待方式", "Notes": "备注"},
	"station":       {"Kind": "站点类型"},
	"activity":      {"Kind": "活动类型"},
	"leave":         {"Kind": "类型", "From": "开始日期", "To": "结束日期"},
	"outbox":        {"Kind": "材料", "Title": "名称"},
	"duty":          {"From": "开始时间", "To": "结束时间"},
	"roster_rule":   {"Kind": "接待日规则", "From": "开始时间", "To": "结束时间"},
	"deputy":        {"Name": "姓名", "Status": "任职状态"},
	"setting":       {"Days": "办理时限（工作日）"},
}

// ChangeField returns the Chinese name of a record field in the 操作日志.
// A field with no name is shown as 其他信息, never by its Go name.
func ChangeField(entity, field string) string {
	if n := changeFields[entity][field]; n != "" {
		return n
	}
	if n := changeFields[""][field]; n != "" {
		return n
	}
	return "其他信息"
}

// EntityName returns the Chinese name of a kind of record (EntityNames),
// 其他记录 for one without.
func EntityName(entity string) string {
	if n := EntityNames[entity]; n != "" {
		return n
	}
	return "其他记录"
}

// codeValues renders the stored codes of a few fields in Chinese.
var codeValues = map[string]map[string]string{
	"HolidayPolicy": {HolidaySkip: "不安排", HolidayNext: "顺延到下一个工作日"},
	"Role":          {"主办": "主办", "协办": "协办"},
}

// ChangeValue renders one old or new value of the 操作日志 in Chinese: 是/否
// for flags, Chinese dates, names for record IDs (names maps ID → name; nil
// or unknown IDs show as 一条记录), labels for codes, and （空） for
// nothing — never a zero date.
func ChangeValue(entity, field string, v any, names map[string]string) string {
	name := func(id string) string {
		if n := names[id]; n != "" {
			return n
		}
		return "一条记录"
	}
	isID := field == "ID" || strings.HasSuffix(field, "ID") || strings.HasSuffix(field, "IDs") || field == "SupersededBy"
	switch x := v.(type) {
	case nil:
		return "（空）"
	case bool:
		if x {
			return "是"
		}
		return "否"
	case float64:
		switch field {
		case "Levels":
			return Levels(x).String()
		case "Weekday":
			if x >= 0 && x < 7 {
				return WeekdayNames[int(x)]
			}
		case "Nth":
			if x < 0 {
				return "最后一周"
			}
			return fmt.Sprintf("第%g周", x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		switch {
		case x == "":
			return "（空）"
		case field == "ID" || field == "Public" || field == "SHA256":
			return "（略）"
		case isID:
			return name(x)
		case field == "State":
			return OutboxState(x).Label()
		case field == "Verdict":
			return VerdictLabel(x)
		case entity == "roster_rule" && field == "Kind":
			return RuleKind(x).Label()
		case entity == "holiday" && field == "Kind":
			return map[string]string{HolidayOff: "放假", HolidayWork: "调休上班"}[x]
		}
		if m := codeValues[field][x]; m != "" {
			return m
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			if t.IsZero() {
				return "（空）"
			}
			t = t.In(calendar.Beijing)
			return FormatDate(t.Format("2006-01-02")) + " " + t.Format("15:04")
		}
		return FormatDate(x)
	case []any:
		if len(x) == 0 {
			return "（无）"
		}
		if isID {
			var ns []string
			for _, e := range x {
				if s, ok := e.(string); ok {
					ns = append(ns, name(s))
				}
			}
			return strings.Join(ns, "、")
		}
		return fmt.Sprintf("%d 项", len(x))
	case map[string]any:
		if len(x) == 0 {
			return "（无）"
		}
		if field == "Marks" {
			var ms []string
			for id, m := range x {
				st, _ := m.(map[string]any)["Status"].(string)
				ms = append(ms, name(id)+" "+st)
			}
			sort.Strings(ms)
			return strings.Join(ms, "、")
		}
		return fmt.Sprintf("%d 项", len(x))
	}
	return "（略）"
}

// Describe renders an update's changes as 字段：原值 → 新值 lines, in a
// fixed order; create and delete rows are described by their summary.
func (c Change) Describe(names map[string]string) []string {
	if c.Action != "update" {
		return []string{c.Summary}
	}
	keys := make([]string, 0, len(c.Changes))
	for k := range c.Changes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		v := c.Changes[k]
		out = append(out, ChangeField(c.Entity, k)+"："+ChangeValue(c.Entity, k, v[0], names)+" → "+ChangeValue(c.Entity, k, v[1], names))
	}
	return out
}

// ChangeNames maps the IDs of deputies, groups and stations to their names,
// for ChangeValue; deleted ones are found in the 回收站's labels.
func (db *DB) ChangeNames(ctx context.Context) (map[string]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, name FROM deputy UNION ALL SELECT id, name FROM deputy_group
		UNION ALL SELECT id, name FROM station UNION ALL SELECT entity_id, label FROM trash WHERE entity IN ('deputy', 'group', 'station')`)
	if err != nil {
		return nil, fmt.Errorf("store: change names: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		if out[id] == "" {
			out[id] = name
		}
	}
	return out, rows.Err()
}
