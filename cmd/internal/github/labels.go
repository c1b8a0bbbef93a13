package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/ccr-dev/ccr/plan/render"
)

// Label is one of the labels ccr keeps on pull requests. A pull request
// carries at most one of them: plan sets the one that says what merging it
// would do, apply on merge replaces it with the result. Every other label is
// left alone. LabelUpdate says that merging changes existing services in
// place (whatever else it does: an update touches what runs); LabelCreate
// keeps its name, which workflows may test, for every other change a plan
// has (plan.HasChanges): a create, a link or a switchover.
type Label string

// The labels, plan's first, then apply's.
const (
	LabelCreate      Label = "ccr:create"
	LabelUpdate      Label = "ccr:update"
	LabelNoChanges   Label = "ccr:no-changes"
	LabelConflict    Label = "ccr:conflict"
	LabelError       Label = "ccr:error"
	LabelApplied     Label = "ccr:applied"
	LabelApplyFailed Label = "ccr:apply-failed"
)

// labelStyle is what a label gets when ccr creates it in the repository.
// GitHub wants six hex digits without '#' and at most 100 characters of
// description.
type labelStyle struct{ color, description string }

var labelStyles = map[Label]labelStyle{
	LabelCreate:      {"1d76db", "ccr plan: merging creates, links or switches over Aiven services"},
	LabelUpdate:      {"fbca04", "ccr plan: merging changes existing Aiven services in place (plan, disk, protection, tags)"},
	LabelNoChanges:   {"0e8a16", "ccr plan: merging changes nothing; every declared service exists as declared"},
	LabelConflict:    {"d93f0b", "ccr plan: conflicts block apply; see the plan comment"},
	LabelError:       {"b60205", "ccr plan: invalid file, or the plan could not be computed"},
	LabelApplied:     {"5319e7", "ccr apply after merge: every declared service exists and is RUNNING"},
	LabelApplyFailed: {"e11d21", "ccr apply after merge failed or was refused; see the apply comment"},
}

// severity orders the labels of one phase, most important first: when
// several files are planned (or applied) in one pull request, the label says
// the worst of them.
var severity = []Label{LabelApplyFailed, LabelApplied, LabelError, LabelConflict, LabelUpdate, LabelCreate, LabelNoChanges}

// Color is the label's colour as GitHub stores it: six hex digits.
func (l Label) Color() string { return labelStyles[l].color }

// Description is the label's description in the repository.
func (l Label) Description() string { return labelStyles[l].description }

// ownLabel returns ccr's label that name spells; GitHub compares label
// names without case.
func ownLabel(name string) (Label, bool) {
	for l := range labelStyles {
		if strings.EqualFold(name, string(l)) {
			return l, true
		}
	}
	return "", false
}

// worse reports whether a says more than b (a failure more than a
// success). A label that is not ccr's says nothing.
func worse(a, b Label) bool {
	i, j := slices.Index(severity, a), slices.Index(severity, b)
	return i >= 0 && (j < 0 || i < j)
}

// LabelResult reports what a label sync did.
type LabelResult struct {
	Label   Label   // the label the pull request should carry
	Added   bool    // it was added in this run
	Removed []Label // ccr's other labels taken off
	Skipped bool    // nothing was attempted: the run is not for a pull request
	Notice  string  // why Label could not be set, and what to do; "" when it is set
}

// String is the result as one line, e.g. "ccr:create added; removed ccr:error".
func (r LabelResult) String() string {
	var s string
	switch {
	case r.Notice != "":
		s = fmt.Sprintf("%s not set: %s", r.Label, r.Notice)
	case r.Added:
		s = fmt.Sprintf("%s added", r.Label)
	default:
		s = fmt.Sprintf("%s already set", r.Label)
	}
	if len(r.Removed) > 0 {
		names := make([]string, len(r.Removed))
		for i, l := range r.Removed {
			names[i] = string(l)
		}
		s += "; removed " + strings.Join(names, ", ")
	}
	return render.OneLine(s) // a notice may quote GitHub
}

// SyncPlanLabel leaves the event's pull request with exactly one of ccr's
// labels: want (what the plan of file does), or a worse one recorded in the
// plan comment of another file in the same pull request. It makes no call
// when the run is not for a pull request or comes from a fork.
func SyncPlanLabel(ctx context.Context, cfg Config, file string, want Label) (LabelResult, error) {
	if _, skip := skipPullRequest(cfg); skip {
		return LabelResult{Label: want, Skipped: true}, nil
	}
	return syncVerdict(ctx, cfg, cfg.Event.PR, kindPlan, file, want)
}

// SyncApplyLabel leaves merged pull request number with exactly one of
// ccr's labels: want (the result of applying file), or a failure recorded in
// the apply comment of another file. Plan's labels are removed: after the
// merge the label says what happened, not what was planned.
func SyncApplyLabel(ctx context.Context, cfg Config, number int, file string, want Label) (LabelResult, error) {
	return syncVerdict(ctx, cfg, number, kindApply, file, want)
}

// syncVerdict settles the label from want and the other files' markers of
// kind, then makes it the pull request's only ccr label.
func syncVerdict(ctx context.Context, cfg Config, number int, kind, file string, want Label) (LabelResult, error) {
	s, err := newSession(cfg)
	if err != nil {
		return LabelResult{Label: want}, err
	}
	others, err := s.fileLabels(ctx, number, kind)
	if err != nil {
		return refusedLabel(want, err, "list comments on pull request #%d", number)
	}
	for f, l := range others {
		if f != file && worse(l, want) {
			want = l
		}
	}
	return s.syncLabel(ctx, number, want)
}

// fileLabels maps each file to the label recorded in the newest marker of
// kind on pull request number, by ccr's author. A file whose newest comment
// records no label (written by an older ccr) maps to "".
func (s *session) fileLabels(ctx context.Context, number int, kind string) (map[string]Label, error) {
	labels := map[string]Label{}
	newest := map[string]int64{}
	err := listAll(ctx, s, func(c *gh.Client, opts gh.ListOptions) ([]*gh.IssueComment, *gh.Response, error) {
		return c.Issues.ListComments(ctx, s.cfg.Owner, s.cfg.Repo, number, &gh.IssueListCommentsOptions{ListOptions: opts})
	}, func(c *gh.IssueComment) {
		var m struct {
			File  string `json:"file"`
			Label string `json:"label"`
		}
		if !s.owns(c.GetUser()) || !parseMarker(c.GetBody(), kind, &m) || c.GetID() < newest[m.File] {
			return
		}
		newest[m.File] = c.GetID()
		l, _ := ownLabel(m.Label)
		labels[m.File] = l
	})
	return labels, err
}

// labelSync is one sync of a pull request's ccr label. After GitHub refuses
// a write it sends no more, so a token without the permission costs one
// warning, not one per label.
type labelSync struct {
	s      *session
	number int
	res    LabelResult
	denied bool
}

// syncLabel adds want to pull request number unless it is there, then
// removes ccr's other labels. The stale ones go even when want cannot be
// added: no label is better than one that says the wrong thing.
func (s *session) syncLabel(ctx context.Context, number int, want Label) (LabelResult, error) {
	ls := &labelSync{s: s, number: number, res: LabelResult{Label: want}}
	present, stale, err := s.issueLabels(ctx, number, want)
	if err != nil {
		return refusedLabel(want, err, "list labels on pull request #%d", number)
	}
	if !present {
		if err := ls.add(ctx, want); err != nil {
			return ls.res, err
		}
	}
	for _, name := range stale {
		if ls.denied {
			break
		}
		if err := ls.remove(ctx, name); err != nil {
			return ls.res, err
		}
	}
	return ls.res, nil
}

// issueLabels reads every page of the pull request's labels: whether want is
// among them, and the names of ccr's other labels, spelled as GitHub has them.
func (s *session) issueLabels(ctx context.Context, number int, want Label) (present bool, stale []string, err error) {
	err = listAll(ctx, s, func(c *gh.Client, opts gh.ListOptions) ([]*gh.Label, *gh.Response, error) {
		return c.Issues.ListLabelsByIssue(ctx, s.cfg.Owner, s.cfg.Repo, number, &opts)
	}, func(l *gh.Label) {
		own, ok := ownLabel(l.GetName())
		switch {
		case !ok:
		case own == want:
			present = true
		default:
			stale = append(stale, l.GetName())
		}
	})
	return present, stale, err
}

// add makes sure the repository has want in ccr's colour, then puts it on
// the pull request. GitHub would create a missing label on its own when it
// is added, but in its default grey, so ccr creates it first.
func (ls *labelSync) add(ctx context.Context, want Label) error {
	s := ls.s
	err := s.ensureLabel(ctx, want)
	if msg, ok := isForbidden(err); ok {
		// A token that may apply labels but not create them (a triage
		// collaborator's) can still remove the stale ones.
		ls.res.Notice = fmt.Sprintf("the GitHub token may not create the label %s in the repository (%q): "+
			"create it once (colour #%s) or give the job `permissions: %s`", want, msg, want.Color(), permComments)
		return nil
	}
	if err != nil {
		return fmt.Errorf("create label %s: %w", want, err)
	}
	err = s.call(ctx, func(c *gh.Client) (*gh.Response, error) {
		_, resp, err := c.Issues.AddLabelsToIssue(ctx, s.cfg.Owner, s.cfg.Repo, ls.number, []string{string(want)})
		return resp, err
	})
	if ls.deny(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("add label %s to pull request #%d: %w", want, ls.number, err)
	}
	ls.res.Added = true
	return nil
}

// remove takes the label spelled name off the pull request. A 404 means it
// is gone already (another run removed it); that is what remove wants.
func (ls *labelSync) remove(ctx context.Context, name string) error {
	s := ls.s
	l, _ := ownLabel(name)
	err := s.call(ctx, func(c *gh.Client) (*gh.Response, error) {
		return c.Issues.RemoveLabelForIssue(ctx, s.cfg.Owner, s.cfg.Repo, ls.number, url.PathEscape(name))
	})
	switch {
	case ls.deny(err):
	case err == nil:
		ls.res.Removed = append(ls.res.Removed, l)
	case !hasStatus(err, http.StatusNotFound):
		return fmt.Errorf("remove label %s from pull request #%d: %w", l, ls.number, err)
	}
	return nil
}

// deny records a permission 403 on a label write and stops further writes.
func (ls *labelSync) deny(err error) bool {
	msg, ok := isForbidden(err)
	if !ok {
		return false
	}
	ls.denied = true
	if ls.res.Notice == "" {
		ls.res.Notice = fmt.Sprintf("the GitHub token may not label pull requests (%q): give the job `permissions: %s`",
			msg, permComments)
	}
	return true
}

// ensureLabel gets want from the repository, creating it with ccr's colour
// and description when it is missing. Reading first keeps the common case
// (the label exists) a read, which GitHub's content-creation limits do not
// count. An existing label is never edited: its colour may be the
// maintainers' choice.
func (s *session) ensureLabel(ctx context.Context, want Label) error {
	err := s.call(ctx, func(c *gh.Client) (*gh.Response, error) {
		// go-github v60 puts the name into the path unescaped.
		_, resp, err := c.Issues.GetLabel(ctx, s.cfg.Owner, s.cfg.Repo, url.PathEscape(string(want)))
		return resp, err
	})
	if !hasStatus(err, http.StatusNotFound) {
		return err
	}
	err = s.call(ctx, func(c *gh.Client) (*gh.Response, error) {
		_, resp, err := c.Issues.CreateLabel(ctx, s.cfg.Owner, s.cfg.Repo, &gh.Label{
			Name: gh.String(string(want)), Color: gh.String(want.Color()), Description: gh.String(want.Description()),
		})
		return resp, err
	})
	if alreadyExists(err) {
		// Another run created it between the read and the create.
		return nil
	}
	return err
}

// refusedLabel turns a permission 403 on a read into a result whose notice
// names the missing permission, and wraps any other error.
func refusedLabel(want Label, err error, format string, args ...any) (LabelResult, error) {
	if msg, ok := isForbidden(err); ok {
		return LabelResult{Label: want, Notice: fmt.Sprintf(
			"the GitHub token was refused (%q): give the job `permissions: %s`", msg, permComments)}, nil
	}
	return LabelResult{Label: want}, fmt.Errorf(format+": %w", append(args, err)...)
}

// hasStatus reports an API error answered with status.
func hasStatus(err error, status int) bool {
	var e *gh.ErrorResponse
	return errors.As(err, &e) && e.Response != nil && e.Response.StatusCode == status
}

// alreadyExists reports GitHub's 422 for creating a label that exists.
func alreadyExists(err error) bool {
	var e *gh.ErrorResponse
	if !hasStatus(err, http.StatusUnprocessableEntity) || !errors.As(err, &e) {
		return false
	}
	for _, d := range e.Errors {
		if d.Code == "already_exists" {
			return true
		}
	}
	return false
}
