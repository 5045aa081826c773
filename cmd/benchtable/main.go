// Command benchtable runs every benchmark of the project, one package at a
// time so they do not compete for the cores, over the shared
// ten-year township (building it first if needed) and prints one table of
// figures. `make bench` runs it.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"deputydesk/app/demo"
)

func main() {
	benchtime := flag.String("benchtime", "5x", "passed to go test -benchtime")
	pattern := flag.String("bench", ".", "passed to go test -bench")
	flag.Parse()
	ctx := context.Background()
	start := time.Now()
	path, err := demo.EnsureTenYears(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ten-year township:", err)
		os.Exit(1)
	}
	fmt.Printf("ten-year township: %s (ready in %v)\n", path, time.Since(start).Round(time.Millisecond))

	pkgs := flag.Args()
	if len(pkgs) == 0 {
		pkgs = []string{"./..."}
	}
	args := append([]string{"test", "-p", "1", "-run", "^$", "-bench", *pattern, "-benchtime", *benchtime, "-timeout", "60m"}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rows := parse(io.TeeReader(out, os.Stdout))
	failed := cmd.Wait() != nil

	fmt.Println()
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "package\tbenchmark\tms/op\tother")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%.2f\t%s\n", r.pkg, r.name, r.nsPerOp/1e6, strings.Join(r.extra, ", "))
	}
	w.Flush()
	if failed {
		os.Exit(1)
	}
}

type row struct {
	pkg, name string
	nsPerOp   float64
	extra     []string
}

// parse reads go test -bench output: "pkg: X" lines name the package,
// "BenchmarkY-2  N  123 ns/op  4.5 unit" lines are results.
func parse(r io.Reader) []row {
	var rows []row
	pkg := ""
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimPrefix(p, "deputydesk/")
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || f[3] != "ns/op" {
			continue
		}
		ns, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i]
		}
		rw := row{pkg: pkg, name: name, nsPerOp: ns}
		for i := 4; i+1 < len(f); i += 2 {
			rw.extra = append(rw.extra, f[i]+" "+f[i+1])
		}
		rows = append(rows, rw)
	}
	return rows
}
