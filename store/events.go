package store

import (
	"context"
	"fmt"
)

// Record kinds that count toward the 「十个一」 and the scoring rules besides
// the activity kinds. They are read from the roster, reception, case,
// opinion and suggestion tables as they are, so nothing is typed twice.
const (
	SourceDutyPresent = "值班到岗"   // a roster duty the deputy came to (or stood in on)
	SourceDutyAbsent  = "值班缺席"   // marked 缺席 (无故缺席) on a roster duty
	SourceReception   = "接待群众"   // any reception the deputy took part in
	SourceCase        = "群众反映事项" // a matter raised at one of the deputy's receptions
	SourceOpinion     = "社情民意"
	SourceSuggestion  = "代表建议"
	SourceSuggestionA = "代表建议A类"   // a suggestion answered as 已解决/采纳
	SourceActAbsent   = "活动缺席"     // marked 缺席 on an activity
	SourceProjectSite = "民生实事点位销号" // a 民生实事 点位 the deputy leads, counted on its 销号 day
	// SourceShuzhi is the activity kind a recorded 述职 counts as: each
	// deputy on it once, unless the same day's 向选民述职 activity already
	// counts them (so a 述职 typed both ways counts once).
	SourceShuzhi = "向选民述职"
)

// Sources lists every record kind a duty or scoring item may count, in the
// order offered.
func Sources() []string {
	out := []string{SourceDutyPresent, SourceDutyAbsent, SourceReception, SourceCase, SourceOpinion, SourceSuggestion, SourceSuggestionA}
	out = append(out, ActivityKinds...)
	return append(out, SourceActAbsent, SourceProjectSite)
}

// receptionActivity maps reception kinds that are also activity kinds, so a
// 走访 recorded as a reception counts as 走访选民 without being typed again.
var receptionActivity = map[string]string{"走访选民": "走访选民", "座谈": "座谈会"}

// Event is one countable record for one deputy on one day.
type Event struct {
	DeputyID string
	Day      string
	Source   string
}

// DeputyEvents returns every countable record between from and to
// (inclusive, YYYY-MM-DD) for all deputies, ordered by deputy and day.
func (db *DB) DeputyEvents(ctx context.Context, from, to string) ([]Event, error) {
	recAct := `CASE r.kind`
	for k, v := range receptionActivity {
		recAct += ` WHEN '` + k + `' THEN '` + v + `'`
	}
	recAct += ` END`
	q := `
	SELECT dd.deputy_id, d.day, CASE dd.attendance WHEN '到岗' THEN '` + SourceDutyPresent + `' ELSE '` + SourceDutyAbsent + `' END
		FROM duty_deputy dd JOIN duty d ON d.id = dd.duty_id
		WHERE dd.attendance IN ('到岗', '缺席') AND d.day BETWEEN ?1 AND ?2
	UNION ALL
	SELECT dd.substitute_id, d.day, '` + SourceDutyPresent + `'
		FROM duty_deputy dd JOIN duty d ON d.id = dd.duty_id
		WHERE dd.attendance = '替班' AND dd.substitute_id IS NOT NULL AND d.day BETWEEN ?1 AND ?2
	UNION ALL
	SELECT rd.deputy_id, r.day, '` + SourceReception + `'
		FROM reception_deputy rd JOIN reception r ON r.id = rd.reception_id WHERE r.day BETWEEN ?1 AND ?2
	UNION ALL
	SELECT rd.deputy_id, r.day, ` + recAct + `
		FROM reception_deputy rd JOIN reception r ON r.id = rd.reception_id
		WHERE r.kind IN ('走访选民', '座谈') AND r.day BETWEEN ?1 AND ?2
	UNION ALL
	SELECT rd.deputy_id, c.day, '` + SourceCase + `'
		FROM cases c JOIN reception_deputy rd ON rd.reception_id = c.reception_id WHERE c.day BETWEEN ?1 AND ?2
	UNION ALL
	SELECT ad.deputy_id, a.day, CASE ad.attendance WHEN '出席' THEN a.kind ELSE '` + SourceActAbsent + `' END
		FROM activity_deputy ad JOIN activity a ON a.id = ad.activity_id
		WHERE ad.attendance IN ('出席', '缺席') AND a.day BETWEEN ?1 AND ?2
	UNION ALL
	SELECT sd.deputy_id, s.day, '` + SourceShuzhi + `'
		FROM shuzhi_deputy sd JOIN shuzhi s ON s.id = sd.shuzhi_id
		WHERE s.day BETWEEN ?1 AND ?2 AND NOT EXISTS (SELECT 1 FROM activity_deputy ad JOIN activity a ON a.id = ad.activity_id
			WHERE ad.deputy_id = sd.deputy_id AND a.day = s.day AND a.kind = '` + SourceShuzhi + `' AND ad.attendance = '出席')
	UNION ALL
	SELECT deputy_id, day, '` + SourceOpinion + `' FROM opinion WHERE day BETWEEN ?1 AND ?2
	UNION ALL
	SELECT deputy_id, day, '` + SourceSuggestion + `' FROM suggestion WHERE day BETWEEN ?1 AND ?2
	UNION ALL
	SELECT deputy_id, day, '` + SourceSuggestionA + `' FROM suggestion WHERE result_class = 'A' AND day BETWEEN ?1 AND ?2
	UNION ALL
	SELECT sd.deputy_id, s.done_day, '` + SourceProjectSite + `'
		FROM project_site_deputy sd JOIN project_site s ON s.id = sd.site_id WHERE s.done_day BETWEEN ?1 AND ?2
	ORDER BY 1, 2`
	rows, err := db.r.QueryContext(ctx, q, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: deputy events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.DeputyID, &e.Day, &e.Source); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
