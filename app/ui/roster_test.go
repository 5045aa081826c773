package ui

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"deputydesk/store"
	"deputydesk/store/calendar"
)

func TestRosterScreen(t *testing.T) {
	db := newDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	ctx := t.Context()
	f := &factory{t: t, db: db}
	f.township()
	var ids []string
	for _, n := range []string{"王建国", "李秀英", "张伟", "刘芳", "陈志刚", "杨丽"} {
		ids = append(ids, f.deputy(n, store.Levels(store.TownshipLv)).ID)
	}
	outsider := f.deputy("赵强", store.Levels(store.County))
	g := f.group("第一代表小组", ids[0], ids...)
	st := f.station("城关镇人大代表联络站", g.ID)

	mw := newWindow(t, test.NewTempApp(t), db)
	mw.Show(ScreenRoster)
	s := mw.screens[ScreenRoster].(*rosterScreen)
	s.SelectStation(st.Name)
	if !strings.Contains(s.ruleLabel.Text, "尚未设置") {
		t.Fatalf("rule label %q", s.ruleLabel.Text)
	}

	// A rule that ends before it starts is refused next to the field.
	capture := func(name string) {
		if dir := os.Getenv("ROSTER_UI_OUT"); dir != "" {
			out, _ := os.Create(filepath.Join(dir, name))
			png.Encode(out, mw.win.Canvas().Capture())
			out.Close()
		}
	}
	rf := s.EditRule()
	rf.kind.SetSelected(store.RuleWeekly.Label())
	rf.weekday.SetSelected("星期三")
	rf.from.SetText("9:00")
	rf.to.SetText("8:00")
	rf.per.SetText("2")
	rf.Save()
	if rf.fields.message("To") == "" {
		t.Fatal("no message next to 结束时间")
	}
	if _, err := db.RosterRule(ctx, st.ID); err == nil {
		t.Fatal("bad rule saved")
	}
	if rf.rows["Days"][1].Visible() || !rf.rows["Weekday"][1].Visible() {
		t.Fatal("weekly rule shows the wrong fields")
	}
	capture("roster-rule-error.png")
	rf.to.SetText("11:00")
	rf.Save()
	if !strings.Contains(s.ruleLabel.Text, "每周三 9:00–11:00，每次2人") {
		t.Fatalf("rule label %q", s.ruleLabel.Text)
	}

	// Generate: the trial run saves nothing, the real one fills December.
	s.SetMonth(calendar.NewMonth(2026, time.December))
	gd := s.OpenGenerate()
	gd.Run(true)
	if !strings.HasPrefix(gd.summary.Text, "试算结果（尚未保存）：新增13次") {
		t.Fatalf("trial summary %q", gd.summary.Text)
	}
	if n, _ := db.Duties(ctx, store.DutyFilter{}); len(n) != 0 {
		t.Fatal("trial run saved duties")
	}
	gd.Run(false)
	capture("roster-generate.png")
	if !strings.HasPrefix(gd.summary.Text, "已保存：新增13次") || !strings.Contains(gd.lines.Text, "新增 城关镇人大代表联络站 2026年12月2日（星期三）") {
		t.Fatalf("generate: %q\n%s", gd.summary.Text, gd.lines.Text)
	}
	gd.dlg.Hide()
	if len(s.rows) != 5 || s.count.Text != "本月 5 次接待" {
		t.Fatalf("%d rows, %q", len(s.rows), s.count.Text)
	}

	// Attendance: 替班 needs a substitute; with one it is saved and the duty is held.
	df := s.OpenDuty(s.rows[0].ID)
	first, second := s.rows[0].DeputyIDs[0], s.rows[0].DeputyIDs[1]
	capture("roster-duty.png")
	if text := df.CopyReminder(s.rows[0].DeputyIDs[0]); !strings.Contains(text, "2026年12月2日（星期三）9:00–11:00，城关镇人大代表联络站") ||
		mw.app.Clipboard().Content() != text {
		t.Fatalf("reminder %q", text)
	}
	capture("roster-reminder.png")
	df.marks[first].SetSelected(store.AttendPresent)
	df.marks[second].SetSelected(store.AttendSubstituted)
	df.SaveMarks()
	if d, _ := db.Duty(ctx, s.rows[0].ID); d.Marks[second].Status != "" {
		t.Fatal("替班 without a substitute was saved")
	}
	for l, id := range df.choices {
		if id != first && id != second && df.subs[second].Selected == "" {
			df.subs[second].SetSelected(l)
		}
	}
	df.SaveMarks()
	d0, _ := db.Duty(ctx, s.rows[0].ID)
	if !d0.Held || d0.Marks[first].Status != store.AttendPresent || d0.Marks[second].SubstituteID == "" {
		t.Fatalf("marks %+v", d0)
	}
	if dutyState(s.rows[0]) != "已接待" || !strings.Contains(s.deputiesText(s.rows[0]), "（到岗）") {
		t.Fatalf("row shows %q %q", dutyState(s.rows[0]), s.deputiesText(s.rows[0]))
	}

	// Replacing with someone outside the station's groups warns first.
	df = s.OpenDuty(s.rows[1].ID)
	df.out.SetSelectedIndex(0)
	for l, id := range df.choices {
		if id == outsider.ID {
			df.in.SetSelected(l)
		}
	}
	df.Replace(false)
	capture("roster-replace-warning.png")
	if len(df.Warnings) != 1 || !strings.Contains(df.Warnings[0], "不属于") || !shows(mw.win, "仍要更换吗") {
		t.Fatalf("warnings %v", df.Warnings)
	}
	df.Replace(true)
	d1, _ := db.Duty(ctx, s.rows[1].ID)
	if d1.DeputyIDs[0] != outsider.ID || !d1.HandEdited {
		t.Fatalf("after replace %+v", d1)
	}

	// Leave: a wrong date is refused at the field; a good one is listed.
	lf := s.OpenLeave()
	for l, id := range lf.choices {
		if id == ids[2] {
			lf.deputy.SetText(l)
		}
	}
	lf.from.SetText("2026-12-20")
	lf.to.SetText("2026-12-01")
	lf.Save()
	if lf.fields.message("To") == "" {
		t.Fatal("no message for an end before the start")
	}
	lf.to.SetText("2026-12-31")
	lf.reason.SetText("外出学习")
	lf.Save()
	if !strings.Contains(lf.list.Text, "张伟 请假 2026年12月20日至2026年12月31日 外出学习") {
		t.Fatalf("leave list %q", lf.list.Text)
	}
	lf.dlg.Hide()

	// Regenerate keeps the held and the hand-edited duty.
	gd = s.OpenGenerate()
	gd.Run(false)
	if gd.Result.Kept != 2 {
		t.Fatalf("regenerate: %s", gd.Result.Summary())
	}
	gd.dlg.Hide()

	capture("roster-screen.png")

	// Export the month as PDF and read it back.
	path := filepath.Join(t.TempDir(), "值班表.pdf")
	if err := s.Export(path); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil || !strings.Contains(string(text), "城关镇人大代表联络站 2026年12月代表接待安排表") || !strings.Contains(string(text), "赵强") {
		t.Fatalf("exported PDF (%v):\n%s", err, text)
	}
}
