package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// templates are the workflows users copy into the repository that holds
// their ccr.yaml.
var templates = []string{"ccr-plan.yml", "ccr-apply.yml", "ccr-drift.yml"}

// releaseAction is how a template must get ccr: the action at a release tag.
var releaseAction = regexp.MustCompile(`^ccr-dev/ccr@v[0-9]+\.[0-9]+\.[0-9]+$`)

// buildsCCR matches a run step that would build or fetch ccr from source.
var buildsCCR = regexp.MustCompile(`\bgo (install|build|run)\b|\bmake\b|ccr/cmd/ccr`)

type workflowStep struct {
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

type workflow struct {
	Jobs map[string]struct {
		Steps []workflowStep `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestTemplatesInstallOnlyReleases pins issue 9's rule for the workflows
// users copy: ccr comes from the action at a release tag, verified; no step
// builds ccr from the repository under review, needs a Go toolchain, or
// asks for "latest".
func TestTemplatesInstallOnlyReleases(t *testing.T) {
	for _, name := range templates {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("../../.github/workflows/" + name)
			check(t, err)
			if strings.Count(string(data), "latest") != strings.Count(string(data), "ubuntu-latest") {
				t.Errorf("%s asks for latest: pin a release", name)
			}
			var wf workflow
			check(t, yaml.Unmarshal(data, &wf))
			actions := 0
			for job, j := range wf.Jobs {
				for i, s := range j.Steps {
					switch {
					case strings.HasPrefix(s.Uses, "ccr-dev/ccr"):
						actions++
						if !releaseAction.MatchString(s.Uses) {
							t.Errorf("jobs.%s.steps[%d] uses %q, want ccr-dev/ccr@vX.Y.Z", job, i, s.Uses)
						}
						if v, ok := s.With["version"]; ok {
							t.Errorf("jobs.%s.steps[%d] overrides the version with %q: the tag pins it", job, i, v)
						}
					case strings.HasPrefix(s.Uses, "./"), strings.HasPrefix(s.Uses, "actions/setup-go"):
						t.Errorf("jobs.%s.steps[%d] uses %q: the templates install a release, never the code under review", job, i, s.Uses)
					case buildsCCR.MatchString(s.Run):
						t.Errorf("jobs.%s.steps[%d] builds ccr: %q", job, i, s.Run)
					}
				}
			}
			if actions != 1 {
				t.Errorf("%s runs the ccr action %d times, want once", name, actions)
			}
		})
	}
}
