package schema

import (
	"fmt"
	"strconv"
	"strings"
)

// Diagnostic is one problem found in a file, located at a line and column.
type Diagnostic struct {
	File string
	Pos  Pos
	// Path is the JSON path of the offending element, such as
	// "projects[0].pairs[1].services[0].cloud"; "" for the document root
	// and for syntax errors.
	Path    string
	Message string
}

// String renders the diagnostic as "file:line:col: path: message". The path
// is left out when there is none (a syntax error, a problem with the whole
// document), and the position when it is unknown (a file that cannot be
// read).
func (d Diagnostic) String() string {
	var b strings.Builder
	if InvisibleAt(d.File) >= 0 {
		// A name that could break the line is shown quoted.
		b.WriteString(strconv.Quote(d.File))
	} else {
		b.WriteString(d.File)
	}
	if d.Pos != (Pos{}) {
		fmt.Fprintf(&b, ":%d:%d", d.Pos.Line, d.Pos.Col)
	}
	if d.Path != "" {
		b.WriteString(": " + d.Path)
	}
	b.WriteString(": " + d.Message)
	return b.String()
}

// Diagnostics is a sorted list of problems. A nil or empty list means the file
// is valid.
type Diagnostics []Diagnostic

// Error joins every diagnostic, one per line, so Diagnostics can be used as an
// error value.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}
