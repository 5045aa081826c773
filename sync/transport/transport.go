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
//	GET   /api/v1/bundles/{id}       200 Receipt JSON if the hub already holds
//	                                 the bundle, 404 otherwise
//	HEAD  /api/v1/uploads/{id}       Upload-Offset: bytes the hub holds of an
//	                                 unfinished upload (0 if none); the request
//	                                 carries Bundle-SHA256 and Upload-Length, a
//	                                 partial upload of other content restarts
//	PATCH /api/v1/uploads/{id}       body = bytes from Upload-Offset on;
//	                                 204 + Upload-Offset  stored, send more
//	                                 201 Receipt JSON     complete and accepted
//	                                 200 Receipt JSON     already held (repeat)
//	                                 409 + Upload-Offset  offset mismatch, resume there
//	                                 422 Refusal JSON     refused for good, with reason
//
// The hub stores whatever part of a PATCH body arrived before a connection
// broke, so a resumed upload sends only what is missing. When the last byte
// arrives the hub checks the SHA-256, the signature and the manifest, keeps
// one copy per bundle ID and answers a repeat with the same receipt.
package transport

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
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
)

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

	sent atomic.Int64
}

// NewClient returns a client with defaults for a slow link: 256 KiB chunks
// (8 s at 256 kbit/s) and two minutes per request.
func NewClient(baseURL string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), HTTP: &http.Client{}, ChunkSize: 256 << 10, RequestTimeout: 2 * time.Minute}
}

// Sent reports the bundle bytes this client has handed to the network.
func (c *Client) Sent() int64 { return c.sent.Load() }

// ErrUnreachable wraps failures to reach the hub at all.
var ErrUnreachable = errors.New("transport: hub unreachable")

func (c *Client) do(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.RequestTimeout)
	defer cancel()
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
	req, _ := http.NewRequest(http.MethodGet, c.BaseURL+"/api/v1/ping", nil)
	resp, _, err := c.do(ctx, req)
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
	req, _ := http.NewRequest(http.MethodGet, c.BaseURL+"/api/v1/townships/"+code, nil)
	resp, body, err := c.do(ctx, req)
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
	req, _ := http.NewRequest(http.MethodGet, c.BaseURL+"/api/v1/bundles/"+id, nil)
	resp, body, err := c.do(ctx, req)
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
	for {
		if err := ctx.Err(); err != nil {
			return Receipt{}, err
		}
		end := min(off+c.ChunkSize, total)
		req, _ := http.NewRequest(http.MethodPatch, c.BaseURL+"/api/v1/uploads/"+id, &countingReader{r: bytes.NewReader(data[off:end]), n: &c.sent})
		req.ContentLength = end - off
		req.Header.Set("Content-Type", ContentType)
		req.Header.Set(HeaderOffset, strconv.FormatInt(off, 10))
		req.Header.Set(HeaderLength, strconv.FormatInt(total, 10))
		req.Header.Set(HeaderSHA256, sha)
		resp, body, err := c.do(ctx, req)
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
			off = n
			if progress != nil {
				progress(off)
			}
		default:
			return Receipt{}, statusError(resp, body)
		}
	}
}

func (c *Client) offset(ctx context.Context, id, sha string, total int64) (int64, error) {
	req, _ := http.NewRequest(http.MethodHead, c.BaseURL+"/api/v1/uploads/"+id, nil)
	req.Header.Set(HeaderSHA256, sha)
	req.Header.Set(HeaderLength, strconv.FormatInt(total, 10))
	resp, body, err := c.do(ctx, req)
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
	if resp.StatusCode == http.StatusUnprocessableEntity || resp.StatusCode == http.StatusRequestEntityTooLarge {
		var r bundle.RefusedError
		if json.Unmarshal(body, &r) == nil && r.Reason != "" {
			return &r
		}
		if resp.StatusCode == http.StatusRequestEntityTooLarge {
			return &bundle.RefusedError{Code: bundle.CodeOversized, Reason: "上报包超过县级平台允许的大小"}
		}
		return &bundle.RefusedError{Code: "refused", Reason: "县级平台拒收（" + resp.Status + "）"}
	}
	return &StatusError{Code: resp.StatusCode, Status: resp.Status}
}

// StatusError is an unexpected HTTP status; it is worth retrying.
type StatusError struct {
	Code   int
	Status string
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
	case errors.Is(err, context.DeadlineExceeded):
		return "网络太慢或中断，等待重试"
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
