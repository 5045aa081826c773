// Package register reads and writes the 代表名册 as an Excel workbook: the
// import template, the export in the same layout, and the parser that checks
// every row of a sheet as people really fill it in.
package register

import (
	"deputydesk/store"
)

// SheetName is the register's worksheet; OptionsSheet holds the drop-down
// lists (hidden); NotesSheet explains how to fill the template in.
const (
	SheetName    = "代表名册"
	OptionsSheet = "选项"
	NotesSheet   = "说明"
)

// seqHeader is the 序号 column; a row whose 序号 is exampleMark is the
// template's example and is never imported.
const (
	seqHeader   = "序号"
	exampleMark = "示例"
)

// column is one register column: its header, the Deputy field it fills (or
// store.GroupsColumn), other headers real sheets use for it, and how wide it
// is drawn.
type column struct {
	Header  string
	Field   string
	Aliases []string
	Width   float64
	Text    bool // kept as text so Excel does not turn it into a number or date
	Note    string
}

// columns is the template layout, left to right after 序号.
var columns = []column{
	{Header: "姓名", Field: "Name", Aliases: []string{"代表姓名"}, Width: 10, Note: "必填"},
	{Header: "性别", Field: "Gender", Width: 6, Note: "男/女"},
	{Header: "民族", Field: "Ethnicity", Width: 8},
	{Header: "出生日期", Field: "BirthDate", Aliases: []string{"出生年月", "出生年月日", "出生时间"}, Width: 15, Text: true,
		Note: "如 1975-03-08 或 1975.03"},
	{Header: "政治面貌", Field: "Party", Aliases: []string{"党派"}, Width: 11},
	{Header: "文化程度", Field: "Education", Aliases: []string{"学历"}, Width: 9},
	{Header: "工作单位", Field: "WorkUnit", Aliases: []string{"单位", "工作单位及职务", "单位及职务"}, Width: 24},
	{Header: "职务", Field: "Post", Aliases: []string{"职务职称", "现任职务"}, Width: 14},
	{Header: "联系电话", Field: "Phone", Aliases: []string{"电话", "手机", "手机号", "手机号码", "联系方式"}, Width: 14, Text: true, Note: "必填"},
	{Header: "身份证号", Field: "IDNumber", Aliases: []string{"身份证号码", "公民身份号码"}, Width: 21, Text: true},
	{Header: "代表证号", Field: "CertNo", Aliases: []string{"代表证编号"}, Width: 12, Text: true},
	{Header: "代表层级", Field: "Levels", Aliases: []string{"层级", "代表级别", "级别"}, Width: 10, Note: "必填，多个用“、”分隔"},
	{Header: "代表小组", Field: store.GroupsColumn, Aliases: []string{"小组", "所在小组", "所属小组", "所属代表小组", "所在代表小组", "代表小组名称",
		"编组", "所在编组", "编入小组", "编入代表小组", "混合编组", "小组名称"}, Width: 14},
	{Header: "选区", Field: "District", Aliases: []string{"原选举单位", "选举单位", "选区名称"}, Width: 14},
	{Header: "届次", Field: "Term", Width: 9},
	{Header: "代表类别", Field: "Category", Aliases: []string{"类别", "代表构成"}, Width: 12},
	{Header: "状态", Field: "Status", Aliases: []string{"代表状态"}, Width: 7},
	{Header: "终止日期", Field: "StatusDate", Width: 15, Text: true},
	{Header: "终止原因", Field: "StatusReason", Width: 14},
	{Header: "备注", Field: "Notes", Width: 16},
}

// levelChoices are offered in the 代表层级 drop-down: single levels and the
// usual combinations; others may still be typed.
var levelChoices = []string{"乡", "县", "市", "省", "全国", "县、乡", "市、县", "市、县、乡", "省、县", "省、市、县", "全国、县"}
