package poster

import (
	"bytes"
	"fmt"
	"math"

	"github.com/jung-kurt/gofpdf"

	"deputydesk/app/pdfdoc"
)

// Layout in millimetres on A4. Cards are at least minCardH tall; the rows
// that fit share the page height evenly. On A3 every length and font size is
// scaled by √2 (A3 is A4 enlarged), so a sheet holds the same cards, each
// bigger: photo, name and 代表码 readable from further away.
const (
	gap      = 5.0
	minCardH = 72.0
	pad      = 3.5
	bottomH  = 29.0 // phone, 接待时间 and the 代表码 under the photo
	headerH  = 31.0
)

var (
	red  = [3]int{190, 22, 34}
	ink  = [3]int{33, 33, 33}
	grey = [3]int{96, 96, 96}
)

type renderer struct {
	doc *pdfdoc.Doc
	// k scales the A4 layout to the paper: 1 on A4, √2 on A3.
	k            float64
	cols, rows   int
	cardW, cardH float64
	// The photo takes the height the card has above the bottom block, as a
	// 3:4 portrait no wider than 40% of the card.
	photoW, photoH float64
	top            float64
	images         int
}

func newRenderer(opts Options) (*renderer, error) {
	doc, err := pdfdoc.New(pdfdoc.Options{Paper: opts.Paper, Unit: opts.Unit, Date: opts.Date,
		Title: "代表信息公示牌", NoCompress: opts.NoCompress})
	if err != nil {
		return nil, err
	}
	r := &renderer{doc: doc, cols: 2, k: 1}
	if doc.Opts.Paper == "A3" {
		r.k = math.Sqrt2
	}
	k := r.k
	m := doc.Opts.Margin
	r.top = m + headerH*k
	areaH := doc.FooterTop() - 2 - r.top
	r.rows = int((areaH + gap*k) / ((minCardH + gap) * k))
	r.cardW = (doc.ContentWidth() - float64(r.cols-1)*gap*k) / float64(r.cols)
	r.cardH = (areaH - float64(r.rows-1)*gap*k) / float64(r.rows)
	r.photoH = r.cardH - (bottomH+2*pad+1)*k
	r.photoW = min(r.photoH*3/4, r.cardW*0.4)
	r.photoH = r.photoW * 4 / 3
	return r, nil
}

// PerPage is how many cards one sheet of paper holds.
func (r *renderer) PerPage() int { return r.cols * r.rows }

func (r *renderer) color(c [3]int) { r.doc.SetTextColor(c[0], c[1], c[2]) }

func (r *renderer) sheet(s Sheet) error {
	per := r.cols * r.rows
	r.doc.StartSection() // each station's poster is numbered on its own
	for start := 0; start < len(s.Cards) || start == 0; start += per {
		r.doc.AddPage()
		r.header(s)
		for i, c := range s.Cards[start:min(start+per, len(s.Cards))] {
			x := r.doc.Opts.Margin + float64(i%r.cols)*(r.cardW+gap*r.k)
			y := r.top + float64(i/r.cols)*(r.cardH+gap*r.k)
			if err := r.card(c, x, y); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *renderer) header(s Sheet) {
	d := r.doc
	m := d.Opts.Margin
	w := d.ContentWidth()
	k := r.k
	r.color(red)
	y := d.Title(s.Title, m+2*k, 24*k)
	y += 2 * k
	if s.Subtitle != "" {
		r.color(grey)
		lines, _ := d.Fit(s.Subtitle, w, 2, 10.5*k, 8*k, false)
		for _, l := range lines {
			d.SetXY(m, y)
			d.CellFormat(w, 5*k, l, "", 0, "C", false, 0, "")
			y += 5 * k
		}
	}
	// A red double rule under the title, as on printed notices.
	ry := r.top - 4*k
	d.SetDrawColor(red[0], red[1], red[2])
	d.SetLineWidth(0.8 * k)
	d.Line(m, ry, m+w, ry)
	d.SetLineWidth(0.25 * k)
	d.Line(m, ry+1.2*k, m+w, ry+1.2*k)
}

func (r *renderer) image(data []byte, kind string) string {
	r.images++
	name := fmt.Sprintf("%s%d", kind, r.images)
	t := "JPG"
	if kind == "q" {
		t = "PNG"
	}
	r.doc.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: t}, bytes.NewReader(data))
	return name
}

func (r *renderer) card(c Card, x, y float64) error {
	d := r.doc
	k := r.k
	w, h := r.cardW, r.cardH
	pad := pad * k
	d.SetDrawColor(200, 200, 200)
	d.SetLineWidth(0.3 * k)
	d.SetFillColor(255, 255, 255)
	d.RoundedRect(x, y, w, h, 2*k, "1234", "D")
	// A red band along the top edge marks each card.
	d.SetFillColor(red[0], red[1], red[2])
	d.RoundedRect(x, y, w, 1.6*k, 0.8*k, "12", "F")

	px, py := x+pad, y+pad+1*k
	if len(c.Photo) > 0 {
		d.ImageOptions(r.image(c.Photo, "p"), px, py, r.photoW, r.photoH, false, gofpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	} else {
		r.placeholder(px, py)
	}
	d.SetDrawColor(210, 210, 210)
	d.SetLineWidth(0.2 * k)
	d.Rect(px, py, r.photoW, r.photoH, "D")

	tx := px + r.photoW + 4*k
	tw := x + w - pad - tx
	ty := py
	r.color(ink)
	size := d.FitSize(c.Name, tw, 18*k, 10*k, true)
	d.SetFont(size, true)
	d.SetXY(tx, ty)
	d.CellFormat(tw, 8*k, c.Name, "", 0, "L", false, 0, "")
	ty += 9 * k
	r.color(red)
	lines, _ := d.Fit(c.Levels, tw, 1, 10.5*k, 7*k, true)
	ty = d.Lines(lines, tx, ty, tw, 5.5*k) + 1*k
	r.color(grey)
	if c.Group != "" {
		lines, _ = d.Fit("代表小组："+c.Group, tw, 2, 9*k, 7*k, false)
		ty = d.Lines(lines, tx, ty, tw, 4.3*k)
	}
	if c.Post != "" {
		maxLines := int((py + r.photoH - ty) / (4.2 * k))
		if maxLines > 0 {
			r.color(ink)
			lines, _ = d.Fit(c.Post, tw, min(maxLines, 4), 9*k, 7*k, false)
			d.Lines(lines, tx, ty+0.5*k, tw, 4.2*k)
		}
	}

	// Bottom: phone and 接待时间 on the left, the 代表码 on the right.
	by := py + r.photoH + 3*k
	qs := min(24*k, y+h-pad-by-3.5*k)
	qx, qy := x+w-pad-qs, y+h-pad-3.5*k-qs
	png, err := cachedQR(c.Contact.VCard())
	if err != nil {
		return err
	}
	d.ImageOptions(r.image(png, "q"), qx, qy, qs, qs, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	r.color(grey)
	d.SetFont(6.5*k, false)
	d.SetXY(qx-2*k, qy+qs)
	d.CellFormat(qs+4*k, 3.5*k, "扫码保存联系方式", "", 0, "C", false, 0, "")

	lx, lw := x+pad, qx-2*k-(x+pad)
	r.color(ink)
	d.SetFont(8.5*k, false)
	d.SetXY(lx, by)
	label := "联系电话"
	d.CellFormat(lw, 4.5*k, label, "", 0, "L", false, 0, "")
	size = d.FitSize(c.Phone, lw, 14*k, 9*k, true)
	d.SetFont(size, true)
	d.SetXY(lx, by+4.5*k)
	d.CellFormat(lw, 6.5*k, c.Phone, "", 0, "L", false, 0, "")
	ly := by + 12*k
	if c.Hours != "" {
		d.SetFont(8.5*k, false)
		d.SetXY(lx, ly)
		d.CellFormat(lw, 4.5*k, "接待时间", "", 0, "L", false, 0, "")
		ly += 4.5 * k
		maxLines := int((y + h - pad - ly) / (4 * k))
		if maxLines > 0 {
			r.color(grey)
			lines, _ = d.Fit(c.Hours, lw, maxLines, 8.5*k, 6.5*k, false)
			d.Lines(lines, lx, ly, lw, 4*k)
		}
	}
	return nil
}

// placeholder draws a neat grey silhouette where a photo is missing.
func (r *renderer) placeholder(x, y float64) {
	d := r.doc
	d.SetFillColor(236, 239, 243)
	d.Rect(x, y, r.photoW, r.photoH, "F")
	d.SetFillColor(196, 203, 212)
	cx := x + r.photoW/2
	d.Circle(cx, y+r.photoH*0.38, r.photoW*0.19, "F")
	d.ClipRect(x, y, r.photoW, r.photoH, false)
	d.Ellipse(cx, y+r.photoH*1.02, r.photoW*0.38, r.photoH*0.33, 0, "F")
	d.ClipEnd()
}
