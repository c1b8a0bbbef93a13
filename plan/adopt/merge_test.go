package adopt

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

const handWritten = `# yaml-language-server: $schema=./ccr.schema.json
# Our pairs, reviewed by the platform team.
version: 1
projects:
  # Production.
  - project: acme-prod
    pairs:
      # The order pipeline; keep it first.
      - services:
          - name: orders-eu   # the original
            cloud: google-europe-west1
          - name: orders-us
            cloud: aws-us-east-1
        plan: startup-4
        keyspaces: {orders: 3}
      # Billing, joined later.
      - services:
          - {name: billing-us, cloud: aws-us-east-1}
          - {name: billing-eu, cloud: azure-westeurope}
  - project: acme-dr
    pairs:
      - services:
          - {name: dr-a, cloud: aws-us-west-2}
          - {name: dr-b, cloud: aws-eu-west-1}
# End of file.
`

func load(t *testing.T, name string, data []byte) *schema.Spec {
	t.Helper()
	spec, diags := schema.Load(name, data)
	if len(diags) > 0 {
		t.Fatalf("%s does not validate: %v\n%s", name, diags, data)
	}
	return spec
}

// liveProd has both pairs of handWritten (billing declared in the other
// order), a new pair and a new project.
func liveProd() []plan.ProjectState {
	return []plan.ProjectState{
		project("acme-prod",
			svc("orders-eu", "google-europe-west1"), svc("orders-us", "aws-us-east-1", joins("orders-eu")),
			svc("billing-eu", "azure-westeurope"), svc("billing-us", "aws-us-east-1", joins("billing-eu")),
			svc("search-eu", "google-europe-west1"), svc("search-us", "aws-us-east-1", joins("search-eu"))),
		project("acme-new", svc("n-a", "google-europe-west1"), svc("n-b", "aws-us-east-1", joins("n-a"))),
	}
}

var commentLine = regexp.MustCompile(`#.*$`)

// comments lists the comment text of every line, in order, with the
// spacing before it dropped (yaml.v3 does not keep the alignment of line
// comments).
func comments(data []byte) []string {
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if c := commentLine.FindString(line); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func TestMergeAddsWhatIsMissingAndKeepsTheRest(t *testing.T) {
	spec := load(t, "ccr.yaml", []byte(handWritten))
	mg, err := Merge(spec, []byte(handWritten), mustInfer(t, liveProd()...), testMeta)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	if got := refs(mg.Added); !slices.Equal(got, []string{"acme-prod/search-eu+search-us", "acme-new/n-a+n-b"}) {
		t.Errorf("added %v", got)
	}
	if got := refs(mg.Present); !slices.Equal(got, []string{"acme-prod/billing-eu+billing-us", "acme-prod/orders-eu+orders-us"}) {
		t.Errorf("present %v", got)
	}
	merged := load(t, "ccr.yaml", mg.Data)
	// Everything the file had is still there, in its order, with its comments.
	if !isSubsequence(pairNames(spec), pairNames(merged)) {
		t.Errorf("pairs were reordered or changed:\n before %v\n after  %v", pairNames(spec), pairNames(merged))
	}
	if got := merged.Projects[0].Pairs[0].Keyspaces; len(got) != 1 || got[0].Name != "orders" {
		t.Errorf("keyspaces of the first pair = %+v", got)
	}
	if !isSubsequence(comments([]byte(handWritten)), comments(mg.Data)) {
		t.Errorf("comments lost or moved:\n before %q\n after  %q\n%s", comments([]byte(handWritten)), comments(mg.Data), mg.Data)
	}
	if !strings.Contains(string(mg.Data), "# search-eu + search-us: added by ccr import at 2026-01-02T03:04:05Z") ||
		!strings.Contains(string(mg.Data), "# Project acme-new: added by ccr import at 2026-01-02T03:04:05Z.") {
		t.Errorf("added pairs carry no comment:\n%s", mg.Data)
	}
	// A second merge finds nothing to add and leaves the file alone.
	again, err := Merge(merged, mg.Data, mustInfer(t, liveProd()...), testMeta)
	if err != nil || again.Data != nil || len(again.Added) != 0 || len(again.Present) != 4 {
		t.Errorf("second merge: %+v, %v; want nothing added and 4 present", again, err)
	}
}

// TestMergeKeepsLineBreaksAndDocumentMarker: yaml.v3 writes LF and no
// "---"; a merged file keeps the CRLF it was written with, its document
// start marker where it was, and its comments.
func TestMergeKeepsLineBreaksAndDocumentMarker(t *testing.T) {
	header, body, _ := strings.Cut(handWritten, "version: 1\n")
	cases := map[string]struct {
		file string
		crlf bool
	}{
		"CRLF":                            {handWritten, true},
		"--- first":                       {"---\n" + handWritten, false},
		"--- after the header":            {header + "---\nversion: 1\n" + body, false},
		"--- with a comment, CRLF":        {header + "--- # the only document\nversion: 1\n" + body, true},
		"--- after blank lines, with tab": {"\n\n---\t\nversion: 1\n" + body, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			file := tc.file
			if tc.crlf {
				file = strings.ReplaceAll(file, "\n", "\r\n")
			}
			spec := load(t, "ccr.yaml", []byte(file))
			mg, err := Merge(spec, []byte(file), mustInfer(t, liveProd()...), testMeta)
			if err != nil {
				t.Fatalf("Merge: %v", err)
			}
			merged := string(mg.Data)
			if crlf := strings.Count(merged, "\r\n"); tc.crlf && crlf != strings.Count(merged, "\n") || !tc.crlf && crlf > 0 {
				t.Errorf("%d of %d line breaks are CRLF, want all (%v) or none:\n%q", crlf, strings.Count(merged, "\n"), tc.crlf, merged)
			}
			prologue := file[:strings.Index(file, "version: 1")]
			if start := strings.TrimLeft(prologue, "\r\n"); !strings.HasPrefix(merged, start) {
				t.Errorf("the file no longer starts with %q:\n%s", start, merged)
			}
			lf := []byte(strings.ReplaceAll(file, "\r\n", "\n"))
			if got := comments([]byte(strings.ReplaceAll(merged, "\r\n", "\n"))); !isSubsequence(comments(lf), got) {
				t.Errorf("comments lost or moved:\n before %q\n after  %q", comments(lf), got)
			}
			if got := pairNames(load(t, "ccr.yaml", mg.Data)); len(got) != 5 {
				t.Errorf("pairs after the merge: %v, want the 3 declared and 2 added", got)
			}
		})
	}
}

func TestMergeRefusesAServiceDeclaredWithAnother(t *testing.T) {
	spec := load(t, "ccr.yaml", []byte(handWritten))
	live := project("acme-prod", svc("orders-eu", "google-europe-west1"), svc("orders-ap", "aws-ap-southeast-1", joins("orders-eu")))
	mg, err := Merge(spec, []byte(handWritten), mustInfer(t, live), testMeta)
	if err != nil {
		t.Fatal(err)
	}
	if mg.Data != nil || len(mg.Refused) != 1 {
		t.Fatalf("merged %+v, want one refusal and no new file", mg)
	}
	if want := "orders-eu is declared already in ccr.yaml:9:9, paired with orders-us"; mg.Refused[0].Reason != want {
		t.Errorf("reason %q, want %q", mg.Refused[0].Reason, want)
	}
}

func TestMergeRefusesSharedPairs(t *testing.T) {
	file := `version: 1
projects:
  - project: a
    pairs: &shared
      - services:
          - {name: x, cloud: aws-us-east-1}
          - {name: y, cloud: aws-us-west-2}
  - project: b
    pairs: *shared
`
	spec := load(t, "ccr.yaml", []byte(file))
	pair := func(name string) plan.ProjectState {
		return project(name, svc("x", "aws-us-east-1"), svc("y", "aws-us-west-2", joins("x")),
			svc("p", "aws-us-east-1"), svc("q", "aws-eu-west-1", joins("p")))
	}
	mg, err := Merge(spec, []byte(file), mustInfer(t, pair("a"), pair("b")), testMeta)
	if err != nil {
		t.Fatal(err)
	}
	if mg.Data != nil || len(mg.Refused) != 2 || len(mg.Present) != 2 {
		t.Fatalf("merged %+v, want p+q refused in both projects", mg)
	}
	for _, r := range mg.Refused {
		if !strings.Contains(r.Reason, "an alias or an anchor") {
			t.Errorf("reason %q", r.Reason)
		}
	}
}

// TestMergeIntoExamples adds a pair to each example: the examples use flow
// mappings, anchors and aligned comments, and must keep all of it.
func TestMergeIntoExamples(t *testing.T) {
	paths, err := filepath.Glob("../../examples/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			spec := load(t, path, data)
			live := project(spec.Projects[0].Name, svc("added-a", "google-europe-west1"), svc("added-b", "aws-us-east-1", joins("added-a")))
			mg, err := Merge(spec, data, mustInfer(t, live), testMeta)
			if err != nil {
				t.Fatalf("Merge: %v", err)
			}
			merged := load(t, path, mg.Data)
			before, after := pairNames(spec), pairNames(merged)
			if !isSubsequence(before, after) || len(after) != len(before)+1 || !slices.Contains(after, spec.Projects[0].Name+"/added-a+added-b") {
				t.Errorf("pairs before %v, after %v", before, after)
			}
			if !isSubsequence(comments(data), comments(mg.Data)) {
				t.Errorf("comments lost:\n before %q\n after  %q", comments(data), comments(mg.Data))
			}
		})
	}
}

func refs(rs []PairRef) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Project+"/"+r.Services[0]+"+"+r.Services[1])
	}
	return out
}

// pairNames lists "project/a+b" for every pair of spec, in file order,
// projects in turn.
func pairNames(spec *schema.Spec) []string {
	var out []string
	for _, p := range spec.Projects {
		for _, pair := range p.Pairs {
			out = append(out, p.Name+"/"+pair.Services[0].Name+"+"+pair.Services[1].Name)
		}
	}
	return out
}

// isSubsequence reports whether sub appears in s in order, gaps allowed.
func isSubsequence(sub, s []string) bool {
	i := 0
	for _, x := range s {
		if i < len(sub) && x == sub[i] {
			i++
		}
	}
	return i == len(sub)
}
