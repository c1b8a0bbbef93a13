package plan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ccr-dev/ccr/schema"
)

// unquotedIdent matches CQL identifiers that need no quoting. Cassandra
// folds unquoted identifiers to lower case, so anything else is quoted to
// keep the name the file gives.
var unquotedIdent = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// nextSteps is the CQL that replicates each declared keyspace across the
// pair's datacenters, given in the pair's service order.
func nextSteps(project string, p *schema.Pair, dcs [2]string) []NextStep {
	out := make([]NextStep, 0, len(p.Keyspaces))
	for _, ks := range p.Keyspaces {
		out = append(out, NextStep{
			Project:  project,
			Service:  p.Services[0].Name,
			Keyspace: ks.Name,
			CQL: fmt.Sprintf("ALTER KEYSPACE %s WITH replication = %s;",
				cqlIdent(ks.Name), replication(dcs[:], ks.ReplicationFactor)),
		})
	}
	return out
}

// replication renders a NetworkTopologyStrategy replication map with the
// same factor in every datacenter, as CCR requires.
func replication(dcs []string, rf int) string {
	var b strings.Builder
	b.WriteString("{'class': 'NetworkTopologyStrategy'")
	for _, dc := range dcs {
		fmt.Fprintf(&b, ", %s: %d", cqlString(dc), rf)
	}
	b.WriteString("}")
	return b.String()
}

// cqlString quotes s as a CQL string literal.
func cqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// cqlIdent renders name as a CQL identifier, quoting it when Cassandra would
// otherwise change or reject it.
func cqlIdent(name string) string {
	if unquotedIdent.MatchString(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
