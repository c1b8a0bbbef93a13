package apply

import (
	"slices"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// Refusal reasons: why an apply did not start. The JSON form lists them in
// its schema; a consumer branches on them, never on Message.
const (
	// RefusedPullRequest: the run is for a pull_request event, where ccr
	// only plans.
	RefusedPullRequest = "pull-request-event"
	// RefusedFlags: a flag value apply cannot use.
	RefusedFlags = "invalid-flags"
	// RefusedSetup: the API client cannot be set up from the environment
	// (no AIVEN_TOKEN, a malformed AIVEN_WEB_URL).
	RefusedSetup = "setup"
	// RefusedInvalidFile: the ccr file does not validate; Details are its
	// diagnostics.
	RefusedInvalidFile = "invalid-file"
	// RefusedPlanFile: the saved plan cannot be read (not a regular file,
	// not JSON, another major format_version, edited facts).
	RefusedPlanFile = "invalid-plan-file"
	// RefusedFileMismatch: the saved plan was made from another ccr file
	// than the one -f names.
	RefusedFileMismatch = "file-mismatch"
	// RefusedStale: the file or the live state changed since the saved
	// plan was made; Details say what changed.
	RefusedStale = "stale-plan"
	// RefusedChanged: the saved changes are not the plan ccr computes now;
	// Details say how they differ.
	RefusedChanged = "changed-plan"
	// RefusedConflicts: the plan has conflicts, listed in Conflicts.
	RefusedConflicts = "conflicts"
	// RefusedNotApproved: nobody approved the plan (no terminal to ask on
	// without --auto-approve, or an answer other than yes).
	RefusedNotApproved = "not-approved"
	// RefusedUnavailable: the API did not answer the reads; run again.
	RefusedUnavailable = "api-unavailable"
	// RefusedAPI: the API refused or failed a read.
	RefusedAPI = "api-error"
	// RefusedOther: any other reason, which Message gives.
	RefusedOther = "error"
)

// Refusal says why an apply did not start: nothing was changed. Run never
// makes one (it returns an error instead); the command that calls it records
// its own refusals, so that the JSON form has a document for every outcome.
type Refusal struct {
	// Reason is one of the Refused… constants.
	Reason string
	// Message is the error as the command reports it.
	Message string
	// Details are the lines behind Message, such as the diagnostics of an
	// invalid file or what made a plan stale.
	Details []string
	// Conflicts are the plan's conflicts when Reason is RefusedConflicts.
	Conflicts []plan.Conflict
}

// Refused is the Result of an apply that did not start: no service, no
// request, the time the command ran, and why.
func Refused(start, end time.Time, why Refusal) *Result {
	why.Details = slices.Clone(why.Details)
	why.Conflicts = slices.Clone(why.Conflicts)
	return &Result{StartedAt: start, FinishedAt: end, Refused: &why}
}
