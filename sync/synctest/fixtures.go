package synctest

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/store"
	"deputydesk/sync/bundle"
	"deputydesk/sync/hub"
	"deputydesk/sync/outbox"
	"deputydesk/sync/transport"
)

// LedgerFigures are the 汇总 figures the test ledger reports for a township
// and month: fixed numbers derived from both, so the county's sum is known.
func LedgerFigures(code, period string) []bundle.Figure {
	h := fnv.New32a()
	h.Write([]byte(code + period))
	v := h.Sum32()
	rec := float64(v%20 + 5)
	cases := float64(v/20%30 + 3)
	closed := float64(int(cases) - int(v/600%3))
	return []bundle.Figure{
		{Key: "receptions", Label: "接待次数", Value: rec, Unit: "次"},
		{Key: "visitors", Label: "接待群众", Value: rec*3 + 1, Unit: "人次"},
		{Key: "cases", Label: "反映事项", Value: cases, Unit: "件"},
		{Key: "closed", Label: "已办结", Value: closed, Unit: "件"},
	}
}

// LedgerProvider writes a real small 月度台账 workbook (read back by the
// tests) with the figures of LedgerFigures. Pad adds that many random,
// incompressible bytes as an extra file, to make bundles of a given size.
type LedgerProvider struct {
	Code string
	Pad  int
}

// Report implements bundle.Provider.
func (p LedgerProvider) Report(_ context.Context, kind bundle.Kind, period string) (bundle.Report, error) {
	figs := LedgerFigures(p.Code, period)
	f := excelize.NewFile()
	defer f.Close()
	sheet := "汇总"
	f.SetSheetName("Sheet1", sheet)
	f.SetCellValue(sheet, "A1", bundle.PeriodLabel(period)+"月度台账汇总")
	for i, x := range figs {
		row := []any{x.Label, x.Value, x.Unit}
		cell, _ := excelize.CoordinatesToCellName(1, 2+i)
		f.SetSheetRow(sheet, cell, &row)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return bundle.Report{}, err
	}
	files := []bundle.File{{Name: string(kind) + "-" + period + ".xlsx", Data: buf.Bytes()}}
	if p.Pad > 0 {
		pad := make([]byte, p.Pad)
		rand.Read(pad)
		files = append(files, bundle.File{Name: "padding.bin", Data: pad})
	}
	return bundle.Report{Files: files, Figures: bundle.Figures{Figures: figs}}, nil
}

// Township opens a new township database in dir, set up with name and code
// (which also makes its signing key) and pointed at hubURL.
func Township(tb testing.TB, dir, name, code, hubURL string) *store.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "deputydesk.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.SaveTownship(ctx, &store.Township{Name: name, Code: code, Secretary: "测试秘书"}); err != nil {
		tb.Fatal(err)
	}
	if hubURL != "" {
		if err := db.SaveSyncSettings(ctx, &store.SyncSettings{HubURL: hubURL, DeadlineDay: 5}); err != nil {
			tb.Fatal(err)
		}
	}
	return db
}

// Enrol registers a township's key with the hub through the request file.
func Enrol(tb testing.TB, h *hub.Hub, db *store.DB) {
	tb.Helper()
	b, _, err := outbox.EnrolRequest(context.Background(), db)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := h.Enrol(context.Background(), b); err != nil {
		tb.Fatal(err)
	}
}

// Client is a transport client that signs as the township of db.
func Client(tb testing.TB, db *store.DB, url string) *transport.Client {
	tb.Helper()
	t, err := db.Township(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	k, err := db.SyncKey(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	c := transport.NewClient(url)
	c.Signer = &transport.Signer{Code: t.Code, Key: k.Private}
	return c
}

// ReviewerPassword is the password of the accounts Login makes.
const ReviewerPassword = "县里的测试密码-2026"

// Login makes an account with role on the hub (if missing) and returns an
// HTTP client holding its session cookie, as a county clerk's browser would.
func Login(tb testing.TB, h *hub.Hub, baseURL, name, role string) *http.Client {
	tb.Helper()
	ctx := context.Background()
	if _, err := h.Store().Account(ctx, name); err != nil {
		if err := h.AddUser(ctx, name, ReviewerPassword, role); err != nil {
			tb.Fatal(err)
		}
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(baseURL+"/login", url.Values{"name": {name}, "password": {ReviewerPassword}})
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		tb.Fatalf("login as %s: %s at %s", name, resp.Status, resp.Request.URL)
	}
	return c
}

// SessionProxy serves the hub's handler with a clerk's session cookie added
// to every request, so a headless browser (which cannot be handed a cookie)
// sees the pages as that clerk.
func SessionProxy(tb testing.TB, h *hub.Hub, c *http.Client, baseURL string) string {
	tb.Helper()
	u, _ := url.Parse(baseURL)
	var cookie string
	for _, k := range c.Jar.Cookies(u) {
		if k.Name == hub.SessionCookie {
			cookie = k.Name + "=" + k.Value
		}
	}
	if cookie == "" {
		tb.Fatal("no session cookie")
	}
	next := h.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("Cookie", cookie)
		next.ServeHTTP(w, r)
	}))
	tb.Cleanup(srv.Close)
	return srv.URL
}

// Hub starts a real hub on loopback with its data in a temp folder.
func Hub(tb testing.TB) (*hub.Hub, *httptest.Server) {
	tb.Helper()
	h, err := hub.Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(h.Handler())
	tb.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		h.Close()
	})
	return h, srv
}

// Addr is the host:port of a test server.
func Addr(srv *httptest.Server) string { return strings.TrimPrefix(srv.URL, "http://") }

// Code makes the i-th demo township code (9 digits).
func Code(i int) string { return fmt.Sprintf("4210221%02d", i) }

// FixedClock returns a clock that reads t.
func FixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }
