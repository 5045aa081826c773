// Package disclose prints 代表履职登记情况公示: for the wall of a group's
// or a station's place, each deputy's registered duties over a period
// (activities attended, duty days, receptions, matters raised, 社情民意,
// suggestions, absences), counted from the records as they are, in the
// posters' red-titled style.
package disclose

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"deputydesk/app/pdfdoc"
	"deputydesk/store"
)

var (
	red  = [3]int{190, 22, 34}
	ink  = [3]int{33, 33, 33}
	grey = [3]int{96, 96, 96}
	pale = [3]int{248, 236, 236}
)

// Select is what a sheet covers: one group or one station (the members of
// the groups that 进站 there), and the period, YYYY-MM-DD inclusive.
type Select struct {
	GroupID, StationID string
	From, To           string
}

// Row is one deputy's counts.
type Row struct {
	Name, Levels string
	Activities   int // 参加活动: any activity kind attended
	Duties       int // 进站值班 days present (or stood in)
	Receptions   int // 接待群众
	Cases        int // 反映事项 raised at the deputy's receptions
	Opinions     int // 社情民意
	Suggestions  int // 代表建议
	Absences     int // 缺席 activities and duties
	// Served tells of a deputy in office for part of the period only, as
	// 已于2026年9月30日离任; empty for the whole period.
	Served string
}

// NameCell is the name as printed: marked when the deputy served part of
// the period, the dates told in the note under the table.
func (r Row) NameCell() string {
	if strings.Contains(r.Served, "离任") {
		return r.Name + "（已离任）"
	}
	if r.Served != "" {
		return r.Name + "（新任）"
	}
	return r.Name
}

// Sheet is one disclosure sheet.
type Sheet struct {
	Title string // e.g. 城关镇第一代表小组
	From  string
	To    string
	Rows  []Row
	Phone string // the township's 监督电话
	Unit  string
}

// Columns are the table's headers, in print order.
var Columns = []string{"序号", "姓名", "代表层级", "参加活动", "进站值班", "接待群众", "反映事项", "社情民意", "代表建议", "缺席"}

// Cells is a row as printed.
func (r Row) Cells(n int) []string {
	return []string{fmt.Sprint(n), r.NameCell(), r.Levels, fmt.Sprint(r.Activities), fmt.Sprint(r.Duties), fmt.Sprint(r.Receptions),
		fmt.Sprint(r.Cases), fmt.Sprint(r.Opinions), fmt.Sprint(r.Suggestions), fmt.Sprint(r.Absences)}
}

// Load counts the duties of the selected deputies over the period.
func Load(ctx context.Context, db *store.DB, sel Select) (Sheet, error) {
	from, ok1 := store.ParseDate(sel.From)
	to, ok2 := store.ParseDate(sel.To)
	switch {
	case !ok1 || !ok2:
		return Sheet{}, errors.New("公示期间的起止日期无效，请写成 2026-07-01 这样的日期")
	case from > to:
		return Sheet{}, errors.New("公示期间的开始日期晚于结束日期")
	case (sel.GroupID == "") == (sel.StationID == ""):
		return Sheet{}, errors.New("请选择一个代表小组或一个联络站点")
	}
	s := Sheet{From: from, To: to}
	var members []string
	groups, err := db.Groups(ctx)
	if err != nil {
		return s, err
	}
	if sel.GroupID != "" {
		found := false
		for _, g := range groups {
			if g.ID == sel.GroupID {
				s.Title, members, found = g.Name, g.MemberIDs, true
			}
		}
		if !found {
			return s, fmt.Errorf("代表小组不存在：%w", store.ErrNotFound)
		}
	} else {
		st, err := db.Station(ctx, sel.StationID)
		if err != nil {
			return s, err
		}
		s.Title = st.Name
		for _, g := range groups {
			if slices.Contains(st.GroupIDs, g.ID) {
				members = append(members, g.MemberIDs...)
			}
		}
	}
	if t, err := db.Township(ctx); err == nil {
		s.Phone = t.Phone
		if t.Name != "" {
			s.Unit = t.Name + "人大主席团"
			if !strings.HasPrefix(s.Title, t.Name) {
				s.Title = t.Name + s.Title
			}
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return s, err
	}
	// Everyone who served on some day of the period, counted for the days
	// they served: a deputy who has since left still answers for them.
	deputies, err := db.DeputiesServing(ctx, from, to)
	if err != nil {
		return s, err
	}
	events, err := db.DeputyEvents(ctx, from, to)
	if err != nil {
		return s, err
	}
	index := map[string]int{}
	var spans []store.Serving
	for _, d := range deputies {
		if _, seen := index[d.ID]; !seen && slices.Contains(members, d.ID) {
			index[d.ID] = len(s.Rows)
			r := Row{Name: d.Name, Levels: d.Levels.String()}
			if d.Joined {
				r.Served = "于" + store.FormatDate(d.From) + "就任"
			}
			if d.Left {
				r.Served = strings.TrimPrefix(r.Served+"，", "，") + "已于" + store.FormatDate(d.To) + "离任"
			}
			s.Rows = append(s.Rows, r)
			spans = append(spans, d)
		}
	}
	for _, e := range events {
		i, ok := index[e.DeputyID]
		if !ok || e.Day < spans[i].From || e.Day > spans[i].To {
			continue
		}
		r := &s.Rows[i]
		switch {
		case e.Source == store.SourceDutyPresent:
			r.Duties++
		case e.Source == store.SourceReception:
			r.Receptions++
		case e.Source == store.SourceCase:
			r.Cases++
		case e.Source == store.SourceOpinion:
			r.Opinions++
		case e.Source == store.SourceSuggestion:
			r.Suggestions++
		case e.Source == store.SourceDutyAbsent || e.Source == store.SourceActAbsent:
			r.Absences++
		case slices.Contains(store.ActivityKinds, e.Source):
			r.Activities++
		}
	}
	return s, nil
}

// Options shape the print.
type Options struct {
	NoCompress bool
}

// Write prints the sheet on A4 landscape, the posters' red title and rule
// over a table, and a line inviting voters to watch.
func Write(ctx context.Context, db *store.DB, w io.Writer, sel Select, opts Options) error {
	s, err := Load(ctx, db, sel)
	if err != nil {
		return err
	}
	return WriteSheet(w, s, db, opts)
}

// WriteSheet prints a loaded sheet.
func WriteSheet(w io.Writer, s Sheet, db *store.DB, opts Options) error {
	doc, err := pdfdoc.New(pdfdoc.Options{Title: "代表履职登记情况公示", Landscape: true, Unit: s.Unit, Date: db.Now(), NoCompress: opts.NoCompress})
	if err != nil {
		return err
	}
	m := doc.Opts.Margin
	cw := doc.ContentWidth()
	widths := []float64{14, 36, 34, 0, 0, 0, 0, 0, 0, 0}
	for i := 3; i < len(widths); i++ {
		widths[i] = (cw - 84) / 7
	}
	color := func(c [3]int) { doc.SetTextColor(c[0], c[1], c[2]) }
	header := func() float64 {
		doc.AddPage()
		color(red)
		y := doc.Title(s.Title+"代表履职登记情况公示", m+2, 22) + 3
		color(grey)
		doc.SetFont(11, false)
		doc.SetXY(m, y)
		doc.CellFormat(cw, 6, fmt.Sprintf("公示期间：%s 至 %s　　共 %d 名代表　　（单位：次）", store.FormatDate(s.From), store.FormatDate(s.To), len(s.Rows)),
			"", 0, "C", false, 0, "")
		y += 8
		doc.SetDrawColor(red[0], red[1], red[2])
		doc.SetLineWidth(0.8)
		doc.Line(m, y, m+cw, y)
		doc.SetLineWidth(0.25)
		doc.Line(m, y+1.2, m+cw, y+1.2)
		y += 5
		doc.SetFont(11, true)
		doc.SetFillColor(pale[0], pale[1], pale[2])
		doc.SetDrawColor(170, 170, 170)
		color(ink)
		x := m
		for i, h := range Columns {
			doc.SetXY(x, y)
			fit, _ := doc.Fit(h, widths[i]-1, 1, 11, 7, true)
			doc.CellFormat(widths[i], 9, fit[0], "1", 0, "C", true, 0, "")
			x += widths[i]
		}
		return y + 9
	}
	y := header()
	const rowH = 8.5
	bottom := doc.FooterTop() - 12
	for i, r := range s.Rows {
		if y+rowH > bottom {
			y = header()
		}
		x := m
		for j, c := range r.Cells(i + 1) {
			doc.SetXY(x, y)
			switch {
			case j == 1:
				doc.SetFont(12, true)
			case j == len(Columns)-1 && r.Absences > 0:
				doc.SetFont(11, true)
				color(red)
			default:
				doc.SetFont(11, false)
			}
			fit, _ := doc.Fit(c, widths[j]-2, 1, 11, 7, j == 1)
			doc.CellFormat(widths[j], rowH, fit[0], "1", 0, "C", false, 0, "")
			color(ink)
			x += widths[j]
		}
		y += rowH
	}
	if len(s.Rows) == 0 {
		doc.SetFont(11, false)
		doc.SetXY(m, y+2)
		doc.CellFormat(cw, 7, "这里还没有在任代表。", "", 0, "L", false, 0, "")
		y += 9
	}
	color(grey)
	doc.SetFont(10, false)
	var part []string
	for _, r := range s.Rows {
		if r.Served != "" {
			part = append(part, r.Name+r.Served)
		}
	}
	note := ""
	if len(part) > 0 {
		note = strings.Join(part, "；") + "，只统计其在任期间的履职。"
	}
	note += "以上据本镇人大代表履职登记统计：参加活动含小组活动、视察调研、学习培训、走访选民等；进站值班按值班表到岗计；反映事项为代表接待时群众反映的事项。"
	if s.Phone != "" {
		note += "欢迎广大选民监督，监督电话：" + s.Phone + "。"
	} else {
		note += "欢迎广大选民监督。"
	}
	lines := doc.Wrap(note, cw)
	doc.Lines(lines, m, max(y+4, doc.FooterTop()-4-float64(len(lines))*5), cw, 5)
	return doc.Write(w)
}
