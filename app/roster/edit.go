package roster

import (
	"context"
	"fmt"
	"slices"

	"deputydesk/store"
)

// Warnings lists, in Chinese, what is wrong with deputyID being on duty:
// 终止, on leave, on another duty that day, not in the station's groups.
// An empty list means no conflict. Edits are allowed despite warnings; the
// secretary decides.
func Warnings(ctx context.Context, db *store.DB, duty store.Duty, deputyID string) ([]string, error) {
	d, err := db.Deputy(ctx, deputyID)
	if err != nil {
		return nil, err
	}
	var out []string
	if d.Status == store.StatusTerminated {
		out = append(out, d.Name+"代表资格已终止")
	}
	leaves, err := db.Leaves(ctx, store.LeaveFilter{DeputyID: deputyID, From: duty.Date, To: duty.Date})
	if err != nil {
		return nil, err
	}
	for _, l := range leaves {
		out = append(out, fmt.Sprintf("%s当天%s（%s至%s）", d.Name, l.Kind, store.FormatDate(l.From), store.FormatDate(l.To)))
	}
	same, err := db.Duties(ctx, store.DutyFilter{DeputyID: deputyID, From: duty.Date, To: duty.Date})
	if err != nil {
		return nil, err
	}
	for _, o := range same {
		if o.ID == duty.ID || !slices.Contains(o.DeputyIDs, deputyID) {
			continue
		}
		st, err := db.Station(ctx, o.StationID)
		if err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("%s当天已在%s值班", d.Name, st.Name))
	}
	st, err := db.Station(ctx, duty.StationID)
	if err != nil {
		return nil, err
	}
	member := false
	for _, gid := range st.GroupIDs {
		g, err := db.Group(ctx, gid)
		if err != nil {
			return nil, err
		}
		if slices.Contains(g.MemberIDs, deputyID) {
			member = true
			break
		}
	}
	if !member {
		out = append(out, fmt.Sprintf("%s不属于在%s进站的代表小组", d.Name, st.Name))
	}
	return out, nil
}

// Replace puts newID on the duty in oldID's place (or adds newID when oldID
// is empty), marks the duty hand-edited so regeneration keeps it, and
// returns the conflict warnings for newID.
func Replace(ctx context.Context, db *store.DB, dutyID, oldID, newID string) ([]string, error) {
	duty, err := db.Duty(ctx, dutyID)
	if err != nil {
		return nil, err
	}
	if slices.Contains(duty.DeputyIDs, newID) {
		return nil, &store.ValidationError{Errors: []store.FieldError{{Field: "DeputyIDs", Label: "值班代表", Message: "该代表已在本次值班名单中"}}}
	}
	warn, err := Warnings(ctx, db, duty, newID)
	if err != nil {
		return nil, err
	}
	if oldID == "" {
		duty.DeputyIDs = append(duty.DeputyIDs, newID)
	} else {
		i := slices.Index(duty.DeputyIDs, oldID)
		if i < 0 {
			return nil, &store.ValidationError{Errors: []store.FieldError{{Field: "DeputyIDs", Label: "值班代表", Message: "要替换的代表不在本次值班名单中"}}}
		}
		duty.DeputyIDs[i] = newID
		delete(duty.Marks, oldID)
	}
	duty.HandEdited = true
	return warn, db.SaveDuty(ctx, &duty)
}

// Remove takes a deputy off a duty and marks it hand-edited.
func Remove(ctx context.Context, db *store.DB, dutyID, deputyID string) error {
	duty, err := db.Duty(ctx, dutyID)
	if err != nil {
		return err
	}
	i := slices.Index(duty.DeputyIDs, deputyID)
	if i < 0 {
		return &store.ValidationError{Errors: []store.FieldError{{Field: "DeputyIDs", Label: "值班代表", Message: "该代表不在本次值班名单中"}}}
	}
	duty.DeputyIDs = slices.Delete(duty.DeputyIDs, i, i+1)
	delete(duty.Marks, deputyID)
	duty.HandEdited = true
	return db.SaveDuty(ctx, &duty)
}

// Swap exchanges deputy a on duty dutyA with deputy b on duty dutyB, in one
// transaction, and returns the warnings for both new places.
func Swap(ctx context.Context, db *store.DB, dutyA, a, dutyB, b string) ([]string, error) {
	if dutyA == dutyB {
		return nil, &store.ValidationError{Errors: []store.FieldError{{Field: "DutyID", Label: "值班安排", Message: "请选择两次不同的值班"}}}
	}
	da, err := db.Duty(ctx, dutyA)
	if err != nil {
		return nil, err
	}
	dbb, err := db.Duty(ctx, dutyB)
	if err != nil {
		return nil, err
	}
	ia, ib := slices.Index(da.DeputyIDs, a), slices.Index(dbb.DeputyIDs, b)
	if ia < 0 || ib < 0 {
		return nil, &store.ValidationError{Errors: []store.FieldError{{Field: "DeputyIDs", Label: "值班代表", Message: "要对调的代表不在所选值班名单中"}}}
	}
	if slices.Contains(da.DeputyIDs, b) || slices.Contains(dbb.DeputyIDs, a) {
		return nil, &store.ValidationError{Errors: []store.FieldError{{Field: "DeputyIDs", Label: "值班代表", Message: "对调后同一代表会在一次值班中出现两次"}}}
	}
	da.DeputyIDs[ia], dbb.DeputyIDs[ib] = b, a
	delete(da.Marks, a)
	delete(dbb.Marks, b)
	da.HandEdited, dbb.HandEdited = true, true
	// Check against the state after the swap: each deputy leaves the other
	// duty, so a same-day swap is not reported as a double booking.
	wa, err := warningsExcept(ctx, db, da, b, dutyB)
	if err != nil {
		return nil, err
	}
	wb, err := warningsExcept(ctx, db, dbb, a, dutyA)
	if err != nil {
		return nil, err
	}
	return append(wa, wb...), db.ApplyDuties(ctx, nil, []*store.Duty{&da, &dbb})
}

func warningsExcept(ctx context.Context, db *store.DB, duty store.Duty, deputyID, leavingDutyID string) ([]string, error) {
	w, err := Warnings(ctx, db, duty, deputyID)
	if err != nil {
		return nil, err
	}
	if leavingDutyID == "" {
		return w, nil
	}
	left, err := db.Duty(ctx, leavingDutyID)
	if err != nil {
		return nil, err
	}
	st, err := db.Station(ctx, left.StationID)
	if err != nil {
		return nil, err
	}
	d, err := db.Deputy(ctx, deputyID)
	if err != nil {
		return nil, err
	}
	drop := fmt.Sprintf("%s当天已在%s值班", d.Name, st.Name)
	return slices.DeleteFunc(w, func(s string) bool { return s == drop }), nil
}
