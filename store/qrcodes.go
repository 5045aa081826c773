package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

func qrKey(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}

// QRCodes returns the stored PNGs for the given code contents, keyed by
// content; contents never stored are absent.
func (db *DB) QRCodes(ctx context.Context, contents []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	byKey := map[string]string{}
	for _, c := range contents {
		byKey[qrKey(c)] = c
	}
	keys := make([]any, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	// In chunks, within SQLite's limit on bound parameters.
	for len(keys) > 0 {
		n := min(len(keys), 500)
		chunk := keys[:n]
		keys = keys[n:]
		rows, err := db.r.QueryContext(ctx, `SELECT content_sha, png FROM qr_code WHERE content_sha IN (`+
			strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")+`)`, chunk...)
		if err != nil {
			return nil, fmt.Errorf("store: read qr codes: %w", err)
		}
		for rows.Next() {
			var k string
			var png []byte
			if err := rows.Scan(&k, &png); err != nil {
				rows.Close()
				return nil, err
			}
			out[byKey[k]] = png
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SaveQRCodes stores PNGs by their code content, in one transaction.
func (db *DB) SaveQRCodes(ctx context.Context, codes map[string][]byte) error {
	if len(codes) == 0 {
		return nil
	}
	return db.update(ctx, func(tx *Tx) error {
		for content, png := range codes {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO qr_code(content_sha, png, created_at) VALUES (?, ?, ?)`,
				qrKey(content), png, stamp(tx.now)); err != nil {
				return fmt.Errorf("store: save qr code: %w", err)
			}
		}
		return nil
	})
}
