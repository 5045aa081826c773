package synctest_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"deputydesk/sync/bundle"
	"deputydesk/sync/hub"
	"deputydesk/sync/outbox"
	"deputydesk/sync/synctest"
)

var demoNames = []string{"城关镇", "东湖镇", "西山乡", "南岗镇", "北坪乡", "清水镇", "白石镇", "石门乡", "柳河镇", "桃源乡", "新集镇", "龙泉镇"}

// plan says how township i (1..12) reported month m (1..10) in the demo
// county: "missing", "late" or "ontime".
func plan(i, m int) string {
	switch {
	case i == 12 && m >= 8, (i+m)%7 == 0:
		return "missing"
	case (i*m)%11 == 5 && m < 10:
		return "late"
	}
	return "ontime"
}

// demoCounty fills a hub with 12 townships' ledgers for January to October
// 2026 as plan says, and sets the hub's clock to 3 November 2026, before the
// October deadline.
func demoCounty(t *testing.T) (*hub.Hub, string) {
	t.Helper()
	ctx := t.Context()
	h, srv := synctest.Hub(t)
	for i := 1; i <= 12; i++ {
		code := synctest.Code(i)
		db := synctest.Township(t, t.TempDir(), demoNames[i-1], code, "")
		synctest.Enrol(t, h, db)
		for m := 1; m <= 10; m++ {
			how := plan(i, m)
			if how == "missing" {
				continue
			}
			period := fmt.Sprintf("2026-%02d", m)
			it, err := outbox.Queue(ctx, db, synctest.LedgerProvider{Code: code}, bundle.Ledger, period)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := db.OutboxData(ctx, it.ID)
			at := time.Date(2026, time.Month(m)+1, 2, 9, 30, 0, 0, time.Local)
			if how == "late" {
				at = time.Date(2026, time.Month(m)+1, 12, 16, 0, 0, 0, time.Local)
			}
			h.Now = synctest.FixedClock(at)
			if _, err := h.Accept(ctx, data, "网络"); err != nil {
				t.Fatal(err)
			}
		}
	}
	h.Now = synctest.FixedClock(time.Date(2026, 11, 3, 10, 0, 0, 0, time.Local))
	clerk := synctest.Login(t, h, srv.URL, "李查看", "查看")
	return h, synctest.SessionProxy(t, h, clerk, srv.URL)
}

func wantCell(i, m int) string {
	if m > 10 {
		return "future"
	}
	switch plan(i, m) {
	case "late":
		return "late"
	case "ontime":
		return "ontime"
	}
	if m == 10 {
		return "missing" // October's deadline, 5 November, has not passed
	}
	return "overdue"
}

func chromium(t *testing.T) string {
	t.Helper()
	for _, n := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (Debian package: chromium); the hub page test needs a real browser")
	return ""
}

func chromiumArgs(t *testing.T, extra ...string) []string {
	return append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + t.TempDir()}, extra...)
}

func TestHubPageInChromiumShowsCompletenessMatrix(t *testing.T) {
	browser := chromium(t)
	h, base := demoCounty(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	dom, err := exec.CommandContext(ctx, browser, chromiumArgs(t, "--dump-dom", base+"/?kind=ledger&year=2026")...).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	page := string(dom)
	if !strings.Contains(page, "2026年 月度台账 报送情况") {
		t.Fatalf("page title missing; got %.300s", page)
	}
	rowRe := regexp.MustCompile(`(?s)<tr data-code="(\d+)"><td class="name">([^<]+)</td>(.*?)</tr>`)
	cellRe := regexp.MustCompile(`<td class="(\w+)">`)
	rows := rowRe.FindAllStringSubmatch(page, -1)
	if len(rows) != 12 {
		t.Fatalf("matrix has %d rows, want 12", len(rows))
	}
	counts := map[string]int{}
	for i, r := range rows {
		if r[1] != synctest.Code(i+1) || r[2] != demoNames[i] {
			t.Errorf("row %d is %s %s", i+1, r[1], r[2])
		}
		cells := cellRe.FindAllStringSubmatch(r[3], -1)
		if len(cells) != 12 {
			t.Fatalf("%s has %d cells", r[2], len(cells))
		}
		for m, c := range cells {
			counts[c[1]]++
			if want := wantCell(i+1, m+1); c[1] != want {
				t.Errorf("%s %d月: %s, want %s", r[2], m+1, c[1], want)
			}
		}
	}
	t.Logf("cells: %v", counts)
	for _, class := range []string{"ontime", "late", "missing", "overdue", "future"} {
		if counts[class] == 0 {
			t.Errorf("the demo county has no %s cell; the test does not cover it", class)
		}
	}
	// The reporting rate for September: townships with a September ledger.
	sept := 0
	for i := 1; i <= 12; i++ {
		if plan(i, 9) != "missing" {
			sept++
		}
	}
	if !strings.Contains(page, fmt.Sprintf("<th>%d/12</th>", sept)) {
		t.Errorf("September rate %d/12 not shown", sept)
	}

	shots := os.Getenv("SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	}
	os.MkdirAll(shots, 0o755)
	png := filepath.Join(shots, "hub-matrix.png")
	if out, err := exec.CommandContext(ctx, browser, chromiumArgs(t, "--hide-scrollbars", "--window-size=1500,1100", "--screenshot="+png, base+"/?kind=ledger&year=2026")...).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v %s", err, out)
	}
	if fi, err := os.Stat(png); err != nil || fi.Size() < 10000 {
		t.Errorf("screenshot %s missing or empty", png)
	}

	// A returned bundle's page shows the verdict and the figures.
	bs, _ := h.Store().Bundles(t.Context(), "ledger")
	b := bs[0]
	if err := h.Store().SetVerdict(t.Context(), b.ID, "returned", "接待人次与登记簿不符，请核对后重报", h.Now()); err != nil {
		t.Fatal(err)
	}
	dom, err = exec.CommandContext(ctx, browser, chromiumArgs(t, "--dump-dom", base+"/bundle/"+b.ID)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{b.Receipt, "退回：接待人次与登记簿不符", "接待次数", "下载上报包"} {
		if !strings.Contains(string(dom), want) {
			t.Errorf("bundle page lacks %q", want)
		}
	}
	exec.CommandContext(ctx, browser, chromiumArgs(t, "--hide-scrollbars", "--window-size=900,800", "--screenshot="+filepath.Join(shots, "hub-bundle.png"), base+"/bundle/"+b.ID)...).Run()
	dom, _ = exec.CommandContext(ctx, browser, chromiumArgs(t, "--dump-dom", base+"/?kind=ledger&year=2026")...).Output()
	if !strings.Contains(string(dom), `<span class="ret">退回</span>`) {
		t.Error("the matrix does not mark the returned month")
	}
}

func TestSummaryWorkbookAddsUpTownships(t *testing.T) {
	_, base := demoCounty(t)
	for _, m := range []int{1, 9} {
		period := fmt.Sprintf("2026-%02d", m)
		resp, err := http.Get(base + "/summary?kind=ledger&period=" + period)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: not a workbook: %v", period, err)
		}
		rows, _ := f.GetRows("县级汇总")
		want := map[string]float64{}
		reported := 0
		for i := 1; i <= 12; i++ {
			if plan(i, m) == "missing" {
				continue
			}
			reported++
			for _, x := range synctest.LedgerFigures(synctest.Code(i), period) {
				want[x.Label+"（"+x.Unit+"）"] += x.Value
			}
		}
		header, total := rows[2], rows[len(rows)-1]
		if total[0] != "合计" || len(rows) != 3+reported+1 {
			t.Fatalf("%s: %d rows, last %v", period, len(rows), total)
		}
		for c := 3; c < len(header); c++ {
			if got := total[c]; got != fmt.Sprint(want[header[c]]) {
				t.Errorf("%s %s total %s, want %v", period, header[c], got, want[header[c]])
			}
			// The total is also the sum of the rows above it.
			var sum float64
			for _, r := range rows[3 : len(rows)-1] {
				var v float64
				fmt.Sscan(r[c], &v)
				sum += v
			}
			if fmt.Sprint(sum) != total[c] {
				t.Errorf("%s %s: rows add up to %v, total says %s", period, header[c], sum, total[c])
			}
		}
		if !strings.Contains(rows[1][0], fmt.Sprintf("已报乡镇 %d 个，共 12 个", reported)) {
			t.Errorf("%s subtitle %q", period, rows[1][0])
		}
		f.Close()
	}
}

func TestLoginAndAuditPagesInChromium(t *testing.T) {
	browser := chromium(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	h, srv := synctest.Hub(t)
	db := enrolledTownship(t, h, srv.URL)
	it, _ := acceptedLedger(ctx, t, h, db)
	shots := os.Getenv("SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	}
	os.MkdirAll(shots, 0o755)
	// Without a session the browser lands on the login form.
	dom, err := exec.CommandContext(ctx, browser, chromiumArgs(t, "--dump-dom", srv.URL+"/bundle/"+it.ID)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dom), `name="password"`) || strings.Contains(string(dom), it.ID+"/download") {
		t.Errorf("without a session the browser got %.300s", dom)
	}
	exec.CommandContext(ctx, browser, chromiumArgs(t, "--hide-scrollbars", "--window-size=700,560", "--screenshot="+filepath.Join(shots, "hub-login.png"), srv.URL+"/login")...).Run()

	clerk := synctest.Login(t, h, srv.URL, "张审核", "审核")
	resp, _ := clerk.Get(srv.URL + "/bundle/" + it.ID + "/download")
	resp.Body.Close()
	base := synctest.SessionProxy(t, h, clerk, srv.URL)
	dom, err = exec.CommandContext(ctx, browser, chromiumArgs(t, "--dump-dom", base+"/audit")...).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"操作记录", "张审核", "登录", "下载上报包", "登记乡镇", "命令行"} {
		if !strings.Contains(string(dom), want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	png := filepath.Join(shots, "hub-audit.png")
	exec.CommandContext(ctx, browser, chromiumArgs(t, "--hide-scrollbars", "--window-size=1200,500", "--screenshot="+png, base+"/audit")...).Run()
	if fi, err := os.Stat(png); err != nil || fi.Size() < 5000 {
		t.Errorf("screenshot %s missing or empty", png)
	}
	exec.CommandContext(ctx, browser, chromiumArgs(t, "--hide-scrollbars", "--window-size=1200,400", "--screenshot="+filepath.Join(shots, "hub-townships.png"), base+"/townships")...).Run()
}
