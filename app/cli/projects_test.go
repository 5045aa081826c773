package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"deputydesk/store"
)

func TestProjectsCommands(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.db")
	db, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveTownship(t.Context(), &store.Township{Name: "城关镇", Code: "140723100"}); err != nil {
		t.Fatal(err)
	}
	for i, n := range []string{"王建国", "李秀英", "张志刚"} {
		if err := db.SaveDeputy(t.Context(), &store.Deputy{Name: n, Phone: "1390000000" + string(rune('1'+i)), Levels: store.Levels(store.TownshipLv)}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	must := func(args ...string) string {
		t.Helper()
		code, out, errOut := runCLI(t, append([]string{"--db", path}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		return out
	}
	for _, title := range []string{"农村道路硬化提升工程", "村级养老服务站建设", "村庄路灯亮化工程"} {
		must("projects", "add", "--year", "2027", "--title", title, "--dept", "镇村镇建设办公室", "--budget", "120")
	}
	must("projects", "vote", "--year", "2027", "--session", "城关镇第十八届人民代表大会第七次会议", "--choose", "2", "--day", "2027-01-12")
	// Too many votes for 实到 names the item and saves nothing.
	code, _, errOut := runCLI(t, "--db", path, "projects", "tally", "--year", "2027", "--expected", "3", "--present", "3", "1=3,0,0", "2=3,1,0", "3=1,1,1")
	if code == 0 || !strings.Contains(errOut, "村级养老服务站建设") {
		t.Fatalf("bad tally: %d %s", code, errOut)
	}
	out := must("projects", "tally", "--year", "2027", "--expected", "3", "--present", "3", "1=3,0,0", "2=2,1,0", "3=1,1,1")
	if !strings.Contains(out, "当选2项") || strings.Count(out, "未当选") != 1 {
		t.Fatalf("tally said %s", out)
	}
	must("projects", "site", "add", "--year", "2027", "--item", "1", "--location", "石桥村二组", "--content", "硬化道路1.2公里",
		"--planned", "2027-06-30", "--deputies", "王建国，李秀英")
	if code, _, errOut := runCLI(t, "--db", path, "projects", "site", "add", "--year", "2027", "--item", "3", "--location", "东关村", "--deputies", "王建国"); code == 0 || !strings.Contains(errOut, "未经代表票决确定") {
		t.Fatalf("site on an item not chosen: %d %s", code, errOut)
	}
	list := must("projects", "sites", "--year", "2027", "--deputy", "李秀英")
	id := regexp.MustCompile(`^[0-9a-f-]{36}`).FindString(list)
	if id == "" || !strings.Contains(list, "王建国、李秀英") {
		t.Fatalf("sites: %s", list)
	}
	must("projects", "site", "done", "--id", id, "--day", "2027-05-20", "--note", "现场查看，已通车")
	if out := must("projects", "list", "--year", "2027"); !strings.Contains(out, "点位销号 1/1") {
		t.Fatalf("list after 销号: %s", out)
	}
	must("projects", "survey", "--year", "2027", "--day", "2027-12-20", "1=2,1,0", "2=1,1,1")
	if out := must("projects", "list", "--year", "2027"); !strings.Contains(out, "满意率100.0%") {
		t.Fatalf("list after survey: %s", out)
	}
	for _, k := range []string{"ballot", "result", "progress"} {
		f := filepath.Join(dir, k+".pdf")
		must("projects", k, "--year", "2027", "--out", f)
		if st, err := os.Stat(f); err != nil || st.Size() < 1000 {
			t.Fatalf("%s: %v", k, err)
		}
	}
	must("projects", "progress", "--year", "2027", "--out", filepath.Join(dir, "p.xlsx"))
	if help := must("help"); !strings.Contains(help, "projects tally") || !strings.Contains(help, "projects site done") {
		t.Fatal("help does not list the projects commands")
	}
}
