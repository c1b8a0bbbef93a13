// Package aiven adapts the official Aiven Go client
// (github.com/aiven/go-client-codegen) to ccr's core: it reads live state and
// the catalog facts preflight needs into plan.Live, and implements apply.API.
// It never reads the environment; the CLI passes a Config.
package aiven

import (
	"errors"
	"fmt"
	"time"

	aivenclient "github.com/aiven/go-client-codegen"
)

// DefaultURL is the Aiven API's address.
const DefaultURL = "https://api.aiven.io"

// DefaultConcurrency bounds requests in flight while reading live state: 20
// projects' reads (7 each with one plan in two clouds: 5 catalog reads and 2
// prices) take 5 rounds. Those 140 requests are more than the 120 per window
// Aiven's rate limit was seen to allow; a 429 is retried after its
// Retry-After, so a plan that large may take one window longer.
const DefaultConcurrency = 32

// Config configures a Client. Zero retry fields take the defaults below,
// which are gentler than the official client's 2s–15s because a plan in CI
// should fail in seconds on a dead API, not in minutes.
type Config struct {
	// URL is the API base, such as DefaultURL or an aiven-sim address.
	URL string
	// Token is the API token. It is sent as "aivenv1 TOKEN" and never logged.
	Token string
	// UserAgent is appended to the client's own user agent.
	UserAgent string
	// RetryMax bounds the client's own retries of 5xx, 429 and lost
	// connections; negative disables retries.
	RetryMax     int
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// Concurrency bounds requests in flight while reading live state.
	Concurrency int
	// RequestTimeout is the deadline of each HTTP attempt (default
	// DefaultRequestTimeout): a call against an API that never answers
	// ends after RetryMax+1 of them.
	RequestTimeout time.Duration
}

// DefaultRequestTimeout is the deadline of one HTTP attempt.
const DefaultRequestTimeout = 30 * time.Second

// Client reads and creates Aiven services for ccr.
type Client struct {
	api         aivenclient.Client
	concurrency int
	// secrets are masked in every message the API sends back: the token.
	secrets []string
	// raw sends the requests the official client has no method for, with
	// its authorisation, deadlines and retries.
	raw *rawClient
}

// New builds a Client over the official Aiven client.
func New(cfg Config) (*Client, error) {
	if cfg.Token == "" {
		return nil, errors.New("no Aiven API token: set AIVEN_TOKEN")
	}
	cfg = withDefaults(cfg)
	doer := answerChecker{next: newTransport(cfg)}
	api, err := aivenclient.NewClient(
		aivenclient.TokenOpt(cfg.Token),
		aivenclient.HostOpt(cfg.URL),
		aivenclient.UserAgentOpt(cfg.UserAgent),
		// The transport retries (cfg.RetryMax and the waits) with a
		// deadline on every attempt; the checker refuses answers that
		// lack what ccr reads.
		aivenclient.DoerOpt(doer),
		// Shared GET responses would run on the first caller's context,
		// escaping the others' deadlines and call records.
		aivenclient.EnableSingleFlightOpt(false),
		// The client would otherwise turn AIVEN_DEBUG into unmasked log
		// lines on os.Stderr, behind the CLI's back.
		aivenclient.DebugOpt(false),
	)
	if err != nil {
		return nil, fmt.Errorf("create Aiven client: %w", err)
	}
	return &Client{api: api, concurrency: cfg.Concurrency, secrets: []string{cfg.Token}, raw: newRawClient(cfg, doer)}, nil
}

func withDefaults(cfg Config) Config {
	if cfg.URL == "" {
		cfg.URL = DefaultURL
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "ccr"
	}
	switch {
	case cfg.RetryMax < 0:
		cfg.RetryMax = 0
	case cfg.RetryMax == 0:
		cfg.RetryMax = 4
	}
	if cfg.RetryWaitMin == 0 {
		cfg.RetryWaitMin = 500 * time.Millisecond
	}
	if cfg.RetryWaitMax == 0 {
		cfg.RetryWaitMax = 8 * time.Second
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	return cfg
}
