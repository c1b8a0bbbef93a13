package aivensim

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// The replication rules the emulator enforces, one entry each. A rule
// Aiven documents ([V] in reference/aiven-replicas.md) is always on; a rule
// the reference only infers or marks UNCONFIRMED ([I]) is on by default and
// can be turned off, one by one (Options.LenientRules, --lenient-rule NAME)
// or all at once (--lenient-replica-rules), to test a client against an API
// that turns out not to have it. Where Aiven documents the status and
// message, the emulator answers with them; elsewhere the message is its own.
type rule struct {
	name       string
	documented bool
	summary    string
}

// Rule names, as --lenient-rule takes them.
const (
	ruleSameProject      = "same-project"
	ruleSourcePowered    = "source-powered"
	ruleReplicaOfReplica = "replica-of-replica"
	rulePrimaryPlan      = "primary-plan"
	ruleMySQLBackup      = "mysql-replica-backup"
	ruleMySQLStartup     = "mysql-replica-startup"
	ruleSameVersion      = "same-version"
	ruleOneRecovery      = "one-recovery-per-primary"
	ruleOneSource        = "one-source-per-member"
	ruleUnknownKeys      = "integration-unknown-keys"
	ruleSwitchover       = "switchover-needs-running"
	rulePlanOnUpdate     = "replica-plan-on-update"
)

var replicaRules = []rule{
	{"pg-replica-backup", true, "pg read replica: the primary has a backup (403 \"Creation of a read replica not allowed under current plan\")"},
	{"pg-replica-startup", true, "pg read replica: startup-* plan"},
	{"valkey-replica-startup", true, "valkey read replica: startup-* plan, also on update"},
	{"valkey-replica-limit", true, "valkey: at most 5 read replicas per primary"},
	{"valkey-persistence", true, "valkey: no replica of a primary with valkey_persistence off"},
	{"opensearch-follower-plan", true, "opensearch follower: not on a free, hobbyist or startup plan"},
	{"opensearch-follower-size", true, "opensearch follower: created on the leader's plan or a larger one (nodes, CPU, memory, disk)"},
	{"opensearch-version", true, "opensearch follower: the leader's opensearch_version"},
	{"crdr-primary-plan", true, "disaster recovery: both services on startup, business or premium plans"},
	{"read-replica-create-only", true, "read_replica is created with the member; POST /integration answers 403"},
	{"duplicate-link", true, "the same link twice: 409 \"Service integration already exists\""},
	{"same-type", true, "source and member of the kind's service type (read_replica pg/mysql/valkey, disaster_recovery pg, opensearch_cross_cluster_replication opensearch)"},
	{ruleSameProject, false, "source and member in the same project (otherwise the link may cross projects)"},
	{ruleSourcePowered, false, "neither end of a new link is POWEROFF"},
	{ruleReplicaOfReplica, false, "a member is not the source of a link of the same kind (no replica of a replica)"},
	{rulePrimaryPlan, false, "pg/mysql read replica: the primary is on startup or above (403 as for a missing backup)"},
	{ruleMySQLBackup, false, "mysql read replica: the primary has a backup (403 as for pg)"},
	{ruleMySQLStartup, false, "mysql read replica: startup-* plan"},
	{ruleSameVersion, false, "pg/mysql/valkey read replica: the primary's <type>_version"},
	{ruleOneRecovery, false, "disaster recovery: one recovery service per primary (409 \"Only 1 integration(s) of this type allowed per service\")"},
	{ruleOneSource, false, "a member has one source per kind (409 as above)"},
	{ruleUnknownKeys, false, "a service_integrations entry with an unknown key (source_service_name) is refused, not ignored"},
	{ruleSwitchover, false, "disaster_recovery_role switchover: both services RUNNING"},
	{rulePlanOnUpdate, false, "pg/mysql read replica: a plan change keeps a startup-* plan"},
}

// inferredRules lists the names of the rules that can be turned off.
func inferredRules() []string {
	var names []string
	for _, r := range replicaRules {
		if !r.documented {
			names = append(names, r.name)
		}
	}
	return names
}

// checkLenientRules reports a name that is not a rule that can be turned off.
func checkLenientRules(names []string) error {
	known := inferredRules()
	for _, n := range names {
		if !slices.Contains(known, n) {
			return fmt.Errorf("--lenient-rule %q: not an inferred rule; one of %v", n, known)
		}
	}
	return nil
}

// enforced reports whether rule name is on.
func (s *Server) enforced(name string) bool { return !slices.Contains(s.opts.LenientRules, name) }

// writeRules prints the rule table for --help.
func writeRules(w io.Writer) {
	fmt.Fprintf(w, "\nReplication rules ([V] documented by Aiven, always on; [I] inferred or UNCONFIRMED,\n"+
		"on unless --lenient-rule NAME or --lenient-replica-rules turns them off):\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range replicaRules {
		tag := "[I]"
		if r.documented {
			tag = "[V]"
		}
		fmt.Fprintf(tw, "  %s %s\t%s\n", tag, r.name, r.summary)
	}
	tw.Flush()
}
