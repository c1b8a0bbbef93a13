package github

import (
	"context"
	"fmt"

	gh "github.com/google/go-github/v60/github"

	"github.com/ccr-dev/ccr/cmd/internal/secret"
)

// DriftTitle is the title of the drift issue for file.
func DriftTitle(file string) string {
	return "ccr: live state differs from " + file
}

// SyncDriftIssue keeps one open issue per file while live state differs from
// it. When drifted, it creates the issue or updates its body (no edit when
// unchanged); when not, it closes the open issue with a comment, or does
// nothing if there is none. The issue is found among open issues by its
// ccr:drift marker and the configured author.
func SyncDriftIssue(ctx context.Context, cfg Config, file string, drifted bool, body string) (Outcome, error) {
	s, err := newSession(cfg)
	if err != nil {
		return Outcome{}, err
	}
	open, err := s.findDriftIssue(ctx, file)
	if err != nil {
		return forbiddenOr(err, permIssues, "list open issues")
	}
	var o Outcome
	switch {
	case drifted:
		o, err = s.openDriftIssue(ctx, open, file, body)
	case open != nil:
		o, err = s.closeDriftIssue(ctx, open, file)
	default:
		o = Outcome{Action: Unchanged}
	}
	if err != nil {
		return forbiddenOr(err, permIssues, "sync drift issue for %s", file)
	}
	return o, nil
}

// openDriftIssue creates the drift issue, or brings the open one up to date.
func (s *session) openDriftIssue(ctx context.Context, open *gh.Issue, file, body string) (Outcome, error) {
	head := marker(kindDrift, driftMarker{File: file})
	text, notice := compose(s.cfg, head, body)
	req := &gh.IssueRequest{Title: gh.String(DriftTitle(file)), Body: gh.String(text)}
	if open != nil && open.GetBody() == text && open.GetTitle() == DriftTitle(file) {
		return Outcome{Action: Unchanged, URL: open.GetHTMLURL()}, nil
	}
	var issue *gh.Issue
	err := s.call(ctx, func(c *gh.Client) (resp *gh.Response, err error) {
		if open != nil {
			issue, resp, err = c.Issues.Edit(ctx, s.cfg.Owner, s.cfg.Repo, open.GetNumber(), req)
		} else {
			issue, resp, err = c.Issues.Create(ctx, s.cfg.Owner, s.cfg.Repo, req)
		}
		return resp, err
	})
	if err != nil {
		return Outcome{}, err
	}
	action := Created
	if open != nil {
		action = Updated
	}
	return Outcome{Action: action, URL: issue.GetHTMLURL(), Notice: notice}, nil
}

// closeDriftIssue says why in a comment, then closes the issue as completed.
func (s *session) closeDriftIssue(ctx context.Context, open *gh.Issue, file string) (Outcome, error) {
	note := fmt.Sprintf("Live state matches `%s` again", file)
	if u := s.cfg.RunURL(); u != "" {
		note += fmt.Sprintf(" ([workflow run](%s))", u)
	}
	comment := &gh.IssueComment{Body: gh.String(secret.Mask(note+"; closing.", s.cfg.secrets()))}
	closed := &gh.IssueRequest{State: gh.String("closed"), StateReason: gh.String("completed")}
	n := open.GetNumber()
	err := s.call(ctx, func(c *gh.Client) (*gh.Response, error) {
		_, resp, err := c.Issues.CreateComment(ctx, s.cfg.Owner, s.cfg.Repo, n, comment)
		return resp, err
	})
	if err == nil {
		err = s.call(ctx, func(c *gh.Client) (*gh.Response, error) {
			_, resp, err := c.Issues.Edit(ctx, s.cfg.Owner, s.cfg.Repo, n, closed)
			return resp, err
		})
	}
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Action: Closed, URL: open.GetHTMLURL()}, nil
}

// findDriftIssue returns the newest open issue by the configured author whose
// marker names file. The issues list also returns pull requests; those are
// skipped.
func (s *session) findDriftIssue(ctx context.Context, file string) (*gh.Issue, error) {
	var found *gh.Issue
	err := listAll(ctx, s, func(c *gh.Client, opts gh.ListOptions) ([]*gh.Issue, *gh.Response, error) {
		return c.Issues.ListByRepo(ctx, s.cfg.Owner, s.cfg.Repo, &gh.IssueListByRepoOptions{State: "open", ListOptions: opts})
	}, func(is *gh.Issue) {
		var m driftMarker
		if !is.IsPullRequest() && s.owns(is.GetUser()) && parseMarker(is.GetBody(), kindDrift, &m) &&
			m.File == file && (found == nil || is.GetNumber() > found.GetNumber()) {
			found = is
		}
	})
	return found, err
}
