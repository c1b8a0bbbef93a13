package cli

import (
	"fmt"
	"slices"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// wantGroup is a replica group the generator built on purpose, with the
// fields the file must hold exactly.
type wantGroup struct {
	primary, typ string
	// members are the members' names, sorted, and kinds maps each to its
	// kind.
	members []string
	kinds   map[string]string
	// plans, disks and vpcs are by service; a zero value is left out.
	plans      map[string]string
	disks      map[string]int
	vpcs       map[string]string
	version    string
	active     string
	protection bool
	tags       map[string]string
	// states are the live states; a service not RUNNING plans as drift.
	states map[string]string
}

// genType is what the generator knows of a replica type in aiven-sim's
// catalog.
type genType struct {
	typ, versionKey       string
	defaultVersion, other string
	primaryPlan           string
	// memberPlans by kind; diskDefault is every plan's default disk in
	// the generator's choice of plans.
	memberPlans map[string][]string
	diskDefault map[string]int
}

var genTypes = []genType{
	{typ: "pg", versionKey: "pg_version", defaultVersion: "17", other: "16", primaryPlan: "business-4",
		memberPlans: map[string][]string{"read_replica": {"startup-4", "startup-8"}, "disaster_recovery": {"business-4"}},
		diskDefault: map[string]int{"business-4": 81920, "startup-4": 81920, "startup-8": 179200}},
	{typ: "mysql", versionKey: "mysql_version", defaultVersion: "8.4", other: "8", primaryPlan: "business-4",
		memberPlans: map[string][]string{"read_replica": {"startup-4"}},
		diskDefault: map[string]int{"business-4": 81920, "startup-4": 81920}},
	{typ: "valkey", versionKey: "valkey_version", defaultVersion: "8.1", other: "9.0", primaryPlan: "business-4",
		memberPlans: map[string][]string{"read_replica": {"startup-4", "startup-8"}},
		diskDefault: map[string]int{"business-4": 10240, "startup-4": 10240, "startup-8": 20480}},
	{typ: "opensearch", versionKey: "opensearch_version", defaultVersion: "2.19", other: "3.3", primaryPlan: "business-4",
		memberPlans: map[string][]string{"opensearch_cross_cluster_replication": {"business-4", "business-8"}},
		diskDefault: map[string]int{"business-4": 245760, "business-8": 537600}},
}

// group adds a primary and one to three members linked to it, with random
// attributes, and records what the file must say about them.
func (g *projectGen) group() {
	t := genTypes[g.rng.IntN(len(genTypes))]
	w := wantGroup{primary: g.name(), typ: t.typ, kinds: map[string]string{}, plans: map[string]string{},
		disks: map[string]int{}, vpcs: map[string]string{}, tags: map[string]string{}, states: map[string]string{}}
	version := t.defaultVersion
	if g.rng.IntN(3) == 0 {
		version, w.version = t.other, t.other
	}
	services := []aivensim.ServiceSeed{g.groupService(&w, t, w.primary, t.primaryPlan, version)}
	kinds := slices.Sorted(func(yield func(string) bool) {
		for k := range t.memberPlans {
			if !yield(k) {
				return
			}
		}
	})
	dr := ""
	for range 1 + g.rng.IntN(3) {
		kind := kinds[g.rng.IntN(len(kinds))]
		if kind == "disaster_recovery" && dr != "" {
			kind = "read_replica" // one recovery service per primary
		}
		plans := t.memberPlans[kind]
		name := g.name()
		services = append(services, g.groupService(&w, t, name, plans[g.rng.IntN(len(plans))], version))
		w.members = append(w.members, name)
		w.kinds[name] = kind
		g.links = append(g.links, aivensim.IntegrationSeed{IntegrationType: kind, SourceService: w.primary, DestService: name})
		if kind == "disaster_recovery" {
			dr = name
		}
	}
	g.groupTags(services, &w)
	g.groupProtection(services, &w)
	if dr != "" {
		g.roles(&services[0], &services[slices.Index(w.members, dr)+1], &w)
	}
	for _, s := range services {
		g.add(s)
	}
	g.st.groups[g.project] = append(g.st.groups[g.project], w)
}

// groupService is one service of a group: its plan, a disk that is the
// plan's default or not, a VPC or not, a state.
func (g *projectGen) groupService(w *wantGroup, t genType, name, plan, version string) aivensim.ServiceSeed {
	s := aivensim.ServiceSeed{ServiceName: name, ServiceType: t.typ, Plan: plan, CloudName: g.cloud(),
		UserConfig: map[string]any{t.versionKey: version}}
	w.plans[name] = plan
	if g.rng.IntN(3) == 0 {
		s.DiskSpaceMB = t.diskDefault[plan] + 10240
		w.disks[name] = s.DiskSpaceMB
	}
	var vpc string
	g.vpc(&s, &vpc)
	w.vpcs[name] = vpc
	w.states[name] = g.state(&s)
	return s
}

// groupTags gives every service some shared tags and, sometimes, one they
// disagree on; the file holds exactly the shared valid ones.
func (g *projectGen) groupTags(services []aivensim.ServiceSeed, w *wantGroup) {
	for i := range services {
		services[i].Tags = map[string]string{}
	}
	for k := range g.rng.IntN(3) {
		key, v := fmt.Sprintf("k%d", k), validTags[g.rng.IntN(len(validTags))]
		for i := range services {
			services[i].Tags[key] = v
		}
		w.tags[key] = v
	}
	if g.rng.IntN(4) == 0 {
		services[len(services)-1].Tags["differs"] = "x"
	}
}

func (g *projectGen) groupProtection(services []aivensim.ServiceSeed, w *wantGroup) {
	w.protection = true
	for i := range services {
		services[i].TerminationProtection = g.rng.IntN(3) > 0
		w.protection = w.protection && services[i].TerminationProtection
	}
}

// roles gives a recovery pair its disaster_recovery_role: none reported,
// the primary active, the recovery service active after a switchover (the
// file says active), or after a failover (the primary failed and powered
// off: left alone).
func (g *projectGen) roles(primary, dr *aivensim.ServiceSeed, w *wantGroup) {
	switch g.rng.IntN(4) {
	case 0:
	case 1:
		primary.DisasterRecoveryRole, dr.DisasterRecoveryRole = "active", "passive"
	case 2:
		primary.DisasterRecoveryRole, dr.DisasterRecoveryRole = "passive", "active"
		w.active = dr.ServiceName
	default:
		primary.DisasterRecoveryRole, dr.DisasterRecoveryRole = "failed", "active"
		primary.State, primary.BusyUntil = "POWEROFF", nil
		w.states[primary.ServiceName] = "POWEROFF"
	}
}

// brokenLinks adds services whose replication links form no group a file
// can declare.
func (g *projectGen) brokenLinks() {
	x, y, z := g.name(), g.name(), g.name()
	svc := func(name, typ, plan string) aivensim.ServiceSeed {
		return aivensim.ServiceSeed{ServiceName: name, ServiceType: typ, Plan: plan, CloudName: g.cloud()}
	}
	link := func(kind, src, dst string) aivensim.IntegrationSeed {
		return aivensim.IntegrationSeed{IntegrationType: kind, SourceService: src, DestService: dst}
	}
	var services []aivensim.ServiceSeed
	switch g.rng.IntN(3) {
	case 0: // a chain
		services = []aivensim.ServiceSeed{svc(x, "pg", "business-4"), svc(y, "pg", "business-4"), svc(z, "pg", "startup-4")}
		g.links = append(g.links, link("disaster_recovery", x, y), link("read_replica", y, z))
	case 1: // a member of two primaries
		services = []aivensim.ServiceSeed{svc(x, "mysql", "business-4"), svc(y, "mysql", "business-4"), svc(z, "mysql", "startup-4")}
		g.links = append(g.links, link("read_replica", x, z), link("read_replica", y, z))
	default: // two types
		services = []aivensim.ServiceSeed{svc(x, "pg", "business-4"), svc(y, "mysql", "startup-4")}
		g.links = append(g.links, link("read_replica", x, y))
	}
	for _, s := range services {
		g.add(s)
		g.st.broken[g.project] = append(g.st.broken[g.project], s.ServiceName)
	}
}

// crossProject links a new primary in one project to a new member in
// another: neither project's file can declare the link, so both are
// broken there.
func crossProject(st *genState, from, to *projectGen) {
	p, m := from.name(), to.name()
	from.add(aivensim.ServiceSeed{ServiceName: p, ServiceType: "pg", Plan: "business-4", CloudName: from.cloud()})
	to.add(aivensim.ServiceSeed{ServiceName: m, ServiceType: "pg", Plan: "startup-4", CloudName: to.cloud()})
	to.links = append(to.links, aivensim.IntegrationSeed{IntegrationType: "read_replica", SourceProject: from.project,
		SourceService: p, DestService: m})
	st.broken[from.project] = append(st.broken[from.project], p)
	st.broken[to.project] = append(st.broken[to.project], m)
}
