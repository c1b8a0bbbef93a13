package github_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/cmd/internal/github/githubfake"
)

const driftMarker = `<!-- ccr:drift {"file":"ccr.yaml"} -->`

func syncDrift(t *testing.T, h *harness, drifted bool, body string) github.Outcome {
	t.Helper()
	o, err := github.SyncDriftIssue(context.Background(), h.cfg, "ccr.yaml", drifted, body)
	if err != nil {
		t.Fatalf("SyncDriftIssue: %v", err)
	}
	return o
}

func driftHarness(t *testing.T) *harness {
	h := newHarness(t)
	h.cfg.Event = github.Event{Name: "schedule"}
	return h
}

func TestDriftIssueOpenedWhenDrifted(t *testing.T) {
	h := driftHarness(t)
	h.fake.AddIssue("octocat", "look-alike", driftMarker+"\nnot ours")
	h.fake.AddIssue(githubfake.Login, "other file", `<!-- ccr:drift {"file":"staging.yaml"} -->`+"\n")
	o := syncDrift(t, h, true, "orders-eu: plan differs")
	if o.Action != github.Created || o.URL == "" {
		t.Fatalf("outcome = %+v, want created", o)
	}
	issues := h.fake.Issues()
	got := issues[len(issues)-1]
	if got.Title != "ccr: live state differs from ccr.yaml" || got.Body != driftMarker+"\norders-eu: plan differs" || got.State != "open" {
		t.Errorf("issue = %+v", got)
	}
}

func TestDriftIssueUpdatedOrLeftAlone(t *testing.T) {
	h := driftHarness(t)
	h.fake.SetPageSize(1)
	n := h.fake.AddIssue(githubfake.Login, github.DriftTitle("ccr.yaml"), driftMarker+"\nold drift")
	h.fake.AddIssue("octocat", "newer unrelated issue", "")

	if o := syncDrift(t, h, true, "old drift"); o.Action != github.Unchanged {
		t.Fatalf("same drift: action = %s, want unchanged", o.Action)
	}
	if w := h.fake.Writes(); len(w) != 0 {
		t.Fatalf("writes = %v for unchanged drift", w)
	}
	if o := syncDrift(t, h, true, "new drift"); o.Action != github.Updated {
		t.Fatalf("new drift: action = %s, want updated", o.Action)
	}
	if is, _ := h.fake.Issue(n); is.Body != driftMarker+"\nnew drift" {
		t.Errorf("issue body = %q", is.Body)
	}
	if len(h.fake.Issues()) != 2 {
		t.Errorf("issues = %+v, want no second drift issue", h.fake.Issues())
	}
}

func TestDriftIssueClosedWhenResolved(t *testing.T) {
	h := driftHarness(t)
	n := h.fake.AddIssue(githubfake.Login, github.DriftTitle("ccr.yaml"), driftMarker+"\ndrift")
	if o := syncDrift(t, h, false, ""); o.Action != github.Closed {
		t.Fatalf("action = %s, want closed", o.Action)
	}
	is, _ := h.fake.Issue(n)
	if is.State != "closed" || is.StateReason != "completed" {
		t.Errorf("issue state = %s/%s, want closed/completed", is.State, is.StateReason)
	}
	cs := h.fake.Comments(n)
	if len(cs) != 1 || !strings.Contains(cs[0].Body, "Live state matches `ccr.yaml` again") ||
		!strings.Contains(cs[0].Body, "/actions/runs/4242") {
		t.Errorf("closing comment = %+v", cs)
	}
}

func TestNoDriftNoIssueDoesNothing(t *testing.T) {
	h := driftHarness(t)
	if o := syncDrift(t, h, false, ""); o.Action != github.Unchanged {
		t.Errorf("action = %s, want unchanged", o.Action)
	}
	if w := h.fake.Writes(); len(w) != 0 {
		t.Errorf("writes = %v, want none", w)
	}
}

func TestDriftIssueReadOnlyTokenIsSkipped(t *testing.T) {
	h := driftHarness(t)
	h.fake.SetReadOnly(true)
	o := syncDrift(t, h, true, "drift")
	if o.Action != github.Skipped || !strings.Contains(o.Notice, "issues: write") {
		t.Errorf("outcome = %+v, want skipped naming issues: write", o)
	}
}
