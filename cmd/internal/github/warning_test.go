package github

import (
	"strings"
	"testing"
)

func TestApplyWarning(t *testing.T) {
	cases := []struct {
		name                              string
		reviewed                          bool
		reviewedDigest, applied, wantPart string
	}{
		{"matches", true, "sha256:a", "sha256:a", ""},
		{"differs", true, "sha256:a", "sha256:b", "differs from the plan reviewed"},
		{"no plan comment", false, "", "sha256:b", "No ccr plan for `ccr.yaml`"},
		{"last plan failed", true, "", "sha256:b", "The last plan in this pull request failed"},
		{"nothing applied", true, "sha256:a", "", ""},
		{"nothing applied, no plan", false, "", "", ""},
	}
	for _, tc := range cases {
		got := applyWarning(tc.reviewed, "ccr.yaml", tc.reviewedDigest, tc.applied)
		if (tc.wantPart == "") != (got == "") || !strings.Contains(got, tc.wantPart) {
			t.Errorf("%s: applyWarning = %q, want it to contain %q", tc.name, got, tc.wantPart)
		}
	}
}
