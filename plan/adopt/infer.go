package adopt

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// NotFoundError is returned by Infer when services named in its filter
// exist in none of the projects.
type NotFoundError struct {
	Names []string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no service named %s in the projects read", strings.Join(quoteAll(e.Names), ", "))
}

// Infer finds the CCR pairs, replica groups, unpaired Cassandra services
// and broken pairings and links of each project, in the order given. Pairs
// come from service_to_join_with, as ccr plan reads them: a service whose
// join target no longer exists is unpaired (Aiven lets a new service join
// it), and a group of services linked by service_to_join_with is a pair
// only when it is exactly two Cassandra services, one joined to the other.
// Replica groups come from the replication integrations either end lists,
// as ccr plan reads them: services linked by them are a group only when one
// of them (the primary) is the source of every link, each other service is
// the destination of one, and a ccr file can declare them (see
// links.groupOf).
//
// When only is not empty, Infer keeps the pairs, groups, unpaired services
// and broken groups that include one of the services it names, and fails
// with a *NotFoundError for names no project has.
func Infer(projects []plan.ProjectState, only []string) (*Result, error) {
	f := newFilter(only)
	r := &Result{Projects: make([]Project, 0, len(projects)), Skipped: []Skip{}}
	for _, ps := range projects {
		r.Projects = append(r.Projects, inferProject(ps, f, &r.Skipped))
		f.see(ps.Services)
	}
	if missing := f.missing(); len(missing) > 0 {
		return nil, &NotFoundError{Names: missing}
	}
	return r, nil
}

// inferProject classifies one project's services.
func inferProject(ps plan.ProjectState, f filter, skipped *[]Skip) Project {
	p := Project{Name: ps.Name, CassandraOffered: ps.Catalog.Offered(plan.CassandraType),
		Pairs: []Pair{}, Groups: []Group{}, Unpaired: []Unpaired{}, Broken: []Broken{}, Ignored: map[string]int{}}
	g := newGraph(ps.Services)
	l := newLinks(g, ps.Name)
	for _, s := range g.sorted {
		if s.Type != plan.CassandraType && !l.linked(s.Name) && f.keeps(s.Name) {
			p.Ignored[s.Type]++
			if f.named(s.Name) {
				*skipped = append(*skipped, Skip{Project: ps.Name, Services: []string{s.Name}, Field: "service_type",
					Value: s.Type, Reason: ignoredReason(s)})
			}
		}
	}
	for _, members := range g.components() {
		if !f.keepsAny(members) {
			continue
		}
		p.classify(ps, g, members, skipped)
	}
	for _, members := range l.components(g.sorted) {
		if !f.keepsAny(members) {
			continue
		}
		p.classifyLinks(ps, l, members, skipped)
	}
	slices.SortFunc(p.Pairs, func(a, b Pair) int {
		return strings.Compare(a.Services[0].Name+"\x00"+a.Services[1].Name, b.Services[0].Name+"\x00"+b.Services[1].Name)
	})
	slices.SortFunc(p.Groups, func(a, b Group) int { return strings.Compare(a.Primary.Name, b.Primary.Name) })
	return p
}

// ignoredReason says why a service of another type than Cassandra, with no
// replication link, is not imported.
func ignoredReason(s *plan.LiveService) string {
	if Standalone(s.Type) {
		return fmt.Sprintf("%s is %s with no replication link (never linked, or a promoted replica); ccr imports "+
			"the replica groups that links form", Quote(s.Name), aService(s.Type))
	}
	return fmt.Sprintf("%s is %s; ccr imports Cassandra pairs and replica groups of %s only",
		Quote(s.Name), aService(s.Type), strings.Join(schema.ReplicaTypes(), ", "))
}

// Standalone reports whether an ignored service of type typ is one ccr can
// replicate (a replica group's type) that has no replication link, rather
// than a service of a type ccr does not manage.
func Standalone(typ string) bool { return slices.Contains(schema.ReplicaTypes(), typ) }

// aService words a service's type after "is": "an OpenSearch service" for
// a type ccr manages, `a service of type "x y"` (quoted as it comes from
// the API) for any other.
func aService(typ string) string {
	if t, ok := schema.LookupType(typ); ok {
		return t.WithArticle() + " service"
	}
	return "a service of type " + Quote(typ)
}

// classifyLinks files one group of services linked by replication
// integrations under groups or broken.
func (p *Project) classifyLinks(ps plan.ProjectState, l *links, members []*plan.LiveService, skipped *[]Skip) {
	primary, edges, why := l.groupOf(ps.Name, members)
	if why != "" {
		names := make([]string, len(members))
		for i, s := range members {
			names[i] = s.Name
		}
		p.Broken = append(p.Broken, Broken{Services: names, Reason: why, Via: ViaIntegrations})
		return
	}
	g, skips := buildGroup(ps, l, primary, edges)
	p.Groups = append(p.Groups, g)
	*skipped = append(*skipped, skips...)
}

// classify files one group of linked services under pairs, unpaired or
// broken. Groups without a Cassandra service are counted as ignored only.
func (p *Project) classify(ps plan.ProjectState, g *graph, members []*plan.LiveService, skipped *[]Skip) {
	cassandra := cassandraNames(members)
	if len(cassandra) == 0 {
		return
	}
	if s := members[0]; len(members) == 1 && s.JoinedWith != s.Name {
		p.Unpaired = append(p.Unpaired, unpaired(s))
		return
	}
	target, joiner, why := g.pairOf(members)
	if why == "" {
		var pair Pair
		var skips []Skip
		if pair, skips, why = buildPair(ps, target, joiner); why == "" {
			p.Pairs = append(p.Pairs, pair)
			*skipped = append(*skipped, skips...)
			return
		}
	}
	p.Broken = append(p.Broken, Broken{Services: cassandra, Reason: why, Via: ViaJoin})
}

func unpaired(s *plan.LiveService) Unpaired {
	u := Unpaired{Name: s.Name, Cloud: s.Cloud, Plan: s.Plan, Datacenter: datacenterOf(s), State: s.State}
	if s.JoinedWith != "" {
		u.Note = fmt.Sprintf("its service_to_join_with names %s, which no longer exists", Quote(s.JoinedWith))
	}
	return u
}

func cassandraNames(members []*plan.LiveService) []string {
	var out []string
	for _, s := range members {
		if s.Type == plan.CassandraType {
			out = append(out, s.Name)
		}
	}
	return out
}

// datacenterOf is the service's Cassandra datacenter, plan.DefaultDatacenter
// when the adapter left it empty.
func datacenterOf(s *plan.LiveService) string {
	if s.Datacenter == "" {
		return plan.DefaultDatacenter
	}
	return s.Datacenter
}

// filter is the --service selection.
type filter struct {
	names map[string]bool
	found map[string]bool
}

func newFilter(only []string) filter {
	f := filter{names: map[string]bool{}, found: map[string]bool{}}
	for _, n := range only {
		f.names[n] = true
	}
	return f
}

// keeps reports whether the service called name is selected.
func (f filter) keeps(name string) bool { return len(f.names) == 0 || f.names[name] }

// named reports whether the filter names name explicitly.
func (f filter) named(name string) bool { return f.names[name] }

func (f filter) keepsAny(members []*plan.LiveService) bool {
	return slices.ContainsFunc(members, func(s *plan.LiveService) bool { return f.keeps(s.Name) })
}

func (f filter) see(services []plan.LiveService) {
	for _, s := range services {
		if f.names[s.Name] {
			f.found[s.Name] = true
		}
	}
}

func (f filter) missing() []string {
	var out []string
	for n := range f.names {
		if !f.found[n] {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
