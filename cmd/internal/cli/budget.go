package cli

import (
	"errors"
	"strings"

	"github.com/spf13/pflag"

	"github.com/ccr-dev/ccr/plan"
)

// budgetFlag is --max-monthly-increase: a limit on what the plan may add
// to the monthly bill, in USD, read exactly (no float). It holds together
// with the file's budgets.
type budgetFlag struct {
	limit *plan.USD
}

var _ pflag.Value = (*budgetFlag)(nil)

func (f *budgetFlag) String() string {
	if f.limit == nil {
		return ""
	}
	return f.limit.String()
}

// Set reads an amount such as 2500 or 1234.56. A leading "$" is refused
// with the rest: the flag takes the number a script would pass, and a shell
// would expand "$2500" anyway.
func (f *budgetFlag) Set(s string) error {
	v, err := plan.ParseUSD(strings.TrimSpace(s))
	if err != nil {
		return errors.New("want " + f.want())
	}
	f.limit = &v
	return nil
}

// want says what the flag takes, as flagError shows it: the rule of the
// file's max_monthly_increase_usd (plan.ParseUSD reads both).
func (f *budgetFlag) want() string {
	return `a plain amount of US dollars such as 2500 or 1234.50: digits, an optional point and at most 6 decimals (no sign, exponent, "$" or separators)`
}

// Type names the value in help text.
func (f *budgetFlag) Type() string { return "AMOUNT" }

// options are the plan inputs the flag gives.
// planInputs are the flags that change what a plan computes: a budget and
// whether updates may remove capacity. A saved plan never supplies them:
// apply is given them again.
type planInputs struct {
	budget         budgetFlag
	allowDowngrade bool
}

func (f *planInputs) options() plan.Options {
	return plan.Options{MaxMonthlyIncrease: f.budget.limit, AllowDowngrade: f.allowDowngrade}
}

// addPlanInputFlags registers --max-monthly-increase and --allow-downgrade
// on a command's flags.
func addPlanInputFlags(fs *pflag.FlagSet, f *planInputs) {
	fs.Var(&f.budget, "max-monthly-increase",
		"fail with a budget conflict when the plan adds more than AMOUNT USD a month (hourly price × 730), or when a price it needs is unknown")
	fs.BoolVar(&f.allowDowngrade, "allow-downgrade", false,
		"let updates remove capacity (a smaller plan or disk) everywhere, as allow_downgrade: true does for one pair or group")
}
