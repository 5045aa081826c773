package register

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/richardlehane/mscfb"
	"github.com/shakinm/xlsReader/xls"
	"github.com/shakinm/xlsReader/xls/record"
)

// BIFF8 record types read directly: the reader library gives neither a
// sheet's hidden state nor its merged cells, nor does it notice encryption.
const (
	biffEOF        = 0x000A
	biffFilePass   = 0x002F
	biffBoundSheet = 0x0085
	biffMergeCells = 0x00E5
)

// readXLS reads an Excel 97-2003 workbook (also what WPS and LibreOffice
// save as .xls).
func readXLS(data []byte) (ts []*table, err error) {
	stream, err := workbookStream(data)
	if err != nil {
		return nil, err
	}
	info, err := scanBIFF(stream)
	if err != nil {
		return nil, err
	}
	if info.encrypted {
		return nil, errors.New(passwordMsg)
	}
	defer func() {
		// The reader library indexes its input without bounds checks; a
		// damaged file must become a message, not a crash.
		if r := recover(); r != nil {
			ts, err = nil, errors.New(damagedXLS)
		}
	}()
	wb, err := xls.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New(damagedXLS)
	}
	sheets := wb.GetSheets()
	if len(sheets) == 0 || len(sheets) != len(info.sheets) {
		return nil, errors.New(damagedXLS)
	}
	for i := range sheets {
		s := &sheets[i]
		meta := info.sheets[i]
		if meta.kind != 0 {
			continue // a chart or macro sheet
		}
		t := &table{name: s.GetName(), hidden: meta.hidden, merges: meta.merges}
		numbers := map[[2]int]bool{}
		for ri, row := range s.GetRows() {
			cols := row.GetCols()
			cells := make([]string, len(cols))
			for ci, c := range cols {
				switch c.(type) {
				case *record.Number, *record.Rk:
					cells[ci] = strconv.FormatFloat(c.GetFloat64(), 'f', -1, 64)
					numbers[[2]int{ri + 1, ci}] = true
				default:
					cells[ci] = c.GetString()
				}
			}
			if !blank(cells) {
				t.rows = append(t.rows, trow{line: ri + 1, cells: cells})
			}
		}
		t.number = func(line, col int) bool { return numbers[[2]int{line, col}] }
		ts = append(ts, t)
	}
	return ts, nil
}

const damagedXLS = "无法读取这个 .xls 工作簿，文件可能已损坏。请在 Excel 或 WPS 中打开它，另存为 .xlsx 后再导入"

func workbookStream(data []byte) ([]byte, error) {
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New(damagedXLS)
	}
	for e, err := doc.Next(); err == nil; e, err = doc.Next() {
		if e.Name == "Workbook" || e.Name == "Book" {
			if e.Size > maxSheetBytes {
				return nil, errTooBig
			}
			b, err := io.ReadAll(e)
			if err != nil {
				return nil, errors.New(damagedXLS)
			}
			return b, nil
		}
	}
	return nil, errors.New(damagedXLS)
}

type biffSheet struct {
	pos    int
	hidden bool
	kind   byte // 0 worksheet, 2 chart, …
	merges []span
}

type biffInfo struct {
	encrypted bool
	sheets    []biffSheet
}

// scanBIFF walks the workbook globals for the sheet list and encryption,
// then each sheet's substream for its merged cells.
func scanBIFF(s []byte) (biffInfo, error) {
	var info biffInfo
	bad := fmt.Errorf("%s", damagedXLS)
	next := func(p int) (typ, n int, body []byte, ok bool) {
		if p+4 > len(s) {
			return 0, 0, nil, false
		}
		typ = int(binary.LittleEndian.Uint16(s[p:]))
		n = int(binary.LittleEndian.Uint16(s[p+2:]))
		if p+4+n > len(s) {
			return 0, 0, nil, false
		}
		return typ, n, s[p+4 : p+4+n], true
	}
	for p := 0; ; {
		typ, n, body, ok := next(p)
		if !ok {
			return info, bad
		}
		switch typ {
		case biffFilePass:
			info.encrypted = true
		case biffBoundSheet:
			if n < 6 {
				return info, bad
			}
			info.sheets = append(info.sheets, biffSheet{pos: int(binary.LittleEndian.Uint32(body)),
				hidden: body[4]&3 != 0, kind: body[5]})
		}
		p += 4 + n
		if typ == biffEOF {
			break
		}
	}
	for i := range info.sheets {
		sh := &info.sheets[i]
		for p := sh.pos; ; {
			typ, n, body, ok := next(p)
			if !ok || typ == biffEOF {
				break
			}
			if typ == biffMergeCells && n >= 2 {
				cnt := int(binary.LittleEndian.Uint16(body))
				for k := 0; k < cnt && 2+8*k+8 <= n; k++ {
					r := body[2+8*k:]
					u := func(o int) int { return int(binary.LittleEndian.Uint16(r[o:])) }
					sh.merges = append(sh.merges, span{u(0) + 1, u(4), u(2) + 1, u(6)})
				}
			}
			p += 4 + n
		}
	}
	return info, nil
}
