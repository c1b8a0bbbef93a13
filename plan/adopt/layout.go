package adopt

import (
	"bytes"
	"strings"
)

// layout is what yaml.v3 drops when Merge re-encodes a file: its line
// breaks and the "---" that starts its document. Both are restored, so a
// merge changes only what it adds (and yaml.v3's indentation).
type layout struct {
	crlf bool
	// marker is the "---" line as written, with any comment on it; empty
	// when the file has none.
	marker string
	// commentsBefore counts the comment lines above the marker.
	commentsBefore int
}

// layoutOf reads the layout of a ccr file: CRLF when its first line ends
// so, and the document start marker when one comes before any content.
func layoutOf(data []byte) layout {
	var l layout
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' {
		l.crlf = true
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		switch trimmed := strings.TrimSpace(line); {
		case trimmed == "":
		case strings.HasPrefix(trimmed, "#"):
			l.commentsBefore++
		case isMarker(line):
			l.marker = line
			return l
		default:
			return l
		}
	}
	return l
}

// isMarker reports whether line is a document start marker with at most a
// comment after it ("---", "--- # x"); one followed by content is not
// restored, as yaml.v3 has moved that content onto lines of its own.
func isMarker(line string) bool {
	rest, ok := strings.CutPrefix(line, "---")
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return false
	}
	rest = strings.TrimSpace(rest)
	return rest == "" || strings.HasPrefix(rest, "#")
}

// restore puts the layout back into data as yaml.v3 encoded it: the marker
// after the same number of comment lines as in the file (yaml.v3 keeps
// each comment line, and writes a comment on the marker line as a line of
// its own, which the marker takes back), then CRLF line breaks.
func (l layout) restore(data []byte) []byte {
	out := string(data)
	if l.marker != "" {
		out = l.insertMarker(out)
	}
	if l.crlf {
		out = strings.ReplaceAll(out, "\n", "\r\n")
	}
	return []byte(out)
}

func (l layout) insertMarker(data string) string {
	lines := strings.SplitAfter(data, "\n")
	at := afterComments(lines, l.commentsBefore)
	marker := l.marker + "\n"
	_, comment, hasComment := strings.Cut(l.marker, "#")
	if hasComment && at < len(lines) && strings.TrimSpace(lines[at]) == strings.TrimSpace("#"+comment) {
		lines[at] = marker // the marker's own comment, moved by yaml.v3
		return strings.Join(lines, "")
	}
	if hasComment {
		marker = "---\n" // its comment is elsewhere in data already
	}
	return strings.Join(lines[:at], "") + marker + strings.Join(lines[at:], "")
}

// afterComments is the index of the line after the first n comment lines,
// or 0 when content comes before them: the marker never goes after content.
func afterComments(lines []string, n int) int {
	seen := 0
	for i, line := range lines {
		if seen == n {
			return i
		}
		switch t := strings.TrimSpace(line); {
		case strings.HasPrefix(t, "#"):
			seen++
		case t != "":
			return 0
		}
	}
	if seen == n {
		return len(lines)
	}
	return 0
}
