package adopt

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	yaml "gopkg.in/yaml.v3"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// goldenProjects is a little of everything: pairs with every field, a
// POWEROFF member, values left out, unpaired and broken services, other
// types, a project without a pair and one that no longer offers Cassandra;
// and replica groups (see goldenGroups) with a project of groups only.
func goldenProjects() []plan.ProjectState {
	protect := func(s *plan.LiveService) { s.TerminationProtection = true }
	tags := func(s *plan.LiveService) {
		s.Tags = map[string]string{"team": "orders", "cost-center": "4711", "critical": "true", "note": "a: b # c"}
	}
	prod := project("acme-prod",
		svc("orders-eu", "google-europe-west1", protect, tags, func(s *plan.LiveService) { s.DiskSpaceMB = 300000 }),
		svc("orders-us", "aws-us-east-1", protect, tags, joins("orders-eu"), func(s *plan.LiveService) {
			s.DiskSpaceMB, s.Datacenter, s.State = 300000, "us_east", plan.StatePoweroff
			s.ProjectVPCID = "1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f"
		}),
		svc("billing-eu", "azure-westeurope", func(s *plan.LiveService) { s.Datacenter = plan.DefaultDatacenter }),
		svc("billing-ap", "aws-ap-southeast-1", joins("billing-eu"), func(s *plan.LiveService) {
			s.Tags = map[string]string{"bad": "line\nbreak"}
		}),
		svc("legacy", "google-europe-west3", joins("gone")),
		svc("hub", "aws-eu-west-1"), svc("spoke-1", "aws-us-west-2", joins("hub")), svc("spoke-2", "aws-us-east-1", joins("hub")),
		svc("kafka-1", "aws-eu-west-1", typed("kafka")), svc("pg-1", "aws-eu-west-1", typed("pg")),
	)
	prod.Catalog = groupCatalog()
	prod.Services = append(prod.Services, goldenGroups()...)
	empty := project("acme-empty", svc("lone", "aws-us-east-1"))
	retired := project("acme-retired", svc("r-a", "google-europe-west1"), svc("r-b", "aws-us-east-1", joins("r-a")))
	retired.Catalog = plan.Catalog{}
	return []plan.ProjectState{prod, empty, retired, goldenGroupsOnly()}
}

func TestEncodeGolden(t *testing.T) {
	r := mustInfer(t, goldenProjects()...)
	data, err := Encode(r, testMeta)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	checkGolden(t, "import.golden.yaml", string(data))
}

func TestEncodeJSONGolden(t *testing.T) {
	data, err := EncodeJSON(mustInfer(t, goldenProjects()...), testMeta)
	if err != nil {
		t.Fatalf("EncodeJSON: %v", err)
	}
	checkGolden(t, "import.golden.json", string(data))
}

// TestEncodeQuotesValuesThatReadAsOtherTypes round-trips tag values that a
// careless writer would leave as booleans, numbers, nulls, anchors or
// comments.
func TestEncodeQuotesValuesThatReadAsOtherTypes(t *testing.T) {
	values := []string{"true", "no", "123", "0x1F", "1e3", "null", "~", "", "- x", "a: b", "#c", "*alias", "&anchor",
		"!tag", "%x", "@at", "`t`", "{a}", "[b]", "'q'", `"dq"`, " lead", "trail ", "2001-12-14", "ünï", "---", "...", "? k", "yes", "1:20", "Off"}
	tags := map[string]string{}
	for i, v := range values {
		tags[v+"-key"] = v
		tags[strings.Repeat("k", i+1)] = v
	}
	a, b := both(func(s *plan.LiveService) { s.Tags = maps.Clone(tags) })
	b.JoinedWith = a.Name
	data, err := Encode(mustInfer(t, project("acme", a, b)), testMeta)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	spec, diags := schema.Load("x.yaml", data)
	if len(diags) > 0 {
		t.Fatalf("does not validate: %v\n%s", diags, data)
	}
	if got := spec.Projects[0].Pairs[0].Tags; !maps.Equal(got, tags) {
		t.Errorf("tags read back %q\nwant %q\n%s", got, tags, data)
	}
	for _, v := range []string{"yes", "no", "1:20"} {
		if !strings.Contains(string(data), `: "`+v+`"`) {
			t.Errorf("%s is not quoted; a YAML 1.1 reader would not take it as a string:\n%s", v, data)
		}
	}
}

// TestCommentsHoldNoData writes values built to escape a comment (line
// breaks of every kind, YAML indicators) into every comment import writes:
// with the comments removed, the file must hold exactly the data of the
// same result without those services.
func TestCommentsHoldNoData(t *testing.T) {
	hostile := []string{"x\nprojects: []", "y\r\n- project: evil", "z\u0085pairs:", "w\u2028version: 2", "v\u2029#", "u\x00"}
	var services []plan.LiveService
	for i, h := range hostile {
		name := "lone" + h
		services = append(services, plan.LiveService{Name: name, Type: plan.CassandraType, Plan: h, Cloud: h,
			State: h, Datacenter: h, JoinedWith: h})
		services = append(services, plan.LiveService{Name: h + "k", Type: "type" + h, Plan: h})
		services = append(services, svc(strings.Repeat("s", i+1)+"-a", "aws-us-east-1", joins(h+"k")))
	}
	clean := []plan.LiveService{svc("orders-eu", "google-europe-west1"), svc("orders-us", "aws-us-east-1", joins("orders-eu"))}
	dirty := mustInfer(t, project("acme", append(services, clean...)...), project("empty", services...))
	data, err := Encode(dirty, testMeta)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	want, err := Encode(mustInfer(t, project("acme", clean...)), testMeta)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := withoutComments(t, data), withoutComments(t, want); got != want {
		t.Errorf("data with hostile comments:\n%s\nwant:\n%s\nfile:\n%s", got, want, data)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.ContainsAny(line, "\r\x00\u0085\u2028\u2029") {
			t.Errorf("line %d carries a raw break or control character: %q", i+1, line)
		}
	}
}

// withoutComments re-encodes data with every comment dropped.
func withoutComments(t *testing.T, data []byte) string {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parse: %v\n%s", err, data)
	}
	var strip func(n *yaml.Node)
	strip = func(n *yaml.Node) {
		n.HeadComment, n.LineComment, n.FootComment = "", "", ""
		for _, c := range n.Content {
			strip(c)
		}
	}
	strip(&doc)
	out, err := encodeNode(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestEncodeRefusals(t *testing.T) {
	_, err := Encode(mustInfer(t, project("acme", svc("lone", "aws-us-east-1"))), testMeta)
	if !errors.Is(err, ErrNothing) {
		t.Errorf("no pairs: err = %v, want ErrNothing", err)
	}
	pair := []plan.LiveService{svc("a", "google-europe-west1"), svc("b", "aws-us-east-1", joins("a"))}
	_, err = Encode(mustInfer(t, project("Acme_Prod", pair...)), testMeta)
	if err == nil || !strings.Contains(err.Error(), "project Acme_Prod cannot be named in a ccr file") {
		t.Errorf("bad project: err = %v", err)
	}
}

func TestEncodeSchemaPath(t *testing.T) {
	pair := []plan.LiveService{svc("a", "google-europe-west1"), svc("b", "aws-us-east-1", joins("a"))}
	m := testMeta
	m.SchemaPath = "../schema/ccr.schema.json"
	data, err := Encode(mustInfer(t, project("acme", pair...)), m)
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(data), "\n"); first != "# yaml-language-server: $schema=../schema/ccr.schema.json" {
		t.Errorf("first line = %q", first)
	}
}

// TestEncodeLeftOutOncePerReason: two datacenters dropped for one reason
// (they would collide) make one "Left out" line, not the same line twice;
// a value of one member is named after it.
func TestEncodeLeftOutOncePerReason(t *testing.T) {
	cases := map[string]struct {
		a, b string // live datacenters of orders-eu and orders-us
		want []string
	}{
		"both the default": {"aiven", "aiven", []string{
			"# Left out: both services would be in datacenter aiven in the file, which ccr validate refuses; " +
				"ccr plan does not need it for an existing service.",
		}},
		"a collision made by leaving one out": {"orders-us", "us east", []string{
			`# Left out of orders-us: datacenter "us east" is not one a ccr file accepts (letters, digits, - and _, ` +
				"at most 128); ccr plan does not need it for an existing service.",
			"# Left out of orders-eu: both services would be in datacenter orders-us in the file, which ccr " +
				"validate refuses; ccr plan does not need it for an existing service.",
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			a := svc("orders-eu", "google-europe-west1", func(s *plan.LiveService) { s.Datacenter = tc.a })
			b := svc("orders-us", "aws-us-east-1", joins("orders-eu"), func(s *plan.LiveService) { s.Datacenter = tc.b })
			data, err := Encode(mustInfer(t, project("acme", a, b)), testMeta)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			var got []string
			for _, line := range strings.Split(string(data), "\n") {
				if l := strings.TrimSpace(line); strings.HasPrefix(l, "# Left out") {
					got = append(got, l)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Left out lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
