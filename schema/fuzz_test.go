package schema

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	yaml "gopkg.in/yaml.v3"
)

// FuzzLoad checks Load's promises on any input: no panic, every diagnostic
// positioned and worded, sorted, and a Spec exactly when there are none;
// and the bound MaxTokens relies on: a document has at most 2 × tokens + 2
// nodes.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("../examples/*.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, c := range slices.Concat(ruleCases, hostileCases) {
		// The deep-nesting inputs are tens of kilobytes: as seeds they
		// only slow the mutator down.
		if len(c.src) <= 4096 {
			f.Add([]byte(c.src))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) == nil {
			tokens, _ := countTokens(data, math.MaxInt-1)
			if n := countNodes(&doc); n > 2*tokens+2 {
				t.Errorf("%d nodes from %d tokens", n, tokens)
			}
		}
		spec, ds := Load("f.yaml", data)
		if (spec == nil) == (len(ds) == 0) {
			t.Fatalf("spec = %v with %d diagnostics", spec, len(ds))
		}
		for i, d := range ds {
			if d.Pos.Line <= 0 || d.Pos.Col <= 0 || d.Message == "" || d.File != "f.yaml" {
				t.Errorf("diagnostic %d not positioned or empty: %#v", i, d)
			}
			if i > 0 && (d.Pos.Line < ds[i-1].Pos.Line || d.Pos.Line == ds[i-1].Pos.Line && d.Pos.Col < ds[i-1].Pos.Col) {
				t.Errorf("diagnostics out of order: %v before %v", ds[i-1], d)
			}
		}
	})
}

// countNodes counts the nodes of the tree at n; an alias is one node.
func countNodes(n *yaml.Node) int {
	c := 1
	for _, child := range n.Content {
		c += countNodes(child)
	}
	return c
}
