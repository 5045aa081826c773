package roster

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"deputydesk/app/roster"
	"deputydesk/store"
)

// entry is one duty with what reminders and calendars print about it.
type entry struct {
	Duty    store.Duty
	Station store.Station
	Names   []string // everyone on the duty
}

func loadEntries(ctx context.Context, db *store.DB, f store.DutyFilter) ([]entry, map[string]store.Deputy, error) {
	duties, err := db.Duties(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	deps, err := db.Deputies(ctx, store.DeputyFilter{})
	if err != nil {
		return nil, nil, err
	}
	byID := map[string]store.Deputy{}
	for _, d := range deps {
		byID[d.ID] = d
	}
	stations := map[string]store.Station{}
	var out []entry
	for _, d := range duties {
		st, ok := stations[d.StationID]
		if !ok {
			if st, err = db.Station(ctx, d.StationID); err != nil {
				return nil, nil, err
			}
			stations[d.StationID] = st
		}
		e := entry{Duty: d, Station: st}
		for _, id := range d.DeputyIDs {
			e.Names = append(e.Names, byID[id].Name)
		}
		out = append(out, e)
	}
	return out, byID, nil
}

// Reminder writes the 值班提醒 for one deputy for the weeks from start, as
// plain text ready to paste into a text message.
func Reminder(ctx context.Context, db *store.DB, deputyID string, start time.Time, weeks int) (string, error) {
	dep, err := db.Deputy(ctx, deputyID)
	if err != nil {
		return "", err
	}
	if weeks < 1 {
		weeks = 4
	}
	from := start.Format(roster.DateLayout)
	to := start.AddDate(0, 0, 7*weeks-1).Format(roster.DateLayout)
	entries, byID, err := loadEntries(ctx, db, store.DutyFilter{DeputyID: deputyID, From: from, To: to})
	if err != nil {
		return "", err
	}
	maker := "乡镇人大主席团"
	phone := ""
	if t, err := db.Township(ctx); err == nil {
		maker = t.Name + "人大主席团"
		phone = t.Phone
	}
	var b strings.Builder
	fmt.Fprintf(&b, "【值班提醒】%s代表：您好！", dep.Name)
	var mine []entry
	for _, e := range entries {
		// Only duties the deputy is on, not ones they have handed over.
		// and the ones they stand in for.
		for _, id := range e.Duty.DeputyIDs {
			m := e.Duty.Marks[id]
			if (id == deputyID && m.Status != store.AttendSubstituted) || (m.Status == store.AttendSubstituted && m.SubstituteID == deputyID) {
				mine = append(mine, e)
				break
			}
		}
	}
	if len(mine) == 0 {
		fmt.Fprintf(&b, "%s至%s，您没有代表接待安排。", store.FormatDate(from), store.FormatDate(to))
		b.WriteString(sign(maker, phone))
		return b.String(), nil
	}
	fmt.Fprintf(&b, "%s至%s，您的代表接待安排如下：\n", store.FormatDate(from), store.FormatDate(to))
	for i, e := range mine {
		d := e.Duty
		var others []string
		for _, id := range d.DeputyIDs {
			if id != deputyID {
				others = append(others, byID[id].Name)
			}
		}
		fmt.Fprintf(&b, "%d、%s（%s）%s–%s，%s（%s）", i+1, store.FormatDate(d.Date), roster.Weekday(d.Date),
			store.ShortClock(d.From), store.ShortClock(d.To), e.Station.Name, e.Station.Address)
		if len(others) > 0 {
			b.WriteString("，同班代表：" + strings.Join(others, "、"))
		}
		b.WriteString("。\n")
	}
	b.WriteString("请准时到岗接待选民。")
	b.WriteString(sign(maker, phone))
	return b.String(), nil
}

func sign(maker, phone string) string {
	s := "如不能到岗，请提前告知" + maker
	if phone != "" {
		s += "（电话：" + phone + "）"
	}
	return s + "。" + maker
}

// china is Beijing time; China has no daylight saving, and a fixed zone
// needs no time-zone database on Windows.
var china = time.FixedZone("CST", 8*3600)

// CalendarFilter picks the duties of one deputy or one station.
type CalendarFilter struct {
	DeputyID  string
	StationID string
	From, To  string // YYYY-MM-DD inclusive; empty for open-ended
}

// WriteICS writes an RFC 5545 calendar of the chosen duties, each event
// with the station as location, the deputies in the description and an
// alarm the day before.
func WriteICS(ctx context.Context, db *store.DB, f CalendarFilter, w io.Writer) error {
	entries, _, err := loadEntries(ctx, db, store.DutyFilter{DeputyID: f.DeputyID, StationID: f.StationID, From: f.From, To: f.To})
	if err != nil {
		return err
	}
	name := "代表接待安排"
	switch {
	case f.DeputyID != "":
		d, err := db.Deputy(ctx, f.DeputyID)
		if err != nil {
			return err
		}
		name = d.Name + "代表接待安排"
	case f.StationID != "":
		s, err := db.Station(ctx, f.StationID)
		if err != nil {
			return err
		}
		name = s.Name + "接待安排"
	}
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//deputydesk//值班表//ZH")
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone("Asia/Shanghai")
	now := db.Now().UTC()
	for _, e := range entries {
		d := e.Duty
		start, err1 := time.ParseInLocation("2006-01-02 15:04", d.Date+" "+d.From, china)
		end, err2 := time.ParseInLocation("2006-01-02 15:04", d.Date+" "+d.To, china)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("report: duty %s has a bad date or time", d.ID)
		}
		ev := cal.AddEvent(d.ID + "@deputydesk")
		ev.SetDtStampTime(now)
		ev.SetModifiedAt(d.UpdatedAt.UTC())
		ev.SetStartAt(start)
		ev.SetEndAt(end)
		ev.SetSummary("代表接待：" + e.Station.Name)
		ev.SetLocation(e.Station.Name + " " + e.Station.Address)
		desc := "值班代表：" + strings.Join(e.Names, "、")
		if d.Note != "" {
			desc += "\n" + d.Note
		}
		ev.SetDescription(desc)
		alarm := ev.AddAlarm()
		alarm.SetAction(ics.ActionDisplay)
		alarm.SetTrigger("-PT24H")
		alarm.SetProperty(ics.ComponentPropertyDescription, "明天代表接待："+e.Station.Name)
	}
	// RFC 5545 lines end in CRLF on every system.
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}
