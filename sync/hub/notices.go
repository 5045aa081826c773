package hub

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/sync/bundle"
	"deputydesk/sync/hub/hubstore"
	"deputydesk/sync/notice"
	"deputydesk/sync/transport"
)

// signingKeyFile holds the seed of the hub's own Ed25519 key, with which it
// signs what it sends down (county notices). Back it up with the data
// folder: a new key means every township must take a new enrolment reply.
const signingKeyFile = "hub-signing.key"

// loadSigningKey reads the hub's key, making it on first start.
func loadSigningKey(dir string) (ed25519.PrivateKey, error) {
	path := filepath.Join(dir, signingKeyFile)
	seed, err := os.ReadFile(path)
	if err == nil {
		if len(seed) != ed25519.SeedSize {
			return nil, fmt.Errorf("hub: %s is damaged (%d bytes)", path, len(seed))
		}
		return ed25519.NewKeyFromSeed(seed), nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("hub: read signing key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("hub: make signing key: %w", err)
	}
	if err := writeFileSync(path, priv.Seed()); err != nil {
		return nil, fmt.Errorf("hub: save signing key: %w", err)
	}
	os.Chmod(path, 0o600)
	return priv, nil
}

// PublicKey is the hub's notice-signing public key.
func (h *Hub) PublicKey() ed25519.PublicKey { return h.signer.Public().(ed25519.PublicKey) }

// KeyFingerprint is the short form of the hub's key a township compares.
func (h *Hub) KeyFingerprint() string { return store.KeyFingerprint(h.PublicKey()) }

// Publish numbers, signs and keeps a county notice for every township, and
// records who published it. The township takes it on its next connection.
func (h *Hub) Publish(ctx context.Context, n store.CountyNotice, who string) (hubstore.Notice, error) {
	h.publishMu.Lock()
	defer h.publishMu.Unlock()
	serial, err := h.store.NextNoticeSerial(ctx)
	if err != nil {
		return hubstore.Notice{}, err
	}
	n.Serial, n.PublishedAt, n.PublishedBy = serial, h.Now(), who
	if err := n.Validate(); err != nil {
		return hubstore.Notice{}, err
	}
	signed, err := notice.Sign(n, h.signer)
	if err != nil {
		return hubstore.Notice{}, err
	}
	row := hubstore.Notice{Serial: serial, Title: n.Title, PublishedAt: n.PublishedAt, Account: who, Signed: signed}
	if err := h.store.AddNotice(ctx, row); err != nil {
		return row, err
	}
	if n.DeadlineDay != 0 {
		h.DeadlineDay = n.DeadlineDay // the matrix follows what the townships were told
	}
	h.audit(ctx, who, "发布通知", "第"+strconv.FormatInt(serial, 10)+"号", n.Title+"："+noticeSummary(n), "")
	return row, nil
}

// noticeSummary is the audit line of what a notice carries.
func noticeSummary(n store.CountyNotice) string {
	var s string
	if h := n.Holidays; h != nil {
		off, work := 0, 0
		for _, d := range h.Days {
			if d.Kind == store.HolidayWork {
				work++
			} else {
				off++
			}
		}
		s += fmt.Sprintf("%d年放假 %d 天、调休上班 %d 天；", h.Year, off, work)
	}
	if r := n.Rules; r != nil {
		s += fmt.Sprintf("%d年度评分细则 %d 项；", r.Year, len(r.Items))
	}
	if n.DeadlineDay != 0 {
		s += fmt.Sprintf("上报截止日每月%d日；", n.DeadlineDay)
	}
	return strings.TrimSuffix(s, "；")
}

// NoticeContent decodes a kept publication (signed by this hub).
func (h *Hub) NoticeContent(n hubstore.Notice) (store.CountyNotice, error) {
	return notice.Verify(n.Signed, h.PublicKey())
}

// apiNotices gives a signed township request the notices after ?after=N.
func (h *Hub) apiNotices(w http.ResponseWriter, r *http.Request) {
	t, ok := h.authTownship(w, r)
	if !ok {
		return
	}
	if r.PathValue("code") != t.Code {
		http.NotFound(w, r)
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	ns, err := h.store.Notices(r.Context(), after)
	if err != nil {
		refusal(w, err)
		return
	}
	out := []transport.NoticeFile{}
	for _, n := range ns {
		out = append(out, transport.NoticeFile{Serial: n.Serial, File: n.Signed})
	}
	writeJSON(w, http.StatusOK, out)
}

// CountyKeyInfo is the hub's public key as /api/v1/county-key gives it.
type CountyKeyInfo struct {
	PublicKey   []byte `json:"public_key"`
	Fingerprint string `json:"fingerprint"`
}

// apiCountyKey tells a township the hub's notice key on its first
// connection (when it has no enrolment reply); it is public.
func (h *Hub) apiCountyKey(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, CountyKeyInfo{PublicKey: h.PublicKey(), Fingerprint: h.KeyFingerprint()})
}

// EnrolReplyFor makes the enrolment reply for an enrolled township;
// certFile, when the hub serves TLS, is its certificate (PEM).
func (h *Hub) EnrolReplyFor(ctx context.Context, code, hubURL, certFile string) ([]byte, error) {
	t, err := h.store.Township(ctx, code)
	if err != nil || t.Revoked() {
		return nil, fmt.Errorf("乡镇代码 %s 没有登记（或登记已撤销）", code)
	}
	rep := bundle.EnrolReply{Format: bundle.Format, Kind: bundle.EnrolReplyKind, TownshipCode: t.Code, TownshipName: t.Name,
		HubURL: hubURL, CountyKey: h.PublicKey(), Created: h.Now()}
	if certFile != "" {
		pin, err := certPin(certFile)
		if err != nil {
			return nil, err
		}
		rep.CertPin = pin
	}
	return json.MarshalIndent(rep, "", "  ")
}

// certPin is the SHA-256 of the first certificate in a PEM file, as the
// township pins it.
func certPin(certFile string) (string, error) {
	b, err := os.ReadFile(certFile)
	if err != nil {
		return "", fmt.Errorf("无法读取证书文件：%w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "CERTIFICATE" {
		return "", errors.New("证书文件中没有 PEM 格式的证书")
	}
	return notice.CertFingerprint(blk.Bytes), nil
}

// noticeRow is one publication on the page.
type noticeRow struct {
	hubstore.Notice
	Summary string
}

type noticeForm struct {
	Title, Source, Holidays string
	Year, Deadline          string
}

func (h *Hub) pageNotices(w http.ResponseWriter, r *http.Request) {
	h.renderNotices(w, r, http.StatusOK, noticeForm{}, "")
}

func (h *Hub) renderNotices(w http.ResponseWriter, r *http.Request, status int, f noticeForm, msg string) {
	ns, err := h.store.Notices(r.Context(), 0)
	if err != nil {
		http.Error(w, "读取数据出错", http.StatusInternalServerError)
		return
	}
	var rows []noticeRow
	for i := len(ns) - 1; i >= 0; i-- {
		row := noticeRow{Notice: ns[i]}
		if c, err := h.NoticeContent(ns[i]); err == nil {
			row.Summary = noticeSummary(c)
		}
		rows = append(rows, row)
	}
	if f.Year == "" {
		f.Year = strconv.Itoa(h.Now().In(calendar.Beijing).Year() + 1)
	}
	h.render(w, status, "notices.html", map[string]any{"User": account(r), "Notices": rows, "HubKey": h.KeyFingerprint(), "Form": f, "Error": msg})
}

// publishForm publishes what a 审核 clerk filled in; a mistake is shown on
// the form with the row at fault and nothing is published.
func (h *Hub) publishForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, notice.MaxSize)
	if err := r.ParseMultipartForm(notice.MaxSize); err != nil {
		h.renderNotices(w, r, http.StatusBadRequest, noticeForm{}, "表单过大或无法读取")
		return
	}
	f := noticeForm{Title: r.FormValue("title"), Source: r.FormValue("source"), Holidays: r.FormValue("holidays"),
		Year: r.FormValue("year"), Deadline: r.FormValue("deadline")}
	n, err := noticeFromForm(f, r)
	if err == nil {
		_, err = h.Publish(r.Context(), n, account(r).Name)
	}
	if err != nil {
		h.renderNotices(w, r, http.StatusUnprocessableEntity, f, "未发布："+notice.Message(err))
		return
	}
	http.Redirect(w, r, "/notices", http.StatusSeeOther)
}

func noticeFromForm(f noticeForm, r *http.Request) (store.CountyNotice, error) {
	n := store.CountyNotice{Title: f.Title}
	if t := f.Holidays; t != "" {
		year, err := strconv.Atoi(f.Year)
		if err != nil {
			return n, errors.New("节假日年份应为四位数字")
		}
		if n.Holidays, err = notice.ParseHolidays(year, f.Source, t); err != nil {
			return n, err
		}
	}
	if file, _, err := r.FormFile("rules"); err == nil {
		defer file.Close()
		rules, err := notice.ReadRules(file)
		if err != nil {
			return n, err
		}
		n.Rules = &rules
	}
	if f.Deadline != "" {
		d, err := strconv.Atoi(f.Deadline)
		if err != nil {
			return n, errors.New("上报截止日应为1到28之间的数字")
		}
		n.DeadlineDay = d
	}
	return n, nil
}

// rulesTemplate downloads the 细则 of the latest publication, else the
// default, as the JSON a clerk edits and uploads again.
func (h *Hub) rulesTemplate(w http.ResponseWriter, r *http.Request) {
	rules := h.LatestRules(r.Context())
	b, _ := json.MarshalIndent(rules, "", "  ")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="scoring-rules-%d.json"`, rules.Year))
	h.audit(r.Context(), account(r).Name, "下载评分细则模板", strconv.Itoa(rules.Year), "", remoteIP(r))
	w.Write(b)
}

// LatestRules is the 细则 last published, else the default for next year.
func (h *Hub) LatestRules(ctx context.Context) store.ScoringRules {
	ns, _ := h.store.Notices(ctx, 0)
	for i := len(ns) - 1; i >= 0; i-- {
		if c, err := h.NoticeContent(ns[i]); err == nil && c.Rules != nil {
			return *c.Rules
		}
	}
	return store.DefaultScoringRules(h.Now().In(calendar.Beijing).Year() + 1)
}

func (h *Hub) noticeDownload(w http.ResponseWriter, r *http.Request) {
	serial, _ := strconv.ParseInt(r.PathValue("serial"), 10, 64)
	n, err := h.store.Notice(r.Context(), serial)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	h.audit(r.Context(), account(r).Name, "下载通知文件", "第"+strconv.FormatInt(serial, 10)+"号", n.Title, remoteIP(r))
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="county-%d%s"`, serial, notice.FileExt))
	w.Write(n.Signed)
}

// enrolReplyDownload gives the enrolment reply of a township; the hub's
// address is the one the clerk's browser used.
func (h *Hub) enrolReplyDownload(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	b, err := h.EnrolReplyFor(r.Context(), code, scheme+"://"+r.Host, h.CertFile)
	if err != nil {
		h.message(w, r, "无法生成登记回执", err.Error(), "/townships")
		return
	}
	h.audit(r.Context(), account(r).Name, "下载登记回执", code, "", remoteIP(r))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="enrol-reply-%s.json"`, code))
	w.Write(b)
}

// publishedDeadline is the deadline day of the latest notice that set one.
func (h *Hub) publishedDeadline(ctx context.Context) int {
	ns, _ := h.store.Notices(ctx, 0)
	for i := len(ns) - 1; i >= 0; i-- {
		if c, err := h.NoticeContent(ns[i]); err == nil && c.DeadlineDay != 0 {
			return c.DeadlineDay
		}
	}
	return 0
}
