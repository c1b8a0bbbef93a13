package cli

import "github.com/ccr-dev/ccr/cmd/internal/secret"

// secretEnv names the environment variables whose values must never reach an
// output stream, a file or a comment.
var secretEnv = []string{"AIVEN_TOKEN", "GITHUB_TOKEN"}

// minSecretLen keeps masking from shredding output when a secret is set to
// something trivially short.
const minSecretLen = 4

// secrets returns the secret values present in the environment.
func secrets(ios *IOStreams) []string {
	var out []string
	for _, k := range secretEnv {
		// The trimmed value is what is sent, and a substring of the raw one.
		if v := secretValue(ios, k); len(v) >= minSecretLen {
			out = append(out, v)
		}
	}
	return out
}

// mask replaces every known secret value in s with "***", the longest
// first so that a secret containing another is never half masked.
func mask(ios *IOStreams, s string) string { return secret.Mask(s, secrets(ios)) }
