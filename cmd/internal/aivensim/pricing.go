package aivensim

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Prices. What a plan costs in a cloud comes from, most specific first:
//
//  1. the project's "prices" entries of the seed, one naming the cloud, then
//     one for every cloud (no cloud_name);
//  2. the same at the seed's top level;
//  3. the plan's list prices (sim_price_usd, sim_extra_disk_price_per_gb_usd)
//     scaled to the cloud: ×1.04 on AWS and ×1.08 on Azure (Google is the
//     reference), then ×1.15 in southeast Asia, ×1.25 in Africa, ×1.10 in
//     any other geo_region but Europe and North America; base prices are
//     rounded to 4 decimals, disk prices to 6.
//
// Among entries of one rank the last wins. An entry with "sim_no_price":
// true takes the price away, and so does a plan without list prices: the
// price endpoint then answers 404, and the plan lists no region for the
// cloud. Prices are USD per hour, as decimal strings, as Aiven's API gives
// them (monthly is hourly × 730).

// PriceSeed sets the price of one plan in one cloud, or in every cloud when
// CloudName is empty, in a SeedFile or one of its projects.
type PriceSeed struct {
	// ServiceType defaults to cassandra.
	ServiceType string `json:"service_type,omitempty"`
	ServicePlan string `json:"service_plan"`
	CloudName   string `json:"cloud_name,omitempty"`
	// BasePriceUSD is the hourly price of the plan with its included disk;
	// ExtraDiskPricePerGBUSD the hourly price per GiB beyond it (optional).
	BasePriceUSD           string `json:"base_price_usd,omitempty"`
	ExtraDiskPricePerGBUSD string `json:"extra_disk_price_per_gb_usd,omitempty"`
	// NoPrice makes the plan unpriced in that cloud.
	NoPrice bool `json:"sim_no_price,omitempty"`
}

// priceOut is ProjectServicePlanPriceGetOut.
type priceOut struct {
	BasePriceUSD           string `json:"base_price_usd"`
	CloudName              string `json:"cloud_name"`
	ExtraDiskPricePerGBUSD string `json:"extra_disk_price_per_gb_usd,omitempty"`
	ServicePlan            string `json:"service_plan"`
	ServiceType            string `json:"service_type"`
}

// providerPercent and regionPercent scale list prices to a cloud; a
// provider or region not listed counts 100 and otherRegionPercent.
var (
	providerPercent    = map[string]int64{"google": 100, "aws": 104, "azure": 108}
	regionPercent      = map[string]int64{"europe": 100, "north america": 100, "southeast asia": 115, "africa": 125}
	otherRegionPercent = int64(110)
)

// factorsText says how list prices scale, for --help: "×1.04 on aws, ...".
func factorsText() string {
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(providerPercent)) {
		if pc := providerPercent[name]; pc != 100 {
			parts = append(parts, fmt.Sprintf("×%.2f on %s", float64(pc)/100, name))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(regionPercent)) {
		if pc := regionPercent[name]; pc != 100 {
			parts = append(parts, fmt.Sprintf("×%.2f in %s", float64(pc)/100, name))
		}
	}
	return strings.Join(append(parts, fmt.Sprintf("×%.2f in other regions", float64(otherRegionPercent)/100)), ", ")
}

// price resolves what plan pl of type typ costs in cloud cl for project p.
func (s *Server) price(p *project, typ string, pl Plan, cl Cloud) (priceOut, bool) {
	out := priceOut{CloudName: cl.CloudName, ServicePlan: pl.ServicePlan, ServiceType: typ}
	for _, entries := range [][]PriceSeed{p.prices, s.catalog.prices} {
		if e, ok := matchPrice(entries, typ, pl.ServicePlan, cl.CloudName); ok {
			out.BasePriceUSD, out.ExtraDiskPricePerGBUSD = e.BasePriceUSD, e.ExtraDiskPricePerGBUSD
			return out, !e.NoPrice
		}
	}
	base, ok := parseMicros(pl.PriceUSD)
	if !ok {
		return out, false
	}
	factor := regionalFactor(cl)
	out.BasePriceUSD = scaleMicros(base, factor, 4)
	if disk, ok := parseMicros(pl.ExtraDiskPricePerGBUSD); ok {
		out.ExtraDiskPricePerGBUSD = scaleMicros(disk, factor, 6)
	}
	return out, true
}

// matchPrice finds the entry for (typ, plan, cloud): the last naming the
// cloud, else the last for every cloud.
func matchPrice(entries []PriceSeed, typ, plan, cloud string) (PriceSeed, bool) {
	var everywhere *PriceSeed
	for i := len(entries) - 1; i >= 0; i-- {
		e := &entries[i]
		if cmp.Or(e.ServiceType, "cassandra") != typ || e.ServicePlan != plan {
			continue
		}
		if e.CloudName == cloud {
			return *e, true
		}
		if e.CloudName == "" && everywhere == nil {
			everywhere = e
		}
	}
	if everywhere == nil {
		return PriceSeed{}, false
	}
	return *everywhere, true
}

// regionalFactor is the cloud's price factor in hundredths of a percent.
func regionalFactor(cl Cloud) int64 {
	provider, ok := providerPercent[cl.Provider]
	if !ok {
		provider = 100
	}
	region, ok := regionPercent[cl.GeoRegion]
	if !ok {
		region = otherRegionPercent
	}
	return provider * region
}

func (s *Server) getPlanPrice(r *http.Request) (any, error) {
	p, typ, pl, err := s.servicePlan(r)
	if err != nil {
		return nil, err
	}
	name := r.PathValue("cloud")
	cl, ok := s.catalog.cloud(name)
	if !ok {
		return nil, errorf(http.StatusNotFound, "", "Cloud %s does not exist", name)
	}
	out, ok := s.price(p, typ, pl, cl)
	if !ok {
		return nil, errorf(http.StatusNotFound, "",
			"No price for service plan %s of service type %s in cloud %s", pl.ServicePlan, typ, name)
	}
	return out, nil
}

// decimalRE is a price as the seed may give it: a plain non-negative
// decimal with at most 6 decimals, such as 1.5620 or 0.000250.
var decimalRE = regexp.MustCompile(`^[0-9]{1,9}(\.[0-9]{1,6})?$`)

// parseMicros reads a decimal price in millionths of a dollar, exactly.
func parseMicros(s string) (int64, bool) {
	if !decimalRE.MatchString(s) {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
	return w*1_000_000 + f, true
}

// scaleMicros multiplies micros by factor (hundredths of a percent) and
// formats it with the given decimals (at most 6), rounding half up, in
// integers so that no float error creeps in.
func scaleMicros(micros, factor int64, decimals int) string {
	unit := int64(10_000) // factor's scale
	for range 6 - decimals {
		unit *= 10
	}
	v := (micros*factor + unit/2) / unit
	div := int64(1)
	for range decimals {
		div *= 10
	}
	if decimals == 0 {
		return strconv.FormatInt(v, 10)
	}
	return fmt.Sprintf("%d.%0*d", v/div, decimals, v%div)
}

// checkPrices validates the prices of a seed before any of it applies.
func checkPrices(f SeedFile) error {
	for name, t := range f.ServiceTypes {
		for _, pl := range t.ServicePlans {
			for field, v := range map[string]string{"sim_price_usd": pl.PriceUSD,
				"sim_extra_disk_price_per_gb_usd": pl.ExtraDiskPricePerGBUSD} {
				if v != "" && !decimalRE.MatchString(v) {
					return fmt.Errorf("service_types.%s plan %q: %s %q: %w", name, pl.ServicePlan, field, v, errDecimal)
				}
			}
		}
	}
	if err := checkPriceSeeds("prices", f.Prices); err != nil {
		return err
	}
	for _, p := range f.Projects {
		if err := checkPriceSeeds(fmt.Sprintf("project %q: prices", p.Project), p.Prices); err != nil {
			return err
		}
	}
	return nil
}

var errDecimal = errors.New("want a decimal with at most 6 decimals, such as 1.5620")

func checkPriceSeeds(where string, entries []PriceSeed) error {
	for i, e := range entries {
		switch {
		case e.ServicePlan == "":
			return fmt.Errorf("%s[%d]: service_plan is required", where, i)
		case e.NoPrice:
			continue
		case !decimalRE.MatchString(e.BasePriceUSD):
			return fmt.Errorf("%s[%d]: base_price_usd %q: %w", where, i, e.BasePriceUSD, errDecimal)
		case e.ExtraDiskPricePerGBUSD != "" && !decimalRE.MatchString(e.ExtraDiskPricePerGBUSD):
			return fmt.Errorf("%s[%d]: extra_disk_price_per_gb_usd %q: %w", where, i, e.ExtraDiskPricePerGBUSD, errDecimal)
		}
	}
	return nil
}
