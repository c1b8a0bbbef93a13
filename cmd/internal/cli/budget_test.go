package cli

import (
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

func TestBudgetFlagParses(t *testing.T) {
	for _, cmd := range []string{"plan", "apply"} {
		cases := map[string]struct {
			args []string
			want string // the limit, "" for none, "!" for an error
		}{
			"unset":          {nil, ""},
			"whole dollars":  {[]string{"--max-monthly-increase", "2500"}, "2500.00"},
			"cents":          {[]string{"--max-monthly-increase=1234.56"}, "1234.56"},
			"exact decimals": {[]string{"--max-monthly-increase", "0.000001"}, "0.000001"},
			"exponent":       {[]string{"--max-monthly-increase", "1e3"}, "!"},
			"dollar sign":    {[]string{"--max-monthly-increase", "$2500"}, "!"},
			"negative":       {[]string{"--max-monthly-increase=-5"}, "!"},
			"7 decimals":     {[]string{"--max-monthly-increase", "1.0000001"}, "!"},
		}
		for name, tc := range cases {
			io, _, _ := Test(nil)
			c := newPlanCmd(io)
			if cmd == "apply" {
				c = newApplyCmd(io)
			}
			err := c.ParseFlags(tc.args)
			f := c.Flags().Lookup("max-monthly-increase").Value.(*budgetFlag)
			switch {
			case tc.want == "!":
				if err == nil || !strings.Contains(err.Error(), "such as 2500 or 1234.50: digits, an optional point and at most 6 decimals") {
					t.Errorf("%s %s: error = %v, want the amount explained", cmd, name, err)
				}
			case err != nil:
				t.Errorf("%s %s: %v", cmd, name, err)
			case f.String() != tc.want:
				t.Errorf("%s %s: limit = %q, want %q", cmd, name, f.String(), tc.want)
			case (tc.want == "") != (f.limit == nil):
				t.Errorf("%s %s: limit = %v", cmd, name, f.limit)
			}
		}
	}
}

// TestApplyReportStatesCost: the report on the merged pull request says what
// each created service costs and what they cost together; a service that
// existed already adds nothing.
func TestApplyReportStatesCost(t *testing.T) {
	m := func(s string) *plan.USD {
		v, err := plan.ParseUSD(s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	p := &plan.Plan{File: "ccr.yaml", Cost: &plan.Cost{HoursPerMonth: plan.HoursPerMonth, Changes: []plan.ChangeCost{
		{Project: "acme", Service: "orders-eu", Action: plan.Create, Monthly: m("300.03")},
		{Project: "acme", Service: "orders-us", Action: plan.Create, Monthly: m("312.002")},
		{Project: "acme", Service: "billing-eu", Action: plan.NoOp, Monthly: m("1000")},
	}}}
	res := &apply.Result{Services: []apply.ServiceResult{
		{Project: "acme", Service: "orders-eu", Cloud: "google-europe-west1", Outcome: apply.Created, State: "RUNNING", Running: true},
		{Project: "acme", Service: "orders-us", Cloud: "aws-us-east-1", Outcome: apply.Created, State: "RUNNING", Running: true},
	}}
	md := applyMarkdown("ccr.yaml", p, res)
	for _, want := range []string{
		"| created | `RUNNING` | – | $300.03 |",
		"| created | `RUNNING` | – | $312.00 |",
		"**Cost:** the 2 services created now cost $612.03 a month (Aiven prices in USD, hourly × 730).",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("apply report lacks %q:\n%s", want, md)
		}
	}
	res.Services = res.Services[:1]
	p.Cost.Changes[0].Monthly, p.Cost.Changes[0].Unknown = nil, "Aiven has no price for startup-4 in google-europe-west1"
	if md := applyMarkdown("ccr.yaml", p, res); !strings.Contains(md, "the service created now costs an unknown amount a month") {
		t.Errorf("unknown price not stated:\n%s", md)
	}
}
