package photo

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

func TestPrepareEvidenceKeepsShapeAndScales(t *testing.T) {
	var in bytes.Buffer
	if err := png.Encode(&in, image.NewRGBA(image.Rect(0, 0, 3000, 1500))); err != nil {
		t.Fatal(err)
	}
	out, err := PrepareEvidence(&in)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(out))
	if err != nil || cfg.Width != EvidenceSide || cfg.Height != EvidenceSide/2 {
		t.Fatalf("%dx%d %v", cfg.Width, cfg.Height, err)
	}
	if _, err := PrepareEvidence(strings.NewReader("不是图片")); !IsRefused(err) {
		t.Fatalf("text accepted: %v", err)
	}
}
