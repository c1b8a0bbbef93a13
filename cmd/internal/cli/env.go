package cli

import (
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
)

// aivenConfig builds the Aiven adapter's configuration from the environment
// variables the official client documents: AIVEN_TOKEN and AIVEN_WEB_URL.
func aivenConfig(io *IOStreams) aiven.Config {
	return aiven.Config{
		URL:       io.Env("AIVEN_WEB_URL"),
		Token:     io.Env("AIVEN_TOKEN"),
		UserAgent: "ccr/" + Version,
	}
}

// inGitHubActions reports whether ccr runs as a GitHub Actions step.
func inGitHubActions(io *IOStreams) bool { return io.Env("GITHUB_ACTIONS") == "true" }
