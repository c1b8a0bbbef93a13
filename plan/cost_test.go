package plan

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/schema"
)

// pricedCatalog is testCatalog with Aiven's prices for business-8 and
// startup-4: 1.5620 and 0.4110 per hour in Belgium, ×1.04 on AWS, 0.000250
// per extra GiB (0.000260 on AWS). business-16 has no price in AWS.
func pricedCatalog() Catalog {
	c := testCatalog()
	c.Prices = map[PriceKey]Price{
		{Type: CassandraType, Plan: "business-8", Cloud: euCloud}:  testPrice("1.5620", "0.000250"),
		{Type: CassandraType, Plan: "business-8", Cloud: usCloud}:  testPrice("1.6245", "0.000260"),
		{Type: CassandraType, Plan: "startup-4", Cloud: euCloud}:   testPrice("0.4110", "0.000250"),
		{Type: CassandraType, Plan: "startup-4", Cloud: usCloud}:   testPrice("0.4274", "0.000260"),
		{Type: CassandraType, Plan: "business-16", Cloud: euCloud}: testPrice("3.1230", ""),
		{Type: CassandraType, Plan: "business-16", Cloud: usCloud}: {Unknown: "Aiven has no price for business-16 in aws-us-east-1"},
	}
	return c
}

func testPrice(base, disk string) Price {
	p := Price{BaseHourly: mustUSD(base)}
	if disk != "" {
		d := mustUSD(disk)
		p.ExtraDiskHourlyPerGiB = &d
	}
	return p
}

func mustUSD(s string) USD {
	v, err := ParseUSD(s)
	if err != nil {
		panic(err)
	}
	return v
}

func pricedLive(services ...LiveService) Live {
	live := testLive(services...)
	ps := live.Projects["acme-prod"]
	ps.Catalog = pricedCatalog()
	live.Projects["acme-prod"] = ps
	return live
}

// costView is a ChangeCost as "service action monthly extra-GiB" or
// "service action unknown: why".
func costView(cs []ChangeCost) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		if c.Monthly == nil {
			out[i] = c.Service + " " + string(c.Action) + " unknown: " + c.Unknown
			continue
		}
		out[i] = c.Service + " " + string(c.Action) + " " + c.Monthly.String() + " +" + strconv.Itoa(c.ExtraDiskGiB) + "GiB"
	}
	return out
}

func usdPtr(s string) *USD {
	v := mustUSD(s)
	return &v
}

func TestCost(t *testing.T) {
	withDisk := func(mb int) func(*schema.Pair) { return func(p *schema.Pair) { p.DiskSpaceMB = mb } }
	cases := []struct {
		name    string
		edit    func(*schema.Pair)
		live    []LiveService
		changes []string
		tally   Tally
	}{
		{
			name: "new pair on the plan's disk: base × 730",
			changes: []string{
				"orders-eu create 1140.26 +0GiB", // 1.5620 × 730
				"orders-us create 1185.89 +0GiB", // 1.6245 × 730 = 1185.885, to the cent
			},
			tally: Tally{MonthlyIncrease: usdPtr("2326.15"), KnownMonthlyIncrease: mustUSD("2326.15"), CurrentMonthly: usdPtr("0")},
		},
		{
			// 660000 − 600000 MiB = 58.59 GiB, counted as 59.
			name: "new pair with extra disk: each started GiB priced",
			edit: withDisk(660000),
			changes: []string{
				"orders-eu create 1151.03 +59GiB", // (1.5620 + 59 × 0.000250) × 730 = 1151.0275
				"orders-us create 1197.08 +59GiB", // (1.6245 + 59 × 0.000260) × 730 = 1197.0832
			},
			tally: Tally{MonthlyIncrease: usdPtr("2348.11"), KnownMonthlyIncrease: mustUSD("2348.11"), CurrentMonthly: usdPtr("0")},
		},
		{
			// The joiner inherits business-8 and 614336 MiB: exactly 14 GiB more.
			name: "join inheriting plan and disk: the existing service's current price for context",
			edit: func(p *schema.Pair) { p.Plan = "" },
			live: []LiveService{running("orders-eu", euCloud, "business-8", 614336)},
			changes: []string{
				"orders-eu no-op 1142.82 +14GiB",  // (1.5620 + 14 × 0.000250) × 730 = 1142.815
				"orders-us create 1188.54 +14GiB", // (1.6245 + 14 × 0.000260) × 730 = 1188.5422
			},
			tally: Tally{MonthlyIncrease: usdPtr("1188.54"), KnownMonthlyIncrease: mustUSD("1188.54"), CurrentMonthly: usdPtr("1142.82")},
		},
		{
			name: "no price in one cloud: that create is unknown, the rest is shown",
			edit: func(p *schema.Pair) { p.Plan = "business-16" },
			changes: []string{
				"orders-eu create 2279.79 +0GiB",
				"orders-us create unknown: Aiven has no price for business-16 in aws-us-east-1",
			},
			tally: Tally{KnownMonthlyIncrease: mustUSD("2279.79"), Unpriced: 1, CurrentMonthly: usdPtr("0")},
		},
		{
			name: "extra disk without an extra disk price is unknown, not free",
			edit: func(p *schema.Pair) { p.Plan, p.DiskSpaceMB = "business-16", 1260000 },
			changes: []string{
				"orders-eu create unknown: no price for extra disk of business-16 in google-europe-west1",
				"orders-us create unknown: Aiven has no price for business-16 in aws-us-east-1",
			},
			tally: Tally{Unpriced: 2, CurrentMonthly: usdPtr("0")},
		},
		{
			name: "paired and unchanged: no increase, the current price of both",
			live: []LiveService{named(running("orders-eu", euCloud, "business-8", 600000)),
				joined(running("orders-us", usCloud, "business-8", 600000), "orders-eu")},
			changes: []string{"orders-eu no-op 1140.26 +0GiB", "orders-us no-op 1185.89 +0GiB"},
			tally:   Tally{MonthlyIncrease: usdPtr("0"), CurrentMonthly: usdPtr("2326.15")},
		},
		{
			// orders-eu runs business-16, the file says business-8: a conflict.
			name:    "a blocked create is not priced, the existing service is",
			live:    []LiveService{running("orders-eu", euCloud, "business-16", 1200000)},
			changes: []string{"orders-eu blocked 2279.79 +0GiB"},
			tally:   Tally{MonthlyIncrease: usdPtr("0"), CurrentMonthly: usdPtr("2279.79")},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pair := testPair()
			pair.Keyspaces = nil
			if c.edit != nil {
				c.edit(&pair)
			}
			p := Compute(testSpec(pair), pricedLive(c.live...))
			equal(t, "cost changes", costView(p.Cost.Changes), c.changes)
			if got := p.Cost.Tally; !equalTally(got, c.tally) {
				t.Errorf("tally = %s, want %s", tallyText(got), tallyText(c.tally))
			}
			if len(p.Cost.Projects) != 1 || !equalTally(p.Cost.Projects[0].Tally, c.tally) {
				t.Errorf("projects = %+v, want acme-prod with the plan's tally", p.Cost.Projects)
			}
		})
	}
}

func equalTally(a, b Tally) bool { return tallyText(a) == tallyText(b) }

func tallyText(t Tally) string {
	s := func(u *USD) string {
		if u == nil {
			return "null"
		}
		return u.String()
	}
	return "increase " + s(t.MonthlyIncrease) + " known " + t.KnownMonthlyIncrease.String() +
		" unpriced " + strconv.Itoa(t.Unpriced) + " current " + s(t.CurrentMonthly)
}

// TestCostUnitPrices lists each price used once, sorted, with unknown ones
// saying why.
func TestCostUnitPrices(t *testing.T) {
	second := testPair()
	second.Services = [2]schema.Service{testService("billing-eu", euCloud, 20), testService("billing-us", usCloud, 23)}
	second.Plan = "business-16"
	p := Compute(testSpec(testPair(), second), pricedLive())
	var got []string
	for _, u := range p.Cost.Prices {
		line := u.Project + " " + u.Plan + " " + u.Cloud
		switch {
		case u.Unknown != "":
			line += " unknown: " + u.Unknown
		case u.ExtraDiskHourlyPerGiB == nil:
			line += " " + u.BaseHourly.String() + " no disk price"
		default:
			line += " " + u.BaseHourly.String() + " " + u.ExtraDiskHourlyPerGiB.String()
		}
		got = append(got, line)
	}
	equal(t, "unit prices", got, []string{
		"acme-prod business-16 aws-us-east-1 unknown: Aiven has no price for business-16 in aws-us-east-1",
		"acme-prod business-16 google-europe-west1 3.123 no disk price",
		"acme-prod business-8 aws-us-east-1 1.6245 0.00026",
		"acme-prod business-8 google-europe-west1 1.562 0.00025",
	})
}

// TestCostWithoutPrices: a catalog whose prices were not read gives every
// create an unknown price, never zero.
func TestCostWithoutPrices(t *testing.T) {
	p := Compute(testSpec(testPair()), testLive())
	for _, c := range p.Cost.Changes {
		if c.Monthly != nil || !strings.Contains(c.Unknown, "were not read") {
			t.Errorf("%s: monthly %v, unknown %q; want unknown, not read", c.Service, c.Monthly, c.Unknown)
		}
	}
	if p.Cost.MonthlyIncrease != nil || p.Cost.Unpriced != 2 {
		t.Errorf("increase %v with %d unpriced, want null and 2", p.Cost.MonthlyIncrease, p.Cost.Unpriced)
	}
}

// TestCostPerProject sums each project apart and the plan in total.
func TestCostPerProject(t *testing.T) {
	spec := testSpec(testPair())
	dev := testPair()
	dev.Plan = "startup-4"
	spec.Projects = append(spec.Projects, schema.Project{Name: "acme-dev", Pairs: []schema.Pair{dev}, Pos: schema.Pos{Line: 20, Col: 5}})
	live := pricedLive()
	live.Projects["acme-dev"] = ProjectState{Name: "acme-dev", Catalog: pricedCatalog()}
	p := Compute(spec, live)
	var got []string
	for _, pc := range p.Cost.Projects {
		got = append(got, pc.Project+" "+pc.MonthlyIncrease.String())
	}
	// startup-4: 0.4110 × 730 = 300.03 and 0.4274 × 730 = 312.002 → 312.00.
	equal(t, "projects", got, []string{"acme-prod 2326.15", "acme-dev 612.03"})
	if got := p.Cost.MonthlyIncrease.String(); got != "2938.18" {
		t.Errorf("total = %s, want 2938.18", got)
	}
}

// TestFingerprintTracksPricesUsed: the cost a reviewer saw depends on the
// prices of the plans and clouds the pair uses, and on nothing else.
func TestFingerprintTracksPricesUsed(t *testing.T) {
	spec := testSpec(testPair())
	base := Compute(spec, pricedLive())
	cases := []struct {
		name    string
		edit    func(prices map[PriceKey]Price)
		reasons []string
	}{
		{name: "unused price changes", edit: func(m map[PriceKey]Price) {
			m[PriceKey{Type: CassandraType, Plan: "startup-4", Cloud: usCloud}] = testPrice("9", "")
		}},
		{name: "used base price changes", edit: func(m map[PriceKey]Price) {
			m[PriceKey{Type: CassandraType, Plan: "business-8", Cloud: usCloud}] = testPrice("1.7", "0.00026")
		},
			reasons: []string{"acme-prod: price business-8 in aws-us-east-1 changed base_hourly 1.6245 → 1.70"}},
		{name: "used price disappears", edit: func(m map[PriceKey]Price) {
			m[PriceKey{Type: CassandraType, Plan: "business-8", Cloud: euCloud}] = Price{Unknown: "gone"}
		},
			reasons: []string{
				"acme-prod: price business-8 in google-europe-west1 changed base_hourly 1.562 → (none)",
				"acme-prod: price business-8 in google-europe-west1 changed extra_disk_hourly_per_gib 0.00025 → (none)",
				"acme-prod: price business-8 in google-europe-west1 changed priced true → false",
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			live := pricedLive()
			tc.edit(live.Projects["acme-prod"].Catalog.Prices)
			equal(t, "stale reasons", StaleReasons(base, Compute(spec, live)), tc.reasons)
		})
	}
}

// TestEncodeDecodeCost: the cost survives a save and a load exactly, budgets
// included.
func TestEncodeDecodeCost(t *testing.T) {
	spec := testSpec(testPair())
	spec.Projects[0].Budget = &schema.Budget{MaxMonthlyIncreaseUSD: "2000", Pos: schema.Pos{Line: 4, Col: 39}}
	p := ComputeWith(spec, pricedLive(), Options{MaxMonthlyIncrease: usdPtr("3000")})
	data, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if !reflect.DeepEqual(got.Cost, p.Cost) {
		t.Errorf("cost after a round trip:\n got  %+v\n want %+v", got.Cost, p.Cost)
	}
	for _, want := range []string{`"monthly_increase": "2326.15"`, `"currency": "USD"`, `"hours_per_month": 730`,
		`"base_hourly": "1.6245"`, `"status": "over"`, `"source": "--max-monthly-increase"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("encoded plan lacks %s", want)
		}
	}
}

// TestMonthlyAmountsInJSONAreWholeCents: every monthly amount of a plan's
// JSON has exactly two decimals, the format plan.schema.json documents for
// them, whatever sub-cent digits the hourly prices have (1.6245 × 730 =
// 1185.885); only hourly prices keep theirs.
func TestMonthlyAmountsInJSONAreWholeCents(t *testing.T) {
	// orders-eu exists: (1.5620 + 14 × 0.000250) × 730 = 1142.815 now; its
	// joiner inherits plan and disk: (1.6245 + 14 × 0.000260) × 730 =
	// 1188.5422.
	pair := testPair()
	pair.Plan = ""
	p := Compute(testSpec(pair), pricedLive(running("orders-eu", euCloud, "business-8", 614336)))
	data, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cost struct {
			MonthlyIncrease      *string `json:"monthly_increase"`
			KnownMonthlyIncrease string  `json:"known_monthly_increase"`
			CurrentMonthly       *string `json:"current_monthly"`
			Projects             []struct {
				MonthlyIncrease *string `json:"monthly_increase"`
			} `json:"projects"`
			Changes []struct {
				Service string  `json:"service"`
				Monthly *string `json:"monthly"`
			} `json:"changes"`
		} `json:"cost"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	amounts := map[string]*string{"monthly_increase": doc.Cost.MonthlyIncrease,
		"known_monthly_increase": &doc.Cost.KnownMonthlyIncrease, "current_monthly": doc.Cost.CurrentMonthly}
	for _, pc := range doc.Cost.Projects {
		amounts["projects[].monthly_increase"] = pc.MonthlyIncrease
	}
	for _, c := range doc.Cost.Changes {
		amounts["changes["+c.Service+"].monthly"] = c.Monthly
	}
	cents := regexp.MustCompile(`^(0|[1-9][0-9]*)\.[0-9]{2}$`)
	for name, v := range amounts {
		if v == nil || !cents.MatchString(*v) {
			t.Errorf("%s = %v, want whole cents such as \"1151.03\"", name, deref(v))
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}
