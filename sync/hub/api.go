package hub

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"time"

	"deputydesk/sync/bundle"
	"deputydesk/sync/hub/hubstore"
	"deputydesk/sync/transport"
)

var idRe = regexp.MustCompile(`^[0-9A-Za-z-]{1,64}$`)
var shaRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Limits on what one township may keep half-uploaded: an enrolled township
// only ever has a few bundles in flight, so more is a fault or an attack.
const (
	MaxOpenUploads   = 8
	MaxPartialBytes  = 2 * bundle.MaxBundleSize
	PartialUploadTTL = 6 * time.Hour
)

// uploadLock serialises requests for one bundle ID.
func (h *Hub) uploadLock(id string) *sync.Mutex {
	h.uploadsMu.Lock()
	defer h.uploadsMu.Unlock()
	m, ok := h.uploads[id]
	if !ok {
		m = &sync.Mutex{}
		h.uploads[id] = m
	}
	return m
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// refuse answers a refusal; the reason also goes into headers, because a
// HEAD answer has no body.
func refuseWith(w http.ResponseWriter, status int, re *bundle.RefusedError) {
	w.Header().Set(transport.HeaderRefusalCode, re.Code)
	w.Header().Set(transport.HeaderRefusalReason, url.QueryEscape(re.Reason))
	writeJSON(w, status, re)
}

// storageError wraps a failure to write the hub's disk or index: the
// township is told the hub cannot store (507), not that its bundle is bad.
type storageError struct{ err error }

func (e *storageError) Error() string { return "hub: cannot store: " + e.err.Error() }
func (e *storageError) Unwrap() error { return e.err }

func refusal(w http.ResponseWriter, err error) {
	var re *bundle.RefusedError
	var se *storageError
	switch {
	case errors.As(err, &re):
		status := http.StatusUnprocessableEntity
		if re.Code == bundle.CodeOversized {
			status = http.StatusRequestEntityTooLarge
		}
		refuseWith(w, status, re)
	case errors.As(err, &se):
		writeJSON(w, http.StatusInsufficientStorage, &bundle.RefusedError{Code: "storage", Reason: "县级平台无法保存（存储空间不足或磁盘故障）"})
	default:
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

func (h *Hub) apiPing(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "deputyhub")
}

// authTownship checks the request's township signature against the enrolled
// key and its time against the hub's clock. It reads nothing but headers and
// touches no file; on failure it has answered 401 and returns ok=false.
func (h *Hub) authTownship(w http.ResponseWriter, r *http.Request) (hubstore.Township, bool) {
	code := r.Header.Get(transport.HeaderTownship)
	fail := func(c, reason string) (hubstore.Township, bool) {
		refuseWith(w, http.StatusUnauthorized, &bundle.RefusedError{Code: c, Reason: reason})
		return hubstore.Township{}, false
	}
	if code == "" || r.Header.Get(transport.HeaderSignature) == "" {
		return fail(bundle.CodeUnsigned, "请求没有乡镇签名，已拒绝")
	}
	t, err := h.store.Township(r.Context(), code)
	if err != nil || t.Revoked() {
		return fail(bundle.CodeUnknownKey, "乡镇（代码 "+code+"）未在县级平台登记或登记已撤销，请先提交登记申请文件")
	}
	ts, err := strconv.ParseInt(r.Header.Get(transport.HeaderTime), 10, 64)
	if err != nil {
		return fail(bundle.CodeSignature, "请求时间无效")
	}
	sig, err := base64.StdEncoding.DecodeString(r.Header.Get(transport.HeaderSignature))
	msg := transport.SigningMessage(r.Method, r.URL.Path, code, r.Header.Get(transport.HeaderSHA256), r.Header.Get(transport.HeaderLength), ts)
	if err != nil || len(sig) != ed25519.SignatureSize || !ed25519.Verify(t.PublicKey, msg, sig) {
		return fail(bundle.CodeSignature, "签名校验失败：请求不是由已登记的“"+t.Name+"”密钥签发")
	}
	if d := h.Now().Sub(time.Unix(ts, 0)); d > transport.MaxClockSkew || d < -transport.MaxClockSkew {
		// The hub's own clock, so the township can sign again with it.
		w.Header().Set("Date", h.Now().UTC().Format(http.TimeFormat))
		return fail(transport.CodeStale, "本机时间与县级平台相差过大，请校准电脑的日期和时间")
	}
	return t, true
}

func (h *Hub) apiBundle(w http.ResponseWriter, r *http.Request) {
	t, ok := h.authTownship(w, r)
	if !ok {
		return
	}
	rec, b, err := h.receipt(r.Context(), r.PathValue("id"))
	if errors.Is(err, hubstore.ErrNotFound) || (err == nil && b.TownshipCode != t.Code) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		refusal(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

// apiVerdicts gives a township every verdict on its bundles in one answer.
func (h *Hub) apiVerdicts(w http.ResponseWriter, r *http.Request) {
	t, ok := h.authTownship(w, r)
	if !ok {
		return
	}
	if r.PathValue("code") != t.Code {
		http.NotFound(w, r)
		return
	}
	bs, err := h.store.Verdicts(r.Context(), t.Code)
	if err != nil {
		refusal(w, err)
		return
	}
	out := []transport.Receipt{}
	for _, b := range bs {
		rec, _ := receiptFor(b, b.SHA256)
		out = append(out, rec)
	}
	writeJSON(w, http.StatusOK, out)
}

// apiTownship tells a township whether and with which key it is enrolled, so
// it need not send a whole bundle over a slow line only to be refused.
func (h *Hub) apiTownship(w http.ResponseWriter, r *http.Request) {
	k, ok := h.key(r.PathValue("code"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, transport.Enrolment{Code: r.PathValue("code"), PublicKey: k})
}

// partPaths are the unfinished upload and the hash it belongs to, in the
// township's own folder, so one township can never touch another's.
func (h *Hub) partPaths(code, id string) (data, meta string) {
	base := filepath.Join(h.dir, "incoming", code, id)
	return base + ".part", base + ".sha"
}

// partOffset returns how much of an upload of sha is held. It creates
// nothing: a partial upload of other content counts as none, and is
// replaced only when a PATCH brings bytes.
func (h *Hub) partOffset(code, id, sha string) int64 {
	data, meta := h.partPaths(code, id)
	old, err := os.ReadFile(meta)
	if err != nil || string(old) != sha {
		return 0
	}
	fi, err := os.Stat(data)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func uploadHeaders(r *http.Request) (id, sha string, length int64, ok bool) {
	id, sha = r.PathValue("id"), r.Header.Get(transport.HeaderSHA256)
	length, err := strconv.ParseInt(r.Header.Get(transport.HeaderLength), 10, 64)
	return id, sha, length, idRe.MatchString(id) && shaRe.MatchString(sha) && err == nil && length > 0
}

func tooLarge(length int64) *bundle.RefusedError {
	return &bundle.RefusedError{Code: bundle.CodeOversized, Reason: "上报包大小 " + bundle.HumanSize(length) + " 超过上限 " + bundle.HumanSize(bundle.MaxBundleSize)}
}

func (h *Hub) apiHead(w http.ResponseWriter, r *http.Request) {
	id, sha, length, ok := uploadHeaders(r)
	if !ok {
		http.Error(w, "bad upload headers", http.StatusBadRequest)
		return
	}
	t, ok := h.authTownship(w, r)
	if !ok {
		return
	}
	if length > bundle.MaxBundleSize {
		refuseWith(w, http.StatusRequestEntityTooLarge, tooLarge(length))
		return
	}
	mu := h.uploadLock(t.Code + "/" + id)
	mu.Lock()
	defer mu.Unlock()
	off := h.partOffset(t.Code, id, sha)
	w.Header().Set(transport.HeaderOffset, strconv.FormatInt(off, 10))
	w.Header().Set(transport.HeaderLength, strconv.FormatInt(length, 10))
	w.WriteHeader(http.StatusOK)
}

// writeErrWriter remembers whether a failure came from the disk, not the
// network, so a full disk is answered as such.
type writeErrWriter struct {
	f   *os.File
	err error
}

func (w *writeErrWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		w.err = err
	}
	return n, err
}

func (h *Hub) apiPatch(w http.ResponseWriter, r *http.Request) {
	id, sha, length, ok := uploadHeaders(r)
	off, err := strconv.ParseInt(r.Header.Get(transport.HeaderOffset), 10, 64)
	if !ok || err != nil || off < 0 || off >= length {
		http.Error(w, "bad upload headers", http.StatusBadRequest)
		return
	}
	t, ok := h.authTownship(w, r)
	if !ok {
		return
	}
	if length > bundle.MaxBundleSize {
		refusal(w, tooLarge(length))
		return
	}
	// A repeat of a bundle already held is answered from the index.
	if rec, b, err := h.receipt(r.Context(), id); err == nil {
		if rec.SHA256 != sha || b.TownshipCode != t.Code {
			refusal(w, &bundle.RefusedError{Code: bundle.CodeConflict, Reason: "同一上报包编号已收到过不同的内容，已拒收（更正请生成新版本）"})
			return
		}
		writeJSON(w, http.StatusOK, rec)
		return
	}
	mu := h.uploadLock(t.Code + "/" + id)
	mu.Lock()
	defer mu.Unlock()
	cur := h.partOffset(t.Code, id, sha)
	if off != cur {
		w.Header().Set(transport.HeaderOffset, strconv.FormatInt(cur, 10))
		w.WriteHeader(http.StatusConflict)
		return
	}
	dataPath, metaPath := h.partPaths(t.Code, id)
	if cur == 0 {
		// A new partial upload: keep the township within its limits,
		// dropping its own oldest and expired ones first.
		h.makeRoom(t.Code, id, length)
		os.Remove(dataPath)
		if err := writeFileSync(metaPath, []byte(sha)); err != nil {
			refusal(w, &storageError{err})
			return
		}
	}
	f, err := os.OpenFile(dataPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		refusal(w, &storageError{err})
		return
	}
	// A stalled body must not hold the upload (and its lock) for long.
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(h.BodyTimeout))
	// Keep every byte that arrived, even when the link breaks mid-body: the
	// next attempt resumes after it.
	ww := &writeErrWriter{f: f}
	n, copyErr := io.Copy(ww, io.LimitReader(r.Body, length-off))
	syncErr := f.Sync()
	f.Close()
	if ww.err != nil || syncErr != nil {
		// Keep what was written before; the township resumes later.
		if ww.err != nil {
			os.Truncate(dataPath, cur)
		}
		refusal(w, &storageError{errors.Join(ww.err, syncErr)})
		return
	}
	cur += n
	if copyErr != nil {
		return // the client is gone or too slow; nobody reads an answer
	}
	if cur < length {
		w.Header().Set(transport.HeaderOffset, strconv.FormatInt(cur, 10))
		w.WriteHeader(http.StatusNoContent)
		return
	}
	data, err := os.ReadFile(dataPath)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h.dropPart(t.Code, id)
	if got := sha256Hex(data); got != sha {
		// Damaged in transit: start again from zero.
		w.Header().Set(transport.HeaderOffset, "0")
		w.Header().Set(transport.HeaderRefusalCode, transport.CodeDamaged)
		w.WriteHeader(http.StatusConflict)
		return
	}
	rec, err := h.accept(r.Context(), data, "网络", t.Code)
	if err != nil {
		refusal(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, rec)
}

func (h *Hub) dropPart(code, id string) {
	data, meta := h.partPaths(code, id)
	os.Remove(data)
	os.Remove(meta)
}

// makeRoom drops a township's expired partial uploads, then its oldest ones
// until a new upload of length bytes fits its limits.
func (h *Hub) makeRoom(code, keep string, length int64) {
	dir := filepath.Join(h.dir, "incoming", code)
	entries, _ := os.ReadDir(dir)
	type part struct {
		id   string
		size int64
		mod  time.Time
	}
	var parts []part
	var total int64
	for _, e := range entries {
		name := e.Name()
		if filepath.Ext(name) != ".sha" {
			continue
		}
		id := name[:len(name)-len(".sha")]
		if id == keep {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		p := part{id: id, mod: fi.ModTime()}
		if di, err := os.Stat(filepath.Join(dir, id+".part")); err == nil {
			p.size = di.Size()
			if di.ModTime().After(p.mod) {
				p.mod = di.ModTime()
			}
		}
		if time.Since(p.mod) > PartialUploadTTL {
			h.dropPart(code, id)
			continue
		}
		parts = append(parts, p)
		total += p.size
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].mod.Before(parts[j].mod) })
	for len(parts) > 0 && (len(parts)+1 > MaxOpenUploads || total+length > MaxPartialBytes) {
		h.dropPart(code, parts[0].id)
		total -= parts[0].size
		parts = parts[1:]
	}
}

// dropStaleParts removes every partial upload nobody has resumed within
// age, so abandoned attempts do not fill the disk.
func (h *Hub) dropStaleParts(age time.Duration) {
	root := filepath.Join(h.dir, "incoming")
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if fi, err := d.Info(); err == nil && time.Since(fi.ModTime()) > age {
			os.Remove(p)
		}
		return nil
	})
}

// sweepParts drops stale partial uploads every half hour until ctx ends.
func (h *Hub) sweepParts(ctx context.Context) {
	t := time.NewTicker(30 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			h.dropStaleParts(PartialUploadTTL)
		}
	}
}
