package synctest_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/hub"
	"deputydesk/sync/outbox"
	"deputydesk/sync/synctest"
	"deputydesk/sync/transport"
)

// noRedirect is a browser-less client that shows where a page would send it.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func TestEveryPageAndDownloadNeedsASession(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	it, data := acceptedLedger(ctx, t, h, db)
	for _, r := range []struct{ method, path string }{
		{"GET", "/"}, {"GET", "/?kind=register&year=2026"}, {"GET", "/bundle/" + it.ID}, {"GET", "/bundle/" + it.ID + "/download"},
		{"GET", "/summary?kind=ledger&period=2026-10"}, {"GET", "/audit"}, {"GET", "/townships"}, {"GET", "/nothing-here"},
		{"POST", "/bundle/" + it.ID + "/verdict"}, {"POST", "/import"}, {"POST", "/townships/enrol"},
		{"POST", "/townships/" + synctest.Code(1) + "/revoke"}, {"POST", "/logout"},
		{"GET", "/notices"}, {"POST", "/notices"}, {"GET", "/notices/template"}, {"GET", "/notices/1/download"},
		{"GET", "/townships/" + synctest.Code(1) + "/reply"},
	} {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			req, _ := http.NewRequest(r.method, srv.URL+r.path, strings.NewReader("verdict=returned&reason=x"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: hub.SessionCookie, Value: "forged-or-expired"})
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch {
			case resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login"):
			case resp.StatusCode == http.StatusUnauthorized:
			default:
				t.Fatalf("answered %s %q", resp.Status, body)
			}
			if bytes.Contains(body, []byte("城关镇")) || bytes.HasPrefix(body, []byte("PK")) {
				t.Error("the refusal leaks data")
			}
		})
	}
	if b, _ := h.Store().Bundle(ctx, it.ID); b.Verdict != "" {
		t.Errorf("a verdict was set without a session: %q", b.Verdict)
	}
	if ts, _ := h.Store().Townships(ctx); ts[0].Revoked() {
		t.Error("revoked without a session")
	}

	// With a session the same pages answer, and the download is audited.
	clerk := synctest.Login(t, h, srv.URL, "李查看", "查看")
	resp, err := clerk.Get(srv.URL + "/bundle/" + it.ID + "/download")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, data) {
		t.Fatalf("download with a session: %s, %d bytes", resp.Status, len(got))
	}
	// A viewer may not judge.
	resp, _ = clerk.PostForm(srv.URL+"/bundle/"+it.ID+"/verdict", url.Values{"verdict": {"returned"}, "reason": {"x"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a 查看 account's verdict answered %s", resp.Status)
	}
	es, _ := h.Store().Events(ctx, 50)
	var actions []string
	for _, e := range es {
		actions = append(actions, e.Account+":"+e.Action)
	}
	for _, want := range []string{"李查看:登录", "李查看:下载上报包", "命令行:登记乡镇"} {
		if !strings.Contains(strings.Join(actions, " "), want) {
			t.Errorf("audit trail %v lacks %s", actions, want)
		}
	}
}

func TestLoginCookieAndThrottle(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	if err := h.AddUser(ctx, "王审核", "short", "审核"); err == nil {
		t.Error("a 5-character password was accepted")
	}
	if err := h.AddUser(ctx, "王审核", synctest.ReviewerPassword, "审核"); err != nil {
		t.Fatal(err)
	}
	resp, err := noRedirect.PostForm(srv.URL+"/login", url.Values{"name": {"王审核"}, "password": {synctest.ReviewerPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var c *http.Cookie
	for _, k := range resp.Cookies() {
		if k.Name == hub.SessionCookie {
			c = k
		}
	}
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Value == "" {
		t.Fatalf("session cookie %+v", c)
	}
	// Wrong passwords: after five, even the right one waits.
	for i := range 6 {
		resp, _ := noRedirect.PostForm(srv.URL+"/login", url.Values{"name": {"王审核"}, "password": {fmt.Sprint("guess", i)}})
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d answered %s", i, resp.Status)
		}
	}
	resp, _ = noRedirect.PostForm(srv.URL+"/login", url.Values{"name": {"王审核"}, "password": {synctest.ReviewerPassword}})
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(page), "登录失败次数过多") {
		t.Errorf("right password during the lock: %s %s", resp.Status, page)
	}
	// Disabling ends the live session.
	if err := h.SetUserDisabled(ctx, "王审核", true); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.AddCookie(c)
	resp, _ = noRedirect.Do(req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a disabled account's session still answers %s", resp.Status)
	}
}

func TestVerdictFromAnotherOriginIsRefused(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	it, _ := acceptedLedger(ctx, t, h, db)
	clerk := synctest.Login(t, h, srv.URL, "张审核", "审核")
	post := func(headers map[string]string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/bundle/"+it.ID+"/verdict", strings.NewReader("verdict=returned&reason=攻击者的理由"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := clerk.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// What a browser sends when a page on another site submits the form.
	if code := post(map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"}); code != http.StatusForbidden {
		t.Errorf("cross-site verdict answered %d", code)
	}
	if code := post(map[string]string{"Origin": "http://evil.example"}); code != http.StatusForbidden {
		t.Errorf("verdict from another Origin answered %d", code)
	}
	if b, _ := h.Store().Bundle(ctx, it.ID); b.Verdict != "" {
		t.Fatalf("cross-site verdict was stored: %s %s", b.Verdict, b.VerdictReason)
	}
	// The same form from the hub's own page goes through.
	if code := post(map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": srv.URL}); code != http.StatusOK {
		t.Errorf("same-origin verdict answered %d", code)
	}
	if b, _ := h.Store().Bundle(ctx, it.ID); b.Verdict != "returned" {
		t.Errorf("same-origin verdict not stored: %q", b.Verdict)
	}
}

// countFiles counts files under the hub's incoming and bundles folders.
func countFiles(t *testing.T, h *hub.Hub) int {
	n := 0
	for _, d := range []string{"incoming", "bundles"} {
		filepath.WalkDir(filepath.Join(h.Dir(), d), func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				n++
			}
			return nil
		})
	}
	return n
}

func TestUploadsWithoutAValidTownshipSignatureLeaveNoFile(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	key, _ := db.SyncKey(ctx)
	_, stranger, _ := ed25519.GenerateKey(rand.Reader)
	data := signedBy(t, "b-1", synctest.Code(1), key.Private)
	sum := sha(data)
	now := time.Now()
	sign := func(req *http.Request, code string, k ed25519.PrivateKey, at time.Time) {
		req.Header.Set(transport.HeaderTownship, code)
		req.Header.Set(transport.HeaderTime, strconv.FormatInt(at.Unix(), 10))
		msg := transport.SigningMessage(req.Method, req.URL.Path, code, req.Header.Get(transport.HeaderSHA256), req.Header.Get(transport.HeaderLength), at.Unix())
		req.Header.Set(transport.HeaderSignature, base64.StdEncoding.EncodeToString(ed25519.Sign(k, msg)))
	}
	cases := []struct {
		name string
		auth func(*http.Request)
	}{
		{"unsigned", func(*http.Request) {}},
		{"stranger's key", func(r *http.Request) { sign(r, synctest.Code(1), stranger, now) }},
		{"unknown township", func(r *http.Request) { sign(r, synctest.Code(9), key.Private, now) }},
		{"stale time", func(r *http.Request) { sign(r, synctest.Code(1), key.Private, now.Add(-time.Hour)) }},
		{"signature of another request", func(r *http.Request) {
			sign(r, synctest.Code(1), key.Private, now)
			r.Header.Set(transport.HeaderLength, fmt.Sprint(len(data)+1)) // changed after signing
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, method := range []string{http.MethodHead, http.MethodPatch} {
				var body io.Reader
				if method == http.MethodPatch {
					body = bytes.NewReader(data)
				}
				req, _ := http.NewRequest(method, srv.URL+"/api/v1/uploads/b-1", body)
				req.Header.Set(transport.HeaderSHA256, sum)
				req.Header.Set(transport.HeaderLength, fmt.Sprint(len(data)))
				req.Header.Set(transport.HeaderOffset, "0")
				tc.auth(req)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s answered %s", method, resp.Status)
				}
			}
			if n := countFiles(t, h); n != 0 {
				t.Errorf("%d files on the hub's disk after refused requests", n)
			}
		})
	}
	// A stale clock on the township's own client is corrected, not fatal.
	c := synctest.Client(t, db, srv.URL)
	if _, err := c.Deliver(ctx, "b-1", data, nil); err != nil {
		t.Fatalf("signed delivery: %v", err)
	}
}

func TestEnrolmentOnARunningHubWorksAtOnceAndCanBeRevoked(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	db := synctest.Township(t, t.TempDir(), "城关镇", synctest.Code(1), srv.URL)
	it, _ := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1)}, bundle.Ledger, "2026-10")
	req, _, _ := outbox.EnrolRequest(ctx, db)
	reqPath := filepath.Join(t.TempDir(), "req.json")
	os.WriteFile(reqPath, req, 0o644)
	// `deputyhub enrol` is another process on the same data folder.
	var out, errOut bytes.Buffer
	if code := hub.Main(ctx, []string{"enrol", reqPath, "--data", h.Dir()}, &out, &errOut); code != 0 {
		t.Fatalf("enrol: %s", errOut.String())
	}
	w := outbox.New(db)
	res, err := w.Pass(ctx)
	if err != nil || res.Delivered != 1 {
		t.Fatalf("first pass after enrolment, no restart: %+v %v", res, err)
	}
	if got, _ := db.OutboxItem(ctx, it.ID); got.State != store.OutboxDelivered {
		t.Errorf("outbox: %s", got.StatusText())
	}
	// Revoked from the command line: the next bundle is refused at once.
	if code := hub.Main(ctx, []string{"revoke", synctest.Code(1), "--data", h.Dir()}, &out, &errOut); code != 0 {
		t.Fatalf("revoke: %s", errOut.String())
	}
	it2, _ := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1)}, bundle.Ledger, "2026-11")
	res, err = w.Pass(ctx)
	if err != nil || res.Refused != 1 {
		t.Fatalf("pass after revocation: %+v %v", res, err)
	}
	if got, _ := db.OutboxItem(ctx, it2.ID); got.State != store.OutboxFailed || !strings.Contains(got.LastError, "尚未在县级平台登记") {
		t.Errorf("after revocation the outbox shows %q", got.StatusText())
	}
	if _, err := h.Receipt(ctx, it2.ID); err == nil {
		t.Error("the hub took a bundle from a revoked township")
	}
}

func TestVerdictChangesReachTheTownship(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	it, _ := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1)}, bundle.Ledger, "2026-10")
	w := outbox.New(db)
	if res, err := w.Pass(ctx); err != nil || res.Delivered != 1 {
		t.Fatalf("deliver: %+v %v", res, err)
	}
	clerk := synctest.Login(t, h, srv.URL, "张审核", "审核")
	at := time.Date(2026, 11, 6, 9, 0, 0, 0, time.UTC)
	for i, v := range []struct{ verdict, reason, want string }{
		{"accepted", "", "已接收"},
		{"returned", "接待人次与登记簿不符", "退回：接待人次与登记簿不符"},
		{"accepted", "已核实", "已接收：已核实"},
	} {
		h.Now = synctest.FixedClock(at.Add(time.Duration(i) * time.Minute))
		resp, err := clerk.PostForm(srv.URL+"/bundle/"+it.ID+"/verdict", url.Values{"verdict": {v.verdict}, "reason": {v.reason}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		c := w.Client()
		before := c.Requests()
		res, err := w.Pass(ctx)
		if err != nil || res.Verdicts != 1 {
			t.Fatalf("%s: next connection %+v %v", v.verdict, res, err)
		}
		// The first pass also learns the hub's clock (one request more).
		if n := c.Requests() - before; i > 0 && n != 3 {
			t.Errorf("a pass with nothing to send made %d requests, want 3 (ping, verdicts, county notices)", n)
		}
		got, _ := db.OutboxItem(ctx, it.ID)
		if !strings.HasSuffix(got.StatusText(), v.want) {
			t.Errorf("after %s the township shows %q", v.verdict, got.StatusText())
		}
		// A 退回 asks the secretary for a correction (上报 and 首页 show it).
		ret, _ := db.Returned(ctx)
		if want := v.verdict == "returned"; (len(ret) == 1) != want {
			t.Errorf("after %s %d bundles ask for a correction", v.verdict, len(ret))
		} else if want && !strings.Contains(ret[0].CorrectionText(), "请改正后重新生成上报包") {
			t.Errorf("correction text %q", ret[0].CorrectionText())
		}
	}
	// Making the correction clears the request.
	if _, err := clerk.PostForm(srv.URL+"/bundle/"+it.ID+"/verdict", url.Values{"verdict": {"returned"}, "reason": {"再核对"}}); err != nil {
		t.Fatal(err)
	}
	w.Pass(ctx)
	outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1)}, bundle.Ledger, "2026-10")
	if ret, _ := db.Returned(ctx); len(ret) != 0 {
		t.Errorf("after a correction bundle %d still ask for one", len(ret))
	}
}

func TestTwoDifferentBundlesCannotShareAVersion(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	p := synctest.LedgerProvider{Code: synctest.Code(1)}
	outbox.Queue(ctx, db, p, bundle.Ledger, "2026-10")
	v2, _ := outbox.Queue(ctx, db, p, bundle.Ledger, "2026-10")
	w := outbox.New(db)
	if _, err := w.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	// Restore a backup from before v2: the township makes another v2.
	data2, _ := db.OutboxData(ctx, v2.ID)
	rep, _ := p.Report(ctx, bundle.Ledger, "2026-10")
	k, _ := db.SyncKey(ctx)
	again, err := bundle.BuildBytes(bundle.Manifest{BundleID: "restored-v2", TownshipName: "城关镇", TownshipCode: synctest.Code(1), Kind: bundle.Ledger,
		Period: "2026-10", Version: 2, Created: time.Now()}, rep.Files, rep.Figures, k.Private)
	if err != nil {
		t.Fatal(err)
	}
	_, err = synctest.Client(t, db, srv.URL).Deliver(ctx, "restored-v2", again, nil)
	var re *bundle.RefusedError
	if !errors.As(err, &re) || re.Code != bundle.CodeVersion || !strings.Contains(re.Reason, "第2版") || !strings.Contains(re.Reason, "重新生成") {
		t.Fatalf("a second v2: %v", err)
	}
	// The same by USB.
	if _, err := h.Accept(ctx, again, "U盘"); !errors.As(err, &re) || re.Code != bundle.CodeVersion {
		t.Errorf("a second v2 by USB: %v", err)
	}
	h.Now = synctest.FixedClock(time.Date(2026, 11, 20, 9, 0, 0, 0, time.Local))
	m, _ := h.Matrix(ctx, "ledger", 2026)
	if c := m.Rows[0].Cells[9]; c.BundleID != v2.ID {
		t.Errorf("the matrix links %s, want v2 %s", c.BundleID, v2.ID)
	}
	_, rows, _ := h.Summary(ctx, "ledger", "2026-10")
	if len(rows) != 1 || rows[0].Version != 2 {
		t.Errorf("summary rows %+v", rows)
	}
	if len(data2) == 0 {
		t.Fatal("no v2 data")
	}
	// A returned newest version leaves the totals.
	if err := h.Store().SetVerdict(ctx, v2.ID, "returned", "数字不符", h.Now()); err != nil {
		t.Fatal(err)
	}
	total, rows, _ := h.Summary(ctx, "ledger", "2026-10")
	for _, f := range total {
		if f.Value != 0 {
			t.Errorf("returned bundle still counts: %s = %v", f.Label, f.Value)
		}
	}
	if len(rows) != 1 || !rows[0].Returned {
		t.Errorf("returned row not shown apart: %+v", rows)
	}
}
