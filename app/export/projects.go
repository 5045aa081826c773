package export

// Chinese names for the 民生实事 tables (migration 0015).
func init() {
	for k, v := range map[string]string{"project_vote": "民生实事票决", "project": "民生实事项目", "project_site": "民生实事点位",
		"project_site_deputy": "点位责任代表", "project_site_photo": "点位销号照片"} {
		tableNames[k] = v
	}
	for k, v := range map[string]string{
		"project_vote.session": "会议名称", "project_vote.choose": "应选项目数", "project_vote.vote_day": "票决日期",
		"project_vote.expected": "应到代表", "project_vote.present": "实到代表", "project_vote.tallied": "已计票",
		"project_vote.survey_day": "满意度测评日期", "project.position": "选票序号", "project.title": "项目名称",
		"project.department": "责任单位", "project.budget": "投资（万元）", "project.content": "主要内容", "project.source": "项目来源",
		"source_case_id": "来源事项", "source_suggestion_id": "来源代表建议", "votes_for": "同意票", "votes_against": "不同意票",
		"votes_abstain": "弃权票", "chosen": "票决当选", "rank": "得票名次", "sat_good": "满意", "sat_fair": "基本满意", "sat_bad": "不满意",
		"project_id": "民生实事项目", "location": "点位", "project_site.content": "建设内容", "planned_day": "计划完成日期",
		"done_day": "销号日期", "evidence": "销号说明", "site_id": "点位",
	} {
		columnNames[k] = v
	}
	flagColumns["tallied"], flagColumns["chosen"] = true, true
}
