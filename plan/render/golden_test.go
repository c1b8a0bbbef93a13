package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// goldenOptions are fixed run facts so that footers are stable.
var goldenOptions = MarkdownOptions{
	Version:       "0.3.0",
	HeadSHA:       "4f2c9e1b7a6d5c4b3a29180f7e6d5c4b3a291807",
	RunURL:        "https://github.com/acme/infra/actions/runs/123",
	DefaultBranch: "main",
}

func TestGolden(t *testing.T) {
	for _, name := range scenarios {
		p := loadPlan(t, name)
		t.Run(name+"/text", func(t *testing.T) {
			var b bytes.Buffer
			if err := Text(&b, p, TextOptions{}); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name+".txt.golden", b.String())
		})
		t.Run(name+"/markdown", func(t *testing.T) {
			checkGolden(t, name+".md.golden", MarkdownFit(p, goldenOptions, DefaultBudget))
		})
		t.Run(name+"/json", func(t *testing.T) {
			var b bytes.Buffer
			if err := JSON(&b, p); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name+".json.golden", b.String())
		})
	}
}

// checkGolden compares got with testdata/name, or rewrites the file when
// -update is given. A mismatch is shown as a line diff.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./plan/render -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (-want +got):\n%s", path, lineDiff(string(want), got))
	}
}

func lineDiff(a, b string) string {
	dmp := diffmatchpatch.New()
	ca, cb, lines := dmp.DiffLinesToChars(a, b)
	var out strings.Builder
	for _, d := range dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines) {
		prefix := map[diffmatchpatch.Operation]string{
			diffmatchpatch.DiffInsert: "+", diffmatchpatch.DiffDelete: "-", diffmatchpatch.DiffEqual: " ",
		}[d.Type]
		for _, l := range strings.SplitAfter(d.Text, "\n") {
			if l != "" {
				out.WriteString(prefix + l)
			}
		}
	}
	return out.String()
}
