package github

import (
	"fmt"
	"unicode/utf8"

	"github.com/ccr-dev/ccr/cmd/internal/secret"
	"github.com/ccr-dev/ccr/plan/render"
)

// Action is what an operation did to a comment or issue.
type Action string

// The actions, in the past tense because they are outcomes.
const (
	Created   Action = "created"
	Updated   Action = "updated"
	Unchanged Action = "unchanged"
	Skipped   Action = "skipped" // nothing posted; Notice says why
	Closed    Action = "closed"
)

// Outcome reports what an operation did. Notice, when set, is one sentence
// for the user (stderr or a ::notice:: annotation): why nothing was posted or
// why a shortened body was posted.
type Outcome struct {
	Action Action
	URL    string // HTML URL of the comment or issue, when known
	Notice string
}

// String is the outcome as one line, e.g. "created https://…". The URL
// comes from GitHub's answer and the notice may quote it: both are escaped
// onto the line.
func (o Outcome) String() string {
	s := string(o.Action)
	if o.URL != "" {
		s += " " + o.URL
	}
	if o.Notice != "" {
		s += ": " + o.Notice
	}
	return render.OneLine(s)
}

// MaxBodyRunes is GitHub's limit for a comment or issue body, in characters.
const MaxBodyRunes = 65536

// BodyLimit is the most characters ccr posts in one body. Renderers should
// fit their markdown below it; a longer body is replaced by a short one that
// points to the step summary. The margin under MaxBodyRunes absorbs the
// marker line and any difference in how GitHub counts characters.
const BodyLimit = 64000

// compose builds the body to post: the marker line, then the text, masked.
// A body over BodyLimit is swapped for the short pointer to the step summary.
func compose(cfg Config, head, text string) (body string, notice string) {
	body = secret.Mask(head+"\n"+text, cfg.secrets())
	if n := utf8.RuneCountInString(body); n > BodyLimit {
		return shortBody(cfg, head, n), tooLongNotice(n)
	}
	return body, ""
}

// shortBody is posted instead of a report too long for GitHub, so the pull
// request still shows that ccr ran and where to read the result.
func shortBody(cfg Config, head string, runes int) string {
	where := "the step summary of the workflow run"
	if u := cfg.RunURL(); u != "" {
		where = fmt.Sprintf("the [step summary of the workflow run](%s)", u)
	}
	return secret.Mask(fmt.Sprintf("%s\n### ccr\n\nThis report is too long for a GitHub comment (%d characters, the limit is %d). Read it in %s.\n",
		head, runes, MaxBodyRunes, where), cfg.secrets())
}

func tooLongNotice(runes int) string {
	return fmt.Sprintf("report too long for GitHub (%d characters): posted a short pointer to the step summary", runes)
}
