package reports

import (
	"bytes"
	"context"
	"fmt"

	"deputydesk/app/report/projects"
	"deputydesk/store"
	"deputydesk/sync/bundle"
)

// yearlyProjects is the year's 民生实事 for the county, sent with the
// yearly assessment: the workbook (items, votes, 点位, 满意度) and the
// figures the county sums across townships. A year without items adds
// nothing.
func yearlyProjects(ctx context.Context, db *store.DB, year int) ([]bundle.File, []bundle.Figure, error) {
	b, err := projects.Load(ctx, db, year)
	if err != nil || len(b.Projects) == 0 {
		return nil, nil, err
	}
	var xlsx bytes.Buffer
	if err := projects.WriteXLSX(&xlsx, b); err != nil {
		return nil, nil, fmt.Errorf("reports: write projects: %w", err)
	}
	chosen := b.Chosen()
	sites, done, good, answers := 0, 0, 0, 0
	for _, p := range chosen {
		sites += p.Sites
		done += p.SitesDone
		good += p.SatGood + p.SatFair
		answers += p.SatGood + p.SatFair + p.SatBad
	}
	figs := []bundle.Figure{
		{Key: "projects_chosen", Label: "民生实事票决项目", Value: float64(len(chosen)), Unit: "项"},
		{Key: "project_sites", Label: "民生实事点位", Value: float64(sites), Unit: "个"},
		{Key: "project_sites_done", Label: "点位已销号", Value: float64(done), Unit: "个"},
	}
	if answers > 0 {
		figs = append(figs, bundle.Figure{Key: "project_satisfaction", Label: "民生实事满意率", Value: float64(good*1000/answers) / 10, Unit: "%"})
	}
	return []bundle.File{{Name: fmt.Sprintf("projects-%d.xlsx", year), Data: xlsx.Bytes()}}, figs, nil
}
