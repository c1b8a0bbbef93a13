package plan

import (
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// The new pair of testPair costs 1140.26 + 1185.89 = 2326.15 a month.
func TestBudgets(t *testing.T) {
	fileBudget := func(amount string) *schema.Budget {
		return &schema.Budget{MaxMonthlyIncreaseUSD: amount, Pos: schema.Pos{Line: 2, Col: 35}}
	}
	projectBudget := func(amount string) *schema.Budget {
		return &schema.Budget{MaxMonthlyIncreaseUSD: amount, Pos: schema.Pos{Line: 4, Col: 39}}
	}
	cases := []struct {
		name      string
		top, proj *schema.Budget
		flag      string
		live      Live
		budgets   []string
		conflicts []string
	}{
		{
			name:    "exactly at the limit is within budget",
			flag:    "2326.15",
			budgets: []string{" 2326.15 --max-monthly-increase within"},
		},
		{
			name:    "one millionth over is over, and the message says so exactly",
			flag:    "2326.149999",
			budgets: []string{" 2326.149999 --max-monthly-increase over"},
			conflicts: []string{"budget : the plan adds $2,326.15/month in total, over the limit set by " +
				"--max-monthly-increase of $2,326.149999/month; raise --max-monthly-increase to approve it"},
		},
		{
			name:    "the file's budgets: the whole file's holds, the project's is exceeded",
			top:     fileBudget("5000"),
			proj:    projectBudget("2000.00"),
			budgets: []string{" 5000.00 ccr.yaml:2:35 within", "acme-prod 2000.00 ccr.yaml:4:39 over"},
			conflicts: []string{"budget ccr.yaml:4:39: the plan adds $2,326.15/month to project acme-prod, over the " +
				"project's budget of $2,000.00/month; raise max_monthly_increase_usd to approve it"},
		},
		{
			name:    "the flag and the file both hold: the stricter decides",
			top:     fileBudget("2000"),
			flag:    "3000",
			budgets: []string{" 3000.00 --max-monthly-increase within", " 2000.00 ccr.yaml:2:35 over"},
			conflicts: []string{"budget ccr.yaml:2:35: the plan adds $2,326.15/month in total, over the file's " +
				"budget of $2,000.00/month; raise max_monthly_increase_usd to approve it"},
		},
		{
			name:    "an unknown price never passes a budget",
			proj:    projectBudget("100000"),
			live:    testLive(),
			budgets: []string{"acme-prod 100000.00 ccr.yaml:4:39 unknown"},
			conflicts: []string{"budget ccr.yaml:4:39: ccr cannot check the monthly increase to project acme-prod against " +
				"the project's budget of $100,000.00/month: the price of orders-eu (business-8 in google-europe-west1) is " +
				"unknown: prices of project acme-prod were not read, and 1 more service has no price; a budget is never assumed to hold"},
		},
		{
			name:      "a budget of zero refuses any increase",
			top:       fileBudget("0"),
			budgets:   []string{" 0.00 ccr.yaml:2:35 over"},
			conflicts: []string{"budget ccr.yaml:2:35: the plan adds $2,326.15/month in total, over the file's budget of $0.00/month; raise max_monthly_increase_usd to approve it"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spec := testSpec(testPair())
			spec.Budget, spec.Projects[0].Budget = c.top, c.proj
			var opts Options
			if c.flag != "" {
				opts.MaxMonthlyIncrease = usdPtr(c.flag)
			}
			live := c.live
			if live.Projects == nil {
				live = pricedLive()
			}
			p := ComputeWith(spec, live, opts)
			var got []string
			for _, b := range p.Cost.Budgets {
				got = append(got, b.Project+" "+b.MaxMonthlyIncrease.String()+" "+b.Source+" "+b.Status)
			}
			equal(t, "budgets", got, c.budgets)
			equal(t, "conflicts", viewConflicts(p.Conflicts), c.conflicts)
			// A budget conflict blocks apply, not the pairs: the plan still
			// shows what the budget would have to allow.
			if p.Summary.Create != 2 || p.Applyable() != (len(c.conflicts) == 0) {
				t.Errorf("create %d, applyable %v; want 2 and %v", p.Summary.Create, p.Applyable(), len(c.conflicts) == 0)
			}
		})
	}
}

// TestFlagBudgetConflict: the flag's conflict has no file position and, like
// every budget conflict, no service list: it limits a sum, whatever the
// number of services behind it.
func TestFlagBudgetConflict(t *testing.T) {
	spec := testSpec(testPair())
	p := ComputeWith(spec, pricedLive(), Options{MaxMonthlyIncrease: usdPtr("1")})
	if len(p.Conflicts) != 1 || p.Conflicts[0].Position != "" || p.Conflicts[0].Kind != KindBudget ||
		p.Conflicts[0].Project != "" || p.Conflicts[0].Services == nil || len(p.Conflicts[0].Services) != 0 {
		t.Fatalf("conflicts = %+v, want one budget conflict without position, project or services", p.Conflicts)
	}
}

func TestSpecDigestCoversBudgets(t *testing.T) {
	spec := testSpec(testPair())
	plain := SpecDigest(spec)
	spec.Budget = &schema.Budget{MaxMonthlyIncreaseUSD: "2500", Pos: schema.Pos{Line: 2, Col: 3}}
	top := SpecDigest(spec)
	spec.Budget = &schema.Budget{MaxMonthlyIncreaseUSD: "2500.00", Pos: schema.Pos{Line: 9, Col: 9}}
	if SpecDigest(spec) != top {
		t.Error("2500 and 2500.00 at another position digest differently; they are one limit")
	}
	spec.Budget.MaxMonthlyIncreaseUSD = "2600"
	raised := SpecDigest(spec)
	spec.Budget = nil
	spec.Projects[0].Budget = &schema.Budget{MaxMonthlyIncreaseUSD: "2600"}
	project := SpecDigest(spec)
	for _, d := range []string{top, raised, project} {
		if d == plain {
			t.Error("a budget does not change the digest: a saved plan would survive a budget change")
		}
	}
	if top == raised || raised == project {
		t.Error("a changed budget, or one moved to a project, keeps the digest")
	}
}

// A limit a saved plan records only ever tightens apply's own: the lower of
// two limits holds, and one side without a limit takes the other's.
func TestOptionsStricter(t *testing.T) {
	limit := func(s string) Options { return Options{MaxMonthlyIncrease: usdPtr(s)} }
	shown := func(o Options) string {
		if o.MaxMonthlyIncrease == nil {
			return "none"
		}
		return o.MaxMonthlyIncrease.String()
	}
	for _, tc := range []struct {
		own, other Options
		want       string
	}{
		{Options{}, Options{}, "none"},
		{limit("600"), Options{}, "600.00"},
		{Options{}, limit("700"), "700.00"},
		{limit("600"), limit("700"), "600.00"},
		{limit("5000"), limit("1"), "1.00"},
	} {
		if got := shown(tc.own.Stricter(tc.other)); got != tc.want {
			t.Errorf("%s stricter by %s = %s, want %s", shown(tc.own), shown(tc.other), got, tc.want)
		}
	}
}

// SavedOptions reads back the flag's limit, the lowest when the JSON lists
// several, and ignores the file's budgets, which apply takes from the file.
func TestSavedOptions(t *testing.T) {
	p := &Plan{Cost: &Cost{Budgets: []Budget{
		{MaxMonthlyIncrease: 900_000_000, Source: FlagBudgetSource},
		{MaxMonthlyIncrease: 1_000_000, Source: "ccr.yaml:2:36"},
		{MaxMonthlyIncrease: 700_000_000, Source: FlagBudgetSource},
		{Project: "acme", MaxMonthlyIncrease: 2_000_000, Source: FlagBudgetSource},
	}}}
	if got := p.SavedOptions().MaxMonthlyIncrease; got == nil || *got != 700_000_000 {
		t.Errorf("SavedOptions = %v, want the lowest flag limit, 700.00", got)
	}
	if got := (&Plan{}).SavedOptions().MaxMonthlyIncrease; got != nil {
		t.Errorf("a plan without cost: SavedOptions = %v, want none", got)
	}
}
