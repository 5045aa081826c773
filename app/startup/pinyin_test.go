package startup

import (
	"errors"
	"strings"
	"testing"
)

// xmessage draws only what the X server's core fonts hold: the pinyin
// messages must be plain ASCII, or the secretary sees boxes.
func TestPinyinMessagesAreASCII(t *testing.T) {
	for name, msg := range map[string]string{
		"noGL":        noGLPinyin(errors.New("GLX: No GLX display")),
		"alreadyOpen": alreadyOpenPinyin("/home/mishu/deputydesk.db"),
	} {
		for i, r := range msg {
			if r > 0x7e || (r < 0x20 && r != '\n') {
				t.Errorf("%s: character %q at %d is not printable ASCII", name, r, i)
				break
			}
		}
		if !strings.Contains(msg, "Renda Daibiao Gongzuotai") {
			t.Errorf("%s does not name the program: %q", name, msg)
		}
	}
}
