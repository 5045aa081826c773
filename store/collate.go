package store

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

var (
	zhOnce     sync.Once
	zhCollator *collate.Collator
	zhMu       sync.Mutex // a Collator is not safe for concurrent use
)

// CompareChinese orders two strings the way a Chinese list is sorted: by
// pinyin, with numbers — 第二 or 12 — in numeric order, so 第一代表小组
// comes before 第二代表小组 and 第10选区 after 第9选区.
func CompareChinese(a, b string) int {
	zhOnce.Do(func() { zhCollator = collate.New(language.SimplifiedChinese) })
	ka, kb := numericKey(a), numericKey(b)
	zhMu.Lock()
	defer zhMu.Unlock()
	return zhCollator.CompareString(ka, kb)
}

// SortChinese sorts items stably with CompareChinese on key.
func SortChinese[T any](items []T, key func(T) string) {
	sort.SliceStable(items, func(i, j int) bool { return CompareChinese(key(items[i]), key(items[j])) < 0 })
}

// SortNames sorts people stably by name, reading each surname as a surname:
// the collator reads 沈 as chén and 曾 as céng, which a register never does.
func SortNames[T any](items []T, name func(T) string) {
	SortChinese(items, func(t T) string { return surnameKey(name(t)) })
}

// surnameReadings maps surnames that the collator reads another way to a
// character with the surname's reading.
var surnameReadings = map[rune]rune{
	'沈': '审', '曾': '增', '单': '善', '解': '谢', '仇': '求', '朴': '瓢', '查': '渣', '区': '欧',
	'乐': '月', '尉': '玉', '盖': '葛', '缪': '妙', '翟': '宅', '尹': '引', '覃': '秦', '种': '虫',
}

func surnameKey(name string) string {
	r := []rune(name)
	if len(r) > 0 {
		if alt, ok := surnameReadings[r[0]]; ok {
			r[0] = alt
		}
	}
	return string(r)
}

var zhDigits = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// numericKey rewrites every run of Arabic digits or Chinese numerals (up to
// 九十九) as a zero-padded Arabic number.
func numericKey(s string) string {
	var b strings.Builder
	r := []rune(s)
	for i := 0; i < len(r); {
		j := i
		for j < len(r) && (unicode.IsDigit(r[j]) && r[j] < 128) {
			j++
		}
		if j > i {
			n, _ := strconv.Atoi(string(r[i:j]))
			b.WriteString(pad(n))
			i = j
			continue
		}
		for j < len(r) && (zhDigits[r[j]] > 0 || r[j] == '十' || r[j] == '零' || r[j] == '〇') {
			j++
		}
		if j > i {
			if n, ok := chineseNumber(r[i:j]); ok {
				b.WriteString(pad(n))
				i = j
				continue
			}
		}
		b.WriteRune(r[i])
		i++
	}
	return b.String()
}

func pad(n int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", max(0, 6-len(s))) + s
}

// chineseNumber reads 一 … 九十九.
func chineseNumber(r []rune) (int, bool) {
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10, true
	case len(r) == 1:
		n, ok := zhDigits[r[0]]
		return n, ok
	case len(r) == 2 && r[0] == '十':
		return 10 + zhDigits[r[1]], true
	case len(r) == 2 && r[1] == '十':
		return zhDigits[r[0]] * 10, true
	case len(r) == 3 && r[1] == '十':
		return zhDigits[r[0]]*10 + zhDigits[r[2]], true
	}
	return 0, false
}
