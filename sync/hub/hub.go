// Package hub is the county's receiving end of 上报: it enrols townships,
// takes bundles over the network (resumable, see package transport) or from a
// USB stick, verifies them, keeps one copy per bundle ID on disk with a
// SQLite index, and serves the Chinese completeness page.
package hub

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"deputydesk/store/calendar"
	"deputydesk/sync/bundle"
	"deputydesk/sync/hub/hubstore"
	"deputydesk/sync/transport"
)

// Hub is an open county hub over its data folder.
type Hub struct {
	dir   string
	store *hubstore.Store
	// Now is the clock and DeadlineDay the county's deadline (day of the next
	// month a monthly report is due); tests replace them.
	Now         calendar.Clock
	DeadlineDay int

	keysMu sync.RWMutex
	keys   map[string]ed25519.PublicKey

	uploadsMu sync.Mutex
	uploads   map[string]*sync.Mutex
	acceptMu  sync.Mutex
}

// Open opens (creating) the hub data folder: index.db, bundles/, incoming/.
func Open(ctx context.Context, dir string) (*Hub, error) {
	for _, d := range []string{dir, filepath.Join(dir, "bundles"), filepath.Join(dir, "incoming")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("hub: create %s: %w", d, err)
		}
	}
	st, err := hubstore.Open(ctx, filepath.Join(dir, "index.db"))
	if err != nil {
		return nil, err
	}
	h := &Hub{dir: dir, store: st, Now: calendar.System, DeadlineDay: 5, uploads: map[string]*sync.Mutex{}}
	h.dropStaleParts(30 * 24 * time.Hour)
	if err := h.loadKeys(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return h, nil
}

// Close closes the index.
func (h *Hub) Close() error { return h.store.Close() }

// Store gives access to the index (for the page and tests).
func (h *Hub) Store() *hubstore.Store { return h.store }

func (h *Hub) loadKeys(ctx context.Context) error {
	ts, err := h.store.Townships(ctx)
	if err != nil {
		return err
	}
	keys := map[string]ed25519.PublicKey{}
	for _, t := range ts {
		keys[t.Code] = t.PublicKey
	}
	h.keysMu.Lock()
	h.keys = keys
	h.keysMu.Unlock()
	return nil
}

func (h *Hub) key(code string) (ed25519.PublicKey, bool) {
	h.keysMu.RLock()
	defer h.keysMu.RUnlock()
	k, ok := h.keys[code]
	return k, ok
}

// Enrol accepts a township's request file; only enrolled keys are accepted.
func (h *Hub) Enrol(ctx context.Context, data []byte) (bundle.EnrolRequest, error) {
	r, err := bundle.ParseEnrolRequest(data)
	if err != nil {
		return r, err
	}
	if err := h.store.Enrol(ctx, hubstore.Township{Code: r.TownshipCode, Name: r.TownshipName, PublicKey: r.PublicKey, EnrolledAt: h.Now()}); err != nil {
		return r, err
	}
	return r, h.loadKeys(ctx)
}

// Accept verifies a complete bundle and stores it once. A bundle ID already
// held with the same content gets the same receipt; with other content it is
// refused. via is 网络 or U盘.
func (h *Hub) Accept(ctx context.Context, data []byte, via string) (transport.Receipt, error) {
	b, err := bundle.Verify(data, h.key)
	if err != nil {
		return transport.Receipt{}, err
	}
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	// One accept at a time: the file write and index row for an ID must not
	// race with a second copy of the same bundle arriving by USB.
	h.acceptMu.Lock()
	defer h.acceptMu.Unlock()
	if old, err := h.store.Bundle(ctx, b.Manifest.BundleID); err == nil {
		return receiptFor(old, sha)
	} else if !errors.Is(err, hubstore.ErrNotFound) {
		return transport.Receipt{}, err
	}
	m := b.Manifest
	rel := filepath.Join("bundles", m.TownshipCode, m.BundleID+".zip")
	if err := writeFileSync(filepath.Join(h.dir, rel), data); err != nil {
		return transport.Receipt{}, fmt.Errorf("hub: store bundle %s: %w", m.BundleID, err)
	}
	row, _, err := h.store.Insert(ctx, hubstore.Bundle{ID: m.BundleID, TownshipCode: m.TownshipCode, Kind: string(m.Kind), Period: m.Period,
		Version: m.Version, Title: m.Title(), SHA256: sha, Size: int64(len(data)), File: filepath.ToSlash(rel),
		Figures: string(b.Files[bundle.FiguresName]), Created: m.Created, ReceivedAt: h.Now(), Via: via})
	if err != nil {
		return transport.Receipt{}, err
	}
	return receiptFor(row, sha)
}

func receiptFor(b hubstore.Bundle, sha string) (transport.Receipt, error) {
	if b.SHA256 != sha {
		return transport.Receipt{}, &bundle.RefusedError{Code: bundle.CodeConflict, Reason: "同一上报包编号已收到过不同的内容，已拒收（更正请生成新版本）"}
	}
	return transport.Receipt{BundleID: b.ID, Number: b.Receipt, ReceivedAt: b.ReceivedAt, SHA256: b.SHA256,
		Verdict: b.Verdict, VerdictReason: b.VerdictReason, VerdictAt: b.VerdictAt}, nil
}

// Receipt returns the receipt of a held bundle.
func (h *Hub) Receipt(ctx context.Context, id string) (transport.Receipt, error) {
	b, err := h.store.Bundle(ctx, id)
	if err != nil {
		return transport.Receipt{}, err
	}
	return receiptFor(b, b.SHA256)
}

// Import reads a bundle file carried on a USB stick.
func (h *Hub) Import(ctx context.Context, path string) (transport.Receipt, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return transport.Receipt{}, fmt.Errorf("无法读取文件：%w", err)
	}
	if fi.Size() > bundle.MaxBundleSize {
		return transport.Receipt{}, &bundle.RefusedError{Code: bundle.CodeOversized, Reason: "上报包大小 " + bundle.HumanSize(fi.Size()) + " 超过上限"}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return transport.Receipt{}, fmt.Errorf("无法读取文件：%w", err)
	}
	return h.Accept(ctx, data, "U盘")
}

// writeFileSync writes a file atomically: temp file, fsync, rename.
func writeFileSync(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Dir is the hub's data folder.
func (h *Hub) Dir() string { return h.dir }

// dropStaleParts removes unfinished uploads nobody has resumed for a long
// time, so abandoned attempts do not fill the disk.
func (h *Hub) dropStaleParts(age time.Duration) {
	entries, err := os.ReadDir(filepath.Join(h.dir, "incoming"))
	if err != nil {
		return
	}
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > age {
			os.Remove(filepath.Join(h.dir, "incoming", e.Name()))
		}
	}
}
