package schema

import (
	"fmt"
	"strings"
	"testing"
)

// generate returns a valid file of n pairs spread over projects of 100
// pairs each, every pair with the optional fields set.
func generate(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nprojects:\n")
	for i := range n {
		if i%100 == 0 {
			fmt.Fprintf(&b, "  - project: project-%d\n    pairs:\n", i/100)
		}
		fmt.Fprintf(&b, `      - services:
          - name: svc-%[1]d-eu
            cloud: google-europe-west1
          - name: svc-%[1]d-us
            cloud: aws-us-east-1
            datacenter: dc-%[1]d-us
        plan: business-8
        disk_space_mb: 700000
        termination_protection: true
        tags: {team: team-%[1]d}
        keyspaces: {orders: 3}
`, i)
	}
	return []byte(b.String())
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		data := generate(n)
		b.Run(fmt.Sprintf("pairs=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, ds := Load("bench.yaml", data); ds != nil {
					b.Fatal(ds[0])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pair")
		})
	}
}

// BenchmarkLoadHostile loads files made to cost the most per byte: the
// 8 MiB file of issue 17 (small bad elements, "{n: 1},", repeated), refused
// at MaxTokens before it is parsed; the largest such file the limit lets
// through (99,999 elements, 300,000 problems); and the shape with the most
// nodes and problems per token ("- ?" repeated: 750,000 problems). Besides
// time and allocation it reports the peak live heap of one more run, with
// the collector running at every 10 % of growth (peakLive).
func BenchmarkLoadHostile(b *testing.B) {
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"8MiB", hostileElements((MaxFileSize - 40) / 7)},
		{"elements=99999", hostileElements(99_999)},
		{"explicit-keys=249998", []byte("version: 1\nprojects:\n" + strings.Repeat("- ?\n", 249_998))},
	} {
		b.Run(c.name, func(b *testing.B) {
			peak := peakLive(func() { Load("bench.yaml", c.data) })
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, ds := Load("bench.yaml", c.data); len(ds) == 0 {
					b.Fatal("no diagnostics")
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-live-MB")
		})
	}
}
