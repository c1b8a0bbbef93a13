package adopt

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/plan"
)

// found is a Result reduced to what classification decides.
type found struct {
	pairs    []string // "target>joiner"
	unpaired []string
	broken   []string // members joined by ","
	ignored  map[string]int
}

func summarize(p Project) found {
	f := found{ignored: p.Ignored}
	for _, pair := range p.Pairs {
		f.pairs = append(f.pairs, pair.Services[0].Name+">"+pair.Services[1].Name)
	}
	for _, u := range p.Unpaired {
		f.unpaired = append(f.unpaired, u.Name)
	}
	for _, b := range p.Broken {
		f.broken = append(f.broken, strings.Join(b.Services, ","))
	}
	return f
}

func TestInferClassifiesLinks(t *testing.T) {
	const eu, us, ap = "google-europe-west1", "aws-us-east-1", "aws-ap-southeast-1"
	cases := map[string]struct {
		services []plan.LiveService
		want     found
		reason   string // in the only broken group's reason
	}{
		"the joiner is second whatever the names": {
			services: []plan.LiveService{svc("zulu", eu), svc("alpha", us, joins("zulu"))},
			want:     found{pairs: []string{"zulu>alpha"}},
		},
		"pairs sorted by name": {
			services: []plan.LiveService{svc("m", eu), svc("n", us, joins("m")), svc("b", eu), svc("c", us, joins("b"))},
			want:     found{pairs: []string{"b>c", "m>n"}},
		},
		"a join target that no longer exists leaves an unpaired service": {
			services: []plan.LiveService{svc("x", eu, joins("gone"))},
			want:     found{unpaired: []string{"x"}},
		},
		"a joiner of a service whose own target is gone still pairs": {
			services: []plan.LiveService{svc("b", eu, joins("gone")), svc("c", us, joins("b"))},
			want:     found{pairs: []string{"b>c"}},
		},
		"a service joined by two": {
			services: []plan.LiveService{svc("a", eu), svc("b", us, joins("a")), svc("c", ap, joins("a"))},
			want:     found{broken: []string{"a,b,c"}},
			reason:   "b joined a, c joined a (service_to_join_with), but a CCR pair is exactly two Cassandra services",
		},
		"a chain": {
			services: []plan.LiveService{svc("a", eu), svc("b", us, joins("a")), svc("c", ap, joins("b"))},
			want:     found{broken: []string{"a,b,c"}},
			reason:   "b joined a, c joined b",
		},
		"joined a service of another type": {
			services: []plan.LiveService{svc("x", eu, joins("k")), svc("k", us, typed("kafka"))},
			want:     found{broken: []string{"x"}, ignored: map[string]int{"kafka": 1}},
			reason:   "x joined k (service_to_join_with), but k is a service of type kafka",
		},
		"joined by a service of another type": {
			services: []plan.LiveService{svc("x", eu), svc("p", us, typed("pg"), joins("x"))},
			want:     found{broken: []string{"x"}, ignored: map[string]int{"pg": 1}},
			reason:   "p is a PostgreSQL service",
		},
		"a service that names itself": {
			services: []plan.LiveService{svc("x", eu, joins("x"))},
			want:     found{broken: []string{"x"}},
			reason:   "x names itself in service_to_join_with",
		},
		"two services that name each other": {
			services: []plan.LiveService{svc("a", eu, joins("b")), svc("b", us, joins("a"))},
			want:     found{broken: []string{"a,b"}},
			reason:   "a and b each name the other",
		},
		"a pair in one cloud": {
			services: []plan.LiveService{svc("a", eu), svc("b", eu, joins("a"))},
			want:     found{broken: []string{"a,b"}},
			reason:   "a and b both run in google-europe-west1",
		},
		"a name a file cannot hold": {
			services: []plan.LiveService{svc("a", eu), svc("B_x", us, joins("a"))},
			want:     found{broken: []string{"B_x,a"}},
			reason:   "B_x is not a service name a ccr file accepts",
		},
		"a cloud a file cannot hold": {
			services: []plan.LiveService{svc("a", eu), svc("b", "Mars\nNorth", joins("a"))},
			want:     found{broken: []string{"a,b"}},
			reason:   `b runs in cloud "Mars\nNorth"`,
		},
		"services of other types only": {
			services: []plan.LiveService{svc("k1", eu, typed("kafka")), svc("k2", us, typed("kafka"), joins("k1"))},
			want:     found{ignored: map[string]int{"kafka": 2}},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := mustInfer(t, project("acme", tc.services...))
			p := r.Projects[0]
			got := summarize(p)
			if tc.want.ignored == nil {
				tc.want.ignored = map[string]int{}
			}
			if !slices.Equal(got.pairs, tc.want.pairs) || !slices.Equal(got.unpaired, tc.want.unpaired) ||
				!slices.Equal(got.broken, tc.want.broken) || !maps.Equal(got.ignored, tc.want.ignored) {
				t.Fatalf("got %+v\nwant %+v", got, tc.want)
			}
			if tc.reason != "" && !strings.Contains(p.Broken[0].Reason, tc.reason) {
				t.Errorf("reason %q lacks %q", p.Broken[0].Reason, tc.reason)
			}
		})
	}
}

func TestInferNotesAGoneJoinTarget(t *testing.T) {
	r := mustInfer(t, project("acme", svc("x", "aws-us-east-1", joins("gone\nnow"))))
	u := r.Projects[0].Unpaired[0]
	if want := `its service_to_join_with names "gone\nnow", which no longer exists`; u.Note != want {
		t.Errorf("note = %q, want %q", u.Note, want)
	}
	if u.Datacenter != "x" || u.Cloud != "aws-us-east-1" || u.Plan != "startup-4" || u.State != plan.StateRunning {
		t.Errorf("unpaired = %+v", u)
	}
}

func TestInferKeepsProjectOrderAndCatalogFacts(t *testing.T) {
	retired := project("retired")
	retired.Catalog.Types = map[string]plan.TypeCatalog{plan.CassandraType: {Offered: false}}
	r := mustInfer(t, project("zeta"), retired, project("alpha"))
	var names []string
	for _, p := range r.Projects {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"zeta", "retired", "alpha"}) {
		t.Errorf("projects = %v, want the order given", names)
	}
	if !r.Projects[0].CassandraOffered || r.Projects[1].CassandraOffered {
		t.Error("CassandraOffered not carried from the catalog")
	}
}

func TestInferFilter(t *testing.T) {
	ps := project("acme", svc("a", "google-europe-west1"), svc("b", "aws-us-east-1", joins("a")),
		svc("c", "google-europe-west1"), svc("d", "aws-us-east-1", joins("c")),
		svc("lone", "aws-us-west-2"), svc("k", "aws-us-east-1", typed("kafka")))
	r, err := Infer([]plan.ProjectState{ps}, []string{"b", "lone", "k"})
	if err != nil {
		t.Fatal(err)
	}
	got := summarize(r.Projects[0])
	if !slices.Equal(got.pairs, []string{"a>b"}) || !slices.Equal(got.unpaired, []string{"lone"}) || got.ignored["kafka"] != 1 {
		t.Errorf("filtered = %+v, want pair a>b, unpaired lone, kafka k counted", got)
	}
	if len(r.Skipped) != 1 || r.Skipped[0].Field != "service_type" || !strings.Contains(r.Skipped[0].Reason, "k is a service of type kafka") {
		t.Errorf("skipped = %+v, want the named kafka service reported", r.Skipped)
	}
	_, err = Infer([]plan.ProjectState{ps}, []string{"a", "nosuch", "Bad\nName"})
	var nf *NotFoundError
	if !errors.As(err, &nf) || !slices.Equal(nf.Names, []string{"Bad\nName", "nosuch"}) {
		t.Fatalf("err = %v, want a NotFoundError for the two unknown names", err)
	}
	if want := `no service named "Bad\nName", nosuch in the projects read`; err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}
}
