package plan

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// USD is an amount of US dollars, exact to the millionth: an integer count of
// micro-dollars. Aiven gives prices as decimal strings with at most 6
// decimals; keeping them as integers means a sum or a product never drifts
// the way binary floats do, so a plan's cost is the same number on every
// machine and a budget comparison is exact.
type USD int64

// microsPerDollar is USD's scale.
const microsPerDollar = 1_000_000

// usdDecimals is how many decimals USD keeps.
const usdDecimals = 6

// maxUSDDigits bounds the whole dollars ParseUSD accepts (under a trillion),
// so that every parsed amount times HoursPerMonth still fits in an int64.
const maxUSDDigits = 12

// errDecimal is wrapped when a string is not a plain decimal amount.
var errDecimal = errors.New("not a plain decimal amount")

// ParseUSD reads a plain decimal such as "1.5620", "0.000250" or "2500":
// digits, then optionally a point and digits, with no sign, exponent,
// currency symbol or separators. Decimals past the sixth must be zeros, since
// USD keeps no more: an amount it cannot hold exactly is refused, never
// rounded.
func ParseUSD(s string) (USD, error) {
	whole, frac, dot := strings.Cut(s, ".")
	switch {
	case whole == "" || !allDigits(whole) || !allDigits(frac) || dot && frac == "":
		return 0, fmt.Errorf("%q: %w (write digits with an optional point, such as 2500 or 1234.56)", s, errDecimal)
	case len(strings.TrimLeft(whole, "0")) > maxUSDDigits:
		return 0, fmt.Errorf("%q: %w: more than %d digits before the point", s, errDecimal, maxUSDDigits)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > usdDecimals {
		return 0, fmt.Errorf("%q: %w: more than %d decimals", s, errDecimal, usdDecimals)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", s, errDecimal)
	}
	f, _ := strconv.ParseInt(frac+strings.Repeat("0", usdDecimals-len(frac)), 10, 64)
	return USD(w*microsPerDollar + f), nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String is the exact amount as a decimal without a currency sign, with at
// least two decimals and no trailing zeros past them: "1140.26", "5.475",
// "0.00025", "0.00". It is the form the plan's JSON carries.
func (u USD) String() string {
	sign := ""
	v := int64(u)
	if v < 0 {
		sign, v = "-", -v
	}
	frac := fmt.Sprintf("%06d", v%microsPerDollar)
	frac = strings.TrimRight(frac, "0")
	for len(frac) < 2 {
		frac += "0"
	}
	return fmt.Sprintf("%s%d.%s", sign, v/microsPerDollar, frac)
}

// Dollars shows the amount as people read money, rounded half up to the
// cent: "$1,140.26", or "-$120.00" for a saving. Views use it; the JSON
// keeps the exact String.
func (u USD) Dollars() string {
	if u < 0 {
		return "-" + (-u).Dollars()
	}
	cents := (int64(u) + microsPerDollar/200) / (microsPerDollar / 100)
	return "$" + groupThousands(cents/100) + fmt.Sprintf(".%02d", cents%100)
}

// Exact shows the amount like Dollars but with every decimal it has:
// "$1,185.885". Budget messages use it, so that an amount just over a limit
// never reads as equal to it.
func (u USD) Exact() string {
	s := u.String()
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	return "$" + groupThousands(w) + "." + frac
}

// groupThousands writes n with a comma every three digits.
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// MarshalJSON writes the amount as a JSON string in its exact form, as Aiven
// writes prices: a JSON number would invite float parsing.
func (u USD) MarshalJSON() ([]byte, error) {
	return []byte(`"` + u.String() + `"`), nil
}

// UnmarshalJSON reads the form MarshalJSON writes, a saving with its
// minus sign.
func (u *USD) UnmarshalJSON(data []byte) error {
	s, err := strconv.Unquote(string(data))
	if err != nil {
		return fmt.Errorf("amount %s: want a decimal string such as \"1140.26\"", data)
	}
	digits, negative := strings.CutPrefix(s, "-")
	v, err := ParseUSD(digits)
	if err != nil {
		return fmt.Errorf("amount: %w", err)
	}
	if negative {
		v = -v
	}
	*u = v
	return nil
}

// minus subtracts v from u, refusing a difference USD cannot hold.
func (u USD) minus(v USD) (USD, error) {
	if v == math.MinInt64 {
		return 0, errTooLarge
	}
	return u.plus(-v)
}

// microsPerCent is a cent in USD's units.
const microsPerCent = microsPerDollar / 100

// cents rounds a non-negative u half up to the cent, as Dollars shows it.
func (u USD) cents() (USD, error) {
	if u > math.MaxInt64-microsPerCent/2 {
		return 0, errTooLarge
	}
	return (u + microsPerCent/2) / microsPerCent * microsPerCent, nil
}

// errTooLarge is returned when an amount would overflow USD.
var errTooLarge = errors.New("amount too large to compute")

// times multiplies u by n, refusing a product USD cannot hold.
func (u USD) times(n int64) (USD, error) {
	if n != 0 && (int64(u) > math.MaxInt64/n || int64(u) < math.MinInt64/n) {
		return 0, errTooLarge
	}
	return USD(int64(u) * n), nil
}

// plus adds v to u, refusing a sum USD cannot hold.
func (u USD) plus(v USD) (USD, error) {
	if (v > 0 && u > math.MaxInt64-v) || (v < 0 && u < math.MinInt64-v) {
		return 0, errTooLarge
	}
	return u + v, nil
}
