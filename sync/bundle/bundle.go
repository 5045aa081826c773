// Package bundle builds and verifies 上报包: one zip holding a signed
// manifest, the report files (xlsx, pdf) and the same figures as JSON so the
// county can add them up. It knows nothing of SQL, HTTP or the GUI.
//
// Layout of a bundle:
//
//	manifest.json   the Manifest, UTF-8 JSON
//	manifest.sig    Ed25519 signature over the exact bytes of manifest.json
//	<files...>      every file named in the manifest, flat names only
//
// Because the manifest carries the SHA-256 of every file and the signature
// covers the manifest bytes, one signature check protects the whole zip.
package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Format is the manifest format version this package writes and reads.
const Format = 1

// Names of the fixed entries in every bundle.
const (
	ManifestName  = "manifest.json"
	SignatureName = "manifest.sig"
	FiguresName   = "figures.json"
)

// Limits protect the hub from zips that are too big or unpack into too much.
const (
	MaxBundleSize = 64 << 20 // a compressed bundle
	MaxFileSize   = 64 << 20 // one unpacked file
	MaxFiles      = 32
	// A manifest lists at most MaxFiles short entries (a real one is under
	// 8 KB) and a signature is 64 bytes; both are read before the signature
	// is checked, so they are capped tightly.
	MaxManifestSize  = 64 << 10
	MaxSignatureSize = 64
)

// Kind is what a bundle reports.
type Kind string

// The kinds of report a township sends upward.
const (
	Ledger     Kind = "ledger"     // 月度台账, period 2026-10
	Roster     Kind = "roster"     // 值班表, period 2026-10
	Register   Kind = "register"   // 代表名册 snapshot, period 2026-10
	Assessment Kind = "assessment" // 年度履职考核, period 2026
)

// Kinds lists every kind in display order.
var Kinds = []Kind{Ledger, Roster, Register, Assessment}

// Label is the Chinese name of the kind.
func (k Kind) Label() string {
	switch k {
	case Ledger:
		return "月度台账"
	case Roster:
		return "值班表"
	case Register:
		return "代表名册"
	case Assessment:
		return "年度履职考核"
	}
	return string(k)
}

// ParseKind accepts the code name or the Chinese label.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if s == string(k) || s == k.Label() {
			return k, true
		}
	}
	return "", false
}

var monthRe = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)
var yearRe = regexp.MustCompile(`^\d{4}$`)

// ValidPeriod reports whether period fits the kind: a month (2026-10) for
// monthly reports, a year (2026) for the assessment.
func (k Kind) ValidPeriod(period string) bool {
	if k == Assessment {
		return yearRe.MatchString(period)
	}
	return monthRe.MatchString(period)
}

// PeriodLabel shows a period in Chinese: 2026年10月 or 2026年.
func PeriodLabel(period string) string {
	if m := monthRe.FindStringSubmatch(period); m != nil {
		n, _ := strconv.Atoi(m[2])
		return m[1] + "年" + strconv.Itoa(n) + "月"
	}
	if yearRe.MatchString(period) {
		return period + "年"
	}
	return period
}

// FileEntry names one file of the bundle with its size and hash.
type FileEntry struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest describes a bundle. It is signed as the exact JSON bytes stored in
// the zip, so readers never re-encode it before checking.
type Manifest struct {
	Format       int         `json:"format"`
	BundleID     string      `json:"bundle_id"`
	TownshipName string      `json:"township_name"`
	TownshipCode string      `json:"township_code"`
	Kind         Kind        `json:"kind"`
	Period       string      `json:"period"`
	Version      int         `json:"version"`
	Created      time.Time   `json:"created"`
	AppVersion   string      `json:"app_version"`
	Files        []FileEntry `json:"files"`
}

// Title is a short Chinese description, e.g. 城关镇 2026年10月 月度台账（第2版）.
func (m Manifest) Title() string {
	s := m.TownshipName + " " + PeriodLabel(m.Period) + " " + m.Kind.Label()
	if m.Version > 1 {
		s += fmt.Sprintf("（第%d版）", m.Version)
	}
	return s
}

// File is one report file to put into a bundle.
type File struct {
	Name string
	Data []byte
}

// Figure is one number of a report's 汇总, e.g. 接待群众 37 人次.
type Figure struct {
	Key   string  `json:"key"`
	Label string  `json:"label"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit,omitempty"`
}

// Figures is the machine-readable 汇总 of a report; the hub adds the figures
// of every township by Key.
type Figures struct {
	Kind    Kind     `json:"kind"`
	Period  string   `json:"period"`
	Figures []Figure `json:"figures"`
}

// Validate checks the manifest fields that do not depend on the zip.
func (m Manifest) Validate() error {
	switch {
	case m.Format != Format:
		return refuse(CodeManifest, "上报包格式版本 %d 不受支持", m.Format)
	case !bundleIDRe.MatchString(m.BundleID) || reservedName(m.BundleID):
		return refuse(CodeManifest, "上报包编号无效")
	case m.TownshipName == "":
		return refuse(CodeManifest, "清单缺少乡镇名称")
	case !codeRe.MatchString(m.TownshipCode):
		return refuse(CodeManifest, "乡镇行政区划代码“%s”无效", m.TownshipCode)
	case m.Kind.Label() == string(m.Kind):
		return refuse(CodeManifest, "报表类型“%s”无效", m.Kind)
	case !m.Kind.ValidPeriod(m.Period):
		return refuse(CodeManifest, "报表期间“%s”无效", m.Period)
	case m.Version < 1:
		return refuse(CodeManifest, "版本号应从1开始")
	case len(m.Files) == 0:
		return refuse(CodeManifest, "清单没有列出任何文件")
	case len(m.Files) > MaxFiles:
		return refuse(CodeOversized, "文件数 %d 超过上限 %d", len(m.Files), MaxFiles)
	}
	return nil
}

var codeRe = regexp.MustCompile(`^(\d{9}|\d{12})$`)

// bundleIDRe is what a bundle ID may be: it becomes a file name on the hub
// and a path in its URL, so letters, digits and hyphens only.
var bundleIDRe = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z-]{0,63}$`)

// reservedName reports Windows device names (CON, NUL, COM1, …), which
// cannot be files on a Windows hub.
func reservedName(s string) bool {
	u := strings.ToUpper(s)
	switch u {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	return len(u) == 4 && (strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT")) && u[3] >= '0' && u[3] <= '9'
}

// safeName accepts only flat, printable file names: no folders, no "..",
// no drive letters, no control characters, so nothing can escape the place
// a bundle is unpacked to.
func safeName(name string) bool {
	if name == "" || len(name) > 200 || name == "." || name == ".." {
		return false
	}
	if strings.ContainsAny(name, `/\:`) || strings.HasPrefix(name, ".") {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// Build writes a signed bundle to w. The figures are added as figures.json.
// Files are stored in the given order after the manifest and signature.
func Build(w io.Writer, m Manifest, files []File, figures Figures, key ed25519.PrivateKey) error {
	fig, err := json.MarshalIndent(figures, "", "  ")
	if err != nil {
		return fmt.Errorf("bundle: encode figures: %w", err)
	}
	all := append(append([]File(nil), files...), File{Name: FiguresName, Data: fig})
	m.Format = Format
	m.Files = nil
	seen := map[string]bool{ManifestName: true, SignatureName: true}
	for _, f := range all {
		if !safeName(f.Name) || seen[f.Name] {
			return fmt.Errorf("bundle: bad or duplicate file name %q", f.Name)
		}
		seen[f.Name] = true
		sum := sha256.Sum256(f.Data)
		m.Files = append(m.Files, FileEntry{Name: f.Name, Size: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:])})
	}
	if err := m.Validate(); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("bundle: encode manifest: %w", err)
	}
	sig := ed25519.Sign(key, mb)
	zw := zip.NewWriter(w)
	put := func(name string, data []byte) error {
		// Fixed times make a rebuilt bundle byte-identical.
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: m.Created.UTC()})
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	}
	if err := put(ManifestName, mb); err != nil {
		return fmt.Errorf("bundle: write manifest: %w", err)
	}
	if err := put(SignatureName, sig); err != nil {
		return fmt.Errorf("bundle: write signature: %w", err)
	}
	for _, f := range all {
		if err := put(f.Name, f.Data); err != nil {
			return fmt.Errorf("bundle: write %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("bundle: finish zip: %w", err)
	}
	return nil
}

// Bytes is Build into memory.
func BuildBytes(m Manifest, files []File, figures Figures, key ed25519.PrivateKey) ([]byte, error) {
	var buf bytes.Buffer
	if err := Build(&buf, m, files, figures, key); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Bundle is a verified bundle: its manifest and the unpacked files.
type Bundle struct {
	Manifest Manifest
	// ManifestBytes are the signed bytes exactly as found in the zip.
	ManifestBytes []byte
	Files         map[string][]byte
}

// Figures decodes figures.json.
func (b *Bundle) Figures() (Figures, error) {
	var f Figures
	if err := json.Unmarshal(b.Files[FiguresName], &f); err != nil {
		return f, refuse(CodeManifest, "汇总数据 figures.json 无法读取")
	}
	return f, nil
}

// FileNames lists the report files (without figures.json) in manifest order.
func (b *Bundle) FileNames() []string {
	var out []string
	for _, f := range b.Manifest.Files {
		if f.Name != FiguresName {
			out = append(out, f.Name)
		}
	}
	return out
}

// KeyFunc returns the enrolled public key of a township, or ok=false.
type KeyFunc func(townshipCode string) (key ed25519.PublicKey, ok bool)

// Verify checks a bundle completely: size, zip entry names, the signature
// with the township's enrolled key, and every file against the manifest. Any
// problem is a *RefusedError with a Chinese reason.
func Verify(data []byte, keys KeyFunc) (*Bundle, error) {
	if len(data) > MaxBundleSize {
		return nil, refuse(CodeOversized, "上报包大小 %s 超过上限 %s", HumanSize(int64(len(data))), HumanSize(MaxBundleSize))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, refuse(CodeNotZip, "文件不是有效的上报包（zip 无法打开）")
	}
	if len(zr.File) > MaxFiles+2 {
		return nil, refuse(CodeOversized, "上报包内文件数 %d 超过上限", len(zr.File))
	}
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		if !safeName(f.Name) {
			return nil, refuse(CodePath, "上报包内含不安全的路径“%s”（可能试图写到别处），已拒收", f.Name)
		}
		if _, dup := entries[f.Name]; dup {
			return nil, refuse(CodePath, "上报包内文件“%s”重复出现", f.Name)
		}
		if f.UncompressedSize64 > MaxFileSize {
			return nil, refuse(CodeOversized, "文件“%s”解压后超过上限 %s", f.Name, HumanSize(MaxFileSize))
		}
		entries[f.Name] = f
	}
	mf, ok := entries[ManifestName]
	if !ok {
		return nil, refuse(CodeManifest, "上报包缺少清单 manifest.json")
	}
	sf, ok := entries[SignatureName]
	if !ok {
		return nil, refuse(CodeUnsigned, "上报包没有签名，已拒收")
	}
	if mf.UncompressedSize64 > MaxManifestSize || sf.UncompressedSize64 > MaxSignatureSize {
		return nil, refuse(CodeOversized, "清单或签名超过上限，已拒收")
	}
	mb, err := readEntryMax(mf, MaxManifestSize)
	if err != nil {
		return nil, err
	}
	sig, err := readEntryMax(sf, MaxSignatureSize)
	if err != nil {
		return nil, err
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(mb))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, refuse(CodeManifest, "清单 manifest.json 无法读取")
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	key, ok := keys(m.TownshipCode)
	if !ok {
		return nil, refuse(CodeUnknownKey, "乡镇“%s”（代码 %s）未在县级平台登记，请先提交登记申请文件", m.TownshipName, m.TownshipCode)
	}
	if len(sig) != ed25519.SignatureSize || !ed25519.Verify(key, mb, sig) {
		return nil, refuse(CodeSignature, "签名校验失败：上报包不是由已登记的“%s”密钥签发，或清单被改动", m.TownshipName)
	}
	b := &Bundle{Manifest: m, ManifestBytes: mb, Files: map[string][]byte{}}
	listed := map[string]bool{ManifestName: true, SignatureName: true}
	for _, fe := range m.Files {
		if !safeName(fe.Name) || listed[fe.Name] {
			return nil, refuse(CodePath, "清单列出不安全或重复的文件名“%s”", fe.Name)
		}
		listed[fe.Name] = true
		zf, ok := entries[fe.Name]
		if !ok {
			return nil, refuse(CodeTampered, "清单列出的文件“%s”不在上报包中", fe.Name)
		}
		data, err := readEntry(zf)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		if int64(len(data)) != fe.Size || hex.EncodeToString(sum[:]) != fe.SHA256 {
			return nil, refuse(CodeTampered, "文件“%s”与清单中的校验值不符，上报包可能被改动", fe.Name)
		}
		b.Files[fe.Name] = data
	}
	for name := range entries {
		if !listed[name] {
			return nil, refuse(CodeTampered, "上报包内有清单未列出的文件“%s”", name)
		}
	}
	if _, ok := b.Files[FiguresName]; !ok {
		return nil, refuse(CodeManifest, "上报包缺少汇总数据 figures.json")
	}
	if _, err := b.Figures(); err != nil {
		return nil, err
	}
	return b, nil
}

// readEntry reads one zip entry, never more than MaxFileSize.
func readEntry(f *zip.File) ([]byte, error) { return readEntryMax(f, MaxFileSize) }

// readEntryMax reads one zip entry, never more than limit bytes whatever
// its header claims.
func readEntryMax(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, refuse(CodeNotZip, "无法读取上报包内文件“%s”", f.Name)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, refuse(CodeTampered, "上报包内文件“%s”已损坏", f.Name)
	}
	if int64(len(data)) > limit {
		return nil, refuse(CodeOversized, "文件“%s”解压后超过上限", f.Name)
	}
	return data, nil
}

// Codes of refusal; the hub sends them with the Chinese reason.
const (
	CodeOversized  = "oversized"
	CodeNotZip     = "not-zip"
	CodePath       = "unsafe-path"
	CodeManifest   = "bad-manifest"
	CodeUnsigned   = "unsigned"
	CodeUnknownKey = "unknown-key"
	CodeSignature  = "bad-signature"
	CodeTampered   = "tampered"
	CodeConflict   = "conflict"
	CodeVersion    = "version-taken"
)

// RefusedError says why a bundle was refused. Reason is Chinese and safe to
// show to the secretary; a refused bundle will not be accepted by retrying.
type RefusedError struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

func (e *RefusedError) Error() string { return "拒收：" + e.Reason }

func refuse(code, format string, args ...any) *RefusedError {
	return &RefusedError{Code: code, Reason: fmt.Sprintf(format, args...)}
}

// HumanSize shows a byte count as 5.0 MB.
func HumanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// SumFigures adds figures by key, keeping the first label and the order keys
// first appear in.
func SumFigures(all []Figures) []Figure {
	idx := map[string]int{}
	var out []Figure
	for _, fs := range all {
		for _, f := range fs.Figures {
			i, ok := idx[f.Key]
			if !ok {
				idx[f.Key] = len(out)
				out = append(out, Figure{Key: f.Key, Label: f.Label, Unit: f.Unit})
				i = len(out) - 1
			}
			out[i].Value += f.Value
		}
	}
	return out
}
