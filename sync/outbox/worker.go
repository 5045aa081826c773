package outbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/cenkalti/backoff/v4"

	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/transport"
)

// State is what the worker is doing, for the GUI's status line.
type State int

// Worker states.
const (
	Idle    State = iota // nothing to send
	NoHub                // no hub address set
	Offline              // hub not reachable; waiting to try again
	Sending              // delivering
	Waiting              // an attempt failed; backing off
	Stopped              // Run has returned
)

// String is the Chinese text shown in the GUI.
func (s State) String() string {
	switch s {
	case Idle:
		return "空闲，没有待上报的内容"
	case NoHub:
		return "未设置县级平台地址"
	case Offline:
		return "连接不上县级平台，稍后自动重试"
	case Sending:
		return "正在上报"
	case Waiting:
		return "上报未完成，稍后自动重试"
	case Stopped:
		return "已停止"
	}
	return "未知"
}

// Worker delivers the outbox in the background. Callers never wait on it:
// Kick only nudges it, and the outbox itself is the queue.
type Worker struct {
	db *store.DB
	// NewClient makes the transport client for a hub URL; tests shorten its
	// timeouts.
	NewClient func(url string) *transport.Client
	// Backoff bounds: the wait doubles with jitter from Min up to Max and
	// resets after a success.
	Min, Max time.Duration
	// Poll is how often an idle worker looks for work and county verdicts.
	Poll time.Duration
	// OnChange, if set, is called (from the worker goroutine) after the state
	// or the outbox changed; the GUI refreshes from it.
	OnChange func()

	kick chan struct{}

	mu      sync.Mutex
	state   State
	lastErr string
	next    time.Time
	client  *transport.Client
	url     string
}

// New returns a worker for db with defaults for a weak link: retries from
// 5 s doubling to 10 minutes, polling every 2 minutes when idle.
func New(db *store.DB) *Worker {
	return &Worker{db: db, NewClient: transport.NewClient, Min: 5 * time.Second, Max: 10 * time.Minute,
		Poll: 2 * time.Minute, kick: make(chan struct{}, 1)}
}

// Kick asks the worker to try now (after queueing, retry, or a settings
// change). It never blocks.
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Status returns the state, the last error in Chinese, and when the next
// automatic attempt is due.
func (w *Worker) Status() (State, string, time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.state, w.lastErr, w.next
}

func (w *Worker) set(s State, msg string, next time.Time) {
	w.mu.Lock()
	w.state, w.lastErr, w.next = s, msg, next
	w.mu.Unlock()
	w.changed()
}

func (w *Worker) changed() {
	if w.OnChange != nil {
		w.OnChange()
	}
}

// Run delivers until ctx ends. It is meant to be supervised: it returns only
// ctx's error.
func (w *Worker) Run(ctx context.Context) error {
	b := backoff.NewExponentialBackOff()
	b.InitialInterval, b.MaxInterval, b.Multiplier = w.Min, w.Max, 2
	b.RandomizationFactor = 0.5 // jitter keeps many townships from retrying in step
	b.MaxElapsedTime = 0        // never give up
	b.Reset()
	for {
		res, err := w.Pass(ctx)
		var wait time.Duration
		switch {
		case ctx.Err() != nil:
			w.set(Stopped, "", time.Time{})
			return ctx.Err()
		case errors.Is(err, ErrNoHub):
			wait = w.Poll
			w.set(NoHub, "", w.db.Now().Add(wait))
		case err != nil:
			// A pass that delivered or moved data proves the link works:
			// start the wait short again, as the CLI loop would.
			if res.Progress > 0 || res.Delivered > 0 || res.Refused > 0 {
				b.Reset()
			}
			wait = b.NextBackOff()
			st := Waiting
			if errors.Is(err, transport.ErrUnreachable) && res.Delivered == 0 {
				st = Offline
			}
			w.set(st, transport.Message(err), w.db.Now().Add(wait))
		default:
			b.Reset()
			wait = w.Poll
			w.set(Idle, "", w.db.Now().Add(wait))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			w.set(Stopped, "", time.Time{})
			return ctx.Err()
		case <-w.kick:
			t.Stop()
		case <-t.C:
		}
	}
}

// ErrNoHub means no hub address is set.
var ErrNoHub = errors.New("outbox: no hub URL set")

// Result says what one pass did.
type Result struct {
	Delivered int // bundles the hub confirmed in this pass
	Refused   int // bundles the hub refused for good (now 失败)
	Verdicts  int // county verdicts newly learned
	Notices   int // county notices newly received (pending)
	// NoticeErrors are the Chinese reasons notices were refused.
	NoticeErrors []string
	// Progress is how many bytes the hub newly confirmed, also when the
	// pass ended in an error: a link that drops mid-upload but moves data is
	// up, so the wait before resuming starts short again.
	Progress int64
	// Items says what happened to each bundle tried, in order.
	Items []Outcome
}

// clientFor returns the client for the settings, made anew when they
// changed; an https hub gets the CA file and the pinned certificate.
func (w *Worker) clientFor(set store.SyncSettings) (*transport.Client, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	id := set.HubURL + "|" + set.CAFile + "|" + set.HubPin
	if w.client != nil && w.url == id {
		return w.client, nil
	}
	c := w.NewClient(set.HubURL)
	if strings.HasPrefix(set.HubURL, "https://") && (set.CAFile != "" || set.HubPin != "") {
		var ca []byte
		if set.CAFile != "" {
			var err error
			if ca, err = os.ReadFile(set.CAFile); err != nil {
				return nil, fmt.Errorf("无法读取CA证书文件“%s”：%w", set.CAFile, err)
			}
		}
		cfg, err := transport.TLSConfig(ca, set.HubPin)
		if err != nil {
			return nil, err
		}
		tr, _ := c.HTTP.Transport.(*http.Transport)
		if tr == nil {
			tr = http.DefaultTransport.(*http.Transport)
		}
		tr = tr.Clone()
		tr.TLSClientConfig = cfg
		hc := *c.HTTP
		hc.Transport = tr
		c.HTTP = &hc
	}
	w.client, w.url = c, id
	return c, nil
}

// Client returns the client of the last pass (for measuring bytes sent).
func (w *Worker) Client() *transport.Client {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.client
}

// checkEnrolment asks the hub whether it knows this township's key, and
// returns the Chinese reason if it does not.
func (w *Worker) checkEnrolment(ctx context.Context, c *transport.Client) (string, error) {
	t, err := w.db.Township(ctx)
	if err != nil {
		return "", err
	}
	key, err := w.db.SyncKey(ctx)
	if err != nil {
		return "", err
	}
	pub, found, err := c.Enrolled(ctx, t.Code)
	switch {
	case err != nil:
		return "", err
	case !found:
		return "本乡镇（代码 " + t.Code + "）尚未在县级平台登记，请导出登记申请文件交县人大登记后重新上报", nil
	case !bytes.Equal(pub, key.Public):
		return "县级平台登记的签名密钥与本机不同（可能换过电脑或重装过），请重新导出登记申请文件交县人大登记后重新上报", nil
	}
	return "", nil
}

// Outcome is what one pass did with one bundle, for `sync run` to report.
type Outcome struct {
	ID, Title string
	Delivered bool
	Refused   bool
	Err       error // transient failure; the bundle waits for the next pass
}

// Text is the Chinese line for the outcome.
func (o Outcome) Text() string {
	switch {
	case o.Delivered:
		return "已上报"
	case o.Refused:
		return "被拒收：" + transport.Message(o.Err)
	case o.Err != nil:
		return "未成功：" + transport.Message(o.Err)
	}
	return ""
}

// Pass tries once to deliver everything waiting, oldest first, and fetches
// the county's verdicts in one request. A bundle that fails is recorded and
// the pass goes on to the next, so one bad bundle or one dropped connection
// does not hold back the rest; only when the hub stops answering at all
// (ping fails after a failure) does the pass stop. It returns the last
// transient failure, if any.
func (w *Worker) Pass(ctx context.Context) (Result, error) {
	var res Result
	set, err := w.db.SyncSettings(ctx)
	if err != nil {
		return res, err
	}
	if set.HubURL == "" {
		return res, ErrNoHub
	}
	t, err := w.db.Township(ctx)
	if err != nil {
		return res, err
	}
	key, err := w.db.SyncKey(ctx)
	if err != nil {
		return res, err
	}
	c, err := w.clientFor(set)
	if err != nil {
		return res, err
	}
	c.Signer = &transport.Signer{Code: t.Code, Key: key.Private}
	if err := c.Ping(ctx); err != nil {
		return res, err
	}
	items, err := w.db.ToSend(ctx)
	if err != nil {
		return res, err
	}
	if len(items) > 0 {
		reason, err := w.checkEnrolment(ctx, c)
		if err != nil {
			return res, err
		}
		if reason != "" {
			// Sending would only be refused at the end of a long upload.
			for _, it := range items {
				if _, err := w.db.MarkAttemptFailed(ctx, it.ID, reason, true); err != nil {
					return res, err
				}
				res.Refused++
				res.Items = append(res.Items, Outcome{ID: it.ID, Title: it.Title, Refused: true, Err: &bundle.RefusedError{Reason: reason}})
			}
			w.changed()
			items = nil
		}
	}
	var lastErr error
	for _, it := range items {
		o, err := w.deliverOne(ctx, c, it, &res)
		if err != nil {
			return res, err // the store failed: nothing sensible follows
		}
		if o.ID != "" {
			res.Items = append(res.Items, o)
		}
		if o.Err != nil && !o.Refused {
			lastErr = o.Err
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			if errors.Is(o.Err, transport.ErrUnreachable) {
				if perr := c.Ping(ctx); perr != nil {
					return res, o.Err // the link is down; stop here
				}
			}
		}
	}
	if err := w.fetchVerdicts(ctx, c, &res); err != nil {
		return res, err
	}
	if err := w.fetchNotices(ctx, c, &res); err != nil {
		return res, err
	}
	if lastErr != nil {
		return res, lastErr
	}
	w.set(Idle, "", time.Time{})
	return res, nil
}

// deliverOne sends one bundle and records the result. The error is only
// for a failing store; a delivery failure is in the outcome.
func (w *Worker) deliverOne(ctx context.Context, c *transport.Client, it store.OutboxItem, res *Result) (Outcome, error) {
	o := Outcome{ID: it.ID, Title: it.Title}
	w.set(Sending, "", time.Time{})
	if _, err := w.db.MarkSending(ctx, it.ID); err != nil {
		var ve *store.ValidationError
		if errors.Is(err, store.ErrNotFound) || errors.As(err, &ve) {
			return Outcome{}, nil // cancelled meanwhile
		}
		return o, err
	}
	data, err := w.db.OutboxData(ctx, it.ID)
	if err != nil {
		return o, err
	}
	last := int64(-1)
	rec, err := c.Deliver(ctx, it.ID, data, func(off int64) {
		if last >= 0 && off > last {
			res.Progress += off - last
		}
		if off != last {
			last = off
			w.db.SaveUploadOffset(ctx, it.ID, off)
			w.changed()
		}
	})
	var re *bundle.RefusedError
	switch {
	case errors.As(err, &re):
		res.Refused++
		o.Refused, o.Err = true, err
		_, err := w.db.MarkAttemptFailed(ctx, it.ID, re.Reason, true)
		w.changed()
		return o, err
	case err != nil:
		o.Err = err
		// The context may be ending (program closing): record with a
		// fresh context so the outbox shows why it stopped.
		w.db.MarkAttemptFailed(context.WithoutCancel(ctx), it.ID, transport.Message(err), false)
		w.changed()
		return o, nil
	}
	if _, err := w.db.MarkDelivered(ctx, it.ID, rec.Number, rec.ReceivedAt); err != nil {
		return o, err
	}
	o.Delivered = true
	res.Delivered++
	if rec.Verdict != "" {
		if _, err := w.db.SetVerdict(ctx, it.ID, rec.Verdict, rec.VerdictReason, rec.VerdictAt); err == nil {
			res.Verdicts++
		}
	}
	w.changed()
	return o, nil
}

// fetchVerdicts asks the hub for every verdict on this township's bundles in
// one request and records those that are new or changed (已接收 → 退回 and
// back). With nothing delivered it asks nothing.
func (w *Worker) fetchVerdicts(ctx context.Context, c *transport.Client, res *Result) error {
	delivered, err := w.db.Delivered(ctx)
	if err != nil || len(delivered) == 0 {
		return err
	}
	recs, err := c.Verdicts(ctx)
	var re *bundle.RefusedError
	if errors.As(err, &re) {
		return nil // not (or no longer) enrolled: the outbox already says so
	}
	if err != nil {
		return err
	}
	mine := map[string]store.OutboxItem{}
	for _, it := range delivered {
		mine[it.ID] = it
	}
	for _, rec := range recs {
		it, ok := mine[rec.BundleID]
		if !ok || (it.Verdict == rec.Verdict && it.VerdictReason == rec.VerdictReason && it.VerdictAt.Equal(rec.VerdictAt.UTC())) {
			continue
		}
		if _, err := w.db.SetVerdict(ctx, it.ID, rec.Verdict, rec.VerdictReason, rec.VerdictAt); err != nil {
			return err
		}
		res.Verdicts++
		w.changed()
	}
	return nil
}
