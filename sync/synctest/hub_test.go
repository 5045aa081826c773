package synctest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deputydesk/app/cli"
	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/sync/bundle"
	"deputydesk/sync/hub"
	"deputydesk/sync/outbox"
	"deputydesk/sync/synctest"
)

// signedAt is the creation time of the next bundle signedBy builds; each
// build is a second later, so two builds of one ID differ in their bytes.
var signedAt = time.Date(2026, 11, 3, 9, 0, 0, 0, calendar.Beijing)

// signedBy builds a ledger bundle for code signed with priv.
func signedBy(t *testing.T, id, code string, priv ed25519.PrivateKey) []byte {
	t.Helper()
	rep, _ := synctest.LedgerProvider{Code: code}.Report(context.Background(), bundle.Ledger, "2026-10")
	b, err := bundle.BuildBytes(bundle.Manifest{BundleID: id, TownshipName: "城关镇", TownshipCode: code, Kind: bundle.Ledger,
		Period: "2026-10", Version: 1, Created: signedAt}, rep.Files, rep.Figures, priv)
	if err != nil {
		t.Fatal(err)
	}
	signedAt = signedAt.Add(time.Second)
	return b
}

func withEntry(t *testing.T, data []byte, drop string, add map[string][]byte) []byte {
	t.Helper()
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if f.Name == drop {
			continue
		}
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "figures.json" && add["figures.json"] != nil {
			body = add["figures.json"]
		}
		w, _ := zw.Create(f.Name)
		w.Write(body)
	}
	for n, b := range add {
		if n != "figures.json" {
			w, _ := zw.Create(n)
			w.Write(b)
		}
	}
	zw.Close()
	return buf.Bytes()
}

func TestHubRefusesBadBundlesWithReasons(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	key, _ := db.SyncKey(ctx)
	_, stranger, _ := ed25519.GenerateKey(rand.Reader)
	good := signedBy(t, "b-good", synctest.Code(1), key.Private)
	c := synctest.Client(t, db, srv.URL)

	cases := []struct {
		name, id string
		data     []byte
		want     string
	}{
		{"tampered", "b-tampered", withEntry(t, signedBy(t, "b-tampered", synctest.Code(1), key.Private), "", map[string][]byte{"figures.json": []byte(`{"figures":[]}`)}), "校验值不符"},
		{"unsigned", "b-unsigned", withEntry(t, signedBy(t, "b-unsigned", synctest.Code(1), key.Private), "manifest.sig", nil), "没有签名"},
		{"unknown key", "b-stranger", signedBy(t, "b-stranger", synctest.Code(1), stranger), "签名校验失败"},
		{"unknown township", "b-unknown", signedBy(t, "b-unknown", synctest.Code(2), key.Private), "未在县级平台登记"},
		{"zip slip", "b-slip", withEntry(t, signedBy(t, "b-slip", synctest.Code(1), key.Private), "", map[string][]byte{"../../evil.sh": []byte("rm -rf /")}), "不安全的路径"},
		{"oversized", "b-big", make([]byte, bundle.MaxBundleSize+1), "超过上限"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Deliver(ctx, tc.id, tc.data, nil)
			var re *bundle.RefusedError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if !strings.Contains(re.Reason, tc.want) {
				t.Errorf("reason %q, want %q", re.Reason, tc.want)
			}
			if _, err := h.Receipt(ctx, tc.id); err == nil {
				t.Error("the hub kept a refused bundle")
			}
		})
	}
	if _, err := os.Stat(filepath.Join(h.Dir(), "..", "evil.sh")); err == nil {
		t.Error("zip slip wrote outside the data folder")
	}

	t.Run("replay with other content", func(t *testing.T) {
		r1, err := c.Deliver(ctx, "b-good", good, nil)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := c.Deliver(ctx, "b-good", good, nil)
		if err != nil || r2.Number != r1.Number {
			t.Errorf("repeat: receipt %q vs %q, %v", r2.Number, r1.Number, err)
		}
		other := signedBy(t, "b-good", synctest.Code(1), key.Private) // new created time: other bytes
		_, err = c.Deliver(ctx, "b-good", other, nil)
		var re *bundle.RefusedError
		if !errors.As(err, &re) || !strings.Contains(re.Reason, "内容不同") {
			t.Errorf("same ID, other content: %v", err)
		}
		// Straight to the upload, bypassing the client's own check.
		_, err = h.Accept(ctx, other, "网络")
		if !errors.As(err, &re) || re.Code != bundle.CodeConflict {
			t.Errorf("hub accepted other content under a held ID: %v", err)
		}
	})

	t.Run("outbox shows the reason", func(t *testing.T) {
		lone := synctest.Township(t, t.TempDir(), "新集镇", synctest.Code(7), srv.URL) // never enrolled
		it, err := outbox.Queue(ctx, lone, synctest.LedgerProvider{Code: synctest.Code(7)}, bundle.Ledger, "2026-10")
		if err != nil {
			t.Fatal(err)
		}
		w := outbox.New(lone)
		res, err := w.Pass(ctx)
		if err != nil || res.Refused != 1 {
			t.Fatalf("pass: %+v %v", res, err)
		}
		if w.Client().Sent() != 0 {
			t.Errorf("sent %d bytes before learning it is not enrolled", w.Client().Sent())
		}
		got, _ := lone.OutboxItem(ctx, it.ID)
		if got.State != store.OutboxFailed || !strings.Contains(got.StatusText(), "失败：本乡镇（代码 421022107）尚未在县级平台登记") {
			t.Errorf("outbox shows %q", got.StatusText())
		}
		// After enrolment the secretary retries and it goes through.
		synctest.Enrol(t, h, lone)
		if _, err := lone.RetryOutbox(ctx, it.ID); err != nil {
			t.Fatal(err)
		}
		if res, err := outbox.New(lone).Pass(ctx); err != nil || res.Delivered != 1 {
			t.Errorf("after enrolment: %+v %v", res, err)
		}
	})
}

func TestUSBExportImportAndDedupe(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	it, err := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: synctest.Code(1)}, bundle.Ledger, "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	stick := t.TempDir()
	var out bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &out}
	if code := cli.Main(ctx, []string{"--db", db.Path(), "sync", "export", stick}, env); code != 0 {
		t.Fatalf("export: %s", out.String())
	}
	files, _ := filepath.Glob(filepath.Join(stick, "*.zip"))
	if len(files) != 1 || !strings.Contains(files[0], "421022101-ledger-2026-10-v1-") {
		t.Fatalf("exported %v", files)
	}
	var hubOut, hubErr bytes.Buffer
	if code := hub.Main(ctx, []string{"import", files[0], "--data", h.Dir()}, &hubOut, &hubErr); code != 0 {
		// The running hub holds the index open; a second process may import too.
		t.Fatalf("deputyhub import: %s", hubErr.String())
	}
	rec, err := h.Receipt(ctx, it.ID)
	if err != nil || !strings.Contains(hubOut.String(), rec.Number) {
		t.Fatalf("import said %q; receipt %+v %v", hubOut.String(), rec, err)
	}
	// The same file again, through the page's upload form: same receipt.
	body := &bytes.Buffer{}
	mw := newMultipart(body, "file", filepath.Base(files[0]), mustRead(t, files[0]))
	clerk := synctest.Login(t, h, srv.URL, "张审核", "审核")
	resp, err := clerk.Post(srv.URL+"/import", mw, body)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "已接收") || !strings.Contains(string(page), rec.Number) {
		t.Errorf("upload form said %s", page)
	}
	if bs, _ := h.Store().Bundles(ctx, ""); len(bs) != 1 {
		t.Errorf("hub holds %d bundles after importing one twice", len(bs))
	}
	// The township later comes online: the bundle is recognised, not resent.
	w := outbox.New(db)
	if res, err := w.Pass(ctx); err != nil || res.Delivered != 1 {
		t.Fatalf("pass: %+v %v", res, err)
	}
	if w.Client().Sent() != 0 {
		t.Errorf("sent %d bytes of a bundle the hub already had", w.Client().Sent())
	}
	got, _ := db.OutboxItem(ctx, it.ID)
	if got.Receipt != rec.Number {
		t.Errorf("township receipt %q, hub %q", got.Receipt, rec.Number)
	}
	// A bad file on the upload form is refused with its reason.
	body.Reset()
	mw = newMultipart(body, "file", "evil.zip", withEntry(t, mustRead(t, files[0]), "manifest.sig", nil))
	resp, _ = clerk.Post(srv.URL+"/import", mw, body)
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "已拒收") || !strings.Contains(string(page), "没有签名") {
		t.Errorf("bad upload: %s", page)
	}
}

func TestVerdictReachesTownshipAndReturnedMonthIsResent(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	p := synctest.LedgerProvider{Code: synctest.Code(1)}
	v1, _ := outbox.Queue(ctx, db, p, bundle.Ledger, "2026-10")
	w := outbox.New(db)
	if _, err := w.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	// The county returns it through the page's form.
	clerk := synctest.Login(t, h, srv.URL, "张审核", "审核")
	resp, err := clerk.PostForm(srv.URL+"/bundle/"+v1.ID+"/verdict", url.Values{"verdict": {"returned"}, "reason": {"接待人次与登记簿不符"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	res, err := w.Pass(ctx)
	if err != nil || res.Verdicts != 1 {
		t.Fatalf("next connection: %+v %v", res, err)
	}
	got, _ := db.OutboxItem(ctx, v1.ID)
	if got.Verdict != store.VerdictReturned || !strings.Contains(got.StatusText(), "退回：接待人次与登记簿不符") {
		t.Errorf("township sees %q", got.StatusText())
	}
	v2, err := outbox.Queue(ctx, db, p, bundle.Ledger, "2026-10")
	if err != nil || v2.Version != 2 || !strings.Contains(v2.Title, "第2版") {
		t.Fatalf("correction: %+v %v", v2, err)
	}
	if _, err := w.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	h.Now = synctest.FixedClock(time.Date(2026, 11, 20, 9, 0, 0, 0, time.Local))
	m, _ := h.Matrix(ctx, "ledger", 2026)
	cell := m.Rows[0].Cells[9]
	if cell.BundleID != v2.ID || cell.Version != 2 {
		t.Errorf("October cell shows %+v, want version 2", cell)
	}
	old, _ := db.OutboxItem(ctx, v1.ID)
	if old.SupersededBy != v2.ID {
		t.Errorf("version 1 superseded by %q", old.SupersededBy)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
