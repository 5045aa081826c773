// Package locale makes the process speak Chinese when the environment names
// no usable locale (LANG=C on servers, unset on some desktops). Import it
// first from a main: its name sorts before fyne.io, so Go initialises it
// before Fyne reads the locale.
package locale

import (
	"os"
	"strings"
)

func init() {
	lang := os.Getenv("LANG")
	if lang == "" || lang == "C" || lang == "POSIX" || strings.HasPrefix(lang, "C.") {
		os.Setenv("LANG", "zh_CN.UTF-8")
	}
}
