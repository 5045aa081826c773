// Package atomicfile writes report files so that a failure (a full disk, a
// workbook still open in Excel) never leaves half a file under the name the
// secretary asked for.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write calls write with a temporary file beside path, flushes it to disk
// and renames it into place. The file is readable by everyone on the PC
// (0644), like a file saved from Word or Excel.
func Write(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".deputydesk-*")
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
	return nil
}

// WriteBytes is Write for data already in memory.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
