package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/ccr-dev/ccr/plan"
)

// hostileLive is the drift scenario with every string the API controls
// replaced by one that carries control character c and forged workflow
// commands: the API is not trusted more than the file.
func hostileLive(c rune) plan.Live {
	forged := "x" + string(c) + "::error::pwned" + string(c) + "##[stop-commands]tok"
	eu := svc("orders-eu", euCloud, "business-8", 600000, "")
	eu.State, eu.Datacenter, eu.Cloud = forged, forged, forged
	us := svc("orders-us", usCloud, forged, 600000, "orders-eu")
	us.ProjectVPCID = forged
	return project("acme-prod", catalog(), eu, us, other(forged, forged))
}

// TestTextViewKeepsEveryLineItsOwn renders plans holding API values with
// every control character: each line of the text view is one the view
// wrote, so none starts with "::" and none carries a raw control character.
func TestTextViewKeepsEveryLineItsOwn(t *testing.T) {
	for _, c := range append(runeRange(0, 0x1f), 0x7f, 0x85, 0x2028) {
		p := plan.Compute(loadSpec(t, "drift"), hostileLive(c))
		for _, color := range []bool{false, true} {
			var b bytes.Buffer
			if err := Text(&b, p, TextOptions{Color: color}); err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(b.String(), "\n") {
				if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") {
					t.Errorf("%U: text line starts with \"::\": %q", c, line)
				}
				if strings.ContainsFunc(withoutColor(line), unicode.IsControl) {
					t.Errorf("%U: text line carries a control character: %q", c, line)
				}
			}
		}
		for _, line := range strings.Split(Markdown(p, MarkdownOptions{}), "\n") {
			if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") {
				t.Errorf("%U: markdown line starts with \"::\": %q", c, line)
			}
			if strings.ContainsFunc(line, func(r rune) bool { return r != '\t' && unicode.IsControl(r) }) {
				t.Errorf("%U: markdown line carries a control character: %q", c, line)
			}
		}
	}
}

// withoutColor drops the view's own SGR sequences, the only escapes it may
// write.
func withoutColor(s string) string {
	for _, code := range []string{ansiReset, ansiBold, ansiDim, ansiRed, ansiGreen, ansiYellow} {
		s = strings.ReplaceAll(s, code, "")
	}
	return s
}

func runeRange(lo, hi rune) []rune {
	var rs []rune
	for r := lo; r <= hi; r++ {
		rs = append(rs, r)
	}
	return rs
}
