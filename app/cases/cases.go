// Package cases holds the rules of a 群众反映事项's path — 登记 → 交办 → 办结 →
// 反馈 → 回访 — that the reception form, the case window, the command line
// and the demo share: how a 交办 is worded, which 办理时限 it gets by default
// (working days by 办理方式, counted on the holiday calendar) and what an
// on-the-spot answer records. It reads and writes through store and never
// touches the GUI.
package cases

import (
	"context"
	"fmt"
	"strings"
	"time"

	"deputydesk/app/roster"
	"deputydesk/store"
)

// AssignText is the wording of the 交办 step for a unit.
func AssignText(unit string) string { return "交" + strings.TrimSpace(unit) + "办理" }

// OnSpotReply is the 反馈 step recorded with an on-the-spot answer: the
// visitor heard it there and then.
const OnSpotReply = "当场告知反映人"

// Rules are the 办理时限 in working days by 办理方式 and the calendar they
// are counted on.
type Rules struct {
	Days map[string]int
	Cal  *roster.Calendar
}

// LoadRules reads the deadline setting and the holiday calendar from the
// day before from (YYYY-MM-DD) to a year and a half after it, which covers
// any 办理时限 the setting allows.
func LoadRules(ctx context.Context, db *store.DB, from string) (Rules, error) {
	days, err := db.DeadlineDays(ctx)
	if err != nil {
		return Rules{}, err
	}
	t, err := roster.ParseDay(from)
	if err != nil {
		return Rules{}, fmt.Errorf("cases: rules from %q: %w", from, err)
	}
	hols, err := db.Holidays(ctx, t.AddDate(0, 0, -1).Format(roster.DateLayout), t.AddDate(0, 18, 0).Format(roster.DateLayout))
	if err != nil {
		return Rules{}, err
	}
	return Rules{Days: days, Cal: roster.NewCalendar(hols)}, nil
}

// AddWorkdays returns the date n working days after day (YYYY-MM-DD): the
// day itself does not count, weekends and 法定节假日 are skipped and 调休
// weekends count.
func AddWorkdays(cal *roster.Calendar, day string, n int) string {
	t, err := roster.ParseDay(day)
	if err != nil {
		return ""
	}
	for i := 0; i < n; i++ {
		t = cal.NextWorkday(t)
	}
	return t.Format(roster.DateLayout)
}

// Deadline returns the default 办理时限 of a case of the given 办理方式
// registered or assigned on day, or "" when the 办理方式 has none (当场答复).
func (r Rules) Deadline(disposition, day string) string {
	n := r.Days[disposition]
	if n <= 0 || r.Cal == nil {
		return ""
	}
	return AddWorkdays(r.Cal, day, n)
}

// Intake is what the reception form (or a paper 登记表) says of a new case.
type Intake struct {
	Case      store.Case // the visitor, category, content, 办理方式; Deadline if typed
	Secretary string     // who keys it in, 经办人 of the steps
	// Lead and Assist are the 主办 and 协办 units; with a Lead the case is
	// 交办 on AssignDay (the reception's day when empty).
	Lead, Assist string
	AssignDay    string
	// Answer is the on-the-spot answer of a 当场答复 case, which closes it.
	Answer string
}

// Record turns an intake into the case record to save with its reception:
// an answered 当场答复 case is 办结 and 已反馈 that day; a case with a 主办
// unit is 交办 with its handlers; every case whose 办理方式 has a 办理时限
// gets the default one unless a deadline was typed, so it can become 超期.
func (r Rules) Record(day string, in Intake) *store.CaseRecord {
	cr := &store.CaseRecord{Case: in.Case}
	c := &cr.Case
	if c.Disposition == store.DispOnSpot {
		if a := strings.TrimSpace(in.Answer); a != "" {
			cr.Steps = append(cr.Steps,
				store.StepInput{Status: "办结", Day: day, Who: in.Secretary, Text: a},
				store.StepInput{Status: "已反馈", Day: day, Who: in.Secretary, Text: OnSpotReply})
		}
		return cr
	}
	assign := in.AssignDay
	if assign == "" {
		assign = day
	}
	if strings.TrimSpace(c.Deadline) == "" {
		c.Deadline = r.Deadline(c.Disposition, assign)
	}
	if lead := strings.TrimSpace(in.Lead); lead != "" {
		cr.Handlers = append(cr.Handlers, store.Handler{Unit: lead, Role: "主办", AssignedDay: assign})
		if a := strings.TrimSpace(in.Assist); a != "" {
			cr.Handlers = append(cr.Handlers, store.Handler{Unit: a, Role: "协办", AssignedDay: assign})
		}
		cr.Steps = append(cr.Steps, store.StepInput{Status: "交办", Day: assign, Who: in.Secretary, Text: AssignText(lead)})
	}
	return cr
}

// Assign sends a saved case to its 主办 (and 协办) unit on day with the
// given 办理时限 — the default for its 办理方式 when deadline is empty — in
// one transaction.
func Assign(ctx context.Context, db *store.DB, caseID, lead, assist, day, who, deadline string) error {
	if strings.TrimSpace(deadline) == "" {
		c, err := db.Case(ctx, caseID)
		if err != nil {
			return err
		}
		if d, ok := store.ParseDate(day); ok {
			rules, err := LoadRules(ctx, db, d)
			if err != nil {
				return err
			}
			deadline = rules.Deadline(c.Disposition, d)
		}
	}
	hs := []store.Handler{{Unit: lead, Role: "主办"}}
	if strings.TrimSpace(assist) != "" {
		hs = append(hs, store.Handler{Unit: assist, Role: "协办"})
	}
	return db.AssignCase(ctx, caseID, hs, store.StepInput{Day: day, Who: who, Text: AssignText(lead)}, deadline)
}

// Action is the one next step of a case's path, as the case window offers it.
type Action struct {
	Status string // the status the step records: 交办, 办结, 已反馈, 已回访
	Label  string // the button: 交办, 办结, 反馈, 回访
	// TextLabel names what is typed with it ("" for 交办).
	TextLabel string
}

// Next returns the next step of a case on its path, or false once it is
// 已回访. 办理中 is not on the path: it is an optional note between 交办
// and 办结.
func Next(c store.Case) (Action, bool) {
	switch store.StatusRank(c.Status) {
	case store.RankRegistered:
		if c.Disposition == store.DispOnSpot {
			return Action{"办结", "办结", "答复内容"}, true
		}
		return Action{"交办", "交办", ""}, true
	case store.RankAssigned, store.RankInProgress:
		return Action{"办结", "办结", "办理结果"}, true
	case store.RankClosed:
		return Action{"已反馈", "反馈", "告知反映人的内容"}, true
	case store.RankReplied:
		return Action{"已回访", "回访", "回访情况"}, true
	}
	return Action{}, false
}

// DaysLeft says how a case stands against its 办理时限 on today: "" with no
// limit or once 办结, else 剩N天, 今天到期 or 超期N天.
func DaysLeft(c store.Case, today string) string {
	if c.Deadline == "" || store.StatusRank(c.Status) >= store.RankClosed {
		return ""
	}
	d, err1 := time.Parse(roster.DateLayout, c.Deadline)
	t, err2 := time.Parse(roster.DateLayout, today)
	if err1 != nil || err2 != nil {
		return ""
	}
	n := int(d.Sub(t).Hours() / 24)
	switch {
	case n > 0:
		return fmt.Sprintf("剩%d天", n)
	case n == 0:
		return "今天到期"
	}
	return fmt.Sprintf("超期%d天", -n)
}
