package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/jpeg"
	"io"
	"os"

	"golang.org/x/image/draw"
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
	if cfg.Width*cfg.Height > MaxPixels {
		return nil, &Error{Message: fmt.Sprintf("照片尺寸过大（%d×%d 像素），请先缩小到 6000 万像素以内", cfg.Width, cfg.Height)}
	}
	if cfg.Width < MinSide || cfg.Height < MinSide {
		return nil, &Error{Message: fmt.Sprintf("照片太小（%d×%d 像素），看不清，请选择更清晰的照片", cfg.Width, cfg.Height)}
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{Message: "照片文件已损坏，无法读取"}
	}
	if format == "jpeg" {
		if o := exifOrientation(data); o > 1 {
			src = upright(shrink(src, 2*EvidenceSide), o)
		}
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
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	stddraw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, stddraw.Src)
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: Quality}); err != nil {
		return nil, fmt.Errorf("photo: encode: %w", err)
	}
	return out.Bytes(), nil
}
