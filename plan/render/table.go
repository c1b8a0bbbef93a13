package render

import (
	"fmt"
	"strings"

	"github.com/ccr-dev/ccr/plan"
)

// block is a section with a fixed head and tail around item lines that Fit
// may cap; more renders the line that stands for the items left out.
type block struct {
	head  string
	items []string
	more  func(from int) string
	tail  string
	// headless blocks show only the more line when no item is kept: a
	// table header over no rows says nothing.
	headless bool
}

// render returns the block with at most limit items (all when limit < 0),
// or "" when the block has no items.
func (b block) render(limit int) string {
	if len(b.items) == 0 {
		return ""
	}
	if limit == 0 && b.headless {
		return strings.TrimPrefix(b.more(0), "\n")
	}
	var s strings.Builder
	s.WriteString(b.head)
	n := len(b.items)
	if limit >= 0 && limit < n {
		n = limit
	}
	for _, it := range b.items[:n] {
		s.WriteString(it)
	}
	if n < len(b.items) {
		s.WriteString(b.more(n))
	}
	s.WriteString(b.tail)
	return s.String()
}

// tableBlock lists every declared service in file order, so that the two
// members of a pair sit next to each other.
func tableBlock(p *plan.Plan) block {
	drifted, costs := driftedServices(p), costsByService(p)
	peers, created := peers(p), created(p)
	b := block{
		head:     "| | Project | Service | Cloud | Plan | Disk | Monthly | Datacenter | Replicates with |\n|---|---|---|---|---|---|---|---|---|\n",
		more:     func(from int) string { return "\n" + hiddenRows(p.Changes[from:]) },
		headless: true,
	}
	for i, c := range p.Changes {
		cc, priced := costs[serviceKey{c.Project, c.Service}]
		b.items = append(b.items, fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			actionIcon(c, drifted[[2]string{c.Project, c.Service}]), cell(c.Project), cell(c.Service),
			cell(c.Cloud), planCell(c), diskCell(c), priceCell(cc, priced), cell(c.Datacenter),
			replicatesWith(p.JoinOrder(), c, peers[i], waitFor(c, created))))
	}
	return b
}

// planCell is a change's plan, "before → after" when an update changes
// it. Only a blocked change can have none (the file names none and no
// service of its pair exists to take it from): a dash then, never an empty
// cell.
func planCell(c plan.Change) string {
	if u, ok := updateOf(c, plan.FieldPlan); ok && u.Before != nil {
		return cell(*u.Before) + " → " + cell(u.After)
	}
	if c.Plan == "" {
		return "—"
	}
	return cell(c.Plan)
}

// diskCell is the disk a change declares, "before → after" when an update
// changes it; without a plan there is no plan default to speak of.
func diskCell(c plan.Change) string {
	if u, ok := updateOf(c, plan.FieldDisk); ok {
		before, _ := fieldValue(u.Field, u.Before)
		after, _ := fieldValue(u.Field, &u.After)
		return prose(before) + " → " + prose(after)
	}
	disk := declaredDisk(c)
	if c.Plan == "" && disk == 0 {
		return "—"
	}
	return diskText(disk)
}

// updateOf is c's update of field, if it has one.
func updateOf(c plan.Change, field string) (plan.FieldUpdate, bool) {
	for _, u := range c.Updates {
		if u.Field == field {
			return u, true
		}
	}
	return plan.FieldUpdate{}, false
}

// declaredDisk is the disk the file asks for or, when it leaves it to the
// plan, what an existing service has.
func declaredDisk(c plan.Change) int {
	if c.DiskSpaceMB == 0 && c.Live != nil {
		return c.Live.DiskSpaceMB
	}
	return c.DiskSpaceMB
}

// driftedServices is the set of (project, service) with any drift.
func driftedServices(p *plan.Plan) map[[2]string]bool {
	m := map[[2]string]bool{}
	for _, d := range p.Drift {
		m[[2]string{d.Project, d.Service}] = true
	}
	return m
}

func actionIcon(c plan.Change, drifted bool) string {
	switch {
	case c.Action == plan.Create:
		return "➕"
	case c.Action == plan.Blocked:
		return "⛔"
	case c.Action == plan.Link:
		return "🔗"
	case c.Action == plan.Switchover:
		return "🔄"
	case c.Action == plan.Update:
		return "✏️"
	case drifted:
		return "⚠️"
	}
	return "✔️"
}

func replicatesWith(order string, c plan.Change, peer, wait string) string {
	switch {
	case c.Action == plan.Blocked:
		return "—"
	case c.JoinWith != "":
		return joinPhrase(order, c, wait, cell)
	}
	if peer != "" {
		return cell(peer)
	}
	return "—"
}

// hiddenRows says what a capped table leaves out, by action, so that a
// reviewer knows whether anything but unchanged services is missing.
func hiddenRows(cs []plan.Change) string {
	n := map[plan.Action]int{}
	for _, c := range cs {
		n[c.Action]++
	}
	var parts []string
	for _, a := range []struct {
		action plan.Action
		label  string
	}{{plan.Create, "to create"}, {plan.Update, "to update"}, {plan.Link, "to link"}, {plan.Switchover, "to switch over"},
		{plan.NoOp, "unchanged"}, {plan.Blocked, "blocked"}} {
		if n[a.action] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[a.action], a.label))
		}
	}
	return fmt.Sprintf("_… and %s (%s) not listed here._\n", plural(len(cs), "more service"), strings.Join(parts, ", "))
}
