package github

import (
	"bytes"
	"io"
	"sync"
	"unicode"
	"unicode/utf8"
)

// legacyCommand starts a workflow command anywhere in a line: the runner
// still parses the old "##[command]data" form after it fails to parse
// "::command::data" (actions/runner ActionCommandManager).
const legacyCommand = "##["

// legacyEscaped replaces legacyCommand in guarded output. "\u005b" is how
// JSON spells "[", so JSON output decodes to the same data, and in text it
// reads as an escape.
const legacyEscaped = `##\u005b`

// CommandGuard is a writer for a stream the Actions runner reads workflow
// commands from (a step's stdout and stderr). It passes everything through
// except what would make the runner act: a line whose first characters
// after white space are "::" gets a backslash before them, and "##[" becomes
// `##\u005b`. So no value from a file or an API that ccr prints can forge an
// annotation, mask a value or stop command processing. ccr's own commands go
// through Commands.
//
// To see a line start in pieces written separately, it holds back at most a
// few bytes until the next Write or Flush. Each Write is treated as starting
// a line, since another stream may have ended the line in between.
type CommandGuard struct {
	mu sync.Mutex
	w  io.Writer
	// pending are bytes whose meaning depends on what comes next.
	pending []byte
	// blank is set while the current line holds only white space.
	blank bool
}

// NewCommandGuard returns a CommandGuard writing to w.
func NewCommandGuard(w io.Writer) *CommandGuard { return &CommandGuard{w: w, blank: true} }

// Write escapes p and writes it. It reports len(p) on success: the escapes
// are the guard's, not the caller's.
func (g *CommandGuard) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.pending) == 0 {
		// stdout and stderr often share one pipe, so a write may start a
		// line this guard did not see end: count it as a line start.
		g.blank = true
	}
	data := append(g.pending[:len(g.pending):len(g.pending)], p...)
	out, rest := g.escape(data)
	g.pending = append(g.pending[:0], rest...)
	if _, err := g.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what Write held back. Held-back bytes are never a command on
// their own (a lone ":" or "#" at the end of the output).
func (g *CommandGuard) Flush() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.flushLocked()
}

func (g *CommandGuard) flushLocked() error {
	if len(g.pending) == 0 {
		return nil
	}
	_, err := g.w.Write(g.pending)
	g.blank = g.blank && len(bytes.TrimSpace(g.pending)) == 0
	g.pending = g.pending[:0]
	return err
}

// Commands returns a writer for ccr's own workflow commands, which pass
// unescaped. Each write starts on a line of its own.
func (g *CommandGuard) Commands() io.Writer { return commandWriter{g} }

type commandWriter struct{ g *CommandGuard }

func (c commandWriter) Write(p []byte) (int, error) {
	g := c.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.flushLocked(); err != nil {
		return 0, err
	}
	if !g.blank {
		if _, err := g.w.Write([]byte("\n")); err != nil {
			return 0, err
		}
	}
	n, err := g.w.Write(p)
	if len(p) > 0 {
		g.blank = p[len(p)-1] == '\n' || p[len(p)-1] == '\r'
	}
	return n, err
}

// escape returns data with its commands escaped, and the suffix it cannot
// judge yet.
func (g *CommandGuard) escape(data []byte) (out, rest []byte) {
	out = make([]byte, 0, len(data)+8)
	for i := 0; i < len(data); {
		b := data[i]
		switch {
		case b == '\n' || b == '\r':
			g.blank = true
		case g.blank && b >= utf8.RuneSelf:
			if !utf8.FullRune(data[i:]) {
				return out, data[i:]
			}
			r, size := utf8.DecodeRune(data[i:])
			if unicode.IsSpace(r) {
				// The runner trims Unicode white space too.
				out = append(out, data[i:i+size]...)
				i += size
				continue
			}
			g.blank = false
			continue
		case g.blank && isASCIISpace(b):
		case g.blank && b == ':':
			if i+1 == len(data) {
				return out, data[i:]
			}
			g.blank = false
			if data[i+1] == ':' {
				out = append(out, '\\')
			}
		case b == '#':
			g.blank = false
			if rem := data[i:]; len(rem) < len(legacyCommand) && bytes.HasPrefix([]byte(legacyCommand), rem) {
				return out, rem
			}
			if bytes.HasPrefix(data[i:], []byte(legacyCommand)) {
				out = append(out, legacyEscaped...)
				i += len(legacyCommand)
				continue
			}
		default:
			g.blank = false
		}
		out = append(out, b)
		i++
	}
	return out, nil
}

func isASCIISpace(b byte) bool { return b == ' ' || b == '\t' || b == '\v' || b == '\f' }
