package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"deputydesk/store"
)

// smallWindow is caseWindow on the common 1366×768 office screen.
func smallWindow(t *testing.T) (*MainWindow, *store.DB, []store.Deputy, store.Station) {
	t.Helper()
	mw, db, deps, st := caseWindow(t)
	mw.win.Resize(fyne.NewSize(1366, 768))
	return mw, db, deps, st
}

func fillCase(e *CaseEntry, name, cat, content string) {
	test.Type(e.Name, name)
	e.Category.SetSelected(cat)
	test.Type(e.Content, content)
}

func TestBadFieldIsScrolledIntoViewAndMarked(t *testing.T) {
	mw, db, deps, _ := smallWindow(t)
	f := mw.NewReception()
	f.Station.SetSelected("城关镇人大代表联络站")
	f.CheckDeputy(deps[0].ID, true)
	fillCase(f.Cases[0], "张大爷", "政策咨询", "咨询医保缴费标准。")
	c2 := f.AddCase()
	fillCase(c2, "刘桂珍", "基础设施", "村口道路积水。")
	test.Type(c2.Phone, "12345")
	test.Tap(f.Save)

	if f.Saved != nil {
		t.Fatal("saved with a bad phone")
	}
	key := fieldKey(2, "VisitorPhone")
	if f.fields.message(key) == "" {
		t.Fatalf("the phone of 第2件 is not marked: message %q", f.fields.message(key))
	}
	if l := f.fields.labels[key]; l.Importance != widget.DangerImportance {
		t.Fatal("the row's name is not red")
	}
	if f.fields.message(fieldKey(1, "VisitorPhone")) != "" {
		t.Fatal("the first case's phone was marked too")
	}
	if !strings.Contains(f.fields.summary.Text, "第2件·联系电话") || !strings.Contains(f.fields.summary.Text, "未保存") {
		t.Fatalf("the result beside 保存 says %q", f.fields.summary.Text)
	}
	if !f.fields.summary.Visible() {
		t.Fatal("the result beside 保存 is hidden")
	}
	sc := f.fields.root.(*container.Scroll)
	pos, ok := offsetIn(sc.Content, f.fields.cells[key])
	if !ok {
		t.Fatal("phone row not found in the form")
	}
	top, bottom := sc.Offset.Y, sc.Offset.Y+sc.Size().Height
	if sc.Offset.Y <= 0 || pos.Y < top || pos.Y+c2.Phone.Size().Height > bottom {
		t.Fatalf("phone row at %.0f, view shows %.0f–%.0f", pos.Y, top, bottom)
	}
	if mw.win.Canvas().Focused() != c2.Phone {
		t.Fatal("focus not on the bad field")
	}
	if n, _ := db.CountCases(t.Context(), store.CaseFilter{}); n != 0 {
		t.Fatal("something was saved")
	}
	// Corrected, it saves and says so.
	c2.Phone.SetText("0354-5681234")
	test.Tap(f.Save)
	if f.Saved == nil || !strings.Contains(mw.Status(), "2 件反映事项") {
		t.Fatalf("not saved: %q / status %q", f.fields.summary.Text, mw.Status())
	}
}

func TestCancelOnFilledReceptionAsks(t *testing.T) {
	mw, _, _, _ := smallWindow(t)
	f := mw.NewReception()
	test.Tap(f.Cancel)
	if f.Asked != nil || dialogOpen(mw.win) {
		t.Fatal("an untouched form asked before closing")
	}
	f = mw.NewReception()
	test.Type(f.Cases[0].Content, "村口道路积水")
	test.Tap(f.Cancel)
	if f.Asked == nil || !shows(mw.win, "还没有保存") {
		t.Fatal("取消 on a filled form closed it without asking")
	}
	if !shows(mw.win, "村口道路积水") && f.Cases[0].Content.Text != "村口道路积水" {
		t.Fatal("input dropped")
	}
}

func TestEditSavedReceptionKeepsItsCases(t *testing.T) {
	mw, db, deps, _ := smallWindow(t)
	ctx := t.Context()
	f := mw.NewReception()
	f.Station.SetSelected("城关镇人大代表联络站")
	f.Day.SetText("2026-11-06")
	f.CheckDeputy(deps[0].ID, true)
	fillCase(f.Cases[0], "张大爷", "政策咨询", "咨询医保缴费标准。")
	test.Tap(f.Save)
	if f.Saved == nil {
		t.Fatalf("not saved: %q", f.fields.summary.Text)
	}
	id := f.Saved.ID

	e := mw.EditReception(id)
	if e.Day.Text != "2026-11-06" || len(e.deputies.ids()) != 1 || len(e.Cases) != 0 {
		t.Fatalf("form not filled from the saved reception: %s %v %d", e.Day.Text, e.deputies.ids(), len(e.Cases))
	}
	if !shows(mw.win, "张大爷") {
		t.Fatal("the reception's cases are not shown in its form")
	}
	e.Day.SetText("2026-11-07")
	e.CheckDeputy(deps[1].ID, true)
	e.Visitors.SetText("4")
	add := e.AddCase()
	fillCase(add, "刘桂珍", "基础设施", "村口道路积水。")
	test.Tap(e.Save)
	if e.Saved == nil {
		t.Fatalf("edit not saved: %q", e.fields.summary.Text)
	}
	r, _ := db.Reception(ctx, id)
	if r.Day != "2026-11-07" || r.Visitors != 4 || len(r.DeputyIDs) != 2 || r.CaseCount != 2 {
		t.Fatalf("after edit: %+v", r)
	}
	cs, _ := db.Cases(ctx, store.CaseFilter{Oldest: true})
	if len(cs) != 2 || cs[0].Day != "2026-11-07" || cs[0].VisitorName != "张大爷" {
		t.Fatalf("cases after edit: %+v", cs)
	}
	log, _ := db.Changes(ctx, store.ChangeFilter{Entity: "reception"})
	found := false
	for _, c := range log {
		if c.Action == "update" && c.EntityID == id {
			found = true
		}
	}
	if !found {
		t.Fatal("the edit is not in the change log")
	}
}

func TestGUICaseBecomesOverdue(t *testing.T) {
	mw, db, deps, _ := smallWindow(t)
	ctx := t.Context()
	f := mw.NewReception()
	f.Station.SetSelected("城关镇人大代表联络站")
	f.Day.SetText("2026-11-20")
	f.CheckDeputy(deps[0].ID, true)
	c := f.Cases[0]
	fillCase(c, "刘桂珍", "基础设施", "村口道路积水。")
	c.Disposition.SetSelected(store.DispAssigned)
	if !strings.Contains(c.Deadline.PlaceHolder, "15个工作日") {
		t.Fatalf("deadline hint = %q", c.Deadline.PlaceHolder)
	}
	test.Type(c.Unit, "镇村镇建设办公室")
	test.Tap(f.Save)
	if f.Saved == nil {
		t.Fatalf("not saved: %q", f.fields.summary.Text)
	}
	cs, _ := db.Cases(ctx, store.CaseFilter{})
	if len(cs) != 1 || cs[0].Deadline != "2026-12-11" || cs[0].Status != "交办" {
		t.Fatalf("case = %+v", cs)
	}
	mw.Show(ScreenCases)
	s := mw.screens[ScreenCases].(*caseScreen)
	s.overdue.SetChecked(true)
	if s.total != 0 {
		t.Fatal("overdue before its deadline")
	}
	// A month later the deadline has passed.
	db.Now = func() time.Time { return time.Date(2026, 12, 20, 10, 0, 0, 0, time.UTC) }
	mw.Show(ScreenCases)
	if s.total != 1 || !shows(mw.win, "超期") {
		t.Fatalf("overdue after its deadline: %d", s.total)
	}
	v := mw.OpenCase(cs[0].ID)
	if !strings.Contains(v.info.Text, "已超期") || !strings.Contains(v.info.Text, "超期9天") {
		t.Fatalf("case window: %q", v.info.Text)
	}
}

func TestCaseAssignedInItsWindowGetsDefaultDeadline(t *testing.T) {
	mw, db, deps, st := smallWindow(t)
	ctx := t.Context()
	r := &store.Reception{Kind: "接待日", Day: "2026-11-20", StationID: st.ID, DeputyIDs: []string{deps[0].ID}, Visitors: 1}
	cr := &store.CaseRecord{Case: store.Case{VisitorName: "张三", Category: "基础设施", Content: "路灯坏了", Disposition: "转调解"}}
	if err := db.RecordReception(ctx, r, []*store.CaseRecord{cr}); err != nil {
		t.Fatal(err)
	}
	// 转调解 has 30 working days; 元旦 (2027-01-01) does not count.
	if err := db.SaveCase(ctx, func() *store.Case { c := cr.Case; c.Deadline = ""; return &c }()); err != nil {
		t.Fatal(err)
	}
	v := mw.OpenCase(cr.Case.ID)
	if v.Action() != "交办" || v.Act.Text != "交办" {
		t.Fatalf("first step = %q", v.Action())
	}
	v.Deadline.SetText("")
	test.Tap(v.Act)
	if v.fields.message("Unit") == "" {
		t.Fatal("交办 without a unit accepted")
	}
	test.Type(v.Lead, "镇矛盾纠纷调解中心")
	test.Tap(v.Act)
	d := v.Detail()
	if d.Status != "交办" || d.Deadline != "2027-01-04" || v.Action() != "办结" {
		t.Fatalf("after 交办: %s %s next %s", d.Status, d.Deadline, v.Action())
	}
	if !strings.Contains(v.history.Text, "交镇矛盾纠纷调解中心办理") {
		t.Fatalf("timeline = %q", v.history.Text)
	}
}

func TestDeleteConfirmsWithVerbsAndNamesFutureDuties(t *testing.T) {
	mw, db, deps, st := smallWindow(t)
	ctx := t.Context()
	rule := store.RosterRule{StationID: st.ID, Kind: store.RuleWeekly, Weekday: time.Friday, From: "09:00", To: "11:00", PerDuty: 2, HolidayPolicy: store.HolidayNext}
	if err := db.SaveRosterRule(ctx, &rule); err != nil {
		t.Fatal(err)
	}
	past := &store.Duty{StationID: st.ID, Date: "2026-11-13", From: "09:00", To: "11:00", DeputyIDs: []string{deps[0].ID, deps[1].ID}}
	next := &store.Duty{StationID: st.ID, Date: "2026-11-27", From: "09:00", To: "11:00", DeputyIDs: []string{deps[0].ID, deps[1].ID}}
	for _, d := range []*store.Duty{past, next} {
		if err := db.SaveDuty(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	mw.Show(ScreenDeputies)
	mw.AskDeleteDeputy(deps[0].ID)
	c := mw.lastConfirm
	if c == nil || c.ok.Text != "删除" {
		t.Fatalf("confirmation button = %v", c)
	}
	msg := c.message.Text
	if !strings.Contains(msg, "2026年11月27日") || strings.Contains(msg, "2026年11月13日") || !strings.Contains(msg, "只剩 1 人") {
		t.Fatalf("confirmation does not name the future duty left short: %q", msg)
	}
	for _, o := range mw.win.Canvas().Overlays().List() {
		for _, w := range test.LaidOutObjects(o) {
			if b, ok := w.(*widget.Button); ok && (b.Text == "是" || b.Text == "不" || b.Text == "Yes" || b.Text == "No") {
				t.Fatalf("confirmation has a %q button", b.Text)
			}
		}
	}
	test.Tap(c.ok)
	if _, err := db.Deputy(ctx, deps[0].ID); err == nil {
		t.Fatal("deputy not deleted")
	}
	if !strings.Contains(mw.Status(), "人数不足") {
		t.Fatalf("short duty not flagged: %q", mw.Status())
	}
	items, _ := db.Trash(ctx)
	if len(items) != 1 {
		t.Fatalf("回收站 holds %d items", len(items))
	}

	// 社情民意 asks too, instead of deleting on the first tap.
	o := store.Opinion{DeputyID: deps[1].ID, Day: "2026-11-10", Title: "村道路灯不亮"}
	if err := db.SaveOpinion(ctx, &o); err != nil {
		t.Fatal(err)
	}
	mw.Show(ScreenActivities)
	f := mw.screens[ScreenActivities].(*activityScreen).EditOpinion(o)
	test.Tap(f.Remove)
	if ops, _ := db.Opinions(ctx, store.RecordFilter{}); len(ops) != 1 {
		t.Fatal("社情民意 deleted on the first tap")
	}
	if !strings.Contains(mw.lastConfirm.message.Text, "村道路灯不亮") {
		t.Fatalf("confirmation = %q", mw.lastConfirm.message.Text)
	}
	test.Tap(mw.lastConfirm.ok)
	if ops, _ := db.Opinions(ctx, store.RecordFilter{}); len(ops) != 0 {
		t.Fatal("社情民意 not deleted after 删除")
	}
}

func TestIDNumberDisagreeingWithBirthDateAsksAndCanBeKept(t *testing.T) {
	mw, db, deps, _ := smallWindow(t)
	ctx := t.Context()
	f := mw.EditDeputy(deps[0].ID)
	// 11010519491231002X: born 1949-12-31, 女.
	f.idNumber.SetText("11010519491231002X")
	f.birth.SetText("1949-12-30")
	f.gender.SetSelected("女")
	f.Save()
	if d, _ := db.Deputy(ctx, deps[0].ID); d.IDNumber != "" {
		t.Fatal("saved without asking")
	}
	if f.fields.message("BirthDate") == "" || !strings.Contains(mw.lastConfirm.message.Text, "1949年12月31日") || mw.lastConfirm.ok.Text != "仍然保存" {
		t.Fatalf("no warning: %q / %q", f.fields.message("BirthDate"), mw.lastConfirm.message.Text)
	}
	test.Tap(mw.lastConfirm.ok)
	if d, _ := db.Deputy(ctx, deps[0].ID); d.IDNumber != "11010519491231002X" || d.BirthDate != "1949-12-30" {
		t.Fatalf("仍然保存 did not keep what was typed: %+v", d)
	}
	// Papers that agree are saved without a question.
	g := mw.EditDeputy(deps[1].ID)
	g.idNumber.SetText("11010519491231002X")
	g.birth.SetText("1949-12-31")
	g.gender.SetSelected("女")
	mw.lastConfirm = nil
	g.Save()
	if d, _ := db.Deputy(ctx, deps[1].ID); d.IDNumber == "" || mw.lastConfirm != nil {
		t.Fatal("agreeing papers were asked about or not saved")
	}
}

func TestEmptyScreensSayWhatToDoNext(t *testing.T) {
	mw, _, _, _ := smallWindow(t)
	mw.Show(ScreenReceptions)
	if !shows(mw.win, "这个月还没有接待记录") {
		t.Fatal("empty reception screen gives no next step")
	}
	mw.Show(ScreenCases)
	s := mw.screens[ScreenCases].(*caseScreen)
	if !shows(mw.win, "没有符合条件的事项") {
		t.Fatal("empty case screen gives no next step")
	}
	s.overdue.SetChecked(true)
	s.ClearFilters()
	if s.overdue.Checked {
		t.Fatal("filters not cleared")
	}
}

func TestAddedCaseComesIntoViewWithTheCursor(t *testing.T) {
	mw, _, _, _ := smallWindow(t)
	f := mw.NewReception()
	var add *widget.Button
	for _, o := range test.LaidOutObjects(mw.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "添加一件反映事项" {
			add = b
		}
	}
	test.Tap(add)
	e := f.Cases[1]
	if mw.win.Canvas().Focused() != e.Name {
		t.Fatal("cursor not in the new case")
	}
	sc := f.fields.root.(*container.Scroll)
	pos, _ := offsetIn(sc.Content, f.fields.cells[fieldKey(2, "VisitorName")])
	if pos.Y < sc.Offset.Y || pos.Y > sc.Offset.Y+sc.Size().Height {
		t.Fatalf("new case at %.0f, view %.0f–%.0f", pos.Y, sc.Offset.Y, sc.Offset.Y+sc.Size().Height)
	}
}
