package pdfdoc

// The colours of the red-titled sheets (述职, 联络站标准化 and the like), kept
// here so every print of that style matches: red titles and rules, ink text,
// grey notes, pale header cells.
var (
	Red  = [3]int{190, 22, 34}
	Ink  = [3]int{33, 33, 33}
	Grey = [3]int{96, 96, 96}
	Pale = [3]int{248, 236, 236}
)

// RedRule draws the red double rule that closes a sheet's heading, across the
// content width from y. It leaves the draw colour red and the line thin.
func (d *Doc) RedRule(y float64) {
	m, w := d.Opts.Margin, d.ContentWidth()
	d.SetDrawColor(Red[0], Red[1], Red[2])
	d.SetLineWidth(0.8)
	d.Line(m, y, m+w, y)
	d.SetLineWidth(0.25)
	d.Line(m, y+1.2, m+w, y+1.2)
}
