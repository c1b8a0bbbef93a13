package plan

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/ccr-dev/ccr/schema"
)

// Fact kinds: what a Fact is about.
const (
	FactProject = "project"
	FactService = "service"
	FactCloud   = "cloud"
	FactPlan    = "plan"
	FactVPC     = "vpc"
	// FactPrice is the price of a plan in a cloud; its Name is
	// "PLAN in CLOUD" for Cassandra, "TYPE PLAN in CLOUD" otherwise.
	FactPrice = "price"
	// FactVersion is whether the project offers a version of a type the
	// file asks for; its Name is "TYPE VERSION".
	FactVersion = "version"
)

// Fact is one live fact a plan depends on, such as the plan of a declared
// service or whether a cloud is offered. A plan's Fingerprint is the hash of
// its Facts, so two plans with equal fingerprints saw the same facts.
type Fact struct {
	Project string `json:"project"`
	// Kind is one of FactProject, FactService, FactCloud, FactPlan, FactVPC,
	// FactPrice.
	Kind string `json:"kind"`
	// Name is the service, cloud, plan, VPC ID or priced plan ("" for
	// FactProject).
	Name  string `json:"name"`
	Field string `json:"field"`
	Value string `json:"value"`
}

// Fingerprint is "sha256:" and the hex digest of exactly the live facts a
// plan of spec depends on (see liveFacts). Compute stores it in the plan;
// apply recomputes it from a fresh read to tell whether a saved plan is
// stale.
func Fingerprint(spec *schema.Spec, live Live) string {
	return fingerprintOf(liveFacts(spec, live))
}

// fingerprintOf hashes sorted facts. Every string is length-prefixed, so
// the encoding is unambiguous whatever the values contain.
func fingerprintOf(facts []Fact) string {
	h := sha256.New()
	var buf []byte
	for _, f := range facts {
		for _, s := range [...]string{f.Project, f.Kind, f.Name, f.Field, f.Value} {
			buf = strconv.AppendInt(buf[:0], int64(len(s)), 10)
			buf = append(append(buf, ':'), s...)
			h.Write(buf)
		}
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// liveFacts lists, sorted, the live facts Compute reads for spec:
//   - per project: whether it was read and, when it has pairs or its
//     catalog of cassandra was read, whether it offers cassandra;
//   - per declared service: whether it exists and, if so, its type, plan,
//     cloud, datacenter, disk, VPC, join target and whether that target
//     still exists, the services that joined it, and whether it is powered
//     off;
//   - the catalog entries for the clouds, plans (declared or inherited) and
//     VPCs the file uses, when the catalog was read;
//   - the price of each plan in each cloud a declared service has or will
//     have, when prices were read: the cost a reviewer saw, and the budgets
//     checked against it, depend on them.
//
// State is reduced to powered off or not: POWEROFF changes the plan (a
// conflict), while REBUILDING and REBALANCING only add a drift warning, and
// apply waits for RUNNING on its own, so a service settling must not make a
// reviewed plan stale. Services the file does not name count only when they
// joined a declared one; their other changes do not alter the fingerprint.
func liveFacts(spec *schema.Spec, live Live) []Fact {
	size := 0
	for _, proj := range spec.Projects {
		size += 2 + 12*2*len(proj.Pairs) // roughly: service facts dominate
	}
	facts := make([]Fact, 0, size)
	for i := range spec.Projects {
		proj := &spec.Projects[i]
		ps, ok := live.Projects[proj.Name]
		facts = append(facts, Fact{Project: proj.Name, Kind: FactProject, Field: "read", Value: strconv.FormatBool(ok)})
		if !ok {
			continue
		}
		facts = append(facts, projectFacts(proj, ps)...)
	}
	slices.SortFunc(facts, compareFacts)
	// A cloud or VPC used by several services is one fact.
	return slices.Compact(facts)
}

// projectFacts lists the facts of one project that was read.
func projectFacts(proj *schema.Project, ps ProjectState) []Fact {
	idx := newServiceIndex(ps.Services)
	f := factList{project: proj.Name}
	// Whether cassandra is offered is a fact of a project with pairs (as
	// it always was, read or not), and otherwise only once its catalog
	// was read: a replica-only project never reads it.
	if _, read := ps.Catalog.Types[CassandraType]; read || len(proj.Pairs) > 0 {
		f.add(FactProject, "", "cassandra_offered", strconv.FormatBool(ps.Catalog.Offered(CassandraType)))
	}
	plans := map[string]bool{}
	for _, pair := range proj.Pairs {
		if pair.Plan != "" {
			plans[pair.Plan] = true
		}
		for _, s := range pair.Services {
			if l := idx.get(s.Name); l != nil {
				plans[l.Plan] = true
			}
			f.service(s.Name, idx)
			f.settings(s.Name, idx, pair.TerminationProtection, pair.Tags)
			f.cloud(ps.Catalog.Clouds, s.Cloud)
			f.vpc(ps.Catalog.VPCs, s.ProjectVPCID)
		}
		for _, key := range pricedKeys(&pair, idx) {
			f.price(ps.Catalog.Prices, key)
		}
	}
	for name := range plans {
		f.plan(ps.Catalog.Plans(CassandraType), name)
	}
	for i := range proj.Replicas {
		f.group(&proj.Replicas[i], idx, ps.Catalog)
	}
	return f.facts
}

// group lists the facts a replica group's plan depends on: each declared
// service as the group sees it, the catalog of the group's type (offered,
// the clouds, plans, VPCs and prices its services use or will use).
// Backups, the integrations' active flags and states are left out: apply
// waits for them on its own.
func (f *factList) group(g *schema.Group, idx *serviceIndex, cat Catalog) {
	typ := g.Primary.Type
	tc, read := cat.Types[typ]
	if read {
		f.add(FactProject, "", typ+"_offered", strconv.FormatBool(tc.Offered))
	}
	primary := idx.get(g.Primary.Name)
	primaryPlan := g.Primary.Plan
	if primary != nil {
		primaryPlan = primary.Plan
	}
	for _, m := range append([]schema.Member{g.Primary}, g.Members...) {
		f.groupService(m.Name, idx, g.Active != "")
		f.settings(m.Name, idx, g.TerminationProtection, g.Tags)
		f.cloud(cat.Clouds, m.Cloud)
		f.vpc(cat.VPCs, m.ProjectVPCID)
		planName := m.Plan
		if l := idx.get(m.Name); l != nil {
			planName = l.Plan
		} else if planName == "" {
			planName = primaryPlan
		}
		if planName == "" {
			continue
		}
		f.typePlan(tc.Plans, typ, planName)
		f.price(cat.Prices, PriceKey{Type: typ, Plan: planName, Cloud: cloudOf(m, idx)})
	}
	if primary != nil && primary.Plan != g.Primary.Plan && g.Primary.Plan != "" {
		f.typePlan(tc.Plans, typ, g.Primary.Plan)
	}
	if v := g.Primary.Version; v != "" && tc.Versions != nil {
		f.add(FactVersion, typ+" "+v, "offered", strconv.FormatBool(slices.Contains(tc.Versions, v)))
	}
}

// settings lists the live values of the settings an existing service must
// change to match the file (termination protection, declared tag keys):
// the before-values its updates start from, so a plan reviewed against
// other values goes stale. Settings that already match add no fact, so a
// plan with no update keeps the fingerprint it had before updates existed;
// one that comes to differ adds a fact, and goes stale too.
func (f *factList) settings(name string, idx *serviceIndex, protection *bool, tags map[string]string) {
	s := idx.get(name)
	if s == nil {
		return
	}
	for _, u := range settingUpdates(s, protection, tags) {
		before := "null" // a tag the service lacks; a value is quoted
		if u.Before != nil {
			before = strconv.Quote(*u.Before)
		}
		f.add(FactService, name, u.Field, before)
	}
}

// cloudOf is the cloud a declared service has, or will have when created.
func cloudOf(m schema.Member, idx *serviceIndex) string {
	if l := idx.get(m.Name); l != nil {
		return l.Cloud
	}
	return m.Cloud
}

// groupService lists the facts of one service of a replica group:
// whether it exists and, if so, what the group's plan depends on. Its role
// counts only when the file declares which service is active.
func (f *factList) groupService(name string, idx *serviceIndex, roles bool) {
	s := idx.get(name)
	f.add(FactService, name, "exists", strconv.FormatBool(s != nil))
	if s == nil {
		return
	}
	f.add(FactService, name, "type", s.Type)
	f.add(FactService, name, "plan", s.Plan)
	f.add(FactService, name, "cloud", s.Cloud)
	f.add(FactService, name, "disk_space_mb", strconv.Itoa(s.DiskSpaceMB))
	f.add(FactService, name, "project_vpc_id", strings.ToLower(s.ProjectVPCID))
	f.add(FactService, name, "version", s.Version)
	f.add(FactService, name, "integrations", integrationFacts(s.Integrations))
	f.add(FactService, name, "powered_off", strconv.FormatBool(s.State == StatePoweroff))
	f.add(FactService, name, "persistence_off", strconv.FormatBool(s.PersistenceOff))
	if roles {
		f.add(FactService, name, "role", s.Role)
	}
}

// integrationFacts renders integrations as "kind:source>dest", sorted and
// comma-separated; other projects are named "project/service".
func integrationFacts(links []Integration) string {
	out := make([]string, 0, len(links))
	for _, l := range links {
		src, dst := l.Source, l.Dest
		if l.SourceProject != "" {
			src = l.SourceProject + "/" + src
		}
		if l.DestProject != "" {
			dst = l.DestProject + "/" + dst
		}
		out = append(out, l.Kind+":"+src+">"+dst)
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

// typePlan is f.plan for a plan of a replica group's type; its name is
// "TYPE PLAN", where a Cassandra plan's is the plan alone.
func (f *factList) typePlan(plans map[string]PlanSpec, typ, name string) {
	if plans == nil {
		return
	}
	ps, ok := plans[name]
	name = typ + " " + name
	f.add(FactPlan, name, "offered", strconv.FormatBool(ok))
	if ok {
		f.add(FactPlan, name, "node_count", strconv.Itoa(ps.NodeCount))
		f.add(FactPlan, name, "node_memory_mb", strconv.Itoa(ps.NodeMemoryMB))
		f.add(FactPlan, name, "disk_space_mb", strconv.Itoa(ps.DiskSpaceMB))
		f.add(FactPlan, name, "disk_space_cap_mb", strconv.Itoa(ps.DiskSpaceCapMB))
		f.add(FactPlan, name, "disk_space_step_mb", strconv.Itoa(ps.DiskSpaceStepMB))
	}
}

// factList accumulates one project's facts.
type factList struct {
	project string
	facts   []Fact
}

func (f *factList) add(kind, name, field, value string) {
	f.facts = append(f.facts, Fact{Project: f.project, Kind: kind, Name: name, Field: field, Value: value})
}

func (f *factList) service(name string, idx *serviceIndex) {
	s := idx.get(name)
	f.add(FactService, name, "exists", strconv.FormatBool(s != nil))
	if s == nil {
		return
	}
	f.add(FactService, name, "type", s.Type)
	f.add(FactService, name, "plan", s.Plan)
	f.add(FactService, name, "cloud", s.Cloud)
	f.add(FactService, name, "datacenter", s.datacenter())
	f.add(FactService, name, "disk_space_mb", strconv.Itoa(s.DiskSpaceMB))
	f.add(FactService, name, "project_vpc_id", strings.ToLower(s.ProjectVPCID))
	f.add(FactService, name, "joined_with", s.JoinedWith)
	if s.JoinedWith != "" {
		// A join target that no longer exists leaves s unpaired, free to
		// gain a peer, even when the target is a service the file does not
		// name.
		f.add(FactService, name, "joined_with_exists", strconv.FormatBool(idx.get(s.JoinedWith) != nil))
	}
	f.add(FactService, name, "joined_by", strings.Join(idx.joinedBy[name], ","))
	f.add(FactService, name, "powered_off", strconv.FormatBool(s.State == StatePoweroff))
}

func (f *factList) cloud(clouds map[string]bool, name string) {
	if clouds != nil {
		f.add(FactCloud, name, "offered", strconv.FormatBool(clouds[name]))
	}
}

func (f *factList) plan(plans map[string]PlanSpec, name string) {
	if plans == nil {
		return
	}
	ps, ok := plans[name]
	f.add(FactPlan, name, "offered", strconv.FormatBool(ok))
	if ok {
		f.add(FactPlan, name, "disk_space_mb", strconv.Itoa(ps.DiskSpaceMB))
		f.add(FactPlan, name, "disk_space_cap_mb", strconv.Itoa(ps.DiskSpaceCapMB))
		f.add(FactPlan, name, "disk_space_step_mb", strconv.Itoa(ps.DiskSpaceStepMB))
	}
}

func (f *factList) vpc(vpcs map[string]VPC, id string) {
	if id == "" || vpcs == nil {
		return
	}
	v, ok := lookupVPC(vpcs, id)
	id = strings.ToLower(id)
	f.add(FactVPC, id, "exists", strconv.FormatBool(ok))
	if ok {
		f.add(FactVPC, id, "cloud", v.Cloud)
		f.add(FactVPC, id, "state", v.State)
	}
}

// pricedKeys lists the (plan, cloud) each service of a pair is priced at: an
// existing Cassandra service at its own, a missing one at the file's plan,
// or the plan it inherits from its existing peer, in its cloud.
func pricedKeys(pair *schema.Pair, idx *serviceIndex) []PriceKey {
	var keys []PriceKey
	for i, s := range pair.Services {
		if l := idx.get(s.Name); l != nil {
			if l.Type == CassandraType {
				keys = append(keys, PriceKey{Type: CassandraType, Plan: l.Plan, Cloud: l.Cloud})
			}
			continue
		}
		planName := pair.Plan
		if peer := idx.get(pair.Services[1-i].Name); planName == "" && peer != nil {
			planName = peer.Plan
		}
		if planName != "" {
			keys = append(keys, PriceKey{Type: CassandraType, Plan: planName, Cloud: s.Cloud})
		}
	}
	return keys
}

func (f *factList) price(prices map[PriceKey]Price, key PriceKey) {
	if prices == nil {
		return
	}
	// A Cassandra price keeps the name it had before other types.
	name := key.Plan + " in " + key.Cloud
	if key.Type != CassandraType {
		name = key.Type + " " + name
	}
	p, ok := prices[key]
	priced := ok && p.Unknown == ""
	f.add(FactPrice, name, "priced", strconv.FormatBool(priced))
	if priced {
		f.add(FactPrice, name, "base_hourly", p.BaseHourly.String())
		extra := ""
		if p.ExtraDiskHourlyPerGiB != nil {
			extra = p.ExtraDiskHourlyPerGiB.String()
		}
		f.add(FactPrice, name, "extra_disk_hourly_per_gib", extra)
	}
}

// compareFacts orders facts by project, kind, name, field and value.
func compareFacts(a, b Fact) int {
	return cmp.Or(
		cmp.Compare(a.Project, b.Project),
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.Name, b.Name),
		cmp.Compare(a.Field, b.Field),
		cmp.Compare(a.Value, b.Value),
	)
}
