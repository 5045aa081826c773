package assessment

import (
	"context"

	"deputydesk/store"
)

// LiaisonVisit is one 双联系 visit to the deputy, with who came.
type LiaisonVisit struct {
	store.LiaisonVisit
	Contact, ContactPost string
}

func loadLiaison(ctx context.Context, db *store.DB, deputyID, from, to string) ([]LiaisonVisit, error) {
	pairs, err := db.LiaisonPairs(ctx, to)
	if err != nil {
		return nil, err
	}
	byID := map[string]store.LiaisonPair{}
	for _, p := range pairs {
		byID[p.Pair.ID] = p.Pair
	}
	visits, err := db.LiaisonVisits(ctx, "", deputyID)
	if err != nil {
		return nil, err
	}
	var out []LiaisonVisit
	for i := len(visits) - 1; i >= 0; i-- { // oldest first, as the other sections
		v := visits[i]
		if v.Day >= from && v.Day <= to {
			p := byID[v.PairID]
			out = append(out, LiaisonVisit{LiaisonVisit: v, Contact: p.Contact, ContactPost: p.ContactPost})
		}
	}
	return out, nil
}

var liaisonColumns = []column{{"日期", 30, "C"}, {"联系人", 20, "C"}, {"单位职务", 40, "L"}, {"方式", 20, "C"}, {"听取的意见", 0, "L"}}

// liaisonRows are the visits as the dossier prints them.
func liaisonRows(ds Dossier) [][]string {
	var rows [][]string
	for _, v := range ds.Liaison {
		rows = append(rows, []string{store.FormatDate(v.Day), v.Contact, v.ContactPost, v.How, v.Opinions})
	}
	return rows
}
