// Package projects prints the 民生实事代表票决 papers: the ballot for the
// 人代会, the 计票结果 and the 点位销号 progress sheet, and writes the year's
// workbook for the county.
package projects

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"deputydesk/app/pdfdoc"
	"deputydesk/store"
)

// Book is one year's items with their 点位, as every paper needs them.
type Book struct {
	Year     int
	Township string
	Vote     store.ProjectVote
	Projects []store.Project
	Sites    map[string][]store.ProjectSite // project ID → 点位
	Names    map[string]string              // deputy ID → name
	Date     time.Time                      // 制表日期
	// NoCompress writes PDFs uncompressed, for tests.
	NoCompress bool
}

// Load reads a year's items, vote and 点位.
func Load(ctx context.Context, db *store.DB, year int) (Book, error) {
	b := Book{Year: year, Sites: map[string][]store.ProjectSite{}, Names: map[string]string{}, Date: db.Now()}
	tw, err := db.Township(ctx)
	if err != nil {
		return b, err
	}
	b.Township = tw.Name
	if b.Vote, err = db.ProjectVoteFor(ctx, year); err != nil {
		return b, err
	}
	if b.Projects, err = db.Projects(ctx, year); err != nil {
		return b, err
	}
	sites, err := db.ProjectSites(ctx, store.SiteFilter{Year: year})
	if err != nil {
		return b, err
	}
	for _, s := range sites {
		b.Sites[s.ProjectID] = append(b.Sites[s.ProjectID], s)
	}
	deps, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		return b, err
	}
	for _, d := range deps {
		b.Names[d.ID] = d.Name
	}
	return b, nil
}

// Chosen returns the items chosen by the vote, by rank.
func (b Book) Chosen() []store.Project {
	var out []store.Project
	for _, p := range b.Ranked() {
		if p.Chosen {
			out = append(out, p)
		}
	}
	return out
}

// Ranked returns every item by its rank in the tally (ballot order before).
func (b Book) Ranked() []store.Project {
	if !b.Vote.Tallied {
		return b.Projects
	}
	return store.RankProjects(b.Projects, b.Vote.Present, b.Vote.Choose)
}

// DeputyNames lists a 点位's responsible deputies by name.
func (b Book) DeputyNames(s store.ProjectSite) string {
	var ns []string
	for _, id := range s.DeputyIDs {
		ns = append(ns, b.Names[id])
	}
	return strings.Join(ns, "、")
}

// Progress is a chosen item's 销号 x/y.
func Progress(p store.Project) string {
	return fmt.Sprintf("%d/%d", p.SitesDone, p.Sites)
}

// Budget prints an amount of 万元 without trailing zeros.
func Budget(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (b Book) session() string {
	if b.Vote.Session != "" {
		return b.Vote.Session
	}
	return b.Township + "人民代表大会"
}

type column struct {
	Head  string
	Width float64 // mm; one column may be 0 to take what is left
	Align string
}

// table draws a bordered table from y, repeating the header on new pages,
// and returns the y below it.
func table(d *pdfdoc.Doc, y float64, cols []column, rows [][]string, size, minH float64) float64 {
	x0 := d.Opts.Margin
	ws := make([]float64, len(cols))
	used := 0.0
	for i, c := range cols {
		ws[i] = c.Width
		used += c.Width
	}
	for i := range ws {
		if ws[i] == 0 {
			ws[i] = d.ContentWidth() - used
			break
		}
	}
	lh := size * 0.45
	d.SetDrawColor(0, 0, 0)
	d.SetLineWidth(0.2)
	header := func() {
		d.SetFont(size, true)
		d.SetFillColor(232, 232, 232)
		x := x0
		for i, c := range cols {
			d.SetXY(x, y)
			d.CellFormat(ws[i], lh+3, c.Head, "1", 0, "C", true, 0, "")
			x += ws[i]
		}
		y += lh + 3
	}
	header()
	for _, row := range rows {
		d.SetFont(size, false)
		lines := make([][]string, len(cols))
		n := 1
		for i := range cols {
			text := ""
			if i < len(row) {
				text = row[i]
			}
			lines[i] = d.Wrap(text, ws[i]-2)
			n = max(n, len(lines[i]))
		}
		h := max(float64(n)*lh+2.5, minH)
		if y+h > d.FooterTop()-2 {
			d.AddPage()
			y = d.Opts.Margin
			header()
			d.SetFont(size, false)
		}
		x := x0
		for i, c := range cols {
			d.Rect(x, y, ws[i], h, "D")
			ty := y + (h-float64(len(lines[i]))*lh)/2
			for _, ln := range lines[i] {
				d.SetXY(x+1, ty)
				d.CellFormat(ws[i]-2, lh, ln, "", 0, c.Align, false, 0, "")
				ty += lh
			}
			x += ws[i]
		}
		y += h
	}
	return y
}

func newDoc(b Book, title string, landscape bool) (*pdfdoc.Doc, error) {
	return pdfdoc.New(pdfdoc.Options{Title: title, Unit: b.Township + "人大主席团", Date: b.Date, Landscape: landscape,
		Margin: 15, NoCompress: b.NoCompress})
}

func para(d *pdfdoc.Doc, y float64, text string, size float64) float64 {
	d.SetFont(size, false)
	cw := d.ContentWidth()
	return d.Lines(d.Wrap(text, cw), d.Opts.Margin, y, cw, size*0.5)
}
