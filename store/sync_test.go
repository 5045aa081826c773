package store

import (
	"bytes"
	"crypto/ed25519"
	"deputydesk/store/calendar"
	"deputydesk/store/calendar/calendartest"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSyncKeyMadeAtSetupAndKept(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	var n int
	db.r.QueryRowContext(ctx, `SELECT count(*) FROM sync_key`).Scan(&n)
	if n != 0 {
		t.Fatal("key exists before setup")
	}
	if err := db.SaveTownship(ctx, &Township{Name: "城关镇", Code: "421022100"}); err != nil {
		t.Fatal(err)
	}
	db.r.QueryRowContext(ctx, `SELECT count(*) FROM sync_key`).Scan(&n)
	if n != 1 {
		t.Fatal("setup made no signing key")
	}
	k1, err := db.SyncKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := db.SyncKey(ctx)
	if !bytes.Equal(k1.Public, k2.Public) || len(k1.Private) != ed25519.PrivateKeySize {
		t.Error("key changed between reads")
	}
	sig := ed25519.Sign(k1.Private, []byte("x"))
	if !ed25519.Verify(k1.Public, []byte("x"), sig) {
		t.Error("stored key pair does not match")
	}
	if fp := k1.Fingerprint(); len(fp) != 19 || strings.Count(fp, "-") != 3 {
		t.Errorf("fingerprint %q", fp)
	}
	// The private key never reaches the change log.
	var changes string
	db.r.QueryRowContext(ctx, `SELECT changes FROM change_log WHERE entity = 'sync_key'`).Scan(&changes)
	if strings.Contains(changes, "Private") {
		t.Errorf("change log holds the private key: %s", changes)
	}
}

func TestSyncSettings(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	s, _ := db.SyncSettings(ctx)
	if s.DeadlineDay != 5 || s.HubURL != "" {
		t.Errorf("defaults %+v", s)
	}
	bad := SyncSettings{HubURL: "ftp://x", DeadlineDay: 31}
	err := db.SaveSyncSettings(ctx, &bad)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.For("HubURL") == "" || ve.For("DeadlineDay") == "" {
		t.Fatalf("bad settings: %v", err)
	}
	good := SyncSettings{HubURL: " https://rd.example.cn:8443/ ", DeadlineDay: 10}
	if err := db.SaveSyncSettings(ctx, &good); err != nil {
		t.Fatal(err)
	}
	s, _ = db.SyncSettings(ctx)
	if s.HubURL != "https://rd.example.cn:8443" || s.DeadlineDay != 10 {
		t.Errorf("saved %+v", s)
	}
}

func queue(t *testing.T, db *DB, kind, period string) OutboxItem {
	t.Helper()
	it, err := db.QueueBundle(t.Context(), kind, period, func(s BundleSlot) (string, []byte, error) {
		return period + " v" + string(rune('0'+s.Version)), []byte("zip of " + s.ID), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func TestOutboxLifecycle(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	a := queue(t, db, "ledger", "2026-09")
	b := queue(t, db, "ledger", "2026-10")
	if a.State != OutboxPending || a.Version != 1 || a.Size == 0 || len(a.SHA256) != 64 {
		t.Fatalf("queued %+v", a)
	}
	if data, _ := db.OutboxData(ctx, a.ID); string(data) != "zip of "+a.ID {
		t.Errorf("data %q", data)
	}
	todo, _ := db.ToSend(ctx)
	if len(todo) != 2 || todo[0].ID != a.ID {
		t.Fatalf("to send %v", todo)
	}
	if _, err := db.MarkSending(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	db.SaveUploadOffset(ctx, a.ID, 3)
	// A program killed mid-upload finds it still to send, with its offset.
	todo, _ = db.ToSend(ctx)
	if todo[0].State != OutboxSending || todo[0].UploadOffset != 3 || !strings.Contains(todo[0].StatusText(), "上报中") {
		t.Errorf("interrupted: %+v", todo[0])
	}
	it, _ := db.MarkAttemptFailed(ctx, a.ID, "连接不上县级平台，等待网络恢复后重试", false)
	if it.State != OutboxPending || it.Attempts != 1 || !strings.Contains(it.StatusText(), "上次：连接不上") {
		t.Errorf("transient failure: %s", it.StatusText())
	}
	at := time.Date(2026, 11, 3, 1, 12, 0, 0, time.UTC)
	it, _ = db.MarkDelivered(ctx, a.ID, "20261103-000007", at)
	if it.State != OutboxDelivered || !strings.Contains(it.StatusText(), "已上报（回执 20261103-000007") {
		t.Errorf("delivered: %s", it.StatusText())
	}
	if _, err := db.CancelOutbox(ctx, a.ID); err == nil {
		t.Error("cancelled a delivered bundle")
	}
	if wait, _ := db.AwaitingVerdict(ctx); len(wait) != 1 {
		t.Errorf("awaiting verdict %d", len(wait))
	}
	it, _ = db.SetVerdict(ctx, a.ID, VerdictReturned, "缺少签字", at)
	if !strings.Contains(it.StatusText(), "退回：缺少签字") {
		t.Errorf("verdict: %s", it.StatusText())
	}

	it, _ = db.MarkAttemptFailed(ctx, b.ID, "上报包没有签名，已拒收", true)
	if it.State != OutboxFailed || it.StatusText() != "失败：上报包没有签名，已拒收" {
		t.Errorf("refused: %s", it.StatusText())
	}
	if it, _ = db.RetryOutbox(ctx, b.ID); it.State != OutboxPending || it.LastError != "" {
		t.Errorf("retry: %+v", it)
	}
	if it, _ = db.CancelOutbox(ctx, b.ID); it.State != OutboxCancelled {
		t.Errorf("cancel: %+v", it)
	}
	var logged int
	db.r.QueryRowContext(ctx, `SELECT count(*) FROM change_log WHERE entity = 'outbox'`).Scan(&logged)
	if logged < 8 {
		t.Errorf("only %d outbox changes logged", logged)
	}
}

func TestNewVersionSupersedesUndelivered(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	v1 := queue(t, db, "ledger", "2026-10")
	db.MarkDelivered(ctx, v1.ID, "r1", db.Now())
	v2 := queue(t, db, "ledger", "2026-10")
	v3 := queue(t, db, "ledger", "2026-10")
	if v2.Version != 2 || v3.Version != 3 {
		t.Fatalf("versions %d %d", v2.Version, v3.Version)
	}
	got1, _ := db.OutboxItem(ctx, v1.ID)
	got2, _ := db.OutboxItem(ctx, v2.ID)
	if got1.State != OutboxDelivered || got1.SupersededBy != v2.ID {
		t.Errorf("delivered v1: %s superseded by %q", got1.State, got1.SupersededBy)
	}
	if got2.State != OutboxCancelled || got2.SupersededBy != v3.ID || !strings.Contains(got2.StatusText(), "已被新版本取代") {
		t.Errorf("v2: %s", got2.StatusText())
	}
	other := queue(t, db, "roster", "2026-10")
	if other.Version != 1 {
		t.Errorf("roster version %d", other.Version)
	}
	// A failing builder leaves nothing behind.
	_, err := db.QueueBundle(ctx, "ledger", "2026-10", func(BundleSlot) (string, []byte, error) { return "", nil, errors.New("boom") })
	if err == nil {
		t.Fatal("builder error lost")
	}
	if got3, _ := db.OutboxItem(ctx, v3.ID); got3.State != OutboxPending {
		t.Errorf("failed queue touched v3: %s", got3.State)
	}
}

func TestReminders(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	loc := time.FixedZone("CST", 8*3600)
	db.Now = func() time.Time { return time.Date(2026, 6, 15, 0, 0, 0, 0, loc) }
	db.SaveTownship(ctx, &Township{Name: "城关镇", Code: "421022100"})
	aug := queue(t, db, "ledger", "2026-08")
	db.MarkDelivered(ctx, aug.ID, "r", db.Now())
	queue(t, db, "ledger", "2026-09") // queued but not delivered: still reminded
	db.Now = calendar.Fixed(time.Date(2026, 11, 3, 10, 0, 0, 0, loc))
	rs, err := db.Reminders(ctx, "ledger", 5*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, r.Text("月度台账"))
	}
	want := []string{
		"2026年6月月度台账已逾期未上报（截止2026年7月5日）",
		"2026年7月月度台账已逾期未上报（截止2026年8月5日）",
		"2026年9月月度台账已逾期未上报（截止2026年10月5日）",
		"2026年10月月度台账尚未上报，截止2026年11月5日",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reminders:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Far from the deadline, the current month is not yet a reminder.
	db.Now = calendar.Fixed(time.Date(2026, 10, 20, 0, 0, 0, 0, loc))
	rs, _ = db.Reminders(ctx, "ledger", 5*24*time.Hour)
	for _, r := range rs {
		if r.Period.String() == "2026-10" || r.Period.String() == "2026-09" && !r.Overdue {
			t.Errorf("unexpected %+v", r)
		}
	}
}

// TestRemindersOnAnyDay checks the months named on days where "last month"
// computed with AddDate(0, -1, 0) goes wrong, and on the test run's today.
func TestRemindersOnAnyDay(t *testing.T) {
	today := calendartest.Today(t, "2026-12-01")
	for _, day := range []string{"2026-12-31", "2027-01-01", "2027-03-31", "2028-02-29", "2026-07-31", calendar.Today(today)} {
		t.Run(day, func(t *testing.T) {
			ctx := t.Context()
			db := newDB(t)
			now, _ := calendar.ParseInstant(day)
			// Set up a year and a half before, so the 12-month window is full.
			db.Now = calendar.Fixed(now.AddDate(-1, -6, 0))
			if err := db.SaveTownship(ctx, &Township{Name: "城关镇", Code: "421022100"}); err != nil {
				t.Fatal(err)
			}
			db.Now = calendar.Fixed(now)
			rs, err := db.Reminders(ctx, "ledger", 5*24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			last := calendar.MonthOf(now).Prev()
			if len(rs) != 12 || rs[len(rs)-1].Period != last || rs[0].Period != last.Add(-11) {
				t.Fatalf("on %s reminders run %v … %v (%d), want %s … %s", day, rs[0].Period, rs[len(rs)-1].Period, len(rs), last.Add(-11), last)
			}
			for _, r := range rs {
				if !r.Deadline.After(r.Period.End(nil)) {
					t.Errorf("%s due %v, before the month is over", r.Period, r.Deadline)
				}
			}
		})
	}
}
