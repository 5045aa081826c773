package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestZipFlagsChineseNames(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "deputydesk-windows")
	os.MkdirAll(filepath.Join(pkg, "fonts"), 0o755)
	os.WriteFile(filepath.Join(pkg, "使用说明.pdf"), []byte("%PDF"), 0o644)
	os.WriteFile(filepath.Join(pkg, "fonts", "a.ttf"), []byte("x"), 0o644)
	out := filepath.Join(dir, "p.zip")
	if err := zipDir(out, pkg); err != nil {
		t.Fatal(err)
	}
	r, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	names := map[string]uint16{}
	for _, f := range r.File {
		names[f.Name] = f.Flags
	}
	if fl, ok := names["deputydesk-windows/使用说明.pdf"]; !ok || fl&utf8Flag == 0 {
		t.Errorf("Chinese name missing or unflagged: %v", names)
	}
	if _, ok := names["deputydesk-windows/fonts/a.ttf"]; !ok {
		t.Errorf("nested file missing: %v", names)
	}
	if n, err := checkZip(out); err != nil || n != 1 {
		t.Errorf("checkZip = %d, %v; want 1, nil", n, err)
	}
}

func TestCheckZipRejectsUnflaggedNames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bad.zip")
	f, _ := os.Create(out)
	zw := zip.NewWriter(f)
	// NonUTF8 keeps archive/zip from setting the flag, as Info-ZIP does.
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "使用说明.pdf", NonUTF8: true})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("x"))
	zw.Close()
	f.Close()
	if _, err := checkZip(out); err == nil {
		t.Fatal("checkZip accepted a Chinese name without the UTF-8 flag")
	}
}

func TestIconsAtEverySize(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "icon.png")
	img := image.NewRGBA(image.Rect(0, 0, 512, 512))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(0, 0, color.RGBA{R: 0xff, A: 0xff})
	f, _ := os.Create(src)
	png.Encode(f, img)
	f.Close()
	if err := icons(src, filepath.Join(dir, "hicolor"), "deputydesk"); err != nil {
		t.Fatal(err)
	}
	for _, s := range iconSizes {
		p := filepath.Join(dir, "hicolor", fmt.Sprintf("%dx%d", s, s), "apps", "deputydesk.png")
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != s || cfg.Height != s {
			t.Errorf("%s: %dx%d, %v", p, cfg.Width, cfg.Height, err)
		}
	}
}

func TestCatWritesOneFileOfTheZip(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "deputydesk-windows")
	os.MkdirAll(filepath.Join(pkg, "软件渲染"), 0o755)
	os.WriteFile(filepath.Join(pkg, "软件渲染", "opengl32.dll"), []byte("MZ dll"), 0o644)
	out := filepath.Join(dir, "p.zip")
	if err := zipDir(out, pkg); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := cat(&got, out, "deputydesk-windows/软件渲染/opengl32.dll"); err != nil || got.String() != "MZ dll" {
		t.Errorf("cat = %q, %v; want the file's bytes", got.String(), err)
	}
	if err := cat(&got, out, "deputydesk-windows/opengl32.dll"); err == nil {
		t.Error("cat of a name not in the zip succeeded")
	}
}
