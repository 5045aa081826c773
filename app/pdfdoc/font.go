// Package pdfdoc is the shared setup for deputydesk's printed documents
// (posters, rosters, ledgers): a gofpdf document with an embedded Chinese
// TrueType font, a title, the 制表单位/制表日期 footer with 「第 N 页 共 M 页」,
// text that wraps or shrinks to fit, and fixed dates for repeatable output.
package pdfdoc

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// FontEnv names the environment variable that points at a TrueType Chinese
// font to use instead of the ones searched for.
const FontEnv = "DEPUTYDESK_FONT"

// FontError says no usable Chinese font was found; Message is for the user.
type FontError struct{ Message string }

func (e *FontError) Error() string { return e.Message }

const noFont = "找不到可用于生成PDF的中文字体。请安装“霞鹜文楷”（LXGW WenKai）字体，" +
	"或在环境变量 " + FontEnv + " 中填写一个 TrueType 中文字体文件（如 Windows 自带的 simhei.ttf）的路径。"

// FontCandidates lists where a Chinese TrueType font is looked for, in
// order. gofpdf embeds only TrueType (glyf) fonts, so .otf (CFF) files and
// .ttc collections are not candidates; the font must also hold Latin
// letters and digits, which rules out Droid Sans Fallback.
func FontCandidates() []string {
	var c []string
	if p := os.Getenv(FontEnv); p != "" {
		c = append(c, p)
	}
	// The font shipped beside the program in the packages `make dist` builds.
	if exe, err := os.Executable(); err == nil {
		dir := filepath.Join(filepath.Dir(exe), "fonts")
		c = append(c, filepath.Join(dir, "LXGWWenKai-Regular.ttf"))
	}
	c = append(c,
		"/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf",
		"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
	)
	if runtime.GOOS == "windows" {
		win := os.Getenv("WINDIR")
		if win == "" {
			win = `C:\Windows`
		}
		for _, n := range []string{"simhei.ttf", "simkai.ttf", "simfang.ttf"} {
			c = append(c, filepath.Join(win, "Fonts", n))
		}
		if la := os.Getenv("LOCALAPPDATA"); la != "" {
			c = append(c, filepath.Join(la, "Microsoft", "Windows", "Fonts", "LXGWWenKai-Regular.ttf"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		c = append(c, filepath.Join(home, ".local", "share", "fonts", "LXGWWenKai-Regular.ttf"))
	}
	// Domestic Linux desktops (Kylin, UOS) and fonts copied over from Windows.
	c = append(c,
		"/usr/share/fonts/truetype/simhei.ttf",
		"/usr/share/fonts/simhei.ttf",
		"/usr/share/fonts/chinese/simhei.ttf",
		"/usr/share/fonts/truetype/windows/simhei.ttf",
		"/usr/share/fonts/fonts-cesi/CESI_HT_GB2312.ttf",
		"/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
	)
	return c
}

// isTrueType reports whether b starts like a single TrueType font.
func isTrueType(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0, 1, 0, 0}) || bytes.HasPrefix(b, []byte("true"))
}

type loadedFont struct {
	path    string
	regular []byte
	bold    []byte // nil when the family has no bold face
	err     error
}

var (
	fontOnce sync.Once
	font     loadedFont
)

// Font returns the path and bytes of the Chinese font, read once per run.
func Font() (path string, regular []byte, err error) {
	fontOnce.Do(func() { font = loadFont() })
	return font.path, font.regular, font.err
}

// BoldFont returns the bold face beside the regular one, or nil.
func BoldFont() []byte {
	Font()
	return font.bold
}

func loadFont() loadedFont {
	for i, p := range FontCandidates() {
		b, err := os.ReadFile(p)
		if err != nil {
			if i == 0 && os.Getenv(FontEnv) == p {
				return loadedFont{err: &FontError{Message: fmt.Sprintf("环境变量 %s 指定的字体文件无法读取：%s", FontEnv, p)}}
			}
			continue
		}
		if !isTrueType(b) {
			if os.Getenv(FontEnv) == p {
				return loadedFont{err: &FontError{Message: fmt.Sprintf("环境变量 %s 指定的字体不是单个 TrueType 字体（.ttf）：%s；不支持 .otf 和 .ttc 字体。", FontEnv, p)}}
			}
			continue
		}
		lf := loadedFont{path: p, regular: b}
		if strings.HasSuffix(p, "-Regular.ttf") {
			if bb, err := os.ReadFile(strings.TrimSuffix(p, "-Regular.ttf") + "-Bold.ttf"); err == nil && isTrueType(bb) {
				lf.bold = bb
			}
		}
		return lf
	}
	return loadedFont{err: &FontError{Message: noFont}}
}
