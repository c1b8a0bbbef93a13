package adopt

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// stringFields are the strings import takes from the API, each with where a
// value goes in the live services and how the ccr file declares it.
var stringFields = []struct {
	name string
	set  func(a *plan.LiveService, v string)
	// declared reads the value back from a loaded file.
	declared func(p schema.Pair) string
	// yaml is the file's pair with the value quoted in.
	yaml string
}{
	{"tag value", func(a *plan.LiveService, v string) { a.Tags = map[string]string{"team": v} },
		func(p schema.Pair) string { return p.Tags["team"] },
		"{services: [{name: orders-eu, cloud: google-europe-west1}, {name: orders-us, cloud: aws-us-east-1}], tags: {team: %s}}"},
	{"tag key", func(a *plan.LiveService, v string) { a.Tags = map[string]string{v: "orders"} },
		func(p schema.Pair) string {
			for k := range p.Tags {
				return k
			}
			return ""
		},
		"{services: [{name: orders-eu, cloud: google-europe-west1}, {name: orders-us, cloud: aws-us-east-1}], tags: {%s: orders}}"},
	{"datacenter", func(a *plan.LiveService, v string) { a.Datacenter = v },
		func(p schema.Pair) string { return p.Services[0].Datacenter },
		"{services: [{name: orders-eu, cloud: google-europe-west1, datacenter: %s}, {name: orders-us, cloud: aws-us-east-1}]}"},
	{"service name", func(a *plan.LiveService, v string) { a.Name, a.Datacenter = v, v },
		func(p schema.Pair) string { return p.Services[0].Name },
		"{services: [{name: %s, cloud: google-europe-west1}, {name: orders-us, cloud: aws-us-east-1}]}"},
	{"cloud", func(a *plan.LiveService, v string) { a.Cloud = v },
		func(p schema.Pair) string { return p.Services[0].Cloud },
		"{services: [{name: orders-eu, cloud: %s}, {name: orders-us, cloud: aws-us-east-1}]}"},
}

// TestOneRuleForStrings runs a table of characters through import and
// through validate, in every string import writes: each declares exactly
// what the other accepts. In tags, the only free-form strings, the table
// says which characters pass: graphic characters and spaces do; control
// (C0, DEL, C1), format (bidirectional, zero-width, BOM, soft hyphen), line
// and paragraph separator, private-use and unassigned characters do not.
func TestOneRuleForStrings(t *testing.T) {
	for _, c := range []struct {
		char string
		ok   bool
	}{
		{"\x00", false}, {"\t", false}, {"\n", false}, {"\x1b", false}, {"\x7f", false},
		{"\u0085", false}, {"\u009b", false}, {"\u00ad", false}, {"\u061c", false},
		{"\u200b", false}, {"\u200d", false}, {"\u200e", false}, {"\u202a", false}, {"\u202e", false},
		{"\u2066", false}, {"\u2069", false}, {"\u2028", false}, {"\u2029", false}, {"\ufeff", false},
		{"\ue000", false}, {"\U000e0001", false}, {"\u0378", false},
		{" ", true}, {"\u00a0", true}, {"é", true}, {"e\u0301", true}, {"ß", true}, {"日", true},
		{"🙂", true}, {".", true}, {"/", true}, {"'", true}, {"\"", true}, {"_", true}, {"-", true},
	} {
		v := "a" + c.char + "b"
		for _, f := range stringFields {
			imported := importDeclares(t, f.set, f.declared, v)
			_, diags := schema.Load("ccr.yaml", []byte("version: 1\nprojects: [{project: acme, pairs: ["+
				fmt.Sprintf(f.yaml, strconv.Quote(v))+"]}]\n"))
			validated := len(diags) == 0
			if imported != validated {
				t.Errorf("%s %q: import declares it: %v; validate accepts it: %v %v", f.name, v, imported, validated, diags)
			}
			if strings.HasPrefix(f.name, "tag") && validated != c.ok {
				t.Errorf("%s %q: accepted = %v, want %v", f.name, v, validated, c.ok)
			}
		}
	}
}

// importDeclares reports whether import, given a pair with a value set,
// writes a file that declares it.
func importDeclares(t *testing.T, set func(*plan.LiveService, string), declared func(schema.Pair) string, v string) bool {
	t.Helper()
	a := svc("orders-eu", "google-europe-west1")
	set(&a, v)
	b := svc("orders-us", "aws-us-east-1", joins(a.Name))
	if a.Tags != nil {
		b.Tags = a.Tags
	}
	data, err := Encode(mustInfer(t, project("acme", a, b)), testMeta)
	if errors.Is(err, ErrNothing) {
		return false
	}
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	spec, diags := schema.Load("imported.yaml", data)
	if len(diags) > 0 {
		t.Fatalf("import wrote a file validate refuses: %v\n%s", diags, data)
	}
	return declared(spec.Projects[0].Pairs[0]) == v
}
