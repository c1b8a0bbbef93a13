package github_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/cmd/internal/github/githubfake"
)

var meta = github.Meta{Digest: "sha256:aaa"}

func upsert(t *testing.T, h *harness, body string) github.Outcome {
	t.Helper()
	o, err := github.UpsertPlanComment(context.Background(), h.cfg, "ccr.yaml", meta, body)
	if err != nil {
		t.Fatalf("UpsertPlanComment: %v", err)
	}
	return o
}

func TestUpsertCreatesCommentWithMarker(t *testing.T) {
	h := newHarness(t)
	o := upsert(t, h, "### ccr plan: 2 to create\n")
	if o.Action != github.Created || o.URL == "" {
		t.Fatalf("outcome = %+v, want created with a URL", o)
	}
	cs := h.fake.Comments(h.cfg.Event.PR)
	if len(cs) != 1 {
		t.Fatalf("comments = %d, want 1", len(cs))
	}
	want := `<!-- ccr:plan {"file":"ccr.yaml","head":"4f2c9e1","digest":"sha256:aaa","ccr":"0.3.0"} -->`
	if got := firstLine(cs[0].Body); got != want {
		t.Errorf("marker = %s\nwant %s", got, want)
	}
	if !strings.HasSuffix(cs[0].Body, "2 to create\n") {
		t.Errorf("body lost the plan text: %q", cs[0].Body)
	}
}

func TestUpsertEditsOwnCommentInPlace(t *testing.T) {
	h := newHarness(t)
	pr := h.cfg.Event.PR
	id := h.fake.AddComment(pr, githubfake.Login, planBody("ccr.yaml", "old", "old plan"))
	o := upsert(t, h, "new plan")
	if o.Action != github.Updated {
		t.Fatalf("action = %s, want updated", o.Action)
	}
	cs := h.fake.Comments(pr)
	if len(cs) != 1 || cs[0].ID != id || !strings.HasSuffix(cs[0].Body, "\nnew plan") {
		t.Fatalf("comments = %+v, want comment %d edited to the new plan", cs, id)
	}
	if w := h.fake.Writes(); len(w) != 1 || w[0].Method != "PATCH" {
		t.Errorf("writes = %v, want one PATCH", w)
	}
}

func TestUpsertLeavesUnchangedCommentAlone(t *testing.T) {
	h := newHarness(t)
	upsert(t, h, "same plan")
	o := upsert(t, h, "same plan")
	if o.Action != github.Unchanged || o.URL == "" {
		t.Fatalf("second outcome = %+v, want unchanged with a URL", o)
	}
	if w := h.fake.Writes(); len(w) != 1 {
		t.Errorf("writes = %v, want only the first create", w)
	}
}

func TestUpsertFindsCommentOnLastPage(t *testing.T) {
	h := newHarness(t)
	h.fake.SetPageSize(2)
	pr := h.cfg.Event.PR
	for range 4 {
		h.fake.AddComment(pr, "octocat", "LGTM")
	}
	id := h.fake.AddComment(pr, githubfake.Login, planBody("ccr.yaml", "old", "old plan"))
	if o := upsert(t, h, "new plan"); o.Action != github.Updated {
		t.Fatalf("action = %s, want updated: the comment on page 3 was missed", o.Action)
	}
	var pages []string
	for _, r := range h.fake.Requests() {
		if r.Method == "GET" {
			pages = append(pages, r.Query)
		}
	}
	if len(pages) != 3 || !strings.Contains(pages[2], "page=3") {
		t.Errorf("list requests = %v, want pages 1..3", pages)
	}
	if cs := h.fake.Comments(pr); cs[4].ID != id || !strings.HasSuffix(cs[4].Body, "new plan") {
		t.Errorf("comment %d not edited: %+v", id, cs[4])
	}
}

func TestUpsertIgnoresCommentsItDoesNotOwn(t *testing.T) {
	cases := map[string]struct{ author, body string }{
		"another author":        {"mallory", planBody("ccr.yaml", "x", "look-alike")},
		"another file":          {githubfake.Login, planBody("staging.yaml", "x", "other file")},
		"marker not first line": {githubfake.Login, "quote:\n" + planBody("ccr.yaml", "x", "")},
		"broken marker JSON":    {githubfake.Login, "<!-- ccr:plan {\"file\": -->\n"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			pr := h.cfg.Event.PR
			h.fake.AddComment(pr, c.author, c.body)
			if o := upsert(t, h, "plan"); o.Action != github.Created {
				t.Fatalf("action = %s, want created", o.Action)
			}
			if cs := h.fake.Comments(pr); len(cs) != 2 || cs[0].Body != c.body {
				t.Errorf("seeded comment changed or no new one: %+v", cs)
			}
		})
	}
}

func TestUpsertEditsNewestOfDuplicates(t *testing.T) {
	h := newHarness(t)
	pr := h.cfg.Event.PR
	old := planBody("ccr.yaml", "d1", "first run")
	h.fake.AddComment(pr, githubfake.Login, old)
	newest := h.fake.AddComment(pr, githubfake.Login, planBody("ccr.yaml", "d2", "second run"))
	upsert(t, h, "third run")
	cs := h.fake.Comments(pr)
	if cs[0].Body != old || cs[1].ID != newest || !strings.HasSuffix(cs[1].Body, "third run") {
		t.Errorf("want the newest edited and the oldest untouched, got %+v", cs)
	}
}

func TestUpsertSkipsWithoutRequests(t *testing.T) {
	cases := map[string]struct {
		event  github.Event
		notice string
	}{
		"fork": {github.Event{Name: "pull_request", PR: 1, HeadRepo: "eve/infra", BaseRepo: "acme/infra"}, "fork eve/infra"},
		"push": {github.Event{Name: "push", After: "abc"}, `"push" is not a pull request`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.cfg.Event = c.event
			o := upsert(t, h, "plan")
			if o.Action != github.Skipped || !strings.Contains(o.Notice, c.notice) {
				t.Errorf("outcome = %+v, want skipped mentioning %q", o, c.notice)
			}
			if r := h.fake.Requests(); len(r) != 0 {
				t.Errorf("requests = %v, want none", r)
			}
		})
	}
}

func TestUpsertReadOnlyTokenIsSkippedNotAnError(t *testing.T) {
	h := newHarness(t)
	h.fake.SetReadOnly(true)
	o := upsert(t, h, "plan")
	if o.Action != github.Skipped || !strings.Contains(o.Notice, "pull-requests: write") {
		t.Errorf("outcome = %+v, want skipped with the missing permission named", o)
	}
	if len(h.fake.Comments(h.cfg.Event.PR)) != 0 {
		t.Error("a read-only token posted a comment")
	}
}

func TestUpsertGuardsOversizedBody(t *testing.T) {
	h := newHarness(t)
	huge := strings.Repeat("é", 70000) // 140,000 bytes, 70,000 characters
	o := upsert(t, h, huge)
	if o.Action != github.Created || !strings.Contains(o.Notice, "too long") {
		t.Fatalf("outcome = %+v, want created with a too-long notice", o)
	}
	posted := h.fake.Comments(h.cfg.Event.PR)[0].Body
	if n := utf8.RuneCountInString(posted); n > github.BodyLimit {
		t.Errorf("posted %d characters, over the %d limit", n, github.BodyLimit)
	}
	if !strings.HasPrefix(posted, "<!-- ccr:plan ") || !strings.Contains(posted, "https://github.example/acme/infra/actions/runs/4242") {
		t.Errorf("short body lacks marker or run link: %q", posted)
	}
}

func TestUpsertRetriesShortBodyAfter422(t *testing.T) {
	h := newHarness(t)
	h.fake.SetMaxBodyRunes(1000)
	o := upsert(t, h, strings.Repeat("x", 5000))
	if o.Action != github.Created || o.Notice == "" {
		t.Fatalf("outcome = %+v, want created with a notice", o)
	}
	if w := h.fake.Writes(); len(w) != 2 {
		t.Errorf("writes = %d, want the refused body and the short one", len(w))
	}
	if cs := h.fake.Comments(h.cfg.Event.PR); len(cs) != 1 || !strings.Contains(cs[0].Body, "too long for a GitHub comment") {
		t.Errorf("comments = %+v, want one short pointer", cs)
	}
}

func TestUpsertMasksSecrets(t *testing.T) {
	h := newHarness(t)
	h.cfg.Secrets = []string{"avn-token-123"}
	upsert(t, h, "token avn-token-123 and "+githubfake.Token+" leaked")
	posted := h.fake.Comments(h.cfg.Event.PR)[0].Body
	if strings.Contains(posted, "avn-token-123") || strings.Contains(posted, githubfake.Token) {
		t.Fatalf("secret posted: %q", posted)
	}
	if !strings.Contains(posted, "token *** and *** leaked") {
		t.Errorf("masked text = %q", posted)
	}
}
