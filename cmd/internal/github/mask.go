package github

import (
	"cmp"
	"slices"
	"strings"
)

// Mask replaces every occurrence of each non-empty secret in s with "***".
// Longer secrets are replaced first, so a secret that contains another is
// hidden whole rather than leaving its tail visible.
func Mask(s string, secrets []string) string {
	vals := slices.DeleteFunc(slices.Clone(secrets), func(v string) bool { return v == "" })
	if len(vals) == 0 {
		return s
	}
	// Sorting by length, then text, also puts duplicates next to each other.
	slices.SortFunc(vals, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	pairs := make([]string, 0, 2*len(vals))
	for _, v := range slices.Compact(vals) {
		pairs = append(pairs, v, "***")
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// secrets is what every posted body is masked with: the configured secrets
// plus the token used to post it.
func (c Config) secrets() []string {
	return append(slices.Clone(c.Secrets), c.Token)
}
