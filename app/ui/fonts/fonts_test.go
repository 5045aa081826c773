package fonts

import (
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// shownRunes collects the Chinese characters and full-width punctuation in
// the string and rune literals of the product's Go files (tests left out):
// what the program can put on screen itself.
func shownRunes(t *testing.T, roots ...string) map[rune]string {
	t.Helper()
	found := map[rune]string{}
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			fset := token.NewFileSet()
			var s scanner.Scanner
			s.Init(fset.AddFile(path, -1, len(src)), src, nil, 0)
			for {
				pos, tok, lit := s.Scan()
				if tok == token.EOF {
					break
				}
				if tok != token.STRING && tok != token.CHAR {
					continue
				}
				text := lit
				if tok == token.STRING {
					if u, err := strconv.Unquote(lit); err == nil {
						text = u
					}
				}
				for _, r := range text {
					if r >= 0x2E80 && (unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)) {
						if _, ok := found[r]; !ok {
							found[r] = fset.Position(pos).String()
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return found
}

// TestEmbeddedFontsCoverTheProgramsText fails when a screen, report or
// message uses a character the embedded fonts lack: it would be drawn from
// the system font, in another style, or as a box where none is installed.
// `make ui-fonts` cuts the fonts again with the new characters.
func TestEmbeddedFontsCoverTheProgramsText(t *testing.T) {
	shown := shownRunes(t, "../..", "../../../store", "../../../sync")
	if len(shown) < 1000 {
		t.Fatalf("only %d Chinese characters found in the sources: the walk is wrong", len(shown))
	}
	for name, data := range map[string][]byte{"Regular": Regular, "Bold": Bold} {
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var buf sfnt.Buffer
		var missing []string
		for r, where := range shown {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				missing = append(missing, string(r)+" ("+where+")")
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s lacks %d characters the program shows; run make ui-fonts:\n%s", name, len(missing), strings.Join(missing, "\n"))
		}
		// GB 2312's level-1 characters are the common ones names use.
		for _, r := range "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张" {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				t.Errorf("%s lacks the common surname %c", name, r)
			}
		}
	}
}
