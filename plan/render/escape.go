package render

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// code returns s as an inline code span that no character of s can close:
// the backtick run around it is longer than any run inside it.
func code(s string) string {
	s = strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
	ticks := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return ticks + s + ticks
}

// cell returns s as a code span that is safe inside a table cell: GitHub
// splits cells on "|" even inside code spans unless it is escaped.
func cell(s string) string {
	return strings.ReplaceAll(code(s), "|", `\|`)
}

// Cell returns s, a value from a file or an API, as a markdown table cell
// that shows it literally: a code span no character of s can close, with
// "|" escaped and control characters replaced. Markdown, HTML and
// @mentions inside it stay inert.
func Cell(s string) string { return cell(Printable(s)) }

// prose escapes s for use as plain markdown text: every character that could
// start emphasis, a link, HTML, a code span or a table cell is backslashed.
func prose(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '~', '!':
			b.WriteByte('\\')
		case '\n', '\r':
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Fence returns the code fence for a block holding body: three backticks, or
// more when body itself contains a run of three or more.
func Fence(body string) string {
	return strings.Repeat("`", max(3, longestRun(body, '`')+1))
}

func longestRun(s string, c rune) int {
	longest, run := 0, 0
	for _, r := range s {
		if r == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// Printable replaces control characters other than newline and tab with
// U+FFFD, so that a value from the file or the API cannot move a terminal's
// cursor, change its colours or smuggle ANSI into a comment. The rune count
// is unchanged. The views apply it to what they render; the CLI to its own
// errors, warnings and diagnostics.
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// singleLine is printable for a value shown inside one line of the text
// view: newlines and tabs become U+FFFD too, so a value can neither start a
// line of its own (a forged "::error::" in a CI log) nor move the columns.
func singleLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// OneLine escapes s, text from a remote API (an error message, a URL), so
// that it prints inside one line: control characters, newlines included,
// the Unicode line and paragraph separators and the bidirectional controls
// are written as Go escapes (\n, \u2028, \u202e), and invalid UTF-8 as \xNN.
// A message can then neither start a line of its own (a forged
// "plan comment: created …" in a CI log) nor move the cursor or reorder
// what follows. Everything else, quotes and backslashes included, is kept
// as it is, to stay readable. Applying OneLine twice changes nothing more.
func OneLine(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case breaksLine(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	return strings.ContainsFunc(s, func(r rune) bool { return r == '\t' || breaksLine(r) })
}

// breaksLine reports whether r may end a line or change how the rest of
// one is shown: a control character, U+2028 and U+2029, or a
// bidirectional control.
func breaksLine(r rune) bool {
	switch {
	case unicode.IsControl(r), r == '\u2028', r == '\u2029':
		return true
	case r == '\u061c', r == '\u200e', r == '\u200f':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
