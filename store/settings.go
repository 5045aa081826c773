package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Privacy says how much of a visitor's personal data the township's reports
// show. Both are off unless the secretary turns them on: a 月度台账 leaves the
// township, so phones are masked (138****5678) and ID numbers left out.
type Privacy struct {
	FullPhones bool // print visitors' phones in full
	IDNumbers  bool // add visitors' ID numbers
}

const (
	settingFullPhones = "privacy.full_phones"
	settingIDNumbers  = "privacy.id_numbers"
)

// Privacy returns the visitors' privacy settings.
func (db *DB) Privacy(ctx context.Context) (Privacy, error) {
	var p Privacy
	var err error
	if p.FullPhones, err = boolSetting(ctx, db.r, settingFullPhones); err != nil {
		return p, err
	}
	p.IDNumbers, err = boolSetting(ctx, db.r, settingIDNumbers)
	return p, err
}

// SavePrivacy stores the visitors' privacy settings, change-logged.
func (db *DB) SavePrivacy(ctx context.Context, p Privacy) error {
	return db.update(ctx, func(tx *Tx) error {
		var old Privacy
		var err error
		if old.FullPhones, err = boolSetting(ctx, tx, settingFullPhones); err != nil {
			return err
		}
		if old.IDNumbers, err = boolSetting(ctx, tx, settingIDNumbers); err != nil {
			return err
		}
		for key, on := range map[string]bool{settingFullPhones: p.FullPhones, settingIDNumbers: p.IDNumbers} {
			v := "0"
			if on {
				v = "1"
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO app_setting(key, value, updated_at) VALUES (?, ?, ?)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, v, stamp(tx.now)); err != nil {
				return fmt.Errorf("store: save setting %s: %w", key, err)
			}
		}
		return tx.logChange(ctx, "setting", "privacy", "update", "群众个人信息显示", old, p)
	})
}

func boolSetting(ctx context.Context, q queryer, key string) (bool, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM app_setting WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: read setting %s: %w", key, err)
	}
	return v == "1", nil
}
