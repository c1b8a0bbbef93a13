package adopt

import (
	"fmt"
	"slices"
	"strings"

	yaml "gopkg.in/yaml.v3"
)

// groups merges one project's replica groups into item, the project's
// mapping in the file: a group the file lacks is appended to its replicas,
// which are added to the project when it has none.
func (mg *merger) groups(item *yaml.Node, p Project, declared declaredServices) {
	replicas := listOf(item, "replicas")
	for _, g := range p.Groups {
		ref := GroupRef{Project: p.Name, Services: g.names()}
		why, present := declared.checkGroup(g)
		if present {
			mg.out.PresentGroups = append(mg.out.PresentGroups, ref)
			continue
		}
		if why == "" && replicas.shared() {
			why = fmt.Sprintf("the replica groups of project %s are an alias or an anchor in %s, which an "+
				"addition would change in every place that uses it; add the group by hand", p.Name, mg.spec.File)
		}
		if why != "" {
			mg.out.RefusedGroups = append(mg.out.RefusedGroups, GroupRefusal{GroupRef: ref, Reason: why})
			continue
		}
		replicas.add(groupNode(p.Name, g, mg.skipped, mg.meta, "added"))
		mg.out.AddedGroups = append(mg.out.AddedGroups, ref)
	}
}

// checkGroup reports whether the file declares g already (the same primary
// and members, in any order), or why it cannot be added: one of its
// services is declared in a pair or another way.
func (d declaredServices) checkGroup(g Group) (why string, present bool) {
	want := g.names()
	for _, name := range want {
		if pair, ok := d.pairs[name]; ok {
			return fmt.Sprintf("%s is declared already in %s:%d:%d, in a pair", name, d.file, pair.Pos.Line,
				pair.Pos.Col), false
		}
		fg, ok := d.groups[name]
		if !ok {
			continue
		}
		have := fg.Names()
		if fg.Primary.Name == g.Primary.Name && sameNames(have, want) {
			return "", true
		}
		return fmt.Sprintf("%s is declared already in %s:%d:%d, in the replica group of %s with %s", name, d.file,
			fg.Pos.Line, fg.Pos.Col, Quote(fg.Primary.Name), strings.Join(quoteAll(have[1:]), ", ")), false
	}
	return "", false
}

func sameNames(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
