package schema

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// InvisibleAt returns the byte index in s of the first character a string
// of a ccr file may not hold, or -1 when there is none. Strings may hold
// graphic characters (letters, marks, numbers, punctuation, symbols) and
// spaces; everything else is refused: control characters (C0, DEL and C1,
// such as NEL), format characters (bidirectional overrides and isolates,
// which make a terminal or a pull request show text in another order than
// it is read, as in Trojan Source; zero-width characters; the byte order
// mark), line and paragraph separators, private-use and unassigned code
// points, and bytes that are not UTF-8. ccr prints these values in
// terminals, CI logs and pull requests, where such a character can start a
// line of its own, repaint the screen or hide what a reviewer approves.
//
// validate refuses a file that holds one, in any string, key or value, and
// import refuses to write one: both call this function.
func InvisibleAt(s string) int {
	for i, r := range s {
		if !unicode.IsGraphic(r) || r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return i
		}
	}
	return -1
}

// invisibleKind names the kind of character r is, for a message saying why
// InvisibleAt refused it.
func invisibleKind(r rune) string {
	switch {
	case unicode.IsControl(r):
		return "control character"
	case unicode.Is(unicode.Bidi_Control, r):
		return "bidirectional control character"
	case unicode.Is(unicode.Cf, r):
		return "invisible format character"
	case unicode.Is(unicode.Zl, r):
		return "line separator"
	case unicode.Is(unicode.Zp, r):
		return "paragraph separator"
	case unicode.Is(unicode.Co, r):
		return "private-use character"
	case r == utf8.RuneError:
		return "byte that is not UTF-8"
	}
	return "unassigned character"
}
