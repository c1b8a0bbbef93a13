package github_test

import (
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/github"
)

func TestMask(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		secrets []string
		want    string
	}{
		{"each occurrence", "a=s3cret b=s3cret", []string{"s3cret"}, "a=*** b=***"},
		{"longer secret first", "uri=postgres://u:pw@h", []string{"pw", "postgres://u:pw@h"}, "uri=***"},
		{"empty secret ignored", "plain", []string{"", ""}, "plain"},
		{"duplicates", "x tok y", []string{"tok", "tok"}, "x *** y"},
		{"no secrets", "plain", nil, "plain"},
	}
	for _, c := range cases {
		if got := github.Mask(c.in, c.secrets); got != c.want {
			t.Errorf("%s: Mask(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}
