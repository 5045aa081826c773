package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

// stationGrades are the demo's ratings, station by station in their usual
// order: the 联络站 is a 五星级 示范站, the smaller places come after.
var stationGrades = []struct {
	stars int
	model bool
	// unmet items by checklist position and item position (1-based), with
	// what the check found.
	unmet map[[2]int]string
}{
	{5, true, nil},
	{4, false, map[[2]int]string{{3, 8}: "履职台账只记到上季度，已要求补齐"}},
	{3, false, map[[2]int]string{{1, 5}: "今年接待记录偏少，成效材料不足", {2, 5}: "公示栏信息未及时更新", {3, 7}: "代表公示牌缺2名代表照片"}},
	{0, false, map[[2]int]string{{2, 1}: "窗口标牌尚未按统一样式制作", {2, 4}: "制度未汇编成册"}},
}

// FillStationStandards checks every demo station against the checklists, a
// few weeks before today, with a photo of the sign and the room as evidence,
// and rates them.
func FillStationStandards(ctx context.Context, db *store.DB) error {
	stations, err := db.Stations(ctx)
	if err != nil {
		return err
	}
	lists, err := db.StationChecklists(ctx)
	if err != nil {
		return err
	}
	today := db.Now().In(calendar.Beijing)
	for si, st := range stations {
		g := stationGrades[si%len(stationGrades)]
		day := today.AddDate(0, 0, -(20 + 6*si)).Format("2006-01-02")
		notes := []string{"现场查看，符合要求", "查阅台账资料，符合要求", "与进站代表座谈核实"}
		for li, l := range lists {
			// The smallest places (窗、岗) are not held to 「九有」 yet.
			if li == 2 && si >= 3 {
				continue
			}
			for ii, it := range l.Items {
				c := &store.StationCheck{StationID: st.ID, ItemID: it.ID, Met: true, Day: day,
					CheckedBy: "县人大常委会代表工作委员会 刘建军", Note: notes[(li+ii)%len(notes)]}
				if why, ok := g.unmet[[2]int{li + 1, ii + 1}]; ok {
					c.Met, c.Note = false, why
				}
				if err := db.SaveStationCheck(ctx, c); err != nil {
					return fmt.Errorf("demo: station check %s %s: %w", st.Name, it.Label, err)
				}
				// Evidence of the sign and of the room.
				if li == 1 && (ii == 0 || ii == 1) {
					if _, err := db.AddCheckPhoto(ctx, c.ID, evidencePhoto(ii, si)); err != nil {
						return fmt.Errorf("demo: check photo %s: %w", st.Name, err)
					}
				}
			}
		}
		if g.stars > 0 || g.model {
			r := &store.StationRating{StationID: st.ID, Stars: g.stars, Model: g.model, Day: day, RatedBy: "县人大常委会",
				Note: "按「五有」「六统一」「九有」标准评定"}
			if err := db.SaveStationRating(ctx, r); err != nil {
				return fmt.Errorf("demo: station rating %s: %w", st.Name, err)
			}
		}
	}
	return nil
}

// evidencePhoto draws a small picture: a red sign on a wall (kind 0) or a
// room with a table and chairs (kind 1), shaded a little per station.
func evidencePhoto(kind, station int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		draw.Draw(img, image.Rect(x0, y0, x1, y1), image.NewUniform(c), image.Point{}, draw.Src)
	}
	shade := uint8(10 * station)
	if kind == 0 {
		fill(0, 0, 640, 480, color.RGBA{226 - shade, 222 - shade, 210, 255}) // wall
		fill(0, 400, 640, 480, color.RGBA{120, 110, 100, 255})               // ground
		fill(140, 90, 500, 330, color.RGBA{190, 22, 34, 255})                // the red sign
		fill(160, 110, 480, 310, color.RGBA{200, 40, 48, 255})
		for y := 150; y < 290; y += 45 {
			fill(190, y, 450, y+18, color.RGBA{250, 215, 90, 255}) // its gold lettering
		}
	} else {
		fill(0, 0, 640, 480, color.RGBA{236, 236, 228 - shade, 255})
		fill(0, 330, 640, 480, color.RGBA{170, 140, 110, 255}) // floor
		fill(60, 60, 580, 200, color.RGBA{190, 22, 34, 255})   // the banner
		fill(150, 280, 490, 330, color.RGBA{120, 80, 50, 255}) // table
		for x := 170; x < 480; x += 80 {
			fill(x, 330, x+40, 400, color.RGBA{90, 60, 40, 255}) // chairs
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 75})
	return b.Bytes()
}
