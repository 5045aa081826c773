package store

import (
	"deputydesk/store/calendar"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Normalize trims a typed value and folds full-width digits, Latin letters,
// spaces and the date/phone separators ．－／ (common with Chinese input
// methods) to ASCII. Chinese punctuation such as （）、， is kept.
func Normalize(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000' || r == '\u00a0':
			return ' '
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r == '．', r == '－', r == '／', r == '：':
			return r - 0xFEE0
		}
		return r
	}, s))
}

var (
	mobileRe   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landlineRe = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}(-\d{1,6})?$`)
	shortRe    = regexp.MustCompile(`^\d{7,8}$`)
)

// ValidPhone accepts an 11-digit mobile, a landline with area code
// (0351-1234567), or a local 7/8-digit number.
func ValidPhone(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	return mobileRe.MatchString(s) || landlineRe.MatchString(s) || shortRe.MatchString(s)
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheck = "10X98765432"

// ValidIDNumber checks an 18-digit 居民身份证号: digits, a real birth date and
// the GB 11643 check character.
func ValidIDNumber(s string) bool {
	s = strings.ToUpper(s)
	if len(s) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		sum += int(s[i]-'0') * idWeights[i]
	}
	if _, err := time.Parse("20060102", s[6:14]); err != nil {
		return false
	}
	return s[17] == idCheck[sum%11]
}

// ParseDate reads a calendar date typed the ways secretaries type them:
// 2026-11-22, 2026/11/22, 2026.11.22, 2026年11月22日. It returns the
// canonical YYYY-MM-DD form.
func ParseDate(s string) (string, bool) {
	p, ok := parseDateParts(Normalize(s))
	if !ok || p[2] == 0 {
		return "", false
	}
	return formatParts(p), true
}

// ParseMonthOrDate is ParseDate that also accepts a month alone (1975.03,
// 1975年3月), returning YYYY-MM; birth dates in county registers often lack the day.
func ParseMonthOrDate(s string) (string, bool) {
	p, ok := parseDateParts(Normalize(s))
	if !ok {
		return "", false
	}
	return formatParts(p), true
}

var dateRe = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(?:(\d{1,2})\s*日?)?)?$`)

func parseDateParts(s string) ([3]int, bool) {
	var p [3]int
	if len(s) == 8 && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	m := dateRe.FindStringSubmatch(s)
	if m == nil {
		return p, false
	}
	p[0] = atoi(m[1])
	p[1] = atoi(m[2])
	if m[3] != "" {
		p[2] = atoi(m[3])
	}
	if p[1] < 1 || p[1] > 12 || p[0] < 1900 || p[0] > 2200 {
		return p, false
	}
	if p[2] != 0 {
		d := time.Date(p[0], time.Month(p[1]), p[2], 0, 0, 0, 0, time.UTC)
		if d.Day() != p[2] {
			return p, false
		}
	}
	return p, true
}

func formatParts(p [3]int) string {
	if p[2] == 0 {
		return calendar.NewMonth(p[0], time.Month(p[1])).String()
	}
	return time.Date(p[0], time.Month(p[1]), p[2], 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// FormatDate shows a stored YYYY-MM-DD or YYYY-MM date the Chinese way:
// 2026年11月22日 or 1975年3月. Anything else is returned unchanged.
func FormatDate(s string) string {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("2006年1月2日")
	}
	if m, err := calendar.ParseMonth(s); err == nil && len(s) == len("2006-01") {
		return m.Chinese()
	}
	return s
}

func validChoice(v string, choices []string) bool {
	for _, c := range choices {
		if c == v {
			return true
		}
	}
	return false
}
