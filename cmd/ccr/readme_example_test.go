package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeLeadExample pins the README's first example, the file a
// newcomer sees first, to examples/replicas.yaml (from its version line
// on), which TestExamplesPlanCleanly plans against examples/seed.json: the
// README cannot show a file that does not plan.
func TestReadmeLeadExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile("../../examples/replicas.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "```yaml\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no yaml block")
	}
	_, body, ok := strings.Cut(string(file), "\nversion: 1\n")
	if !ok {
		t.Fatal("examples/replicas.yaml has no version: 1 line")
	}
	if want := "version: 1\n" + body; block != want {
		t.Errorf("README.md's first yaml block differs from examples/replicas.yaml:\n--- README\n%s--- examples/replicas.yaml\n%s", block, want)
	}
}
