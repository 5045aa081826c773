package register

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// ODF namespaces used in content.xml.
const (
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsStyle  = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
)

// maxODSCols bounds how far a repeated cell is spread: a whole-row format
// is written as one cell repeated 16,384 times.
const maxODSCols = 256

const damagedODS = "无法读取这个 .ods 表格，文件可能已损坏。请在 LibreOffice 或 WPS 中打开它，另存为 .xlsx 后再导入"

// readODS reads an OpenDocument spreadsheet (LibreOffice, WPS) by streaming
// its content.xml: repeated rows and cells are expanded only where they
// hold something, so a formatted million-row column costs nothing.
func readODS(zr *zip.Reader) ([]*table, error) {
	var content *zip.File
	for _, f := range zr.File {
		if f.Name == "content.xml" {
			content = f
		}
	}
	rc, err := content.Open()
	if err != nil {
		return nil, errors.New(damagedODS)
	}
	defer rc.Close()
	ts, err := parseODSContent(io.LimitReader(rc, maxSheetBytes))
	if err != nil {
		return nil, err
	}
	return ts, nil
}

func attr(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func repeat(se xml.StartElement, local string) int {
	n, err := strconv.Atoi(attr(se, nsTable, local))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

func parseODSContent(r io.Reader) ([]*table, error) {
	dec := xml.NewDecoder(r)
	hiddenStyle := map[string]bool{}
	var (
		out       []*table
		t         *table
		styleName string // the automatic table style being read
		line      int    // last line of the current table
		rowRep    int
		cells     []string
		pendEmpty int // empty cells seen but not yet placed
		numCols   map[[2]int]bool
		// the cell being read
		inCell    bool
		cellRep   int
		cellText  strings.Builder
		cellValue string
		cellNum   bool
		paras     int
		rowSpan   int
		colSpan   int
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errors.New(damagedODS)
		}
		switch se := tok.(type) {
		case xml.StartElement:
			switch {
			case se.Name.Space == nsStyle && se.Name.Local == "style" && attr(se, nsStyle, "family") == "table":
				styleName = attr(se, nsStyle, "name")
			case se.Name.Space == nsStyle && se.Name.Local == "table-properties":
				if attr(se, nsTable, "display") == "false" {
					hiddenStyle[styleName] = true
				}
			case se.Name.Space == nsTable && se.Name.Local == "table":
				numCols = map[[2]int]bool{}
				nums := numCols
				t = &table{name: attr(se, nsTable, "name"), hidden: hiddenStyle[attr(se, nsTable, "style-name")],
					number: func(line, col int) bool { return nums[[2]int{line, col}] }}
				line = 0
			case t != nil && se.Name.Space == nsTable && se.Name.Local == "table-row":
				rowRep = repeat(se, "number-rows-repeated")
				cells, pendEmpty = nil, 0
			case t != nil && se.Name.Space == nsTable && (se.Name.Local == "table-cell" || se.Name.Local == "covered-table-cell"):
				inCell = true
				cellRep = repeat(se, "number-columns-repeated")
				cellText.Reset()
				paras = 0
				rowSpan, colSpan = repeat(se, "number-rows-spanned"), repeat(se, "number-columns-spanned")
				cellValue, cellNum = "", false
				switch attr(se, nsOffice, "value-type") {
				case "float", "percentage", "currency":
					cellValue, cellNum = attr(se, nsOffice, "value"), true
				case "date":
					cellValue = attr(se, nsOffice, "date-value")
					if len(cellValue) > 10 && strings.HasSuffix(cellValue, "T00:00:00") {
						cellValue = cellValue[:10]
					}
				}
			case inCell && se.Name.Space == nsText && se.Name.Local == "p":
				if paras > 0 {
					cellText.WriteByte('\n')
				}
				paras++
			case inCell && se.Name.Space == nsText && se.Name.Local == "s":
				n, err := strconv.Atoi(attr(se, nsText, "c"))
				if err != nil || n < 1 {
					n = 1
				}
				cellText.WriteString(strings.Repeat(" ", min(n, 100)))
			case inCell && se.Name.Space == nsText && se.Name.Local == "tab":
				cellText.WriteByte('\t')
			case inCell && se.Name.Space == nsText && se.Name.Local == "line-break":
				cellText.WriteByte('\n')
			}
		case xml.CharData:
			if inCell && paras > 0 {
				cellText.Write(se)
			}
		case xml.EndElement:
			switch {
			case se.Name.Space == nsTable && (se.Name.Local == "table-cell" || se.Name.Local == "covered-table-cell") && inCell:
				inCell = false
				v := cellValue
				if v == "" {
					v = cellText.String()
				}
				if strings.TrimSpace(v) == "" {
					pendEmpty += cellRep
					continue
				}
				for ; pendEmpty > 0 && len(cells) < maxODSCols; pendEmpty-- {
					cells = append(cells, "")
				}
				pendEmpty = 0
				col := len(cells)
				if rowSpan > 1 || colSpan > 1 {
					t.merges = append(t.merges, span{line + 1, col, line + rowSpan, col + colSpan - 1})
				}
				for k := 0; k < cellRep && len(cells) < maxODSCols; k++ {
					if cellNum {
						numCols[[2]int{line + 1, len(cells)}] = true
					}
					cells = append(cells, v)
				}
			case t != nil && se.Name.Space == nsTable && se.Name.Local == "table-row":
				if blank(cells) {
					line += rowRep
					continue
				}
				if rowRep > MaxRows {
					return nil, errTooManyRows
				}
				for k := 0; k < rowRep; k++ {
					line++
					if k > 0 {
						for c := range cells {
							if numCols[[2]int{line - k, c}] {
								numCols[[2]int{line, c}] = true
							}
						}
					}
					t.rows = append(t.rows, trow{line: line, cells: cells})
				}
				if len(t.rows) > MaxRows+headerScan {
					return nil, errTooManyRows
				}
			case t != nil && se.Name.Space == nsTable && se.Name.Local == "table":
				out = append(out, t)
				t = nil
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New(damagedODS)
	}
	return out, nil
}
