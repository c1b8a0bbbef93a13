package plan

import "sort"

// serviceIndex answers the two questions pairing asks of a project's
// services, in constant time, so Compute stays linear in the services read.
type serviceIndex struct {
	byName map[string]*LiveService
	// joinedBy maps a service name to the services whose
	// service_to_join_with names it, sorted.
	joinedBy map[string][]string
}

func newServiceIndex(services []LiveService) *serviceIndex {
	idx := &serviceIndex{
		byName:   make(map[string]*LiveService, len(services)),
		joinedBy: make(map[string][]string),
	}
	for i := range services {
		s := &services[i]
		idx.byName[s.Name] = s
		if s.JoinedWith != "" {
			idx.joinedBy[s.JoinedWith] = append(idx.joinedBy[s.JoinedWith], s.Name)
		}
	}
	for _, names := range idx.joinedBy {
		sort.Strings(names)
	}
	return idx
}

// get returns the live service called name, nil when it does not exist.
func (idx *serviceIndex) get(name string) *LiveService { return idx.byName[name] }

// partners lists the existing services s is paired with, sorted: the one it
// joined and those that joined it. A join target that no longer exists is
// left out: its pair was split by deleting it, and Aiven lets a new service
// join s again.
func (idx *serviceIndex) partners(s *LiveService) []string {
	var out []string
	if s.JoinedWith != "" && idx.byName[s.JoinedWith] != nil {
		out = append(out, s.JoinedWith)
	}
	for _, name := range idx.joinedBy[s.Name] {
		if name != s.JoinedWith {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// pairedWith reports whether a and b form a pair: either joined the other.
func pairedWith(a, b *LiveService) bool {
	return a.JoinedWith == b.Name || b.JoinedWith == a.Name
}

// datacenter is the service's Cassandra datacenter, DefaultDatacenter when
// the adapter left it empty.
func (s *LiveService) datacenter() string {
	if s.Datacenter == "" {
		return DefaultDatacenter
	}
	return s.Datacenter
}
