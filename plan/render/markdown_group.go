package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// groupTableBlock is the table of a plan with replica groups: the pairs'
// table with the service type instead of the datacenter, and what links
// each service to the others.
func groupTableBlock(p *plan.Plan) block {
	drifted, costs, idx := driftedServices(p), costsByService(p), indexChanges(p)
	peers, created := peers(p), created(p)
	b := block{
		head:     "| | Project | Service | Type | Cloud | Plan | Disk | Monthly | Replication |\n|---|---|---|---|---|---|---|---|---|\n",
		more:     func(from int) string { return "\n" + hiddenRows(p.Changes[from:]) },
		headless: true,
	}
	for i, c := range p.Changes {
		cc, priced := costs[serviceKey{c.Project, c.Service}]
		var replication string
		if inGroup(c) {
			replication = groupReplication(c, idx.dependency(c))
		} else {
			replication = pairReplication(p.JoinOrder(), c, peers[i], waitFor(c, created))
		}
		b.items = append(b.items, fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			actionIcon(c, drifted[[2]string{c.Project, c.Service}]), cell(c.Project), cell(c.Service),
			prose(typeText(c)), cell(c.Cloud), planCell(c), diskCell(c), priceCell(cc, priced), replication))
	}
	return b
}

// groupReplication is the table's replication cell for a group's service:
// what it is to its primary and what the plan does about it. dep is the
// change it depends on.
func groupReplication(c plan.Change, dep *plan.Change) string {
	switch c.Action {
	case plan.Blocked:
		return "—" // as for pairs: the conflict says what stands in the way
	case plan.Link:
		return "to link as the " + prose(kindTitle(c.ServiceType(), c.Kind)) + " of " + cell(c.Source)
	case plan.Switchover:
		return "switch over: becomes " + plan.RoleActive + ", " + cell(c.DependsOn) + " " + plan.RolePassive
	}
	s := memberOf(c, mdWords)
	if w := awaitPhrase(c, dep, mdWords); w != "" {
		return s + ", " + w
	}
	if c.Live != nil && c.Live.Role != "" {
		s += ", " + prose(c.Live.Role)
	}
	return s
}

// pairReplication is the replication cell of a pair's service in a table
// that has groups too: the pairs' own words, the peer named by its kind.
func pairReplication(order string, c plan.Change, peer, wait string) string {
	s := replicatesWith(order, c, peer, wait)
	if peer != "" && s == cell(peer) {
		return kindTitle(plan.CassandraType, schema.KindCCR) + " of " + s
	}
	return s
}

// applyWords says what the apply job does on merge: "creates this
// service", "updates 2 services in place", "creates these 2 services,
// links 1 service to its primary and performs 1 switchover".
func applyWords(c counts) string {
	var parts []string
	if c.create > 0 {
		parts = append(parts, "creates "+isAre(c.create, "this service", fmt.Sprintf("these %d services", c.create)))
	}
	if c.update > 0 {
		parts = append(parts, "updates "+isAre(c.update, "1 service", fmt.Sprintf("%d services", c.update))+" in place")
	}
	if c.link > 0 {
		parts = append(parts, "links "+isAre(c.link, "1 existing service to its primary",
			fmt.Sprintf("%d existing services to their primaries", c.link)))
	}
	if c.switchover > 0 {
		parts = append(parts, "performs "+plural(c.switchover, "switchover"))
	}
	return andList(parts)
}

// groupMergeNote says in what order apply works through the groups: what
// each kind of new member waits for, and when a link or a switchover
// happens.
func groupMergeNote(p *plan.Plan) string {
	var backup, running []string
	idx := indexChanges(p)
	for _, c := range p.Changes {
		if awaitPhrase(c, idx.dependency(c), textWords) == "" {
			continue
		}
		what := prose(typeTitle(c.ServiceType()) + " " + kindTitle(c.ServiceType(), c.Kind))
		if c.Await == schema.AwaitBackup {
			backup = append(backup, what)
		} else {
			running = append(running, what)
		}
	}
	var parts []string
	if len(backup) > 0 {
		parts = append(parts, "a new "+orList(backup)+" is created only once its primary has its first backup, as Aiven requires")
	}
	if len(running) > 0 {
		parts = append(parts, "a new "+orList(running)+" once its primary is RUNNING")
	}
	var note strings.Builder
	if len(parts) > 0 {
		s := strings.Join(parts, "; ")
		note.WriteString(" " + strings.ToUpper(s[:1]) + s[1:] + ".")
	}
	if c := countPlan(p); c.link+c.switchover > 0 {
		note.WriteString(" Links and switchovers wait until both services are RUNNING; a switchover ends when the " +
			"roles have swapped. ccr never fails over, fails back or promotes.")
	}
	return note.String()
}

// orList joins distinct words, sorted, as "a, b or c".
func orList(words []string) string {
	words = slices.Clone(words)
	slices.Sort(words)
	words = slices.Compact(words)
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// andList joins words as "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
