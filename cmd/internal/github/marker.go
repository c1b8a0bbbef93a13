package github

import (
	"encoding/json"
	"strings"
)

// Markers are the first line of every body ccr posts: an HTML comment,
// invisible when rendered, holding JSON metadata. ccr finds its own comments
// and issues by this line plus the author, never by visible text, which
// changes between versions. json.Marshal escapes '>' as \u003e, so the JSON
// can never end the HTML comment early.
const (
	kindPlan  = "plan"
	kindApply = "apply"
	kindDrift = "drift"
)

// Meta is the metadata a plan comment records besides its file.
type Meta struct {
	Head    string // commit the plan was made for; default Config.Event.HeadSHA
	Digest  string // digest of the plan, compared at apply time
	Version string // ccr version; default Config.Version
	Label   Label  // the label that says what the plan does; "" records none
}

// planMarker is the JSON in `<!-- ccr:plan {...} -->`.
type planMarker struct {
	File   string `json:"file"`
	Head   string `json:"head,omitempty"`
	Digest string `json:"digest,omitempty"`
	CCR    string `json:"ccr,omitempty"`
	Label  Label  `json:"label,omitempty"`
}

// applyMarker is the JSON in `<!-- ccr:apply {...} -->`.
type applyMarker struct {
	File     string `json:"file"`
	SHA      string `json:"sha,omitempty"`
	Applied  string `json:"applied,omitempty"`
	Reviewed string `json:"reviewed,omitempty"`
	CCR      string `json:"ccr,omitempty"`
	Label    Label  `json:"label,omitempty"`
}

// driftMarker is the JSON in `<!-- ccr:drift {...} -->`.
type driftMarker struct {
	File string `json:"file"`
}

// marker renders the marker line for kind with metadata v.
func marker(kind string, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// The marker structs hold only strings; Marshal cannot fail on them.
		panic("ccr: marshal marker: " + err.Error())
	}
	return "<!-- ccr:" + kind + " " + string(b) + " -->"
}

// parseMarker decodes the marker of kind on the first line of body into v
// and reports whether there was one.
func parseMarker(body, kind string, v any) bool {
	line, _, _ := strings.Cut(body, "\n")
	line = strings.TrimSuffix(line, "\r")
	rest, ok := strings.CutPrefix(line, "<!-- ccr:"+kind+" ")
	if !ok {
		return false
	}
	js, ok := strings.CutSuffix(rest, " -->")
	return ok && json.Unmarshal([]byte(js), v) == nil
}

// planFor decodes the marker of a plan comment.
func planFor(body string) (planMarker, bool) {
	var m planMarker
	return m, parseMarker(body, kindPlan, &m)
}
