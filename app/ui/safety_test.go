package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"deputydesk/store"
)

func TestDeletedGroupComesBackFromTrashWithMembers(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	a := fx.deputy("钱学民", store.Levels(store.TownshipLv))
	b := fx.deputy("孙丽", store.Levels(store.County))
	g := fx.group("东关代表小组", a.ID, a.ID, b.ID)
	fx.station("城关镇人大代表联络站", g.ID)
	mw := newWindow(t, test.NewTempApp(t), db)

	mw.EditGroup(g.ID)
	test.Tap(mw.groupForm.remove)
	if !strings.Contains(mw.lastConfirm.message.Text, "回收站") {
		t.Errorf("confirmation %q does not say the group can be restored", mw.lastConfirm.message.Text)
	}
	test.Tap(mw.lastConfirm.ok)
	if gs, _ := db.Groups(t.Context()); len(gs) != 0 {
		t.Fatal("group not deleted")
	}

	mw.Show(ScreenTrash)
	ts := mw.screens[ScreenTrash].(*trashScreen)
	if len(ts.rows) != 1 || !shows(mw.win, "东关代表小组") || !shows(mw.win, "共 1 项") {
		t.Fatalf("trash screen shows %v", shownTexts(mw.win))
	}
	ts.askRestore(ts.rows[0])
	test.Tap(ts.lastRestore.ok)
	got, err := db.Group(t.Context(), g.ID)
	if err != nil || len(got.MemberIDs) != 2 || got.LeaderID != a.ID {
		t.Fatalf("restored group %+v %v", got, err)
	}
	st, _ := db.Stations(t.Context())
	if len(st[0].GroupIDs) != 1 {
		t.Fatal("station link not restored")
	}
	if !shows(mw.win, "共 0 项") {
		t.Fatalf("trash not refreshed: %v", shownTexts(mw.win))
	}

	// The change log shows the delete and the restore, newest first.
	mw.Show(ScreenChangeLog)
	cl := mw.screens[ScreenChangeLog].(*changeLogScreen)
	if len(cl.rows) < 2 || cl.rows[0].Summary != "从回收站恢复：东关代表小组" || cl.rows[1].Action != "delete" {
		t.Fatalf("change log rows %+v", cl.rows[:2])
	}
}

func TestChangeLogShowsOldAndNewValues(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	d := fx.deputy("钱学民", store.Levels(store.TownshipLv))
	d.Phone = "13800001111"
	if err := db.SaveDeputy(t.Context(), &d); err != nil {
		t.Fatal(err)
	}
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenChangeLog)
	if !shows(mw.win, "联系电话：13900000001 → 13800001111") {
		t.Fatalf("change log shows %v", shownTexts(mw.win))
	}
}

func TestBackupScreenMakesABackup(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenBackups)
	if !shows(mw.win, "共 0 份备份") {
		t.Fatalf("backups screen shows %v", shownTexts(mw.win))
	}
	if _, err := db.Backup(t.Context(), "manual"); err != nil {
		t.Fatal(err)
	}
	mw.Show(ScreenBackups)
	if !shows(mw.win, "共 1 份备份") || !shows(mw.win, "手动备份") {
		t.Fatalf("backups screen shows %v", shownTexts(mw.win))
	}
}

func TestDeletedCaseAndDutyGoToTrash(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	fx := &factory{t: t, db: db}
	fx.township()
	a := fx.deputy("钱学民", store.Levels(store.TownshipLv))
	g := fx.group("东关代表小组", a.ID, a.ID)
	st := fx.station("城关镇人大代表联络站", g.ID)
	r := &store.Reception{Kind: "走访选民", Day: "2026-11-20", Place: "石桥村", Visitors: 1, DeputyIDs: []string{a.ID}}
	if err := db.SaveReception(ctx, r); err != nil {
		t.Fatal(err)
	}
	c := &store.Case{ReceptionID: r.ID, Day: r.Day, VisitorName: "李大爷", Category: "基础设施",
		Content: "村口路灯坏了", Disposition: "交办乡镇或村（社区）"}
	if err := db.SaveCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	duty := &store.Duty{StationID: st.ID, Date: "2026-12-04", From: "09:00", To: "11:30", DeputyIDs: []string{a.ID}}
	if err := db.SaveDuty(ctx, duty); err != nil {
		t.Fatal(err)
	}
	mw := newWindow(t, test.NewTempApp(t), db)

	v := mw.OpenCase(c.ID)
	test.Tap(v.Remove)
	if !strings.Contains(mw.lastConfirm.message.Text, "回收站") {
		t.Fatalf("confirmation %q", mw.lastConfirm.message.Text)
	}
	test.Tap(mw.lastConfirm.ok)
	if _, err := db.Case(ctx, c.ID); err == nil {
		t.Fatal("case not deleted")
	}

	mw.Show(ScreenRoster)
	rs := mw.screens[ScreenRoster].(*rosterScreen)
	f := rs.OpenDuty(duty.ID)
	test.Tap(f.Remove)
	test.Tap(mw.lastConfirm.ok)
	if _, err := db.Duty(ctx, duty.ID); err == nil {
		t.Fatal("duty not deleted")
	}

	mw.Show(ScreenTrash)
	ts := mw.screens[ScreenTrash].(*trashScreen)
	if len(ts.rows) != 2 {
		t.Fatalf("trash has %d items: %v", len(ts.rows), shownTexts(mw.win))
	}
	for _, item := range ts.rows {
		ts.askRestore(item)
		test.Tap(ts.lastRestore.ok)
	}
	if got, err := db.Case(ctx, c.ID); err != nil || got.Content != "村口路灯坏了" {
		t.Fatalf("case after restore: %v", err)
	}
	if _, err := db.Duty(ctx, duty.ID); err != nil {
		t.Fatalf("duty after restore: %v", err)
	}
}

func TestExportAllFromBackupScreen(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	fx.deputy("钱学民", store.Levels(store.TownshipLv))
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenBackups)
	s := mw.screens[ScreenBackups].(*backupScreen)
	path := filepath.Join(t.TempDir(), "全部数据.xlsx")
	tables, rows, err := s.ExportAll(path)
	if err != nil || tables < 10 || rows < 2 {
		t.Fatalf("export: %d tables, %d rows, %v", tables, rows, err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

func TestPrivacySwitchesInSettings(t *testing.T) {
	db := newDB(t)
	fx := &factory{t: t, db: db}
	fx.township()
	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenSettings)
	s := mw.screens[ScreenSettings].(*settingsScreen)
	if s.FullPhones.Checked || s.IDNumbers.Checked {
		t.Fatal("privacy switches on by default")
	}
	test.Tap(s.FullPhones)
	p, err := db.Privacy(t.Context())
	if err != nil || !p.FullPhones || p.IDNumbers {
		t.Fatalf("after tapping: %+v %v", p, err)
	}
	if !strings.Contains(s.FullPhones.Text, "默认隐去中间四位") {
		t.Fatal("the switch does not say what it does")
	}
}
