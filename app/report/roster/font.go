package roster

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
)

// fontCandidates are TrueType (glyf) fonts with both Chinese and Latin
// glyphs, as gofpdf needs: LXGW WenKai where the Linux package installs it,
// then the Windows 黑体/仿宋/楷体. DEPUTYDESK_FONT overrides them.
func fontCandidates() []string {
	var out []string
	if p := os.Getenv("DEPUTYDESK_FONT"); p != "" {
		out = append(out, p)
	}
	out = append(out,
		"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
		"/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf",
		"/usr/local/share/fonts/LXGWWenKai-Regular.ttf",
	)
	windir := os.Getenv("WINDIR")
	if windir == "" {
		windir = `C:\Windows`
	}
	for _, f := range []string{"simhei.ttf", "simfang.ttf", "simkai.ttf"} {
		out = append(out, filepath.Join(windir, "Fonts", f))
	}
	return out
}

// ErrNoFont means no usable Chinese TrueType font was found.
var ErrNoFont = errors.New("report: no Chinese TrueType font found (install fonts-lxgw-wenkai, or set DEPUTYDESK_FONT to a .ttf file)")

var fontOnce struct {
	sync.Once
	data []byte
	err  error
}

// chineseFont returns the bytes of the first font found, read once per
// process (the file is about 16 MB).
func chineseFont() ([]byte, error) {
	fontOnce.Do(func() {
		for _, p := range fontCandidates() {
			b, err := os.ReadFile(p)
			if err == nil && len(b) > 4 && string(b[:4]) != "ttcf" && string(b[:4]) != "OTTO" {
				fontOnce.data = b
				return
			}
		}
		fontOnce.err = ErrNoFont
	})
	return fontOnce.data, fontOnce.err
}
