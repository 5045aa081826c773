package store

import (
	"context"
	"errors"
	"fmt"
)

// CaseRecord is a case keyed in together with what already happened to it:
// the usual shape when a paper 接待登记表 is typed in days later.
type CaseRecord struct {
	Case     Case
	Handlers []Handler
	Steps    []StepInput // after 登记, in order
	Urges    []Urge
}

// RecordReception saves a new reception and all its cases, handlers, steps
// and 催办 in one transaction: either all of it is saved or, on the first
// problem, nothing. A ValidationError names the case by its position
// (第N件) so the secretary finds the line on the paper form.
func (db *DB) RecordReception(ctx context.Context, r *Reception, cases []*CaseRecord) error {
	if r.ID != "" {
		return errors.New("store: RecordReception is for new receptions")
	}
	if err := r.Validate(); err != nil {
		return err
	}
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.saveReception(ctx, r); err != nil {
			return err
		}
		for i, cr := range cases {
			if err := tx.recordCase(ctx, r, cr); err != nil {
				var ve *ValidationError
				if errors.As(err, &ve) {
					for j := range ve.Errors {
						ve.Errors[j].Label = fmt.Sprintf("第%d件·%s", i+1, ve.Errors[j].Label)
					}
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		// Nothing was saved: leave the records new so they can be saved again.
		r.ID = ""
		for _, cr := range cases {
			cr.Case.ID = ""
		}
	}
	return err
}

func (tx *Tx) recordCase(ctx context.Context, r *Reception, cr *CaseRecord) error {
	c := &cr.Case
	c.ID, c.ReceptionID = "", r.ID
	if err := c.Validate(); err != nil {
		return err
	}
	if err := tx.saveCase(ctx, c); err != nil {
		return err
	}
	for i := range cr.Handlers {
		h := &cr.Handlers[i]
		h.ID = NewID()
		if _, ok := ParseDate(h.AssignedDay); !ok || h.Unit == "" || (h.Role != "主办" && h.Role != "协办") {
			return &ValidationError{Errors: []FieldError{{Field: "Handlers", Label: "承办单位", Message: "单位、主办/协办和交办日期都要填写"}}}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_handler(id, case_id, unit, role, assigned_day, declined_day, decline_reason, created_at)
			VALUES (?,?,?,?,?,?,?,?)`, h.ID, c.ID, h.Unit, h.Role, h.AssignedDay, h.DeclinedDay, h.DeclineReason, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: add handler: %w", err)
		}
		if err := tx.logChange(ctx, "case_handler", h.ID, "create", c.No+" "+h.Role+" "+h.Unit, nil, h); err != nil {
			return err
		}
	}
	rank, last := RankRegistered, c.Day
	for i := range cr.Steps {
		s := &cr.Steps[i]
		if err := s.validate(rank, c.Disposition, false); err != nil {
			return err
		}
		if s.Day < last {
			return &ValidationError{Errors: []FieldError{{Field: "Day", Label: s.Status + "日期", Message: "不能早于上一步"}}}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_step(case_id, status, day, who, text, satisfaction, at, actor) VALUES (?,?,?,?,?,?,?,?)`,
			c.ID, s.Status, s.Day, s.Who, s.Text, s.Satisfaction, stamp(tx.now), tx.who()); err != nil {
			return fmt.Errorf("store: add case step: %w", err)
		}
		rank, last = StatusRank(s.Status), s.Day
	}
	for i := range cr.Urges {
		u := &cr.Urges[i]
		u.ID = NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_urge(id, case_id, day, by_whom, how, note, created_at) VALUES (?,?,?,?,?,?,?)`,
			u.ID, c.ID, u.Day, u.By, u.How, u.Note, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: add urge: %w", err)
		}
	}
	if len(cr.Steps) == 0 {
		return nil
	}
	old := *c
	return tx.afterStep(ctx, &old, "录入办理过程")
}
