package render

import (
	"strconv"

	"github.com/ccr-dev/ccr/plan"
)

// node is one declared service as it exists before or after an apply. The
// diff and the diagram are both drawn from nodes, so they always agree.
type node struct {
	index      int // position in Plan.Changes
	project    string
	service    string
	cloud      string
	plan       string
	diskMB     int
	datacenter string
	// joinedWith is user_config.service_to_join_with: only the joining member
	// of a pair carries it, exactly as Aiven models the pair.
	joinedWith string
	isNew      bool
	// group is set for a replica group's service: its type, version, link
	// to its primary and disaster_recovery_role.
	group *groupNode
}

// groupNode is what a diagram and a listing show of a group's service.
type groupNode struct {
	typ, version string
	// kind and source are its link to its primary ("" for a primary, or a
	// member that is not linked); source is "project/name" for a primary in
	// another project.
	kind, source string
	// role is its disaster_recovery_role, "" when unknown or none.
	role string
	// member says the file declares it a member, linked or not.
	member bool
}

// beforeNodes returns the declared services that exist now, as Aiven
// reports them.
func beforeNodes(p *plan.Plan) []node {
	var ns []node
	for i, c := range p.Changes {
		if c.Live != nil {
			ns = append(ns, liveNode(i, c))
		}
	}
	return ns
}

// afterNodes returns the declared services that exist once the plan is
// applied. Existing services keep their live values but for the plan and
// disk an update changes (on a pair, both members); blocked services that
// do not exist stay absent.
func afterNodes(p *plan.Plan) []node {
	var ns []node
	passive := map[serviceKey]bool{} // the peers of switchovers
	for _, c := range p.Changes {
		if c.Action == plan.Switchover {
			passive[serviceKey{c.Project, c.DependsOn}] = true
		}
	}
	for i, c := range p.Changes {
		switch {
		case c.Live != nil:
			n := liveNode(i, c)
			resize(&n, c.Updates)
			if n.group != nil {
				afterGroupNode(n.group, c, passive[serviceKey{c.Project, c.Service}])
			}
			ns = append(ns, n)
		case c.Action == plan.Create:
			n := node{
				index: i, project: c.Project, service: c.Service, cloud: c.Cloud,
				plan: c.Plan, diskMB: c.DiskSpaceMB, datacenter: c.Datacenter,
				joinedWith: c.JoinWith, isNew: true,
			}
			if inGroup(c) {
				n.group = &groupNode{typ: c.ServiceType(), version: c.Version, kind: c.Kind, source: c.Source,
					member: c.Kind != ""}
			}
			ns = append(ns, n)
		}
	}
	return ns
}

// afterGroupNode turns an existing group service's node into what it is
// once the plan is applied: linked as declared, or active, or passive.
func afterGroupNode(g *groupNode, c plan.Change, passive bool) {
	switch {
	case c.Action == plan.Link:
		g.kind, g.source = c.Kind, c.Source
	case c.Action == plan.Switchover:
		g.role = plan.RoleActive
	case passive:
		g.role = plan.RolePassive
	}
}

// resize gives n the plan and disk that ups change.
func resize(n *node, ups []plan.FieldUpdate) {
	for _, u := range ups {
		switch u.Field {
		case plan.FieldPlan:
			n.plan = u.After
		case plan.FieldDisk:
			if mb, err := strconv.Atoi(u.After); err == nil {
				n.diskMB = mb
			}
		}
	}
}

func liveNode(i int, c plan.Change) node {
	l := c.Live
	n := node{
		index: i, project: c.Project, service: c.Service, cloud: l.Cloud,
		plan: l.Plan, diskMB: l.DiskSpaceMB, datacenter: l.Datacenter,
		joinedWith: l.JoinedWith,
	}
	if inGroup(c) {
		n.datacenter = ""
		n.group = &groupNode{typ: l.Type, version: l.Version, role: l.Role, member: c.Kind != ""}
		if links := l.Sources(); len(links) > 0 {
			n.group.kind, n.group.source = links[0].Kind, links[0].Source
			if links[0].SourceProject != "" {
				n.group.source = links[0].SourceProject + "/" + links[0].Source
			}
		}
	}
	return n
}

// typeText is the node's type and version: "pg 17".
func (g *groupNode) typeText() string {
	if g.version == "" {
		return g.typ
	}
	return g.typ + " " + g.version
}

// relation is what a group's node is to the others, for a listing:
// "primary, active", "read replica of orders-pg", or "not linked" for a
// member that is not.
func (g *groupNode) relation() string {
	s := "primary"
	switch {
	case g.kind != "":
		s = kindTitle(g.typ, g.kind) + " of " + g.source
	case g.member:
		s = "not linked"
	}
	if g.role != "" {
		s += ", " + g.role
	}
	return s
}

// peers returns, for each change, the other declared service of its pair
// ("" when the plan holds only one member).
func peers(p *plan.Plan) []string {
	type pairKey struct {
		project string
		pair    int
	}
	members := map[pairKey][]int{}
	for i, c := range p.Changes {
		if inGroup(c) {
			continue // a group's services have Pair 0 too
		}
		k := pairKey{c.Project, c.Pair}
		members[k] = append(members[k], i)
	}
	out := make([]string, len(p.Changes))
	for _, idx := range members {
		if len(idx) == 2 {
			out[idx[0]], out[idx[1]] = p.Changes[idx[1]].Service, p.Changes[idx[0]].Service
		}
	}
	return out
}

// serviceKey names a service across projects.
type serviceKey struct{ project, service string }

// created is the set of services the plan creates. A create that depends on
// one of them waits for it to be RUNNING, which is worth telling a reviewer;
// a join of an existing service depends on it too, but it is running already.
func created(p *plan.Plan) map[serviceKey]bool {
	m := map[serviceKey]bool{}
	for _, c := range p.Changes {
		if c.Action == plan.Create {
			m[serviceKey{c.Project, c.Service}] = true
		}
	}
	return m
}

// waitFor returns the new service c must wait for, or "".
func waitFor(c plan.Change, created map[serviceKey]bool) string {
	if c.DependsOn != "" && created[serviceKey{c.Project, c.DependsOn}] {
		return c.DependsOn
	}
	return ""
}

// joinPhrase says when c joins its peer: right after the peer's create, or
// once the peer is RUNNING, when the peer is new too; at once otherwise.
// wait is the new service c is created after ("" when none).
func joinPhrase(order string, c plan.Change, wait string, quote func(string) string) string {
	switch {
	case c.JoinWith == "":
		return ""
	case wait != c.JoinWith:
		return "joins " + quote(c.JoinWith)
	case order == plan.JoinAfterRunning:
		return "joins " + quote(c.JoinWith) + " once it is RUNNING"
	}
	return "joins " + quote(c.JoinWith) + " right after its create"
}
