package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

func TestDamagedDatabaseRestoredInOneStep(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "deputydesk.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	fx := &factory{t: t, db: db}
	fx.township()
	var ds []*store.Deputy
	for i := 0; i < 300; i++ {
		ds = append(ds, &store.Deputy{Name: fmt.Sprintf("代表%03d", i), Phone: fmt.Sprintf("139%08d", i),
			Levels: store.Levels(store.TownshipLv), Notes: strings.Repeat("履职记录", 60)})
	}
	if err := db.SaveDeputies(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(ctx, "daily"); err != nil {
		t.Fatal(err)
	}
	db.Checkpoint(ctx)
	db.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	junk := make([]byte, 8192)
	for i := range junk {
		junk[i] = byte(i*13 + 5)
	}
	f.WriteAt(junk, st.Size()/2)
	f.Close()
	if _, err := store.Inspect(ctx, path); err == nil {
		t.Fatal("damage not detected")
	}

	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	rv := NewRecoveryView(a, w, store.Diagnose(ctx, path))
	if rv.Backup == nil || rv.Restore.Disabled() {
		t.Fatalf("no backup offered: %q", rv.Message.Text)
	}
	if !strings.Contains(rv.Message.Text, "城关镇") || !strings.Contains(rv.Message.Text, "代表 300 名") {
		t.Fatalf("message does not say what the backup holds: %q", rv.Message.Text)
	}
	var restored *store.DB
	rv.OnOpened = func(db *store.DB) { restored = db }
	// The program's clock (DEPUTYDESK_NOW's in a demonstration) follows
	// the database opened from this window.
	day := time.Date(2026, 7, 20, 10, 0, 0, 0, calendar.Beijing)
	rv.Clock = func() time.Time { return day }
	test.Tap(rv.Restore)
	if restored == nil {
		t.Fatalf("restore did not open the database; window shows %v", shownTexts(w))
	}
	defer restored.Close()
	if !restored.Now().Equal(day) {
		t.Fatalf("the restored database runs on %v, not the program's clock", restored.Now())
	}
	if n, _ := restored.CountDeputies(ctx); n != 300 {
		t.Fatalf("%d deputies after restore", n)
	}
	if err := restored.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestDamageFoundAfterTheWindowIsUpIsRefused(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "deputydesk.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	fx := &factory{t: t, db: db}
	fx.township()
	var ds []*store.Deputy
	for i := 0; i < 300; i++ {
		ds = append(ds, &store.Deputy{Name: fmt.Sprintf("代表%03d", i), Phone: fmt.Sprintf("139%08d", i),
			Levels: store.Levels(store.TownshipLv), Notes: strings.Repeat("履职记录", 60)})
	}
	if err := db.SaveDeputies(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(ctx, "daily"); err != nil {
		t.Fatal(err)
	}
	db.Checkpoint(ctx)
	mw := newWindow(t, test.NewTempApp(t), db)
	if mw.Current() == "" {
		t.Fatal("no first screen")
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	junk := make([]byte, 8192)
	for i := range junk {
		junk[i] = byte(i*13 + 5)
	}
	f.WriteAt(junk, st.Size()/2)
	f.Close()
	result := make(chan error, 1)
	mw.CheckIntegrity(func(err error) { result <- err })
	if err := <-result; err == nil {
		t.Fatal("damage not found")
	}
	if !mw.damaged || mw.recovery == nil || !shows(mw.win, "已损坏") {
		t.Fatal("damaged file not refused")
	}
	if mw.recovery.Backup == nil || mw.recovery.Restore.Disabled() {
		t.Fatal("no backup offered")
	}
}
