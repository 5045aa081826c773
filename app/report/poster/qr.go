package poster

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"github.com/skip2/go-qrcode"
)

// Contact is what a 代表码 tells a voter's phone.
type Contact struct {
	Name    string
	Phone   string
	Station string // where the deputy receives voters
}

// VCard is the QR content: a vCard 3.0 (name, mobile, station as the
// organisation) that phone cameras offer to save as a contact.
func (c Contact) VCard() string {
	esc := strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`)
	var b strings.Builder
	b.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\n")
	fmt.Fprintf(&b, "N:%s;;;;\r\nFN:%s\r\n", esc.Replace(c.Name), esc.Replace(c.Name))
	if c.Phone != "" {
		fmt.Fprintf(&b, "TEL;TYPE=CELL:%s\r\n", esc.Replace(c.Phone))
	}
	if c.Station != "" {
		fmt.Fprintf(&b, "ORG:%s\r\n", esc.Replace(c.Station))
	}
	// The title (levels) is left out: every byte makes the printed code
	// denser and harder to scan from across a room.
	b.WriteString("END:VCARD\r\n")
	return b.String()
}

// modulePixels is the size of one QR module in the image. Whole pixels per
// module keep edges sharp however the viewer scales.
const modulePixels = 4

// QRPNG encodes content as a QR code PNG (grey, with the quiet zone).
// Medium error correction survives a smudged or glossy printed poster.
func QRPNG(content string) ([]byte, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("poster: qr code: %w", err)
	}
	bm := q.Bitmap()
	n := len(bm) * modulePixels
	img := image.NewGray(image.Rect(0, 0, n, n))
	for y, row := range bm {
		for x, dark := range row {
			v := color.Gray{Y: 255}
			if dark {
				v = color.Gray{Y: 0}
			}
			for dy := 0; dy < modulePixels; dy++ {
				off := img.PixOffset(x*modulePixels, y*modulePixels+dy)
				for dx := 0; dx < modulePixels; dx++ {
					img.Pix[off+dx] = v.Y
				}
			}
		}
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&out, img); err != nil {
		return nil, fmt.Errorf("poster: qr png: %w", err)
	}
	return out.Bytes(), nil
}
