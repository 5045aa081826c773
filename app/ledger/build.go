// Package ledger computes the secretary's monthly figures (the 首页
// dashboard) and writes the 月度台账 the county receives, as xlsx and PDF,
// plus the blank paper 接待登记表. It never imports Fyne.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// RateDefinition is how the 解决率 is counted, printed on every ledger.
const RateDefinition = "解决率 = 办结件数 ÷ 收集意见件数。收集意见：本月登记的群众反映事项；办结：其中截至制表日已办结（含已反馈、已回访）的事项。"

// OverdueDefinition is how 超期 is counted, printed on the ledger beside
// the figures; Overdue is its one implementation.
const OverdueDefinition = "超期：有办理时限的事项，办结日期晚于时限（逾期办结），或截至制表日已过时限仍未办结（逾期未办结）。"

// Overdue reports whether a case is 超期 as of today (YYYY-MM-DD): closed
// after its deadline, or past its deadline and still open. The ledger and
// the 首页 both count with it.
func Overdue(c *store.Case, today string) bool {
	if c.Deadline == "" {
		return false
	}
	if store.HotlineOpen(c.HotlineState) && c.Deadline < today {
		return true // a 12345 order still open past the deadline
	}
	if store.StatusRank(c.Status) >= store.RankClosed {
		return c.ClosedDay != "" && c.ClosedDay > c.Deadline
	}
	return c.Deadline < today
}

// Figures are the headline counts of a month (or of one station or category
// within it). The six disposition counts add up to Cases.
type Figures struct {
	Receptions int // 接待场次
	Visitors   int // 接待人次
	Cases      int // 收集意见
	OnSpot     int // 当场答复
	Assigned   int // 交办乡镇或村（社区）
	Suggestion int // 转为代表建议
	Hotline    int // 转12345热线
	Mediation  int // 转调解
	Other      int // 其他 (and any disposition not listed)
	Closed     int // 办结 (of the month's cases, as of the report date)
	Overdue    int // 超期, as Overdue counts it
}

// Rate is the 解决率, Closed ÷ Cases; 0 with no cases.
func (f Figures) Rate() float64 {
	if f.Cases == 0 {
		return 0
	}
	return float64(f.Closed) / float64(f.Cases)
}

// RateText shows the 解决率 as a whole percentage, or "—" with no cases.
func (f Figures) RateText() string {
	if f.Cases == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100*f.Rate())
}

func (f *Figures) addCase(c *store.Case, today string) {
	f.Cases++
	switch c.Disposition {
	case store.DispOnSpot:
		f.OnSpot++
	case store.DispAssigned:
		f.Assigned++
	case store.DispSuggestion:
		f.Suggestion++
	case store.Dispositions[3]: // 转12345热线
		f.Hotline++
	case store.Dispositions[4]: // 转调解
		f.Mediation++
	default:
		f.Other++
	}
	if store.StatusRank(c.Status) >= store.RankClosed {
		f.Closed++
	}
	if Overdue(c, today) {
		f.Overdue++
	}
}

// Row is one line of a 汇总 table.
type Row struct {
	Name string
	Figures
}

// CaseLine is one case as the ledger prints it, personal data already
// masked as the options ask.
type CaseLine struct {
	store.Case
	Phone   string // masked unless ShowPhones
	IDNo    string // empty unless ShowIDNumbers
	Result  string // latest result, reply or 回访 text
	Overdue bool
}

// DeputyLine is one deputy's month on the 代表履职 sheet.
type DeputyLine struct {
	Name   string
	Levels string
	Groups string
	// Roster duties this month up to the report date: on the roster, came
	// (到岗, or stood in for someone), on leave, absent.
	Duties, DutiesHeld, DutiesLeave, DutiesMissed int
	Receptions                                    int // receptions attended
	Visitors                                      int // visitors at them
	Cases                                         int // cases raised at them
	Closed                                        int
}

// Options say which month and who made the ledger.
type Options struct {
	Month string    // YYYY-MM
	Unit  string    // 制表单位; default 「<乡镇>人大主席团」
	Maker string    // 制表人; default the township's secretary
	Date  time.Time // 制表日期; default the database clock
	// ShowPhones prints visitors' phones in full; ShowIDNumbers adds their
	// ID numbers. Both are off by default: the ledger leaves the township.
	ShowPhones    bool
	ShowIDNumbers bool
}

// Ledger is everything the 月度台账 prints, computed once for xlsx and PDF.
type Ledger struct {
	Opts       Options
	Township   string
	Title      string // 城关镇人大主席团 2026年10月 代表联系群众工作台账
	Total      Figures
	ByStation  []Row
	ByCategory []Row
	Receptions []store.Reception
	Cases      []CaseLine // every case raised, stepped or 催办ed in the month
	Deputies   []DeputyLine
	// Hotline holds the 12345 work orders of the month's cases, those that
	// moved in the month and those still open at the report date.
	Hotline []store.HotlineOrder
	// Referrals holds the 代表建议 passed to or from the procuratorate in the
	// month and those still awaiting it.
	Referrals []store.Referral
}

// OffStation names receptions held away from any station.
const OffStation = "站点外（走访、电话、代表码、座谈）"

// MonthText shows 2026-10 as 2026年10月.
func MonthText(month string) string { return store.FormatDate(month) }

// Build reads the month from db and computes the ledger.
func Build(ctx context.Context, db *store.DB, opts Options) (*Ledger, error) {
	m, err := calendar.ParseMonth(opts.Month)
	if err != nil {
		return nil, err
	}
	opts.Month = m.String()
	t, err := db.Township(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errors.New("尚未设置乡镇信息，请先在“设置”中填写乡镇名称")
	}
	if err != nil {
		return nil, err
	}
	if opts.Unit == "" {
		opts.Unit = t.Name + "人大主席团"
	}
	if opts.Maker == "" {
		opts.Maker = t.Secretary
	}
	if opts.Date.IsZero() {
		opts.Date = db.Now()
	}
	l := &Ledger{Opts: opts, Township: t.Name,
		Title: fmt.Sprintf("%s人大主席团 %s 代表联系群众工作台账", t.Name, MonthText(opts.Month))}
	from, to := m.FirstDay(), m.LastDay()
	if l.Receptions, err = db.Receptions(ctx, store.ReceptionFilter{From: from, To: to}); err != nil {
		return nil, err
	}
	cases, err := db.Cases(ctx, store.CaseFilter{Month: opts.Month, Touched: true, Oldest: true})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(cases))
	for i := range cases {
		ids[i] = cases[i].ID
	}
	results, err := db.CaseResults(ctx, ids)
	if err != nil {
		return nil, err
	}
	today := calendar.Today(opts.Date)
	l.Cases = make([]CaseLine, len(cases))
	for i, c := range cases {
		cl := CaseLine{Case: c, Phone: MaskPhone(c.VisitorPhone), Result: results[c.ID], Overdue: Overdue(&c, today)}
		if opts.ShowPhones {
			cl.Phone = c.VisitorPhone
		}
		if opts.ShowIDNumbers {
			cl.IDNo = c.VisitorID
		}
		l.Cases[i] = cl
	}

	stations, err := db.Stations(ctx)
	if err != nil {
		return nil, err
	}
	cats, err := db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	stRow := map[string]*Row{}
	for _, s := range stations {
		l.ByStation = append(l.ByStation, Row{Name: s.Name})
	}
	l.ByStation = append(l.ByStation, Row{Name: OffStation})
	for i := range stations {
		stRow[stations[i].ID] = &l.ByStation[i]
	}
	stRow[""] = &l.ByStation[len(l.ByStation)-1]
	for _, c := range cats {
		l.ByCategory = append(l.ByCategory, Row{Name: c})
	}
	catRow := func(name string) *Row {
		for i := range l.ByCategory {
			if l.ByCategory[i].Name == name {
				return &l.ByCategory[i]
			}
		}
		// A retired category still used this month.
		l.ByCategory = append(l.ByCategory, Row{Name: name})
		return &l.ByCategory[len(l.ByCategory)-1]
	}
	for _, r := range l.Receptions {
		row := stRow[r.StationID]
		if row == nil {
			row = stRow[""]
		}
		row.Receptions++
		row.Visitors += r.Visitors
		l.Total.Receptions++
		l.Total.Visitors += r.Visitors
	}
	for i := range l.Cases {
		c := &l.Cases[i].Case
		if c.Day < from || c.Day > to {
			continue // touched this month, raised earlier
		}
		row := stRow[c.StationID]
		if row == nil {
			row = stRow[""]
		}
		row.addCase(c, today)
		catRow(c.Category).addCase(c, today)
		l.Total.addCase(c, today)
	}

	if err := l.addReferrals(ctx, db, from, to); err != nil {
		return nil, err
	}

	// 代表履职: each deputy in office, with what they did this month.
	deps, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		return nil, err
	}
	groups, err := db.GroupNamesByDeputy(ctx)
	if err != nil {
		return nil, err
	}
	recCases := map[string]*Figures{}
	for i := range l.Cases {
		c := &l.Cases[i].Case
		if c.Day < from || c.Day > to {
			continue
		}
		f := recCases[c.ReceptionID]
		if f == nil {
			f = &Figures{}
			recCases[c.ReceptionID] = f
		}
		f.addCase(c, today)
	}
	byDeputy := map[string]*DeputyLine{}
	for _, d := range deps {
		if d.Status != store.StatusActive && (d.StatusDate == "" || d.StatusDate < from) {
			continue
		}
		l.Deputies = append(l.Deputies, DeputyLine{Name: d.Name, Levels: d.Levels.String(), Groups: strings.Join(groups[d.ID], "、")})
	}
	i := 0
	for _, d := range deps {
		if d.Status != store.StatusActive && (d.StatusDate == "" || d.StatusDate < from) {
			continue
		}
		byDeputy[d.ID] = &l.Deputies[i]
		i++
	}
	duties, err := db.Duties(ctx, store.DutyFilter{From: from, To: min(to, calendar.Today(opts.Date))})
	if err != nil {
		return nil, err
	}
	for _, d := range duties {
		for _, id := range d.DeputyIDs {
			if dl := byDeputy[id]; dl != nil {
				dl.Duties++
				switch d.Marks[id].Status {
				case store.AttendPresent:
					dl.DutiesHeld++
				case store.AttendLeave:
					dl.DutiesLeave++
				case store.AttendAbsent:
					dl.DutiesMissed++
				}
			}
			if m := d.Marks[id]; m.Status == store.AttendSubstituted {
				if dl := byDeputy[m.SubstituteID]; dl != nil {
					dl.DutiesHeld++ // stood in
				}
			}
		}
	}
	for _, r := range l.Receptions {
		f := recCases[r.ID]
		for _, id := range r.DeputyIDs {
			dl := byDeputy[id]
			if dl == nil {
				continue
			}
			dl.Receptions++
			dl.Visitors += r.Visitors
			if f != nil {
				dl.Cases += f.Cases
				dl.Closed += f.Closed
			}
		}
	}
	return l, nil
}

// MaskPhone hides the middle of a phone number: 13812345678 → 138****5678,
// 0354-8621234 → 0354-***1234. Short or odd values keep only their last two
// characters.
func MaskPhone(p string) string {
	r := []rune(p)
	switch {
	case len(r) == 0:
		return ""
	case len(r) >= 11:
		keep := 3
		if i := strings.IndexRune(p, '-'); i > 0 && i < 6 {
			keep = i + 1
		}
		return string(r[:keep]) + strings.Repeat("*", len(r)-keep-4) + string(r[len(r)-4:])
	case len(r) > 4:
		return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
	default:
		return strings.Repeat("*", max(len(r)-2, 0)) + string(r[max(len(r)-2, 0):])
	}
}
