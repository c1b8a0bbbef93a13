package github_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/cmd/internal/github/githubfake"
)

// envWith is a getenv over the fake's Actions environment plus an event.
func envWith(t *testing.T, f *githubfake.Fake, name string, payload []byte, extra map[string]string) func(string) string {
	t.Helper()
	env := f.Env()
	env["GITHUB_EVENT_NAME"] = name
	if payload != nil {
		path := filepath.Join(t.TempDir(), "event.json")
		if err := os.WriteFile(path, payload, 0o644); err != nil {
			t.Fatal(err)
		}
		env["GITHUB_EVENT_PATH"] = path
	}
	for k, v := range extra {
		env[k] = v
	}
	return func(k string) string { return env[k] }
}

func TestConfigFromEnvPullRequest(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	cfg, err := github.ConfigFromEnv(envWith(t, f, "pull_request", githubfake.PullRequestEvent(7, "4f2c9e1", ""), nil))
	if err != nil {
		t.Fatal(err)
	}
	want := github.Event{Name: "pull_request", PR: 7, HeadSHA: "4f2c9e1", BaseRepo: "acme/infra", HeadRepo: "acme/infra"}
	if cfg.Event != want || cfg.Event.IsFork() {
		t.Errorf("event = %+v, want %+v", cfg.Event, want)
	}
	if cfg.Owner != "acme" || cfg.Repo != "infra" || cfg.CommentAuthor != github.DefaultCommentAuthor {
		t.Errorf("config = %s/%s author %q", cfg.Owner, cfg.Repo, cfg.CommentAuthor)
	}
	if got := cfg.RunURL(); got != "https://github.example/acme/infra/actions/runs/4242" {
		t.Errorf("RunURL = %s", got)
	}
}

func TestConfigFromEnvForkPullRequest(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	cfg, err := github.ConfigFromEnv(envWith(t, f, "pull_request", githubfake.PullRequestEvent(7, "abc", "eve/infra"),
		map[string]string{"CCR_COMMENT_AUTHOR": "ccr-bot[bot]"}))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Event.IsFork() || cfg.CommentAuthor != "ccr-bot[bot]" {
		t.Errorf("event = %+v author %q, want a fork and the configured author", cfg.Event, cfg.CommentAuthor)
	}
}

func TestConfigFromEnvPush(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	cfg, err := github.ConfigFromEnv(envWith(t, f, "push", githubfake.PushEvent("refs/heads/main", "merge1"), nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Event.After != "merge1" || cfg.Event.Ref != "refs/heads/main" || cfg.Event.PR != 0 {
		t.Errorf("event = %+v", cfg.Event)
	}
}

func TestConfigFromEnvErrors(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	cases := map[string]struct {
		payload []byte
		extra   map[string]string
		want    string
	}{
		"outside Actions": {nil, map[string]string{"GITHUB_REPOSITORY": ""}, "run ccr inside GitHub Actions"},
		"no token":        {nil, map[string]string{"GITHUB_TOKEN": ""}, "GITHUB_TOKEN is not set"},
		"bad payload":     {[]byte("{"), nil, "decode pull_request event"},
		"missing payload": {nil, map[string]string{"GITHUB_EVENT_PATH": "/nonexistent/event.json"}, "read event payload"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := github.ConfigFromEnv(envWith(t, f, "pull_request", c.payload, c.extra))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

// TestConfigFromEnvReachesAPI checks that GITHUB_API_URL without a trailing
// slash (as Actions sets it) still reaches the API, end to end.
func TestConfigFromEnvReachesAPI(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	pr := f.AddPullRequest("main", false)
	cfg, err := github.ConfigFromEnv(envWith(t, f, "pull_request", githubfake.PullRequestEvent(pr, "4f2c9e1", ""), nil))
	if err != nil {
		t.Fatal(err)
	}
	o, err := github.UpsertPlanComment(context.Background(), cfg, "ccr.yaml", github.Meta{}, "plan")
	if err != nil || o.Action != github.Created {
		t.Fatalf("outcome = %+v, err = %v", o, err)
	}
	if u := f.Unexpected(); len(u) != 0 {
		t.Errorf("unexpected requests: %v", u)
	}
}

// A token pasted into a secret with a trailing newline is sent trimmed, and
// the API accepts it; a token of only whitespace is no token.
func TestConfigFromEnvTrimsToken(t *testing.T) {
	f := githubfake.New()
	defer f.Close()
	pr := f.AddPullRequest("main", false)
	cfg, err := github.ConfigFromEnv(envWith(t, f, "pull_request", githubfake.PullRequestEvent(pr, "4f2c9e1", ""),
		map[string]string{"GITHUB_TOKEN": githubfake.Token + "\n "}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Token != githubfake.Token {
		t.Fatalf("token = %q, want it trimmed", cfg.Token)
	}
	if o, err := github.UpsertPlanComment(context.Background(), cfg, "ccr.yaml", github.Meta{}, "plan"); err != nil || o.Action != github.Created {
		t.Fatalf("outcome = %+v, err = %v", o, err)
	}
	_, err = github.ConfigFromEnv(envWith(t, f, "pull_request", nil, map[string]string{"GITHUB_TOKEN": " \n"}))
	if err == nil || !strings.Contains(err.Error(), "GITHUB_TOKEN is not set") {
		t.Errorf("a blank token: err = %v", err)
	}
}
