package outbox

import (
	"context"
	"errors"
	"net/http"

	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/notice"
	"deputydesk/sync/transport"
)

// countyKey returns the county's pinned notice key. A township that never
// imported an enrolment reply records the key the hub gives on the first
// connection (over a pinned certificate when the hub uses TLS), and from
// then on takes notices signed with that key only.
func (w *Worker) countyKey(ctx context.Context, c *transport.Client) (store.CountyKey, error) {
	k, err := w.db.CountyKey(ctx)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return k, err
	}
	pub, err := c.CountyKey(ctx)
	if err != nil {
		return k, err
	}
	if err := w.db.SaveCountyKey(ctx, pub, "首次联网时从县级平台获取"); err != nil {
		return k, err
	}
	return w.db.CountyKey(ctx)
}

// fetchNotices takes the county notices published since the last one held,
// verifies each against the county key and stores it as pending; nothing is
// applied until the secretary confirms. A notice that fails verification
// is not stored and its reason is in res.NoticeErrors.
func (w *Worker) fetchNotices(ctx context.Context, c *transport.Client, res *Result) error {
	k, err := w.countyKey(ctx, c)
	if notFound(err) {
		return nil // a hub from before county notices
	}
	if err != nil {
		return err
	}
	after, err := w.db.LatestNoticeSerial(ctx)
	if err != nil {
		return err
	}
	files, err := c.Notices(ctx, after)
	var re *bundle.RefusedError
	if errors.As(err, &re) || notFound(err) {
		return nil // not enrolled (the outbox says so), or an older hub
	}
	if err != nil {
		return err
	}
	for _, f := range files {
		n, err := notice.Verify(f.File, k.Public)
		if err != nil {
			res.NoticeErrors = append(res.NoticeErrors, notice.Message(err))
			continue
		}
		added, err := w.db.AddCountyNotice(ctx, n, f.File, "网络")
		if err != nil {
			return err
		}
		if added {
			res.Notices++
			w.changed()
		}
	}
	return nil
}

func notFound(err error) bool {
	var se *transport.StatusError
	return errors.As(err, &se) && se.Code == http.StatusNotFound
}

// ImportNotice reads a county notice file carried on a USB stick, verifies
// it against the county key and stores it as pending. added is false when
// the notice was already held.
func ImportNotice(ctx context.Context, db *store.DB, path string) (n store.CountyNotice, added bool, err error) {
	k, err := db.CountyKey(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return n, false, notice.ErrNoCountyKey
	}
	if err != nil {
		return n, false, err
	}
	n, data, err := notice.ReadFile(path, k.Public)
	if err != nil {
		return n, false, err
	}
	added, err = db.AddCountyNotice(ctx, n, data, "U盘")
	return n, added, err
}

// ImportEnrolReply reads the county's enrolment reply: it pins the hub's
// notice key and, for an https hub, its certificate, and sets the hub's
// address when none is set yet. It returns the reply.
func ImportEnrolReply(ctx context.Context, db *store.DB, data []byte) (bundle.EnrolReply, error) {
	t, err := db.Township(ctx)
	if err != nil {
		return bundle.EnrolReply{}, err
	}
	r, err := bundle.ParseEnrolReply(data, t.Code)
	if err != nil {
		return r, err
	}
	set, err := db.SyncSettings(ctx)
	if err != nil {
		return r, err
	}
	if set.HubURL == "" && r.HubURL != "" {
		set.HubURL = r.HubURL
	}
	if r.CertPin != "" {
		set.HubPin = r.CertPin
	}
	if err := db.SaveSyncSettings(ctx, &set); err != nil {
		return r, err
	}
	return r, db.SaveCountyKey(ctx, r.CountyKey, "县级平台登记回执")
}
