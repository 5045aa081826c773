// Package atomicfile writes report files so that a failure (a full disk, a
// workbook still open in Excel) never leaves half a file under the name the
// secretary asked for.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Temporary files are named .deputydesk-*.tmp; store.RemoveLeftovers knows
// the same pattern for the database folder.
const (
	tmpPrefix = ".deputydesk-"
	tmpSuffix = ".tmp"
)

// staleAge is how old a temporary file must be before it counts as the
// leftover of a killed write rather than one another window is writing.
const staleAge = 2 * time.Minute

// removeStale deletes temporary files that killed writes left in dir, so a
// folder the secretary saves reports into does not collect them.
func removeStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, tmpPrefix) || !strings.HasSuffix(name, tmpSuffix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleAge {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// Write calls write with a temporary file beside path, flushes it to disk
// and renames it into place. The file is readable by everyone on the PC
// (0644), like a file saved from Word or Excel.
func Write(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	removeStale(dir)
	tmp, err := os.CreateTemp(dir, tmpPrefix+"*"+tmpSuffix)
	if err != nil {
		return fmt.Errorf("无法写入文件夹“%s”：%w", dir, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("无法写入“%s”：%w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("无法写入“%s”：%w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("无法写入“%s”：%w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("无法保存“%s”（文件是否正在 Excel 或 PDF 阅读器中打开？）：%w", path, err)
	}
	// The rename itself must survive a power cut too.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// WriteBytes is Write for data already in memory.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
