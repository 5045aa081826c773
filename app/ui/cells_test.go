package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A list row's label cuts its text short with an ellipsis exactly when the
// text does not fit its cell, after a layout and after a new text alike.
func TestCellsTruncateOnlyWhatDoesNotFit(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme{})
	row := cells(columns{widths: []float32{90, 0}}, false)
	w := test.NewWindow(row)
	defer w.Close()
	row.Resize(fyne.NewSize(300, row.MinSize().Height))
	long := "杏花村村民委员会党支部书记、村委会主任"
	setCells(row, "程新", long)
	name, unit := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
	if name.Truncation != fyne.TextTruncateOff {
		t.Errorf("姓名 fits its cell, truncation = %v", name.Truncation)
	}
	if unit.Truncation != fyne.TextTruncateEllipsis {
		t.Errorf("工作单位 does not fit its cell, truncation = %v", unit.Truncation)
	}
	// A wider window: the same text now fits.
	row.Resize(fyne.NewSize(900, row.MinSize().Height))
	if unit.Truncation != fyne.TextTruncateOff {
		t.Errorf("工作单位 fits the wider cell, truncation = %v", unit.Truncation)
	}
	// A longer name set into the laid-out row.
	setCells(row, "欧阳程新欧阳程新欧阳程新", long)
	if name.Truncation != fyne.TextTruncateEllipsis {
		t.Errorf("a long 姓名 does not fit its cell, truncation = %v", name.Truncation)
	}
}
