package aivensim

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// defaultsJSON is the default catalog, a SeedFile without projects: Google,
// AWS and Azure clouds, and the cassandra, pg and kafka service types with
// their plans. The Cassandra user-config schema is the last one Aiven
// published (go-api-schemas c460722), before Cassandra was retired.
//
//go:embed defaults.json
var defaultsJSON []byte

// Cloud is a cloud region in the API's shape (CloudOut).
type Cloud struct {
	CloudDescription    string  `json:"cloud_description"`
	CloudName           string  `json:"cloud_name"`
	GeoLatitude         float64 `json:"geo_latitude"`
	GeoLongitude        float64 `json:"geo_longitude"`
	GeoRegion           string  `json:"geo_region"`
	Provider            string  `json:"provider"`
	ProviderDescription string  `json:"provider_description"`
}

// Plan is a service plan: the fields of the API's ServicePlanOut and
// ProjectServicePlanSpecsGetOut that size a service.
type Plan struct {
	ServicePlan string `json:"service_plan"`
	NodeCount   int    `json:"node_count"`
	// DiskSpaceMB is the default disk of all nodes together, also the
	// minimum; disk grows in DiskSpaceStepMB steps up to DiskSpaceCapMB.
	DiskSpaceMB     int     `json:"disk_space_mb"`
	DiskSpaceCapMB  int     `json:"disk_space_cap_mb,omitempty"`
	DiskSpaceStepMB int     `json:"disk_space_step_mb,omitempty"`
	NodeCPUCount    int     `json:"node_cpu_count,omitempty"`
	NodeMemoryMB    float64 `json:"node_memory_mb,omitempty"`
	// PriceUSD and ExtraDiskPricePerGBUSD are the plan's list prices, USD
	// per hour and per hour and GiB of disk beyond DiskSpaceMB, as decimal
	// strings: what it costs in a reference region, from which every
	// cloud's price derives (see pricing.go). Empty: no price.
	PriceUSD               string `json:"sim_price_usd,omitempty"`
	ExtraDiskPricePerGBUSD string `json:"sim_extra_disk_price_per_gb_usd,omitempty"`
}

// ServiceTypeSeed describes one service type in a SeedFile, in the shape of
// the API's service type objects.
type ServiceTypeSeed struct {
	Description            string         `json:"description,omitempty"`
	DefaultVersion         string         `json:"default_version,omitempty"`
	LatestAvailableVersion string         `json:"latest_available_version,omitempty"`
	UserConfigSchema       map[string]any `json:"user_config_schema,omitempty"`
	ServicePlans           []Plan         `json:"service_plans,omitempty"`
}

type catalog struct {
	clouds []Cloud
	types  map[string]ServiceTypeSeed
	prices []PriceSeed // overrides of the derived prices, later entries first
}

func defaultCatalog() catalog {
	var f SeedFile
	if err := json.Unmarshal(defaultsJSON, &f); err != nil {
		panic(fmt.Sprintf("aivensim: embedded defaults.json: %v", err)) // caught by every test
	}
	return catalog{clouds: f.Clouds, types: f.ServiceTypes}
}

func (c *catalog) override(clouds []Cloud, types map[string]ServiceTypeSeed, prices []PriceSeed) {
	if len(clouds) > 0 {
		c.clouds = slices.Clone(clouds)
	}
	c.prices = append(c.prices, prices...)
	for name, t := range types {
		cur := c.types[name]
		if t.Description != "" {
			cur.Description = t.Description
		}
		if t.DefaultVersion != "" {
			cur.DefaultVersion = t.DefaultVersion
		}
		if t.LatestAvailableVersion != "" {
			cur.LatestAvailableVersion = t.LatestAvailableVersion
		}
		if t.UserConfigSchema != nil {
			cur.UserConfigSchema = t.UserConfigSchema
		}
		if len(t.ServicePlans) > 0 {
			cur.ServicePlans = slices.Clone(t.ServicePlans)
		}
		c.types[name] = cur
	}
}

func (c *catalog) seeds() map[string]ServiceTypeSeed { return maps.Clone(c.types) }

func (c *catalog) cloud(name string) (Cloud, bool) {
	i := slices.IndexFunc(c.clouds, func(cl Cloud) bool { return cl.CloudName == name })
	if i < 0 {
		return Cloud{}, false
	}
	return c.clouds[i], true
}

func (c *catalog) plan(typ, name string) (Plan, bool) {
	plans := c.types[typ].ServicePlans
	i := slices.IndexFunc(plans, func(p Plan) bool { return p.ServicePlan == name })
	if i < 0 {
		return Plan{}, false
	}
	return plans[i], true
}

// offered lists the service types a project can create, in name order.
func (c *catalog) offered(p *project) []string {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(c.types)) {
		if name != "cassandra" || p.cassandraOffered {
			names = append(names, name)
		}
	}
	return names
}
