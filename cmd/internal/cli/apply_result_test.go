package cli

import (
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// nextStepsPlan has a CCR pair that exists and an OpenSearch follower this
// run creates, with the pair's CQL and the follower's step; the step's
// text tries to escape its line and its fence.
func nextStepsPlan() (*plan.Plan, *apply.Result) {
	group := 0
	running := &plan.LiveService{State: plan.StateRunning}
	p := &plan.Plan{
		Changes: []plan.Change{
			{Project: "acme", Service: "orders-eu", Action: plan.NoOp, Live: running},
			{Project: "acme", Service: "orders-us", Action: plan.NoOp, Live: running},
			{Project: "acme", Service: "search-os", Group: &group, Type: "opensearch", Action: plan.NoOp, Live: running},
			{Project: "acme", Service: "search-os-fol", Group: &group, Type: "opensearch", Action: plan.Create},
		},
		NextSteps: []plan.NextStep{
			{Project: "acme", Service: "orders-eu", Keyspace: "orders", CQL: "ALTER KEYSPACE orders WITH replication = {};"},
			{Project: "acme", Service: "search-os-fol",
				Message: "start replication on search-os-fol\n::error::forged\x1b[31m ~~~ end"},
		},
	}
	res := &apply.Result{Services: []apply.ServiceResult{
		{Project: "acme", Service: "search-os-fol", Outcome: apply.Created, State: "RUNNING", Running: true},
	}}
	return p, res
}

// A replica group member's step is its message, under its own heading;
// the CQL stays under the cqlsh heading; neither lets the message start a
// line of its own or send a terminal escape.
func TestNextStepsTextShowsMessages(t *testing.T) {
	p, res := nextStepsPlan()
	got := nextSteps(p, res)
	want := "\nNext steps: run in cqlsh on either service of the pair:\n" +
		"  -- acme/orders-eu: keyspace orders\n  ALTER KEYSPACE orders WITH replication = {};\n" +
		"\nNext steps (ccr cannot do this for you):\n" +
		"  • acme/search-os-fol: start replication on search-os-fol\\n::error::forged\\u001b[31m ~~~ end\n"
	if got != want {
		t.Errorf("next steps:\n%s\nwant:\n%s", got, want)
	}
	res.Services[0].Running = false
	got = nextSteps(p, res)
	if strings.Contains(got, "search-os-fol:") || strings.Contains(got, "The CQL of") ||
		!strings.Contains(got, "\nThe next step of 1 service is left out: it is not RUNNING; ccr apply prints it once it is.\n") {
		t.Errorf("next steps with the follower not RUNNING:\n%s", got)
	}
}

func TestApplyMarkdownShowsMessages(t *testing.T) {
	p, res := nextStepsPlan()
	md := applyMarkdown("ccr.yaml", p, res)
	for _, want := range []string{
		"**Next steps** — run in cqlsh on either service of the pair:\n\n```sql\nALTER KEYSPACE orders WITH replication = {};\n```\n",
		"**Next steps** — ccr cannot do this for you:\n\n~~~text\nacme/search-os-fol: start replication on search-os-fol\n::error::forged\uFFFD[31m ~ ~ ~ end\n~~~\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "```sql\n\n") || strings.Count(md, "~~~") != 2 {
		t.Errorf("markdown has an empty statement or a broken fence:\n%s", md)
	}
}

// A refused field's error quotes the API, as a service's error does: a
// secret in it is masked before JSON could escape it out of reach of the
// mask, and the caller's result is left as it was.
func TestMaskedResultMasksRefusedFields(t *testing.T) {
	io := &IOStreams{Env: func(k string) string {
		if k == "AIVEN_TOKEN" {
			return "s3cr3t<token>"
		}
		return ""
	}}
	res := &apply.Result{Services: []apply.ServiceResult{{Project: "acme", Service: "orders-eu", Outcome: apply.Failed,
		Updates: []apply.FieldResult{{Field: "plan", After: "startup-8", Status: apply.FieldRefused,
			Error: "[403]: token s3cr3t<token> may not resize"}}}}}
	var b strings.Builder
	if err := apply.WriteJSON(&b, maskedResult(io, res), nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "s3cr3t") || !strings.Contains(b.String(), `"error": "[403]: token *** may not resize"`) {
		t.Errorf("JSON result:\n%s", b.String())
	}
	if got := res.Services[0].Updates[0].Error; !strings.Contains(got, "s3cr3t") {
		t.Errorf("the caller's result was changed: %q", got)
	}
}
