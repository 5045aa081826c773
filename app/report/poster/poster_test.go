package poster

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"deputydesk/app/demo"
	"deputydesk/store"
)

var fixed = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func writePosters(t *testing.T, f fixture, sel Select, paper string) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(t.Context(), f.db, &b, sel, Options{Paper: paper, Date: fixed}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "公示牌.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("POSTER_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, t.Name()+"-"+paper+".pdf"), b.Bytes(), 0o644)
	}
	return path
}

func TestPosterPDF(t *testing.T) {
	f := newFixture(t, len(demoNames), true)
	path := writePosters(t, f, Select{}, "A4")

	fonts := run(t, "pdffonts", path)
	if !strings.Contains(fonts, "CID TrueType") || strings.Contains(fonts, " no  ") && !strings.Contains(fonts, "yes") {
		t.Fatalf("no embedded Chinese font:\n%s", fonts)
	}
	text := strings.ReplaceAll(run(t, "pdftotext", path, "-"), " ", "")
	for _, want := range []string{"城关镇人大代表联络站代表信息公示", "城关镇东街村代表联络点代表信息公示", "制表单位：城关镇人大主席团",
		"制表日期：2026年11月23日", "每月第一周的周五", "第1页共"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for i, d := range f.deputies {
		in := strings.Contains(text, d.Name)
		if i == len(demoNames)-1 {
			if in {
				t.Errorf("terminated deputy %s is on the poster", d.Name)
			}
			continue
		}
		if !in && !strings.Contains(text, d.Name[:6]) {
			t.Errorf("poster lacks %s", d.Name)
		}
	}
}

// The 代表码 of the first card, read back from the printed page by a QR
// decoder, is the deputy's contact.
func TestPosterQRCode(t *testing.T) {
	f := newFixture(t, 3, true)
	path := writePosters(t, f, Select{GroupID: f.groups[0].ID}, "A4")
	dir := t.TempDir()
	run(t, "pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", path, filepath.Join(dir, "page"))
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(pages) != 1 {
		t.Fatalf("pages = %v", pages)
	}
	// zbarimg may complain on stderr about a missing system bus; read stdout only.
	out, err := exec.Command("zbarimg", "--raw", "-q", pages[0]).Output()
	if err != nil {
		t.Fatalf("zbarimg found no code: %v", err)
	}
	d := f.deputies[0] // the only member of 第一代表小组 among three
	if s := string(out); !strings.Contains(s, "FN:"+d.Name) || !strings.Contains(s, "TEL;TYPE=CELL:"+d.Phone) ||
		!strings.Contains(s, "ORG:城关镇人大代表联络站") {
		t.Fatalf("decoded QR = %q, want %s %s", out, d.Name, d.Phone)
	}
}

// The demo township's posters: every serving deputy of every station is on
// them, the terminated ones are not, and the font is embedded.
func TestDemoTownshipPosters(t *testing.T) {
	ctx := t.Context()
	db := openDB(t)
	if err := demo.Fill(ctx, db); err != nil {
		t.Fatal(err)
	}
	for _, paper := range []string{"A4", "A3"} {
		path := writePosters(t, fixture{db: db}, Select{}, paper)
		fonts := run(t, "pdffonts", path)
		if !strings.Contains(fonts, "CID TrueType") {
			t.Fatalf("%s: no embedded Chinese font:\n%s", paper, fonts)
		}
		text := strings.ReplaceAll(run(t, "pdftotext", path, "-"), " ", "")
		stations, _ := db.Stations(ctx)
		groups, _ := db.Groups(ctx)
		onPoster := map[string]bool{}
		for _, s := range stations {
			for _, g := range groups {
				if slices.Contains(s.GroupIDs, g.ID) {
					for _, m := range g.MemberIDs {
						onPoster[m] = true
					}
				}
			}
		}
		ds, _ := db.Deputies(ctx, store.DeputyFilter{})
		shown, terminated := 0, 0
		for _, d := range ds {
			switch {
			case d.Status == store.StatusTerminated:
				terminated++
				if strings.Contains(text, d.Name+"\n") {
					t.Errorf("%s: terminated %s is on the poster", paper, d.Name)
				}
			case onPoster[d.ID]:
				shown++
				if !strings.Contains(text, d.Name) {
					t.Errorf("%s: %s is missing", paper, d.Name)
				}
			}
		}
		if shown < 50 || terminated == 0 {
			t.Fatalf("demo township: %d shown, %d terminated", shown, terminated)
		}
	}
}

// An A3 poster is the A4 poster enlarged: the same cards on each sheet, each
// with a bigger photo, name and 代表码, and the codes still decode.
func TestA3PostersAreBiggerCards(t *testing.T) {
	a4, err := newRenderer(Options{Paper: "A4", Date: fixed})
	if err != nil {
		t.Fatal(err)
	}
	a3, err := newRenderer(Options{Paper: "A3", Date: fixed})
	if err != nil {
		t.Fatal(err)
	}
	if a3.PerPage() != a4.PerPage() {
		t.Errorf("A3 holds %d cards a sheet, A4 %d; want the same, bigger", a3.PerPage(), a4.PerPage())
	}
	if ratio := a3.photoW / a4.photoW; ratio < 1.35 || a3.cardW/a4.cardW < 1.35 {
		t.Errorf("A3 photo %.1f mm (×%.2f), card %.1f mm; want about √2 the A4's %.1f, %.1f", a3.photoW, ratio, a3.cardW, a4.photoW, a4.cardW)
	}

	f := newFixture(t, 8, true)
	sheets, _, err := Load(t.Context(), f.db, Select{})
	if err != nil {
		t.Fatal(err)
	}
	first := sheets[0].Cards[0].Name
	pages := map[string]int{}
	for _, paper := range []string{"A4", "A3"} {
		path := writePosters(t, f, Select{}, paper)
		info := run(t, "pdfinfo", path)
		for _, l := range strings.Split(info, "\n") {
			if n, ok := strings.CutPrefix(l, "Pages:"); ok {
				pages[paper], _ = strconv.Atoi(strings.TrimSpace(n))
			}
		}
		if paper != "A3" {
			continue
		}
		if !strings.Contains(info, "1190.55 x 841.89") && !strings.Contains(info, "841.89 x 1190.55") {
			t.Errorf("A3 page size:\n%s", info)
		}
		// The name is set bigger: pdftotext's bounding boxes give its height.
		bbox := run(t, "pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-")
		if h := wordHeight(t, bbox, first); h < 18*1.35 {
			t.Errorf("A3 name %s is %.1f pt high; want about √2 × 18", first, h)
		}
		// Every code on the first A3 page decodes, at a lower resolution
		// than the A4 test needs since the codes are bigger.
		dir := t.TempDir()
		run(t, "pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", path, filepath.Join(dir, "page"))
		pngs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
		out, _ := exec.Command("zbarimg", "--raw", "-q", pngs[0]).Output()
		if n := strings.Count(string(out), "BEGIN:VCARD"); n != min(a3.PerPage(), len(sheets[0].Cards)) {
			t.Errorf("A3 page 1: %d codes decoded:\n%s", n, out)
		}
		if !strings.Contains(string(out), "FN:"+first) {
			t.Errorf("A3 codes lack %s", first)
		}
	}
	if pages["A3"] != pages["A4"] {
		t.Errorf("A3 %d pages, A4 %d; want the same layout enlarged", pages["A3"], pages["A4"])
	}
}

// wordHeight is the height in points of the first word of pdftotext -bbox
// output whose text is w.
func wordHeight(t *testing.T, bbox, w string) float64 {
	t.Helper()
	re := regexp.MustCompile(`<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">` + regexp.QuoteMeta(w) + `</word>`)
	m := re.FindStringSubmatch(bbox)
	if m == nil {
		t.Fatalf("no word %s on the page", w)
	}
	y0, _ := strconv.ParseFloat(m[1], 64)
	y1, _ := strconv.ParseFloat(m[2], 64)
	return y1 - y0
}
