// Package secret hides secret values (tokens, passwords, service URIs) in
// text before ccr prints, writes, encodes or posts it.
package secret

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strings"
)

// Mask replaces every occurrence of each non-empty secret in s with "***":
// the secret as it is, and as encoding/json writes it inside a string (with
// and without HTML escaping), so that a secret holding a quote, a
// backslash, <, > or & is hidden in JSON output too. Longer forms are
// replaced first, so a secret that contains another is hidden whole rather
// than leaving its tail visible.
//
// Callers mask text before they encode it; the encoded forms are the last
// line of defence for text that reaches an encoder unmasked.
func Mask(s string, secrets []string) string {
	var vals []string
	for _, v := range secrets {
		if v != "" {
			vals = append(vals, forms(v)...)
		}
	}
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

// forms are the ways v can appear in ccr's output: as it is and inside a
// JSON string. JSON escapes each character on its own, so the escaped form
// of v is a substring of the escaped form of any text that contains v.
func forms(v string) []string {
	out := []string{v}
	for _, html := range []bool{true, false} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(html)
		if enc.Encode(v) != nil {
			continue
		}
		if e := strings.TrimSuffix(strings.TrimSpace(b.String()), `"`); len(e) > 1 {
			out = append(out, e[1:])
		}
	}
	return out
}
