package register

import (
	"testing"
	"time"
)

// reportCPU adds the CPU milliseconds per operation to the results; on a
// shared machine they compare runs better than the wall clock.
func reportCPU(b *testing.B, start time.Duration) {
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkImport2000 parses a 2,000-row register and imports it into an
// empty database in one transaction (new deputies, four new groups).
func BenchmarkImport2000(b *testing.B) {
	path := cleanBook(b, 2000, nil)
	b.ResetTimer()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		db := openDB(b)
		b.StartTimer()
		start := cpuTime()
		imp, err := ParseFile(path)
		if err != nil {
			b.Fatal(err)
		}
		plan, err := db.ImportDeputies(b.Context(), imp)
		if err != nil || plan.New != 2000 {
			b.Fatalf("import: %v", err)
		}
		cpu += cpuTime() - start
	}
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkReimport2000 imports the same 2,000 rows again: every row matched
// and found unchanged.
func BenchmarkReimport2000(b *testing.B) {
	path := cleanBook(b, 2000, nil)
	db := openDB(b)
	imp, err := ParseFile(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.ImportDeputies(b.Context(), imp); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		imp, err := ParseFile(path)
		if err != nil {
			b.Fatal(err)
		}
		plan, err := db.ImportDeputies(b.Context(), imp)
		if err != nil || plan.Unchanged != 2000 {
			b.Fatalf("reimport: %v %+v", err, plan)
		}
	}
	reportCPU(b, start)
}
