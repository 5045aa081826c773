// Package export writes 全部数据导出: every table of the township's database
// as one Excel workbook with Chinese sheet names and headers, so the data is
// never trapped in the program.
package export

import (
	"context"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"deputydesk/app/atomicfile"
	"deputydesk/app/report/xlsxprint"
	"deputydesk/store"
	"deputydesk/store/calendar"
)

// tableNames gives each table a Chinese sheet name (at most 31 characters).
var tableNames = map[string]string{
	"township": "乡镇设置", "deputy": "代表名册", "deputy_group": "代表小组", "group_member": "小组成员",
	"station": "联络站点", "station_group": "进站小组", "deputy_photo": "代表照片", "roster_rule": "接待日规则",
	"duty": "值班安排", "duty_deputy": "值班代表", "attendance_history": "到岗记录历史", "deputy_leave": "请假外出",
	"holiday": "节假日", "holiday_year": "节假日年份", "reception": "接待记录", "reception_deputy": "接待代表",
	"cases": "群众反映事项", "case_category": "事项分类", "case_handler": "承办单位", "case_step": "办理过程",
	"case_urge": "催办记录", "outbox": "上报记录", "sync_settings": "上报设置", "change_log": "操作日志", "trash": "回收站", "qr_code": "代表码图片",
	"activity": "履职活动", "activity_deputy": "活动参加代表", "opinion": "社情民意", "suggestion": "代表建议",
	"deputy_office": "代表就任日期", "duty_def": "十个一任务", "scoring_rules": "履职评分细则", "assessment_score": "考核评定分",
	"assessment_adjust": "考核加减分", "assessment_year": "年度考核定稿", "rectification": "谈话提醒与整改",
	"app_setting": "程序设置", "county_notice": "县级通知", "county_key": "县级公钥",
}

// columnNames gives common column names in Chinese; a column not listed keeps
// its own name.
var columnNames = map[string]string{
	"id": "编号", "name": "名称", "code": "行政区划代码", "county": "所属县", "term_name": "届次", "term_start": "届期开始",
	"term_end": "届期结束", "secretary": "人大秘书", "phone": "联系电话", "created_at": "创建时间", "updated_at": "修改时间",
	"gender": "性别", "ethnicity": "民族", "birth_date": "出生日期", "party": "政治面貌", "education": "文化程度",
	"work_unit": "工作单位", "post": "职务", "id_number": "身份证号", "cert_no": "代表证号", "levels": "代表层级",
	"district": "选区", "term": "届次", "category": "类别", "status": "状态", "status_date": "状态日期",
	"status_reason": "终止原因", "notes": "备注", "leader_id": "组长", "group_id": "代表小组", "deputy_id": "代表",
	"station_id": "联络站", "kind": "类型", "address": "地址", "opening_rule": "接待时间", "day": "日期",
	"time_from": "开始时间", "time_to": "结束时间", "hand_edited": "手工调整", "held": "已举行", "note": "说明",
	"duty_id": "值班", "attendance": "到岗情况", "substitute_id": "替班代表", "at": "时间", "actor": "操作人",
	"date_from": "起始日期", "date_to": "结束日期", "reason": "原因", "place": "地点", "visitors": "来访人数",
	"reception_id": "接待记录", "no": "事项编号", "visitor_name": "反映人", "visitor_phone": "反映人电话",
	"visitor_village": "村（社区）", "visitor_id": "反映人身份证号", "content": "反映内容", "disposition": "办理方式",
	"deadline": "办理期限", "closed_day": "办结日期", "satisfaction": "满意度", "suggestion_no": "建议编号",
	"suggestion_dept": "承办部门", "suggestion_class": "办理结果类别", "case_id": "事项", "unit": "承办单位",
	"role": "主办/协办", "assigned_day": "交办日期", "declined_day": "退回日期", "decline_reason": "退回理由",
	"who": "经办人", "text": "内容", "by_whom": "催办人", "how": "催办方式", "entity": "类别", "entity_id": "记录编号",
	"action": "操作", "summary": "对象", "changes": "内容（原值→新值）", "label": "名称", "detail": "说明",
	"deleted_at": "删除时间", "payload": "删除的数据", "period": "期间", "version": "版本", "title": "标题",
	"state": "状态", "attempts": "尝试次数", "last_error": "最近错误", "receipt": "回执号", "delivered_at": "送达时间",
	"verdict": "县级意见", "verdict_reason": "意见说明", "hub_url": "县级地址", "deadline_day": "截止日",
	"weekday": "星期", "nth": "第几周", "days": "日期", "per_duty": "每次人数", "holiday_policy": "节假日处理",
	"position": "顺序", "active": "启用", "seq": "序号", "jpeg": "照片", "width": "宽", "height": "高", "source": "来源",
	"announced": "已公布", "moved_from": "原定日期", "rid": "内部序号", "status_rank": "状态顺序", "sha256": "校验值",
	"deputy.name": "姓名", "cases.day": "登记日期", "reception.day": "接待日期", "duty.day": "值班日期",
	"size": "大小", "data": "数据", "superseded_by": "被替代", "verdict_at": "意见时间", "origin": "来源",
	"activity_id": "履职活动", "organiser": "组织单位", "topic": "主题", "results": "活动成果", "adopted": "被采用",
	"department": "承办单位", "result_class": "办理结果类别", "took_office": "就任日期", "count": "每期次数", "sources": "计入的记录",
	"rules": "细则", "year": "年度", "item": "评分项目", "rater": "评定主体", "points": "分数", "final": "已定稿",
	"finalised_at": "定稿时间", "talk_day": "谈话日期", "talk_by": "谈话人", "talk_note": "谈话要点", "due_day": "整改报告期限",
	"received_day": "收到整改报告", "key": "设置项", "value": "设置值",
	"replaces": "更正的步骤", "upload_offset": "已上传字节", "content_sha": "内容校验值", "png": "图片", "ca_file": "证书文件",
	"hub_pin": "县级证书指纹", "serial": "通知序号", "published_at": "发布时间", "published_by": "发布单位", "signed": "签名数据",
	"via": "收到途径", "received_at": "收到时间", "decided_at": "处理时间", "public_key": "公钥",
	"activity.day": "活动日期", "activity.kind": "活动类型", "duty_def.period": "周期", "duty_def.name": "任务名称",
	"assessment_year.results": "定稿结果", "scoring_rules.rules": "细则内容",
}

// summaries add computed sheets after the tables (an overview the secretary
// reads as it is printed); each feature registers its own from init.
var summaries []func(ctx context.Context, db *store.DB) (sheet string, labels []string, rows [][]any, err error)

// MaxCell is the most characters Excel keeps in one cell. A longer value
// (the finalised assessment snapshot runs to 90,000 characters) is written
// whole, in pieces, on the sheet LongSheet, and its own cell says where.
const MaxCell = 32767

// LongSheet holds the values too long for one cell.
const LongSheet = "长文本"

// pieceLen is the size of each piece on LongSheet, under MaxCell.
const pieceLen = 30000

// flagColumns hold 0/1 and are shown as 是/否.
var flagColumns = map[string]bool{"active": true, "adopted": true, "announced": true, "final": true, "hand_edited": true, "held": true}

// valueNames turns the codes some columns store into Chinese.
var valueNames = map[string]map[string]string{
	"county_notice.state": {"pending": "待处理", "applied": "已采用", "dismissed": "已忽略"},
	"action":              {"create": "新增", "update": "修改", "delete": "删除", "restore": "恢复"},
	"entity":              store.EntityNames,
	"state": {"pending": "待上报", "sending": "上报中", "failed": "上报失败", "delivered": "已送达", "cancelled": "已取消",
		"superseded": "已被替代"},
}

// nameColumns get a column with the name beside the ID; the value is the
// header of that column.
var nameColumns = map[string]string{
	"deputy_id": "代表姓名", "leader_id": "组长姓名", "substitute_id": "替班代表姓名", "group_id": "代表小组名称",
	"station_id": "联络站名称", "activity_id": "履职活动主题", "case_id": "事项编号",
	"source_case_id": "来源事项编号", "project_id": "民生实事项目名称", "site_id": "点位",
}

// long collects the values moved to LongSheet.
type long struct {
	rows [][]any
}

// put stores v in pieces and returns what its own cell shows instead.
func (l *long) put(sheet, column string, row int, v string) string {
	r := []rune(v)
	first := len(l.rows) + 2
	n := 0
	for at := 0; at < len(r); at += pieceLen {
		n++
		l.rows = append(l.rows, []any{sheet, column, row, n, string(r[at:min(at+pieceLen, len(r))])})
	}
	return fmt.Sprintf("（内容共 %d 字，超过 Excel 单元格 %d 字的上限，完整内容分 %d 段保存在工作表“%s”第 %d–%d 行，按顺序连起来即为全文）",
		len(r), MaxCell, n, LongSheet, first, first+n-1)
}

// Write writes every table of db to path as one workbook and returns how
// many tables and rows it wrote. The workbook appears whole under path or
// not at all (an earlier export at path survives a failed one).
func Write(ctx context.Context, db *store.DB, path string) (tables, rows int, err error) {
	f := excelize.NewFile()
	defer f.Close()
	tables, rows, err = fill(ctx, db, f)
	if err != nil {
		return 0, 0, fmt.Errorf("export: %w", err)
	}
	if err := atomicfile.Write(path, func(w io.Writer) error { return f.Write(w) }); err != nil {
		return 0, 0, err
	}
	return tables, rows, nil
}

func fill(ctx context.Context, db *store.DB, f *excelize.File) (tables, rows int, err error) {
	header, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1},
		Border: []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}})
	names, err := db.DumpNames(ctx)
	if err != nil {
		return 0, 0, err
	}
	lg := &long{}
	first := true
	used := map[string]bool{}
	err = db.Dump(ctx, func(t store.TableDump) error {
		sheet := tableNames[t.Name]
		if sheet == "" {
			sheet = t.Name
		}
		for used[sheet] {
			sheet += "2"
		}
		used[sheet] = true
		if first {
			f.SetSheetName("Sheet1", sheet)
			first = false
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		labels, data := translate(t, sheet, names, lg)
		if err := writeSheet(f, sheet, header, labels, data); err != nil {
			return err
		}
		tables++
		rows += len(t.Rows)
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	for _, sum := range summaries {
		sheet, labels, data, err := sum(ctx, db)
		if err != nil {
			return 0, 0, err
		}
		if _, err := f.NewSheet(sheet); err != nil {
			return 0, 0, err
		}
		if err := writeSheet(f, sheet, header, labels, data); err != nil {
			return 0, 0, err
		}
		tables++
	}
	if len(lg.rows) > 0 {
		if _, err := f.NewSheet(LongSheet); err != nil {
			return 0, 0, err
		}
		if err := writeSheet(f, LongSheet, header, []string{"工作表", "列", "行号", "段号", "内容"}, lg.rows); err != nil {
			return 0, 0, err
		}
	}
	return tables, rows, nil
}

// translate gives a table Chinese headers and values, adds a name column
// beside each ID column that has names, and moves over-long values to lg.
func translate(t store.TableDump, sheet string, names map[string]string, lg *long) ([]string, [][]any) {
	var labels []string
	type col struct {
		src   int
		named bool // the name of the ID in column src
	}
	var cols []col
	for i, c := range t.Columns {
		label := columnNames[t.Name+"."+c]
		if label == "" {
			label = columnNames[c]
		}
		if label == "" {
			label = c
		}
		labels = append(labels, label)
		cols = append(cols, col{src: i})
		if h, ok := nameColumns[c]; ok && hasName(t.Rows, i, names) {
			labels = append(labels, h)
			cols = append(cols, col{src: i, named: true})
		}
	}
	out := make([][]any, len(t.Rows))
	for r, row := range t.Rows {
		vals := make([]any, len(cols))
		for j, c := range cols {
			v := row[c.src]
			name := t.Columns[c.src]
			switch {
			case c.named:
				v = names[fmt.Sprint(v)]
			case flagColumns[name]:
				switch fmt.Sprint(v) {
				case "1":
					v = "是"
				case "0":
					v = "否"
				}
			default:
				m := valueNames[t.Name+"."+name]
				if m == nil {
					m = valueNames[name]
				}
				if m != nil {
					if s, ok := v.(string); ok && m[s] != "" {
						v = m[s]
					}
				}
				v = beijingTime(v)
			}
			if s, ok := v.(string); ok && utf8.RuneCountInString(s) > MaxCell {
				v = lg.put(sheet, labels[j], r+2, s)
			}
			vals[j] = v
		}
		out[r] = vals
	}
	return labels, out
}

// textWidth is about how many column-width units s takes: a Chinese
// character two, a letter or digit one (an ID is no wider than it prints).
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x2E80 {
			n++
		} else {
			n += 2
		}
	}
	return n
}

// PrintSetup is how a sheet whose columns add up to width characters
// prints: landscape, the header row repeated, over as many pages wide as
// keep it legible.
func PrintSetup(width int) xlsxprint.Setup {
	return xlsxprint.Setup{Landscape: true, HeaderRows: 1, PagesWide: max(1, (width+printWidth-1)/printWidth)}
}

func hasName(rows [][]any, i int, names map[string]string) bool {
	for _, r := range rows {
		if s, ok := r[i].(string); ok && names[s] != "" {
			return true
		}
	}
	return false
}

// printWidth is about how many characters of column width print legibly
// (9 pt or more) across one landscape A4 page.
const printWidth = 150

func writeSheet(f *excelize.File, sheet string, header int, labels []string, data [][]any) error {
	widths := make([]int, len(labels))
	head := make([]any, len(labels))
	for i, label := range labels {
		head[i] = excelize.Cell{Value: label, StyleID: header}
		widths[i] = textWidth(label) + 2
	}
	for _, r := range data {
		for i, v := range r {
			if s, ok := v.(string); ok {
				widths[i] = max(widths[i], min(textWidth(s)+1, 60))
			}
		}
	}
	total := 0
	for _, w := range widths {
		total += max(w, 8)
	}
	// A wide table prints over several pages side by side rather than
	// shrunk to one page width.
	setup := PrintSetup(total)
	if err := xlsxprint.Apply(f, sheet, setup); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(max(w, 8))); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(setup.Panes()); err != nil {
		return err
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, r := range data {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// beijingTime shows a stored instant (RFC 3339, kept in UTC) as the Beijing
// time a secretary reads; other values pass through.
func beijingTime(v any) any {
	s, ok := v.(string)
	if !ok || len(s) < 20 || s[10] != 'T' {
		return v
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return v
	}
	return t.In(calendar.Beijing).Format("2006-01-02 15:04:05")
}
