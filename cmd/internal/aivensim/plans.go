package aivensim

import (
	"net/http"
	"slices"
)

// serviceTypeOut is ProjectServiceTypesGetOut; with plans it is also an
// entry of ListProjectServiceTypesOut (PGOut, KafkaOut, ... share a shape).
type serviceTypeOut struct {
	DefaultVersion         string         `json:"default_version,omitempty"`
	Description            string         `json:"description"`
	LatestAvailableVersion string         `json:"latest_available_version,omitempty"`
	ServicePlans           []planListOut  `json:"service_plans,omitempty"`
	UserConfigSchema       map[string]any `json:"user_config_schema"`
}

// planListOut is ServicePlanOut, an entry of ProjectServicePlanList: what a
// plan costs and sizes per cloud region sits in regions.
type planListOut struct {
	BackupConfig backupConfigOut      `json:"backup_config"`
	NodeCount    int                  `json:"node_count"`
	Regions      map[string]regionOut `json:"regions"`
	ServicePlan  string               `json:"service_plan"`
	ServiceType  string               `json:"service_type"`
}

// regionOut is one cloud of a plan's regions: its hourly price there and
// the sizes of a service on it.
type regionOut struct {
	DiskSpaceCapMB  int     `json:"disk_space_cap_mb"`
	DiskSpaceMB     int     `json:"disk_space_mb"`
	DiskSpaceStepMB int     `json:"disk_space_step_mb"`
	NodeCPUCount    int     `json:"node_cpu_count"`
	NodeMemoryMB    float64 `json:"node_memory_mb"`
	PriceUSD        string  `json:"price_usd"`
}

// planSpecsOut is ProjectServicePlanSpecsGetOut.
type planSpecsOut struct {
	BackupConfig    backupConfigOut `json:"backup_config"`
	DiskSpaceCapMB  int             `json:"disk_space_cap_mb"`
	DiskSpaceMB     int             `json:"disk_space_mb"`
	DiskSpaceStepMB int             `json:"disk_space_step_mb"`
	NodeCount       int             `json:"node_count"`
	ServicePlan     string          `json:"service_plan"`
	ServiceType     string          `json:"service_type"`
}

// backupConfigOut is BackupConfigOut, the same for every plan here.
type backupConfigOut struct {
	Interval     int    `json:"interval"`
	MaxCount     int    `json:"max_count"`
	RecoveryMode string `json:"recovery_mode"`
}

var backupConfig = backupConfigOut{Interval: int(backupInterval.Hours()), MaxCount: backupsKept, RecoveryMode: "basic"}

// planList renders a plan for project p, with a region for every cloud
// where it has a price, at that price.
func (s *Server) planList(p *project, typ string, pl Plan) planListOut {
	regions := map[string]regionOut{}
	for _, cl := range s.catalog.clouds {
		pr, ok := s.price(p, typ, pl, cl)
		if !ok {
			continue
		}
		regions[cl.CloudName] = regionOut{DiskSpaceMB: pl.DiskSpaceMB, DiskSpaceCapMB: max(pl.DiskSpaceCapMB, pl.DiskSpaceMB),
			DiskSpaceStepMB: pl.DiskSpaceStepMB, NodeCPUCount: pl.NodeCPUCount, NodeMemoryMB: pl.NodeMemoryMB,
			PriceUSD: pr.BasePriceUSD}
	}
	return planListOut{BackupConfig: backupConfig, NodeCount: pl.NodeCount, Regions: regions,
		ServicePlan: pl.ServicePlan, ServiceType: typ}
}

func (s *Server) typeOut(p *project, name string, withPlans bool) serviceTypeOut {
	t := s.catalog.types[name]
	out := serviceTypeOut{Description: t.Description, DefaultVersion: t.DefaultVersion,
		LatestAvailableVersion: t.LatestAvailableVersion, UserConfigSchema: orEmpty(t.UserConfigSchema)}
	if !withPlans {
		return out
	}
	out.ServicePlans = []planListOut{}
	for _, pl := range t.ServicePlans {
		out.ServicePlans = append(out.ServicePlans, s.planList(p, name, pl))
	}
	return out
}

// listServiceTypes answers ListProjectServiceTypes: {"service_types": {...}}
// with each type's plans, without a "cassandra" key when the project does
// not offer it.
func (s *Server) listServiceTypes(r *http.Request) (any, error) {
	types, err := s.serviceTypes(r, true)
	if err != nil {
		return nil, err
	}
	return map[string]any{"service_types": types}, nil
}

// listServiceTypesFlat answers ProjectServiceTypesList: the same map
// without the envelope and without plans.
func (s *Server) listServiceTypesFlat(r *http.Request) (any, error) {
	return s.serviceTypes(r, false)
}

func (s *Server) serviceTypes(r *http.Request, withPlans bool) (map[string]serviceTypeOut, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	types := map[string]serviceTypeOut{}
	for _, name := range s.catalog.offered(p) {
		types[name] = s.typeOut(p, name, withPlans)
	}
	return types, nil
}

// serviceType resolves {project} and {type}, a type the project offers.
func (s *Server) serviceType(r *http.Request) (*project, string, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, "", err
	}
	name := r.PathValue("type")
	if !slices.Contains(s.catalog.offered(p), name) {
		return nil, "", errorf(http.StatusNotFound, "service_type_not_found", "Service type %s not available", name)
	}
	return p, name, nil
}

// servicePlan resolves {project}, {type} and {plan}.
func (s *Server) servicePlan(r *http.Request) (*project, string, Plan, error) {
	p, typ, err := s.serviceType(r)
	if err != nil {
		return nil, "", Plan{}, err
	}
	pl, ok := s.catalog.plan(typ, r.PathValue("plan"))
	if !ok {
		return nil, "", Plan{}, errorf(http.StatusNotFound, "service_plan_not_found",
			"Service plan %s for service type %s does not exist", r.PathValue("plan"), typ)
	}
	return p, typ, pl, nil
}

func (s *Server) getServiceType(r *http.Request) (any, error) {
	p, name, err := s.serviceType(r)
	if err != nil {
		return nil, err
	}
	return s.typeOut(p, name, false), nil
}

func (s *Server) listPlans(r *http.Request) (any, error) {
	p, name, err := s.serviceType(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"service_plans": s.typeOut(p, name, true).ServicePlans}, nil
}

func (s *Server) getPlanSpecs(r *http.Request) (any, error) {
	_, typ, pl, err := s.servicePlan(r)
	if err != nil {
		return nil, err
	}
	return planSpecsOut{BackupConfig: backupConfig, DiskSpaceMB: pl.DiskSpaceMB,
		DiskSpaceCapMB: max(pl.DiskSpaceCapMB, pl.DiskSpaceMB), DiskSpaceStepMB: pl.DiskSpaceStepMB,
		NodeCount: pl.NodeCount, ServicePlan: pl.ServicePlan, ServiceType: typ}, nil
}
