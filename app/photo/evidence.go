package photo

import (
	"io"
	"os"
)

// EvidenceSide is the longer side of a stored evidence photo (a station's
// sign, its room): enough to print two to a line on A4, small in the file.
const EvidenceSide = 1024

// PrepareEvidenceFile reads a photo file; see PrepareEvidence.
func PrepareEvidenceFile(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, &Error{Message: "无法打开照片文件：" + err.Error()}
	}
	defer fh.Close()
	return PrepareEvidence(fh)
}

// PrepareEvidence decodes a JPEG or PNG photo, turns it upright and scales it
// so its longer side is at most EvidenceSide, keeping its shape (evidence is
// not cropped). The same limits as Prepare apply.
func PrepareEvidence(r io.Reader) ([]byte, error) {
	src, err := decodePhoto(r, 2*EvidenceSide, "看不清")
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > EvidenceSide || h > EvidenceSide {
		if w >= h {
			w, h = EvidenceSide, max(1, h*EvidenceSide/w)
		} else {
			w, h = max(1, w*EvidenceSide/h), EvidenceSide
		}
	}
	return encode(src, w, h, b)
}
