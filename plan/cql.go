package plan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ccr-dev/ccr/schema"
)

// unquotedIdent matches CQL identifiers that need no quoting.
var unquotedIdent = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// reserved are CQL's reserved keywords, which name a keyspace only quoted.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`add allow alter and apply asc authorize batch begin by columnfamily create
		delete desc describe drop entries execute from full grant if in index infinity insert into keyspace limit
		modify nan norecursive not null of on or order primary rename replace revoke schema select set table to
		token truncate unlogged update use using view where with`) {
		reserved[w] = true
	}
}

// KeyspaceName is the keyspace a name in the file denotes. The file's
// names are unquoted CQL identifiers, which Cassandra folds to lower case:
// "Orders" and "orders" are one keyspace, stored as "orders". The validator
// refuses two names that fold alike; the CQL ccr prints uses this name.
func KeyspaceName(name string) string { return strings.ToLower(name) }

// nextSteps is the CQL that replicates each declared keyspace across the
// pair's datacenters, given in the pair's service order.
func nextSteps(project string, p *schema.Pair, dcs [2]string) []NextStep {
	out := make([]NextStep, 0, len(p.Keyspaces))
	for _, ks := range p.Keyspaces {
		name := KeyspaceName(ks.Name)
		out = append(out, NextStep{
			Project:  project,
			Service:  p.Services[0].Name,
			Keyspace: name,
			CQL: fmt.Sprintf("ALTER KEYSPACE %s WITH replication = %s;",
				cqlIdent(name), replication(dcs[:], ks.ReplicationFactor)),
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
// otherwise change it (upper case) or reject it (a reserved keyword): a
// quoted name is taken exactly as written.
func cqlIdent(name string) string {
	if unquotedIdent.MatchString(name) && !reserved[name] {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
