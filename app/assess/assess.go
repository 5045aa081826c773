// Package assess computes the 年度履职考核 and the 「十个一」 tracker from the
// township's records: every deputy's score item by item under the year's
// 履职评分细则, grades, ranks, completeness of the raters' parts, pro-rating
// for part years, and the frozen results of a finalised year. It never
// imports Fyne.
package assess

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"deputydesk/store"
)

// ItemScore is one line of a deputy's score.
type ItemScore struct {
	Code   string
	Name   string
	Kind   string
	Count  int                // records counted (count, deduct)
	Points float64            // points given (negative for deductions)
	Rated  map[string]float64 `json:",omitempty"` // rater → score entered (manual)
	// From says where a rater's score came from when it was not typed:
	// the electors' rating taken from the voters' 测评 at a 述职.
	From map[string]string `json:",omitempty"`
}

// Result is one deputy's assessment for the year.
type Result struct {
	DeputyID             string
	Name                 string
	Levels               string
	Fraction             float64 // share of the year in office, 0–1
	OfficeFrom, OfficeTo string
	Items                []ItemScore
	Adjust               float64
	Reasons              []string // adjustment reasons, "+2：…"
	Total                float64
	Grade                string
	Rank                 int
	Complete             bool
	Missing              []string // "年终核定（小组评定）" for each rater part not yet in
}

// Item returns the line with code.
func (r Result) Item(code string) (ItemScore, bool) {
	for _, it := range r.Items {
		if it.Code == code {
			return it, true
		}
	}
	return ItemScore{}, false
}

// Year is a year's assessment: computed now, or frozen when Final.
type Year struct {
	Year        int
	Final       bool
	FinalisedAt time.Time
	Rules       store.ScoringRules
	Results     []Result // by rank, then name
}

// Input is everything Compute needs, read from the store.
type Input struct {
	Year       int
	Rules      store.ScoringRules
	Deputies   []store.Deputy
	TookOffice map[string]string
	Events     []store.Event
	Manual     []store.ManualScore
	Adjust     []store.Adjustment
	// Electors holds the voters' 测评 results of the year's 述职 by deputy;
	// where a deputy has one it is their RaterElectors score on every
	// manual item that rater scores (converted to the item's scale by
	// ElectorsRating.Points), instead of a typed score.
	Electors map[string]store.ElectorsRating
}

// Span is the part of the year a deputy was in office, as YYYY-MM-DD, and
// that share of the year counted in months (a month in office for any of
// its days counts, as quotas are monthly); ok is false when they held no
// office in it.
func Span(year int, d store.Deputy, tookOffice string) (from, to string, frac float64, ok bool) {
	from, to = fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	if tookOffice > from {
		from = tookOffice
	}
	if d.Status == store.StatusTerminated && d.StatusDate != "" && d.StatusDate < to {
		to = d.StatusDate
	}
	if from > to {
		return from, to, 0, false
	}
	return from, to, monthsBetween(from, to) / 12, true
}

// monthsBetween counts the calendar months touched from from to to.
func monthsBetween(from, to string) float64 {
	f, _ := time.Parse("2006-01-02", from)
	t, _ := time.Parse("2006-01-02", to)
	return float64((t.Year()-f.Year())*12 + int(t.Month()) - int(f.Month()) + 1)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Compute scores every deputy in office during the year. It is pure: the
// same input gives the same results.
func Compute(in Input) []Result {
	rules := in.Rules
	var results []Result
	for _, d := range in.Deputies {
		from, to, frac, ok := Span(in.Year, d, in.TookOffice[d.ID])
		if !ok {
			continue
		}
		counts := map[string]int{}
		for _, e := range eventsOf(in.Events, d.ID) {
			if e.Day >= from && e.Day <= to {
				counts[e.Source]++
			}
		}
		r := Result{DeputyID: d.ID, Name: d.Name, Levels: d.Levels.String(), Fraction: round2(frac), OfficeFrom: from, OfficeTo: to, Complete: true}
		total := rules.Base
		for _, it := range rules.Items {
			is := ItemScore{Code: it.Code, Name: it.Name, Kind: it.Kind}
			switch it.Kind {
			case store.ItemCount, store.ItemDeduct:
				for _, s := range it.Sources {
					is.Count += counts[s]
				}
				pts := it.Points * float64(is.Count)
				// A part-year deputy owes a part-year quota: the same
				// record is worth more, up to the same cap.
				if it.Kind == store.ItemCount && rules.ProRate && frac < 1 {
					pts /= math.Max(frac, 1.0/12)
				}
				if it.Cap > 0 && pts > it.Cap {
					pts = it.Cap
				}
				if it.Kind == store.ItemDeduct {
					pts = -pts
				}
				is.Points = round2(pts)
			case store.ItemManual:
				is.Rated = map[string]float64{}
				var sum, wsum float64
				for _, rw := range it.Raters {
					wsum += rw.Weight
					if e, ok := in.Electors[d.ID]; ok && rw.Rater == store.RaterElectors {
						s := e.Points(it.Max)
						is.Rated[rw.Rater] = s
						if is.From == nil {
							is.From = map[string]string{}
						}
						is.From[rw.Rater] = e.Source()
						sum += rw.Weight * s
					} else if s, ok := manualOf(in.Manual, d.ID, it.Code, rw.Rater); ok {
						is.Rated[rw.Rater] = s
						sum += rw.Weight * s
					} else {
						r.Complete = false
						r.Missing = append(r.Missing, it.Name+"（"+rw.Rater+"）")
					}
				}
				if wsum > 0 {
					is.Points = round2(sum / wsum)
				}
			}
			total += is.Points
			r.Items = append(r.Items, is)
		}
		for _, a := range in.Adjust {
			if a.DeputyID == d.ID {
				r.Adjust += a.Points
				r.Reasons = append(r.Reasons, fmt.Sprintf("%+g：%s", a.Points, a.Reason))
			}
		}
		r.Adjust = round2(r.Adjust)
		total += r.Adjust
		r.Total = round2(math.Max(0, math.Min(rules.MaxTotal, total)))
		r.Grade = rules.Grade(r.Total)
		results = append(results, r)
	}
	Rank(results)
	return results
}

// Rank orders results by total (highest first, then name) and numbers them;
// equal totals share a rank (1, 2, 2, 4).
func Rank(rs []Result) {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Total != rs[j].Total {
			return rs[i].Total > rs[j].Total
		}
		return store.CompareChinese(rs[i].Name, rs[j].Name) < 0
	})
	for i := range rs {
		if i > 0 && rs[i].Total == rs[i-1].Total {
			rs[i].Rank = rs[i-1].Rank
		} else {
			rs[i].Rank = i + 1
		}
	}
}

func eventsOf(es []store.Event, id string) []store.Event {
	// Events are sorted by deputy, so a binary search finds the run.
	i := sort.Search(len(es), func(i int) bool { return es[i].DeputyID >= id })
	j := i
	for j < len(es) && es[j].DeputyID == id {
		j++
	}
	return es[i:j]
}

func manualOf(ms []store.ManualScore, dep, item, rater string) (float64, bool) {
	for _, m := range ms {
		if m.DeputyID == dep && m.Item == item && m.Rater == rater {
			return m.Points, true
		}
	}
	return 0, false
}

// LoadInput reads what Compute needs for the year.
func LoadInput(ctx context.Context, db *store.DB, year int) (Input, error) {
	in := Input{Year: year}
	var err error
	if in.Rules, _, err = db.ScoringRulesFor(ctx, year); err != nil {
		return in, err
	}
	if in.Deputies, err = db.Deputies(ctx, store.DeputyFilter{}); err != nil {
		return in, err
	}
	if in.TookOffice, err = db.TookOffice(ctx); err != nil {
		return in, err
	}
	if in.Events, err = db.DeputyEvents(ctx, fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)); err != nil {
		return in, err
	}
	if in.Manual, err = db.ManualScores(ctx, year); err != nil {
		return in, err
	}
	if in.Adjust, err = db.Adjustments(ctx, year); err != nil {
		return in, err
	}
	if in.Electors, err = db.ElectorsRatings(ctx, year); err != nil {
		return in, err
	}
	return in, nil
}

// Load returns the year's assessment: the frozen snapshot when the year is
// final, else computed from the records now.
func Load(ctx context.Context, db *store.DB, year int) (Year, error) {
	st, err := db.AssessmentYearState(ctx, year)
	if err != nil {
		return Year{}, err
	}
	if st.Final {
		y := Year{Year: year, Final: true, FinalisedAt: st.FinalisedAt, Rules: st.Rules}
		if err := json.Unmarshal(st.Results, &y.Results); err != nil {
			return y, fmt.Errorf("assess: decode frozen results %d: %w", year, err)
		}
		return y, nil
	}
	in, err := LoadInput(ctx, db, year)
	if err != nil {
		return Year{}, err
	}
	return Year{Year: year, Rules: in.Rules, Results: Compute(in)}, nil
}

// Finalise computes the year and freezes the rules and results used.
func Finalise(ctx context.Context, db *store.DB, year int) (Year, error) {
	y, err := Load(ctx, db, year)
	if err != nil {
		return y, err
	}
	if y.Final {
		return y, store.ErrYearFinal
	}
	b, err := json.Marshal(y.Results)
	if err != nil {
		return y, fmt.Errorf("assess: encode results: %w", err)
	}
	if err := db.FinaliseYear(ctx, y.Rules, b); err != nil {
		return y, err
	}
	return Load(ctx, db, year)
}

// Find returns the result of one deputy.
func (y Year) Find(deputyID string) (Result, bool) {
	for _, r := range y.Results {
		if r.DeputyID == deputyID {
			return r, true
		}
	}
	return Result{}, false
}

// Counts returns how many deputies have each grade.
func (y Year) Counts() map[string]int {
	out := map[string]int{}
	for _, r := range y.Results {
		out[r.Grade]++
	}
	return out
}

// Improvements lists what the deputy should improve, the largest shortfall
// first: deductions, count items under half their cap, manual items under
// 60% of the maximum.
func Improvements(rules store.ScoringRules, r Result) []string {
	type gap struct {
		lost   float64
		advice string
	}
	var gaps []gap
	for _, is := range r.Items {
		it, ok := rules.Item(is.Code)
		if !ok || it.Advice == "" {
			continue
		}
		switch it.Kind {
		case store.ItemCount:
			if it.Cap > 0 && is.Points < it.Cap/2 {
				gaps = append(gaps, gap{it.Cap - is.Points, it.Advice})
			}
		case store.ItemDeduct:
			if is.Count > 0 {
				gaps = append(gaps, gap{-is.Points + 100, it.Advice}) // deductions always first
			}
		case store.ItemManual:
			if is.Points < it.Max*0.6 {
				gaps = append(gaps, gap{it.Max - is.Points, it.Advice})
			}
		}
	}
	sort.SliceStable(gaps, func(i, j int) bool { return gaps[i].lost > gaps[j].lost })
	out := make([]string, len(gaps))
	for i, g := range gaps {
		out[i] = g.advice
	}
	return out
}
