package github_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ccr-dev/ccr/cmd/internal/github"
)

func TestAppendStepSummaryAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.md")
	for _, md := range []string{"# plan\n", "# apply\n"} {
		if err := github.AppendStepSummary(path, md); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(path); string(b) != "# plan\n# apply\n" {
		t.Errorf("summary = %q", b)
	}
}

func TestAppendStepSummaryWithoutPathDoesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := github.AppendStepSummary("", "# plan\n"); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("wrote %v without a summary path", entries)
	}
}

func TestAppendStepSummaryCapsAtOneMiB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.md")
	earlier := strings.Repeat("a", 1000)
	if err := os.WriteFile(path, []byte(earlier), 0o644); err != nil {
		t.Fatal(err)
	}
	// Multi-byte characters inside an open code fence: the cut must land on
	// a character boundary and close the fence.
	md := "```diff\n" + strings.Repeat("+ 服务\n", 200000)
	if err := github.AppendStepSummary(path, md); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if len(b) > github.StepSummaryLimit {
		t.Errorf("summary is %d bytes, over %d", len(b), github.StepSummaryLimit)
	}
	if !utf8.Valid(b) {
		t.Error("cut inside a UTF-8 sequence")
	}
	s := string(b)
	if !strings.HasPrefix(s, earlier) || !strings.HasSuffix(s, "at most 1 MiB per step summary.\n") {
		t.Errorf("summary lost earlier content or the note: ...%q", s[len(s)-120:])
	}
	if strings.Count(s, "```")%2 != 0 {
		t.Error("code fence left open before the note")
	}
}
