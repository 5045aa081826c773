package export

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"deputydesk/store"
)

// newDB opens a new database file for one test, closed when the test ends.
func newDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// writeAll exports everything in db to a workbook in a temp folder and opens
// it for the test to read back; the sheet tests all start from this.
func writeAll(t *testing.T, db *store.DB) *excelize.File {
	t.Helper()
	out := filepath.Join(t.TempDir(), "全部数据.xlsx")
	if _, _, err := Write(t.Context(), db, out); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
