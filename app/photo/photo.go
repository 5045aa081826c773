// Package photo turns a deputy's photo file into the small portrait the
// register keeps: decoded from JPEG or PNG, turned upright, cropped to 3:4
// around the centre, scaled and re-encoded as a compact JPEG.
package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/jpeg"
	_ "image/png" // PNG photos are accepted too
	"io"
	"os"

	"golang.org/x/image/draw"
)

// Limits on what is accepted. A phone photo is a few MB and about 12
// megapixels; anything far beyond is a wrong file or a decompression bomb.
const (
	MaxFileBytes = 20 << 20
	MaxPixels    = 60_000_000
	MinSide      = 60
	// Width and Height of the stored portrait (3:4), enough for a card
	// printed 30 mm wide at 250 dpi.
	Width   = 300
	Height  = 400
	Quality = 80
)

// Error is a photo the program refuses; Message is for the secretary.
type Error struct{ Message string }

func (e *Error) Error() string { return e.Message }

// PrepareFile reads a photo file; see Prepare.
func PrepareFile(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, &Error{Message: "无法打开照片文件：" + err.Error()}
	}
	defer fh.Close()
	if st, err := fh.Stat(); err == nil && st.Size() > MaxFileBytes {
		return nil, &Error{Message: fmt.Sprintf("照片文件太大（%.1f MB），请选择 %d MB 以内的 JPEG 或 PNG 图片", float64(st.Size())/(1<<20), MaxFileBytes>>20)}
	}
	return Prepare(fh)
}

// Prepare decodes a JPEG or PNG photo and returns the stored portrait as
// JPEG bytes, Width×Height. Files that are not images, or are too large in
// bytes or pixels, or too small, are refused with *Error.
func Prepare(r io.Reader) ([]byte, error) {
	src, err := decodePhoto(r, 1200, "打印会模糊")
	if err != nil {
		return nil, err
	}
	return encode(src, Width, Height, portraitCrop(src.Bounds()))
}

// decodePhoto reads a JPEG or PNG photo within the size limits and turns it
// upright (shrunk to side first, so rotating stays cheap). tooSmall says why
// a small photo is refused.
func decodePhoto(r io.Reader, side int, tooSmall string) (image.Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, &Error{Message: "读取照片文件失败：" + err.Error()}
	}
	if len(data) > MaxFileBytes {
		return nil, &Error{Message: fmt.Sprintf("照片文件太大，请选择 %d MB 以内的 JPEG 或 PNG 图片", MaxFileBytes>>20)}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{Message: "所选文件不是 JPEG 或 PNG 图片，请选择照片文件"}
	}
	// Check the size from the header before decoding, so a huge image never
	// allocates its pixels.
	if cfg.Width*cfg.Height > MaxPixels {
		return nil, &Error{Message: fmt.Sprintf("照片尺寸过大（%d×%d 像素），请先缩小到 6000 万像素以内", cfg.Width, cfg.Height)}
	}
	if cfg.Width < MinSide || cfg.Height < MinSide {
		return nil, &Error{Message: fmt.Sprintf("照片太小（%d×%d 像素），%s，请选择更清晰的照片", cfg.Width, cfg.Height, tooSmall)}
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{Message: "照片文件已损坏，无法读取"}
	}
	if format == "jpeg" {
		if o := exifOrientation(data); o > 1 {
			src = upright(shrink(src, side), o)
		}
	}
	return src, nil
}

// encode scales the part from of src into a w×h JPEG, white under
// transparent PNG areas, as on a printed card.
func encode(src image.Image, w, h int, from image.Rectangle) ([]byte, error) {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	stddraw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, stddraw.Src)
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, from, draw.Over, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: Quality}); err != nil {
		return nil, fmt.Errorf("photo: encode: %w", err)
	}
	return out.Bytes(), nil
}

// portraitCrop is the largest 3:4 rectangle centred in b.
func portraitCrop(b image.Rectangle) image.Rectangle {
	w, h := b.Dx(), b.Dy()
	if w*4 > h*3 { // too wide: trim the sides
		cw := h * 3 / 4
		x := b.Min.X + (w-cw)/2
		return image.Rect(x, b.Min.Y, x+cw, b.Max.Y)
	}
	ch := w * 4 / 3
	y := b.Min.Y + (h-ch)/2
	return image.Rect(b.Min.X, y, b.Max.X, y+ch)
}

// exifOrientation reads the EXIF orientation tag (1–8) of a JPEG, or 1.
// Phones store photos sideways and set this tag instead of turning pixels.
func exifOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	p := 2
	for p+4 <= len(data) && data[p] == 0xFF {
		marker := data[p+1]
		size := int(binary.BigEndian.Uint16(data[p+2:]))
		if marker == 0xDA || size < 2 || p+2+size > len(data) {
			return 1
		}
		seg := data[p+4 : p+2+size]
		if marker == 0xE1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		p += 2 + size
	}
	return 1
}

func tiffOrientation(t []byte) int {
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[ifd:]))
	for i := 0; i < n; i++ {
		e := ifd + 2 + 12*i
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// shrink scales src down (fast, approximate) so its longer side is at most
// max pixels; the careful scaling happens after the crop.
func shrink(src image.Image, max int) image.Image {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= max && h <= max {
		return src
	}
	if w >= h {
		w, h = max, h*max/w
	} else {
		w, h = w*max/h, max
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// upright applies an EXIF orientation so the photo stands the right way up.
func upright(src image.Image, o int) image.Image {
	if o <= 1 {
		return src
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if o >= 5 {
		w, h = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = b.Dx()-1-x, y
			case 3:
				dx, dy = b.Dx()-1-x, b.Dy()-1-y
			case 4:
				dx, dy = x, b.Dy()-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = b.Dy()-1-y, x
			case 7:
				dx, dy = b.Dy()-1-y, b.Dx()-1-x
			case 8:
				dx, dy = y, b.Dx()-1-x
			}
			dst.Set(dx, dy, src.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}

// IsRefused reports whether err is a photo refused for what it is (as
// opposed to a failure to read the file).
func IsRefused(err error) bool {
	var e *Error
	return errors.As(err, &e)
}
