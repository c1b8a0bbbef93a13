package adopt

import (
	"errors"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// TestLimitsFollowTheSchema pins what import reads from ccr.schema.json,
// and that a schema without those constraints is refused rather than read
// as "anything goes".
func TestLimitsFollowTheSchema(t *testing.T) {
	l, err := readLimits(schema.JSONSchema())
	if err != nil {
		t.Fatal(err)
	}
	if l.tagKeyMax != 64 || l.tagValueMax != 64 || l.diskMax != 2147483647 {
		t.Errorf("limits = %d %d %d", l.tagKeyMax, l.tagValueMax, l.diskMax)
	}
	for _, c := range []struct {
		re    *regexp.Regexp
		value string
		want  bool
	}{
		{l.name, "orders-eu", true}, {l.name, "Orders", false}, {l.name, strings.Repeat("a", 65), false},
		{l.datacenter, "us_east-1", true}, {l.datacenter, "us east", false}, {l.datacenter, strings.Repeat("d", 129), false},
		{l.vpc, "1F0E3C52-8a4b-4c1d-9e2f-0a1b2c3d4e5f", true}, {l.vpc, "vpc-1", false},
		{l.project, "acme-prod", true}, {l.project, "Acme_Prod", false},
	} {
		if got := c.re.MatchString(c.value); got != c.want {
			t.Errorf("%s matches %q = %v, want %v", c.re, c.value, got, c.want)
		}
	}
	broken := strings.Replace(string(schema.JSONSchema()), `"pattern": "^[A-Za-z0-9_-]{1,128}$"`, `"minLength": 1`, 1)
	if _, err := readLimits([]byte(broken)); err == nil || !strings.Contains(err.Error(), "service.datacenter has no pattern") {
		t.Errorf("a schema without the datacenter pattern: err = %v", err)
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"orders-eu":               "orders-eu",
		"business-8":              "business-8",
		"a b":                     `"a b"`,
		"":                        `""`,
		"x\ny":                    `"x\ny"`,
		"w\u2028v":                `"w\u2028v"`,
		"nel\u0085":               `"nel\u0085"`,
		"é":                       `"\u00e9"`,
		"\x1b[31mred":             `"\x1b[31mred"`,
		strings.Repeat("a", 81):   `"` + strings.Repeat("a", 80) + `"…`,
		"-leading-hyphen":         `"-leading-hyphen"`,
		"1f0e3c52-8a4b-4c1d-9e2f": "1f0e3c52-8a4b-4c1d-9e2f",
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// FuzzEncode builds a pair from arbitrary live values: Encode either finds
// nothing to declare or writes a file that validates and declares only
// values that equal the live ones.
func FuzzEncode(f *testing.F) {
	f.Add("orders-eu", "orders-us", "google-europe-west1", "aws-us-east-1", "startup-4", "eu", "team", "orders", "1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f", 300000)
	f.Add("a", "b", "x-y", "x-z", "p", "b", "", "", "", 0)
	f.Add("a\n", "b", "x-y", "x-y", "p q", "dc\nx", "k\x00", "v\u2028", "VPC", -1)
	f.Add("a", "b", "aws-us-east-1", "aws-us-west-2", "startup-4", "aiven", "true", "null", "1F0E3C52-8A4B-4C1D-9E2F-0A1B2C3D4E5F", 1<<40)
	f.Fuzz(func(t *testing.T, a, b, ca, cb, planName, dc, tagKey, tagValue, vpc string, disk int) {
		tags := map[string]string{tagKey: tagValue}
		sa := plan.LiveService{Name: a, Type: plan.CassandraType, Plan: planName, Cloud: ca, State: plan.StateRunning,
			Datacenter: dc, DiskSpaceMB: disk, Tags: tags, ProjectVPCID: vpc}
		sb := plan.LiveService{Name: b, Type: plan.CassandraType, Plan: planName, Cloud: cb, State: plan.StatePoweroff,
			Datacenter: a, DiskSpaceMB: disk, Tags: maps.Clone(tags), JoinedWith: a}
		r, err := Infer([]plan.ProjectState{project("acme", sa, sb)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		data, err := Encode(r, testMeta)
		if errors.Is(err, ErrNothing) {
			return
		}
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		spec, diags := schema.Load("f.yaml", data)
		if len(diags) > 0 {
			t.Fatalf("does not validate: %v\n%s", diags, data)
		}
		p := spec.Projects[0].Pairs[0]
		if p.Services[0].Name != a || p.Services[1].Name != b || p.Plan != "" && p.Plan != planName ||
			p.DiskSpaceMB != 0 && p.DiskSpaceMB != disk || p.Tags != nil && p.Tags[tagKey] != tagValue {
			t.Errorf("declared values differ from the live ones:\n%s", data)
		}
	})
}
