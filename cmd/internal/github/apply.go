package github

import (
	"context"
	"errors"
	"fmt"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// ApplyReport is what ReportApply did.
type ApplyReport struct {
	Notice string     // set when no pull request was found for the commit
	PRs    []PRReport // one per merged pull request, in the order GitHub lists them
}

// PRReport is the apply comment posted on one merged pull request.
type PRReport struct {
	Number   int
	Reviewed string // plan digest recorded in the pull request, "" if none was found
	Differs  bool   // the applied digest is not the reviewed one, or none was reviewed
	Outcome  Outcome
}

// ReportApply posts the apply result body as a new comment on each pull
// request merged with commit sha (Config.Event.After when sha is empty) into
// the pushed branch. Each comment starts with a `> [!WARNING]` when the plan
// reviewed in that pull request (the digest in its ccr:plan comment for
// file) is not appliedDigest, or when no reviewed plan is found. The marker
// records label, the result SyncApplyLabel puts on the pull request ("" for
// none). A pull request whose comment fails does not stop the others; their
// errors are joined.
func ReportApply(ctx context.Context, cfg Config, sha, file, body, appliedDigest string, label Label) (ApplyReport, error) {
	sha = orDefault(sha, cfg.Event.After)
	if sha == "" {
		return ApplyReport{}, errors.New("report apply: no commit SHA given and the event is not a push")
	}
	s, err := newSession(cfg)
	if err != nil {
		return ApplyReport{}, err
	}
	prs, err := s.mergedPullRequests(ctx, sha)
	if err != nil {
		o, err := forbiddenOr(err, permComments, "list pull requests for commit %s", sha)
		return ApplyReport{Notice: o.Notice}, err
	}
	if len(prs) == 0 {
		return ApplyReport{Notice: fmt.Sprintf("commit %s belongs to no merged pull request: no apply comment posted", sha)}, nil
	}
	var rep ApplyReport
	var errs []error
	for _, pr := range prs {
		r, err := s.reportOne(ctx, pr.GetNumber(), sha, file, body, appliedDigest, label)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		rep.PRs = append(rep.PRs, r)
	}
	return rep, errors.Join(errs...)
}

// reportOne posts the apply comment on one pull request.
func (s *session) reportOne(ctx context.Context, number int, sha, file, body, applied string, label Label) (PRReport, error) {
	r := PRReport{Number: number}
	plan, err := s.findComment(ctx, number, planMatch(file))
	if err != nil {
		r.Outcome, err = forbiddenOr(err, permComments, "list comments on pull request #%d", number)
		return r, err
	}
	if plan != nil {
		m, _ := planFor(plan.GetBody())
		r.Reviewed = m.Digest
	}
	// Nothing applied (applied == "": apply stopped before it had a plan)
	// cannot differ from the review; the report says why it stopped.
	r.Differs = applied != "" && (plan == nil || r.Reviewed != applied)
	head := marker(kindApply, applyMarker{File: file, SHA: sha, Applied: applied, Reviewed: r.Reviewed, CCR: s.cfg.Version, Label: label})
	text, notice := compose(s.cfg, head, applyWarning(plan != nil, file, r.Reviewed, applied)+body)
	o, err := s.writeComment(ctx, head, text, func(c *gh.Client, b string) (*gh.IssueComment, *gh.Response, error) {
		return c.Issues.CreateComment(ctx, s.cfg.Owner, s.cfg.Repo, number, &gh.IssueComment{Body: gh.String(b)})
	})
	if err != nil {
		r.Outcome, err = forbiddenOr(err, permComments, "post apply comment on pull request #%d", number)
		return r, err
	}
	o.Action, o.Notice = Created, orDefault(o.Notice, notice)
	r.Outcome = o
	return r, nil
}

// applyWarning is the alert put above the apply result when what ran is not
// what the pull request's reviewers saw; "" when it is.
func applyWarning(reviewed bool, file, reviewedDigest, applied string) string {
	switch {
	case applied == "":
		return ""
	case !reviewed:
		return fmt.Sprintf("> [!WARNING]\n> No ccr plan for `%s` was found in this pull request, so what was applied was not reviewed here.\n\n", file)
	case reviewedDigest == "":
		return "> [!WARNING]\n> The last plan in this pull request failed, so what was applied was not reviewed here.\n\n"
	case reviewedDigest != applied:
		return fmt.Sprintf("> [!WARNING]\n> What was applied differs from the plan reviewed in this pull request "+
			"(reviewed `%s`, applied `%s`): live state or the file changed after the review.\n\n", reviewedDigest, applied)
	}
	return ""
}

// mergedPullRequests lists the pull requests merged with sha, keeping only
// those merged into the pushed branch when the event names one.
func (s *session) mergedPullRequests(ctx context.Context, sha string) ([]*gh.PullRequest, error) {
	branch := strings.TrimPrefix(s.cfg.Event.Ref, "refs/heads/")
	var merged []*gh.PullRequest
	err := listAll(ctx, s, func(c *gh.Client, opts gh.ListOptions) ([]*gh.PullRequest, *gh.Response, error) {
		return c.PullRequests.ListPullRequestsWithCommit(ctx, s.cfg.Owner, s.cfg.Repo, sha, &opts)
	}, func(pr *gh.PullRequest) {
		if pr.MergedAt != nil && (branch == "" || pr.GetBase().GetRef() == branch) {
			merged = append(merged, pr)
		}
	})
	return merged, err
}
