package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"deputydesk/store"
)

func TestCaseWindowHotlineStepAndSuggestionReferral(t *testing.T) {
	ctx := t.Context()
	mw, db, deps, st := caseWindow(t) // today is 2026-11-20
	r := &store.Reception{Kind: "接待日", Day: "2026-10-09", StationID: st.ID, DeputyIDs: []string{deps[0].ID}, Visitors: 1}
	if err := db.SaveReception(ctx, r); err != nil {
		t.Fatal(err)
	}
	c := &store.Case{ReceptionID: r.ID, VisitorName: "张大爷", VisitorVillage: "石桥村", Category: "基础设施",
		Disposition: store.DispHotline, Content: "小区路灯损坏多日无人维修。", Deadline: "2026-10-30"}
	if err := db.SaveCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	mw.Show(ScreenCases)
	v := mw.OpenCase(c.ID)
	p := v.Hotline
	if !p.box.Visible() || p.State.Selected != "已转办" || !strings.Contains(p.Status.Text, "尚未登记工单号") {
		t.Fatalf("panel %v %q %q", p.box.Visible(), p.State.Selected, p.Status.Text)
	}
	// A bad 工单号 is told beside the field and changes nothing.
	test.Type(p.OrderNo, "第一号")
	p.Day.SetText("2026-10-10")
	test.Tap(p.Add)
	if msg := p.fields.message("OrderNo"); !strings.Contains(msg, "8至20位数字") {
		t.Fatalf("message %q", msg)
	}
	if steps, _ := db.HotlineSteps(ctx, c.ID); len(steps) != 0 {
		t.Fatalf("saved %+v", steps)
	}
	p.OrderNo.SetText("GD20261010000123")
	test.Tap(p.Add)
	p.State.SetSelected("办理中")
	p.Day.SetText("2026-10-13")
	p.Note.SetText("承办单位已签收")
	test.Tap(p.Add)
	if !strings.Contains(v.history.Text, "12345 已转办") || !strings.Contains(v.history.Text, "12345 办理中　工单号 GD20261010000123　承办单位已签收") {
		t.Fatalf("timeline %q", v.history.Text)
	}
	if !strings.Contains(v.info.Text, "12345工单 GD20261010000123　工单状态 办理中") || !strings.Contains(p.Status.Text, "请督办") {
		t.Fatalf("info %q / %q", v.info.Text, p.Status.Text)
	}
	capture(t, mw.win, "case-hotline")
	if sc, ok := v.fields.root.(*container.Scroll); ok {
		sc.Offset.Y = sc.Content.MinSize().Height - sc.Size().Height - 120
		sc.Refresh()
		capture(t, mw.win, "case-hotline-step")
	}
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("screen shows Latin: %v", bad)
	}
	v.Close()
	// The case list's 12345 filter finds it.
	cs := mw.screens[ScreenCases].(*caseScreen)
	cs.hotline.SetChecked(true)
	if len(cs.rows) != 1 || cs.rows[0].ID != c.ID {
		t.Fatalf("hotline filter %+v", cs.rows)
	}

	// A suggestion passed to the procuratorate; the 检察建议 that comes back.
	sg := store.Suggestion{DeputyID: deps[0].ID, Day: "2026-03-10", No: "2026-003", Title: "关于整治清水河沿岸入河排污口的建议"}
	if err := db.SaveSuggestion(ctx, &sg); err != nil {
		t.Fatal(err)
	}
	mw.Show(ScreenActivities)
	as := mw.screens[ScreenActivities].(*activityScreen)
	sf := as.EditSuggestion(sg)
	sec := sf.Referrals
	if sec == nil || len(sec.Lines()) != 0 {
		t.Fatal("no procuratorate section")
	}
	test.Tap(sec.Add)
	rf := sec.Form
	rf.ClueDay.SetText("2026-03-20")
	if rf.Submit() || !strings.Contains(rf.fields.message("Subject"), "不能为空") {
		t.Fatalf("empty subject saved: %q", rf.fields.message("Subject"))
	}
	rf.Subject.SetText("清水河沿岸入河排污口污水直排")
	rf.State.SetSelected(store.StateIssued)
	rf.RefNo.SetText("12号")
	rf.RefDay.SetText("2026-05-08")
	if rf.Submit() || !strings.Contains(rf.fields.message("RefNo"), "某检行公建〔2026〕12号") {
		t.Fatalf("bad ref no saved: %q", rf.fields.message("RefNo"))
	}
	rf.RefNo.SetText("和检行公建〔2026〕12号")
	if !rf.Submit() {
		t.Fatalf("not saved: %q", rf.fields.summary.Text)
	}
	if l := sec.Lines(); len(l) != 1 || !strings.Contains(l[0], "检察建议 和检行公建〔2026〕12号（2026年5月8日）") {
		t.Fatalf("lines %v", l)
	}
	capture(t, mw.win, "suggestion-procuratorate")
	if bad := latinIn(mw.win); len(bad) > 0 {
		t.Errorf("screen shows Latin: %v", bad)
	}

	// A case that turned into this suggestion shows where it went.
	c2 := &store.Case{ReceptionID: r.ID, VisitorName: "李大姐", Category: "基础设施", Disposition: store.DispSuggestion,
		Content: "清水河有排污口直排。", SuggestionNo: "2026-003"}
	if err := db.SaveCase(ctx, c2); err != nil {
		t.Fatal(err)
	}
	v2 := mw.OpenCase(c2.ID)
	if v2.Hotline.box.Visible() || !v2.Hotline.Referral.Visible() || !strings.Contains(v2.Hotline.Referral.Text, "和检行公建〔2026〕12号") {
		t.Fatalf("case from suggestion: %v %q", v2.Hotline.box.Visible(), v2.Hotline.Referral.Text)
	}
}
