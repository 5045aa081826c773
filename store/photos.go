package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"strings"
	"time"
)

// MaxPhotoBytes bounds a stored photo. Photos are scaled to a small portrait
// before they reach the store; anything bigger is a mistake.
const MaxPhotoBytes = 512 << 10

// Photo is a deputy's portrait as compact JPEG bytes.
type Photo struct {
	DeputyID  string
	JPEG      []byte
	Width     int
	Height    int
	UpdatedAt time.Time
}

// photoLog is what the change log keeps of a photo: never the bytes, only
// enough to tell one photo from another.
type photoLog struct {
	Width  int
	Height int
	Size   int
	SHA256 string
}

func (p Photo) logged() photoLog {
	sum := sha256.Sum256(p.JPEG)
	return photoLog{Width: p.Width, Height: p.Height, Size: len(p.JPEG), SHA256: fmt.Sprintf("%x", sum[:8])}
}

// SetDeputyPhoto stores (or replaces) a deputy's photo. jpegBytes must be a
// JPEG; its size is read from the image itself.
func (db *DB) SetDeputyPhoto(ctx context.Context, deputyID string, jpegBytes []byte) error {
	cfg, err := checkJPEG(jpegBytes)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		d, err := getDeputy(ctx, tx, deputyID)
		if err != nil {
			return err
		}
		p := Photo{DeputyID: deputyID, JPEG: jpegBytes, Width: cfg.Width, Height: cfg.Height, UpdatedAt: tx.now}
		old, err := getPhoto(ctx, tx, deputyID)
		action := "update"
		var oldLog any
		switch {
		case errors.Is(err, ErrNotFound):
			action = "create"
		case err != nil:
			return err
		default:
			oldLog = old.logged()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO deputy_photo(deputy_id, jpeg, width, height, updated_at) VALUES (?,?,?,?,?)
			ON CONFLICT(deputy_id) DO UPDATE SET jpeg=excluded.jpeg, width=excluded.width, height=excluded.height, updated_at=excluded.updated_at`,
			deputyID, jpegBytes, p.Width, p.Height, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: save photo %s: %w", deputyID, err)
		}
		return tx.logChange(ctx, "deputy_photo", deputyID, action, d.Name, oldLog, p.logged())
	})
}

// DeputyPhoto returns a deputy's photo, or ErrNotFound when none is set.
func (db *DB) DeputyPhoto(ctx context.Context, deputyID string) (Photo, error) {
	return getPhoto(ctx, db.r, deputyID)
}

func getPhoto(ctx context.Context, q queryer, id string) (Photo, error) {
	p := Photo{DeputyID: id}
	var u string
	err := q.QueryRowContext(ctx, `SELECT jpeg, width, height, updated_at FROM deputy_photo WHERE deputy_id = ?`, id).
		Scan(&p.JPEG, &p.Width, &p.Height, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("store: photo of %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("store: read photo of %s: %w", id, err)
	}
	p.UpdatedAt = parseStamp(u)
	return p, nil
}

// DeleteDeputyPhoto removes a deputy's photo; removing a missing photo is not an error.
func (db *DB) DeleteDeputyPhoto(ctx context.Context, deputyID string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := getPhoto(ctx, tx, deputyID)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		d, err := getDeputy(ctx, tx, deputyID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM deputy_photo WHERE deputy_id = ?`, deputyID); err != nil {
			return fmt.Errorf("store: delete photo %s: %w", deputyID, err)
		}
		return tx.logChange(ctx, "deputy_photo", deputyID, "delete", d.Name, old.logged(), nil)
	})
}

// DeputyPhotos returns the photos of the given deputies, keyed by deputy ID;
// deputies without a photo are absent from the map.
func (db *DB) DeputyPhotos(ctx context.Context, ids []string) (map[string]Photo, error) {
	out := make(map[string]Photo, len(ids))
	// SQLite limits bound parameters; 500 per query stays well inside it.
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.r.QueryContext(ctx, `SELECT deputy_id, jpeg, width, height, updated_at FROM deputy_photo
			WHERE deputy_id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: read photos: %w", err)
		}
		for rows.Next() {
			var p Photo
			var u string
			if err := rows.Scan(&p.DeputyID, &p.JPEG, &p.Width, &p.Height, &u); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: scan photo: %w", err)
			}
			p.UpdatedAt = parseStamp(u)
			out[p.DeputyID] = p
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: read photos: %w", err)
		}
	}
	return out, nil
}

// DeputiesWithPhoto returns the IDs of every deputy who has a photo, for
// list icons, without reading any image bytes.
func (db *DB) DeputiesWithPhoto(ctx context.Context) (map[string]bool, error) {
	ids, err := column(ctx, db.r, `SELECT deputy_id FROM deputy_photo`)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// checkJPEG refuses photo bytes that are too large or not a JPEG, and reads
// the image's size.
func checkJPEG(jpegBytes []byte) (image.Config, error) {
	if len(jpegBytes) > MaxPhotoBytes {
		return image.Config{}, &ValidationError{Errors: []FieldError{{Field: "Photo", Label: "照片",
			Message: fmt.Sprintf("照片数据过大（%d KB），请先缩小", len(jpegBytes)>>10)}}}
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(jpegBytes))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return image.Config{}, &ValidationError{Errors: []FieldError{{Field: "Photo", Label: "照片", Message: "不是有效的JPEG图片"}}}
	}
	return cfg, nil
}
