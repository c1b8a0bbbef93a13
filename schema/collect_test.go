package schema

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCollector checks the collector against the plain way (keep all, sort,
// drop repeats, cut): the same diagnostics shown and the same count of the
// rest, whatever the order and however many repeats, and with diagnostics
// that cannot repeat counted unbuilt when past what is shown, while it
// never holds more than twice MaxDiagnostics.
func TestCollector(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 3))
	for _, n := range []int{0, 10, MaxDiagnostics, MaxDiagnostics + 1, 5000, 20_000} {
		var all Diagnostics
		var c collector
		for i := range n {
			d := Diagnostic{File: "f", Pos: Pos{1 + rng.IntN(400), 1 + rng.IntN(20)}, Message: fmt.Sprintf("m%d", rng.IntN(3))}
			if rng.IntN(2) == 0 {
				// One that cannot repeat: it may be skipped.
				d.Message = fmt.Sprintf("unique %d", i)
				all = append(all, d)
				if c.past(d.Pos) {
					c.skip(d.File, d.Pos, 1)
				} else {
					c.add(d)
				}
				continue
			}
			all = append(all, d)
			c.add(d)
			if len(c.kept) > 2*MaxDiagnostics {
				t.Fatalf("n=%d: holding %d diagnostics", n, len(c.kept))
			}
		}
		got, want := c.sorted(), plainCut(all)
		if !slices.Equal(got, want) {
			t.Errorf("n=%d: got %d diagnostics ending %v; want %d ending %v", n, len(got), last(got), len(want), last(want))
		}
	}
}

func plainCut(ds Diagnostics) Diagnostics {
	slices.SortFunc(ds, compareDiagnostics)
	ds = slices.Compact(ds)
	if len(ds) > MaxDiagnostics {
		more := ds[MaxDiagnostics]
		more.Path, more.Message = "", fmt.Sprintf("%d more problems not shown", len(ds)-MaxDiagnostics)
		ds = append(ds[:MaxDiagnostics], more)
	}
	return ds
}

func last(ds Diagnostics) any {
	if len(ds) == 0 {
		return nil
	}
	return ds[len(ds)-1]
}
