package github_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/cmd/internal/github/githubfake"
)

// t0 is the fake "now"; rate-limit resets are set relative to it. It lies
// in the real past, so go-github's wall-clock memory of a primary limit never
// refuses the retry on its own.
var t0 = time.Date(2021, 6, 1, 12, 0, 0, 0, time.UTC)

// harness is a fake GitHub plus a Config pointing at it, with a clock that
// records every wait instead of sleeping.
type harness struct {
	fake  *githubfake.Fake
	cfg   github.Config
	slept []time.Duration
}

// newHarness starts a fake with one open pull request (number 1) and a
// Config for a pull_request run on it. The fake must see no unexpected
// request by the end of the test.
func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{fake: githubfake.New()}
	pr := h.fake.AddPullRequest("main", false)
	h.cfg = github.Config{
		Owner: githubfake.Owner, Repo: githubfake.Repo,
		APIURL: h.fake.URL(), Token: githubfake.Token,
		ServerURL: "https://github.example", RunID: "4242",
		CommentAuthor: github.DefaultCommentAuthor, Version: "0.3.0",
		Event: github.Event{
			Name: "pull_request", PR: pr, HeadSHA: "4f2c9e1",
			BaseRepo: "acme/infra", HeadRepo: "acme/infra",
		},
		Now: func() time.Time { return t0 },
		Sleep: func(_ context.Context, d time.Duration) error {
			h.slept = append(h.slept, d)
			return nil
		},
	}
	t.Cleanup(func() {
		h.fake.Close()
		if u := h.fake.Unexpected(); len(u) > 0 {
			t.Errorf("unexpected requests to the fake: %v", u)
		}
	})
	return h
}

// planBody is a plan comment body as a previous run would have left it.
func planBody(file, digest, text string) string {
	return `<!-- ccr:plan {"file":"` + file + `","head":"0ld","digest":"` + digest + `","ccr":"0.2.0"} -->` + "\n" + text
}

// firstLine returns the marker line of a posted body.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
