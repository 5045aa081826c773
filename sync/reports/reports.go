// Package reports plugs the township's report producers into 上报: each kind
// of bundle (ledger, roster, register, assessment) gets the provider that
// makes its files and 汇总 figures.
package reports

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"deputydesk/store"
	"deputydesk/sync/bundle"
)

// Providers returns the producers built into this program, by kind.
func Providers(db *store.DB) bundle.Providers {
	return bundle.Providers{
		bundle.Register: bundle.ProviderFunc(func(ctx context.Context, _ bundle.Kind, period string) (bundle.Report, error) {
			return registerSnapshot(ctx, db, period)
		}),
	}
}

// registerSnapshot is the 代表名册 as it stands: serving deputies with the
// fields the county keeps (no ID numbers or phones), and counts per level.
func registerSnapshot(ctx context.Context, db *store.DB, period string) (bundle.Report, error) {
	t, err := db.Township(ctx)
	if err != nil {
		return bundle.Report{}, err
	}
	ds, err := db.Deputies(ctx, store.DeputyFilter{Status: "在任"})
	if err != nil {
		return bundle.Report{}, err
	}
	groups, err := db.GroupNamesByDeputy(ctx)
	if err != nil {
		return bundle.Report{}, err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "代表名册"
	f.SetSheetName("Sheet1", sheet)
	f.SetCellValue(sheet, "A1", t.Name+"人大代表名册（"+bundle.PeriodLabel(period)+"）")
	f.MergeCell(sheet, "A1", "I1")
	header := []any{"序号", "姓名", "性别", "民族", "出生日期", "层级", "代表小组", "工作单位", "职务"}
	f.SetSheetRow(sheet, "A2", &header)
	counts := map[store.Level]int{}
	women := 0
	for i, d := range ds {
		row := []any{i + 1, d.Name, d.Gender, d.Ethnicity, d.BirthDate, d.Levels.String(), strings.Join(groups[d.ID], "、"), d.WorkUnit, d.Post}
		cell, _ := excelize.CoordinatesToCellName(1, 3+i)
		f.SetSheetRow(sheet, cell, &row)
		for _, l := range d.Levels.List() {
			counts[l]++
		}
		if d.Gender == "女" {
			women++
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return bundle.Report{}, fmt.Errorf("reports: write register: %w", err)
	}
	figs := []bundle.Figure{{Key: "deputies", Label: "在任代表", Value: float64(len(ds)), Unit: "人"}}
	for _, l := range store.AllLevels {
		figs = append(figs, bundle.Figure{Key: "level_" + levelKey(l), Label: l.String() + "级代表", Value: float64(counts[l]), Unit: "人"})
	}
	figs = append(figs, bundle.Figure{Key: "women", Label: "女性代表", Value: float64(women), Unit: "人"})
	return bundle.Report{
		Files:   []bundle.File{{Name: "register-" + period + ".xlsx", Data: buf.Bytes()}},
		Figures: bundle.Figures{Figures: figs},
	}, nil
}

func levelKey(l store.Level) string {
	switch l {
	case store.National:
		return "national"
	case store.Provincial:
		return "provincial"
	case store.Municipal:
		return "municipal"
	case store.County:
		return "county"
	}
	return "township"
}
