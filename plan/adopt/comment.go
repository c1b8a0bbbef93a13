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
func header(r *Result, m Meta, pairless []Project) string {
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
	for _, p := range pairless {
		lines = append(lines, "", fmt.Sprintf("Project %s: no CCR pair to import.", Quote(p.Name)))
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

func inPair(services []string, a, b string) bool {
	if len(services) == 0 {
		return false
	}
	for _, s := range services {
		if s != a && s != b {
			return false
		}
	}
	return true
}

// projectNotes lists what a project holds that its pairs do not declare.
func projectNotes(p Project) []string {
	var lines []string
	if !p.CassandraOffered {
		lines = append(lines, fmt.Sprintf("Project %s does not offer the cassandra service type (Aiven retired it): "+
			"ccr plan reports a preflight conflict for it.", Quote(p.Name)))
	}
	if len(p.Unpaired) > 0 {
		lines = append(lines, "Unpaired Cassandra services, not declared because a ccr file declares pairs only;",
			"to give one a peer, add a pair that names it and a new service:")
		for _, u := range p.Unpaired {
			line := fmt.Sprintf("  %s: cloud %s, plan %s, datacenter %s, %s", Quote(u.Name), Quote(u.Cloud),
				Quote(u.Plan), Quote(u.Datacenter), Quote(u.State))
			if u.Note != "" {
				line += "; " + u.Note
			}
			lines = append(lines, line)
		}
	}
	if len(p.Broken) > 0 {
		lines = append(lines, "Not imported: their service_to_join_with links form no pair a ccr file can declare:")
		for _, br := range p.Broken {
			lines = append(lines, fmt.Sprintf("  %s: %s.", strings.Join(quoteAll(br.Services), ", "), br.Reason))
		}
	}
	if n := total(p.Ignored); n > 0 {
		var parts []string
		for _, t := range slices.Sorted(maps.Keys(p.Ignored)) {
			parts = append(parts, fmt.Sprintf("%s %d", Quote(t), p.Ignored[t]))
		}
		lines = append(lines, fmt.Sprintf("Ignored: %s of other types (%s).",
			plural(n, "service", "services"), strings.Join(parts, ", ")))
	}
	return lines
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
