package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

func testManifest() Manifest {
	return Manifest{BundleID: "0196f3a1-7c2e-7d00-8000-000000000001", TownshipName: "城关镇", TownshipCode: "421022100",
		Kind: Ledger, Period: "2026-10", Version: 1, Created: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), AppVersion: "test"}
}

func testFiles() ([]File, Figures) {
	return []File{{Name: "ledger-2026-10.xlsx", Data: []byte("PK fake workbook bytes for hashing")}, {Name: "ledger-2026-10.pdf", Data: []byte("%PDF-1.4 body")}},
		Figures{Kind: Ledger, Period: "2026-10", Figures: []Figure{{Key: "receptions", Label: "接待次数", Value: 12, Unit: "次"}}}
}

func keyed(pub ed25519.PublicKey) KeyFunc {
	return func(code string) (ed25519.PublicKey, bool) {
		if code == "421022100" {
			return pub, true
		}
		return nil, false
	}
}

// rezip copies a bundle's entries through edit, which may change, drop or
// add entries, without re-signing: what an attacker can do.
func rezip(t *testing.T, data []byte, edit func(name string, body []byte) (string, []byte, bool), extra map[string][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		name, body, keep := edit(f.Name, body)
		if !keep {
			continue
		}
		w, _ := zw.Create(name)
		w.Write(body)
	}
	for name, body := range extra {
		w, _ := zw.Create(name)
		w.Write(body)
	}
	zw.Close()
	return buf.Bytes()
}

func keep(name string, body []byte) (string, []byte, bool) { return name, body, true }

func TestVerify(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	_ = otherPub
	files, figs := testFiles()
	good, err := BuildBytes(testManifest(), files, figs, priv)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Verify(good, keyed(pub))
	if err != nil {
		t.Fatalf("good bundle refused: %v", err)
	}
	if got := b.FileNames(); len(got) != 2 || got[0] != "ledger-2026-10.xlsx" {
		t.Errorf("file names %v", got)
	}
	if f, _ := b.Figures(); f.Figures[0].Value != 12 {
		t.Errorf("figures %+v", f)
	}
	if b.Manifest.Title() != "城关镇 2026年10月 月度台账" {
		t.Errorf("title %q", b.Manifest.Title())
	}
	again, _ := BuildBytes(testManifest(), files, figs, priv)
	if !bytes.Equal(good, again) {
		t.Error("building the same bundle twice gave different bytes")
	}
	otherSigned, _ := BuildBytes(testManifest(), files, figs, otherPriv)
	unknownTown := testManifest()
	unknownTown.TownshipCode = "421022199"
	unknown, _ := BuildBytes(unknownTown, files, figs, priv)
	// A zip bomb: a small file that unpacks past the limit.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("manifest.json")
	zeros := make([]byte, 1<<20)
	for range MaxFileSize>>20 + 1 {
		w.Write(zeros)
	}
	zw.Close()

	cases := []struct {
		name string
		data []byte
		code string
		want string
	}{
		{"tampered file", rezip(t, good, func(n string, b []byte) (string, []byte, bool) {
			if n == "ledger-2026-10.pdf" {
				b = append([]byte(nil), b...)
				b[len(b)-1] ^= 1
			}
			return n, b, true
		}, nil), CodeTampered, "校验值不符"},
		{"tampered manifest", rezip(t, good, func(n string, b []byte) (string, []byte, bool) {
			if n == ManifestName {
				b = bytes.Replace(b, []byte(`"version": 1`), []byte(`"version": 2`), 1)
			}
			return n, b, true
		}, nil), CodeSignature, "签名校验失败"},
		{"tampered figures", rezip(t, good, func(n string, b []byte) (string, []byte, bool) {
			if n == FiguresName {
				b = bytes.Replace(b, []byte(`12`), []byte(`99`), 1)
			}
			return n, b, true
		}, nil), CodeTampered, "figures.json"},
		{"unsigned", rezip(t, good, func(n string, b []byte) (string, []byte, bool) { return n, b, n != SignatureName }, nil), CodeUnsigned, "没有签名"},
		{"signed by another key", otherSigned, CodeSignature, "签名校验失败"},
		{"unknown township", unknown, CodeUnknownKey, "未在县级平台登记"},
		{"zip slip", rezip(t, good, keep, map[string][]byte{"../../etc/cron.d/evil": []byte("x")}), CodePath, "不安全的路径"},
		{"absolute path", rezip(t, good, keep, map[string][]byte{"/tmp/evil": []byte("x")}), CodePath, "不安全的路径"},
		{"windows path", rezip(t, good, keep, map[string][]byte{`..\evil.exe`: []byte("x")}), CodePath, "不安全的路径"},
		{"extra file", rezip(t, good, keep, map[string][]byte{"extra.txt": []byte("x")}), CodeTampered, "清单未列出"},
		{"missing file", rezip(t, good, func(n string, b []byte) (string, []byte, bool) { return n, b, n != "ledger-2026-10.xlsx" }, nil), CodeTampered, "不在上报包中"},
		{"not a zip", []byte("hello"), CodeNotZip, "不是有效的上报包"},
		{"oversized", make([]byte, MaxBundleSize+1), CodeOversized, "超过上限"},
		{"zip bomb", bomb.Bytes(), CodeOversized, "超过上限"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Verify(c.data, keyed(pub))
			re, ok := err.(*RefusedError)
			if !ok {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if re.Code != c.code || !strings.Contains(re.Reason, c.want) {
				t.Errorf("refused %s %q, want %s containing %q", re.Code, re.Reason, c.code, c.want)
			}
		})
	}
}

func TestBuildRefusesBadInput(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	files, figs := testFiles()
	for _, c := range []struct {
		name string
		edit func(*Manifest, *[]File)
	}{
		{"bad period", func(m *Manifest, _ *[]File) { m.Period = "2026-13" }},
		{"year period for ledger", func(m *Manifest, _ *[]File) { m.Period = "2026" }},
		{"bad code", func(m *Manifest, _ *[]File) { m.TownshipCode = "4210" }},
		{"path in name", func(_ *Manifest, f *[]File) { (*f)[0].Name = "../x.xlsx" }},
		{"duplicate name", func(_ *Manifest, f *[]File) { (*f)[1].Name = (*f)[0].Name }},
		{"reserved name", func(_ *Manifest, f *[]File) { (*f)[0].Name = ManifestName }},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, fs := testManifest(), append([]File(nil), files...)
			c.edit(&m, &fs)
			if _, err := BuildBytes(m, fs, figs, priv); err == nil {
				t.Error("built a bad bundle")
			}
		})
	}
	m := testManifest()
	m.Kind, m.Period = Assessment, "2026"
	if _, err := BuildBytes(m, files, figs, priv); err != nil {
		t.Errorf("assessment for a year refused: %v", err)
	}
}

func TestSumFigures(t *testing.T) {
	got := SumFigures([]Figures{
		{Figures: []Figure{{Key: "a", Label: "甲", Value: 1}, {Key: "b", Label: "乙", Value: 2}}},
		{Figures: []Figure{{Key: "b", Label: "乙", Value: 5}, {Key: "c", Label: "丙", Value: 7}}},
	})
	b, _ := json.Marshal(got)
	if string(b) != `[{"key":"a","label":"甲","value":1},{"key":"b","label":"乙","value":7},{"key":"c","label":"丙","value":7}]` {
		t.Errorf("sum = %s", b)
	}
}

func TestParseEnrolRequest(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	good, _ := json.Marshal(EnrolRequest{Format: 1, TownshipName: "城关镇", TownshipCode: "421022100", PublicKey: pub})
	if _, err := ParseEnrolRequest(good); err != nil {
		t.Fatal(err)
	}
	bad, _ := json.Marshal(EnrolRequest{Format: 1, TownshipName: "城关镇", TownshipCode: "421022100", PublicKey: pub[:10]})
	if _, err := ParseEnrolRequest(bad); err == nil || !strings.Contains(err.Error(), "公钥无效") {
		t.Errorf("short key: %v", err)
	}
}
