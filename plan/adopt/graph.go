package adopt

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ccr-dev/ccr/plan"
)

// graph groups a project's services by their service_to_join_with links:
// two services are in one group when one names the other, directly or
// through others. A link to a service that no longer exists is no link, as
// for ccr plan.
type graph struct {
	byName map[string]*plan.LiveService
	// sorted holds every service, by name.
	sorted []*plan.LiveService
	parent map[string]string
}

func newGraph(services []plan.LiveService) *graph {
	g := &graph{byName: make(map[string]*plan.LiveService, len(services)), parent: map[string]string{}}
	for i := range services {
		s := &services[i]
		if _, dup := g.byName[s.Name]; dup {
			continue // the API never lists a name twice; keep the first
		}
		g.byName[s.Name] = s
		g.sorted = append(g.sorted, s)
	}
	slices.SortFunc(g.sorted, func(a, b *plan.LiveService) int { return strings.Compare(a.Name, b.Name) })
	for _, s := range g.sorted {
		if t, ok := g.byName[s.JoinedWith]; ok && t != s {
			g.union(s.Name, t.Name)
		}
	}
	return g
}

func (g *graph) find(name string) string {
	for {
		p, ok := g.parent[name]
		if !ok || p == name {
			return name
		}
		if gp, ok := g.parent[p]; ok {
			g.parent[name] = gp // path halving keeps chains short
		}
		name = p
	}
}

func (g *graph) union(a, b string) {
	ra, rb := g.find(a), g.find(b)
	if ra != rb {
		g.parent[ra] = rb
	}
}

// components returns the groups, each sorted by name, ordered by their first
// member.
func (g *graph) components() [][]*plan.LiveService {
	index := map[string]int{}
	var out [][]*plan.LiveService
	for _, s := range g.sorted {
		root := g.find(s.Name)
		i, ok := index[root]
		if !ok {
			i = len(out)
			index[root] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], s)
	}
	return out
}

// pairOf returns the join target and the joiner of a group that is one CCR
// pair, or why the group is not one.
func (g *graph) pairOf(members []*plan.LiveService) (target, joiner *plan.LiveService, why string) {
	for _, s := range members {
		if s.JoinedWith == s.Name {
			return nil, nil, fmt.Sprintf("%s names itself in service_to_join_with", Quote(s.Name))
		}
	}
	if len(members) != 2 {
		return nil, nil, fmt.Sprintf("%s (service_to_join_with), but a CCR pair is exactly two Cassandra services, "+
			"one joined to the other", g.links(members))
	}
	a, b := members[0], members[1]
	for _, s := range members {
		if s.Type != plan.CassandraType {
			return nil, nil, fmt.Sprintf("%s (service_to_join_with), but %s is %s and a CCR pair is two "+
				"Cassandra services", g.links(members), Quote(s.Name), aService(s.Type))
		}
	}
	switch {
	case a.JoinedWith == b.Name && b.JoinedWith == a.Name:
		return nil, nil, fmt.Sprintf("%s and %s each name the other in service_to_join_with, which Aiven cannot produce",
			Quote(a.Name), Quote(b.Name))
	case b.JoinedWith == a.Name:
		return a, b, ""
	}
	return b, a, ""
}

// links describes the group's links, such as "b joined a, c joined a".
func (g *graph) links(members []*plan.LiveService) string {
	var out []string
	for _, s := range members {
		if _, ok := g.byName[s.JoinedWith]; ok {
			out = append(out, fmt.Sprintf("%s joined %s", Quote(s.Name), Quote(s.JoinedWith)))
		}
	}
	return strings.Join(out, ", ")
}
