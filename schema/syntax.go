package schema

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// checkText rejects input that is not YAML text before the parser sees it:
// the parser's own messages for binary data carry no position.
func checkText(data []byte) (Pos, string, bool) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	line, col := 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		switch {
		case r == utf8.RuneError && size == 1:
			return Pos{line, col}, fmt.Sprintf("file is not UTF-8 text (byte 0x%02x); is it binary?", data[0]), false
		case !printable(r):
			return Pos{line, col}, fmt.Sprintf("control character %U is not allowed in YAML; is the file binary?", r), false
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		data = data[size:]
	}
	return Pos{}, "", true
}

// printable reports whether YAML 1.2 allows r in a stream (production
// c-printable).
func printable(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r == 0x85:
		return true
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return false
	case r == 0xfffe, r == 0xffff:
		return false
	}
	return true
}

var (
	yamlLine      = regexp.MustCompile(`^yaml: line (\d+): `)
	unknownAnchor = regexp.MustCompile(`unknown anchor '([^']*)' referenced`)
)

// syntaxError turns a yaml.v3 parse error into a position and a message.
// yaml.v3 reports a line only (none at all on the first line), so the column
// is found where the text allows it: the tab that broke the indentation, the
// alias that names no anchor; otherwise it is 1.
func syntaxError(data []byte, err error) (Pos, string) {
	msg := err.Error()
	pos := Pos{1, 1}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if col, ok := indentTab(data, pos.Line); ok {
		return Pos{pos.Line, col}, "tab character in indentation; YAML indents with spaces only"
	}
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		if p, ok := find(data, "*"+m[1]); ok {
			pos = p
		}
		return pos, fmt.Sprintf("alias *%s refers to no anchor &%s defined before it", m[1], m[1])
	}
	return pos, "invalid YAML: " + msg
}

// indentTab returns the column of a tab in the leading whitespace of line.
func indentTab(data []byte, line int) (int, bool) {
	text := lineText(data, line)
	for i, c := range text {
		switch c {
		case ' ':
		case '\t':
			return i + 1, true
		default:
			return 0, false
		}
	}
	return 0, false
}

// lineText returns the 1-based line of data, without its newline.
func lineText(data []byte, line int) []byte {
	for ; line > 1; line-- {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return nil
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return data
}

// find returns the position of the first occurrence of s in data. Columns
// count runes, as yaml.v3's do.
func find(data []byte, s string) (Pos, bool) {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return Pos{}, false
	}
	before := data[:i]
	line := 1 + bytes.Count(before, []byte("\n"))
	start := bytes.LastIndexByte(before, '\n') + 1
	return Pos{line, 1 + utf8.RuneCount(before[start:])}, true
}
