// Package pdftest reads printed sheets back in tests: the PDF is written to
// a file and handed to the poppler tools, as a person would open it.
package pdftest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Write puts pdf in a file of the test's temp folder and returns its path.
func Write(tb testing.TB, pdf []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "print.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Text is what pdftotext -layout reads from the PDF file at path, the pages
// parted by form feeds.
func Text(tb testing.TB, path string) string {
	tb.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			tb.Fatalf("pdftotext: %v\n%s", err, ee.Stderr)
		}
		tb.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
