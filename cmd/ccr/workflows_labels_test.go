package main

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestTemplatesMayLabelPullRequests pins the permission plan and apply need
// for their comment and their ccr label. GitHub's permission tables list
// POST /repos/{o}/{r}/labels and POST/DELETE /issues/{n}/labels under both
// "issues" and "pull requests" write, so either one will do.
func TestTemplatesMayLabelPullRequests(t *testing.T) {
	for _, name := range []string{"ccr-plan.yml", "ccr-apply.yml"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("../../.github/workflows/" + name)
			if err != nil {
				t.Fatal(err)
			}
			var wf struct {
				Permissions map[string]string `yaml:"permissions"`
			}
			if err := yaml.Unmarshal(data, &wf); err != nil {
				t.Fatal(err)
			}
			if wf.Permissions["pull-requests"] != "write" && wf.Permissions["issues"] != "write" {
				t.Errorf("permissions = %v: the comment and the label need pull-requests: write (or issues: write)", wf.Permissions)
			}
		})
	}
}
