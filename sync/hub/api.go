package hub

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"

	"deputydesk/sync/bundle"
	"deputydesk/sync/hub/hubstore"
	"deputydesk/sync/transport"
)

var idRe = regexp.MustCompile(`^[0-9A-Za-z-]{1,64}$`)
var shaRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

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

func refusal(w http.ResponseWriter, err error) {
	var re *bundle.RefusedError
	if errors.As(err, &re) {
		status := http.StatusUnprocessableEntity
		if re.Code == bundle.CodeOversized {
			status = http.StatusRequestEntityTooLarge
		}
		writeJSON(w, status, re)
		return
	}
	http.Error(w, "internal error", http.StatusInternalServerError)
}

func (h *Hub) apiPing(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "deputyhub")
}

func (h *Hub) apiBundle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rec, err := h.Receipt(r.Context(), id)
	if errors.Is(err, hubstore.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		refusal(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rec)
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

// partPaths are the unfinished upload and the hash it belongs to.
func (h *Hub) partPaths(id string) (data, meta string) {
	base := filepath.Join(h.dir, "incoming", id)
	return base + ".part", base + ".sha"
}

// partOffset returns how much of an upload of sha is held, discarding a
// partial upload of other content.
func (h *Hub) partOffset(id, sha string) (int64, error) {
	data, meta := h.partPaths(id)
	old, err := os.ReadFile(meta)
	if err == nil && string(old) == sha {
		fi, err := os.Stat(data)
		if err == nil {
			return fi.Size(), nil
		}
		if !os.IsNotExist(err) {
			return 0, err
		}
	}
	os.Remove(data)
	if err := writeFileSync(meta, []byte(sha)); err != nil {
		return 0, err
	}
	return 0, nil
}

func uploadHeaders(r *http.Request) (id, sha string, length int64, ok bool) {
	id, sha = r.PathValue("id"), r.Header.Get(transport.HeaderSHA256)
	length, err := strconv.ParseInt(r.Header.Get(transport.HeaderLength), 10, 64)
	return id, sha, length, idRe.MatchString(id) && shaRe.MatchString(sha) && err == nil && length > 0
}

func (h *Hub) apiHead(w http.ResponseWriter, r *http.Request) {
	id, sha, length, ok := uploadHeaders(r)
	if !ok {
		http.Error(w, "bad upload headers", http.StatusBadRequest)
		return
	}
	if length > bundle.MaxBundleSize {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return
	}
	mu := h.uploadLock(id)
	mu.Lock()
	defer mu.Unlock()
	off, err := h.partOffset(id, sha)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set(transport.HeaderOffset, strconv.FormatInt(off, 10))
	w.Header().Set(transport.HeaderLength, strconv.FormatInt(length, 10))
	w.WriteHeader(http.StatusOK)
}

func (h *Hub) apiPatch(w http.ResponseWriter, r *http.Request) {
	id, sha, length, ok := uploadHeaders(r)
	off, err := strconv.ParseInt(r.Header.Get(transport.HeaderOffset), 10, 64)
	if !ok || err != nil || off < 0 {
		http.Error(w, "bad upload headers", http.StatusBadRequest)
		return
	}
	if length > bundle.MaxBundleSize {
		refusal(w, &bundle.RefusedError{Code: bundle.CodeOversized, Reason: "上报包大小 " + bundle.HumanSize(length) + " 超过上限 " + bundle.HumanSize(bundle.MaxBundleSize)})
		return
	}
	// A repeat of a bundle already held is answered from the index.
	if rec, err := h.Receipt(r.Context(), id); err == nil {
		if rec.SHA256 != sha {
			refusal(w, &bundle.RefusedError{Code: bundle.CodeConflict, Reason: "同一上报包编号已收到过不同的内容，已拒收（更正请生成新版本）"})
			return
		}
		writeJSON(w, http.StatusOK, rec)
		return
	}
	mu := h.uploadLock(id)
	mu.Lock()
	defer mu.Unlock()
	cur, err := h.partOffset(id, sha)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if off != cur {
		w.Header().Set(transport.HeaderOffset, strconv.FormatInt(cur, 10))
		w.WriteHeader(http.StatusConflict)
		return
	}
	dataPath, _ := h.partPaths(id)
	f, err := os.OpenFile(dataPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	// Keep every byte that arrived, even when the link breaks mid-body: the
	// next attempt resumes after it.
	n, copyErr := io.Copy(f, io.LimitReader(r.Body, length-off))
	syncErr := f.Sync()
	f.Close()
	if syncErr != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	cur += n
	if copyErr != nil {
		return // the client is gone; nobody reads an answer
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
	h.dropPart(id)
	if got := sha256Hex(data); got != sha {
		// Damaged in transit: start again from zero.
		w.Header().Set(transport.HeaderOffset, "0")
		w.WriteHeader(http.StatusConflict)
		return
	}
	rec, err := h.Accept(r.Context(), data, "网络")
	if err != nil {
		refusal(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, rec)
}

func (h *Hub) dropPart(id string) {
	data, meta := h.partPaths(id)
	os.Remove(data)
	os.Remove(meta)
}
