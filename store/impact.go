package store

import (
	"context"
	"fmt"
	"strings"
)

// DutyImpact is one duty on or after today that a deputy is on, with how
// many deputies it keeps without them and how many its station's rule asks
// for (0 when the station has no rule).
type DutyImpact struct {
	DutyID  string
	Day     string
	Station string
	Left    int
	Needed  int
}

// Short reports whether the duty falls below its station's number.
func (d DutyImpact) Short() bool { return d.Left < d.Needed || d.Left == 0 }

// DeputyFutureDuties lists the duties from today (YYYY-MM-DD) on that a
// deputy is on: deleting the deputy takes them off these.
func (db *DB) DeputyFutureDuties(ctx context.Context, id, today string) ([]DutyImpact, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT d.id, d.day, s.name, (SELECT count(*) FROM duty_deputy x WHERE x.duty_id = d.id) - 1, coalesce(r.per_duty, 0)
		FROM duty d JOIN duty_deputy dd ON dd.duty_id = d.id JOIN station s ON s.id = d.station_id LEFT JOIN roster_rule r ON r.station_id = d.station_id
		WHERE dd.deputy_id = ? AND d.day >= ? ORDER BY d.day, s.name`, id, today)
	if err != nil {
		return nil, fmt.Errorf("store: deputy duties: %w", err)
	}
	defer rows.Close()
	var out []DutyImpact
	for rows.Next() {
		var d DutyImpact
		if err := rows.Scan(&d.DutyID, &d.Day, &d.Station, &d.Left, &d.Needed); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeputyDeleteImpact says in Chinese everything deleting a deputy touches:
// the groups they leave (DeputyImpact), the duties from today on they are
// taken off — each duty left short of its station's number marked — and
// how many receptions and activities lose their attendance record. short
// lists the duties left short, for the message after the delete.
func (db *DB) DeputyDeleteImpact(ctx context.Context, id, today string) (text string, short []DutyImpact, err error) {
	groups, err := db.DeputyImpact(ctx, id)
	if err != nil {
		return "", nil, err
	}
	var parts []string
	if groups != "" {
		parts = append(parts, groups)
	}
	duties, err := db.DeputyFutureDuties(ctx, id, today)
	if err != nil {
		return "", nil, err
	}
	if len(duties) > 0 {
		var ds []string
		for _, d := range duties {
			s := FormatDate(d.Day) + " " + d.Station
			if d.Short() {
				s += fmt.Sprintf("（删除后只剩 %d 人，少于每次 %d 人，须补排）", d.Left, max(d.Needed, 1))
				short = append(short, d)
			}
			ds = append(ds, s)
		}
		parts = append(parts, fmt.Sprintf("将从以后的 %d 次值班中撤下：%s", len(duties), strings.Join(ds, "；")))
	}
	var receptions, activities int
	if err := db.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM reception_deputy WHERE deputy_id = ?), (SELECT count(*) FROM activity_deputy WHERE deputy_id = ?)`,
		id, id).Scan(&receptions, &activities); err != nil {
		return "", nil, fmt.Errorf("store: deputy records: %w", err)
	}
	if receptions+activities > 0 {
		parts = append(parts, fmt.Sprintf("%d 次接待记录和 %d 次履职活动中的到场记录也会一并移走", receptions, activities))
	}
	return strings.Join(parts, "；\n"), short, nil
}
