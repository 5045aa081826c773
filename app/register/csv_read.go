package register

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// readCSV reads a comma-, tab- or semicolon-separated file in UTF-8 (with or
// without the byte-order mark Excel writes) or in GBK/GB18030, which Excel
// and WPS on Chinese Windows use for “CSV（逗号分隔）”.
func readCSV(data []byte) (*table, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	text := string(data)
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, errors.New("无法识别这个 CSV 文件的文字编码（应为 UTF-8 或 GBK）。请在 Excel 或 WPS 中打开它，另存为 .xlsx 后再导入")
		}
		text = string(dec)
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sniffComma(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	t := &table{name: "CSV"}
	for {
		rec, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("CSV 文件第%d行无法读取（引号不成对？）。请在 Excel 或 WPS 中打开它，另存为 .xlsx 后再导入", line)
		}
		line, _ := cr.FieldPos(0)
		if !blank(rec) {
			t.rows = append(t.rows, trow{line: line, cells: rec})
		}
	}
	return t, nil
}

// sniffComma picks the separator the first lines use most.
func sniffComma(text string) rune {
	head := text[:min(len(text), 4096)]
	best, n := ',', strings.Count(head, ",")
	for _, c := range []rune{'\t', ';'} {
		if k := strings.Count(head, string(c)); k > n {
			best, n = c, k
		}
	}
	return best
}
