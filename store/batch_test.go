package store

import (
	"errors"
	"testing"
)

func TestAttendanceScreenIsOneTransaction(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	st, ids := rosterFixture(t, db, 3)
	d := &Duty{StationID: st.ID, Date: "2026-12-04", From: "9:00", To: "11:30", DeputyIDs: ids}
	if err := db.SaveDuty(ctx, d); err != nil {
		t.Fatal(err)
	}
	// The last mark names someone not on the duty: nothing is saved.
	err := db.MarkAttendances(ctx, d.ID, []AttendanceMark{
		{DeputyID: ids[0], Status: AttendPresent}, {DeputyID: ids[1], Status: AttendAbsent}, {DeputyID: "no-such", Status: AttendPresent}})
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("bad batch: %v", err)
	}
	if got, _ := db.Duty(ctx, d.ID); got.Held || got.Marks[ids[0]].Status != "" {
		t.Fatalf("a mark of a refused screen was saved: %+v", got)
	}
	marks := []AttendanceMark{{DeputyID: ids[0], Status: AttendPresent}, {DeputyID: ids[1], Status: AttendAbsent},
		{DeputyID: ids[2], Status: AttendLeave}}
	if err := db.MarkAttendances(ctx, d.ID, marks); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Duty(ctx, d.ID)
	if !got.Held || got.Marks[ids[1]].Status != AttendAbsent || got.Marks[ids[2]].Status != AttendLeave {
		t.Fatalf("after the screen: %+v", got)
	}
	if hist, _ := db.AttendanceHistory(ctx, AttendanceFilter{DutyID: d.ID}); len(hist) != 3 {
		t.Fatalf("history %d rows", len(hist))
	}
	// One screen is one change-log entry.
	if log, _ := db.Changes(ctx, ChangeFilter{Entity: "duty", EntityID: d.ID}); len(log) != 2 {
		t.Fatalf("duty change log: %d rows, want create + one screen", len(log))
	}
}
