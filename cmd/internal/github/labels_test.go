package github_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/cmd/internal/github/githubfake"
)

var allLabels = []github.Label{
	github.LabelCreate, github.LabelUpdate, github.LabelNoChanges, github.LabelConflict, github.LabelError,
	github.LabelApplied, github.LabelApplyFailed,
}

func syncPlan(t *testing.T, h *harness, want github.Label) github.LabelResult {
	t.Helper()
	r, err := github.SyncPlanLabel(context.Background(), h.cfg, "ccr.yaml", want)
	if err != nil {
		t.Fatalf("SyncPlanLabel(%s): %v", want, err)
	}
	return r
}

// markerBody is a comment body of kind ("plan" or "apply") for file that
// recorded label.
func markerBody(kind, file string, label github.Label) string {
	return `<!-- ccr:` + kind + ` {"file":"` + file + `","label":"` + string(label) + `"} -->` + "\nresult"
}

// writes lists the fake's write requests as "METHOD path".
func writes(h *harness) []string {
	var out []string
	for _, r := range h.fake.Writes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func TestLabelStylesAreValidForGitHub(t *testing.T) {
	hex := regexp.MustCompile(`^[0-9a-f]{6}$`)
	colors := map[string]github.Label{}
	for _, l := range allLabels {
		if !hex.MatchString(l.Color()) {
			t.Errorf("%s: colour %q is not six hex digits", l, l.Color())
		}
		if n := utf8.RuneCountInString(l.Description()); n == 0 || n > 100 {
			t.Errorf("%s: description has %d characters, GitHub allows 1..100", l, n)
		}
		if other, dup := colors[l.Color()]; dup {
			t.Errorf("%s and %s share colour %s", l, other, l.Color())
		}
		colors[l.Color()] = l
	}
}

func TestSyncPlanLabelCreatesTheLabelInCCRColourFirst(t *testing.T) {
	h := newHarness(t)
	r := syncPlan(t, h, github.LabelCreate)
	if !r.Added || r.Notice != "" || r.String() != "ccr:create added" {
		t.Fatalf("result = %+v (%s), want added", r, r)
	}
	labels := h.fake.RepoLabels()
	if len(labels) != 1 || labels[0].Color != "1d76db" || labels[0].Description != github.LabelCreate.Description() {
		t.Errorf("repository labels = %+v, want ccr:create in 1d76db with its description", labels)
	}
	want := []string{"POST /repos/acme/infra/labels", "POST /repos/acme/infra/issues/1/labels"}
	if got := writes(h); !slices.Equal(got, want) {
		t.Errorf("writes = %v, want %v (the label created before it is added)", got, want)
	}
}

func TestSyncPlanLabelTransitionsKeepOneCCRLabel(t *testing.T) {
	h := newHarness(t)
	pr := h.cfg.Event.PR
	h.fake.LabelIssue(pr, "needs-review", "ccr:custom")
	steps := []struct {
		want    github.Label
		removed string
	}{
		{github.LabelCreate, ""},
		{github.LabelNoChanges, "ccr:create"},
		{github.LabelUpdate, "ccr:no-changes"},
		{github.LabelConflict, "ccr:update"},
		{github.LabelError, "ccr:conflict"},
		{github.LabelCreate, "ccr:error"},
	}
	for _, s := range steps {
		r := syncPlan(t, h, s.want)
		if !r.Added || (s.removed == "") != (len(r.Removed) == 0) || (s.removed != "" && string(r.Removed[0]) != s.removed) {
			t.Errorf("%s: result = %s, want added and %q removed", s.want, r, s.removed)
		}
		got := h.fake.IssueLabels(pr)
		want := []string{"ccr:custom", string(s.want), "needs-review"}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: labels = %v, want %v", s.want, got, want)
		}
	}
	if n := len(h.fake.RepoLabels()); n != 2+5 {
		t.Errorf("repository has %d labels, want the 2 seeded and ccr's 5 plan labels, each created once", n)
	}
}

func TestSyncPlanLabelAlreadySetOnlyReads(t *testing.T) {
	h := newHarness(t)
	syncPlan(t, h, github.LabelNoChanges)
	before := len(h.fake.Writes())
	r := syncPlan(t, h, github.LabelNoChanges)
	if r.Added || r.String() != "ccr:no-changes already set" {
		t.Errorf("result = %s, want already set", r)
	}
	if n := len(h.fake.Writes()); n != before {
		t.Errorf("a second sync wrote %d times", n-before)
	}
}

func TestSyncPlanLabelFindsStaleLabelOnLastPage(t *testing.T) {
	h := newHarness(t)
	pr := h.cfg.Event.PR
	h.fake.SetPageSize(2)
	h.fake.LabelIssue(pr, "a", "b", "c", "d", "CCR:Error")
	h.fake.AddLabel("ccr:create", "1d76db", "")
	r := syncPlan(t, h, github.LabelCreate)
	if len(r.Removed) != 1 || r.Removed[0] != github.LabelError {
		t.Errorf("result = %s, want CCR:Error (page 3, another case) removed", r)
	}
	if got := h.fake.IssueLabels(pr); !slices.Equal(got, []string{"a", "b", "c", "ccr:create", "d"}) {
		t.Errorf("labels = %v", got)
	}
}

func TestSyncPlanLabelKeepsTheRepositorysColour(t *testing.T) {
	h := newHarness(t)
	h.fake.AddLabel("ccr:create", "ffffff", "our own words")
	syncPlan(t, h, github.LabelCreate)
	if l := h.fake.RepoLabels(); len(l) != 1 || l[0].Color != "ffffff" || l[0].Description != "our own words" {
		t.Errorf("repository label = %+v, want it untouched", l)
	}
	if got := writes(h); !slices.Equal(got, []string{"POST /repos/acme/infra/issues/1/labels"}) {
		t.Errorf("writes = %v, want only the add", got)
	}
}

func TestSyncPlanLabelSurvivesCreateRace(t *testing.T) {
	h := newHarness(t)
	h.fake.RaceLabelCreate("ccr:create", "123456")
	r := syncPlan(t, h, github.LabelCreate)
	if !r.Added || r.Notice != "" {
		t.Errorf("result = %+v, want added after the 422", r)
	}
	if got := h.fake.IssueLabels(h.cfg.Event.PR); !slices.Equal(got, []string{"ccr:create"}) {
		t.Errorf("labels = %v", got)
	}
}

func TestSyncPlanLabelWithoutPermissionToCreateLabels(t *testing.T) {
	h := newHarness(t)
	pr := h.cfg.Event.PR
	h.fake.SetLabelCreateForbidden(true)
	h.fake.LabelIssue(pr, "ccr:create", "needs-review")

	r := syncPlan(t, h, github.LabelNoChanges)
	for _, part := range []string{"may not create the label ccr:no-changes", `"Resource not accessible by integration"`, "#0e8a16", "pull-requests: write"} {
		if !strings.Contains(r.Notice, part) {
			t.Errorf("notice %q lacks %q", r.Notice, part)
		}
	}
	if r.Added || len(r.Removed) != 1 {
		t.Errorf("result = %s, want not added and the stale ccr:create removed", r)
	}
	if got := h.fake.IssueLabels(pr); !slices.Equal(got, []string{"needs-review"}) {
		t.Errorf("labels = %v: a missing label must never be added (GitHub would create it grey)", got)
	}

	h.fake.AddLabel("ccr:no-changes", "0e8a16", "made by a maintainer")
	if r := syncPlan(t, h, github.LabelNoChanges); !r.Added || r.Notice != "" {
		t.Errorf("with the label made: result = %+v, want added without a notice", r)
	}
}

func TestSyncPlanLabelReadOnlyTokenStopsAtFirstRefusal(t *testing.T) {
	h := newHarness(t)
	pr := h.cfg.Event.PR
	h.fake.LabelIssue(pr, "ccr:create", "ccr:error")
	h.fake.SetReadOnly(true)
	r := syncPlan(t, h, github.LabelConflict)
	if r.Notice == "" || strings.Count(r.Notice, "Resource not accessible") != 1 {
		t.Errorf("notice = %q, want one refusal", r.Notice)
	}
	want := []string{"POST /repos/acme/infra/labels", "DELETE /repos/acme/infra/issues/1/labels/ccr:create"}
	if got := writes(h); !slices.Equal(got, want) {
		t.Errorf("writes = %v, want %v and nothing after the second refusal", got, want)
	}
}

func TestSyncPlanLabelSkipsWithoutRequests(t *testing.T) {
	for name, ev := range map[string]github.Event{
		"fork": {Name: "pull_request", PR: 1, HeadRepo: "eve/infra", BaseRepo: "acme/infra"},
		"push": {Name: "push", After: "abc"},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.cfg.Event = ev
			if r := syncPlan(t, h, github.LabelCreate); !r.Skipped {
				t.Errorf("result = %+v, want skipped", r)
			}
			if r := h.fake.Requests(); len(r) != 0 {
				t.Errorf("requests = %v, want none", r)
			}
		})
	}
}

func TestSyncPlanLabelSaysTheWorstOfTheFiles(t *testing.T) {
	cases := map[string]struct {
		comments []struct {
			author, body string
		}
		want github.Label
	}{
		"another file conflicts": {
			comments: []struct{ author, body string }{
				{githubfake.Login, markerBody("plan", "staging.yaml", github.LabelConflict)},
			},
			want: github.LabelConflict,
		},
		"another file updates": {
			comments: []struct{ author, body string }{
				{githubfake.Login, markerBody("plan", "staging.yaml", github.LabelUpdate)},
				{githubfake.Login, markerBody("plan", "dev.yaml", github.LabelNoChanges)},
			},
			want: github.LabelUpdate,
		},
		"its newest plan has no changes": {
			comments: []struct{ author, body string }{
				{githubfake.Login, markerBody("plan", "staging.yaml", github.LabelError)},
				{githubfake.Login, markerBody("plan", "staging.yaml", github.LabelNoChanges)},
			},
			want: github.LabelCreate,
		},
		"this file's old verdict and look-alikes do not count": {
			comments: []struct{ author, body string }{
				{githubfake.Login, markerBody("plan", "ccr.yaml", github.LabelError)},
				{"mallory", markerBody("plan", "staging.yaml", github.LabelError)},
				{githubfake.Login, markerBody("apply", "staging.yaml", github.LabelApplyFailed)},
				{githubfake.Login, markerBody("plan", "old.yaml", "ccr:bogus")},
			},
			want: github.LabelCreate,
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			for _, cm := range c.comments {
				h.fake.AddComment(h.cfg.Event.PR, cm.author, cm.body)
			}
			if r := syncPlan(t, h, github.LabelCreate); r.Label != c.want {
				t.Errorf("label = %s, want %s", r.Label, c.want)
			}
			if got := h.fake.IssueLabels(h.cfg.Event.PR); !slices.Equal(got, []string{string(c.want)}) {
				t.Errorf("labels = %v, want only %s", got, c.want)
			}
		})
	}
}

func TestSyncApplyLabelReplacesThePlanLabel(t *testing.T) {
	h, pr := pushHarness(t, "sha256:aaa")
	h.fake.LabelIssue(pr, "ccr:create", "release-notes")
	r, err := github.SyncApplyLabel(context.Background(), h.cfg, pr, "ccr.yaml", github.LabelApplied)
	if err != nil || !r.Added || len(r.Removed) != 1 || r.Removed[0] != github.LabelCreate {
		t.Fatalf("SyncApplyLabel = %s, %v; want applied added and ccr:create removed", r, err)
	}
	if got := h.fake.IssueLabels(pr); !slices.Equal(got, []string{"ccr:applied", "release-notes"}) {
		t.Errorf("labels = %v", got)
	}

	// Another file's apply from the same merge failed: the merged pull
	// request says so, whatever this file's apply did.
	h.fake.AddComment(pr, githubfake.Login, markerBody("apply", "staging.yaml", github.LabelApplyFailed))
	r, err = github.SyncApplyLabel(context.Background(), h.cfg, pr, "ccr.yaml", github.LabelApplied)
	if err != nil || r.Label != github.LabelApplyFailed {
		t.Fatalf("SyncApplyLabel = %s, %v; want apply-failed", r, err)
	}
	if got := h.fake.IssueLabels(pr); !slices.Equal(got, []string{"ccr:apply-failed", "release-notes"}) {
		t.Errorf("labels = %v", got)
	}
}

func TestSyncPlanLabelWaitsOutRateLimits(t *testing.T) {
	h := newHarness(t)
	h.fake.Inject(githubfake.SecondaryRateLimit(7*time.Second), githubfake.TooManyRequests(3*time.Second))
	if r := syncPlan(t, h, github.LabelCreate); !r.Added {
		t.Fatalf("result = %s, want added after the waits", r)
	}
	if want := []time.Duration{7 * time.Second, 3 * time.Second}; !slices.Equal(h.slept, want) {
		t.Errorf("slept %v, want %v", h.slept, want)
	}
}

func TestSyncPlanLabelServerErrorIsAnError(t *testing.T) {
	h := newHarness(t)
	h.fake.LabelIssue(h.cfg.Event.PR, "ccr:error")
	h.fake.Inject(githubfake.ServerError())
	_, err := github.SyncPlanLabel(context.Background(), h.cfg, "ccr.yaml", github.LabelCreate)
	if err == nil || !strings.Contains(err.Error(), "list comments on pull request #1") || !strings.Contains(err.Error(), "502") {
		t.Fatalf("err = %v, want the 502 wrapped with what was being done", err)
	}
	if w := writes(h); len(w) != 0 {
		t.Errorf("writes = %v, want none after the failed read", w)
	}
	if len(h.slept) != 0 {
		t.Errorf("slept %v: a 502 is not a rate limit", h.slept)
	}
}

func TestPlanAndApplyMarkersRecordTheLabel(t *testing.T) {
	h := newHarness(t)
	_, err := github.UpsertPlanComment(context.Background(), h.cfg, "ccr.yaml",
		github.Meta{Digest: "sha256:aaa", Label: github.LabelConflict}, "plan")
	if err != nil {
		t.Fatal(err)
	}
	want := `<!-- ccr:plan {"file":"ccr.yaml","head":"4f2c9e1","digest":"sha256:aaa","ccr":"0.3.0","label":"ccr:conflict"} -->`
	if got := firstLine(h.fake.Comments(h.cfg.Event.PR)[0].Body); got != want {
		t.Errorf("plan marker = %s\nwant %s", got, want)
	}

	ph, pr := pushHarness(t, "")
	if _, err := github.ReportApply(context.Background(), ph.cfg, "", "ccr.yaml", "done", "", github.LabelApplyFailed); err != nil {
		t.Fatal(err)
	}
	if got := firstLine(ph.fake.Comments(pr)[0].Body); !strings.HasSuffix(got, `,"label":"ccr:apply-failed"} -->`) {
		t.Errorf("apply marker = %s, want the label recorded", got)
	}
}

func TestSyncPlanLabelStaleLabelGoneMeanwhile(t *testing.T) {
	h := newHarness(t)
	pr := h.cfg.Event.PR
	h.fake.LabelIssue(pr, "ccr:create", "ccr:error")
	h.fake.RaceLabelRemove(pr, "ccr:error")
	r := syncPlan(t, h, github.LabelCreate)
	if r.Notice != "" || len(r.Removed) != 0 {
		t.Errorf("result = %+v, want no notice and nothing counted as removed by this run", r)
	}
	if got := h.fake.IssueLabels(pr); !slices.Equal(got, []string{"ccr:create"}) {
		t.Errorf("labels = %v", got)
	}
}
