// Package poster prints the 代表信息公示牌: for a station (or a group), one
// card per serving deputy with photo, name, levels, group, unit and post,
// phone, 接待时间 and a 代表码 that phones read as the deputy's contact.
// Deputies whose status is 终止 are left off.
package poster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"deputydesk/store"
)

// Card is one deputy on the poster, ready to draw.
type Card struct {
	Name    string
	Levels  string // e.g. 县、乡人大代表
	Group   string
	Post    string // 单位及职务
	Phone   string
	Hours   string // 接待时间
	Photo   []byte // JPEG; nil draws a placeholder
	Contact Contact
}

// Sheet is one poster: a title, a line about the station, and its cards over
// as many pages as they need.
type Sheet struct {
	Title    string
	Subtitle string
	Cards    []Card
}

// Options choose the paper and the footer.
type Options struct {
	Paper      string    // A4 (default) or A3
	Unit       string    // 制表单位; Load fills it from the township
	Date       time.Time // 制表日期; zero means today
	NoCompress bool      // for tests that read the page streams
}

// Select narrows the posters to one station or one group; zero means one
// poster per station.
type Select struct {
	StationID string
	GroupID   string
}

// ErrNoDeputies means the selection has no serving deputy to show.
var ErrNoDeputies = errors.New("所选范围内没有在任的代表，无法生成公示牌")

// Write loads the selection from db and prints its posters to w.
func Write(ctx context.Context, db *store.DB, w io.Writer, sel Select, opts Options) error {
	sheets, unit, err := Load(ctx, db, sel)
	if err != nil {
		return err
	}
	if opts.Unit == "" {
		opts.Unit = unit
	}
	if opts.Date.IsZero() {
		opts.Date = db.Now()
	}
	// Codes stored by an earlier run go into the memory cache first; codes
	// this print had to encode are stored for the next run. Either failing
	// only costs time, never the poster.
	contents := vcards(sheets)
	stored, err := db.QRCodes(ctx, contents)
	if err == nil {
		warmQR(stored)
	}
	if err := Render(w, sheets, opts); err != nil {
		return err
	}
	fresh := map[string][]byte{}
	for _, c := range contents {
		if _, ok := stored[c]; !ok {
			if png, err := cachedQR(c); err == nil {
				fresh[c] = png
			}
		}
	}
	_ = db.SaveQRCodes(ctx, fresh)
	return nil
}

// vcards lists the 代表码 contents of every card.
func vcards(sheets []Sheet) []string {
	var out []string
	for _, s := range sheets {
		for _, c := range s.Cards {
			out = append(out, c.Contact.VCard())
		}
	}
	return out
}

// Load builds the posters for a selection and returns the 制表单位 (the
// township's 人大主席团).
func Load(ctx context.Context, db *store.DB, sel Select) ([]Sheet, string, error) {
	var town string
	if t, err := db.Township(ctx); err == nil {
		town = t.Name
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, "", err
	}
	unit := ""
	if town != "" {
		unit = town + "人大主席团"
	}
	deputies, err := db.Deputies(ctx, store.DeputyFilter{Status: store.StatusActive})
	if err != nil {
		return nil, "", err
	}
	// Higher levels first, then by pinyin (the order Deputies returns).
	sort.SliceStable(deputies, func(i, j int) bool { return highest(deputies[i].Levels) < highest(deputies[j].Levels) })
	groupsOf, err := db.GroupNamesByDeputy(ctx)
	if err != nil {
		return nil, "", err
	}
	groups, err := db.Groups(ctx)
	if err != nil {
		return nil, "", err
	}
	stations, err := db.Stations(ctx)
	if err != nil {
		return nil, "", err
	}
	ids := make([]string, len(deputies))
	for i, d := range deputies {
		ids[i] = d.ID
	}
	photos, err := db.DeputyPhotos(ctx, ids)
	if err != nil {
		return nil, "", err
	}
	members := func(groupIDs []string) []store.Deputy {
		in := map[string]bool{}
		for _, g := range groups {
			if slices.Contains(groupIDs, g.ID) {
				for _, m := range g.MemberIDs {
					in[m] = true
				}
			}
		}
		var out []store.Deputy
		for _, d := range deputies {
			if in[d.ID] {
				out = append(out, d)
			}
		}
		return out
	}
	sheetFor := func(title string, st *store.Station, ds []store.Deputy) Sheet {
		sh := Sheet{Title: title}
		place := town + "人大"
		var hours string
		if st != nil {
			place, hours = st.Name, st.OpeningRule
			var parts []string
			if st.Address != "" {
				parts = append(parts, "地址："+st.Address)
			}
			if hours != "" {
				parts = append(parts, "接待时间："+hours)
			}
			if st.Phone != "" {
				parts = append(parts, "联系电话："+st.Phone)
			}
			sh.Subtitle = strings.Join(parts, "　")
		}
		for _, d := range ds {
			levels := d.Levels.String() + "人大代表"
			sh.Cards = append(sh.Cards, Card{
				Name: d.Name, Levels: levels, Group: strings.Join(groupsOf[d.ID], "、"),
				Post: strings.TrimSpace(d.WorkUnit + d.Post), Phone: d.Phone, Hours: hours,
				Photo:   photos[d.ID].JPEG,
				Contact: Contact{Name: d.Name, Phone: d.Phone, Station: place},
			})
		}
		return sh
	}
	var sheets []Sheet
	switch {
	case sel.StationID != "":
		st, err := db.Station(ctx, sel.StationID)
		if err != nil {
			return nil, "", err
		}
		sheets = append(sheets, sheetFor(stationTitle(town, st.Name), &st, members(st.GroupIDs)))
	case sel.GroupID != "":
		g, err := db.Group(ctx, sel.GroupID)
		if err != nil {
			return nil, "", err
		}
		var serving *store.Station
		for i := range stations {
			if slices.Contains(stations[i].GroupIDs, g.ID) {
				serving = &stations[i]
				break
			}
		}
		sheets = append(sheets, sheetFor(stationTitle(town, g.Name), serving, members([]string{g.ID})))
	default:
		for i := range stations {
			if ds := members(stations[i].GroupIDs); len(ds) > 0 {
				sheets = append(sheets, sheetFor(stationTitle(town, stations[i].Name), &stations[i], ds))
			}
		}
		if len(sheets) == 0 {
			sheets = append(sheets, sheetFor(stationTitle(town, "人大代表"), nil, deputies))
		}
	}
	n := 0
	for _, s := range sheets {
		n += len(s.Cards)
	}
	if n == 0 {
		return nil, "", ErrNoDeputies
	}
	return sheets, unit, nil
}

// stationTitle is 「城关镇东街村代表联络站 代表信息公示」: the place, led by
// the township's name when the place's own name lacks it.
func stationTitle(town, place string) string {
	if town != "" && !strings.HasPrefix(place, town) {
		place = town + place
	}
	return place + " 代表信息公示"
}

// highest is the bit of a deputy's highest level (lower is higher).
func highest(ls store.Levels) int {
	for i, l := range store.AllLevels {
		if ls.Has(l) {
			return i
		}
	}
	return len(store.AllLevels)
}

// Render draws the posters: each sheet starts on a new page and repeats its
// header on every page it fills.
func Render(w io.Writer, sheets []Sheet, opts Options) error {
	if err := prepareQR(sheets); err != nil {
		return err
	}
	r, err := newRenderer(opts)
	if err != nil {
		return err
	}
	for _, s := range sheets {
		if err := r.sheet(s); err != nil {
			return err
		}
	}
	if err := r.doc.Error(); err != nil {
		return fmt.Errorf("poster: draw: %w", err)
	}
	return r.doc.Write(w)
}
