// Package roster writes the 值班表: the wall roster per station as PDF and
// Excel, the 值班提醒 text for each deputy, and .ics calendars.
package roster

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"deputydesk/app/roster"
	"deputydesk/store"
)

// Period is a span of months a roster covers.
type Period struct {
	From, To string // YYYY-MM-DD inclusive
	Label    string // 2026年12月, 2026年第四季度
}

var (
	monthRe   = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$`)
	quarterRe = regexp.MustCompile(`^(\d{4})\s*(?:[Qq]|年第?)\s*([1-4一二三四])\s*(?:季度)?$`)
)

var quarterNames = []string{"一", "二", "三", "四"}

// ParseMonth reads 2026-12 or 2026年12月.
func ParseMonth(s string) (Period, error) {
	m := monthRe.FindStringSubmatch(store.Normalize(s))
	if m == nil {
		return Period{}, fmt.Errorf("月份“%s”无法识别，应如 2026-12", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	if mo < 1 || mo > 12 {
		return Period{}, fmt.Errorf("月份“%s”无法识别，应如 2026-12", s)
	}
	first := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC)
	return Period{From: first.Format(roster.DateLayout), To: first.AddDate(0, 1, -1).Format(roster.DateLayout),
		Label: fmt.Sprintf("%d年%d月", y, mo)}, nil
}

// ParseQuarter reads 2026Q4 or 2026年第四季度.
func ParseQuarter(s string) (Period, error) {
	m := quarterRe.FindStringSubmatch(store.Normalize(s))
	if m == nil {
		return Period{}, fmt.Errorf("季度“%s”无法识别，应如 2026Q4", s)
	}
	y, _ := strconv.Atoi(m[1])
	q := slices.Index(quarterNames, m[2]) + 1
	if q == 0 {
		q, _ = strconv.Atoi(m[2])
	}
	first := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
	return Period{From: first.Format(roster.DateLayout), To: first.AddDate(0, 3, -1).Format(roster.DateLayout),
		Label: fmt.Sprintf("%d年第%s季度", y, quarterNames[q-1])}, nil
}

// Row is one duty on the roster.
type Row struct {
	Date    string // 2026年12月4日
	Day     string // YYYY-MM-DD
	Weekday string // 星期五
	Time    string // 9:00–11:30
	Names   []string
	Phones  []string
	Note    string // e.g. 原定…，逢…顺延
}

// Sheet is the roster of one station for the period.
type Sheet struct {
	Station store.Station
	Title   string // 城关镇人大代表联络站 2026年12月代表接待安排表
	Rule    string // the 接待时间 in words
	Rows    []Row
}

// Doc is everything a roster report prints.
type Doc struct {
	Township store.Township
	Period   Period
	Sheets   []Sheet
	MadeOn   time.Time
}

// Maker is the 制表单位: the township's 人大主席团.
func (d Doc) Maker() string {
	if d.Township.Name == "" {
		return "乡镇人大主席团"
	}
	return d.Township.Name + "人大主席团"
}

// Load reads the period's duties for one station (stationID) or every
// station that has a rule or duties.
func Load(ctx context.Context, db *store.DB, p Period, stationID string) (Doc, error) {
	doc := Doc{Period: p, MadeOn: db.Now()}
	if t, err := db.Township(ctx); err == nil {
		doc.Township = t
	}
	stations, err := db.Stations(ctx)
	if err != nil {
		return doc, err
	}
	rules, err := db.RosterRules(ctx)
	if err != nil {
		return doc, err
	}
	deps, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		return doc, err
	}
	byID := map[string]store.Deputy{}
	for _, d := range deps {
		byID[d.ID] = d
	}
	found := false
	for _, s := range stations {
		if stationID != "" && s.ID != stationID {
			continue
		}
		found = true
		duties, err := db.Duties(ctx, store.DutyFilter{StationID: s.ID, From: p.From, To: p.To})
		if err != nil {
			return doc, err
		}
		r, hasRule := rules[s.ID]
		if stationID == "" && !hasRule && len(duties) == 0 {
			continue
		}
		sh := Sheet{Station: s, Title: StationTitle(doc.Township.Name, s.Name) + " " + p.Label + "代表接待安排表", Rule: s.OpeningRule}
		if hasRule {
			sh.Rule = r.Describe()
		}
		for _, d := range duties {
			row := Row{Date: store.FormatDate(d.Date), Day: d.Date, Weekday: roster.Weekday(d.Date),
				Time: store.ShortClock(d.From) + "–" + store.ShortClock(d.To), Note: d.Note}
			for _, id := range d.DeputyIDs {
				dep := byID[id]
				name := dep.Name
				if m, ok := d.Marks[id]; ok && m.Status == store.AttendSubstituted && m.SubstituteID != "" {
					name += "（" + byID[m.SubstituteID].Name + "替班）"
				}
				row.Names = append(row.Names, name)
				row.Phones = append(row.Phones, dep.Phone)
			}
			sh.Rows = append(sh.Rows, row)
		}
		doc.Sheets = append(doc.Sheets, sh)
	}
	if stationID != "" && !found {
		return doc, fmt.Errorf("report: station %s: %w", stationID, store.ErrNotFound)
	}
	return doc, nil
}

// StationTitle names the station for a title: the township's name is put
// in front unless the station's name already starts with it.
func StationTitle(township, station string) string {
	if township == "" || strings.HasPrefix(station, township) {
		return station
	}
	return township + station
}
