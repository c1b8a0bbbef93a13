package render

import (
	"fmt"
	"strings"

	"github.com/ccr-dev/ccr/plan"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// diffContext is how many unchanged lines are kept around each change.
const diffContext = 3

// topologyDiff returns the before/after listing of the declared services as
// diff lines: "+ ", "- " or "  " in column 0 so GitHub colours them. Long
// runs of unchanged lines are folded into one "@@ … @@" line.
func topologyDiff(p *plan.Plan) []string {
	before, after := beforeNodes(p), afterNodes(p)
	widths := columnWidths(append(append([]node(nil), before...), after...))
	unmanaged := unmanagedByProject(p)
	a := listing(before, widths, unmanaged)
	b := listing(after, widths, unmanaged)

	dmp := diffmatchpatch.New()
	// No timeout: a comment body must not depend on machine speed, or the
	// GitHub layer would edit an unchanged comment on every run.
	dmp.DiffTimeout = 0
	ca, cb, lines := dmp.DiffLinesToChars(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines)

	var out []string
	for _, d := range diffs {
		prefix := map[diffmatchpatch.Operation]string{
			diffmatchpatch.DiffInsert: "+ ", diffmatchpatch.DiffDelete: "- ", diffmatchpatch.DiffEqual: "  ",
		}[d.Type]
		for _, l := range strings.SplitAfter(d.Text, "\n") {
			if l != "" {
				out = append(out, prefix+strings.TrimSuffix(l, "\n"))
			}
		}
	}
	return foldUnchanged(out, diffContext)
}

// widths are the column widths of a listing, computed over before and after
// together so that an unchanged service renders as the same line in both.
type widths struct{ service, cloud, plan, disk, datacenter, typ int }

func columnWidths(ns []node) widths {
	var w widths
	for _, n := range ns {
		w.service = max(w.service, len(n.service))
		w.cloud = max(w.cloud, len(n.cloud))
		w.plan = max(w.plan, len(n.plan))
		w.disk = max(w.disk, len(diskText(n.diskMB)))
		w.datacenter = max(w.datacenter, len(n.datacenter))
		if n.group != nil {
			w.typ = max(w.typ, len(n.group.typeText()))
		}
	}
	return w
}

// listing is one side of the diff: a header per project, then one line per
// service in file order.
func listing(ns []node, w widths, unmanaged map[string]int) string {
	var b strings.Builder
	project := ""
	for _, n := range ns {
		if n.project != project {
			project = n.project
			fmt.Fprintf(&b, "project %s\n", project)
		}
		line := fmt.Sprintf("  %-*s  %-*s  %-*s  %*s  ", w.service, n.service, w.cloud, n.cloud,
			w.plan, n.plan, w.disk, diskText(n.diskMB))
		if n.group != nil {
			line += fmt.Sprintf("%-*s  %s", w.typ, n.group.typeText(), n.group.relation())
		} else {
			line += fmt.Sprintf("dc %-*s", w.datacenter, n.datacenter)
		}
		if n.joinedWith != "" {
			line += "  joined with " + n.joinedWith
		}
		// Values from the API may hold line breaks: each service stays on
		// the one line of the listing that is its own.
		b.WriteString(singleLine(strings.TrimRight(line, " ")) + "\n")
	}
	for _, u := range sortedKeys(unmanaged) {
		fmt.Fprintf(&b, "project %s: %s not in the file\n", u, plural(unmanaged[u], "unmanaged service"))
	}
	return b.String()
}

// foldUnchanged keeps context lines around each change and replaces longer
// runs of unchanged lines with a single "@@ N unchanged lines @@" line.
func foldUnchanged(lines []string, context int) []string {
	var out []string
	for i := 0; i < len(lines); {
		if !strings.HasPrefix(lines[i], "  ") {
			out = append(out, lines[i])
			i++
			continue
		}
		j := i
		for j < len(lines) && strings.HasPrefix(lines[j], "  ") {
			j++
		}
		head, tail := context, context
		if i == 0 {
			head = 0
		}
		if j == len(lines) {
			tail = 0
		}
		if j-i <= head+tail+1 {
			out = append(out, lines[i:j]...)
		} else {
			out = append(out, lines[i:i+head]...)
			out = append(out, fmt.Sprintf("@@ %s @@", plural(j-i-head-tail, "unchanged line")))
			out = append(out, lines[j-tail:j]...)
		}
		i = j
	}
	return out
}

func diskText(mb int) string {
	if mb == 0 {
		return "plan default"
	}
	return fmt.Sprintf("%d MB", mb)
}

func unmanagedByProject(p *plan.Plan) map[string]int {
	m := map[string]int{}
	for _, u := range p.Unmanaged {
		if u.Count > 0 {
			m[u.Project] += u.Count
		}
	}
	return m
}
