package github

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	gh "github.com/google/go-github/v60/github"
)

// UpsertPlanComment keeps one plan comment per pull request and file: it
// edits the newest comment by Config.CommentAuthor whose marker names file,
// leaves it alone when the body is byte-identical, or creates one. Older
// duplicates (from runs before this one existed, or a race between runs) are
// left as they are: the newest is the one kept current.
//
// Nothing is posted, and the Outcome is Skipped with a Notice, when the run
// is not for a pull request, when the pull request comes from a fork (no API
// call is made) or when the token may not comment (403).
func UpsertPlanComment(ctx context.Context, cfg Config, file string, meta Meta, body string) (Outcome, error) {
	if o, skip := skipPullRequest(cfg); skip {
		return o, nil
	}
	s, err := newSession(cfg)
	if err != nil {
		return Outcome{}, err
	}
	head := marker(kindPlan, planMarker{
		File:   file,
		Head:   orDefault(meta.Head, cfg.Event.HeadSHA),
		Digest: meta.Digest,
		CCR:    orDefault(meta.Version, cfg.Version),
		Label:  meta.Label,
	})
	text, notice := compose(cfg, head, body)
	pr := cfg.Event.PR
	old, err := s.findComment(ctx, pr, planMatch(file))
	if err != nil {
		return forbiddenOr(err, permComments, "list comments on pull request #%d", pr)
	}
	if old != nil && old.GetBody() == text {
		return Outcome{Action: Unchanged, URL: old.GetHTMLURL()}, nil
	}
	action := Created
	write := func(c *gh.Client, b string) (*gh.IssueComment, *gh.Response, error) {
		return c.Issues.CreateComment(ctx, cfg.Owner, cfg.Repo, pr, &gh.IssueComment{Body: gh.String(b)})
	}
	if old != nil {
		action = Updated
		write = func(c *gh.Client, b string) (*gh.IssueComment, *gh.Response, error) {
			return c.Issues.EditComment(ctx, cfg.Owner, cfg.Repo, old.GetID(), &gh.IssueComment{Body: gh.String(b)})
		}
	}
	o, err := s.writeComment(ctx, head, text, write)
	if err != nil {
		return forbiddenOr(err, permComments, "post plan comment on pull request #%d", pr)
	}
	o.Action = action
	o.Notice = orDefault(o.Notice, notice)
	return o, nil
}

// skipPullRequest decides, without any API call, that no plan comment can be
// posted for this run.
func skipPullRequest(cfg Config) (Outcome, bool) {
	ev := cfg.Event
	switch {
	case ev.PR == 0:
		return Outcome{Action: Skipped, Notice: fmt.Sprintf(
			"event %q is not a pull request: no plan comment posted", ev.Name)}, true
	case ev.IsFork():
		return Outcome{Action: Skipped, Notice: fmt.Sprintf(
			"pull request #%d comes from the fork %s, whose token is read-only: the plan is in the step summary only",
			ev.PR, ev.HeadRepo)}, true
	}
	return Outcome{}, false
}

// The workflow permissions each operation needs, named in notices.
const (
	permComments = "pull-requests: write"
	permIssues   = "issues: write"
)

// forbiddenOr turns a permission 403 into a Skipped outcome whose notice
// names the missing permission, and wraps any other error.
func forbiddenOr(err error, perm, format string, args ...any) (Outcome, error) {
	if msg, ok := isForbidden(err); ok {
		return Outcome{Action: Skipped, Notice: fmt.Sprintf(
			"the GitHub token was refused (%q): give the job `permissions: %s`; the report is in the step summary only",
			msg, perm)}, nil
	}
	return Outcome{}, fmt.Errorf(format+": %w", append(args, err)...)
}

// planMatch selects plan comments for file.
func planMatch(file string) func(string) bool {
	return func(body string) bool {
		m, ok := planFor(body)
		return ok && m.File == file
	}
}

// findComment returns the newest comment on issue or pull request number,
// written by the configured author, whose body satisfies match. It reads
// every page: a sticky comment missed on page 3 becomes a duplicate.
func (s *session) findComment(ctx context.Context, number int, match func(body string) bool) (*gh.IssueComment, error) {
	var found *gh.IssueComment
	err := listAll(ctx, s, func(c *gh.Client, opts gh.ListOptions) ([]*gh.IssueComment, *gh.Response, error) {
		return c.Issues.ListComments(ctx, s.cfg.Owner, s.cfg.Repo, number, &gh.IssueListCommentsOptions{ListOptions: opts})
	}, func(c *gh.IssueComment) {
		// IDs grow with creation time, so the highest ID is the newest.
		if s.owns(c.GetUser()) && match(c.GetBody()) && (found == nil || c.GetID() > found.GetID()) {
			found = c
		}
	})
	return found, err
}

// owns reports whether u is the author whose comments and issues ccr
// manages; look-alike markers from other users are never touched.
func (s *session) owns(u *gh.User) bool {
	return strings.EqualFold(u.GetLogin(), s.cfg.CommentAuthor)
}

// writeComment posts body with write. When GitHub still refuses it as too
// long (422), it retries once with the short pointer to the step summary.
func (s *session) writeComment(ctx context.Context, head, body string,
	write func(c *gh.Client, body string) (*gh.IssueComment, *gh.Response, error)) (Outcome, error) {
	var posted *gh.IssueComment
	send := func(b string) error {
		return s.call(ctx, func(c *gh.Client) (*gh.Response, error) {
			var resp *gh.Response
			var err error
			posted, resp, err = write(c, b)
			return resp, err
		})
	}
	err := send(body)
	if err == nil {
		return Outcome{URL: posted.GetHTMLURL()}, nil
	}
	if !isTooLong(err) {
		return Outcome{}, err
	}
	n := utf8.RuneCountInString(body)
	if err := send(shortBody(s.cfg, head, n)); err != nil {
		return Outcome{}, err
	}
	return Outcome{URL: posted.GetHTMLURL(), Notice: tooLongNotice(n)}, nil
}
