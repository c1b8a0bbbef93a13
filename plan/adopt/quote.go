package adopt

import (
	"regexp"
	"strconv"
	"unicode/utf8"
)

// maxQuoted bounds how much of a value a comment or message shows.
const maxQuoted = 80

// bare matches values that read unambiguously without quotes: names,
// clouds, plans, UUIDs.
var bare = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Quote renders a value from the API for a comment, a message or a
// terminal: as it is when it is a plain name, otherwise as a Go string
// literal in ASCII, so that no newline, control character or line separator
// (yaml.v3 breaks comments at U+0085, U+2028 and U+2029 too) can end a
// comment or move a terminal's cursor. Long values are cut.
func Quote(s string) string {
	cut := false
	if utf8.RuneCountInString(s) > maxQuoted {
		s, cut = string([]rune(s)[:maxQuoted]), true
	}
	if !cut && bare.MatchString(s) {
		return s
	}
	out := strconv.QuoteToASCII(s)
	if cut {
		out += "…"
	}
	return out
}

// quoteAll quotes each of names.
func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = Quote(n)
	}
	return out
}
