package synctest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deputydesk/app/cli"
	"deputydesk/app/demo/demotest"
	"deputydesk/app/roster"
	"deputydesk/store"
	"deputydesk/store/calendar"
	"deputydesk/sync/hub"
	"deputydesk/sync/notice"
	"deputydesk/sync/outbox"
	"deputydesk/sync/synctest"
	"deputydesk/sync/transport"
)

// holidays2027 is the State Council's 2027 calendar as a clerk types it.
const holidays2027 = `# 国务院办公厅关于2027年部分节假日安排的通知
2027-01-01 休 元旦
2027-02-05~2027-02-12 休 春节
2027-02-14 班 春节调休
2027-04-05 休 清明节
2027-05-01~2027-05-05 休 劳动节
2027-06-09 休 端午节
2027-09-15 休 中秋节
2027-10-01~2027-10-07 休 国庆节
2027-10-09 班 国庆节调休
`

// publishForm posts the hub's publish form as a logged-in clerk.
func publishForm(t *testing.T, c *http.Client, base string, fields map[string]string, rules []byte) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if rules != nil {
		fw, _ := mw.CreateFormFile("rules", "rules.json")
		fw.Write(rules)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/notices", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// dutyOn reports whether a roster for January and February 2027 would put
// a duty on day, and the roster's calendar warnings.
func dutyOn(t *testing.T, db *store.DB, day string) (bool, []string) {
	t.Helper()
	res, err := roster.Generate(t.Context(), db, roster.Options{From: "2027-01-01", To: "2027-02-28", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	in, err := roster.LoadInput(t.Context(), db, roster.Options{From: "2027-01-01", To: "2027-02-28"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range roster.MakePlan(in).Save {
		if d.Date == day {
			return true, res.Warnings
		}
	}
	return false, res.Warnings
}

func hasWarning(ws []string, part string) bool {
	for _, w := range ws {
		if strings.Contains(w, part) {
			return true
		}
	}
	return false
}

func runCLI(t *testing.T, db *store.DB, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(t.Context(), append([]string{"--db", db.Path()}, args...), cli.Env{Stdout: &out, Stderr: &errb})
	return out.String(), errb.String(), code
}

func TestPublishedHolidayCalendarReachesTownshipAndAppliesAfterConfirmation(t *testing.T) {
	ctx := t.Context()
	// The test watches a planned duty inside 2027's 春节 go; a demo made
	// after that day has already held it, and held duties are kept.
	if !demotest.Today.Before(time.Date(2027, 2, 10, 0, 0, 0, 0, calendar.Beijing)) {
		t.Skipf("the demo township made on %s has already held its duties of February 2027", demotest.Today.Format("2006-01-02"))
	}
	h, srv := synctest.Hub(t)
	db := demotest.Open(t)
	set, _ := db.SyncSettings(ctx)
	set.HubURL = srv.URL
	if err := db.SaveSyncSettings(ctx, &set); err != nil {
		t.Fatal(err)
	}
	synctest.Enrol(t, h, db)
	// Today the township knows only 2027's statutory days: the Wednesday
	// duty on 2027-02-10, inside the real 春节 break, would be kept.
	if on, ws := dutyOn(t, db, "2027-02-10"); !on || !hasWarning(ws, "2027年只录入了法定假日") {
		t.Fatalf("before the notice: duty on 2027-02-10 %v, warnings %v", on, ws)
	}
	seed, _ := db.Holidays(ctx, "2027-01-01", "2027-12-31")

	// The clerk publishes the 2027 calendar, a 细则 with more points for
	// duties and the 10th as deadline, through the page.
	clerk := synctest.Login(t, h, srv.URL, "县人大张科长", "审核")
	rules := store.DefaultScoringRules(2027)
	rules.Items[0].Points = 3
	rulesJSON, _ := json.Marshal(rules)
	resp := publishForm(t, clerk, srv.URL, map[string]string{"year": "2027", "source": "国务院办公厅关于2027年部分节假日安排的通知",
		"holidays": holidays2027, "deadline": "10"}, rulesJSON)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/notices" {
		t.Fatalf("publish: %s at %s", resp.Status, resp.Request.URL)
	}
	// The county's own matrix follows the published deadline, also after a restart.
	if h.DeadlineDay != 10 {
		t.Fatalf("hub deadline after publishing: %d", h.DeadlineDay)
	}
	if again, err := hub.Open(ctx, h.Dir()); err != nil || again.DeadlineDay != 10 {
		t.Fatalf("hub deadline after a restart: %v", err)
	} else {
		again.Close()
	}
	if evs, _ := h.Store().Events(ctx, 5); len(evs) == 0 || evs[0].Action != "发布通知" || evs[0].Account != "县人大张科长" {
		t.Fatalf("publication not in the audit trail: %+v", evs)
	}

	// The township's next connection picks it up as pending only.
	res, err := outbox.New(db).Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Notices != 1 || len(res.NoticeErrors) != 0 {
		t.Fatalf("pass: %d notices, errors %v", res.Notices, res.NoticeErrors)
	}
	pending, _ := db.PendingNotices(ctx)
	if len(pending) != 1 || pending[0].Title != "2027年节假日安排、2027年度履职评分细则、上报截止日" {
		t.Fatalf("pending: %+v", pending)
	}
	if hs, _ := db.Holidays(ctx, "2027-01-01", "2027-12-31"); len(hs) != len(seed) {
		t.Fatalf("applied before confirmation: %d days of 2027, %d before", len(hs), len(seed))
	}
	if on, _ := dutyOn(t, db, "2027-02-10"); !on {
		t.Fatal("the roster followed the notice before confirmation")
	}
	if s, _ := db.SyncSettings(ctx); s.DeadlineDay != 5 {
		t.Fatalf("deadline changed before confirmation: %d", s.DeadlineDay)
	}
	if _, saved, _ := db.ScoringRulesFor(ctx, 2027); saved {
		t.Fatal("rules saved before confirmation")
	}
	out, _, _ := runCLI(t, db, "sync", "status")
	if !strings.Contains(out, "县里发布了新的通知：2027年节假日安排") {
		t.Fatalf("status does not tell of the notice:\n%s", out)
	}

	// What would change, in Chinese.
	out, errOut, code := runCLI(t, db, "sync", "notices", "show", "1")
	for _, want := range []string{"2027年节假日安排：新增 13 天，删除 0 天，修改 0 天", "新增 2027年2月10日 休 春节", "新增 2027年2月14日 班（调休上班） 春节调休",
		"项目“进站值班接待选民”：加分，每次2分，上限10分 → 加分，每次3分，上限10分", "上报截止日：每月5日 → 每月10日"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("show lacks %q (code %d):\n%s%s", want, code, out, errOut)
		}
	}

	// Confirmed, it applies in one go.
	out, errOut, code = runCLI(t, db, "sync", "notices", "apply", "1")
	if code != 0 || !strings.Contains(out, "已应用第1号县级通知") {
		t.Fatalf("apply: %d\n%s%s", code, out, errOut)
	}
	hs, _ := db.Holidays(ctx, "2027-01-01", "2027-12-31")
	if len(hs) != 26 || hs[0].Date != "2027-01-01" || hs[0].Name != "元旦" || hs[0].Kind != store.HolidayOff {
		t.Fatalf("2027 holidays after apply: %d %+v", len(hs), hs[:min(1, len(hs))])
	}
	if _, ws := dutyOn(t, db, "2027-02-10"); hasWarning(ws, "2027年只录入了法定假日") {
		t.Fatalf("2027 still counts as not announced: %v", ws)
	}
	if _, err := roster.Generate(ctx, db, roster.Options{From: "2027-01-01", To: "2027-02-28"}); err != nil {
		t.Fatal(err)
	}
	duties, _ := db.Duties(ctx, store.DutyFilter{From: "2027-01-01", To: "2027-02-28"})
	if len(duties) == 0 {
		t.Fatal("no duties generated for 2027-01 and 02")
	}
	for _, d := range duties {
		if d.Date == "2027-01-01" || d.Date == "2027-02-10" {
			t.Fatalf("the roster does not skip the holiday %s", d.Date)
		}
	}
	r, saved, _ := db.ScoringRulesFor(ctx, 2027)
	if it, _ := r.Item("duty"); !saved || it.Points != 3 {
		t.Fatalf("rules after apply: saved=%v duty=%+v", saved, it)
	}
	if s, _ := db.SyncSettings(ctx); s.DeadlineDay != 10 || s.HubURL != srv.URL {
		t.Fatalf("settings after apply: %+v", s)
	}
	if rem, _ := db.Reminders(ctx, "ledger", 0); len(rem) > 0 && rem[0].Deadline.In(calendar.Beijing).Day() != 10 {
		t.Fatalf("reminders do not follow the new deadline: %+v", rem[0])
	}
	changes, _ := db.Changes(ctx, store.ChangeFilter{Entity: "county_notice"})
	if len(changes) < 2 || changes[0].Summary != "应用县级通知："+pending[0].Title {
		t.Fatalf("change log: %+v", changes)
	}
	if _, _, code := runCLI(t, db, "sync", "notices", "apply", "1"); code == 0 {
		t.Fatal("a notice applied twice")
	}

	// The next connection brings nothing new.
	if res, err := outbox.New(db).Pass(ctx); err != nil || res.Notices != 0 {
		t.Fatalf("second pass: %+v %v", res, err)
	}
}

// tamper serves the hub but changes the notices it sends: one byte of the
// signed content.
func tamper(h *hub.Hub) http.Handler {
	next := h.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/notices") {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var files []transport.NoticeFile
		json.Unmarshal(rec.Body.Bytes(), &files)
		for i := range files {
			files[i].File = bytes.Replace(files[i].File, []byte(`"deadline_day":10`), []byte(`"deadline_day":12`), 1)
		}
		json.NewEncoder(w).Encode(files)
	})
}

func TestTamperedOrForeignNoticesAreRefusedAndNothingStored(t *testing.T) {
	ctx := t.Context()
	h, _ := synctest.Hub(t)
	srv := httptest.NewServer(tamper(h))
	t.Cleanup(srv.Close)
	db := enrolledTownship(t, h, srv.URL)
	if _, err := h.Publish(ctx, store.CountyNotice{DeadlineDay: 10}, "张科长"); err != nil {
		t.Fatal(err)
	}
	res, err := outbox.New(db).Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Notices != 0 || len(res.NoticeErrors) != 1 || !strings.Contains(res.NoticeErrors[0], "通知内容与县级平台的签名不符") {
		t.Fatalf("tampered notice: %+v", res)
	}
	if ns, _ := db.CountyNotices(ctx); len(ns) != 0 {
		t.Fatalf("a tampered notice was stored: %+v", ns)
	}

	// Another hub (its own key) that the township is pointed at: the
	// township has pinned its county's key and refuses the impostor's.
	fake, fakeSrv := synctest.Hub(t)
	synctest.Enrol(t, fake, db)
	if _, err := fake.Publish(ctx, store.CountyNotice{DeadlineDay: 20}, "冒充者"); err != nil {
		t.Fatal(err)
	}
	set, _ := db.SyncSettings(ctx)
	set.HubURL = fakeSrv.URL
	db.SaveSyncSettings(ctx, &set)
	res, err = outbox.New(db).Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.NoticeErrors) != 1 || !strings.Contains(res.NoticeErrors[0], "通知不是由本县县级平台签发") {
		t.Fatalf("impostor's notice: %+v", res)
	}
	out, _, _ := runCLI(t, db, "sync", "run")
	if !strings.Contains(out, "县级通知被拒绝：通知不是由本县县级平台签发") {
		t.Fatalf("sync run does not say why:\n%s", out)
	}
	if ns, _ := db.CountyNotices(ctx); len(ns) != 0 {
		t.Fatalf("a foreign notice was stored: %+v", ns)
	}
}

func TestNoticesNeedAnAuthenticatedSession(t *testing.T) {
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	enrolledTownship(t, h, srv.URL)
	if _, err := h.Publish(ctx, store.CountyNotice{DeadlineDay: 10}, "张科长"); err != nil {
		t.Fatal(err)
	}
	// The township API without a township signature.
	resp, err := http.Get(srv.URL + "/api/v1/townships/" + synctest.Code(1) + "/notices")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unsigned notices request: %s", resp.Status)
	}
	// Publishing without a session, with a forged one, or as a viewer.
	fields := map[string]string{"deadline": "20"}
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if r := publishForm(t, anon, srv.URL, fields, nil); r.StatusCode != http.StatusUnauthorized && r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish without a session: %s", r.Status)
	}
	viewer := synctest.Login(t, h, srv.URL, "查看员", "查看")
	if r := publishForm(t, viewer, srv.URL, fields, nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("publish as viewer: %s", r.Status)
	}
	if ns, _ := h.Store().Notices(ctx, 0); len(ns) != 1 {
		t.Fatalf("unauthenticated publications: %d", len(ns))
	}
	// A bad form names the row and publishes nothing.
	clerk := synctest.Login(t, h, srv.URL, "张科长", "审核")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("year", "2027")
	mw.WriteField("holidays", "2027-01-01 休 元旦\n2027-13-01 休 不存在\n")
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/notices", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r, err := clerk.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(page), "第2行的日期“2027-13-01”无效") {
		t.Fatalf("bad form: %s\n%s", r.Status, page)
	}
	if ns, _ := h.Store().Notices(ctx, 0); len(ns) != 1 {
		t.Fatalf("a bad form was published: %d", len(ns))
	}
}

func TestNoticeFileByUSBAndEnrolmentReply(t *testing.T) {
	ctx := t.Context()
	h, _ := synctest.Hub(t)
	db := synctest.Township(t, t.TempDir(), "城关镇", synctest.Code(1), "")
	req, _, _ := outbox.EnrolRequest(ctx, db)
	stick := t.TempDir()
	reqFile, replyFile := filepath.Join(stick, "申请.json"), filepath.Join(stick, "回执.json")
	os.WriteFile(reqFile, req, 0o644)
	hubCLI := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := hub.Main(ctx, append(args, "--data", h.Dir()), &out, &errb); code != 0 {
			t.Fatalf("deputyhub %v: %d\n%s%s", args, code, out.String(), errb.String())
		}
		return out.String()
	}
	hubCLI("enrol", reqFile, "--reply", replyFile, "--hub-url", "http://192.168.1.10:8080")
	holFile := filepath.Join(stick, "2027.txt")
	os.WriteFile(holFile, []byte(holidays2027), 0o644)
	if out := hubCLI("notice", "publish", "--holidays", holFile, "--year", "2027"); !strings.Contains(out, "已发布第1号通知：2027年节假日安排") {
		t.Fatalf("publish: %s", out)
	}
	noticeFile := filepath.Join(stick, "county-1"+notice.FileExt)
	hubCLI("notice", "export", "1", "--out", noticeFile)
	if out := hubCLI("notice", "list"); !strings.Contains(out, "2027年放假 24 天、调休上班 2 天") {
		t.Fatalf("list: %s", out)
	}

	// Before the reply, the township cannot tell a real notice from a forgery.
	_, errOut, code := runCLI(t, db, "sync", "notices", "import", noticeFile)
	if code == 0 || !strings.Contains(errOut, "还没有记录县级平台的签名公钥") {
		t.Fatalf("import without the county key: %d %s", code, errOut)
	}
	out, errOut, code := runCLI(t, db, "sync", "enrol-reply", replyFile)
	if code != 0 || !strings.Contains(out, h.KeyFingerprint()) {
		t.Fatalf("enrol-reply: %d\n%s%s", code, out, errOut)
	}
	if s, _ := db.SyncSettings(ctx); s.HubURL != "http://192.168.1.10:8080" {
		t.Fatalf("hub address from the reply: %+v", s)
	}

	// A changed file is refused and nothing is stored.
	data, _ := os.ReadFile(noticeFile)
	bad := filepath.Join(stick, "changed"+notice.FileExt)
	os.WriteFile(bad, bytes.Replace(data, []byte("元旦"), []byte("春节"), 1), 0o644)
	_, errOut, code = runCLI(t, db, "sync", "notices", "import", bad)
	if code == 0 || !strings.Contains(errOut, "通知内容与县级平台的签名不符") {
		t.Fatalf("changed file: %d %s", code, errOut)
	}
	big := filepath.Join(stick, "big"+notice.FileExt)
	os.WriteFile(big, bytes.Repeat([]byte("x"), notice.MaxSize+1), 0o644)
	if _, errOut, code = runCLI(t, db, "sync", "notices", "import", big); code == 0 || !strings.Contains(errOut, "通知文件过大") {
		t.Fatalf("big file: %d %s", code, errOut)
	}
	if ns, _ := db.CountyNotices(ctx); len(ns) != 0 {
		t.Fatalf("refused files stored: %+v", ns)
	}

	out, errOut, code = runCLI(t, db, "sync", "notices", "import", noticeFile)
	if code != 0 || !strings.Contains(out, "已导入第1号县级通知“2027年节假日安排”，待确认") {
		t.Fatalf("import: %d\n%s%s", code, out, errOut)
	}
	if out, _, _ = runCLI(t, db, "sync", "notices", "import", noticeFile); !strings.Contains(out, "已经收到过") {
		t.Fatalf("second import: %s", out)
	}
	if hs, _ := db.Holidays(ctx, "2027-01-01", "2027-12-31"); len(hs) != 13 {
		t.Fatal("a USB notice applied before confirmation")
	}
	if out, _, _ = runCLI(t, db, "sync", "notices", "dismiss", "1"); !strings.Contains(out, "暂不应用") {
		t.Fatalf("dismiss: %s", out)
	}
	if out, _, _ = runCLI(t, db, "sync", "notices", "list"); !strings.Contains(out, "第1号 2027年节假日安排（暂不应用）") || !strings.Contains(out, "U盘收到") {
		t.Fatalf("list: %s", out)
	}
	if _, _, code = runCLI(t, db, "sync", "notices", "apply", "1"); code != 0 {
		t.Fatal("a dismissed notice cannot be applied later")
	}
	if hs, _ := db.Holidays(ctx, "2027-01-01", "2027-12-31"); len(hs) != 26 {
		t.Fatalf("after apply: %d days", len(hs))
	}
}

// TestEnrolmentReplyPinsTheHubCertificate: with the reply imported, the
// township reaches an https hub with a self-signed certificate, without a
// CA file and without typing the fingerprint.
func TestEnrolmentReplyPinsTheHubCertificate(t *testing.T) {
	ctx := t.Context()
	h, err := hub.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	srv := httptest.NewTLSServer(h.Handler())
	t.Cleanup(srv.Close)
	certFile := filepath.Join(t.TempDir(), "hub.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)
	db := enrolledTownship(t, h, "")
	reply, err := h.EnrolReplyFor(ctx, synctest.Code(1), srv.URL, certFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := outbox.ImportEnrolReply(ctx, db, reply); err != nil {
		t.Fatal(err)
	}
	set, _ := db.SyncSettings(ctx)
	if set.HubURL != srv.URL || set.HubPin != notice.CertFingerprint(srv.Certificate().Raw) {
		t.Fatalf("settings after the reply: %+v", set)
	}
	h.Publish(ctx, store.CountyNotice{DeadlineDay: 8}, "张科长")
	res, err := outbox.New(db).Pass(ctx)
	if err != nil || res.Notices != 1 {
		t.Fatalf("pass over the pinned certificate: %+v %v", res, err)
	}
	if k, _ := db.CountyKey(ctx); k.Source != "县级平台登记回执" {
		t.Fatalf("county key from %q", k.Source)
	}
	// A reply for another township is refused.
	other := synctest.Township(t, t.TempDir(), "城南镇", synctest.Code(2), "")
	if _, err := outbox.ImportEnrolReply(ctx, other, reply); err == nil || !strings.Contains(notice.Message(err), "这份登记回执是给乡镇代码") {
		t.Fatalf("reply for another township: %v", err)
	}
}

func TestNoticesPageInChromium(t *testing.T) {
	browser := chromium(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	h, srv := synctest.Hub(t)
	hol, err := notice.ParseHolidays(2027, "国务院办公厅关于2027年部分节假日安排的通知", holidays2027)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Publish(ctx, store.CountyNotice{Holidays: hol, DeadlineDay: 10}, "县人大张科长"); err != nil {
		t.Fatal(err)
	}
	clerk := synctest.Login(t, h, srv.URL, "县人大张科长", "审核")
	base := synctest.SessionProxy(t, h, clerk, srv.URL)
	dom, err := exec.CommandContext(ctx, browser, chromiumArgs(t, "--dump-dom", base+"/notices")...).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"县级通知", "第1号", "2027年节假日安排、上报截止日", "2027年放假 24 天、调休上班 2 天", "通知文件（U盘）", `name="holidays"`, h.KeyFingerprint()} {
		if !strings.Contains(string(dom), want) {
			t.Errorf("notices page lacks %q", want)
		}
	}
	shots := os.Getenv("SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	}
	os.MkdirAll(shots, 0o755)
	exec.CommandContext(ctx, browser, chromiumArgs(t, "--hide-scrollbars", "--window-size=1200,900", "--screenshot="+filepath.Join(shots, "hub-notices.png"), base+"/notices")...).Run()
}
