package plan

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"
)

func TestParseUSD(t *testing.T) {
	valid := map[string]USD{
		"0": 0, "2500": 2_500_000_000, "1.5620": 1_562_000, "0.000250": 250, "1234.56": 1_234_560_000,
		"0.000001": 1, "7.10000000": 7_100_000, "007": 7_000_000, "999999999999.999999": 999_999_999_999_999_999,
	}
	for in, want := range valid {
		got, err := ParseUSD(in)
		if err != nil || got != want {
			t.Errorf("ParseUSD(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", ".5", "5.", "-1", "+1", "1e3", "1,000", "1_000", "$5", " 5", "0x10",
		"1.0000001", "1000000000000", "NaN", "١"} {
		if got, err := ParseUSD(in); !errors.Is(err, errDecimal) {
			t.Errorf("ParseUSD(%q) = %d, %v; want an errDecimal", in, got, err)
		}
	}
}

func TestUSDForms(t *testing.T) {
	cases := []struct {
		in                     USD
		exact, dollars, spaced string
	}{
		{0, "0.00", "$0.00", "$0.00"},
		{1_140_260_000, "1140.26", "$1,140.26", "$1,140.26"},
		{1_185_885_000, "1185.885", "$1,185.89", "$1,185.885"},
		{1_185_884_999, "1185.884999", "$1,185.88", "$1,185.884999"},
		{250, "0.00025", "$0.00", "$0.00025"},
		{5_000, "0.005", "$0.01", "$0.005"},
		{1_234_567_890_120_000, "1234567890.12", "$1,234,567,890.12", "$1,234,567,890.12"},
	}
	for _, c := range cases {
		if got := c.in.String(); got != c.exact {
			t.Errorf("%d.String() = %q, want %q", c.in, got, c.exact)
		}
		if got := c.in.Dollars(); got != c.dollars {
			t.Errorf("%d.Dollars() = %q, want %q", c.in, got, c.dollars)
		}
		if got := c.in.Exact(); got != c.spaced {
			t.Errorf("%d.Exact() = %q, want %q", c.in, got, c.spaced)
		}
		back, err := ParseUSD(c.exact)
		if err != nil || back != c.in {
			t.Errorf("ParseUSD(%q) = %d, %v; want %d back", c.exact, back, err, c.in)
		}
	}
}

func TestUSDJSON(t *testing.T) {
	data, err := json.Marshal(struct{ A USD }{1_185_885_000})
	if err != nil || string(data) != `{"A":"1185.885"}` {
		t.Fatalf("marshal = %s, %v", data, err)
	}
	var v struct{ A USD }
	if err := json.Unmarshal(data, &v); err != nil || v.A != 1_185_885_000 {
		t.Errorf("unmarshal = %d, %v", v.A, err)
	}
	saving, err := json.Marshal(struct{ A USD }{-120_500_000})
	if err != nil || string(saving) != `{"A":"-120.50"}` {
		t.Fatalf("marshal a saving = %s, %v", saving, err)
	}
	if err := json.Unmarshal(saving, &v); err != nil || v.A != -120_500_000 || v.A.Dollars() != "-$120.50" {
		t.Errorf("unmarshal a saving = %d (%s), %v", v.A, v.A.Dollars(), err)
	}
	for _, bad := range []string{`{"A":1185.885}`, `{"A":"1e3"}`, `{"A":"--1"}`, `{"A":"-"}`, `{"A":"+1"}`} {
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("unmarshal %s succeeded", bad)
		}
	}
}

func TestUSDArithmeticRefusesOverflow(t *testing.T) {
	big := USD(math.MaxInt64 / 100)
	if _, err := big.times(730); !errors.Is(err, errTooLarge) {
		t.Errorf("times overflow: %v", err)
	}
	if _, err := big.plus(USD(math.MaxInt64)); !errors.Is(err, errTooLarge) {
		t.Errorf("plus overflow: %v", err)
	}
	if got, err := USD(1_562_000).times(HoursPerMonth); err != nil || got != 1_140_260_000 {
		t.Errorf("1.562 × 730 = %s, %v; want 1140.26", got, err)
	}
}

// TestUSDJSONHasTheSchemasFormat: every amount USD writes to JSON has the
// one format plan.schema.json documents for $defs/usd (and the result's
// schema shares), and reads back as itself; cents rounds half up.
func TestUSDJSONHasTheSchemasFormat(t *testing.T) {
	var schema struct {
		Defs struct {
			USD struct{ Pattern string } `json:"usd"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(JSONSchema(), &schema); err != nil {
		t.Fatal(err)
	}
	pattern := regexp.MustCompile(schema.Defs.USD.Pattern)
	rng := rand.New(rand.NewPCG(1, 2))
	values := []USD{0, 1, 10, 100_000, 1_000_000, 1_185_885_000, 999_999_999_999_999_999}
	for range 2000 {
		values = append(values, USD(rng.Int64N(1e15)), USD(rng.Int64N(1e6)), USD(rng.Int64N(1e4)*10_000))
	}
	for _, v := range values {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		s, err := strconv.Unquote(string(data))
		if err != nil || !pattern.MatchString(s) {
			t.Fatalf("%d is written %s, outside the schema's pattern %s", v, data, pattern)
		}
		var back USD
		if err := json.Unmarshal(data, &back); err != nil || back != v {
			t.Fatalf("%s reads back as %d, %v", data, back, err)
		}
	}
	for in, want := range map[USD]USD{1_185_885_000: 1_185_890_000, 1_185_884_999: 1_185_880_000, 4_999: 0, 5_000: 10_000} {
		if got, err := in.cents(); err != nil || got != want {
			t.Errorf("(%d).cents() = %d, %v; want %d", in, got, err, want)
		}
	}
}
