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
	// BodyTimeout bounds how long one PATCH body may take to arrive, so a
	// stalled township does not hold its upload; tests shorten it.
	BodyTimeout time.Duration
	// CertFile is the TLS certificate the hub serves, if any; enrolment
	// replies carry its fingerprint.
	CertFile string

	throttle throttle

	signer    ed25519.PrivateKey // signs county notices
	publishMu sync.Mutex

	uploadsMu sync.Mutex
	uploads   map[string]*sync.Mutex
	acceptMu  sync.Mutex
}

// Open opens (creating) the hub data folder: index.db, bundles/, incoming/.
func Open(ctx context.Context, dir string) (*Hub, error) {
	go dummyHash() // ready before the first login
	for _, d := range []string{dir, filepath.Join(dir, "bundles"), filepath.Join(dir, "incoming")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("hub: create %s: %w", d, err)
		}
	}
	st, err := hubstore.Open(ctx, filepath.Join(dir, "index.db"))
	if err != nil {
		return nil, err
	}
	signer, err := loadSigningKey(dir)
	if err != nil {
		st.Close()
		return nil, err
	}
	h := &Hub{dir: dir, store: st, signer: signer, Now: calendar.System, DeadlineDay: 5, BodyTimeout: 2 * time.Minute, uploads: map[string]*sync.Mutex{}}
	if d := h.publishedDeadline(ctx); d != 0 {
		h.DeadlineDay = d
	}
	h.throttle.fails = map[string]*failState{}
	h.dropStaleParts(PartialUploadTTL)
	return h, nil
}

// Close closes the index.
func (h *Hub) Close() error { return h.store.Close() }

// Store gives access to the index (for the page and tests).
func (h *Hub) Store() *hubstore.Store { return h.store }

// key returns the enrolled, unrevoked key of a township. It reads the
// index every time rather than a copy made at start, so `deputyhub enrol`
// or a revocation from another process counts at once on a running hub.
func (h *Hub) key(code string) (ed25519.PublicKey, bool) {
	t, err := h.store.Township(context.Background(), code)
	if err != nil || t.Revoked() {
		return nil, false
	}
	return t.PublicKey, true
}

// Enrol accepts a township's request file; only enrolled keys are accepted.
// who is the clerk (or 命令行), for the audit trail.
func (h *Hub) Enrol(ctx context.Context, data []byte, who ...string) (bundle.EnrolRequest, error) {
	r, err := bundle.ParseEnrolRequest(data)
	if err != nil {
		return r, err
	}
	if err := h.store.Enrol(ctx, hubstore.Township{Code: r.TownshipCode, Name: r.TownshipName, PublicKey: r.PublicKey, EnrolledAt: h.Now()}); err != nil {
		return r, err
	}
	h.audit(ctx, actor(who), "登记乡镇", r.TownshipCode, r.TownshipName+"，密钥指纹 "+r.Fingerprint, "")
	return r, nil
}

// Revoke withdraws a township's enrolment: its key is refused from now on.
func (h *Hub) Revoke(ctx context.Context, code string, who ...string) error {
	if err := h.store.Revoke(ctx, code, h.Now()); err != nil {
		return err
	}
	h.audit(ctx, actor(who), "撤销登记", code, "", "")
	return nil
}

func actor(who []string) string {
	if len(who) > 0 && who[0] != "" {
		return who[0]
	}
	return "命令行"
}

// audit records an event; a failure to record is logged by the caller's
// page as nothing more can be done about it.
func (h *Hub) audit(ctx context.Context, who, action, target, detail, remote string) {
	h.store.Log(context.WithoutCancel(ctx), hubstore.Event{At: h.Now(), Account: who, Action: action, Target: target, Detail: detail, Remote: remote})
}

// Accept verifies a complete bundle and stores it once. A bundle ID already
// held with the same content gets the same receipt; with other content it is
// refused. via is 网络 or U盘.
func (h *Hub) Accept(ctx context.Context, data []byte, via string) (transport.Receipt, error) {
	return h.accept(ctx, data, via, "")
}

// accept is Accept for a bundle that came from township from (empty for a
// USB import): the manifest must name the same township, and its name must
// be the enrolled one.
func (h *Hub) accept(ctx context.Context, data []byte, via, from string) (transport.Receipt, error) {
	b, err := bundle.Verify(data, h.key)
	if err != nil {
		return transport.Receipt{}, err
	}
	if from != "" && b.Manifest.TownshipCode != from {
		return transport.Receipt{}, &bundle.RefusedError{Code: bundle.CodeManifest, Reason: "上报包清单中的乡镇代码与发送的乡镇不符，已拒收"}
	}
	if t, err := h.store.Township(ctx, b.Manifest.TownshipCode); err == nil && t.Name != b.Manifest.TownshipName {
		return transport.Receipt{}, &bundle.RefusedError{Code: bundle.CodeManifest,
			Reason: "上报包中的乡镇名称“" + b.Manifest.TownshipName + "”与登记的“" + t.Name + "”不符；改过名称请重新提交登记申请文件"}
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
	row := hubstore.Bundle{ID: m.BundleID, TownshipCode: m.TownshipCode, Kind: string(m.Kind), Period: m.Period,
		Version: m.Version, Title: m.Title(), SHA256: sha, Size: int64(len(data)), File: filepath.ToSlash(rel),
		Figures: string(b.Files[bundle.FiguresName]), Created: m.Created, ReceivedAt: h.Now(), Via: via}
	if held, err := h.store.VersionHeld(ctx, row); err != nil {
		return transport.Receipt{}, err
	} else if held {
		return transport.Receipt{}, versionTaken(m)
	}
	if err := writeFileSync(filepath.Join(h.dir, rel), data); err != nil {
		return transport.Receipt{}, &storageError{fmt.Errorf("hub: store bundle %s: %w", m.BundleID, err)}
	}
	row, _, err = h.store.Insert(ctx, row)
	var vt *hubstore.VersionTakenError
	if errors.As(err, &vt) {
		os.Remove(filepath.Join(h.dir, rel))
		return transport.Receipt{}, versionTaken(m)
	}
	if err != nil {
		return transport.Receipt{}, &storageError{err}
	}
	return receiptFor(row, sha)
}

// versionTaken is the refusal of a second, different bundle with a version
// number the county already holds for that report.
func versionTaken(m bundle.Manifest) *bundle.RefusedError {
	return &bundle.RefusedError{Code: bundle.CodeVersion, Reason: fmt.Sprintf(
		"县级平台已收到本乡镇%s%s的第%d版，内容与这次不同；同一版本只能上报一次，请重新生成上报包（新的版本号）后再上报",
		bundle.PeriodLabel(m.Period), m.Kind.Label(), m.Version)}
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
	r, _, err := h.receipt(ctx, id)
	return r, err
}

func (h *Hub) receipt(ctx context.Context, id string) (transport.Receipt, hubstore.Bundle, error) {
	b, err := h.store.Bundle(ctx, id)
	if err != nil {
		return transport.Receipt{}, b, err
	}
	r, err := receiptFor(b, b.SHA256)
	return r, b, err
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
