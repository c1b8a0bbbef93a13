package adopt

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// comment joins lines into a yaml.v3 comment. Each line carries its own
// "#", so yaml.v3 adds none and keeps blank-looking lines inside the block.
// Every value in a line went through Quote already; a line that still holds
// an invisible character is quoted whole, so nothing can end the comment.
func comment(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if schema.InvisibleAt(l) >= 0 {
			l = strconv.QuoteToASCII(l)
		}
		out[i] = strings.TrimRight("# "+l, " ")
	}
	return strings.Join(out, "\n")
}

// header is the file's first comment: the editor's schema, who wrote the
// file from what, and the projects that had nothing to declare.
func header(r *Result, m Meta, empty []Project) string {
	path := m.SchemaPath
	if path == "" {
		path = DefaultSchemaPath
	}
	names := make([]string, len(r.Projects))
	for i, p := range r.Projects {
		names[i] = Quote(p.Name)
	}
	word := "project"
	if len(names) > 1 {
		word = "projects"
	}
	lines := []string{
		"yaml-language-server: $schema=" + path,
		"",
		fmt.Sprintf("Written by ccr import at %s from the live services of %s %s.", m.stamp(), word, strings.Join(names, ", ")),
		"ccr plan on it reports no changes; the comments note what the live state itself makes drift or",
		"conflict. \"ccr schema > ccr.schema.json\" writes the schema the first line points editors at.",
	}
	for _, p := range empty {
		lines = append(lines, "", fmt.Sprintf("Project %s: no CCR pair or replica group to import.", Quote(p.Name)))
		lines = append(lines, indent(projectNotes(p))...)
	}
	return comment(lines)
}

// pairComment says when and from what a pair was imported, which of its
// members are unhealthy, and what was left out.
func pairComment(project string, p Pair, skipped []Skip, m Meta, verb string) []string {
	a, b := p.Services[0].Name, p.Services[1].Name
	lines := []string{
		fmt.Sprintf("%s + %s: %s by ccr import at %s", a, b, verb, m.stamp()),
		fmt.Sprintf("from project %s, where %s joined %s (service_to_join_with).", Quote(project), b, a),
	}
	for _, s := range p.Services {
		if s.State != plan.StateRunning {
			lines = append(lines, fmt.Sprintf("%s is %s: ccr plan reports its state as drift.", s.Name, Quote(s.State)))
		}
	}
	return append(lines, leftOut(project, skipped, a, b)...)
}

// leftOut is one "Left out" line per reason: the skips of the two members
// that share one (both datacenters dropped because they would collide)
// make a single line. A line about one member names it, so that each line
// says whose value the file lacks.
func leftOut(project string, skipped []Skip, a, b string) []string {
	var reasons []string
	members := map[string][]string{}
	for _, sk := range skipped {
		if sk.Project != project || !inPair(sk.Services, a, b) {
			continue
		}
		if _, seen := members[sk.Reason]; !seen {
			reasons = append(reasons, sk.Reason)
		}
		for _, s := range sk.Services {
			if !slices.Contains(members[sk.Reason], s) {
				members[sk.Reason] = append(members[sk.Reason], s)
			}
		}
	}
	lines := make([]string, len(reasons))
	for i, r := range reasons {
		lines[i] = "Left out: " + r + "."
		if m := members[r]; len(m) == 1 {
			lines[i] = "Left out of " + m[0] + ": " + r + "."
		}
	}
	return lines
}

func inPair(services []string, a, b string) bool { return within(services, []string{a, b}) }

// within reports whether services is not empty and every one of them is
// among names.
func within(services, names []string) bool {
	if len(services) == 0 {
		return false
	}
	for _, s := range services {
		if !slices.Contains(names, s) {
			return false
		}
	}
	return true
}

// groupComment says when and from what a group was imported, how each
// member is linked, which services are unhealthy, and what was left out.
func groupComment(project string, g Group, skipped []Skip, m Meta, verb string) []string {
	p := g.Primary.Name
	lines := []string{
		fmt.Sprintf("%s + %s: %s by ccr import at %s", p, plural(len(g.Members), "member", "members"), verb, m.stamp()),
		fmt.Sprintf("from project %s, where these replicate from %s (service_integrations):", Quote(project), p),
	}
	for _, mb := range g.Members {
		title := mb.Kind
		if rule, ok := schema.LookupLink(g.Primary.Type, mb.Kind); ok {
			title = rule.Title
		}
		lines = append(lines, fmt.Sprintf("  %s, its %s (%s)", mb.Name, title, mb.Kind))
	}
	for _, s := range append([]Member{g.Primary}, g.Members...) {
		if s.State != plan.StateRunning {
			lines = append(lines, fmt.Sprintf("%s is %s: ccr plan reports its state as drift.", s.Name, Quote(s.State)))
		}
	}
	if g.Active != "" {
		lines = append(lines, fmt.Sprintf("%s is the active service of its disaster recovery pair (a switchover "+
			"happened): active records it, so switching back is a reviewed change.", g.Active))
	}
	for _, sk := range skipped {
		if sk.Project == project && within(sk.Services, g.names()) {
			lines = append(lines, "Left out: "+sk.Reason+".")
		}
	}
	return lines
}

// projectNotes lists what a project holds that its pairs and groups do not
// declare.
func projectNotes(p Project) []string {
	var lines []string
	if !p.CassandraOffered {
		lines = append(lines, fmt.Sprintf("Project %s does not offer the cassandra service type (Aiven retired it): "+
			"ccr plan reports a preflight conflict for it.", Quote(p.Name)))
	}
	if len(p.Unpaired) > 0 {
		lines = append(lines, "Unpaired Cassandra services, not declared because a ccr file declares a Cassandra service",
			"only as one of a pair; to give one a peer, add a pair that names it and a new service:")
		for _, u := range p.Unpaired {
			line := fmt.Sprintf("  %s: cloud %s, plan %s, datacenter %s, %s", Quote(u.Name), Quote(u.Cloud),
				Quote(u.Plan), Quote(u.Datacenter), Quote(u.State))
			if u.Note != "" {
				line += "; " + u.Note
			}
			lines = append(lines, line)
		}
	}
	var joins, links []Broken
	for _, br := range p.Broken {
		if br.Via == ViaIntegrations {
			links = append(links, br)
		} else {
			joins = append(joins, br)
		}
	}
	if len(joins) > 0 {
		lines = append(lines, "Not imported: their service_to_join_with links form no pair a ccr file can declare:")
		for _, br := range joins {
			lines = append(lines, fmt.Sprintf("  %s: %s.", strings.Join(quoteAll(br.Services), ", "), br.Reason))
		}
	}
	if len(links) > 0 {
		lines = append(lines, "Not imported: their replication integrations form no replica group a ccr file can declare:")
		for _, br := range links {
			lines = append(lines, fmt.Sprintf("  %s: %s.", strings.Join(quoteAll(br.Services), ", "), br.Reason))
		}
	}
	return append(lines, ignoredNotes(p)...)
}

// ignoredNotes counts by type the services the project's groups leave out:
// standalone services of a replica type (never linked, or a promoted
// replica), which a file could make a primary, apart from the services of
// types ccr does not manage.
func ignoredNotes(p Project) []string {
	var lines []string
	if parts, n := typeCounts(p.Ignored, true); n > 0 {
		lines = append(lines, fmt.Sprintf("Standalone: %s with no replication link (%s), not declared;",
			plural(n, "service", "services"), parts),
			"to replicate one, add a replica group with it as the primary.")
	}
	if parts, n := typeCounts(p.Ignored, false); n > 0 {
		lines = append(lines, fmt.Sprintf("Ignored: %s of other types, which ccr does not manage (%s).",
			plural(n, "service", "services"), parts))
	}
	return lines
}

// typeCounts lists the counts of the standalone types, or of the others,
// as "opensearch 1, pg 2", with their total.
func typeCounts(counts map[string]int, standalone bool) (string, int) {
	var parts []string
	n := 0
	for _, t := range slices.Sorted(maps.Keys(counts)) {
		if Standalone(t) == standalone {
			parts = append(parts, fmt.Sprintf("%s %d", Quote(t), counts[t]))
			n += counts[t]
		}
	}
	return strings.Join(parts, ", "), n
}

func indent(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "  " + l
	}
	return out
}

func total(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
