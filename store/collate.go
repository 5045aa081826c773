package store

import (
	"sort"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

var (
	zhOnce     sync.Once
	zhCollator *collate.Collator
	zhMu       sync.Mutex // a Collator is not safe for concurrent use
)

// CompareChinese orders two strings the way a Chinese register is sorted:
// by pinyin.
func CompareChinese(a, b string) int {
	zhOnce.Do(func() { zhCollator = collate.New(language.SimplifiedChinese) })
	zhMu.Lock()
	defer zhMu.Unlock()
	return zhCollator.CompareString(a, b)
}

// SortChinese sorts items stably by pinyin of key.
func SortChinese[T any](items []T, key func(T) string) {
	sort.SliceStable(items, func(i, j int) bool { return CompareChinese(key(items[i]), key(items[j])) < 0 })
}
