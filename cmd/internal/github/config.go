// Package github connects ccr to GitHub pull requests and issues: one sticky
// plan comment per pull request and file, apply reports on merged pull
// requests, one drift issue per file, and the Actions step summary. It talks
// to the REST API through go-github and never reads the environment itself:
// the CLI builds a Config with ConfigFromEnv and passes it in.
package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/ccr-dev/ccr/cmd/internal/wire"
)

// DefaultCommentAuthor is the login GitHub gives comments and issues created
// with the workflow's GITHUB_TOKEN.
const DefaultCommentAuthor = "github-actions[bot]"

// DefaultMaxWait bounds the total time one operation spends waiting out
// GitHub rate limits before it gives up.
const DefaultMaxWait = 60 * time.Second

// Config is everything the adapter needs to talk to GitHub for one run.
// The zero values of HTTPClient, Now, Sleep and MaxWait mean the real
// defaults; tests set them to drive a fake server and a fake clock.
type Config struct {
	Owner, Repo   string
	APIURL        string // REST base URL, e.g. https://api.github.com
	Token         string // never logged; always masked in posted bodies
	ServerURL     string // web URL, e.g. https://github.com, for run links
	RunID         string
	StepSummary   string // path of GITHUB_STEP_SUMMARY, empty outside Actions
	CommentAuthor string // login whose comments and issues ccr owns
	Version       string // ccr version recorded in markers
	Event         Event

	// Secrets are masked with "***" in every body posted; Token is always
	// masked as well.
	Secrets []string

	HTTPClient *http.Client
	Now        func() time.Time
	Sleep      func(ctx context.Context, d time.Duration) error
	MaxWait    time.Duration
}

// Event is the part of the triggering Actions event ccr uses.
type Event struct {
	Name     string // GITHUB_EVENT_NAME
	PR       int    // pull request number, 0 when the event is not a pull request
	HeadSHA  string // pull_request.head.sha: the commit reviewed, not the merge commit
	BaseRepo string // full name of the repository the pull request targets
	HeadRepo string // full name of the repository the pull request comes from
	Ref      string // push: the ref pushed, e.g. refs/heads/main
	After    string // push: the commit the ref now points at
}

// IsFork reports whether the event is a pull request from another
// repository, whose token is read-only and which gets no secrets.
func (e Event) IsFork() bool {
	return e.HeadRepo != "" && e.BaseRepo != "" && !strings.EqualFold(e.HeadRepo, e.BaseRepo)
}

// ConfigFromEnv builds a Config from the GitHub Actions variables looked up
// with getenv, and decodes the event payload at GITHUB_EVENT_PATH.
// CCR_COMMENT_AUTHOR overrides the expected author of ccr's comments, for
// runs that post with an App or personal token.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		APIURL:        orDefault(getenv("GITHUB_API_URL"), "https://api.github.com"),
		Token:         strings.TrimSpace(getenv("GITHUB_TOKEN")), // as pasted: a trailing newline would be refused
		ServerURL:     orDefault(getenv("GITHUB_SERVER_URL"), "https://github.com"),
		RunID:         getenv("GITHUB_RUN_ID"),
		StepSummary:   getenv("GITHUB_STEP_SUMMARY"),
		CommentAuthor: orDefault(getenv("CCR_COMMENT_AUTHOR"), DefaultCommentAuthor),
	}
	repo := getenv("GITHUB_REPOSITORY")
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" {
		return Config{}, fmt.Errorf("GITHUB_REPOSITORY %q is not owner/name: run ccr inside GitHub Actions", repo)
	}
	cfg.Owner, cfg.Repo = owner, name
	if cfg.Token == "" {
		return Config{}, errors.New("GITHUB_TOKEN is not set: add `env: GITHUB_TOKEN: ${{ github.token }}` to the step")
	}
	name, path := getenv("GITHUB_EVENT_NAME"), getenv("GITHUB_EVENT_PATH")
	cfg.Event = Event{Name: name}
	if path == "" {
		return cfg, nil
	}
	payload, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read event payload: %w", err)
	}
	if cfg.Event, err = ParseEvent(name, payload); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// ParseEvent decodes an Actions event payload. Pull request events fill the
// pull request fields and push events the push fields; other events carry
// only their name.
func ParseEvent(name string, payload []byte) (Event, error) {
	ev := Event{Name: name}
	switch name {
	case "pull_request", "pull_request_target":
		var p gh.PullRequestEvent
		if err := json.Unmarshal(payload, &p); err != nil {
			return Event{}, fmt.Errorf("decode %s event: %w", name, err)
		}
		pr := p.GetPullRequest()
		ev.PR = pr.GetNumber()
		if ev.PR == 0 {
			ev.PR = p.GetNumber()
		}
		ev.HeadSHA = pr.GetHead().GetSHA()
		ev.HeadRepo = pr.GetHead().GetRepo().GetFullName()
		ev.BaseRepo = pr.GetBase().GetRepo().GetFullName()
		if ev.BaseRepo == "" {
			ev.BaseRepo = p.GetRepo().GetFullName()
		}
	case "push":
		var p gh.PushEvent
		if err := json.Unmarshal(payload, &p); err != nil {
			return Event{}, fmt.Errorf("decode push event: %w", err)
		}
		ev.Ref, ev.After = p.GetRef(), p.GetAfter()
	}
	return ev, nil
}

// RunURL is the link to the current workflow run, or "" outside Actions.
func (c Config) RunURL() string {
	if c.RunID == "" || c.Owner == "" {
		return ""
	}
	return fmt.Sprintf("%s/%s/%s/actions/runs/%s", strings.TrimSuffix(c.ServerURL, "/"), c.Owner, c.Repo, c.RunID)
}

// newClient builds a go-github client for cfg. The base URL is set directly
// rather than with WithEnterpriseURLs, which would append api/v3/ to any host
// that does not start with "api." (including GITHUB_API_URL on GHE.com and
// test servers). The token is added by apiTransport, for the API's origin
// only, and every response body is capped at MaxResponseBytes.
func newClient(cfg Config) (*gh.Client, error) {
	base, err := url.Parse(strings.TrimSuffix(cfg.APIURL, "/") + "/")
	if err != nil {
		return nil, fmt.Errorf("parse GitHub API URL: %w", err)
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		hc = &copied
	}
	hc.Transport = &apiTransport{base: hc.Transport, origin: wire.Origin(base), token: cfg.Token}
	c := gh.NewClient(hc)
	c.BaseURL = base
	return c, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
