// Command distpack holds the packaging steps of `make dist` that the
// system's tools do not do reliably:
//
//	distpack zip OUT.zip DIR      zip DIR (as its top folder) with UTF-8 names flagged
//	distpack checkzip FILE.zip    fail unless every non-ASCII name has the UTF-8 flag
//	distpack list FILE.zip        print the names in the archive, one a line, as stored
//	distpack cat FILE.zip NAME    write the file NAME in the archive to stdout
//	distpack icons SRC.png DIR NAME   write DIR/NxN/apps/NAME.png (hicolor sizes)
//
// Info-ZIP's zip stores 使用说明.pdf as UTF-8 without general purpose bit 11,
// so Windows' Explorer reads it as GBK on a Chinese system and shows a
// garbled name; Go's archive/zip sets the flag for every non-ASCII name.
package main

import (
	"archive/zip"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"unicode/utf8"

	"golang.org/x/image/draw"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "distpack: "+err.Error())
		os.Exit(1)
	}
}

func run(args []string) error {
	switch {
	case len(args) == 3 && args[0] == "zip":
		return zipDir(args[1], args[2])
	case len(args) == 2 && args[0] == "checkzip":
		n, err := checkZip(args[1])
		if err == nil {
			fmt.Printf("%s：%d 个中文文件名均带 UTF-8 标志\n", args[1], n)
		}
		return err
	case len(args) == 2 && args[0] == "list":
		return list(args[1])
	case len(args) == 3 && args[0] == "cat":
		return cat(os.Stdout, args[1], args[2])
	case len(args) == 4 && args[0] == "icons":
		return icons(args[1], args[2], args[3])
	}
	return fmt.Errorf("用法：distpack zip OUT.zip DIR | checkzip FILE.zip | list FILE.zip | cat FILE.zip NAME | icons SRC.png DIR NAME")
}

// list prints the archive's names whatever the locale (unzip turns
// non-ASCII names into ? when the C library has no UTF-8 locale).
func list(path string) error {
	r, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, f := range r.File {
		fmt.Println(f.Name)
	}
	return nil
}

// cat copies the file name in the archive at path to w, so check-dist can
// look at a packed file with file(1) without unpacking under a locale.
func cat(w io.Writer, path, name string) error {
	r, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := r.Open(name)
	if err != nil {
		return fmt.Errorf("%s 中没有 %s", path, name)
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// utf8Flag is general purpose bit 11: the name and comment are UTF-8.
const utf8Flag = 0x800

// zipDir writes out with every file under dir, named dir's base/…, so the
// archive unpacks into one folder. It writes a temporary file and renames
// it, so a failed run leaves no half archive.
func zipDir(out, dir string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(out), ".distpack-*.zip")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	zw := zip.NewWriter(tmp)
	base := filepath.Dir(filepath.Clean(dir))
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(base, path)
		if err != nil {
			return err
		}
		h, err := zip.FileInfoHeader(info)
		if err != nil {
			return err
		}
		h.Name = filepath.ToSlash(rel)
		h.Method = zip.Deflate
		if !utf8.ValidString(h.Name) {
			return fmt.Errorf("%s: 文件名不是 UTF-8", path)
		}
		if !isASCII(h.Name) {
			h.Flags |= utf8Flag // archive/zip would set it too; say so plainly
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
	if err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

// checkZip returns how many non-ASCII names the archive has, or an error
// naming the first one without the UTF-8 flag.
func checkZip(path string) (int, error) {
	r, err := zip.OpenReader(path)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	for _, f := range r.File {
		if isASCII(f.Name) {
			continue
		}
		if f.Flags&utf8Flag == 0 {
			return n, fmt.Errorf("%s：%q 没有 UTF-8 文件名标志，中文 Windows 会显示乱码", path, f.Name)
		}
		n++
	}
	return n, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// iconSizes are the hicolor theme's usual application icon sizes.
var iconSizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

// icons scales src to each hicolor size under dir.
func icons(src, dir, name string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	for _, s := range iconSizes {
		dst := image.NewRGBA(image.Rect(0, 0, s, s))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
		p := filepath.Join(dir, fmt.Sprintf("%dx%d", s, s), "apps", name+".png")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		out, err := os.Create(p)
		if err != nil {
			return err
		}
		if err := png.Encode(out, dst); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
	}
	return nil
}
