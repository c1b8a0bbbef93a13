package cli

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// genState is a generated live state with what import must make of it.
type genState struct {
	seed     aivensim.SeedFile
	projects []string
	// want holds, per project, the pairs import must declare, sorted.
	want map[string][]wantPair
	// groups holds, per project, the replica groups import must declare,
	// sorted by primary.
	groups map[string][]wantGroup
	// broken are services that must not be declared in any pair or group.
	broken map[string][]string
	// unpaired are the Cassandra services import must list as unpaired.
	unpaired map[string][]string
}

// wantPair is a pair the generator built on purpose, with the fields the
// file must hold exactly.
type wantPair struct {
	target, joiner string
	plan           string
	disk           int
	protection     bool
	tags           map[string]string
	datacenters    [2]string
	vpcs           [2]string
	// states are the live states; a member not RUNNING plans as drift.
	states [2]string
}

var (
	genClouds = []string{"google-europe-west1", "google-us-east1", "aws-eu-west-1", "aws-us-east-1",
		"aws-us-west-2", "azure-westeurope", "azure-eastus"}
	genPlans = []string{"startup-4", "business-8", "premium-6"}
	// validTags round-trip: YAML-hostile text that a file can hold quoted.
	validTags = []string{"orders", "true", "123", "null", "~", "- x", "a: b", "#c", "'q'", `"dq"`, " lead",
		"trail ", "ünïcødé", "", "*alias", "&anchor", "!tag", "%x", "@at", "`tick`", "{a}", "[b]", "yes", "0x1F",
		strings.Repeat("v", 64)}
	// invalidTags must be left out: too long, control characters, line
	// separators.
	invalidTags = []string{strings.Repeat("v", 65), "a\x01b", "a\nb", "a\rb", "a\u2028b", "tab\there", "nel\u0085"}
	// oddDatacenters are live datacenters a file cannot hold.
	oddDatacenters = []string{"dc with space", "dc\nline", strings.Repeat("d", 129), "dç", "dc/slash"}
)

// generate builds live state number i: one to three projects, each with a
// random mix of clean pairs, replica groups, unpaired Cassandra services,
// services of other types, broken pairings and broken replication links,
// one of them across two projects.
func generate(rng *rand.Rand, i int) genState {
	st := genState{want: map[string][]wantPair{}, groups: map[string][]wantGroup{}, broken: map[string][]string{},
		unpaired: map[string][]string{}}
	var gens []*projectGen
	for j := range 1 + rng.IntN(3) {
		name := fmt.Sprintf("acme-%d", j)
		g := &projectGen{rng: rng, st: &st, project: name, prefix: fmt.Sprintf("s%d-%d", i, j)}
		g.fill()
		gens = append(gens, g)
	}
	if len(gens) > 1 && rng.IntN(3) == 0 {
		crossProject(&st, gens[0], gens[1])
	}
	for _, g := range gens {
		name := g.project
		st.projects = append(st.projects, name)
		st.seed.Projects = append(st.seed.Projects, aivensim.ProjectSeed{Project: name, Services: g.services,
			ServiceIntegrations: g.links})
		slices.SortFunc(st.want[name], func(a, b wantPair) int { return strings.Compare(a.target, b.target) })
		slices.SortFunc(st.groups[name], func(a, b wantGroup) int { return strings.Compare(a.primary, b.primary) })
	}
	// The order given is not the order generated: projects keep the order of --project.
	rng.Shuffle(len(st.projects), func(a, b int) { st.projects[a], st.projects[b] = st.projects[b], st.projects[a] })
	return st
}

type projectGen struct {
	rng      *rand.Rand
	st       *genState
	project  string
	prefix   string
	n        int
	services []aivensim.ServiceSeed
	// links are the replication integrations whose member is here.
	links []aivensim.IntegrationSeed
}

func (g *projectGen) fill() {
	for range g.rng.IntN(5) {
		g.pair()
	}
	for range g.rng.IntN(3) {
		g.lone()
	}
	for range g.rng.IntN(3) {
		typ, plan := "kafka", "startup-2"
		if g.rng.IntN(2) == 0 {
			typ, plan = "pg", "hobbyist"
		}
		g.add(aivensim.ServiceSeed{ServiceName: g.name(), ServiceType: typ, Plan: plan, CloudName: g.cloud()})
	}
	if g.rng.IntN(3) == 0 {
		g.brokenGroup()
	}
	for range g.rng.IntN(3) {
		g.group()
	}
	if g.rng.IntN(4) == 0 {
		g.brokenLinks()
	}
}

// name returns a fresh service name; names sort in creation order, so a
// pair's target (created first) sorts before its joiner.
func (g *projectGen) name() string {
	g.n++
	return fmt.Sprintf("%s-%03d", g.prefix, g.n)
}

func (g *projectGen) cloud() string { return genClouds[g.rng.IntN(len(genClouds))] }

func (g *projectGen) add(s aivensim.ServiceSeed) { g.services = append(g.services, s) }

func (g *projectGen) cassandra(name, cloud, plan string, join string) aivensim.ServiceSeed {
	uc := map[string]any{}
	if join != "" {
		uc["service_to_join_with"] = join
	}
	return aivensim.ServiceSeed{ServiceName: name, ServiceType: "cassandra", Plan: plan, CloudName: cloud, UserConfig: uc}
}

// pair adds two paired Cassandra services with random attributes, and
// records exactly what the file must say about them.
func (g *projectGen) pair() {
	a, b := g.name(), g.name()
	ca := g.cloud()
	cb := g.cloud()
	for cb == ca {
		cb = g.cloud()
	}
	w := wantPair{target: a, joiner: b, tags: map[string]string{}}
	plan := genPlans[g.rng.IntN(len(genPlans))]
	sa, sb := g.cassandra(a, ca, plan, ""), g.cassandra(b, cb, plan, a)
	w.plan = plan
	if g.rng.IntN(10) == 0 { // peers that disagree: the plan is left out
		sb.Plan, w.plan = genPlans[(slices.Index(genPlans, plan)+1)%len(genPlans)], ""
	}
	g.disk(&sa, &sb, &w)
	g.protection(&sa, &sb, &w)
	g.tags(&sa, &sb, &w)
	g.datacenters(&sa, &sb, &w)
	for i, s := range []*aivensim.ServiceSeed{&sa, &sb} {
		g.vpc(s, &w.vpcs[i])
		w.states[i] = g.state(s)
	}
	g.add(sa)
	g.add(sb)
	g.st.want[g.project] = append(g.st.want[g.project], w)
}

func (g *projectGen) disk(sa, sb *aivensim.ServiceSeed, w *wantPair) {
	switch g.rng.IntN(5) {
	case 0, 1: // the plan's default: omitted
	case 2, 3:
		sa.DiskSpaceMB, sb.DiskSpaceMB = 777000, 777000
		w.disk = 777000
	default: // peers that disagree: omitted
		sa.DiskSpaceMB, sb.DiskSpaceMB = 777000, 807000
	}
}

func (g *projectGen) protection(sa, sb *aivensim.ServiceSeed, w *wantPair) {
	sa.TerminationProtection, sb.TerminationProtection = g.rng.IntN(2) == 0, g.rng.IntN(2) == 0
	w.protection = sa.TerminationProtection && sb.TerminationProtection
}

// tags gives both services some shared tags, valid and not, and some that
// differ; the file holds exactly the shared valid ones.
func (g *projectGen) tags(sa, sb *aivensim.ServiceSeed, w *wantPair) {
	sa.Tags, sb.Tags = map[string]string{}, map[string]string{}
	for k := range g.rng.IntN(4) {
		key, v := fmt.Sprintf("k%d", k), validTags[g.rng.IntN(len(validTags))]
		if g.rng.IntN(4) == 0 {
			key = validTags[g.rng.IntN(len(validTags))] // a hostile key
			if key == "" {
				key = "empty-key-is-invalid"
			}
		}
		sa.Tags[key], sb.Tags[key], w.tags[key] = v, v, v
	}
	if g.rng.IntN(3) == 0 {
		v := invalidTags[g.rng.IntN(len(invalidTags))]
		sa.Tags["bad"], sb.Tags["bad"] = v, v
		if g.rng.IntN(2) == 0 {
			sa.Tags[v], sb.Tags[v] = "x", "x" // an invalid key
		}
	}
	if g.rng.IntN(4) == 0 {
		sa.Tags["only-a"] = "x"
		sa.Tags["differs"], sb.Tags["differs"] = "a", "b"
	}
	if g.rng.IntN(8) == 0 {
		sa.Tags[""], sb.Tags[""] = "empty key", "empty key"
	}
}

// datacenters picks each member's live datacenter: unset (aiven), its name,
// a custom valid one, a colliding one or one no file can hold.
func (g *projectGen) datacenters(sa, sb *aivensim.ServiceSeed, w *wantPair) {
	var live [2]string
	clean := true
	for i, s := range []*aivensim.ServiceSeed{sa, sb} {
		var dc string
		switch g.rng.IntN(6) {
		case 0: // unset: the default "aiven"
		case 1:
			dc = s.ServiceName
		case 2:
			dc = s.ServiceName + "_dc"
		case 3:
			dc = "aiven"
		case 4:
			dc = []string{sa.ServiceName, sb.ServiceName}[1-i] // the peer's name
		default:
			dc, clean = oddDatacenters[g.rng.IntN(len(oddDatacenters))], false
		}
		if dc != "" {
			s.UserConfig["cassandra"] = map[string]any{"datacenter": dc}
		} else {
			dc = "aiven"
		}
		live[i] = dc
	}
	if !clean {
		w.datacenters = [2]string{"?", "?"} // any, as long as ccr plan agrees
		return
	}
	names := [2]string{sa.ServiceName, sb.ServiceName}
	for i := range live {
		if live[i] != names[i] {
			w.datacenters[i] = live[i]
		}
	}
	effective := func(i int) string { return cmpOr(w.datacenters[i], names[i]) }
	if effective(0) == effective(1) {
		w.datacenters = [2]string{}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (g *projectGen) vpc(s *aivensim.ServiceSeed, want *string) {
	switch g.rng.IntN(6) {
	case 0:
		s.ProjectVPCID = fmt.Sprintf("1f0e3c52-8a4b-4c1d-9e2f-%012x", g.rng.Int64N(1<<48))
		*want = s.ProjectVPCID
	case 1:
		s.ProjectVPCID = fmt.Sprintf("1F0E3C52-8A4B-4C1D-9E2F-%012X", g.rng.Int64N(1<<48))
		*want = s.ProjectVPCID
	case 2:
		s.ProjectVPCID = "vpc-not-a-uuid"
	}
}

// state makes a member RUNNING, POWEROFF or still REBUILDING.
func (g *projectGen) state(s *aivensim.ServiceSeed) string {
	switch g.rng.IntN(10) {
	case 0:
		s.State = "POWEROFF"
	case 1:
		s.State = "REBUILDING"
		until := time.Now().Add(24 * time.Hour)
		s.BusyUntil = &until
	default:
		s.State = "RUNNING"
	}
	return s.State
}

// lone adds an unpaired Cassandra service, sometimes with a join target
// that no longer exists.
func (g *projectGen) lone() {
	s := g.cassandra(g.name(), g.cloud(), genPlans[0], "")
	if g.rng.IntN(3) == 0 {
		s.UserConfig["service_to_join_with"] = g.prefix + "-deleted"
	}
	g.state(&s)
	g.add(s)
	g.st.unpaired[g.project] = append(g.st.unpaired[g.project], s.ServiceName)
}

// brokenGroup adds services whose links form no pair a file can declare.
func (g *projectGen) brokenGroup() {
	x, y, z := g.name(), g.name(), g.name()
	plan := genPlans[0]
	c := func(name, join string) aivensim.ServiceSeed { return g.cassandra(name, g.cloud(), plan, join) }
	var group []aivensim.ServiceSeed
	switch g.rng.IntN(8) {
	case 0: // joined by two
		group = []aivensim.ServiceSeed{c(x, ""), c(y, x), c(z, x)}
	case 1: // a chain
		group = []aivensim.ServiceSeed{c(x, ""), c(y, x), c(z, y)}
	case 2: // joined a service of another type
		group = []aivensim.ServiceSeed{c(x, y), {ServiceName: y, ServiceType: "kafka", Plan: "startup-2", CloudName: g.cloud()}}
	case 3: // joined by a service of another type
		k := aivensim.ServiceSeed{ServiceName: y, ServiceType: "pg", Plan: "hobbyist", CloudName: g.cloud(),
			UserConfig: map[string]any{"service_to_join_with": x}}
		group = []aivensim.ServiceSeed{c(x, ""), k}
	case 4: // one cloud for both
		a, b := g.cassandra(x, "aws-us-east-1", plan, ""), g.cassandra(y, "aws-us-east-1", plan, x)
		group = []aivensim.ServiceSeed{a, b}
	case 5: // a name no file can hold
		group = []aivensim.ServiceSeed{c(x, ""), c(strings.ToUpper(y), x)}
	case 6: // names itself
		group = []aivensim.ServiceSeed{c(x, x)}
	default: // each names the other
		group = []aivensim.ServiceSeed{c(x, y), c(y, x)}
	}
	for _, s := range group {
		g.add(s)
		if s.ServiceType == "cassandra" {
			g.st.broken[g.project] = append(g.st.broken[g.project], s.ServiceName)
		}
	}
}
