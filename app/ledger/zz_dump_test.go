package ledger

import (
	"os"
	"testing"
)

func TestZZDump(t *testing.T) {
	dir := os.Getenv("DUMP_DIR")
	if dir == "" {
		t.Skip()
	}
	l, err := Build(t.Context(), demoDB, Options{Month: "2026-10"})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Create(dir + "/ledger.xlsx")
	l.WriteXLSX(f)
	f.Close()
	g, _ := os.Create(dir + "/ledger.pdf")
	l.WritePDF(g, PDFOptions{})
	g.Close()
}
