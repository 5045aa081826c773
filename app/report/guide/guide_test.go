package guide

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGuideIsOneChinesePage(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "使用说明.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, want := range []string{"人大代表工作台 使用说明", "deputydesk.exe", "Windows 10", "_arm64.deb", "install-menu.sh", "OpenGL", "软件渲染", "回收站", "第1页共1页", "2026年11月23日"} {
		if !strings.Contains(text, want) {
			t.Errorf("guide lacks %q", want)
		}
	}
	if pages := strings.Count(text, "\f"); pages != 1 {
		t.Errorf("guide has %d pages, want 1", pages)
	}
	fonts, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fonts), "yes") {
		t.Errorf("font not embedded:\n%s", fonts)
	}
}
