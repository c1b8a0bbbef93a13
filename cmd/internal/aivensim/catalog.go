package aivensim

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
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
}

func defaultCatalog() catalog {
	var f SeedFile
	if err := json.Unmarshal(defaultsJSON, &f); err != nil {
		panic(fmt.Sprintf("aivensim: embedded defaults.json: %v", err)) // caught by every test
	}
	return catalog{clouds: f.Clouds, types: f.ServiceTypes}
}

func (c *catalog) override(clouds []Cloud, types map[string]ServiceTypeSeed) {
	if len(clouds) > 0 {
		c.clouds = slices.Clone(clouds)
	}
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

// serviceTypeOut is ProjectServiceTypesGetOut; with plans it is also an
// entry of ListProjectServiceTypesOut.
type serviceTypeOut struct {
	DefaultVersion         string         `json:"default_version,omitempty"`
	Description            string         `json:"description"`
	LatestAvailableVersion string         `json:"latest_available_version,omitempty"`
	ServicePlans           []planOut      `json:"service_plans,omitempty"`
	UserConfigSchema       map[string]any `json:"user_config_schema"`
}

// planOut is ServicePlanOut and ProjectServicePlanSpecsGetOut in one: the
// official client ignores the fields its struct lacks.
type planOut struct {
	Plan
	ServiceType  string         `json:"service_type"`
	BackupConfig map[string]any `json:"backup_config"`
	Regions      map[string]any `json:"regions,omitempty"`
}

func (c *catalog) planOut(typ string, p Plan) planOut {
	regions := map[string]any{}
	for _, cl := range c.clouds {
		regions[cl.CloudName] = map[string]any{
			"disk_space_mb": p.DiskSpaceMB, "disk_space_cap_mb": p.DiskSpaceCapMB,
			"disk_space_step_mb": p.DiskSpaceStepMB, "node_memory_mb": p.NodeMemoryMB,
			"price_usd": fmt.Sprintf("%.4f", float64(p.NodeCount)*p.NodeMemoryMB/1024*0.034),
		}
	}
	return planOut{Plan: p, ServiceType: typ, Regions: regions,
		BackupConfig: map[string]any{"interval": 24, "max_count": 2, "recovery_mode": "basic"}}
}

func (c *catalog) typeOut(name string, withPlans bool) serviceTypeOut {
	t := c.types[name]
	out := serviceTypeOut{Description: t.Description, DefaultVersion: t.DefaultVersion,
		LatestAvailableVersion: t.LatestAvailableVersion, UserConfigSchema: orEmpty(t.UserConfigSchema)}
	if !withPlans {
		return out
	}
	for _, p := range t.ServicePlans {
		out.ServicePlans = append(out.ServicePlans, c.planOut(name, p))
	}
	return out
}

// projectOut is the part of ProjectGetOut that describes where services go;
// billing fields are present but empty, as for a project without billing.
type projectOut struct {
	AccountID      string   `json:"account_id"`
	BillingEmails  []any    `json:"billing_emails"`
	DefaultCloud   string   `json:"default_cloud"`
	OrganizationID string   `json:"organization_id"`
	ProjectName    string   `json:"project_name"`
	TechEmails     []any    `json:"tech_emails"`
	Features       struct{} `json:"features"`
}

func (s *Server) projectOut(p *project) projectOut {
	return projectOut{AccountID: "a-aivensim", OrganizationID: "org-aivensim", ProjectName: p.name,
		DefaultCloud: p.defaultCloud, BillingEmails: []any{}, TechEmails: []any{}}
}

func (s *Server) getProject(r *http.Request) (any, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"project": s.projectOut(p)}, nil
}

// listProjects answers ProjectList with the projects the token may see.
func (s *Server) listProjects(*http.Request) (any, error) {
	out := []projectOut{}
	for _, name := range slices.Sorted(maps.Keys(s.projects)) {
		if p := s.projects[name]; !p.forbidden {
			out = append(out, s.projectOut(p))
		}
	}
	return map[string]any{"projects": out}, nil
}

func (s *Server) listClouds(*http.Request) (any, error) {
	return map[string]any{"clouds": s.catalog.clouds}, nil
}

func (s *Server) listProjectClouds(r *http.Request) (any, error) {
	if _, err := s.project(r); err != nil {
		return nil, err
	}
	return s.listClouds(r)
}

// listServiceTypes answers ListProjectServiceTypes: {"service_types": {...}},
// without a "cassandra" key when the project does not offer it.
func (s *Server) listServiceTypes(r *http.Request) (any, error) {
	types, err := s.listServiceTypesFlat(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"service_types": types}, nil
}

// listServiceTypesFlat answers ProjectServiceTypesList, the same map without
// the envelope.
func (s *Server) listServiceTypesFlat(r *http.Request) (any, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	types := map[string]serviceTypeOut{}
	for _, name := range s.catalog.offered(p) {
		types[name] = s.catalog.typeOut(name, true)
	}
	return types, nil
}

// serviceType resolves {type} to a type the project offers.
func (s *Server) serviceType(r *http.Request) (string, error) {
	p, err := s.project(r)
	if err != nil {
		return "", err
	}
	name := r.PathValue("type")
	if !slices.Contains(s.catalog.offered(p), name) {
		return "", errorf(http.StatusNotFound, "service_type_not_found", "Service type %s not available", name)
	}
	return name, nil
}

func (s *Server) getServiceType(r *http.Request) (any, error) {
	name, err := s.serviceType(r)
	if err != nil {
		return nil, err
	}
	return s.catalog.typeOut(name, false), nil
}

func (s *Server) listPlans(r *http.Request) (any, error) {
	name, err := s.serviceType(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"service_plans": s.catalog.typeOut(name, true).ServicePlans}, nil
}

func (s *Server) getPlanSpecs(r *http.Request) (any, error) {
	typ, err := s.serviceType(r)
	if err != nil {
		return nil, err
	}
	p, ok := s.catalog.plan(typ, r.PathValue("plan"))
	if !ok {
		return nil, errorf(http.StatusNotFound, "service_plan_not_found",
			"Service plan %s for service type %s does not exist", r.PathValue("plan"), typ)
	}
	out := s.catalog.planOut(typ, p)
	out.Regions = nil // the specs endpoint is per plan, not per region
	return out, nil
}

func (s *Server) listVPCs(r *http.Request) (any, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"vpcs": orEmptySlice(p.vpcs)}, nil
}

// orEmptySlice keeps JSON arrays from rendering as null.
func orEmptySlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
