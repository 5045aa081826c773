package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "台账.xlsx")
	if err := WriteBytes(path, []byte("第一版")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("mode %v %v", st.Mode(), err)
	}
	// A writer that fails half-way leaves the old file untouched and no
	// temporary file behind.
	failed := errors.New("磁盘已满")
	err = Write(path, func(w io.Writer) error {
		w.Write([]byte("半个"))
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("Write = %v", err)
	}
	b, _ := os.ReadFile(path)
	if string(b) != "第一版" {
		t.Fatalf("file now %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
}
