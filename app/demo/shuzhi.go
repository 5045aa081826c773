package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"deputydesk/store"
)

// shuzhiTopics is what the demo deputies report on.
const shuzhiTopics = "一年来参加人代会和代表小组活动、进站接待选民、提出建议和反映群众诉求的情况，存在的不足和明年打算"

// share is the part of returned sheets ticking 满意 and 基本满意 on a
// line, by how diligent the deputy is.
func (p profile) share() (sat, basic float64) {
	switch p {
	case keen:
		return 0.9, 0.08
	case lagging:
		return 0.55, 0.3
	}
	return 0.76, 0.19
}

// fillShuzhi records a group's year-end 述职 to the voters of its first
// member's 选区, with the counts of the returned 测评表: most voters tick
// 满意 for a keen deputy, fewer for a lagging one, a few lines left blank.
// It stands in for the 向选民述职 activity the demo once typed, so the
// 述职 counts once.
func fillShuzhi(ctx context.Context, db *store.DB, r *rand.Rand, g store.Group, day string, ids []string, prof map[string]profile, district string) error {
	if len(ids) == 0 {
		return nil
	}
	attendees := 38 + r.IntN(30)
	s := &store.Shuzhi{Day: day, Audience: store.AudienceDistrict, GroupID: g.ID, District: district, Place: g.Name + "代表活动室",
		Attendees: attendees, Topics: shuzhiTopics, Items: append([]string(nil), store.DefaultShuzhiItems...), DeputyIDs: ids}
	if err := db.SaveShuzhi(ctx, s); err != nil {
		return fmt.Errorf("demo: shuzhi %s: %w", g.Name, err)
	}
	c := &store.ShuzhiCount{ShuzhiID: s.ID, Handed: attendees, Returned: attendees - r.IntN(4)}
	for _, id := range ids {
		sat, basic := prof[id].share()
		for _, it := range s.Items {
			n := c.Returned - r.IntN(2) // a sheet or so leaves the line blank
			x := sat + (r.Float64()-0.5)*0.1
			ns := min(n, int(float64(n)*x+0.5))
			nb := min(n-ns, int(float64(n)*(basic+(r.Float64()-0.5)*0.06)+0.5))
			c.Tallies = append(c.Tallies, store.ShuzhiTally{DeputyID: id, Item: it, Satisfied: ns, Basic: nb, Unsatisfied: n - ns - nb})
		}
	}
	if err := db.SaveShuzhiCount(ctx, c); err != nil {
		return fmt.Errorf("demo: shuzhi count %s: %w", g.Name, err)
	}
	return nil
}
