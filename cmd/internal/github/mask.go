package github

import "slices"

// secrets is what every posted body is masked with: the configured secrets
// plus the token used to post it.
func (c Config) secrets() []string {
	return append(slices.Clone(c.Secrets), c.Token)
}
