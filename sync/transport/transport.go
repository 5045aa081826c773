// Package transport is the township side of delivering a bundle to the
// county hub over HTTP(S): idempotent and resumable.
//
// The protocol is a small subset of tus 1.0's core (HEAD for the offset,
// PATCH to append) keyed by the bundle ID, so an upload survives a dropped
// link and a restarted program without any state on the client beyond the
// bundle itself:
//
//	GET   /api/v1/ping               200 when the hub is up
//	GET   /api/v1/townships/{code}   200 Enrolment JSON (the enrolled public
//	                                 key), 404 if the township is not enrolled
//	GET   /api/v1/townships/{code}/verdicts
//	                                 200 [Receipt] of every judged bundle
//	GET   /api/v1/bundles/{id}       200 Receipt JSON if the hub already holds
//	                                 the bundle, 404 otherwise
//	GET   /api/v1/townships/{code}/notices?after=N
//	                                 200 [{serial, file}] county notices after N,
//	                                 each a file signed by the hub (package notice)
//	GET   /api/v1/county-key         200 the hub's notice-signing public key
//	HEAD  /api/v1/uploads/{id}       Upload-Offset: bytes the hub holds of an
//	                                 unfinished upload (0 if none); the request
//	                                 carries Bundle-SHA256 and Upload-Length, a
//	                                 partial upload of other content restarts
//	PATCH /api/v1/uploads/{id}       body = bytes from Upload-Offset on;
//	                                 204 + Upload-Offset  stored, send more
//	                                 201 Receipt JSON     complete and accepted
//	                                 200 Receipt JSON     already held (repeat)
//	                                 409 + Upload-Offset  offset mismatch, resume there
//	                                                      (0 + Refusal-Code damaged: the
//	                                                      whole upload failed its SHA-256)
//	                                 507                  the hub cannot store it now
//	                                 422 Refusal JSON     refused for good, with reason
//
// Every request but ping and the enrolment check is signed by the township
// (headers Township-Code, Request-Time, Request-Signature over
// SigningMessage); the hub checks the signature against the enrolled key and
// the time against its clock before it touches the disk, and answers 401
// with a refusal otherwise.
//
// The hub stores whatever part of a PATCH body arrived before a connection
// broke, so a resumed upload sends only what is missing. When the last byte
// arrives the hub checks the SHA-256, the signature and the manifest, keeps
// one copy per bundle ID and answers a repeat with the same receipt.
package transport

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"deputydesk/sync/bundle"
)

// Header names of the protocol.
const (
	HeaderOffset = "Upload-Offset"
	HeaderLength = "Upload-Length"
	HeaderSHA256 = "Bundle-SHA256"
	ContentType  = "application/offset+octet-stream"

	// CodeDamaged marks a 409 to offset 0 because the complete upload did
	// not match its SHA-256.
	CodeDamaged = "damaged"

	// The township signs every upload, receipt and verdict request.
	HeaderTownship  = "Township-Code"
	HeaderTime      = "Request-Time" // Unix seconds
	HeaderSignature = "Request-Signature"
	// A refusal of a HEAD (which has no body) travels in these headers,
	// the reason URL-escaped.
	HeaderRefusalCode   = "Refusal-Code"
	HeaderRefusalReason = "Refusal-Reason"
)

// MaxClockSkew is how far a request's time may be from the hub's clock. A
// township PC whose clock is further off is told the hub's time (the Date
// header) and the client corrects for it.
const MaxClockSkew = 15 * time.Minute

// CodeStale is the refusal code of a request signed too far from the hub's
// time; the client corrects its clock offset and signs again.
const CodeStale = "stale-time"

// SigningMessage is what a township signs for one request: the method, the
// path (which holds the bundle ID), the township code, the bundle's SHA-256
// and length (empty for requests without a bundle) and the time. The hub
// rebuilds it from the request, so a signature fits only that request.
func SigningMessage(method, path, code, sha, length string, unix int64) []byte {
	return []byte("deputyhub-request-v1\n" + method + "\n" + path + "\n" + code + "\n" + sha + "\n" + length + "\n" + strconv.FormatInt(unix, 10))
}

// Signer is the township's identity for requests: its code and signing key.
type Signer struct {
	Code string
	Key  ed25519.PrivateKey
}

func (c *Client) sign(req *http.Request) {
	if c.Signer == nil {
		return
	}
	ts := time.Now().Add(time.Duration(c.skew.Load())).Unix()
	msg := SigningMessage(req.Method, req.URL.Path, c.Signer.Code, req.Header.Get(HeaderSHA256), req.Header.Get(HeaderLength), ts)
	req.Header.Set(HeaderTownship, c.Signer.Code)
	req.Header.Set(HeaderTime, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, base64.StdEncoding.EncodeToString(ed25519.Sign(c.Signer.Key, msg)))
}

// Receipt is the hub's acknowledgement of a bundle, with the county's
// verdict once given.
type Receipt struct {
	BundleID      string    `json:"bundle_id"`
	Number        string    `json:"receipt"`
	ReceivedAt    time.Time `json:"received_at"`
	SHA256        string    `json:"sha256"`
	Verdict       string    `json:"verdict,omitempty"` // "", accepted, returned
	VerdictReason string    `json:"verdict_reason,omitempty"`
	VerdictAt     time.Time `json:"verdict_at,omitzero"`
}

// Client delivers bundles to one hub.
type Client struct {
	BaseURL string
	HTTP    *http.Client
	// ChunkSize is the most bytes sent in one PATCH.
	ChunkSize int64
	// RequestTimeout bounds one request, so a stalled link is noticed.
	RequestTimeout time.Duration
	// Signer signs each request; without it the hub refuses uploads.
	Signer *Signer
	// Retries is how often one request is tried again at once after the
	// link failed or the hub answered 5xx, with a short growing pause
	// (RetryPause, doubling): on a flaky line most failures are one dropped
	// connection, and waiting for the outbox's backoff would cost minutes.
	Retries    int
	RetryPause time.Duration
	// MaxRestarts bounds how often an upload that arrived damaged (its
	// SHA-256 did not match) is started again from zero in one Deliver.
	MaxRestarts int

	sent     atomic.Int64
	requests atomic.Int64
	skew     atomic.Int64 // hub time minus ours, in nanoseconds
}

// NewClient returns a client with defaults for a slow link: 256 KiB chunks
// (8 s at 256 kbit/s) and two minutes per request.
func NewClient(baseURL string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), HTTP: &http.Client{}, ChunkSize: 256 << 10, RequestTimeout: 2 * time.Minute,
		Retries: 3, RetryPause: 200 * time.Millisecond, MaxRestarts: 2}
}

// Sent reports the bundle bytes this client has handed to the network.
func (c *Client) Sent() int64 { return c.sent.Load() }

// Requests reports how many HTTP requests this client has made.
func (c *Client) Requests() int64 { return c.requests.Load() }

// ErrCorrupted means an upload kept arriving damaged; it is worth trying
// again later, but not at once without end.
var ErrCorrupted = errors.New("transport: upload arrived damaged repeatedly")

// ErrUnreachable wraps failures to reach the hub at all.
var ErrUnreachable = errors.New("transport: hub unreachable")

// do sends the request newReq makes (a fresh one per attempt, so a body is
// rewound), signed, retrying at once a few times when the link failed or the
// hub answered 5xx. A request refused because this PC's clock is off is
// signed again once with the hub's time. It returns the last answer or error.
func (c *Client) do(ctx context.Context, newReq func() *http.Request) (*http.Response, []byte, error) {
	pause := c.RetryPause
	clockFixed := false
	for attempt := 0; ; {
		resp, body, err := c.once(ctx, newReq())
		if err == nil && resp.StatusCode == http.StatusUnauthorized && resp.Header.Get(HeaderRefusalCode) == CodeStale && !clockFixed {
			if d, perr := http.ParseTime(resp.Header.Get("Date")); perr == nil {
				c.skew.Store(int64(time.Until(d)))
				clockFixed = true
				continue
			}
		}
		retry := err != nil || (resp.StatusCode >= 500 && resp.StatusCode != http.StatusInsufficientStorage)
		if !retry || attempt >= c.Retries || ctx.Err() != nil {
			return resp, body, err
		}
		attempt++
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return resp, body, err
		case <-t.C:
		}
		pause *= 2
	}
}

func (c *Client) once(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.RequestTimeout)
	defer cancel()
	c.sign(req)
	c.requests.Add(1)
	resp, err := c.HTTP.Do(req.WithContext(ctx))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: read answer: %w", ErrUnreachable, err)
	}
	return resp, body, nil
}

// Ping checks that the hub answers.
func (c *Client) Ping(ctx context.Context) error {
	resp, _, err := c.do(ctx, func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, c.BaseURL+"/api/v1/ping", nil)
		return req
	})
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%w: ping answered %s", ErrUnreachable, resp.Status)
	}
	return nil
}

// Enrolment is what the hub knows of an enrolled township.
type Enrolment struct {
	Code      string `json:"code"`
	PublicKey []byte `json:"public_key"`
}

// Enrolled returns the public key the hub holds for a township code, or
// found=false if it is not enrolled.
func (c *Client) Enrolled(ctx context.Context, code string) (key []byte, found bool, err error) {
	resp, body, err := c.do(ctx, func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, c.BaseURL+"/api/v1/townships/"+code, nil)
		return req
	})
	if err != nil {
		return nil, false, err
	}
	switch resp.StatusCode {
	case http.StatusOK:
		var e Enrolment
		if err := json.Unmarshal(body, &e); err != nil {
			return nil, false, fmt.Errorf("transport: bad enrolment: %w", err)
		}
		return e.PublicKey, true, nil
	case http.StatusNotFound:
		return nil, false, nil
	}
	return nil, false, statusError(resp, body)
}

// Lookup returns the hub's receipt for a bundle, or found=false.
func (c *Client) Lookup(ctx context.Context, id string) (r Receipt, found bool, err error) {
	resp, body, err := c.do(ctx, func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, c.BaseURL+"/api/v1/bundles/"+id, nil)
		return req
	})
	if err != nil {
		return r, false, err
	}
	switch resp.StatusCode {
	case http.StatusOK:
		if err := json.Unmarshal(body, &r); err != nil {
			return r, false, fmt.Errorf("transport: bad receipt: %w", err)
		}
		return r, true, nil
	case http.StatusNotFound:
		return r, false, nil
	}
	return r, false, statusError(resp, body)
}

// Verdicts returns the county's verdicts on this township's bundles (every
// bundle judged so far, with the latest verdict), in one request, so a
// verdict changed later (已接收 → 退回 and back) reaches the township too.
func (c *Client) Verdicts(ctx context.Context) ([]Receipt, error) {
	if c.Signer == nil {
		return nil, errors.New("transport: verdicts need the township's signer")
	}
	resp, body, err := c.do(ctx, func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, c.BaseURL+"/api/v1/townships/"+c.Signer.Code+"/verdicts", nil)
		return req
	})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, statusError(resp, body)
	}
	var out []Receipt
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("transport: bad verdict list: %w", err)
	}
	return out, nil
}

// NoticeFile is one county notice as the hub sends it: the signed file,
// which the township verifies itself (package notice).
type NoticeFile struct {
	Serial int64  `json:"serial"`
	File   []byte `json:"file"`
}

// Notices returns the county notices published after serial after, in one
// signed request.
func (c *Client) Notices(ctx context.Context, after int64) ([]NoticeFile, error) {
	if c.Signer == nil {
		return nil, errors.New("transport: notices need the township's signer")
	}
	resp, body, err := c.do(ctx, func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, c.BaseURL+"/api/v1/townships/"+c.Signer.Code+"/notices?after="+strconv.FormatInt(after, 10), nil)
		return req
	})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, statusError(resp, body)
	}
	var out []NoticeFile
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("transport: bad notice list: %w", err)
	}
	return out, nil
}

// CountyKey returns the hub's notice-signing public key, which a township
// without an enrolment reply records on its first connection.
func (c *Client) CountyKey(ctx context.Context) (ed25519.PublicKey, error) {
	resp, body, err := c.do(ctx, func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, c.BaseURL+"/api/v1/county-key", nil)
		return req
	})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, statusError(resp, body)
	}
	var k struct {
		PublicKey []byte `json:"public_key"`
	}
	if err := json.Unmarshal(body, &k); err != nil || len(k.PublicKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("transport: bad county key")
	}
	return k.PublicKey, nil
}

// Deliver sends a bundle, resuming an earlier partial upload, and returns the
// hub's receipt. progress (may be nil) hears each offset the hub confirms.
// A *bundle.RefusedError means the hub will never take this bundle; any other
// error is worth retrying later.
func (c *Client) Deliver(ctx context.Context, id string, data []byte, progress func(offset int64)) (Receipt, error) {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if r, found, err := c.Lookup(ctx, id); err != nil {
		return Receipt{}, err
	} else if found {
		if r.SHA256 != sha {
			return Receipt{}, &bundle.RefusedError{Code: bundle.CodeConflict, Reason: "县级平台已收到同一编号但内容不同的上报包"}
		}
		return r, nil
	}
	total := int64(len(data))
	off, err := c.offset(ctx, id, sha, total)
	if err != nil {
		return Receipt{}, err
	}
	if progress != nil {
		progress(off)
	}
	restarts := 0
	for {
		if err := ctx.Err(); err != nil {
			return Receipt{}, err
		}
		end := min(off+c.ChunkSize, total)
		resp, body, err := c.do(ctx, func() *http.Request {
			req, _ := http.NewRequest(http.MethodPatch, c.BaseURL+"/api/v1/uploads/"+id, &countingReader{r: bytes.NewReader(data[off:end]), n: &c.sent})
			req.ContentLength = end - off
			req.Header.Set("Content-Type", ContentType)
			req.Header.Set(HeaderOffset, strconv.FormatInt(off, 10))
			req.Header.Set(HeaderLength, strconv.FormatInt(total, 10))
			req.Header.Set(HeaderSHA256, sha)
			return req
		})
		if err != nil {
			return Receipt{}, err
		}
		switch resp.StatusCode {
		case http.StatusOK, http.StatusCreated:
			var r Receipt
			if err := json.Unmarshal(body, &r); err != nil {
				return Receipt{}, fmt.Errorf("transport: bad receipt: %w", err)
			}
			if progress != nil {
				progress(total)
			}
			return r, nil
		case http.StatusNoContent, http.StatusConflict:
			n, err := strconv.ParseInt(resp.Header.Get(HeaderOffset), 10, 64)
			if err != nil || n < 0 || n > total {
				return Receipt{}, fmt.Errorf("transport: bad %s %q", HeaderOffset, resp.Header.Get(HeaderOffset))
			}
			if resp.StatusCode == http.StatusNoContent && n <= off {
				return Receipt{}, fmt.Errorf("transport: hub made no progress at offset %d", off)
			}
			if resp.StatusCode == http.StatusConflict && resp.Header.Get(HeaderRefusalCode) == CodeDamaged {
				// The whole upload arrived damaged; start again, but not forever.
				if restarts++; restarts > c.MaxRestarts {
					return Receipt{}, ErrCorrupted
				}
			}
			off = n
			if progress != nil {
				progress(off)
			}
		default:
			return Receipt{}, statusError(resp, body)
		}
	}
}

// Offset asks the hub how much of an upload of data it holds.
func (c *Client) Offset(ctx context.Context, id string, data []byte) (int64, error) {
	sum := sha256.Sum256(data)
	return c.offset(ctx, id, hex.EncodeToString(sum[:]), int64(len(data)))
}

func (c *Client) offset(ctx context.Context, id, sha string, total int64) (int64, error) {
	resp, body, err := c.do(ctx, func() *http.Request {
		req, _ := http.NewRequest(http.MethodHead, c.BaseURL+"/api/v1/uploads/"+id, nil)
		req.Header.Set(HeaderSHA256, sha)
		req.Header.Set(HeaderLength, strconv.FormatInt(total, 10))
		return req
	})
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, statusError(resp, body)
	}
	n, err := strconv.ParseInt(resp.Header.Get(HeaderOffset), 10, 64)
	if err != nil || n < 0 || n > total {
		return 0, fmt.Errorf("transport: bad %s %q", HeaderOffset, resp.Header.Get(HeaderOffset))
	}
	return n, nil
}

// statusError turns an unexpected answer into an error: a refusal (4xx with a
// reason) is permanent, anything else is transient.
func statusError(resp *http.Response, body []byte) error {
	switch resp.StatusCode {
	case http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge, http.StatusUnauthorized:
		var r bundle.RefusedError
		if json.Unmarshal(body, &r) == nil && r.Reason != "" {
			return &r
		}
		if reason, err := url.QueryUnescape(resp.Header.Get(HeaderRefusalReason)); err == nil && reason != "" {
			return &bundle.RefusedError{Code: resp.Header.Get(HeaderRefusalCode), Reason: reason}
		}
		if resp.StatusCode == http.StatusRequestEntityTooLarge {
			return &bundle.RefusedError{Code: bundle.CodeOversized, Reason: "上报包超过县级平台允许的大小"}
		}
		return &bundle.RefusedError{Code: "refused", Reason: "县级平台拒收（" + resp.Status + "）"}
	}
	se := &StatusError{Code: resp.StatusCode, Status: resp.Status}
	var r bundle.RefusedError
	if json.Unmarshal(body, &r) == nil {
		se.Reason = r.Reason
	}
	return se
}

// StatusError is an unexpected HTTP status; it is worth retrying.
type StatusError struct {
	Code   int
	Status string
	Reason string // the hub's Chinese explanation, if it gave one
}

func (e *StatusError) Error() string { return "transport: hub answered " + e.Status }

// Message is a Chinese explanation of a delivery error for the outbox.
func Message(err error) string {
	var re *bundle.RefusedError
	var se *StatusError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &re):
		return "县级平台拒收：" + re.Reason
	case tlsMessage(err) != "":
		return tlsMessage(err)
	case errors.Is(err, context.DeadlineExceeded):
		return "网络太慢或中断，等待重试"
	case errors.Is(err, ErrCorrupted):
		return "上报包多次传输损坏（线路质量差），稍后自动重试"
	case errors.As(err, &se) && se.Code == http.StatusInsufficientStorage:
		return "县级平台无法保存上报包（存储空间不足或磁盘故障），请告知县人大处理；稍后自动重试"
	case errors.As(err, &se) && se.Code == http.StatusTooManyRequests:
		return "县级平台繁忙，稍后自动重试"
	case errors.As(err, &se):
		return fmt.Sprintf("县级平台暂时不可用（%d），等待重试", se.Code)
	case errors.Is(err, ErrUnreachable):
		return "连接不上县级平台，等待网络恢复后重试"
	}
	return "上报出错，等待重试"
}

// countingReader counts bytes as the HTTP client reads the body.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// ErrPinMismatch means the hub's certificate is not the one pinned at
// enrolment: it was replaced, or someone stands between.
var ErrPinMismatch = errors.New("transport: hub certificate does not match the pinned fingerprint")

// tlsMessage explains a TLS failure in Chinese, one message per cause, or
// returns "" when err is not one.
func tlsMessage(err error) string {
	var inv x509.CertificateInvalidError
	var host x509.HostnameError
	var unknown x509.UnknownAuthorityError
	var verr *tls.CertificateVerificationError
	var rec tls.RecordHeaderError
	switch {
	case errors.Is(err, ErrPinMismatch):
		return "县级平台的证书与登记时记录的不同（证书已更换，或有人冒充县级平台），已停止上报；请向县人大核实证书指纹"
	case errors.As(err, &inv) && inv.Reason == x509.Expired:
		return "县级平台的证书已过期或本机日期不对，请核对电脑日期，或请县人大更换证书"
	case errors.As(err, &inv):
		return "县级平台的证书无效（" + inv.Error() + "），请联系县人大"
	case errors.As(err, &host):
		return "县级平台证书上的名称与所填地址不符，请核对县级平台地址（按证书上的名称填写）"
	case errors.As(err, &unknown):
		return "县级平台的证书不是由可信机构签发，请在上报设置中指定县人大提供的CA证书文件"
	case errors.As(err, &verr):
		return "县级平台的证书校验失败：" + verr.Err.Error()
	case errors.As(err, &rec):
		return "县级平台没有使用 HTTPS，请把地址改为 http:// 开头，或请县人大启用证书"
	}
	return ""
}

// TLSConfig makes the client's TLS settings: trust the CA certificates in
// caPEM (if any) in addition to the system's, and, with pin set (the
// SHA-256 of the hub certificate, hex, as `deputyhub` prints it), accept
// only that certificate.
func TLSConfig(caPEM []byte, pin string) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(caPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, errors.New("CA证书文件中没有可用的证书（应为 PEM 格式）")
		}
		cfg.RootCAs = pool
	}
	if pin = strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(pin, ":", ""), "-", "")); pin != "" {
		// A pinned certificate is trusted by itself: the county may use a
		// self-signed one, so the usual chain check is replaced by the pin.
		cfg.InsecureSkipVerify = true
		cfg.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return ErrPinMismatch
			}
			sum := sha256.Sum256(raw[0])
			if hex.EncodeToString(sum[:]) != pin {
				return ErrPinMismatch
			}
			cert, err := x509.ParseCertificate(raw[0])
			if err != nil {
				return err
			}
			if now := time.Now(); now.After(cert.NotAfter) {
				return x509.CertificateInvalidError{Cert: cert, Reason: x509.Expired}
			}
			return nil
		}
	}
	return cfg, nil
}
