package store

import "context"

// Serving is a deputy who held office on some day of a period, with the
// part of the period they held it.
type Serving struct {
	Deputy
	From, To string // YYYY-MM-DD, inside the period asked for
	// Left is set when the 代表资格 ended within the period, on To.
	Left bool
	// Joined is set when the deputy took office within the period, on From.
	Joined bool
}

// DeputiesServing lists the deputies in office on any day from from to to
// (YYYY-MM-DD, inclusive), in the roster's order: those serving now, and
// those whose 代表资格 ended on or after from, less those who took office
// after to. A sheet over a past period so still counts a deputy who has
// since left, for the days they served.
func (db *DB) DeputiesServing(ctx context.Context, from, to string) ([]Serving, error) {
	deps, err := db.Deputies(ctx, DeputyFilter{})
	if err != nil {
		return nil, err
	}
	took, err := db.TookOffice(ctx)
	if err != nil {
		return nil, err
	}
	var out []Serving
	for _, d := range deps {
		s := Serving{Deputy: d, From: from, To: to}
		if t := took[d.ID]; t > from {
			s.From, s.Joined = t, true
		}
		if d.Status == StatusTerminated && d.StatusDate != "" && d.StatusDate <= to {
			s.To, s.Left = d.StatusDate, true
		}
		if s.From > s.To {
			continue
		}
		out = append(out, s)
	}
	return out, nil
}
