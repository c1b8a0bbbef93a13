package apply

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// The live view measures text in terminal cells, not bytes or runes: a
// line one cell wider than the pane wraps, and a wrapped line throws the
// redraw's count of lines off. Where a rune's width is uncertain, the count
// errs wide, which at worst ends a line a cell early.

// ellipsis marks text cut to fit.
const ellipsis = "…"

// variationEmoji (VS16) asks for the emoji presentation of the rune before
// it, which terminals draw two cells wide.
const variationEmoji = '\uFE0F'

// runeCells is the number of cells r takes on a terminal: 0 for marks that
// combine with the rune before and for format characters, 2 for East Asian
// wide and fullwidth runes (CJK, most emoji), 1 for the rest. Ambiguous
// runes count 1, as terminals outside East Asian locales draw them.
func runeCells(r rune) int {
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// cells is the width of s on a terminal; s holds no escape sequence.
func cells(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c, size := cellsAt(s, i)
		n, i = n+c, i+size
	}
	return n
}

// cellsAt is the width and byte size of the rune at byte i of s: a rune
// asked to be an emoji by a following VS16 takes two cells.
func cellsAt(s string, i int) (c, size int) {
	r, size := utf8.DecodeRuneInString(s[i:])
	c = runeCells(r)
	if next, _ := utf8.DecodeRuneInString(s[i+size:]); c == 1 && next == variationEmoji {
		c = 2
	}
	return c, size
}

// cutEnd fits s into w cells, ending it with "…" when it had to be cut.
func cutEnd(s string, w int) string {
	if cells(s) <= w {
		return s
	}
	if w < 1 {
		return ""
	}
	return head(s, w-1) + ellipsis
}

// cutMiddle fits s into w cells, keeping its start and its end around a
// "…": service names often differ only at the end (orders-…-eu, orders-…-us).
func cutMiddle(s string, w int) string {
	if cells(s) <= w {
		return s
	}
	if w < 1 {
		return ""
	}
	keep := w - 1
	h := head(s, keep-keep/2)
	// A wide rune may leave the head a cell short; the tail gets it.
	return h + ellipsis + tail(s, keep-cells(h))
}

// head is the longest start of s at most w cells wide. Marks that combine
// with its last rune stay with it.
func head(s string, w int) string {
	n := 0
	for i := 0; i < len(s); {
		c, size := cellsAt(s, i)
		if n+c > w {
			return s[:i]
		}
		n, i = n+c, i+size
	}
	return s
}

// tail is the longest end of s at most w cells wide that does not start
// with a combining mark cut from its base.
func tail(s string, w int) string {
	n, start := 0, len(s)
	for start > 0 {
		_, size := utf8.DecodeLastRuneInString(s[:start])
		c, _ := cellsAt(s, start-size)
		if n+c > w {
			break
		}
		n, start = n+c, start-size
	}
	return strings.TrimLeftFunc(s[start:], func(r rune) bool { return runeCells(r) == 0 })
}

// padTo pads s with spaces to w cells.
func padTo(s string, w int) string {
	return s + strings.Repeat(" ", max(w-cells(s), 0))
}

// wrapItems joins items with sep into lines of at most w cells, breaking
// only between items; a line broken after an item keeps the separator's
// mark (the "," of ", "). An item wider than w is cut.
func wrapItems(items []string, sep string, w int) []string {
	mark := strings.TrimRight(sep, " ")
	var lines []string
	cur := ""
	for i, item := range items {
		next := cur + sep + item
		if i < len(items)-1 {
			// Leave room for the mark, should the line break after item.
			next += mark
		}
		switch {
		case i == 0:
			cur = item
		case cells(next) <= w:
			cur += sep + item
		default:
			lines = append(lines, cutEnd(cur+mark, w))
			cur = item
		}
	}
	return append(lines, cutEnd(cur, w))
}
