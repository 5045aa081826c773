package poster

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

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
	qrEncodes.Add(1)
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

// The QR encoder takes about 3 ms a code (it tries all eight masks), far
// more than drawing a card, and a deputy's code only changes with their
// name, phone or station. So codes are kept in memory by content: printing
// the posters again, or another paper size, reuses them.
const qrCacheMax = 5000

// qrEncodes counts codes encoded, so tests can tell a cached print.
var qrEncodes atomic.Int64

var qrCache = struct {
	sync.Mutex
	m map[string][]byte
}{m: map[string][]byte{}}

// cachedQR returns the QR PNG for content, encoding it at most once.
func cachedQR(content string) ([]byte, error) {
	qrCache.Lock()
	png, ok := qrCache.m[content]
	qrCache.Unlock()
	if ok {
		return png, nil
	}
	png, err := QRPNG(content)
	if err != nil {
		return nil, err
	}
	qrCache.Lock()
	if len(qrCache.m) >= qrCacheMax {
		clear(qrCache.m)
	}
	qrCache.m[content] = png
	qrCache.Unlock()
	return png, nil
}

// prepareQR encodes every card's code not yet cached, on all cores. Cached
// codes are skipped here, without waking any goroutine.
func prepareQR(sheets []Sheet) error {
	var todo []string
	qrCache.Lock()
	for _, s := range sheets {
		for _, c := range s.Cards {
			if v := c.Contact.VCard(); qrCache.m[v] == nil {
				todo = append(todo, v)
			}
		}
	}
	qrCache.Unlock()
	if len(todo) == 0 {
		return nil
	}
	work := make(chan string, len(todo))
	for _, v := range todo {
		work <- v
	}
	close(work)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				if _, err := cachedQR(c); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// warmQR puts codes read from the database into the memory cache.
func warmQR(codes map[string][]byte) {
	qrCache.Lock()
	defer qrCache.Unlock()
	if len(qrCache.m)+len(codes) > qrCacheMax {
		clear(qrCache.m)
	}
	for content, png := range codes {
		qrCache.m[content] = png
	}
}

// resetQRCache empties the cache (for benchmarks of a first print).
func resetQRCache() {
	qrCache.Lock()
	clear(qrCache.m)
	qrCache.Unlock()
}
