package aivensim

import (
	"net/http"
	"slices"
	"strings"
)

// The replication kinds Aiven sells today (reference/aiven-replicas.md §2):
// a member is created as a copy of a source with one service_integrations
// entry; disaster recovery and OpenSearch cross-cluster replication can
// also link two existing services with POST /integration.
type kind struct {
	name        string   // integration_type
	types       []string // the service type of both ends
	description string   // the integration's description
	linkLater   bool     // two existing services may be linked
}

const (
	kindReadReplica = "read_replica"
	kindDR          = "disaster_recovery"
	kindOSCCR       = "opensearch_cross_cluster_replication"
)

var kinds = []kind{
	{kindReadReplica, []string{"pg", "mysql", "valkey"}, "Read replica", false},
	{kindDR, []string{"pg"}, "Disaster recovery", true},
	{kindOSCCR, []string{"opensearch"}, "OpenSearch cross-cluster replication", true},
}

func kindNamed(name string) (kind, bool) {
	i := slices.IndexFunc(kinds, func(k kind) bool { return k.name == name })
	if i < 0 {
		return kind{}, false
	}
	return kinds[i], true
}

func kindNames() string {
	var names []string
	for _, k := range kinds {
		names = append(names, k.name)
	}
	return strings.Join(names, ", ")
}

// member is the service a link makes the destination: the one being
// created, or an existing one (POST /integration).
type member struct {
	project, name, typ string
	plan               Plan
	version            string   // the member's <type>_version; "" at create when it is inherited
	existing           *service // nil at create
}

// maxValkeyReplicas is Valkey's documented cap on read replicas per primary.
const maxValkeyReplicas = 5

// msgPlanGate is Aiven's answer to a pg read replica requested before the
// primary's first backup (aiven-client#387); the emulator also gives it
// for the primary-plan rules, which the same message names.
const msgPlanGate = "Creation of a read replica not allowed under current plan"

// checkLink applies every rule to req making m a member and returns the
// source. The order puts the request's own mistakes first, then the
// source's state, then the kind's rules.
func (s *Server) checkLink(req linkRequest, m member) (*service, error) {
	src, err := s.checkLinkEnds(req, m)
	if err != nil {
		return nil, err
	}
	if err := s.checkLinkUnique(req, m, src); err != nil {
		return nil, err
	}
	switch req.kind.name {
	case kindReadReplica:
		err = s.checkReadReplica(m, src)
	case kindDR:
		err = s.checkRecovery(m, src)
	case kindOSCCR:
		err = s.checkFollower(m, src)
	}
	return src, err
}

func (s *Server) checkLinkEnds(req linkRequest, m member) (*service, error) {
	k := req.kind
	if !slices.Contains(k.types, m.typ) {
		return nil, badRequest("%s links %s services; %q is of type %q", k.name, strings.Join(k.types, ", "), m.name, m.typ)
	}
	srcProject := orDefault(req.srcProject, m.project)
	if srcProject != m.project && s.enforced(ruleSameProject) {
		return nil, errorf(http.StatusBadRequest, "service_integration_project_mismatch_source_destination",
			"Source project %q differs from project %q: %s links services of one project", srcProject, m.project, k.name)
	}
	src := s.lookup(srcProject, req.src)
	switch {
	case src == nil:
		return nil, badRequest("Source service %q was not found in project %q", req.src, srcProject)
	case src == m.existing || (m.existing == nil && src.name == m.name && srcProject == m.project):
		return nil, badRequest("Service %q cannot be its own %s source", req.src, k.name)
	case src.typ != m.typ:
		return nil, badRequest("Source service %q is of type %q, not %q: %s links services of one type",
			req.src, src.typ, m.typ, k.name)
	case !src.powered && s.enforced(ruleSourcePowered):
		return nil, badRequest("Source service %q is powered off", req.src)
	}
	if up := s.memberLink(src, k.name); up != nil && s.enforced(ruleReplicaOfReplica) {
		return nil, badRequest("Service %q is itself the %s member of %q; a member cannot be a source of the same kind",
			req.src, k.name, up.src)
	}
	return src, nil
}

// errOnePerService is Aiven's answer to a second integration of a type that
// allows one (aiven-examples#20).
func errOnePerService() error {
	return errorf(http.StatusConflict, "", "Only 1 integration(s) of this type allowed per service")
}

func (s *Server) checkLinkUnique(req linkRequest, m member, src *service) error {
	if m.existing == nil {
		return nil
	}
	for _, l := range s.links {
		if l.kind == req.kind.name && l.is(src, m.existing) {
			return errorf(http.StatusConflict, "", "Service integration already exists")
		}
	}
	if s.memberLink(m.existing, req.kind.name) != nil && s.enforced(ruleOneSource) {
		return errOnePerService()
	}
	return nil
}

func (s *Server) checkReadReplica(m member, src *service) error {
	pl, _ := s.catalog.plan(src.typ, src.plan)
	backupNeeded := src.typ == "pg" || (src.typ == "mysql" && s.enforced(ruleMySQLBackup))
	switch {
	case m.existing != nil:
		return errorf(http.StatusForbidden, "", "Service integrations are not available for this service")
	case (src.typ == "pg" || src.typ == "mysql") && !atLeastStartup(pl) && s.enforced(rulePrimaryPlan):
		return errorf(http.StatusForbidden, "", msgPlanGate)
	case backupNeeded && len(s.backups(src, s.now())) == 0:
		return errorf(http.StatusForbidden, "", msgPlanGate)
	case !s.replicaPlanAllowed(m.typ, m.plan.ServicePlan):
		return badRequest("Plan %q is not available for a %s read replica: read replicas use a startup plan",
			m.plan.ServicePlan, m.typ)
	case m.typ == "valkey" && len(s.linksFrom(src, kindReadReplica)) >= maxValkeyReplicas:
		return badRequest("Service %q already has %d read replicas, the most a valkey service can have", src.name, maxValkeyReplicas)
	case m.typ == "valkey" && src.userConfig["valkey_persistence"] == "off":
		return badRequest("Service %q has valkey_persistence off: it cannot be replicated", src.name)
	}
	if m.version != "" && m.version != s.versionOf(src) && s.enforced(ruleSameVersion) {
		return errVersion(m, src, s.versionOf(src))
	}
	return nil
}

// replicaPlanAllowed is the plan family of a read replica: startup plans
// (documented for pg and valkey, inferred for mysql).
func (s *Server) replicaPlanAllowed(typ, plan string) bool {
	if typ == "mysql" && !s.enforced(ruleMySQLStartup) {
		return true
	}
	return tier(plan) == "startup"
}

func (s *Server) checkRecovery(m member, src *service) error {
	for _, sv := range []struct {
		name, plan string
	}{{src.name, src.plan}, {m.name, m.plan.ServicePlan}} {
		if !slices.Contains([]string{"startup", "business", "premium"}, tier(sv.plan)) {
			return badRequest("Disaster recovery is not available on plan %q of service %q: use a startup, business or premium plan",
				sv.plan, sv.name)
		}
	}
	// A service is in one disaster recovery pair at most: a primary has one
	// recovery service, which has no recovery service of its own.
	taken := len(s.linksFrom(src, kindDR)) > 0 || m.existing != nil && len(s.linksOf(m.existing, kindDR)) > 0
	if taken && s.enforced(ruleOneRecovery) {
		return errOnePerService()
	}
	return nil
}

func (s *Server) checkFollower(m member, src *service) error {
	leader, _ := s.catalog.plan(src.typ, src.plan)
	switch {
	case !slices.Contains([]string{"business", "premium"}, tier(m.plan.ServicePlan)):
		return badRequest("Cross-cluster replication is not available on plan %q: use a business or premium plan",
			m.plan.ServicePlan)
	case m.existing == nil && !covers(m.plan, leader):
		return badRequest("Plan %q is smaller than plan %q of leader %q: a follower is created on the leader's plan or a larger one",
			m.plan.ServicePlan, leader.ServicePlan, src.name)
	case m.version != "" && m.version != s.versionOf(src):
		return errVersion(m, src, s.versionOf(src))
	}
	return nil
}

func errVersion(m member, src *service, want string) error {
	return badRequest("%s_version %q differs from %q of service %q: the member runs its source's version",
		m.typ, m.version, want, src.name)
}

// tier is a plan's family: the part of its name before the first dash
// (startup-4: startup; hobbyist: hobbyist).
func tier(plan string) string {
	t, _, _ := strings.Cut(plan, "-")
	return t
}

// atLeastStartup: not a free, developer or hobbyist plan.
func atLeastStartup(pl Plan) bool {
	return !slices.Contains([]string{"free", "developer", "hobbyist"}, tier(pl.ServicePlan))
}

// covers reports whether plan a is at least plan b in every dimension of
// capacity: nodes, CPU and memory per node, included disk. This is how
// aiven-sim reads "the same plan or higher" [I].
func covers(a, b Plan) bool {
	return a.NodeCount >= b.NodeCount && a.NodeCPUCount >= b.NodeCPUCount && a.NodeMemoryMB >= b.NodeMemoryMB &&
		a.DiskSpaceMB >= b.DiskSpaceMB
}

// versionKey is the user_config key of a type's major version.
func versionKey(typ string) string { return typ + "_version" }

// versionOf is the major version a service runs: its user_config's, or the
// type's default.
func (s *Server) versionOf(sv *service) string {
	if v, ok := sv.userConfig[versionKey(sv.typ)].(string); ok && v != "" {
		return v
	}
	return s.catalog.types[sv.typ].DefaultVersion
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
