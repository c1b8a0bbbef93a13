package cli

import "strings"

// secretEnv names the environment variables whose values must never reach an
// output stream, a file or a comment.
var secretEnv = []string{"AIVEN_TOKEN", "GITHUB_TOKEN"}

// mask replaces every known secret value in s with "***".
func mask(io *IOStreams, s string) string {
	for _, k := range secretEnv {
		if v := io.Env(k); len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "***")
		}
	}
	return s
}
