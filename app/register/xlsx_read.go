package register

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readZip reads a zip-based workbook: .xlsx (Excel, WPS) or .ods
// (LibreOffice, WPS). The unpacked sizes are checked from the zip directory
// first, so a small file that would unpack to gigabytes is refused at once.
func readZip(data []byte) ([]*table, string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "", errors.New("文件已损坏或不完整，无法读取。请在 Excel 或 WPS 中打开它，另存为 .xlsx 后再导入")
	}
	var total uint64
	isXLSX, isODS, isDoc := false, false, false
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > maxSheetBytes || total > maxUnzipBytes {
			return nil, "", errTooBig
		}
		switch {
		case f.Name == "xl/workbook.xml":
			isXLSX = true
		case f.Name == "content.xml":
			isODS = true
		case strings.HasPrefix(f.Name, "word/") || strings.HasPrefix(f.Name, "ppt/"):
			isDoc = true
		}
	}
	switch {
	case isXLSX:
		ts, err := readXLSX(data)
		return ts, "Excel 工作簿（.xlsx）", err
	case isODS:
		ts, err := readODS(zr)
		return ts, "OpenDocument 表格（.ods）", err
	case isDoc:
		return nil, "", errors.New("这是 Word 或 PowerPoint 文件，不是表格。请把名册放在 Excel 或 WPS 表格中，另存为 .xlsx 后再导入")
	}
	return nil, "", errors.New(unknownFormat)
}

func readXLSX(data []byte) ([]*table, error) {
	// The limits make excelize stop rather than fill memory if the zip
	// directory understated the sizes.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzipBytes, UnzipXMLSizeLimit: maxSheetBytes})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || strings.Contains(err.Error(), "password") {
			return nil, errors.New(passwordMsg)
		}
		if strings.Contains(err.Error(), "size") && strings.Contains(err.Error(), "limit") {
			return nil, errTooBig
		}
		return nil, errors.New("无法读取该 Excel 工作簿，文件可能已损坏。请在 Excel 或 WPS 中打开它，另存为新的 .xlsx 后再导入")
	}
	props, _ := f.GetWorkbookProps()
	date1904 := props.Date1904 != nil && *props.Date1904
	var out []*table
	for _, name := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(name)
		t := &table{name: name, hidden: !visible, date1904: date1904}
		rows, err := f.Rows(name)
		if err != nil {
			return nil, errors.New("无法读取工作表“" + name + "”：" + err.Error())
		}
		for line := 1; rows.Next(); line++ {
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				rows.Close()
				return nil, errors.New("无法读取工作表“" + name + "”：" + err.Error())
			}
			if !blank(cells) {
				t.rows = append(t.rows, trow{line: line, cells: cells})
			}
		}
		rows.Close()
		merged, err := f.GetMergeCells(name, true)
		if err == nil {
			for _, m := range merged {
				c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
				c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
				if err1 == nil && err2 == nil {
					t.merges = append(t.merges, span{r1, c1 - 1, r2, c2 - 1})
				}
			}
		}
		sheet := name
		t.number = func(line, col int) bool {
			cell, _ := excelize.CoordinatesToCellName(col+1, line)
			ct, err := f.GetCellType(sheet, cell)
			return err == nil && (ct == excelize.CellTypeNumber || ct == excelize.CellTypeUnset)
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		f.Close()
		return nil, errors.New("工作簿中没有工作表")
	}
	// number reads cell types lazily, so the workbook stays open until the
	// parse is done.
	out[0].close = func() { f.Close() }
	return out, nil
}
