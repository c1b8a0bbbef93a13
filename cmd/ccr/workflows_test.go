package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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

// pinnedAction is a third-party action pinned to a full commit SHA.
var pinnedAction = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@]+)?@[0-9a-f]{40}$`)

// tagComment is the comment that names the pinned commit's tag.
var tagComment = regexp.MustCompile(`^# v[0-9]+(\.[0-9]+)*$`)

// TestActionsPinnedToCommits pins issue 17's rule: every `uses:` in the
// repository's YAML names a commit SHA, with its tag as a comment for
// readers and Dependabot, because a tag can be moved to other code. Two
// kinds are excepted: local actions (`./`), which are the code under test,
// and the templates' `ccr-dev/ccr@vX.Y.Z`, whose release tag is what the
// action installs and verifies (checksums.txt signed by that tag's release
// workflow); a SHA there would need a version input that Dependabot does
// not update (TestTemplatesInstallOnlyReleases).
func TestActionsPinnedToCommits(t *testing.T) {
	files := repositoryYAML(t)
	if len(files) < 7 {
		t.Fatalf("found only %d YAML files: %v", len(files), files)
	}
	uses := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		check(t, err)
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		eachUses(&doc, func(v *yaml.Node) {
			uses++
			switch {
			case strings.HasPrefix(v.Value, "./"):
			case releaseAction.MatchString(v.Value) && slices.Contains(templates, filepath.Base(path)):
			case !pinnedAction.MatchString(v.Value):
				t.Errorf("%s:%d: uses %q: pin it to a full commit SHA with the tag as a comment", path, v.Line, v.Value)
			case !tagComment.MatchString(v.LineComment):
				t.Errorf("%s:%d: uses %q with comment %q: name the pinned tag, such as \"# v4.2.2\"", path, v.Line, v.Value, v.LineComment)
			}
		})
	}
	if uses < 10 {
		t.Errorf("found only %d uses: in %v", uses, files)
	}
}

// repositoryYAML lists the repository's YAML files, outside .git and build
// output.
func repositoryYAML(t *testing.T) []string {
	var files []string
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && slices.Contains([]string{".git", "bin", "dist"}, d.Name()) {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
			files = append(files, path)
		}
		return nil
	})
	check(t, err)
	return files
}

// eachUses calls f with the value of every "uses" key in n.
func eachUses(n *yaml.Node, f func(*yaml.Node)) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k, v := n.Content[i], n.Content[i+1]; k.Value == "uses" && v.Kind == yaml.ScalarNode {
				f(v)
			}
		}
	}
	for _, c := range n.Content {
		eachUses(c, f)
	}
}

// TestDependabotConfig pins the dependabot.yml the README recommends: weekly
// updates of the pinned actions and of the Go modules.
func TestDependabotConfig(t *testing.T) {
	data, err := os.ReadFile("../../.github/dependabot.yml")
	check(t, err)
	var cfg struct {
		Version int `yaml:"version"`
		Updates []struct {
			Ecosystem string `yaml:"package-ecosystem"`
			Directory string `yaml:"directory"`
		} `yaml:"updates"`
	}
	check(t, yaml.Unmarshal(data, &cfg))
	got := map[string]string{}
	for _, u := range cfg.Updates {
		got[u.Ecosystem] = u.Directory
	}
	if cfg.Version != 2 || got["github-actions"] != "/" || got["gomod"] != "/" {
		t.Errorf("dependabot.yml: version %d, updates %v; want version 2 with github-actions and gomod at /", cfg.Version, got)
	}
}
