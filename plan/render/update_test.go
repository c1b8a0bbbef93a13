package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/ccr-dev/ccr/plan"
)

// taggedPlan is the no-changes scenario with the file declaring tags on the
// pair: an update of each member and nothing else.
func taggedPlan(t *testing.T, tags map[string]string, live plan.Live) *plan.Plan {
	t.Helper()
	spec := loadSpec(t, "no-changes")
	spec.Projects[0].Pairs[0].Tags = tags
	return plan.Compute(spec, live)
}

func textOf(t *testing.T, p *plan.Plan) string {
	t.Helper()
	var b bytes.Buffer
	if err := Text(&b, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestUpdatesAreChanges: a plan whose only changes are updates is never
// "no changes", in any verdict or count.
func TestUpdatesAreChanges(t *testing.T) {
	p := taggedPlan(t, map[string]string{"team": "orders"}, scenarioLive["no-changes"]())
	if p.Summary.Update != 2 {
		t.Fatalf("summary = %+v; want 2 updates", p.Summary)
	}
	if got := Actions(p); got != "0 to create, 2 to update" {
		t.Errorf("Actions = %q", got)
	}
	text := textOf(t, p)
	if strings.Contains(text, "No changes") || !strings.Contains(text, "Plan: 0 to create, 2 to update, 0 unchanged.") {
		t.Errorf("text verdict:\n%s", text)
	}
	md := Markdown(p, goldenOptions)
	if strings.Contains(md, "no changes") || strings.Contains(md, "✅") || !strings.Contains(md, "**2 to update**") {
		t.Errorf("markdown verdict:\n%s", md)
	}
	if !strings.Contains(md, "the apply job updates 2 services in place") {
		t.Errorf("markdown lacks the merge note:\n%s", md)
	}
	if strings.Contains(md, "```mermaid") || strings.Contains(md, "Topology") {
		t.Errorf("a tag update draws the topology, which it does not change:\n%s", md)
	}
}

// TestUpdatedAndDrifted: a service both updated and drifted says so on its
// line, and the drift stays in the drift section.
func TestUpdatedAndDrifted(t *testing.T) {
	live := scenarioLive["no-changes"]()
	ps := live.Projects["acme-prod"]
	ps.Services[1].State = plan.StateRebalancing
	live.Projects["acme-prod"] = ps
	text := textOf(t, taggedPlan(t, map[string]string{"team": "orders"}, live))
	for _, want := range []string{
		"  ~ update orders-us, also drifted (see below), costs $1,185.89/month\n      tags.team              (none) → orders\n",
		"  ~ acme-prod/orders-us state is REBALANCING in Aiven, expected RUNNING\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in:\n%s", want, text)
		}
	}
}

// TestUpdateHostileValues: tag keys and values from the file, and the
// values the API reports before an update, reach no view unescaped.
func TestUpdateHostileValues(t *testing.T) {
	forged := "x\n::error::pwned\r##[stop-commands]`|<b>"
	live := scenarioLive["no-changes"]()
	ps := live.Projects["acme-prod"]
	for i := range ps.Services {
		ps.Services[i].Tags = map[string]string{"a`|*b": forged}
	}
	live.Projects["acme-prod"] = ps
	p := taggedPlan(t, map[string]string{"a`|*b": "x|`y` <img>"}, live)
	if p.Summary.Update != 2 {
		t.Fatalf("summary = %+v; want 2 updates", p.Summary)
	}
	for _, line := range strings.Split(textOf(t, p), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.ContainsFunc(line, unicode.IsControl) {
			t.Errorf("text line: %q", line)
		}
	}
	md := Markdown(p, goldenOptions)
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.ContainsFunc(line, unicode.IsControl) {
			t.Errorf("markdown line: %q", line)
		}
		if strings.HasPrefix(line, "| ") && len(splitCells(line)) != 9 {
			t.Errorf("table row has %d cells, want 9: %s", len(splitCells(line)), line)
		}
	}
	want := "- `acme-prod/orders-eu`: ``tags.a`|*b`` ``x ::error::pwned ##[stop-commands]`|<b>`` → ``x|`y` <img>``\n"
	if !strings.Contains(md, want) {
		t.Errorf("want %q in:\n%s", want, md)
	}
}

func TestUpdateFieldWords(t *testing.T) {
	s := func(v string) *string { return &v }
	for _, c := range []struct {
		u          plan.FieldUpdate
		text, mark string
	}{
		{plan.FieldUpdate{Field: plan.FieldPlan, Before: s("business-8"), After: "business-16"},
			"business-8 → business-16", "plan `business-8` → `business-16`"},
		{plan.FieldUpdate{Field: plan.FieldDisk, Before: s("600000"), After: "1260000", Via: "orders-eu"},
			"600000 MB → 1260000 MB (via orders-eu)", "disk `600000 MB` → `1260000 MB`"},
		{plan.FieldUpdate{Field: plan.FieldProtection, Before: s("true"), After: "false"},
			"on → off", "termination protection `on` → `off`"},
		{plan.FieldUpdate{Field: "tags.team", After: "orders"}, "(none) → orders", "`tags.team` (none) → `orders`"},
		{plan.FieldUpdate{Field: "tags.team", Before: s("orders"), After: ""}, `orders → ""`, "`tags.team` `orders` → `\"\"`"},
	} {
		if got := updateText(c.u); got != c.text {
			t.Errorf("updateText(%+v) = %q, want %q", c.u, got, c.text)
		}
		if got := updateMarkdown(c.u); got != c.mark {
			t.Errorf("updateMarkdown(%+v) = %q, want %q", c.u, got, c.mark)
		}
	}
}

// TestDriftIssueSaysWhatTheNextApplyChangesBack: the drift issue is kept by
// a scheduled check, where nothing is merged; its note says what the next
// apply would restore, and how to keep what Aiven has instead.
func TestDriftIssueSaysWhatTheNextApplyChangesBack(t *testing.T) {
	p := taggedPlan(t, map[string]string{"team": "orders"}, scenarioLive["no-changes"]())
	opts := goldenOptions
	opts.DriftIssue = true
	md := Markdown(p, opts)
	want := "**The next apply** of `ccr.yaml` updates 2 services in place, restoring what the file declares; " +
		"to keep what Aiven has now, change the file instead."
	if !strings.Contains(md, want) || strings.Contains(md, "On merge") {
		t.Errorf("want %q and no merge note in:\n%s", want, md)
	}
	if md := Markdown(p, goldenOptions); !strings.Contains(md, "**On merge to `main`**, the apply job updates 2 services") {
		t.Errorf("the pull request's note changed:\n%s", md)
	}
}
