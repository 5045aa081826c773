package guide

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"deputydesk/app/pdfdoc/pdftest"
)

func TestGuideIsOneChinesePage(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local)); err != nil {
		t.Fatal(err)
	}
	path := pdftest.Write(t, buf.Bytes())
	text := pdftest.Text(t, path)
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
