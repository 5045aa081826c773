package register

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/richardlehane/mscfb"
)

// table is one worksheet as read from any file format: its name, whether
// it is hidden, and only the rows that hold something (a stray cell at row
// 1,048,576 is one row, not a million).
type table struct {
	name   string
	hidden bool
	rows   []trow
	merges []span
	// number tells whether a cell (1-based line, 0-based column) was stored
	// as a number, for the ID-number check; nil means never.
	number   func(line, col int) bool
	date1904 bool
	close    func() // releases the workbook; nil if nothing to release
}

// trow is one non-blank row: its 1-based line in the sheet and raw cells.
type trow struct {
	line  int
	cells []string
}

// span is a merged range, 1-based lines and 0-based columns, inclusive.
type span struct{ line1, col1, line2, col2 int }

func (t *table) isNumber(line, col int) bool { return t.number != nil && t.number(line, col) }

// Size limits: a real register of 20,000 rows is a few tens of megabytes of
// sheet XML; anything far beyond is a mistake or a zip bomb, refused before
// it is unpacked.
const (
	maxFileBytes  = 100 << 20 // the file as chosen
	maxSheetBytes = 64 << 20  // one sheet's XML, unpacked
	maxUnzipBytes = 160 << 20 // the whole workbook, unpacked
)

var errTooBig = fmt.Errorf("表格过大：一个代表名册解压后不应超过 %d MB。请检查是否选错了文件，或把名册复制到一个新的工作簿后再导入", maxSheetBytes>>20)

// readTables reads every worksheet of a workbook in any format secretaries
// use — .xlsx, .xls, .ods or .csv (UTF-8 or GBK) — telling the format from
// the content, not the file name. A file it cannot read gets a message that
// says what the file is and what to do.
func readTables(ext string, r io.Reader) ([]*table, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("无法读取文件：%w", err)
	}
	if len(data) > maxFileBytes {
		return nil, "", errTooBig
	}
	if len(data) == 0 {
		return nil, "", errors.New("文件是空的（0字节），可能没有保存完整；请重新保存或另选文件")
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readZip(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return readOLE(data)
	case bytes.HasPrefix(data, []byte("%PDF")):
		return nil, "", errors.New("这是 PDF 文件，不能导入。请用 Excel 或 WPS 打开原始名册，另存为 .xlsx 后再导入")
	case looksLikeText(data) && (ext == "" || ext == ".csv" || ext == ".txt"):
		t, err := readCSV(data)
		if err != nil {
			return nil, "", err
		}
		return []*table{t}, "CSV", nil
	}
	if ext == ".xlsx" || ext == ".xls" || ext == ".ods" || ext == ".et" {
		return nil, "", fmt.Errorf("文件名是 %s，但内容不是表格：文件可能已损坏或被改了扩展名。请在 Excel 或 WPS 中打开原始名册，另存为 .xlsx（Excel 工作簿）后再导入", ext)
	}
	return nil, "", errors.New(unknownFormat)
}

const unknownFormat = "无法识别该文件的格式，它不是 Excel、WPS 或 CSV 表格。请在 Excel 或 WPS 中打开名册，另存为 .xlsx（Excel 工作簿）后再导入"

// readOLE tells apart the files stored as an OLE compound document: an .xls
// (or WPS .et) workbook, an .xlsx protected by a password, and Word files.
func readOLE(data []byte) ([]*table, string, error) {
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, "", errors.New("文件已损坏，无法读取。请在 Excel 或 WPS 中打开它，另存为 .xlsx 后再导入")
	}
	var names []string
	for e, err := doc.Next(); err == nil; e, err = doc.Next() {
		names = append(names, e.Name)
	}
	switch {
	case slices.Contains(names, "EncryptedPackage") || slices.Contains(names, "EncryptionInfo"):
		return nil, "", errors.New(passwordMsg)
	case slices.Contains(names, "Workbook") || slices.Contains(names, "Book"):
		ts, err := readXLS(data)
		return ts, "Excel 97-2003（.xls）", err
	case slices.Contains(names, "WordDocument"):
		return nil, "", errors.New("这是 Word 文档，不是表格。请把名册放在 Excel 或 WPS 表格中，另存为 .xlsx 后再导入")
	}
	return nil, "", errors.New(unknownFormat)
}

const passwordMsg = "这个工作簿设置了打开密码，无法读取。请在 Excel 或 WPS 中用密码打开它，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并保存后再导入"

// looksLikeText reports whether data is plain text (a CSV): no NUL bytes
// and no other control characters than tab and line breaks in the first
// few kilobytes.
func looksLikeText(data []byte) bool {
	head := data[:min(len(data), 8192)]
	for _, b := range head {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
			return false
		}
	}
	return true
}
