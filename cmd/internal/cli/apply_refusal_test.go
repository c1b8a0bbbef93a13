package cli

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/ccr-dev/ccr/apply"
)

func TestRefusalReason(t *testing.T) {
	unavailable := &apply.TransientError{Err: errors.New("no answer"), Final: true}
	cases := []struct {
		err  error
		want string
	}{
		{refuse(apply.RefusedStale, errors.New("plan is stale")), apply.RefusedStale},
		{fmt.Errorf("outer: %w", refuse(apply.RefusedConflicts, errors.New("x"))), apply.RefusedConflicts},
		// An invalid file is a silent exit carrying its diagnostics.
		{refuse(apply.RefusedInvalidFile, silentExitBecause(ExitError, "the file is invalid:\nf:1:1: x")), apply.RefusedInvalidFile},
		// Tagged as an API error, but the API did not answer: run again.
		{refuse(apply.RefusedAPI, fmt.Errorf("read live state: %w", unavailable)), apply.RefusedUnavailable},
		{errors.New("refuse to apply: a/b is blocked"), apply.RefusedOther},
	}
	for _, tc := range cases {
		if got := refusalReason(tc.err); got != tc.want {
			t.Errorf("refusalReason(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	if refuse(apply.RefusedAPI, nil) != nil {
		t.Error("refuse(reason, nil) is not nil")
	}
	// Tagging keeps the exit status and the silence of the error it tags.
	tagged := refuse(apply.RefusedInvalidFile, silentExitBecause(ExitError, "the file is invalid:\nf:1:1: x"))
	if exitCodeFor(tagged) != ExitError || explain(tagged) != "the file is invalid:\nf:1:1: x" {
		t.Errorf("tagged invalid file: exit %d, explained %q", exitCodeFor(tagged), explain(tagged))
	}
}

func TestSplitMessage(t *testing.T) {
	cases := []struct {
		text, head string
		details    []string
	}{
		{"--parallelism 0: want at least 1", "--parallelism 0: want at least 1", []string{}},
		{"plan is stale: the live state changed; run \"ccr plan\" again:\n  acme/a: gone\n  acme/b: new\n",
			"plan is stale: the live state changed; run \"ccr plan\" again", []string{"acme/a: gone", "acme/b: new"}},
		{"the file is invalid:\nccr.yaml:3:5: x\n\nccr.yaml:4:1: y", "the file is invalid", []string{"ccr.yaml:3:5: x", "ccr.yaml:4:1: y"}},
	}
	for _, tc := range cases {
		head, details := splitMessage(tc.text)
		if head != tc.head || !reflect.DeepEqual(details, tc.details) {
			t.Errorf("splitMessage(%q) = %q, %q; want %q, %q", tc.text, head, details, tc.head, tc.details)
		}
	}
}
