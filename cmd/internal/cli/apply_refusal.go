package cli

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/plan"
)

// refusal marks an error that ends apply before anything ran with the
// reason its JSON result gives (one of apply's Refused… reasons).
type refusal struct {
	reason string
	err    error
}

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// refuse tags err with reason; nil stays nil.
func refuse(reason string, err error) error {
	if err == nil {
		return nil
	}
	return &refusal{reason: reason, err: err}
}

// refusalReason is the reason of an error that ended apply before it ran.
// An API that did not answer is its own reason whatever the call site
// tagged: the exit status (3) and the advice (run again) follow it.
func refusalReason(err error) string {
	var r *refusal
	switch {
	case aiven.IsUnavailable(err):
		return apply.RefusedUnavailable
	case errors.As(err, &r):
		return r.reason
	}
	return apply.RefusedOther
}

// writeRefusal prints, with --format json, the result document of an apply
// that did not run: why, and the plan's conflicts when it has any. Text
// output prints nothing on stdout: the error on stderr says it all. A
// failure to print is said on stderr; the refusal stays the error.
func writeRefusal(opts *applyOptions, started time.Time, p *plan.Plan, failed error) {
	if opts.format != "json" {
		return
	}
	why := apply.Refusal{Reason: refusalReason(failed)}
	// Masked before encoding: JSON would escape a secret holding a quote
	// or a < into a form the masking of the output does not see.
	why.Message, why.Details = splitMessage(mask(opts.io, explain(failed)))
	if p != nil && why.Reason == apply.RefusedConflicts {
		why.Conflicts = p.Conflicts
	}
	var buf bytes.Buffer
	err := apply.WriteJSON(&buf, apply.Refused(started, time.Now(), why), p)
	if err == nil {
		_, err = fmt.Fprint(opts.io.Out, mask(opts.io, buf.String()))
	}
	if err != nil {
		fmt.Fprintf(opts.io.ErrOut, "ccr: print the refusal: %v\n", err)
	}
}

// splitMessage splits an error's text into its first line, without the
// colon that introduces the rest, and the indented lines under it (the
// diagnostics of a file, what made a plan stale).
func splitMessage(text string) (string, []string) {
	head, rest, _ := strings.Cut(strings.TrimRight(text, "\n"), "\n")
	details := []string{}
	for _, line := range strings.Split(rest, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			details = append(details, line)
		}
	}
	if len(details) > 0 {
		head = strings.TrimSuffix(head, ":")
	}
	return head, details
}
