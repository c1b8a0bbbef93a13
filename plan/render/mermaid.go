package render

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/ccr-dev/ccr/plan"
)

// maxDiagramServices bounds the diagram: Mermaid refuses graphs past its
// edge and text limits, and a few hundred boxes are unreadable anyway.
const maxDiagramServices = 100

// mermaid draws the services that exist after apply, one subgraph per cloud,
// each pair joined by an edge labelled CCR and each group's member by an
// edge from its primary labelled with its kind. New services are styled
// apart.
// It returns "" when there is nothing to draw or too much.
func mermaid(p *plan.Plan) string {
	ns := afterNodes(p)
	if len(ns) == 0 || len(ns) > maxDiagramServices {
		return ""
	}
	multi := len(projectsOf(ns)) > 1
	ids := map[[2]string]string{} // (project, service) → node id
	byCloud := map[string][]node{}
	for _, n := range ns {
		ids[[2]string{n.project, n.service}] = fmt.Sprintf("s%d", n.index)
		byCloud[n.cloud] = append(byCloud[n.cloud], n)
	}
	clouds := make([]string, 0, len(byCloud))
	for c := range byCloud {
		clouds = append(clouds, c)
	}
	sort.Strings(clouds)

	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for i, c := range clouds {
		fmt.Fprintf(&b, "  subgraph c%d[%s]\n", i, mermaidLabel(c))
		for _, n := range byCloud[c] {
			fmt.Fprintf(&b, "    %s[%s]\n", ids[[2]string{n.project, n.service}], mermaidLabel(nodeLabel(n, multi)))
		}
		b.WriteString("  end\n")
	}
	writeEdges(&b, ns, ids)
	writeClasses(&b, ns, ids)
	return b.String()
}

// writeEdges draws one edge per pair, from the member that carries
// service_to_join_with, and one per group member, from its primary. A peer
// or primary the file does not declare (a service already paired with a
// third one, a primary in another project) gets its own box outside the
// clouds.
func writeEdges(b *strings.Builder, ns []node, ids map[[2]string]string) {
	external := 0
	other := func(project, name string) string {
		key := [2]string{project, name}
		id, ok := ids[key]
		if !ok {
			id = fmt.Sprintf("x%d", external)
			external++
			ids[key] = id
			fmt.Fprintf(b, "  %s[%s]:::unmanaged\n", id, mermaidLabel(name+" (not in file)"))
		}
		return id
	}
	for _, n := range ns {
		self := ids[[2]string{n.project, n.service}]
		switch {
		case n.joinedWith != "":
			fmt.Fprintf(b, "  %s <-->|CCR| %s\n", self, other(n.project, n.joinedWith))
		case n.group != nil && n.group.source != "":
			fmt.Fprintf(b, "  %s -->|%s| %s\n", other(n.project, n.group.source),
				edgeLabel(kindTitle(n.group.typ, n.group.kind)), self)
		}
	}
}

// edgeLabel keeps the letters, digits, spaces and hyphens of an edge's
// label: Mermaid ends a label at "|" and reads other characters as syntax,
// and a kind in a plan saved by hand could hold any.
func edgeLabel(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '-' {
			return r
		}
		return -1
	}, s)
	if strings.TrimSpace(s) == "" {
		return "link"
	}
	return s
}

func writeClasses(b *strings.Builder, ns []node, ids map[[2]string]string) {
	var fresh []string
	for _, n := range ns {
		if n.isNew {
			fresh = append(fresh, ids[[2]string{n.project, n.service}])
		}
	}
	b.WriteString("  classDef new stroke:#1a7f37,stroke-width:3px,stroke-dasharray:5 3\n")
	b.WriteString("  classDef unmanaged stroke:#9a6700,stroke-dasharray:2 2\n")
	if len(fresh) > 0 {
		fmt.Fprintf(b, "  class %s new\n", strings.Join(fresh, ","))
	}
}

func nodeLabel(n node, multi bool) string {
	label := n.service
	if multi {
		label = n.project + " / " + n.service
	}
	if n.group != nil {
		label += " · " + n.group.typ
		if n.group.role != "" {
			label += ", " + n.group.role
		}
	}
	if n.isNew {
		label += " (new)"
	}
	return label
}

// mermaidLabel quotes a label so that no character in it can end the label
// or inject syntax: quotes and Mermaid's own entity marker become entity
// codes, and angle brackets cannot open HTML.
func mermaidLabel(s string) string {
	r := strings.NewReplacer(
		"#", "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "\n", " ", "\r", " ", "`", "#96;", "|", "#124;",
	)
	return `"` + r.Replace(s) + `"`
}

func projectsOf(ns []node) map[string]bool {
	m := map[string]bool{}
	for _, n := range ns {
		m[n.project] = true
	}
	return m
}
