// Package render shows a plan.Plan to people and machines: a terminal view
// (text), a pull-request comment and step summary (markdown) and the
// versioned machine form (json). It reads only the public plan types; all
// decisions about what to do live in package plan.
package render

import (
	"fmt"
	"io"

	"github.com/ccr-dev/ccr/plan"
)

// Renderer writes a plan in one output format.
type Renderer interface {
	Render(w io.Writer, p *plan.Plan) error
}

// Options configures every format; New uses the part that fits the format.
type Options struct {
	Text     TextOptions
	Markdown MarkdownOptions
	// Budget caps the markdown form in runes; 0 means DefaultBudget.
	Budget int
}

// Formats lists the names New accepts, in the order help text shows them.
var Formats = []string{"text", "markdown", "json"}

// New returns the renderer for a format name as given to --format.
func New(format string, opts Options) (Renderer, error) {
	switch format {
	case "text":
		return TextRenderer{Options: opts.Text}, nil
	case "markdown":
		return MarkdownRenderer{Options: opts.Markdown, Budget: opts.Budget}, nil
	case "json":
		return JSONRenderer{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want text, markdown or json)", format)
}

// TextRenderer is the terminal view.
type TextRenderer struct{ Options TextOptions }

// Render writes the text view of p to w.
func (r TextRenderer) Render(w io.Writer, p *plan.Plan) error { return Text(w, p, r.Options) }

// MarkdownRenderer is the pull-request comment and step summary view.
type MarkdownRenderer struct {
	Options MarkdownOptions
	// Budget caps the output in runes; 0 means DefaultBudget.
	Budget int
}

// Render writes the markdown view of p, fitted to the budget, to w.
func (r MarkdownRenderer) Render(w io.Writer, p *plan.Plan) error {
	budget := r.Budget
	if budget == 0 {
		budget = DefaultBudget
	}
	if _, err := io.WriteString(w, MarkdownFit(p, r.Options, budget)); err != nil {
		return fmt.Errorf("write markdown plan: %w", err)
	}
	return nil
}

// JSONRenderer is the versioned machine form.
type JSONRenderer struct{}

// Render writes the JSON form of p to w.
func (JSONRenderer) Render(w io.Writer, p *plan.Plan) error { return JSON(w, p) }

// ShortSHA abbreviates a commit SHA to the 7 characters GitHub shows; other
// strings are returned unchanged.
func ShortSHA(sha string) string {
	if len(sha) > 7 && isHex(sha) {
		return sha[:7]
	}
	return sha
}

func isHex(s string) bool {
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F') {
			return false
		}
	}
	return true
}
