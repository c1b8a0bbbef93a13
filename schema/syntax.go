package schema

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "gopkg.in/yaml.v3"
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
// yaml.v3 reports a line only (none at all on the first line), and for
// errors of structure the line where the enclosing block starts, not the
// line that broke it: a mis-indented line 10 came out as line 6. So the
// position is found from the text: the tab that broke the indentation, the
// alias that names no anchor, or else the offending line (offendingLine),
// at its first character.
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
	line := offendingLine(data, err)
	if col, ok := indentTab(data, line); ok {
		return Pos{line, col}, "tab character in indentation; YAML indents with spaces only"
	}
	text := lineText(data, line)
	pos = Pos{line, 1 + len(text) - len(bytes.TrimLeft(text, " "))}
	if msg == "did not find expected key" || msg == "did not find expected '-' indicator" {
		msg += " (check the indentation of this line)"
	}
	return pos, "invalid YAML: " + msg
}

// offendingLine returns the first line whose addition to the lines before
// it makes yaml.v3 fail as it fails on data: the line the parser stopped
// at. It searches by halves, parsing prefixes of data, so it costs a few
// parses of the file on a syntax error and nothing otherwise. (The line
// yaml.v3 names is no bound: it counts U+0085, U+2028 and U+2029 as line
// breaks, editors and ccr do not.)
func offendingLine(data []byte, err error) int {
	ends := lineEnds(data)
	fails := func(line int) bool {
		got := parseError(data[:ends[line-1]])
		return got != nil && got.Error() == err.Error()
	}
	lo, hi := 1, len(ends)
	for lo < hi {
		if mid := (lo + hi) / 2; fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// lineEnds returns the offset just past each line of data, its newline
// included.
func lineEnds(data []byte) []int {
	var ends []int
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		ends = append(ends, len(data))
	}
	return ends
}

// parseError returns the error yaml.v3 gives on data, reading the documents
// parse reads: the first, and whether a second follows.
func parseError(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for range 2 {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
	return nil
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
