// Package stationstd prints 联络站标准化建设: the checklist of one station
// (「五有」「六统一」「九有」, each item with its check and evidence photos) and
// the overview of all stations, for the wall, the county and export all.
package stationstd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jung-kurt/gofpdf"

	"deputydesk/app/pdfdoc"
	"deputydesk/store"
)

// Item is one checklist line at one station.
type Item struct {
	Label  string
	Check  *store.StationCheck // nil when never checked
	Photos []store.CheckPhoto
}

// Status is the item's state in words: 达标, 未达标 or 未检查.
func (it Item) Status() string {
	switch {
	case it.Check == nil:
		return "未检查"
	case it.Check.Met:
		return "达标"
	}
	return "未达标"
}

// List is one checklist at one station.
type List struct {
	Name  string
	Items []Item
	Score store.ChecklistScore
}

// Sheet is the checklist of one station.
type Sheet struct {
	Station store.Station
	Rating  store.StationRating
	Lists   []List
}

// Options shape a print.
type Options struct {
	Unit       string // 制表单位; filled from the township when empty
	NoCompress bool
	// NoPhotos leaves the evidence photos out (a short print for the wall).
	NoPhotos bool
}

// Unit is the township's 人大主席团, the 制表单位 of every print.
func Unit(ctx context.Context, db *store.DB) (string, error) {
	t, err := db.Township(ctx)
	if errors.Is(err, store.ErrNotFound) || (err == nil && t.Name == "") {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return t.Name + "人大主席团", nil
}

// Load reads one station's checklists with checks and photos.
func Load(ctx context.Context, db *store.DB, stationID string, photos bool) (Sheet, error) {
	st, err := db.Station(ctx, stationID)
	if err != nil {
		return Sheet{}, err
	}
	rating, err := db.StationRating(ctx, stationID)
	if err != nil {
		return Sheet{}, err
	}
	lists, err := db.StationChecklists(ctx)
	if err != nil {
		return Sheet{}, err
	}
	checks, err := db.StationChecks(ctx, stationID)
	if err != nil {
		return Sheet{}, err
	}
	s := Sheet{Station: st, Rating: rating}
	for _, l := range lists {
		out := List{Name: l.Name, Score: store.ChecklistScore{Checklist: l.Name, Total: len(l.Items)}}
		for _, li := range l.Items {
			it := Item{Label: li.Label}
			if c, ok := checks[li.ID]; ok {
				it.Check = &c
				if c.Met {
					out.Score.Met++
				} else {
					out.Score.Unmet++
				}
				if photos && c.Photos > 0 {
					if it.Photos, err = db.CheckPhotos(ctx, c.ID); err != nil {
						return Sheet{}, err
					}
				}
			}
			out.Items = append(out.Items, it)
		}
		s.Lists = append(s.Lists, out)
	}
	return s, nil
}

// WriteChecklists prints the checklist of each station in ids (every station
// when ids is empty), each numbered on its own.
func WriteChecklists(ctx context.Context, db *store.DB, w io.Writer, ids []string, opts Options) error {
	if len(ids) == 0 {
		all, err := db.Stations(ctx)
		if err != nil {
			return err
		}
		for _, s := range all {
			ids = append(ids, s.ID)
		}
	}
	if len(ids) == 0 {
		return errors.New("还没有联络站点，请先在“联络站”中新增")
	}
	if opts.Unit == "" {
		u, err := Unit(ctx, db)
		if err != nil {
			return err
		}
		opts.Unit = u
	}
	doc, err := pdfdoc.New(pdfdoc.Options{Title: "联络站标准化建设核查表", Unit: opts.Unit, Date: db.Now(), NoCompress: opts.NoCompress})
	if err != nil {
		return err
	}
	p := &printer{doc: doc}
	for _, id := range ids {
		s, err := Load(ctx, db, id, !opts.NoPhotos)
		if err != nil {
			return err
		}
		p.sheet(s)
	}
	return doc.Write(w)
}

type printer struct {
	doc    *pdfdoc.Doc
	images int
}

func (p *printer) color(c [3]int) { p.doc.SetTextColor(c[0], c[1], c[2]) }

// header prints the red title with its double rule and returns the y below.
func (p *printer) header(title, subtitle string) float64 {
	d := p.doc
	m := d.Opts.Margin
	w := d.ContentWidth()
	p.color(pdfdoc.Red)
	y := d.Title(title, m+2, 20) + 3
	if subtitle != "" {
		p.color(pdfdoc.Grey)
		d.SetFont(10, false)
		d.SetXY(m, y)
		d.CellFormat(w, 5, subtitle, "", 0, "C", false, 0, "")
		y += 6
	}
	d.RedRule(y)
	p.color(pdfdoc.Ink)
	return y + 4
}

// column widths of the checklist table, in mm of the 186 mm A4 width.
var listCols = []struct {
	head  string
	w     float64
	align string
}{{"序号", 10, "C"}, {"检查项目", 36, "L"}, {"结果", 14, "C"}, {"检查日期", 28, "C"}, {"检查人", 34, "L"}, {"情况说明", 52, "L"}, {"照片", 12, "C"}}

func (p *printer) sheet(s Sheet) {
	d := p.doc
	d.StartSection()
	d.AddPage()
	subtitle := fmt.Sprintf("%s · %s · 评定：%s", s.Station.Kind, s.Station.Address, s.Rating.Label())
	y := p.header(s.Station.Name+" 标准化建设核查表", subtitle)
	m := d.Opts.Margin
	for _, l := range s.Lists {
		if y+24 > d.FooterTop() {
			d.AddPage()
			y = m
		}
		d.SetFont(12, true)
		p.color(pdfdoc.Red)
		d.SetXY(m, y)
		d.CellFormat(d.ContentWidth(), 7, fmt.Sprintf("「%s」 达标 %d / %d 项", l.Name, l.Score.Met, l.Score.Total), "", 0, "L", false, 0, "")
		y += 8
		y = p.tableHead(y)
		for i, it := range l.Items {
			y = p.itemRow(i+1, it, y)
		}
		y += 4
	}
	p.photos(s, y)
}

func (p *printer) tableHead(y float64) float64 {
	d := p.doc
	x := d.Opts.Margin
	d.SetFont(9.5, true)
	d.SetFillColor(pdfdoc.Pale[0], pdfdoc.Pale[1], pdfdoc.Pale[2])
	d.SetDrawColor(170, 170, 170)
	d.SetLineWidth(0.2)
	p.color(pdfdoc.Ink)
	for _, c := range listCols {
		d.SetXY(x, y)
		d.CellFormat(c.w, 7, c.head, "1", 0, "C", true, 0, "")
		x += c.w
	}
	return y + 7
}

func (p *printer) itemRow(n int, it Item, y float64) float64 {
	d := p.doc
	cells := []string{fmt.Sprint(n), it.Label, it.Status(), "", "", "", ""}
	if c := it.Check; c != nil {
		cells[3], cells[4], cells[5] = store.FormatDate(c.Day), c.CheckedBy, c.Note
		if c.Photos > 0 {
			cells[6] = fmt.Sprint(c.Photos)
		}
	}
	d.SetFont(9, false)
	wrapped := make([][]string, len(cells))
	lines := 1
	for i, c := range cells {
		wrapped[i] = d.Wrap(c, listCols[i].w-2)
		lines = max(lines, len(wrapped[i]))
	}
	lh := 4.6
	h := float64(lines)*lh + 2
	if y+h > d.FooterTop() {
		d.AddPage()
		y = p.tableHead(d.Opts.Margin)
		d.SetFont(9, false)
	}
	x := d.Opts.Margin
	for i, c := range listCols {
		d.SetDrawColor(170, 170, 170)
		d.Rect(x, y, c.w, h, "D")
		switch {
		case i == 2 && it.Check == nil:
			p.color(pdfdoc.Grey)
		case i == 2 && !it.Check.Met:
			p.color(pdfdoc.Red)
		default:
			p.color(pdfdoc.Ink)
		}
		top := y + 1 + (float64(lines-len(wrapped[i]))*lh)/2
		for k, l := range wrapped[i] {
			d.SetXY(x+1, top+float64(k)*lh)
			d.CellFormat(c.w-2, lh, l, "", 0, c.align, false, 0, "")
		}
		x += c.w
	}
	p.color(pdfdoc.Ink)
	return y + h
}

// photos prints the evidence, three to a row, each captioned with its item.
func (p *printer) photos(s Sheet, y float64) {
	d := p.doc
	m := d.Opts.Margin
	type shot struct {
		caption string
		photo   store.CheckPhoto
	}
	var shots []shot
	for _, l := range s.Lists {
		for _, it := range l.Items {
			for _, ph := range it.Photos {
				shots = append(shots, shot{l.Name + " · " + it.Label, ph})
			}
		}
	}
	if len(shots) == 0 {
		return
	}
	const perRow, gap, cellH = 3, 4.0, 50.0
	cw := (d.ContentWidth() - gap*(perRow-1)) / perRow
	if y+12+cellH > d.FooterTop() {
		d.AddPage()
		y = m
	}
	d.SetFont(12, true)
	p.color(pdfdoc.Red)
	d.SetXY(m, y)
	d.CellFormat(d.ContentWidth(), 7, fmt.Sprintf("佐证照片（%d 张）", len(shots)), "", 0, "L", false, 0, "")
	y += 9
	for i, sh := range shots {
		col := i % perRow
		if col == 0 && i > 0 {
			y += cellH + gap
		}
		if col == 0 && y+cellH > d.FooterTop() {
			d.AddPage()
			y = m
		}
		x := m + float64(col)*(cw+gap)
		boxH := cellH - 6
		pw, ph := cw, cw*float64(sh.photo.Height)/float64(sh.photo.Width)
		if ph > boxH {
			pw, ph = boxH*float64(sh.photo.Width)/float64(sh.photo.Height), boxH
		}
		p.images++
		name := fmt.Sprintf("e%d", p.images)
		d.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(sh.photo.JPEG))
		d.ImageOptions(name, x+(cw-pw)/2, y+(boxH-ph)/2, pw, ph, false, gofpdf.ImageOptions{ImageType: "JPG"}, 0, "")
		d.SetDrawColor(200, 200, 200)
		d.Rect(x, y, cw, boxH, "D")
		p.color(pdfdoc.Grey)
		lines, _ := d.Fit(sh.caption, cw, 1, 8.5, 6.5, false)
		d.Lines(lines, x, y+boxH+0.5, cw, 5)
	}
}

// Overview is every station against every checklist.
type Overview struct {
	Rows  []store.StationStandard
	Lists []store.Checklist
}

// LoadOverview reads the overview of all stations.
func LoadOverview(ctx context.Context, db *store.DB) (Overview, error) {
	rows, lists, err := db.StationStandards(ctx)
	return Overview{Rows: rows, Lists: lists}, err
}

// Table is the overview as a header and rows of text, for the screen, the
// workbook and the PDF alike.
func (o Overview) Table() ([]string, [][]string) {
	head := []string{"站点名称", "类型", "星级评定", "示范站"}
	for _, l := range o.Lists {
		head = append(head, "「"+l.Name+"」达标")
	}
	head = append(head, "全部达标", "最近检查")
	var rows [][]string
	for _, r := range o.Rows {
		model := ""
		if r.Rating.Model {
			model = "是"
		}
		row := []string{r.Station.Name, r.Station.Kind, store.StarLabel(r.Rating.Stars), model}
		all := len(r.Scores) > 0
		for _, s := range r.Scores {
			row = append(row, fmt.Sprintf("%d/%d", s.Met, s.Total))
			all = all && s.Complete()
		}
		done := "否"
		if all {
			done = "是"
		}
		last := "未检查"
		if r.LastCheck != "" {
			last = store.FormatDate(r.LastCheck)
		}
		rows = append(rows, append(row, done, last))
	}
	return head, rows
}

// Figures counts the overview for the county: stations, rated ones by stars,
// 示范 stations and stations meeting every checklist.
func (o Overview) Figures() (stations, model, complete int, byStars [store.MaxStars + 1]int) {
	for _, r := range o.Rows {
		stations++
		byStars[r.Rating.Stars]++
		if r.Rating.Model {
			model++
		}
		all := len(r.Scores) > 0
		for _, s := range r.Scores {
			all = all && s.Complete()
		}
		if all {
			complete++
		}
	}
	return
}

// WriteOverview prints the overview of all stations on landscape A4.
func WriteOverview(ctx context.Context, db *store.DB, w io.Writer, opts Options) error {
	o, err := LoadOverview(ctx, db)
	if err != nil {
		return err
	}
	if opts.Unit == "" {
		if opts.Unit, err = Unit(ctx, db); err != nil {
			return err
		}
	}
	doc, err := pdfdoc.New(pdfdoc.Options{Title: "联络站标准化建设情况总览", Landscape: true, Unit: opts.Unit, Date: db.Now(), NoCompress: opts.NoCompress})
	if err != nil {
		return err
	}
	p := &printer{doc: doc}
	doc.AddPage()
	stations, model, complete, byStars := o.Figures()
	sub := fmt.Sprintf("共 %d 个站点，全部达标 %d 个，示范站 %d 个，五星级 %d 个，四星级 %d 个", stations, complete, model, byStars[5], byStars[4])
	y := p.header("联络站标准化建设情况总览", sub)
	head, rows := o.Table()
	widths := overviewWidths(doc.ContentWidth(), len(head))
	row := func(cells []string, y float64, headRow bool) float64 {
		doc.SetFont(9.5, headRow)
		h := 7.0
		x := doc.Opts.Margin
		doc.SetFillColor(pdfdoc.Pale[0], pdfdoc.Pale[1], pdfdoc.Pale[2])
		doc.SetDrawColor(170, 170, 170)
		for i, c := range cells {
			align := "C"
			if i == 0 && !headRow {
				align = "L"
			}
			text, _ := doc.Fit(c, widths[i]-2, 1, 9.5, 6.5, headRow)
			doc.SetXY(x, y)
			doc.CellFormat(widths[i], h, "", "1", 0, "C", headRow, 0, "")
			doc.SetXY(x+1, y)
			doc.CellFormat(widths[i]-2, h, text[0], "", 0, align, false, 0, "")
			x += widths[i]
		}
		return y + h
	}
	p.color(pdfdoc.Ink)
	y = row(head, y, true)
	for _, r := range rows {
		if y+7 > doc.FooterTop() {
			doc.AddPage()
			y = row(head, doc.Opts.Margin, true)
		}
		y = row(r, y, false)
	}
	if len(rows) == 0 {
		doc.SetFont(10, false)
		doc.SetXY(doc.Opts.Margin, y+2)
		doc.CellFormat(doc.ContentWidth(), 6, "还没有联络站点。", "", 0, "L", false, 0, "")
	}
	return doc.Write(w)
}

// overviewWidths gives the name column the room the counts do not need.
func overviewWidths(total float64, n int) []float64 {
	w := make([]float64, n)
	fixed := []float64{0, 26, 22, 16}
	rest := total
	for i := 1; i < n; i++ {
		if i < len(fixed) {
			w[i] = fixed[i]
		} else {
			w[i] = 26
		}
		rest -= w[i]
	}
	w[0] = rest
	return w
}
