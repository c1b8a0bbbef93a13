package schema

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"

	yaml "gopkg.in/yaml.v3"
)

// hostileElements is the file of issue 17: a list of small mappings, each
// with three problems, n times.
func hostileElements(n int) []byte {
	return []byte("version: 1\nprojects: [" + strings.Repeat("{n: 1},", n) + "]\n")
}

// TestLoadMemoryBounded checks that memory follows the size of the input,
// not its number of problems: 30,000 small bad elements (90,000 problems)
// are checked holding little more than their YAML tree. Validated whole,
// their error tree and diagnostics held four times as much, and the 8 MiB
// file of issue 17 six gigabytes.
func TestLoadMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 90,000 problems")
	}
	data := hostileElements(30_000)
	tree := peakLive(func() {
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		runtime.GC() // the tree is live to here
		runtime.KeepAlive(&doc)
	})
	var ds Diagnostics
	load := peakLive(func() { _, ds = Load("ccr.yaml", data) })
	if len(ds) != MaxDiagnostics+1 || ds[MaxDiagnostics].Message != "89000 more problems not shown" {
		t.Fatalf("got %d diagnostics, last %v", len(ds), ds[len(ds)-1])
	}
	t.Logf("peak live heap: %d MB parsing, %d MB loading", tree>>20, load>>20)
	if load > tree*5/2 {
		t.Errorf("loading held %d MB at its peak, over 2.5 times the %d MB of the YAML tree", load>>20, tree>>20)
	}
}

// peakLive runs fn and returns the largest heap found live by a garbage
// collection during it. The collector runs at every 10 % of growth, so the
// peak is missed by little, and reports through a finalizer that re-arms
// itself each cycle: no sampling, no clock.
func peakLive(fn func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var (
		mu     sync.Mutex
		peak   uint64
		done   bool
		sample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	)
	type sentinel struct {
		_ *int
		_ [16]byte
	}
	var arm func()
	arm = func() {
		runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
			mu.Lock()
			defer mu.Unlock()
			if done {
				return
			}
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			arm()
		})
	}
	arm()
	fn()
	mu.Lock()
	defer mu.Unlock()
	done = true
	return peak
}
