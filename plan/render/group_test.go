package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// bigGroupPlan builds a plan of n replica groups of three services (a
// PostgreSQL primary, a read replica and a recovery service), mixing new
// groups, members to create, links, switchovers, unchanged and blocked
// groups, and OpenSearch followers with their next step.
func bigGroupPlan(n int) *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion, File: "ccr.yaml", Fingerprint: "sha256:0123456789abcdef0123"}
	for i := range n {
		g := i
		proj := fmt.Sprintf("acme-%d", i%5)
		name := fmt.Sprintf("db-%05d", i)
		mk := func(svc, kind, cloud, planName string) plan.Change {
			c := plan.Change{Project: proj, Service: svc, Group: &g, Type: schema.TypePostgreSQL, Kind: kind,
				Cloud: cloud, Plan: planName, Version: "17", Action: plan.NoOp}
			if kind != "" {
				c.Source = name
			}
			return c
		}
		live := func(c plan.Change, role string, linked bool) *plan.LiveService {
			l := &plan.LiveService{Name: c.Service, Type: c.Type, Plan: c.Plan, Cloud: c.Cloud, State: plan.StateRunning,
				DiskSpaceMB: 80000, Version: "17", Role: role}
			if linked {
				l.Integrations = []plan.Integration{{ID: c.Service, Kind: c.Kind, Source: name, Dest: c.Service, Active: true}}
			}
			return l
		}
		pr, ro, dr := mk(name, "", "google-europe-west1", "business-4"), mk(name+"-ro", schema.KindReadReplica,
			"aws-us-east-1", "startup-4"), mk(name+"-dr", schema.KindDisasterRecovery, "google-europe-north1", "business-4")
		switch i % 5 {
		case 0: // a new group
			pr.Action, ro.Action, dr.Action = plan.Create, plan.Create, plan.Create
			ro.DependsOn, ro.Await, dr.DependsOn, dr.Await = name, schema.AwaitBackup, name, schema.AwaitRunning
			p.Summary.Create += 3
		case 1: // a recovery service to link
			pr.Live, ro.Live, dr.Live = live(pr, "", false), live(ro, "", true), live(dr, "", false)
			dr.Action, dr.DependsOn, dr.Await = plan.Link, name, schema.AwaitRunning
			p.Summary.Link++
			p.Summary.Unchanged += 2
		case 2: // a switchover
			pr.Live, ro.Live, dr.Live = live(pr, plan.RoleActive, false), live(ro, "", true), live(dr, plan.RolePassive, true)
			dr.Action, dr.DependsOn, dr.Await = plan.Switchover, name, schema.AwaitRunning
			p.Summary.Switchover++
			p.Summary.Unchanged += 2
		case 3: // unchanged
			pr.Live, ro.Live, dr.Live = live(pr, "", false), live(ro, "", true), live(dr, "", true)
			p.Summary.Unchanged += 3
		case 4: // a promoted read replica blocks the group
			pr.Live, ro.Live = live(pr, "", false), live(ro, "", false)
			pr.Action, ro.Action, dr.Action = plan.Blocked, plan.Blocked, plan.Blocked
			p.Conflicts = append(p.Conflicts, plan.Conflict{Kind: plan.KindReplication, Project: proj,
				Services: []string{name, ro.Service}, Position: fmt.Sprintf("ccr.yaml:%d:9", 10+i*7),
				Message: ro.Service + " exists but is not a read replica of " + name})
			p.Summary.Blocked += 3
		}
		p.Changes = append(p.Changes, pr, ro, dr)
		if i%10 == 0 {
			p.NextSteps = append(p.NextSteps, plan.NextStep{Project: proj, Service: dr.Service,
				Message: "start replication on each index of " + dr.Service})
		}
	}
	p.Summary.Conflicts = len(p.Conflicts)
	p.Summary.ConflictsByKind = plan.CountConflicts(p.Conflicts)
	return p
}

func TestMarkdownFitHugeGroupPlan(t *testing.T) {
	p := bigGroupPlan(2000)
	opts := goldenOptions
	opts.Header = "<!-- ccr:plan {\"v\":1} -->\n"
	if runes(Markdown(p, opts)) <= DefaultBudget {
		t.Fatal("test plan too small to exercise Fit")
	}
	md := MarkdownFit(p, opts, DefaultBudget)
	checkWellFormed(t, md, DefaultBudget, opts)
	for _, want := range []string{"[!CAUTION]", "more services", "to link", "to switch over", "Type | Cloud"} {
		if !strings.Contains(md, want) {
			t.Errorf("fitted comment lacks %q", want)
		}
	}
	for _, k := range p.Conflicts {
		if !strings.Contains(md, code(k.Position)) {
			t.Errorf("conflict at %s was cut", k.Position)
		}
	}
	d := newDoc(bigGroupPlan(200), goldenOptions)
	for budget := 400; budget <= 120000; budget = budget*3/2 + 7 {
		checkWellFormed(t, d.fit(budget), budget, goldenOptions)
	}
}

// TestTextColorGroups: colour marks a group's actions and changes nothing
// else; without it (NO_COLOR, no terminal) the view has no escape.
func TestTextColorGroups(t *testing.T) {
	for name, want := range map[string]string{
		"group-link":       ansiYellow + "~ link orders-dr as the disaster recovery service of orders-pg" + ansiReset,
		"group-switchover": ansiYellow + "~ switch over: orders-dr becomes active, orders-pg passive" + ansiReset,
		"group-new":        ansiGreen + "+ create" + ansiReset,
		"group-promoted":   ansiRed + "!" + ansiReset + " orders-ro (PostgreSQL 17) blocked by a conflict",
	} {
		p := loadPlan(t, name)
		var plain, colored bytes.Buffer
		if err := Text(&plain, p, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := Text(&colored, p, TextOptions{Color: true}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(plain.String(), "\x1b") {
			t.Errorf("%s: Color=false output has an escape sequence", name)
		}
		if !strings.Contains(colored.String(), want) {
			t.Errorf("%s: Color=true output lacks %q:\n%s", name, want, colored.String())
		}
		if got := stripANSI(colored.String()); got != plain.String() {
			t.Errorf("%s: colour changed the text itself:\n%s", name, lineDiff(plain.String(), got))
		}
	}
}

// TestGroupHostileValues feeds a group's values (a version and a role from
// the API, a kind and a source from a plan saved by hand) with markup and
// control characters through every view: the table keeps its cells, the
// diagram its syntax, and no line carries a raw control character.
func TestGroupHostileValues(t *testing.T) {
	p := loadPlan(t, "group-switchover")
	hostile := "x|y`z\n::error::pwned\x1b[2J"
	p.Changes[0].Live.Version = hostile
	p.Changes[0].Live.Role = hostile
	p.Changes[1].Kind = "read_replica|\"]; click s0 \"http://x\""
	p.Changes[1].Live.Integrations[0].Kind = p.Changes[1].Kind
	p.Changes[2].Source = hostile
	md := Markdown(p, goldenOptions)
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| ") {
			if cells := len(splitCells(l)); cells != 9 {
				t.Errorf("table row has %d cells, want 9: %s", cells, l)
			}
		}
		if strings.ContainsFunc(l, func(r rune) bool { return r < 0x20 && r != '\t' }) || strings.HasPrefix(l, "::") {
			t.Errorf("markdown line carries a control character or a workflow command: %q", l)
		}
		if strings.Contains(l, "-->|") && strings.ContainsAny(strings.SplitN(l, "|", 3)[1], `"]`) {
			t.Errorf("edge label keeps Mermaid syntax: %q", l)
		}
	}
	var b bytes.Buffer
	if err := Text(&b, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.ContainsFunc(l, func(r rune) bool { return r < 0x20 }) || strings.HasPrefix(strings.TrimSpace(l), "::") {
			t.Errorf("text line carries a control character or a workflow command: %q", l)
		}
	}
}

func TestActionsWordsEveryChange(t *testing.T) {
	for _, c := range []struct {
		s    plan.Summary
		want string
	}{
		{plan.Summary{}, "0 to create"},
		{plan.Summary{Create: 2}, "2 to create"},
		{plan.Summary{Link: 1}, "1 to link"},
		{plan.Summary{Create: 2, Link: 1, Switchover: 1}, "2 to create, 1 to link, 1 to switch over"},
		{plan.Summary{Switchover: 3}, "3 to switch over"},
		{plan.Summary{Update: 2}, "0 to create, 2 to update"},
		{plan.Summary{Create: 1, Update: 2}, "1 to create, 2 to update"},
		{plan.Summary{Update: 1, Link: 1}, "1 to update, 1 to link"},
	} {
		if got := Actions(&plan.Plan{Summary: c.s}); got != c.want {
			t.Errorf("Actions(%+v) = %q, want %q", c.s, got, c.want)
		}
	}
}

// TestLiveServiceLabelledByItsLiveType pins that a service that exists is
// labelled with its own type and version, never the file's type with the
// live version: a Valkey 8.1 service the file calls pg is "Valkey 8.1".
func TestLiveServiceLabelledByItsLiveType(t *testing.T) {
	p := loadPlan(t, "group-promoted")
	c := &p.Changes[1]
	c.Live.Type, c.Live.Version = schema.TypeValkey, "8.1"
	var b bytes.Buffer
	if err := Text(&b, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	md := Markdown(p, goldenOptions)
	for view, out := range map[string]string{"text": b.String(), "markdown": md} {
		if !strings.Contains(out, "Valkey 8.1") || strings.Contains(out, "PostgreSQL 8.1") {
			t.Errorf("%s: want %s labelled Valkey 8.1, its live type and version:\n%s", view, c.Service, out)
		}
	}
}
