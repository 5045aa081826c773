package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"deputydesk/store"
)

// tenYears opens the ten-year benchmark township that the ledger
// benchmarks build (go test -bench . ./app/ledger/ first); without it the
// benchmarks are skipped.
func tenYears(b *testing.B) (*store.DB, *sql.DB) {
	b.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	path := filepath.Join(cache, "deputydesk-bench", "ten-years-v2.db")
	if _, err := os.Stat(path); err != nil {
		b.Skip("no ten-year database yet: run go test -run '^$' -bench LedgerBuild ./app/ledger/ first")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	bare, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { bare.Close() })
	if n, err := db.CountCases(ctx, store.CaseFilter{}); err != nil || n < 40000 {
		b.Fatalf("ten-year database has %d cases (%v)", n, err)
	}
	return db, bare
}

// bareCols are the columns the case list shows, read with plain SQL.
const bareCols = `SELECT c.id, c.no, c.reception_id, c.day, coalesce(c.station_id, ''), c.visitor_name, c.visitor_phone, c.visitor_village, c.visitor_id,
	c.category, c.content, c.disposition, c.deadline, c.suggestion_no, c.suggestion_dept, c.suggestion_class,
	c.status, c.closed_day, c.satisfaction, c.created_at, c.updated_at, coalesce(s.name, ''),
	coalesce((SELECT h.unit FROM case_handler h WHERE h.case_id = c.id AND h.role = '主办' AND h.declined_day = ''), '')
	FROM cases c LEFT JOIN station s ON s.id = c.station_id`

func bareRows(b *testing.B, db *sql.DB, q string, args ...any) int {
	rows, err := db.Query(q, args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	n := 0
	v := make([]string, 23)
	ptrs := make([]any, 23)
	for i := range v {
		ptrs[i] = &v[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		n++
	}
	return n
}

// BenchmarkCaseListFirstPage is the case screen opening: the newest 50.
func BenchmarkCaseListFirstPage(b *testing.B) {
	db, bare := tenYears(b)
	ctx := context.Background()
	b.Run("store", func(b *testing.B) {
		for b.Loop() {
			cs, err := db.Cases(ctx, store.CaseFilter{Limit: 50})
			if err != nil || len(cs) != 50 {
				b.Fatal(len(cs), err)
			}
		}
	})
	b.Run("bare-sql", func(b *testing.B) {
		for b.Loop() {
			if n := bareRows(b, bare, bareCols+` ORDER BY c.day DESC, c.rid DESC LIMIT 50`); n != 50 {
				b.Fatal(n)
			}
		}
	})
	b.Run("bare-sql-page-first", func(b *testing.B) {
		for b.Loop() {
			if n := bareRows(b, bare, bareCols+` WHERE c.rid IN (SELECT rid FROM cases c ORDER BY c.day DESC, c.rid DESC LIMIT 50)
				ORDER BY c.day DESC, c.rid DESC`); n != 50 {
				b.Fatal(n)
			}
		}
	})
}

// BenchmarkCaseSearch finds a two-character word and a longer phrase in
// content and results, first page, against the same FTS query in plain
// SQL, and a LIKE scan for scale.
func BenchmarkCaseSearch(b *testing.B) {
	db, bare := tenYears(b)
	ctx := context.Background()
	// 低保 and 道路硬化 match thousands of cases; 光伏 (solar panels)
	// matches none, so a scan has to read everything.
	for _, q := range []struct {
		word, match string
		want        int
	}{{"低保", `"低保"`, 50}, {"道路硬化", `"道路 路硬 硬化"`, 50}, {"光伏", `"光伏"`, 0}} {
		b.Run(q.word+"/store", func(b *testing.B) {
			for b.Loop() {
				cs, err := db.Cases(ctx, store.CaseFilter{Search: q.word, Limit: 50})
				if err != nil || len(cs) != q.want {
					b.Fatal(len(cs), err)
				}
			}
		})
		b.Run(q.word+"/bare-fts", func(b *testing.B) {
			for b.Loop() {
				if n := bareRows(b, bare, bareCols+` WHERE c.rid IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)
					ORDER BY c.day DESC, c.rid DESC LIMIT 50`, q.match); n != q.want {
					b.Fatal(n)
				}
			}
		})
		b.Run(q.word+"/bare-fts-page-first", func(b *testing.B) {
			for b.Loop() {
				if n := bareRows(b, bare, bareCols+` WHERE c.rid IN (SELECT rid FROM cases c WHERE c.rid IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)
					ORDER BY c.day DESC, c.rid DESC LIMIT 50) ORDER BY c.day DESC, c.rid DESC`, q.match); n != q.want {
					b.Fatal(n)
				}
			}
		})
		b.Run(q.word+"/bare-fts-dayscan", func(b *testing.B) {
			for b.Loop() {
				if n := bareRows(b, bare, bareCols+` WHERE c.rid IN (SELECT rid FROM cases c INDEXED BY cases_day WHERE c.rid IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)
					ORDER BY c.day DESC, c.rid DESC LIMIT 50) ORDER BY c.day DESC, c.rid DESC`, q.match); n != q.want {
					b.Fatal(n)
				}
			}
		})
		b.Run(q.word+"/like-scan", func(b *testing.B) {
			for b.Loop() {
				bareRows(b, bare, bareCols+` WHERE c.content LIKE ? OR EXISTS (SELECT 1 FROM case_step st WHERE st.case_id = c.id AND st.text LIKE ?)
					ORDER BY c.day DESC, c.rid DESC LIMIT 50`, "%"+q.word+"%", "%"+q.word+"%")
			}
		})
	}
	// Counting every match is what the list's total needs.
	b.Run("count-低保/store", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.CountCases(ctx, store.CaseFilter{Search: "低保"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
