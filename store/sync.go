package store

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"deputydesk/store/calendar"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// SyncKey is the township's Ed25519 key pair; bundles are signed with it and
// the county hub knows the public half from the enrolment request.
type SyncKey struct {
	Public    ed25519.PublicKey
	Private   ed25519.PrivateKey `log:"-"`
	CreatedAt time.Time
}

// SyncKey returns the township's key pair, making it on first use (normally
// at setup, see SaveTownship).
func (db *DB) SyncKey(ctx context.Context) (SyncKey, error) {
	var k SyncKey
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		k, err = ensureSyncKey(ctx, tx)
		return err
	})
	return k, err
}

func ensureSyncKey(ctx context.Context, tx *Tx) (SyncKey, error) {
	var k SyncKey
	var pub, priv []byte
	var c string
	err := tx.QueryRowContext(ctx, `SELECT public_key, private_key, created_at FROM sync_key WHERE id = 1`).Scan(&pub, &priv, &c)
	if err == nil {
		return SyncKey{Public: pub, Private: priv, CreatedAt: parseStamp(c)}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("store: read sync key: %w", err)
	}
	pubK, privK, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return k, fmt.Errorf("store: make sync key: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sync_key(id, public_key, private_key, created_at) VALUES (1, ?, ?, ?)`,
		[]byte(pubK), []byte(privK), stamp(tx.now)); err != nil {
		return k, fmt.Errorf("store: save sync key: %w", err)
	}
	k = SyncKey{Public: pubK, Private: privK, CreatedAt: tx.now}
	return k, tx.logChange(ctx, "sync_key", "1", "create", "生成上报签名密钥", nil, k)
}

// Fingerprint is a short form of the public key for people to compare on the
// phone: the first 16 hex digits of its SHA-256, in groups of four.
func (k SyncKey) Fingerprint() string { return KeyFingerprint(k.Public) }

// KeyFingerprint formats the fingerprint of any public key.
func KeyFingerprint(pub []byte) string {
	s := sha256.Sum256(pub)
	h := strings.ToUpper(hex.EncodeToString(s[:8]))
	return h[0:4] + "-" + h[4:8] + "-" + h[8:12] + "-" + h[12:16]
}

// SyncSettings are where and by when the township reports.
type SyncSettings struct {
	HubURL      string // county hub, e.g. https://rd.example.gov.cn:8443
	DeadlineDay int    // monthly reports are due on this day of the next month
}

// Validate checks and normalises the settings.
func (s *SyncSettings) Validate() error {
	var p problems
	s.HubURL = strings.TrimRight(Normalize(s.HubURL), "/")
	if s.HubURL != "" {
		u, err := url.Parse(s.HubURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.add("HubURL", "县级平台地址", "应为 http:// 或 https:// 开头的网址")
		}
	}
	if s.DeadlineDay < 1 || s.DeadlineDay > 28 {
		p.add("DeadlineDay", "上报截止日", "应为1到28之间的日期")
	}
	return p.err()
}

// SyncSettings returns the settings; before any are saved the deadline is the
// 5th and no hub is set.
func (db *DB) SyncSettings(ctx context.Context) (SyncSettings, error) {
	s := SyncSettings{DeadlineDay: 5}
	err := db.r.QueryRowContext(ctx, `SELECT hub_url, deadline_day FROM sync_settings WHERE id = 1`).Scan(&s.HubURL, &s.DeadlineDay)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("store: read sync settings: %w", err)
	}
	return s, nil
}

// SaveSyncSettings stores the settings.
func (db *DB) SaveSyncSettings(ctx context.Context, s *SyncSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		old := SyncSettings{DeadlineDay: 5}
		if err := tx.QueryRowContext(ctx, `SELECT hub_url, deadline_day FROM sync_settings WHERE id = 1`).Scan(&old.HubURL, &old.DeadlineDay); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: read sync settings: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sync_settings(id, hub_url, deadline_day, updated_at) VALUES (1, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET hub_url = excluded.hub_url, deadline_day = excluded.deadline_day, updated_at = excluded.updated_at`,
			s.HubURL, s.DeadlineDay, stamp(tx.now)); err != nil {
			return fmt.Errorf("store: save sync settings: %w", err)
		}
		return tx.logChange(ctx, "sync_settings", "1", "update", "上报设置", old, *s)
	})
}

// OutboxState is where a bundle is on its way to the county.
type OutboxState string

// The outbox states.
const (
	OutboxPending   OutboxState = "pending"
	OutboxSending   OutboxState = "sending"
	OutboxDelivered OutboxState = "delivered"
	OutboxFailed    OutboxState = "failed"
	OutboxCancelled OutboxState = "cancelled"
)

// Label is the Chinese name shown in the outbox.
func (s OutboxState) Label() string {
	switch s {
	case OutboxPending:
		return "待上报"
	case OutboxSending:
		return "上报中"
	case OutboxDelivered:
		return "已上报"
	case OutboxFailed:
		return "失败"
	case OutboxCancelled:
		return "已取消"
	}
	return string(s)
}

// Verdicts the county gives a delivered bundle.
const (
	VerdictAccepted = "accepted"
	VerdictReturned = "returned"
)

// VerdictLabel shows a verdict in Chinese.
func VerdictLabel(v string) string {
	switch v {
	case VerdictAccepted:
		return "已接收"
	case VerdictReturned:
		return "退回"
	}
	return ""
}

// OutboxItem is one bundle in the outbox, without its bytes.
type OutboxItem struct {
	ID            string
	Kind          string
	Period        string
	Version       int
	Title         string
	SHA256        string
	Size          int64
	State         OutboxState
	Attempts      int
	LastError     string
	UploadOffset  int64 `log:"-"`
	Receipt       string
	DeliveredAt   time.Time
	Verdict       string
	VerdictReason string
	VerdictAt     time.Time
	SupersededBy  string
	CreatedAt     time.Time `log:"-"`
	UpdatedAt     time.Time `log:"-"`
}

// StatusText is the one-line Chinese status for lists, e.g.
// 已上报（回执 20261105-000012，2026年11月05日 09:12） · 退回：缺少签字页.
func (it OutboxItem) StatusText() string {
	s := it.State.Label()
	switch it.State {
	case OutboxDelivered:
		s += "（回执 " + it.Receipt + "，" + FormatDate(it.DeliveredAt.In(calendar.Beijing).Format("2006-01-02")) + " " + it.DeliveredAt.In(calendar.Beijing).Format("15:04") + "）"
		if it.Verdict != "" {
			s += " · " + VerdictLabel(it.Verdict)
			if it.VerdictReason != "" {
				s += "：" + it.VerdictReason
			}
		}
	case OutboxFailed:
		s += "：" + it.LastError
	case OutboxCancelled:
		if it.SupersededBy != "" {
			s += "（已被新版本取代）"
		}
	case OutboxPending, OutboxSending:
		if it.Size > 0 && it.UploadOffset > 0 {
			s += fmt.Sprintf("（已传 %d%%）", it.UploadOffset*100/it.Size)
		}
		if it.LastError != "" {
			s += "，上次：" + it.LastError
		}
	}
	return s
}

// BundleSlot is what QueueBundle hands to the builder: the bundle's ID,
// version number and creation time, fixed before the bundle is signed.
type BundleSlot struct {
	ID      string
	Version int
	Created time.Time
}

// QueueBundle puts a new bundle for (kind, period) into the outbox. build
// makes the signed zip for the slot; it runs inside the transaction so the
// version number is assigned exactly once. Older versions of the same report
// that were not delivered yet are cancelled as superseded.
func (db *DB) QueueBundle(ctx context.Context, kind, period string, build func(BundleSlot) (title string, data []byte, err error)) (OutboxItem, error) {
	var it OutboxItem
	err := db.update(ctx, func(tx *Tx) error {
		var v int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM outbox WHERE kind = ? AND period = ?`, kind, period).Scan(&v); err != nil {
			return fmt.Errorf("store: next bundle version: %w", err)
		}
		slot := BundleSlot{ID: NewID(), Version: v, Created: tx.now}
		title, data, err := build(slot)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		it = OutboxItem{ID: slot.ID, Kind: kind, Period: period, Version: v, Title: title, SHA256: hex.EncodeToString(sum[:]),
			Size: int64(len(data)), State: OutboxPending, CreatedAt: tx.now, UpdatedAt: tx.now}
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox(id, kind, period, version, title, data, sha256, size, state, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, it.ID, kind, period, v, title, data, it.SHA256, it.Size, it.State, stamp(tx.now), stamp(tx.now)); err != nil {
			return fmt.Errorf("store: queue bundle %s: %w", it.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET superseded_by = ?, updated_at = ?,
			state = CASE WHEN state IN ('pending', 'sending', 'failed') THEN 'cancelled' ELSE state END
			WHERE kind = ? AND period = ? AND id <> ? AND superseded_by = ''`, it.ID, stamp(tx.now), kind, period, it.ID); err != nil {
			return fmt.Errorf("store: supersede older bundles: %w", err)
		}
		return tx.logChange(ctx, "outbox", it.ID, "create", title, nil, it)
	})
	return it, err
}

const outboxCols = `id, kind, period, version, title, sha256, size, state, attempts, last_error, upload_offset,
	receipt, delivered_at, verdict, verdict_reason, verdict_at, superseded_by, created_at, updated_at`

func scanOutbox(s scanner) (OutboxItem, error) {
	var it OutboxItem
	var da, va, c, u string
	err := s.Scan(&it.ID, &it.Kind, &it.Period, &it.Version, &it.Title, &it.SHA256, &it.Size, &it.State, &it.Attempts, &it.LastError,
		&it.UploadOffset, &it.Receipt, &da, &it.Verdict, &it.VerdictReason, &va, &it.SupersededBy, &c, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return it, ErrNotFound
	}
	if err != nil {
		return it, fmt.Errorf("store: read outbox: %w", err)
	}
	it.DeliveredAt, it.VerdictAt, it.CreatedAt, it.UpdatedAt = parseStamp(da), parseStamp(va), parseStamp(c), parseStamp(u)
	return it, nil
}

func listOutbox(ctx context.Context, q queryer, where string, args ...any) ([]OutboxItem, error) {
	out, err := queryAll(ctx, q, scanOutbox, `SELECT `+outboxCols+` FROM outbox `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list outbox: %w", err)
	}
	return out, nil
}

// Outbox lists every bundle, newest first.
func (db *DB) Outbox(ctx context.Context) ([]OutboxItem, error) {
	return listOutbox(ctx, db.r, `ORDER BY created_at DESC, id DESC`)
}

// OutboxItem returns one bundle by ID.
func (db *DB) OutboxItem(ctx context.Context, id string) (OutboxItem, error) {
	return scanOutbox(db.r.QueryRowContext(ctx, `SELECT `+outboxCols+` FROM outbox WHERE id = ?`, id))
}

// OutboxData returns the signed zip of a bundle.
func (db *DB) OutboxData(ctx context.Context, id string) ([]byte, error) {
	var b []byte
	err := db.r.QueryRowContext(ctx, `SELECT data FROM outbox WHERE id = ?`, id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read bundle %s: %w", id, err)
	}
	return b, nil
}

// ToSend lists bundles waiting for delivery, oldest first. A bundle left
// 上报中 by a killed program is included: it resumes where it stopped.
func (db *DB) ToSend(ctx context.Context) ([]OutboxItem, error) {
	return listOutbox(ctx, db.r, `WHERE state IN ('pending', 'sending') ORDER BY created_at, id`)
}

// AwaitingVerdict lists delivered bundles the county has not yet judged.
func (db *DB) AwaitingVerdict(ctx context.Context) ([]OutboxItem, error) {
	return listOutbox(ctx, db.r, `WHERE state = 'delivered' AND verdict = '' ORDER BY created_at, id`)
}

// setOutbox changes one bundle's state in a transaction and logs it.
func (db *DB) setOutbox(ctx context.Context, id, summary string, allowed []OutboxState, change func(it *OutboxItem, now time.Time)) (OutboxItem, error) {
	var it OutboxItem
	err := db.update(ctx, func(tx *Tx) error {
		old, err := scanOutbox(tx.QueryRowContext(ctx, `SELECT `+outboxCols+` FROM outbox WHERE id = ?`, id))
		if err != nil {
			return err
		}
		if allowed != nil && !containsState(allowed, old.State) {
			return &ValidationError{Errors: []FieldError{{Field: "State", Label: "上报状态", Message: "当前为“" + old.State.Label() + "”，不能" + summary}}}
		}
		it = old
		change(&it, tx.now)
		it.UpdatedAt = tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state=?, attempts=?, last_error=?, upload_offset=?, receipt=?, delivered_at=?,
			verdict=?, verdict_reason=?, verdict_at=?, updated_at=? WHERE id=?`,
			it.State, it.Attempts, it.LastError, it.UploadOffset, it.Receipt, stampOrEmpty(it.DeliveredAt),
			it.Verdict, it.VerdictReason, stampOrEmpty(it.VerdictAt), stamp(tx.now), id); err != nil {
			return fmt.Errorf("store: update bundle %s: %w", id, err)
		}
		return tx.logChange(ctx, "outbox", id, "update", it.Title+" "+summary, old, it)
	})
	return it, err
}

func containsState(list []OutboxState, s OutboxState) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func stampOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return stamp(t)
}

// MarkSending records the start of a delivery attempt.
func (db *DB) MarkSending(ctx context.Context, id string) (OutboxItem, error) {
	return db.setOutbox(ctx, id, "开始上报", []OutboxState{OutboxPending, OutboxSending}, func(it *OutboxItem, _ time.Time) {
		it.State = OutboxSending
		it.Attempts++
	})
}

// SaveUploadOffset records how far the hub has confirmed an upload. It is
// progress, not a change anyone makes, so it is not written to the change log.
func (db *DB) SaveUploadOffset(ctx context.Context, id string, offset int64) error {
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET upload_offset = ? WHERE id = ? AND state = 'sending'`, offset, id); err != nil {
			return fmt.Errorf("store: save upload offset %s: %w", id, err)
		}
		return nil
	})
}

// MarkDelivered records the hub's receipt.
func (db *DB) MarkDelivered(ctx context.Context, id, receipt string, at time.Time) (OutboxItem, error) {
	return db.setOutbox(ctx, id, "已上报", nil, func(it *OutboxItem, _ time.Time) {
		it.State, it.Receipt, it.DeliveredAt, it.LastError = OutboxDelivered, receipt, at.UTC(), ""
		it.UploadOffset = it.Size
	})
}

// MarkAttemptFailed records a failed attempt. A permanent failure (the hub
// refused the bundle) makes it 失败 with the reason; otherwise it waits to be
// tried again.
func (db *DB) MarkAttemptFailed(ctx context.Context, id, reason string, permanent bool) (OutboxItem, error) {
	return db.setOutbox(ctx, id, "上报未成功", []OutboxState{OutboxPending, OutboxSending}, func(it *OutboxItem, _ time.Time) {
		it.LastError = reason
		it.State = OutboxPending
		if permanent {
			it.State = OutboxFailed
		}
	})
}

// RetryOutbox puts a failed or cancelled bundle back in the queue.
func (db *DB) RetryOutbox(ctx context.Context, id string) (OutboxItem, error) {
	return db.setOutbox(ctx, id, "重新上报", []OutboxState{OutboxFailed, OutboxCancelled, OutboxPending}, func(it *OutboxItem, _ time.Time) {
		it.State, it.LastError = OutboxPending, ""
	})
}

// CancelOutbox takes a bundle that was not delivered out of the queue.
func (db *DB) CancelOutbox(ctx context.Context, id string) (OutboxItem, error) {
	return db.setOutbox(ctx, id, "取消上报", []OutboxState{OutboxPending, OutboxSending, OutboxFailed}, func(it *OutboxItem, _ time.Time) {
		it.State = OutboxCancelled
	})
}

// SetVerdict records the county's 已接收 or 退回 for a delivered bundle.
func (db *DB) SetVerdict(ctx context.Context, id, verdict, reason string, at time.Time) (OutboxItem, error) {
	return db.setOutbox(ctx, id, "县级"+VerdictLabel(verdict), []OutboxState{OutboxDelivered}, func(it *OutboxItem, _ time.Time) {
		it.Verdict, it.VerdictReason, it.VerdictAt = verdict, reason, at.UTC()
	})
}

// Reminder is a monthly report that is due or overdue and not yet delivered.
type Reminder struct {
	Kind     string
	Period   calendar.Month
	Deadline time.Time
	Overdue  bool
}

// Text is the Chinese reminder, e.g. 2026年10月月度台账已逾期未上报（截止2026年11月5日）.
func (r Reminder) Text(kindLabel string) string {
	s := r.Period.Chinese() + kindLabel
	day := FormatDate(calendar.Today(r.Deadline))
	if r.Overdue {
		return s + "已逾期未上报（截止" + day + "）"
	}
	return s + "尚未上报，截止" + day
}

// ReportMonth is the month a monthly report made at now covers by default:
// the last month that is over.
func ReportMonth(now time.Time) calendar.Month { return calendar.MonthOf(now).Prev() }

// Reminders lists the months of kind whose report has not been delivered and
// whose deadline has passed or falls within the next dueSoon of the
// database clock. It looks back at most 12 months and never before the
// township was set up.
func (db *DB) Reminders(ctx context.Context, kind string, dueSoon time.Duration) ([]Reminder, error) {
	now := db.Now()
	set, err := db.SyncSettings(ctx)
	if err != nil {
		return nil, err
	}
	first := calendar.MonthOf(now).Add(-12)
	if t, err := db.Township(ctx); err == nil && calendar.MonthOf(t.CreatedAt).After(first) {
		first = calendar.MonthOf(t.CreatedAt)
	}
	delivered := map[string]bool{}
	rows, err := db.r.QueryContext(ctx, `SELECT DISTINCT period FROM outbox WHERE kind = ? AND state = 'delivered'`, kind)
	if err != nil {
		return nil, fmt.Errorf("store: read delivered periods: %w", err)
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return nil, err
		}
		delivered[p] = true
	}
	rows.Close()
	var out []Reminder
	// A month can only be reported once it is over.
	for _, m := range first.Through(ReportMonth(now)) {
		if delivered[m.String()] {
			continue
		}
		d := calendar.ReportDue(m, set.DeadlineDay)
		switch {
		case now.After(d):
			out = append(out, Reminder{Kind: kind, Period: m, Deadline: d, Overdue: true})
		case d.Sub(now) <= dueSoon:
			out = append(out, Reminder{Kind: kind, Period: m, Deadline: d})
		}
	}
	return out, nil
}
