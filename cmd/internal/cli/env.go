package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
)

// aivenConfig builds the Aiven adapter's configuration from the environment
// variables the official client documents: AIVEN_TOKEN, AIVEN_WEB_URL and the
// AIVEN_CLIENT_RETRY_* knobs (which the client would ignore, since ccr passes
// its own retry defaults explicitly).
func aivenConfig(io *IOStreams, net networkOptions) (aiven.Config, error) {
	url, err := aivenURL(io.Env("AIVEN_WEB_URL"))
	if err != nil {
		return aiven.Config{}, err
	}
	cfg := aiven.Config{
		URL:            url,
		Token:          secretValue(io, "AIVEN_TOKEN"),
		UserAgent:      "ccr/" + Version,
		RequestTimeout: net.requestTimeout,
	}
	if v := io.Env("AIVEN_CLIENT_RETRY_MAX"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return cfg, fmt.Errorf("AIVEN_CLIENT_RETRY_MAX=%q: want a number", v)
		}
		cfg.RetryMax = n
		if n == 0 {
			cfg.RetryMax = -1 // zero means "no retries" here, not "default"
		}
	}
	for _, knob := range []struct {
		name string
		dst  *time.Duration
	}{
		{"AIVEN_CLIENT_RETRY_WAIT_MIN", &cfg.RetryWaitMin},
		{"AIVEN_CLIENT_RETRY_WAIT_MAX", &cfg.RetryWaitMax},
	} {
		name, dst := knob.name, knob.dst
		if v := io.Env(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return cfg, fmt.Errorf("%s=%q: want a positive duration such as 500ms", name, v)
			}
			*dst = d
		}
	}
	return cfg, nil
}

// applyRetryBase is the first wait between apply's own tries of a request
// (a create, which the client sends once, and the read of a taken name):
// AIVEN_CLIENT_RETRY_WAIT_MIN when set, as for the client's own retries,
// else 0 for apply's default. aivenConfig has already refused a malformed
// value.
func applyRetryBase(io *IOStreams) time.Duration {
	d, err := time.ParseDuration(io.Env("AIVEN_CLIENT_RETRY_WAIT_MIN"))
	if err != nil || d <= 0 {
		return 0
	}
	return d
}

// newAivenClient builds the adapter from the environment.
func newAivenClient(io *IOStreams, net networkOptions) (*aiven.Client, error) {
	cfg, err := aivenConfig(io, net)
	if err != nil {
		return nil, err
	}
	return aiven.New(cfg)
}

// inGitHubActions reports whether ccr runs as a GitHub Actions step.
func inGitHubActions(io *IOStreams) bool { return io.Env("GITHUB_ACTIONS") == "true" }

// secretValue is a token variable's value as it is sent: without the
// spaces and newline that a pasted secret or "$(cat token-file)" carries,
// which would otherwise make the API refuse a right token.
func secretValue(io *IOStreams, name string) string { return strings.TrimSpace(io.Env(name)) }
