package photo

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// halves is a w×h image, red on the left half and blue on the right.
func halves(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 220, 255}
			}
			m.Set(x, y, c)
		}
	}
	return m
}

func encodeJPEG(t *testing.T, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	m, format, err := image.Decode(bytes.NewReader(b))
	if err != nil || format != "jpeg" {
		t.Fatalf("output is not a JPEG: %v %s", err, format)
	}
	if m.Bounds().Dx() != Width || m.Bounds().Dy() != Height {
		t.Fatalf("output %v, want %dx%d", m.Bounds(), Width, Height)
	}
	return m
}

func isRed(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r > 0x9000 && g < 0x4000 && b < 0x4000
}

func isBlue(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return b > 0x9000 && g < 0x4000 && r < 0x4000
}

func TestLandscapeJPEGIsCroppedToPortrait(t *testing.T) {
	out, err := Prepare(bytes.NewReader(encodeJPEG(t, halves(1600, 900))))
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, out)
	// The centre crop keeps both halves, split down the middle.
	if !isRed(m.At(40, 200)) || !isBlue(m.At(260, 200)) {
		t.Fatalf("crop is not centred: %v %v", m.At(40, 200), m.At(260, 200))
	}
	if len(out) > 40<<10 {
		t.Fatalf("stored photo is %d bytes, want compact", len(out))
	}
}

func TestTransparentPNGOnWhite(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 300, 400))
	var b bytes.Buffer
	png.Encode(&b, m)
	out, err := Prepare(&b)
	if err != nil {
		t.Fatal(err)
	}
	r, g, bl, _ := decode(t, out).At(150, 200).RGBA()
	if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
		t.Fatalf("transparent area is %x %x %x, want white", r, g, bl)
	}
}

// withOrientation inserts an EXIF APP1 segment with the given orientation.
func withOrientation(j []byte, o uint16) []byte {
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	ifd := make([]byte, 2+12+4)
	binary.LittleEndian.PutUint16(ifd, 1)
	binary.LittleEndian.PutUint16(ifd[2:], 0x0112)
	binary.LittleEndian.PutUint16(ifd[4:], 3) // SHORT
	binary.LittleEndian.PutUint32(ifd[6:], 1)
	binary.LittleEndian.PutUint16(ifd[10:], o)
	seg := append([]byte("Exif\x00\x00"), append(tiff, ifd...)...)
	app1 := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(seg)+2))
	out := append([]byte{}, j[:2]...)
	out = append(out, app1...)
	out = append(out, seg...)
	return append(out, j[2:]...)
}

func TestEXIFOrientation(t *testing.T) {
	// A phone held upright stores the picture sideways with orientation 6
	// (turn 90° clockwise): the left half becomes the top.
	out, err := Prepare(bytes.NewReader(withOrientation(encodeJPEG(t, halves(800, 600)), 6)))
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, out)
	if !isRed(m.At(150, 40)) || !isBlue(m.At(150, 360)) {
		t.Fatalf("not turned upright: top %v bottom %v", m.At(150, 40), m.At(150, 360))
	}
}

// hugePNG is a valid PNG header that claims w×h pixels.
func hugePNG(w, h uint32) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	d := b.Bytes()
	binary.BigEndian.PutUint32(d[16:], w)
	binary.BigEndian.PutUint32(d[20:], h)
	binary.BigEndian.PutUint32(d[29:], crc32.ChecksumIEEE(d[12:29]))
	return d
}

func TestRefused(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.jpg")
	os.WriteFile(big, bytes.Repeat([]byte{0xFF}, MaxFileBytes+10), 0o644)
	cases := []struct {
		name string
		data []byte
		path string
		want string
	}{
		{"text file", []byte("姓名,电话\n张三,13800000000\n"), "", "不是 JPEG 或 PNG"},
		{"huge dimensions", hugePNG(20000, 20000), "", "尺寸过大"},
		{"tiny", encodeJPEG(t, halves(40, 40)), "", "太小"},
		{"truncated", encodeJPEG(t, halves(400, 400))[:600], "", "损坏"},
		{"huge file", nil, big, "太大"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			if c.path != "" {
				_, err = PrepareFile(c.path)
			} else {
				_, err = Prepare(bytes.NewReader(c.data))
			}
			if !IsRefused(err) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want a refusal containing %q", err, c.want)
			}
		})
	}
}
