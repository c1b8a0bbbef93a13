package schema

import "strings"

// maxBudgetDecimals is the most decimals a budget may have: plan keeps
// amounts exact to the millionth of a dollar.
const maxBudgetDecimals = 6

// checkBudget checks that a budget is written as a plain decimal, the form
// plan reads exactly: YAML also reads 1e3, 0x10 or 1_000 as numbers, but a
// limit on money should read the same to everyone. A negative value is left
// to the schema's minimum.
func (l *loader) checkBudget(b *Budget, path string) {
	if b == nil || strings.HasPrefix(b.MaxMonthlyIncreaseUSD, "-") {
		return
	}
	path = strings.TrimPrefix(path+".budget.max_monthly_increase_usd", ".")
	whole, frac, dot := strings.Cut(b.MaxMonthlyIncreaseUSD, ".")
	if whole == "" || !digits(whole) || !digits(frac) || dot && frac == "" {
		l.errorf(b.Pos, path, "must be a plain amount of US dollars such as 2500 or 1234.50; got %s",
			b.MaxMonthlyIncreaseUSD)
		return
	}
	if n := len(strings.TrimRight(frac, "0")); n > maxBudgetDecimals {
		l.errorf(b.Pos, path, "must have at most %d decimals; got %s", maxBudgetDecimals, b.MaxMonthlyIncreaseUSD)
	}
}

func digits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}
