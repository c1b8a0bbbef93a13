package schema

import (
	"strings"
	"testing"

	yaml "gopkg.in/yaml.v3"
)

// TestLoadTokenLimit checks that the 8 MiB file of small bad elements is
// refused before it is parsed, at the first token past the limit.
func TestLoadTokenLimit(t *testing.T) {
	data := hostileElements((MaxFileSize - 40) / 7)
	_, ds := Load("big.yaml", data)
	// "version:", "1", "projects:", "[" and five tokens per element: the
	// 500,001st is the "n:" of element 100,000.
	want := "big.yaml:2:700006: file holds more than 500000 YAML tokens (words, brackets and commas), " +
		"the limit for ccr files; 10,000 pairs hold about 300,000"
	if len(ds) != 1 || ds[0].String() != want {
		t.Fatalf("got %d diagnostics, first %q; want [%q]", len(ds), ds[0], want)
	}
}

// TestTokenLimitValid checks that the benchmark's 10,000 pairs, every
// optional field set, are well within the limit (BenchmarkLoad loads them).
func TestTokenLimitValid(t *testing.T) {
	if n, _ := countTokens(generate(10_000), MaxTokens); n > MaxTokens*7/10 {
		t.Errorf("10,000 pairs hold %d tokens; want well under %d", n, MaxTokens)
	}
}

func TestCountTokens(t *testing.T) {
	for _, c := range []struct {
		src  string
		want int
		last Pos
	}{
		{"", 0, Pos{}},
		{"version: 1\n", 2, Pos{1, 10}},
		{"[a,b]", 5, Pos{1, 5}},
		{"{n: 1},{n: 1}", 9, Pos{1, 13}},
		{"- name: a b c # comment\n", 7, Pos{1, 17}},
		{"\uFEFFa: b", 2, Pos{1, 4}},
		// yaml.v3 breaks lines at NEL, LS and PS as well: each ends a
		// word, though the line count (as editors show it) goes on.
		{"- a\u2028- b\u0085- c\u2029- d\r- e", 10, Pos{1, 19}},
		{"'a b': \"c,d\"", 5, Pos{1, 11}},
	} {
		n, last := countTokens([]byte(c.src), MaxTokens)
		if n != c.want || last != c.last {
			t.Errorf("countTokens(%q) = %d, %v; want %d, %v", c.src, n, last, c.want, c.last)
		}
	}
}

// TestTokensBoundNodes checks the bound MaxTokens relies on for the shapes
// that make the most nodes of the fewest tokens; FuzzLoad checks it on
// everything else.
func TestTokensBoundNodes(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("?\n", 100),
		strings.Repeat("- ?\n", 100),
		"? ? ? ? ? ? ? ?\n",
		"[" + strings.Repeat("? a,", 100) + "]",
		"{" + strings.Repeat("a,", 100) + "}",
		"[" + strings.Repeat("a: ,", 100) + "]",
		strings.Repeat("- ", 100),
		strings.Repeat("- a\u2028", 100),
		strings.Repeat("- !!map\n", 100),
		"- &a x\n" + strings.Repeat("- *a\n", 100),
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Errorf("%.20q: %v", src, err)
			continue
		}
		tokens, _ := countTokens([]byte(src), MaxTokens)
		if n := countNodes(&doc); n > 2*tokens+2 {
			t.Errorf("%.20q: %d nodes from %d tokens", src, n, tokens)
		}
	}
}
