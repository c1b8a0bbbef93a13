package render

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/plan"
)

// bigPlan builds a plan of n services (n/2 pairs) over five projects, mixing
// new pairs, joins of existing services, unchanged and updated pairs, drift
// and conflicts, like a large real file would.
func bigPlan(n int) *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion, File: "ccr.yaml", Fingerprint: "sha256:0123456789abcdef0123"}
	for i := 0; i < n/2; i++ {
		proj := fmt.Sprintf("acme-%d", i%5)
		a, b := fmt.Sprintf("svc-%05d-eu", i), fmt.Sprintf("svc-%05d-us", i)
		ca := plan.Change{Project: proj, Service: a, Pair: i, Cloud: "google-europe-west1", Plan: "business-8",
			DiskSpaceMB: 700000, Datacenter: a}
		cb := plan.Change{Project: proj, Service: b, Pair: i, Cloud: "aws-us-east-1", Plan: "business-8",
			DiskSpaceMB: 700000, Datacenter: b}
		live := func(c plan.Change, joined string) *plan.LiveService {
			return &plan.LiveService{Name: c.Service, Type: "cassandra", Plan: c.Plan, Cloud: c.Cloud,
				State: plan.StateRunning, Datacenter: c.Datacenter, JoinedWith: joined, DiskSpaceMB: c.DiskSpaceMB}
		}
		switch i % 4 {
		case 0: // new pair
			ca.Action, cb.Action, cb.JoinWith, cb.DependsOn = plan.Create, plan.Create, a, a
			p.Summary.Create += 2
			p.NextSteps = append(p.NextSteps, plan.NextStep{Project: proj, Service: a, Keyspace: "orders",
				CQL: fmt.Sprintf("ALTER KEYSPACE orders WITH replication = {'class': 'NetworkTopologyStrategy', '%s': 3, '%s': 3}", a, b)})
		case 1: // join an existing service
			ca.Action, ca.Live = plan.NoOp, live(ca, "")
			cb.Action, cb.JoinWith = plan.Create, a
			p.Summary.Create++
			p.Summary.Unchanged++
			p.Prerequisites = append(p.Prerequisites, plan.Prerequisite{Project: proj, Service: a,
				Message: "every keyspace must use NetworkTopologyStrategy before " + b + " joins"})
		case 2: // unchanged pair, sometimes drifted, sometimes updated
			ca.Action, ca.Live = plan.NoOp, live(ca, "")
			cb.Action, cb.Live = plan.NoOp, live(cb, a)
			p.Summary.Unchanged += 2
			if i%20 == 6 {
				before := "business-4"
				ca.Live.Plan, cb.Live.Plan = before, before
				ca.Action, cb.Action = plan.Update, plan.Update
				ca.Updates = []plan.FieldUpdate{{Field: plan.FieldPlan, Before: &before, After: "business-8"},
					{Field: "tags.team", After: "orders"}}
				cb.Updates = []plan.FieldUpdate{{Field: plan.FieldPlan, Before: &before, After: "business-8", Via: a}}
				p.Summary.Unchanged -= 2
				p.Summary.Update += 2
			}
			if i%20 == 2 {
				p.Drift = append(p.Drift, plan.Drift{Project: proj, Service: b, Field: "plan", Want: "business-8", Got: "business-16"})
				p.Summary.Drift++
			}
		case 3: // two existing unpaired services: a conflict
			ca.Action, ca.Live = plan.Blocked, live(ca, "")
			cb.Action, cb.Live = plan.Blocked, live(cb, "")
			if i%40 == 3 {
				p.Conflicts = append(p.Conflicts, plan.Conflict{Kind: "pairing", Project: proj, Services: []string{a, b},
					Position: fmt.Sprintf("ccr.yaml:%d:9", 10+i*9), Message: "both services exist and are not paired"})
				p.Summary.Conflicts++
			} else {
				ca.Action, cb.Action = plan.NoOp, plan.NoOp
				cb.Live.JoinedWith = a
				p.Summary.Unchanged += 2
			}
		}
		p.Changes = append(p.Changes, ca, cb)
	}
	for i := 0; i < 5; i++ {
		p.Unmanaged = append(p.Unmanaged, plan.Unmanaged{Project: fmt.Sprintf("acme-%d", i), Count: i})
	}
	p.Cost = bigCost(p)
	return p
}

// bigCost prices every create of p at 1,151.03 a month and holds it to a
// budget it exceeds.
func bigCost(p *plan.Plan) *plan.Cost {
	c := &plan.Cost{Currency: plan.Currency, HoursPerMonth: plan.HoursPerMonth}
	each, _ := plan.ParseUSD("1151.03")
	var total plan.USD
	for _, ch := range p.Changes {
		if ch.Action == plan.Create {
			m := each
			c.Changes = append(c.Changes, plan.ChangeCost{Project: ch.Project, Service: ch.Service, Action: ch.Action,
				Plan: ch.Plan, Cloud: ch.Cloud, Monthly: &m})
			total += each
		}
	}
	c.MonthlyIncrease, c.KnownMonthlyIncrease = &total, total
	limit, _ := plan.ParseUSD("1000")
	c.Budgets = []plan.Budget{{MaxMonthlyIncrease: limit, Source: plan.FlagBudgetSource, Status: plan.BudgetOver}}
	return c
}

// checkWellFormed asserts the invariants every fitted comment keeps.
func checkWellFormed(t *testing.T, md string, budget int, opts MarkdownOptions) {
	t.Helper()
	if n := runes(md); n > budget {
		t.Errorf("comment has %d runes, budget %d", n, budget)
	}
	if !strings.HasPrefix(md, opts.Header+"### ") {
		t.Errorf("comment does not start with the verdict: %.80q", md)
	}
	if !strings.HasSuffix(md, "</sub>\n") || !strings.Contains(md, "head `"+ShortSHA(opts.HeadSHA)+"`") {
		t.Errorf("comment lost its footer: %q", md[max(0, len(md)-200):])
	}
	fences := 0
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "```") {
			fences++
		}
	}
	if fences%2 != 0 {
		t.Errorf("%d fence lines: a code block is left open", fences)
	}
	if o, c := strings.Count(md, "<details>"), strings.Count(md, "</details>"); o != c {
		t.Errorf("<details> opened %d times, closed %d times", o, c)
	}
}

func TestMarkdownFitHugePlan(t *testing.T) {
	p := bigPlan(5000)
	opts := goldenOptions
	opts.Header = "<!-- ccr:plan {\"v\":1} -->\n"
	full := Markdown(p, opts)
	if runes(full) <= DefaultBudget {
		t.Fatalf("test plan too small to exercise Fit: %d runes", runes(full))
	}
	md := MarkdownFit(p, opts, DefaultBudget)
	checkWellFormed(t, md, DefaultBudget, opts)
	for _, want := range []string{"[!CAUTION]", "[!WARNING]", "more services", "more updated services", "lines cut to fit"} {
		if !strings.Contains(md, want) {
			t.Errorf("fitted comment lacks %q", want)
		}
	}
	if !regexp.MustCompile(`more services \([^)]*\d+ to update`).MatchString(md) {
		t.Error("the capped table does not say how many updated services it left out")
	}
	// Every conflict is a warning and must survive the fit.
	for _, k := range p.Conflicts {
		if !strings.Contains(md, code(k.Position)) {
			t.Errorf("conflict at %s was cut", k.Position)
		}
	}
}

func TestFitInvariantsAcrossBudgets(t *testing.T) {
	d := newDoc(bigPlan(600), goldenOptions)
	// Below about 400 runes not even verdict and footer fit; see
	// TestTinyBudget for what happens there.
	for budget := 400; budget <= 120000; budget = budget*3/2 + 7 {
		checkWellFormed(t, d.fit(budget), budget, goldenOptions)
	}
}

func TestFitOrder(t *testing.T) {
	p := bigPlan(80) // small enough for a diagram
	d := newDoc(p, goldenOptions)
	full := d.assemble(full)
	if !strings.Contains(full, "```mermaid") {
		t.Fatal("test plan has no diagram")
	}
	t.Run("fits: unchanged", func(t *testing.T) {
		if got := d.fit(runes(full)); got != full {
			t.Error("a comment within budget was changed")
		}
	})
	t.Run("diff is cut before the diagram goes", func(t *testing.T) {
		got := d.fit(runes(full) - 300)
		if !strings.Contains(got, "lines cut to fit") || !strings.Contains(got, "```mermaid") {
			t.Errorf("want a cut diff and the diagram:\n%s", got)
		}
	})
	t.Run("diagram goes before the table is capped", func(t *testing.T) {
		noDiagram := limits{rows: -1, items: -1, warnings: -1, diffRoom: 1}
		got := d.fit(runes(d.assemble(noDiagram)) + minDiffRoom)
		if strings.Contains(got, "```mermaid") || strings.Contains(got, "more services") {
			t.Errorf("want no diagram and the whole table:\n%s", got)
		}
		if !strings.Contains(got, "lines cut to fit") {
			t.Error("want the diff cut, not dropped")
		}
	})
}

// TestFitKeepsCostLine: the cost and budget lines stay under the verdict
// at every budget that can hold them with the footer, as the verdict does.
func TestFitKeepsCostLine(t *testing.T) {
	d := newDoc(bigPlan(600), goldenOptions)
	if !strings.HasPrefix(d.cost, "**Cost:** $") || !strings.Contains(d.cost, "**Budget:** total **over** $1,000.00/month") {
		t.Fatalf("cost lines = %q", d.cost)
	}
	need := runes(d.verdict + "\n" + d.cost + "\n" + d.footer)
	for budget := need; budget <= 120000; budget = budget*3/2 + 7 {
		if got := d.fit(budget); !strings.HasPrefix(got, d.verdict+"\n"+d.cost) {
			t.Errorf("budget %d: the cost lines are not right under the verdict:\n%.300s", budget, got)
		}
	}
	if got := d.fit(need - 1); strings.Contains(got, "Cost:") && !strings.Contains(got, d.cost) {
		t.Errorf("a cost line was cut in part: %q", got)
	}
}

func TestCutLines(t *testing.T) {
	var lines []string
	for i := 0; i < 100; i++ {
		lines = append(lines, fmt.Sprintf("+ line %02d", i)) // 9 runes + newline
	}
	got := cutLines(lines, 100)
	if got[0] != "+ line 00" || got[len(got)-1] != "+ line 99" {
		t.Errorf("head or tail lost: %q … %q", got[0], got[len(got)-1])
	}
	kept := len(got) - 1
	if kept != 10 {
		t.Errorf("kept %d lines, want the 10 that fit in 100 runes", kept)
	}
	if note := got[5]; note != "@@ … 90 lines cut to fit in a comment … @@" {
		t.Errorf("note = %q", note)
	}
	if same := cutLines(lines[:3], 1000); len(same) != 3 {
		t.Errorf("lines that fit were cut: %q", same)
	}
}

func TestTinyBudget(t *testing.T) {
	if got := truncate("añb✓c", 4); got != "añb✓" {
		t.Errorf("truncate = %q", got)
	}
	d := newDoc(bigPlan(40), goldenOptions)
	if got := d.fit(runes(d.verdict) + 5); got != d.verdict {
		t.Errorf("want the verdict alone when the footer does not fit, got %q", got)
	}
	if got := d.fit(20); runes(got) > 20 || !strings.HasPrefix(d.verdict, got) {
		t.Errorf("want a prefix of the verdict within 20 runes, got %q", got)
	}
}

func BenchmarkMarkdownFit5000(b *testing.B) {
	p := bigPlan(5000)
	for b.Loop() {
		MarkdownFit(p, goldenOptions, DefaultBudget)
	}
}
