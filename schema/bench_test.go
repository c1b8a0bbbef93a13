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
