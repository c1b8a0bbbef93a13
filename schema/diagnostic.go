package schema

import (
	"fmt"
	"strings"
)

// Diagnostic is one problem found in a file, located at a line and column.
type Diagnostic struct {
	File string
	Pos  Pos
	// Path is the JSON path of the offending element, such as
	// "projects[0].pairs[1].services[0].cloud"; "" for the document root.
	Path    string
	Message string
}

// String renders the diagnostic as "file:line:col: path: message", or as
// "file: message" when it concerns the whole file (zero Pos, no path), such as
// a file that cannot be read.
func (d Diagnostic) String() string {
	if d.Pos == (Pos{}) && d.Path == "" {
		return fmt.Sprintf("%s: %s", d.File, d.Message)
	}
	path := d.Path
	if path == "" {
		path = "(root)"
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", d.File, d.Pos.Line, d.Pos.Col, path, d.Message)
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
