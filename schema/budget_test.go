package schema

import (
	"slices"
	"testing"
)

const budgetFile = `version: 1
budget: {max_monthly_increase_usd: 5000}
projects:
  - project: p
    budget:
      max_monthly_increase_usd: 1234.50
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
  - project: q
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
`

func TestLoadBudgets(t *testing.T) {
	spec, ds := Load("ccr.yaml", []byte(budgetFile))
	if len(ds) > 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	want := []*Budget{
		{MaxMonthlyIncreaseUSD: "5000", Pos: Pos{2, 36}},
		{MaxMonthlyIncreaseUSD: "1234.50", Pos: Pos{6, 33}},
		nil,
	}
	got := []*Budget{spec.Budget, spec.Projects[0].Budget, spec.Projects[1].Budget}
	for i := range want {
		if (got[i] == nil) != (want[i] == nil) || got[i] != nil && *got[i] != *want[i] {
			t.Errorf("budget %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestLoadBadBudgets(t *testing.T) {
	cases := []loadCase{
		{"exponent", "budget: {max_monthly_increase_usd: 1e3}\n", []string{
			"ccr.yaml:10:36: budget.max_monthly_increase_usd: must be a plain amount of US dollars such as 2500 or 1234.50; got 1e3",
		}},
		{"too many decimals", "budget: {max_monthly_increase_usd: 10.1234567}\n", []string{
			"ccr.yaml:10:36: budget.max_monthly_increase_usd: must have at most 6 decimals; got 10.1234567",
		}},
		{"negative", "budget: {max_monthly_increase_usd: -5}\n", []string{
			"ccr.yaml:10:36: budget.max_monthly_increase_usd: must be at least 0; got -5",
		}},
		{"a string", "budget: {max_monthly_increase_usd: \"5\"}\n", []string{
			"ccr.yaml:10:36: budget.max_monthly_increase_usd: must be a number; got \"5\"",
		}},
		{"no amount", "budget: {max_monthly: 5}\n", []string{
			"ccr.yaml:10:9: budget: missing required field \"max_monthly_increase_usd\"",
			"ccr.yaml:10:10: budget.max_monthly: unknown field \"max_monthly\"; allowed: max_monthly_increase_usd",
		}},
		{"too large", "budget: {max_monthly_increase_usd: 2000000000}\n", []string{
			"ccr.yaml:10:36: budget.max_monthly_increase_usd: must be at most 1000000000; got 2000000000",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := Load("ccr.yaml", []byte(valid+"        plan: startup-4\n"+"        disk_space_mb: 80000\n"+c.src))
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("diagnostics:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}
