package roster

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"deputydesk/store"
)

// StationInput is one station to fill: its rule, the deputies who may serve
// there (members of its groups) and who served last time.
type StationInput struct {
	Station store.Station
	Rule    store.RosterRule
	Pool    []string // deputy IDs
	Prev    []string // the deputies of the station's last duty before the period
}

// Input is everything a plan is computed from; Plan reads nothing else, so
// the same input always gives the same roster.
type Input struct {
	From, To time.Time
	Stations []StationInput
	Deputies map[string]store.Deputy
	Leaves   []store.Leave
	Calendar *Calendar
	// Existing holds every duty in the period at every station. Duties of
	// stations not being generated only block their deputies' days.
	Existing []store.Duty
}

// ChangeKind says what regeneration did to one duty.
type ChangeKind int

// What regeneration can do to a duty.
const (
	Added     ChangeKind = iota // a new duty
	Changed                     // same station and day, other deputies or time
	Removed                     // no longer produced by the rule
	Kept                        // hand-edited or held, left as it was
	Unchanged                   // regenerated identically
)

var changeWords = map[ChangeKind]string{Added: "新增", Changed: "调整", Removed: "删除", Kept: "保留", Unchanged: "不变"}

// Change is one line of the summary of a regeneration.
type Change struct {
	Kind          ChangeKind
	StationID     string
	Date          string
	Before, After []string // deputy IDs
	Reason        string   // why kept, or the holiday that moved the day
}

// Result says what a generation did (or would do, in a dry run).
type Result struct {
	Added, Changed, Removed, Kept, Unchanged int
	Changes                                  []Change
	Warnings                                 []string
}

// Plan is the roster to write: duties to delete and duties to save.
type Plan struct {
	Remove []string
	Save   []*store.Duty
	Result Result
}

// MakePlan fills every reception day of every station in in from the
// station's pool:
//   - per station, duties per deputy over the period differ by at most one
//     (the least-used available deputies go first);
//   - nobody is on two duties the same day, at any station;
//   - nobody on 请假/外出 that day and nobody 终止 is assigned;
//   - where it costs no fairness, each duty has a township-level deputy and
//     is not the same set of deputies as the station's previous duty;
//   - hand-edited and held duties stay as they are and count towards
//     fairness.
func MakePlan(in Input) Plan {
	var plan Plan
	res := &plan.Result
	selected := map[string]int{}
	for i, s := range in.Stations {
		selected[s.Station.ID] = i
	}
	busy := map[string]map[string]bool{} // day → deputies already on a duty
	markBusy := func(day string, ids []string) {
		if busy[day] == nil {
			busy[day] = map[string]bool{}
		}
		for _, id := range ids {
			busy[day][id] = true
		}
	}
	counts := make([]map[string]int, len(in.Stations))
	for i := range counts {
		counts[i] = map[string]int{}
	}
	existing := make([]map[string]store.Duty, len(in.Stations)) // by day, not kept
	for i := range existing {
		existing[i] = map[string]store.Duty{}
	}
	pairs := make([]map[string]int, len(in.Stations)) // per station: times two deputies served together
	for i := range pairs {
		pairs[i] = map[string]int{}
	}
	keptDays := make([]map[string]bool, len(in.Stations))
	for i := range keptDays {
		keptDays[i] = map[string]bool{}
	}
	for _, d := range in.Existing {
		si, ok := selected[d.StationID]
		if !ok {
			markBusy(d.Date, d.DeputyIDs)
			continue
		}
		if d.HandEdited || d.Held {
			markBusy(d.Date, d.DeputyIDs)
			keptDays[si][d.Date] = true
			for i, a := range d.DeputyIDs {
				counts[si][a]++
				for _, b := range d.DeputyIDs[i+1:] {
					pairs[si][pairKey(a, b)]++
				}
			}
			reason := "手工调整"
			if d.Held {
				reason = "已接待"
			}
			res.Changes = append(res.Changes, Change{Kind: Kept, StationID: d.StationID, Date: d.Date, Before: d.DeputyIDs, After: d.DeputyIDs, Reason: reason})
			res.Kept++
			continue
		}
		existing[si][d.Date] = d
	}

	leaves := map[string][]store.Leave{}
	for _, l := range in.Leaves {
		leaves[l.DeputyID] = append(leaves[l.DeputyID], l)
	}
	onLeave := func(id, day string) bool {
		for _, l := range leaves[id] {
			if l.Covers(day) {
				return true
			}
		}
		return false
	}

	type slot struct {
		si  int
		occ Occurrence
	}
	var slots []slot
	for si, s := range in.Stations {
		occs, skipped := Expand(s.Rule, in.Calendar, in.From, in.To)
		for _, sk := range skipped {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s %s（%s）逢%s，按规则取消接待", s.Station.Name, store.FormatDate(sk.Date), Weekday(sk.Date), sk.Holiday))
		}
		for _, o := range occs {
			if !keptDays[si][o.Date] {
				slots = append(slots, slot{si, o})
			}
		}
	}
	sort.SliceStable(slots, func(i, j int) bool { return slots[i].occ.Date < slots[j].occ.Date })

	prev := make([][]string, len(in.Stations))
	for i, s := range in.Stations {
		prev[i] = s.Prev
	}
	township := func(id string) bool { return in.Deputies[id].Levels.Has(store.TownshipLv) }

	for _, sl := range slots {
		s := in.Stations[sl.si]
		day := sl.occ.Date
		cnt := counts[sl.si]
		var cands []string
		for _, id := range s.Pool {
			d, ok := in.Deputies[id]
			if !ok || d.Status == store.StatusTerminated || busy[day][id] || onLeave(id, day) {
				continue
			}
			cands = append(cands, id)
		}
		// Least-used first; among equals an order that changes from round
		// to round, so pairs do not simply repeat.
		sort.SliceStable(cands, func(i, j int) bool {
			a, b := cands[i], cands[j]
			if cnt[a] != cnt[b] {
				return cnt[a] < cnt[b]
			}
			return mix(a, cnt[a]) < mix(b, cnt[b])
		})
		k := min(s.Rule.PerDuty, len(cands))
		// Fill the duty one by one from the least-used tier, taking in that
		// tier whoever has worked least often with those already chosen, so
		// deputies meet different colleagues over the year.
		// Township deputies are spent alongside the others: a duty that
		// has none yet prefers one, a duty that has one prefers the others,
		// so a tier is never left with only higher-level deputies.
		hasTownship := func(ids []string) bool { return slices.ContainsFunc(ids, township) }
		var chosen []string
		rest := slices.Clone(cands)
		for len(chosen) < k {
			fits := func(id string) bool { return township(id) != hasTownship(chosen) }
			best := 0
			for i := 1; i < len(rest) && cnt[rest[i]] == cnt[rest[0]]; i++ {
				fi, fb := fits(rest[i]), fits(rest[best])
				if fi != fb {
					if fi {
						best = i
					}
					continue
				}
				if together(pairs[sl.si], rest[i], chosen) < together(pairs[sl.si], rest[best], chosen) {
					best = i
				}
			}
			chosen = append(chosen, rest[best])
			rest = slices.Delete(rest, best, best+1)
		}
		// Bring in a township deputy from the fairness tier of any place
		// in the duty, the last-filled place first.
		if k > 0 && !hasTownship(chosen) {
		bring:
			for j := k - 1; j >= 0; j-- {
				for ri, t := range rest {
					if township(t) && cnt[t] == cnt[chosen[j]] {
						chosen[j], rest[ri] = t, chosen[j]
						break bring
					}
				}
			}
		}
		// Avoid the same set of deputies as last time, within the tier.
		if k > 0 && sameSet(chosen, prev[sl.si]) {
		swap:
			for j := k - 1; j >= 0; j-- {
				for ri, x := range rest {
					if cnt[x] != cnt[chosen[j]] {
						continue
					}
					try := slices.Clone(chosen)
					try[j] = x
					if hasTownship(chosen) && !hasTownship(try) {
						continue
					}
					chosen, rest[ri] = try, chosen[j]
					break swap
				}
			}
		}
		if k < s.Rule.PerDuty {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s %s（%s）可安排的代表不足，只安排了%d人（需要%d人）",
				s.Station.Name, store.FormatDate(day), Weekday(day), k, s.Rule.PerDuty))
		}
		for i, a := range chosen {
			cnt[a]++
			for _, b := range chosen[i+1:] {
				pairs[sl.si][pairKey(a, b)]++
			}
		}
		markBusy(day, chosen)
		prev[sl.si] = chosen

		d := &store.Duty{StationID: s.Station.ID, Date: day, From: s.Rule.From, To: s.Rule.To, DeputyIDs: chosen, MovedFrom: sl.occ.MovedFrom}
		if sl.occ.MovedFrom != "" {
			// Month and day only: the year is plain from the duty's own date.
			mf, _ := ParseDay(sl.occ.MovedFrom)
			d.Note = fmt.Sprintf("原定%d月%d日，逢%s顺延", int(mf.Month()), mf.Day(), sl.occ.Holiday)
		}
		ch := Change{StationID: s.Station.ID, Date: day, After: chosen, Reason: d.Note}
		if old, ok := existing[sl.si][day]; ok {
			delete(existing[sl.si], day)
			ch.Before = old.DeputyIDs
			if slices.Equal(old.DeputyIDs, chosen) && old.From == d.From && old.To == d.To && old.MovedFrom == d.MovedFrom && old.Note == d.Note {
				ch.Kind = Unchanged
				res.Unchanged++
				res.Changes = append(res.Changes, ch)
				continue
			}
			d.ID, d.CreatedAt = old.ID, old.CreatedAt
			ch.Kind = Changed
			res.Changed++
		} else {
			ch.Kind = Added
			res.Added++
		}
		res.Changes = append(res.Changes, ch)
		plan.Save = append(plan.Save, d)
	}
	for si := range existing {
		for _, d := range existing[si] {
			plan.Remove = append(plan.Remove, d.ID)
			res.Changes = append(res.Changes, Change{Kind: Removed, StationID: d.StationID, Date: d.Date, Before: d.DeputyIDs})
			res.Removed++
		}
	}
	sort.Strings(plan.Remove)
	sort.SliceStable(res.Changes, func(i, j int) bool {
		a, b := res.Changes[i], res.Changes[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		return selected[a.StationID] < selected[b.StationID]
	})
	return plan
}

// mix gives a stable pseudo-random order among deputies with equal counts
// that differs from one round to the next.
func mix(id string, round int) uint64 {
	// The round goes first: FNV mixes what follows, and a suffix common to
	// all IDs would barely change their order.
	h := fnv.New64a()
	h.Write([]byte(strconv.Itoa(round) + "/"))
	h.Write([]byte(id))
	return h.Sum64()
}

func pairKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + "|" + b
}

// together counts how often id has served with the deputies in with.
func together(pairs map[string]int, id string, with []string) int {
	n := 0
	for _, w := range with {
		n += pairs[pairKey(id, w)]
	}
	return n
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// Options choose what Generate fills.
type Options struct {
	From, To   string   // YYYY-MM-DD inclusive
	StationIDs []string // empty: every station that has a rule
	DryRun     bool     // compute and report, write nothing
}

// Generate fills the period's duties from the database, writes them in one
// transaction (unless DryRun) and reports what changed.
func Generate(ctx context.Context, db *store.DB, opt Options) (Result, error) {
	in, err := LoadInput(ctx, db, opt)
	if err != nil {
		return Result{}, err
	}
	plan := MakePlan(in)
	plan.Result.Warnings = append(calendarWarnings(ctx, db, in.From, in.To), plan.Result.Warnings...)
	if opt.DryRun || (len(plan.Remove) == 0 && len(plan.Save) == 0) {
		return plan.Result, nil
	}
	if err := db.ApplyDuties(ctx, plan.Remove, plan.Save); err != nil {
		return plan.Result, err
	}
	return plan.Result, nil
}

// ParsePeriod reads and checks a from–to pair of dates.
func ParsePeriod(from, to string) (time.Time, time.Time, error) {
	f, ok1 := store.ParseDate(from)
	t, ok2 := store.ParseDate(to)
	if !ok1 || !ok2 {
		return time.Time{}, time.Time{}, &store.ValidationError{Errors: []store.FieldError{{Field: "From", Label: "起止日期", Message: "日期格式应为 2026-12-01"}}}
	}
	ft, _ := ParseDay(f)
	tt, _ := ParseDay(t)
	if tt.Before(ft) {
		return ft, tt, &store.ValidationError{Errors: []store.FieldError{{Field: "To", Label: "结束日期", Message: "不能早于开始日期"}}}
	}
	if tt.Sub(ft) > 3*366*24*time.Hour {
		return ft, tt, &store.ValidationError{Errors: []store.FieldError{{Field: "To", Label: "结束日期", Message: "一次最多排三年"}}}
	}
	return ft, tt, nil
}

// LoadInput reads what MakePlan needs for opt from the database.
func LoadInput(ctx context.Context, db *store.DB, opt Options) (Input, error) {
	from, to, err := ParsePeriod(opt.From, opt.To)
	if err != nil {
		return Input{}, err
	}
	in := Input{From: from, To: to, Deputies: map[string]store.Deputy{}}
	stations, err := db.Stations(ctx)
	if err != nil {
		return in, err
	}
	rules, err := db.RosterRules(ctx)
	if err != nil {
		return in, err
	}
	groups, err := db.Groups(ctx)
	if err != nil {
		return in, err
	}
	members := map[string][]string{}
	for _, g := range groups {
		members[g.ID] = g.MemberIDs
	}
	want := map[string]bool{}
	for _, id := range opt.StationIDs {
		want[id] = true
	}
	fromS, toS := from.Format(DateLayout), to.Format(DateLayout)
	for _, s := range stations {
		if len(want) > 0 && !want[s.ID] {
			continue
		}
		delete(want, s.ID)
		r, ok := rules[s.ID]
		if !ok {
			if len(opt.StationIDs) > 0 {
				return in, &store.ValidationError{Errors: []store.FieldError{{Field: "StationIDs", Label: "联络站点", Message: s.Name + "尚未设置接待日规则"}}}
			}
			continue
		}
		var pool []string
		for _, g := range s.GroupIDs {
			pool = append(pool, members[g]...)
		}
		slices.Sort(pool)
		pool = slices.Compact(pool)
		before, err := db.Duties(ctx, store.DutyFilter{StationID: s.ID, To: from.AddDate(0, 0, -1).Format(DateLayout)})
		if err != nil {
			return in, err
		}
		var prev []string
		if n := len(before); n > 0 {
			prev = before[n-1].DeputyIDs
		}
		in.Stations = append(in.Stations, StationInput{Station: s, Rule: r, Pool: pool, Prev: prev})
	}
	for id := range want {
		return in, fmt.Errorf("roster: station %s: %w", id, store.ErrNotFound)
	}
	deps, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		return in, err
	}
	for _, d := range deps {
		in.Deputies[d.ID] = d
	}
	if in.Leaves, err = db.Leaves(ctx, store.LeaveFilter{From: fromS, To: toS}); err != nil {
		return in, err
	}
	hol, err := db.Holidays(ctx, from.AddDate(0, 0, -31).Format(DateLayout), to.AddDate(0, 0, 62).Format(DateLayout))
	if err != nil {
		return in, err
	}
	in.Calendar = NewCalendar(hol)
	in.Existing, err = db.Duties(ctx, store.DutyFilter{From: fromS, To: toS})
	return in, err
}

// calendarWarnings names the years of the period whose holiday arrangements
// have not been entered from the State Council's announcement.
func calendarWarnings(ctx context.Context, db *store.DB, from, to time.Time) []string {
	years, err := db.HolidayYears(ctx)
	if err != nil {
		return nil
	}
	known := map[int]store.HolidayYear{}
	for _, y := range years {
		known[y.Year] = y
	}
	var out []string
	for y := from.Year(); y <= to.Year(); y++ {
		hy, ok := known[y]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("尚未录入%d年的法定节假日，节假日将按普通日期处理；请在“节假日”中录入国务院通知。", y))
		case !hy.Announced:
			out = append(out, fmt.Sprintf("%d年只录入了法定假日，尚未录入国务院放假调休通知；公布后请补录并重新生成。", y))
		}
	}
	return out
}

// Lines renders the changes as Chinese lines, e.g.
// 新增 城关镇第一代表联络站 2026年12月4日（星期五） 张三、李四.
func (r Result) Lines(stationName, deputyName func(string) string) []string {
	names := func(ids []string) string {
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = deputyName(id)
		}
		if len(parts) == 0 {
			return "（无人）"
		}
		return strings.Join(parts, "、")
	}
	var out []string
	for _, c := range r.Changes {
		if c.Kind == Unchanged {
			continue
		}
		head := fmt.Sprintf("%s %s %s（%s）", changeWords[c.Kind], stationName(c.StationID), store.FormatDate(c.Date), Weekday(c.Date))
		switch c.Kind {
		case Added:
			head += " " + names(c.After)
		case Changed:
			head += " " + names(c.Before) + " → " + names(c.After)
		case Removed:
			head += " " + names(c.Before)
		case Kept:
			head += " " + names(c.After) + "（" + c.Reason + "）"
		}
		if c.Kind != Kept && c.Reason != "" {
			head += "（" + c.Reason + "）"
		}
		out = append(out, head)
	}
	return out
}

// Summary is the one-line count of a generation.
func (r Result) Summary() string {
	return fmt.Sprintf("新增%d次，调整%d次，删除%d次，保留手工调整或已接待%d次，不变%d次", r.Added, r.Changed, r.Removed, r.Kept, r.Unchanged)
}
