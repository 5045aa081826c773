package poster

import (
	"bytes"
	"testing"
)

func TestCodesKeptForTheNextRun(t *testing.T) {
	f := newFixture(t, 6, false)
	resetQRCache()
	var first bytes.Buffer
	if err := Write(t.Context(), f.db, &first, Select{}, Options{Date: fixed}); err != nil {
		t.Fatal(err)
	}
	sheets, _, err := Load(t.Context(), f.db, Select{})
	if err != nil {
		t.Fatal(err)
	}
	contents := vcards(sheets)
	stored, err := f.db.QRCodes(t.Context(), contents)
	if err != nil || len(stored) != len(contents) || len(contents) == 0 {
		t.Fatalf("%d of %d codes stored (%v)", len(stored), len(contents), err)
	}
	for c, png := range stored {
		if want, _ := QRPNG(c); !bytes.Equal(png, want) {
			t.Fatal("stored code differs from the encoded one")
		}
	}
	// A new run (empty memory cache) prints from them, encoding nothing.
	resetQRCache()
	before := qrEncodes.Load()
	var second bytes.Buffer
	if err := Write(t.Context(), f.db, &second, Select{}, Options{Date: fixed}); err != nil {
		t.Fatal(err)
	}
	if n := qrEncodes.Load() - before; n != 0 {
		t.Fatalf("a new run encoded %d codes again", n)
	}
	if second.Len() != first.Len() {
		t.Fatalf("the poster printed from stored codes has %d bytes, not %d", second.Len(), first.Len())
	}
}
