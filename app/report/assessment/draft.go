package assessment

import (
	"deputydesk/app/pdfdoc"
)

// DraftMark is printed on every page of a document whose year is not yet
// finalised, so a computed result is never taken for the final one.
const DraftMark = "未定稿"

// markDraft makes every following page of d carry a boxed 未定稿 at the top
// right and a light diagonal 未定稿 across the page, drawn under the content.
func markDraft(d *pdfdoc.Doc) {
	d.SetHeaderFunc(func() {
		w, h := d.GetPageSize()
		m := d.Opts.Margin
		tr, tg, tb := d.GetTextColor()
		dr, dg, db := d.GetDrawColor()
		lw := d.GetLineWidth()

		// The watermark: large, pale, across the middle of the page.
		d.SetAlpha(0.18, "Normal")
		d.SetTextColor(200, 0, 0)
		d.SetFont(96, true)
		d.TransformBegin()
		d.TransformRotate(35, w/2, h/2)
		tw := d.GetStringWidth(DraftMark)
		d.SetXY(w/2-tw/2, h/2-15)
		d.CellFormat(tw, 30, DraftMark, "", 0, "C", false, 0, "")
		d.TransformEnd()
		d.SetAlpha(1, "Normal")

		// The boxed mark, readable on a photocopy.
		d.SetFont(14, true)
		d.SetDrawColor(200, 0, 0)
		d.SetLineWidth(0.6)
		bw, bh := 26.0, 9.0
		d.SetXY(w-m-bw, m-6)
		d.CellFormat(bw, bh, DraftMark, "1", 0, "C", false, 0, "")

		d.SetTextColor(tr, tg, tb)
		d.SetDrawColor(dr, dg, db)
		d.SetLineWidth(lw)
	})
}
