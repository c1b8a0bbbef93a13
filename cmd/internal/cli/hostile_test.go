package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// hostileFile is a valid ccr file with one string replaced by value, a YAML
// double-quoted scalar (so escapes such as \x0a spell control characters).
func hostileFile(place, value string) string {
	fields := map[string]string{
		"project": `acme`, "name": `orders-eu`, "cloud": `google-europe-west1`, "datacenter": `dc-eu`,
		"plan": `startup-4`, "tag key": `team`, "tag value": `orders`, "keyspace": `orders`,
	}
	fields[place] = value
	return fmt.Sprintf(`version: 1
projects:
  - project: "%s"
    pairs:
      - services:
          - {name: "%s", cloud: "%s", datacenter: "%s"}
          - {name: orders-us, cloud: aws-us-east-1}
        plan: "%s"
        tags: {"%s": "%s"}
        keyspaces: {"%s": 3}
`, fields["project"], fields["name"], fields["cloud"], fields["datacenter"], fields["plan"],
		fields["tag key"], fields["tag value"], fields["keyspace"])
}

// ownAnnotation is the only workflow command ccr validate writes.
var ownAnnotation = regexp.MustCompile(`^::(error|notice) (file=[^,]*,line=\d+,col=\d+,)?title=ccr validate::[^\r\n]*$`)

// TestNoControlCharacterForgesAWorkflowCommand feeds every control character,
// followed by a forged command, through every string of a file, and runs
// ccr validate as GitHub Actions would: the file is refused with a positioned
// error, and no line ccr writes is a workflow command other than its own
// annotations.
func TestNoControlCharacterForgesAWorkflowCommand(t *testing.T) {
	dir := t.TempDir()
	places := []string{"project", "name", "cloud", "datacenter", "plan", "tag key", "tag value", "keyspace"}
	controls := append(runeRange(0, 0x1f), 0x7f)
	for _, place := range places {
		for _, c := range controls {
			value := fmt.Sprintf(`x\x%02x::error::pwned \x%02x##[stop-commands]tok`, c, c)
			path := filepath.Join(dir, "ccr.yaml")
			if err := os.WriteFile(path, []byte(hostileFile(place, value)), 0o600); err != nil {
				t.Fatal(err)
			}
			io, out, errOut := Test(map[string]string{"GITHUB_ACTIONS": "true"})
			code := Main([]string{"validate", "-f", path}, io)
			what := fmt.Sprintf("%s with %U", place, c)
			if code != int(ExitError) {
				t.Errorf("%s: exit %d, want 1", what, code)
			}
			if out.Len() != 0 {
				t.Errorf("%s: stdout %q, want nothing", what, out)
			}
			if !strings.Contains(errOut.String(), "ccr.yaml:") || !strings.Contains(errOut.String(), "control character") {
				t.Errorf("%s: no positioned control-character error in\n%s", what, errOut)
			}
			checkLines(t, what, errOut.String())
		}
	}
}

// checkLines fails when a line of out would act as a workflow command that
// ccr did not mean, or carries a control character other than its newline.
func checkLines(t *testing.T, what, out string) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if strings.ContainsFunc(line, unicode.IsControl) {
			t.Errorf("%s: a line carries a raw control character: %q", what, line)
		}
		if strings.Contains(line, "##[") {
			t.Errorf("%s: a line carries a legacy workflow command: %q", what, line)
		}
		if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") && !ownAnnotation.MatchString(line) {
			t.Errorf("%s: a line ccr did not mean as a command starts with \"::\": %q", what, line)
		}
	}
}

func runeRange(lo, hi rune) []rune {
	var rs []rune
	for r := lo; r <= hi; r++ {
		rs = append(rs, r)
	}
	return rs
}

// TestFileNamesCannotRepaintTheTerminal: a file name holding an escape and
// a newline is shown with both replaced, in the diagnostic and in errors.
func TestFileNamesCannotRepaintTheTerminal(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "x\x1b[2J\n::error::y.yaml")
	if err := os.WriteFile(name, []byte("version: 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"validate", "-f", name}, {"apply", filepath.Join(dir, "missing\x1b[2J.json")}} {
		io, _, errOut := Test(map[string]string{})
		if code := Main(args, io); code != int(ExitError) {
			t.Errorf("%v: exit %d, want 1", args, code)
		}
		if strings.ContainsAny(errOut.String(), "\x1b") || strings.Contains(errOut.String(), "\n::error") {
			t.Errorf("%v: stderr carries the name raw: %q", args, errOut)
		}
	}
}
