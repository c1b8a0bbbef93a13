package github_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/cmd/internal/github/githubfake"
)

// pushHarness is a push to main at mergeSHA with one PR merged by it whose
// plan comment recorded reviewed (none when reviewed is "").
func pushHarness(t *testing.T, reviewed string) (*harness, int) {
	t.Helper()
	h := newHarness(t)
	h.cfg.Event = github.Event{Name: "push", Ref: "refs/heads/main", After: "merge1"}
	pr := h.fake.AddPullRequest("main", true, "merge1")
	if reviewed != "" {
		h.fake.AddComment(pr, githubfake.Login, planBody("ccr.yaml", reviewed, "plan"))
	}
	return h, pr
}

func reportApply(t *testing.T, h *harness, applied string) github.ApplyReport {
	t.Helper()
	rep, err := github.ReportApply(context.Background(), h.cfg, "", "ccr.yaml", "### ccr apply: 2 created\n", applied, "")
	if err != nil {
		t.Fatalf("ReportApply: %v", err)
	}
	return rep
}

func TestReportApplyMatchingDigest(t *testing.T) {
	h, pr := pushHarness(t, "sha256:aaa")
	rep := reportApply(t, h, "sha256:aaa")
	if len(rep.PRs) != 1 || rep.PRs[0].Number != pr || rep.PRs[0].Differs || rep.PRs[0].Outcome.Action != github.Created {
		t.Fatalf("report = %+v, want one matching PR report", rep)
	}
	cs := h.fake.Comments(pr)
	got := cs[len(cs)-1].Body
	want := `<!-- ccr:apply {"file":"ccr.yaml","sha":"merge1","applied":"sha256:aaa","reviewed":"sha256:aaa","ccr":"0.3.0"} -->` +
		"\n### ccr apply: 2 created\n"
	if got != want {
		t.Errorf("apply comment =\n%s\nwant\n%s", got, want)
	}
}

func TestReportApplyWarnsWhenNotWhatWasReviewed(t *testing.T) {
	cases := map[string]struct{ reviewed, warning string }{
		"digest differs": {"sha256:old", "(reviewed `sha256:old`, applied `sha256:new`)"},
		"never reviewed": {"", "No ccr plan for `ccr.yaml` was found"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h, pr := pushHarness(t, c.reviewed)
			rep := reportApply(t, h, "sha256:new")
			if len(rep.PRs) != 1 || !rep.PRs[0].Differs || rep.PRs[0].Reviewed != c.reviewed {
				t.Fatalf("report = %+v, want a differing report", rep)
			}
			cs := h.fake.Comments(pr)
			body := cs[len(cs)-1].Body
			_, rest, _ := strings.Cut(body, "\n")
			if !strings.HasPrefix(rest, "> [!WARNING]\n") || !strings.Contains(rest, c.warning) {
				t.Errorf("apply comment lacks the warning %q:\n%s", c.warning, body)
			}
		})
	}
}

func TestReportApplyCommentsOnEveryMergedPullRequest(t *testing.T) {
	h, first := pushHarness(t, "sha256:aaa")
	second := h.fake.AddPullRequest("main", true, "merge1")
	h.fake.AddComment(second, githubfake.Login, planBody("ccr.yaml", "sha256:bbb", "plan"))
	open := h.fake.AddPullRequest("main", false, "merge1")
	elsewhere := h.fake.AddPullRequest("release", true, "merge1")

	rep := reportApply(t, h, "sha256:aaa")
	if len(rep.PRs) != 2 || rep.PRs[0].Number != first || rep.PRs[1].Number != second {
		t.Fatalf("report = %+v, want PRs %d and %d", rep, first, second)
	}
	if rep.PRs[0].Differs || !rep.PRs[1].Differs {
		t.Errorf("differs = %v, %v; want false, true", rep.PRs[0].Differs, rep.PRs[1].Differs)
	}
	for _, n := range []int{open, elsewhere} {
		if cs := h.fake.Comments(n); len(cs) != 0 {
			t.Errorf("PR %d (open or merged into another branch) got comments: %+v", n, cs)
		}
	}
}

func TestReportApplyWithoutPullRequestPostsNothing(t *testing.T) {
	h := newHarness(t)
	h.cfg.Event = github.Event{Name: "push", Ref: "refs/heads/main", After: "direct-push"}
	rep := reportApply(t, h, "sha256:aaa")
	if len(rep.PRs) != 0 || !strings.Contains(rep.Notice, "direct-push belongs to no merged pull request") {
		t.Errorf("report = %+v, want a notice and no PRs", rep)
	}
	if w := h.fake.Writes(); len(w) != 0 {
		t.Errorf("writes = %v, want none", w)
	}
}

func TestReportApplyReadOnlyTokenIsSkipped(t *testing.T) {
	h, _ := pushHarness(t, "sha256:aaa")
	h.fake.SetReadOnly(true)
	rep := reportApply(t, h, "sha256:aaa")
	if len(rep.PRs) != 1 || rep.PRs[0].Outcome.Action != github.Skipped || rep.PRs[0].Outcome.Notice == "" {
		t.Errorf("report = %+v, want the PR skipped with a notice", rep)
	}
}
