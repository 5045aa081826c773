package pdfdoc

// Column is one column of a printed table.
type Column struct {
	Head  string
	Width float64 // mm; one column may be 0 to take what is left
	Align string  // L, C or R
}

// TableStyle sets a table's type size and spacing. Line is the line height
// as a share of the type size; HeadPad and RowPad are added to the header's
// and each row's text height (mm).
type TableStyle struct {
	Size, Line      float64
	HeadPad, RowPad float64
	MinRow          float64 // a row is at least this tall (mm)
	HeadGray        int     // the header's fill, 0–255
	OnNewPage       func() float64
}

// Table draws a bordered table from y, wrapping cell text and starting a new
// page (with the header again) when a row would run into the footer. It
// returns the y below the table. OnNewPage, when set, draws what a new page
// needs above the table and returns the y to continue at.
func (d *Doc) Table(y float64, cols []Column, rows [][]string, st TableStyle) float64 {
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
	lh := st.Size * st.Line
	d.SetDrawColor(0, 0, 0)
	d.SetLineWidth(0.2)
	header := func() {
		d.SetFont(st.Size, true)
		d.SetFillColor(st.HeadGray, st.HeadGray, st.HeadGray)
		x := x0
		for i, c := range cols {
			d.SetXY(x, y)
			d.CellFormat(ws[i], lh+st.HeadPad, c.Head, "1", 0, "C", true, 0, "")
			x += ws[i]
		}
		y += lh + st.HeadPad
	}
	header()
	for _, row := range rows {
		d.SetFont(st.Size, false)
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
		h := max(float64(n)*lh+st.RowPad, st.MinRow)
		if y+h > d.FooterTop()-2 {
			d.AddPage()
			y = d.Opts.Margin
			if st.OnNewPage != nil {
				y = st.OnNewPage()
			}
			header()
			d.SetFont(st.Size, false)
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
