// Package notice is the signed file in which the county hub speaks down to
// the townships: a store.CountyNotice (holiday calendar, 评分细则 template,
// 上报 deadline) signed with the hub's Ed25519 key. The same bytes travel
// over the network and on a USB stick.
//
// The file is three short lines and then the content:
//
//	deputyhub-notice-v1
//	<public key, base64>
//	<signature, base64>
//	<content: JSON of store.CountyNotice>
//
// so the signature is checked over the content before the content, the only
// large part, is parsed at all.
package notice

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"deputydesk/store"
	"deputydesk/sync/bundle"
)

// Magic is the first line of a notice file.
const Magic = "deputyhub-notice-v1"

// MaxSize bounds a notice file: a year of holidays and a 细则 are a few KB.
const MaxSize = 1 << 20

// FileExt is the extension of a notice file on a USB stick.
const FileExt = ".notice"

// RefusedError is a notice the township will not take, with a Chinese reason.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string { return e.Reason }

func refused(format string, a ...any) error { return &RefusedError{Reason: fmt.Sprintf(format, a...)} }

func signingMessage(content []byte) []byte {
	return append([]byte(Magic+"\n"), content...)
}

// Sign validates n and makes the signed file.
func Sign(n store.CountyNotice, priv ed25519.PrivateKey) ([]byte, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	content, err := json.Marshal(n)
	if err != nil {
		return nil, fmt.Errorf("notice: encode: %w", err)
	}
	pub := priv.Public().(ed25519.PublicKey)
	var b bytes.Buffer
	b.WriteString(Magic + "\n")
	b.WriteString(base64.StdEncoding.EncodeToString(pub) + "\n")
	b.WriteString(base64.StdEncoding.EncodeToString(ed25519.Sign(priv, signingMessage(content))) + "\n")
	b.Write(content)
	if b.Len() > MaxSize {
		return nil, fmt.Errorf("通知文件 %d 字节，超过上限 %d 字节", b.Len(), MaxSize)
	}
	return b.Bytes(), nil
}

// ErrNoCountyKey means the township has not yet recorded its county's key,
// so it cannot tell a real notice from a forged one.
var ErrNoCountyKey = &RefusedError{Reason: "本机还没有记录县级平台的签名公钥，无法核实通知来源；请先导入县人大给的登记回执文件，或联网上报一次"}

// Verify checks a notice file against the county key the township pinned
// and returns its content. Nothing large is parsed before the signature
// holds; every refusal says why in Chinese.
func Verify(data []byte, county ed25519.PublicKey) (store.CountyNotice, error) {
	var n store.CountyNotice
	if len(county) != ed25519.PublicKeySize {
		return n, ErrNoCountyKey
	}
	if len(data) > MaxSize {
		return n, refused("通知文件过大（%d 字节，上限 %d 字节），已拒绝", len(data), MaxSize)
	}
	lines := bytes.SplitN(data, []byte("\n"), 4)
	if len(lines) != 4 || string(lines[0]) != Magic || len(lines[1]) > 64 || len(lines[2]) > 128 {
		return n, refused("不是县级平台的通知文件，或文件已损坏")
	}
	pub, err1 := base64.StdEncoding.DecodeString(string(lines[1]))
	sig, err2 := base64.StdEncoding.DecodeString(string(lines[2]))
	if err1 != nil || err2 != nil || len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return n, refused("通知文件的签名部分已损坏，已拒绝")
	}
	if !bytes.Equal(pub, county) {
		return n, refused("通知不是由本县县级平台签发（签名密钥指纹 %s，本机记录的是 %s），已拒绝", store.KeyFingerprint(pub), store.KeyFingerprint(county))
	}
	content := lines[3]
	if !ed25519.Verify(county, signingMessage(content), sig) {
		return n, refused("通知内容与县级平台的签名不符（文件被改动过或传输损坏），已拒绝")
	}
	dec := json.NewDecoder(bytes.NewReader(content))
	if err := dec.Decode(&n); err != nil {
		return n, refused("通知内容无法读取：%v", err)
	}
	if n.Serial <= 0 {
		return n, refused("通知编号无效，已拒绝")
	}
	if err := n.Validate(); err != nil {
		return n, refused("通知内容不完整：%s", store.UserMessage(err))
	}
	return n, nil
}

// ReadFile reads a notice file from a USB stick and verifies it, refusing
// an oversized file before reading it.
func ReadFile(path string, county ed25519.PublicKey) (store.CountyNotice, []byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return store.CountyNotice{}, nil, fmt.Errorf("无法读取通知文件：%w", err)
	}
	if fi.Size() > MaxSize {
		return store.CountyNotice{}, nil, refused("通知文件过大（%d 字节，上限 %d 字节），已拒绝", fi.Size(), MaxSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return store.CountyNotice{}, nil, fmt.Errorf("无法读取通知文件：%w", err)
	}
	n, err := Verify(data, county)
	return n, data, err
}

// Message is the Chinese text of a notice error for the secretary.
func Message(err error) string {
	var re *RefusedError
	var be *bundle.RefusedError
	var ve *store.ValidationError
	switch {
	case errors.As(err, &re):
		return re.Reason
	case errors.As(err, &be):
		return be.Reason
	case errors.As(err, &ve):
		return store.UserMessage(err)
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrReadOnly), errors.Is(err, store.ErrLocked), store.DiskFull(err):
		return store.UserMessage(err)
	}
	// The package's own errors (file unreadable, bad row) are Chinese.
	return err.Error()
}

// CertFingerprint is the SHA-256 of a certificate (DER), hex, as the
// township pins it.
func CertFingerprint(der []byte) string {
	s := sha256.Sum256(der)
	return hex.EncodeToString(s[:])
}

// ParseHolidays reads the calendar a county clerk types or saves from a
// spreadsheet: one day per line, date, 休 or 班, and the name, separated by
// spaces, tabs or commas; a range 2027-10-01~2027-10-07 stands for each
// day. Blank lines and lines starting with # are skipped. Errors name the
// line.
func ParseHolidays(year int, source, text string) (*store.NoticeHolidays, error) {
	h := &store.NoticeHolidays{Year: year, Source: source}
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' || r == '，' || r == '\u3000' })
		if len(f) < 3 {
			return nil, fmt.Errorf("第%d行“%s”应为：日期 休/班 名称，如 2027-01-01 休 元旦", i+1, line)
		}
		var kind string
		switch f[1] {
		case "休", "放假":
			kind = store.HolidayOff
		case "班", "上班", "调休上班":
			kind = store.HolidayWork
		default:
			return nil, fmt.Errorf("第%d行的类型“%s”应为 休 或 班", i+1, f[1])
		}
		name := strings.Join(f[2:], " ")
		from, to, isRange := strings.Cut(f[0], "~")
		if !isRange {
			to = from
		}
		a, ok1 := store.ParseDate(from)
		b, ok2 := store.ParseDate(to)
		if !ok1 || !ok2 || b < a {
			return nil, fmt.Errorf("第%d行的日期“%s”无效，应为 2027-01-01 或 2027-10-01~2027-10-07", i+1, f[0])
		}
		days, err := dayRange(a, b)
		if err != nil || len(days) > 31 {
			return nil, fmt.Errorf("第%d行的日期范围“%s”无效（最多31天）", i+1, f[0])
		}
		for _, d := range days {
			h.Days = append(h.Days, store.Holiday{Date: d, Name: name, Kind: kind})
		}
	}
	if len(h.Days) == 0 {
		return nil, errors.New("节假日安排中没有任何日期")
	}
	return h, nil
}

// FormatHolidays writes a calendar back in the form ParseHolidays reads.
func FormatHolidays(h *store.NoticeHolidays) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %d年节假日安排：日期 休/班 名称\n", h.Year)
	for _, d := range h.Days {
		k := "休"
		if d.Kind == store.HolidayWork {
			k = "班"
		}
		fmt.Fprintf(&b, "%s %s %s\n", d.Date, k, d.Name)
	}
	return b.String()
}

func dayRange(from, to string) ([]string, error) {
	a, err := time.Parse("2006-01-02", from)
	if err != nil {
		return nil, err
	}
	b, err := time.Parse("2006-01-02", to)
	if err != nil {
		return nil, err
	}
	var out []string
	for d := a; !d.After(b) && len(out) <= 31; d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format("2006-01-02"))
	}
	return out, nil
}

// ReadRules reads a 评分细则 template (the JSON `deputyhub notice rules-template`
// writes) and validates it.
func ReadRules(r io.Reader) (store.ScoringRules, error) {
	var rules store.ScoringRules
	dec := json.NewDecoder(io.LimitReader(r, MaxSize))
	if err := dec.Decode(&rules); err != nil {
		return rules, fmt.Errorf("评分细则文件无法读取（应为导出的模板格式）：%v", err)
	}
	if err := rules.Validate(); err != nil {
		return rules, fmt.Errorf("评分细则有误：%s", store.UserMessage(err))
	}
	return rules, nil
}
