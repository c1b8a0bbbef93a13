package aiven

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	aivenclient "github.com/aiven/go-client-codegen"
	"github.com/aiven/go-client-codegen/handler/cloud"
	"github.com/aiven/go-client-codegen/handler/project"
	"github.com/aiven/go-client-codegen/handler/vpc"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// errNoProject marks a 404 on the project's service list.
var errNoProject = errors.New("project not found")

// readServiceType records whether the project offers service type typ, and
// the major versions a new service of it may ask for with the default. A
// 404 means it does not offer it, which is what Aiven answers for cassandra
// since it retired Cassandra.
func (r *projectReader) readServiceType(ctx context.Context, mu *sync.Mutex, cat *plan.Catalog, typ string) error {
	var out *project.ProjectServiceTypesGetOut
	err := r.c.do(ctx, func(ctx context.Context) (err error) {
		out, err = r.c.api.ProjectServiceTypesGet(ctx, r.project, typ)
		return err
	})
	if err != nil && !aivenclient.IsNotFound(err) {
		return fmt.Errorf("read service type %s in project %q: %w", typ, r.project, err)
	}
	mu.Lock()
	defer mu.Unlock()
	updateType(cat, typ, func(tc *plan.TypeCatalog) {
		tc.Offered = err == nil
		if err == nil {
			tc.Versions, tc.DefaultVersion = versions(typ, out)
		}
	})
	return nil
}

// versions reads the major versions a new service of typ may ask for: the
// enum of its version key in the type's user_config schema, and the
// default (default_version, else the key's default). Cassandra's are not
// read: a pair never asks for a version.
func versions(typ string, out *project.ProjectServiceTypesGetOut) ([]string, string) {
	st, ok := schema.LookupType(typ)
	if !ok || typ == plan.CassandraType {
		return nil, ""
	}
	props, _ := out.UserConfigSchema["properties"].(map[string]any)
	key, _ := props[st.VersionKey].(map[string]any)
	enum, _ := key["enum"].([]any)
	var list []string
	for _, v := range enum {
		if s, ok := v.(string); ok && s != "" {
			list = append(list, s)
		}
	}
	def, _ := key["default"].(string)
	if out.DefaultVersion != nil && *out.DefaultVersion != "" {
		def = *out.DefaultVersion
	}
	return list, def
}

// updateType changes the catalog of one service type; the caller holds the
// catalog's lock.
func updateType(cat *plan.Catalog, typ string, change func(*plan.TypeCatalog)) {
	if cat.Types == nil {
		cat.Types = map[string]plan.TypeCatalog{}
	}
	tc := cat.Types[typ]
	change(&tc)
	cat.Types[typ] = tc
}

func (r *projectReader) readClouds(ctx context.Context, cat *plan.Catalog) error {
	var clouds []cloud.CloudOut
	err := r.c.do(ctx, func(ctx context.Context) (err error) {
		clouds, err = r.c.api.ListProjectClouds(ctx, r.project)
		return err
	})
	if err != nil {
		return fmt.Errorf("list clouds of project %q: %w", r.project, err)
	}
	cat.Clouds = make(map[string]bool, len(clouds))
	for _, cl := range clouds {
		cat.Clouds[cl.CloudName] = true
	}
	return nil
}

// readPlanList records every plan of a service type with its node count,
// and with memory the node memory its regions give (read for the types of
// replica groups, whose plan rules compare sizes); the disk bounds of the
// plans in use come from readPlanSpec.
func (r *projectReader) readPlanList(ctx context.Context, mu *sync.Mutex, cat *plan.Catalog, typ string, memory bool) error {
	var plans []project.ServicePlanOut
	err := r.c.do(ctx, func(ctx context.Context) (err error) {
		plans, err = r.c.api.ProjectServicePlanList(ctx, r.project, typ)
		return err
	})
	if aivenclient.IsNotFound(err) {
		return nil // the type is not offered; readServiceType reports it
	}
	if err != nil {
		return fmt.Errorf("list %s plans of project %q: %w", typ, r.project, err)
	}
	mu.Lock()
	defer mu.Unlock()
	updateType(cat, typ, func(tc *plan.TypeCatalog) {
		if tc.Plans == nil {
			tc.Plans = make(map[string]plan.PlanSpec, len(plans))
		}
		for _, p := range plans {
			spec := tc.Plans[p.ServicePlan]
			if p.NodeCount != nil {
				spec.NodeCount = *p.NodeCount
			}
			if memory {
				spec.NodeMemoryMB = nodeMemory(p.Regions)
			}
			tc.Plans[p.ServicePlan] = spec
		}
	})
	return nil
}

// nodeMemory is the node memory a plan's regions give, the same in every
// cloud: the first region's in name order that gives one, 0 when none does.
func nodeMemory(regions map[string]any) int {
	clouds := make([]string, 0, len(regions))
	for cloud := range regions {
		clouds = append(clouds, cloud)
	}
	slices.Sort(clouds)
	for _, cloud := range clouds {
		region, _ := regions[cloud].(map[string]any)
		if mb, ok := region["node_memory_mb"].(float64); ok && mb > 0 {
			return int(mb)
		}
	}
	return 0
}

// readPlanSpec reads one plan's disk bounds. An unknown plan is left out of
// the catalog so that preflight reports it.
func (r *projectReader) readPlanSpec(ctx context.Context, mu *sync.Mutex, cat *plan.Catalog, k planKey) error {
	var out *project.ProjectServicePlanSpecsGetOut
	err := r.c.do(ctx, func(ctx context.Context) (err error) {
		out, err = r.c.api.ProjectServicePlanSpecsGet(ctx, r.project, k.Type, k.Plan)
		return err
	})
	if aivenclient.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s plan %q of project %q: %w", k.Type, k.Plan, r.project, err)
	}
	spec := plan.PlanSpec{NodeCount: out.NodeCount, DiskSpaceMB: out.DiskSpaceMb}
	if out.DiskSpaceCapMb != nil {
		spec.DiskSpaceCapMB = *out.DiskSpaceCapMb
	}
	if out.DiskSpaceStepMb != nil {
		spec.DiskSpaceStepMB = *out.DiskSpaceStepMb
	}
	mu.Lock()
	defer mu.Unlock()
	updateType(cat, k.Type, func(tc *plan.TypeCatalog) {
		if tc.Plans == nil {
			tc.Plans = map[string]plan.PlanSpec{}
		}
		// The plan list may have given the node memory.
		spec.NodeMemoryMB = tc.Plans[k.Plan].NodeMemoryMB
		tc.Plans[k.Plan] = spec
	})
	return nil
}

// readPrice reads what a Cassandra plan costs in a cloud. A 404 (Aiven has
// no price for the plan there, or no such plan or cloud) is no error: the
// price is recorded as unknown and the plan says so. So is a price that is
// not an exact decimal: ccr shows no cost rather than a rounded one.
func (r *projectReader) readPrice(ctx context.Context, mu *sync.Mutex, cat *plan.Catalog, key plan.PriceKey) error {
	var out *project.ProjectServicePlanPriceGetOut
	err := r.c.do(ctx, func(ctx context.Context) (err error) {
		out, err = r.c.api.ProjectServicePlanPriceGet(ctx, r.project, key.Type, key.Plan, key.Cloud)
		return err
	})
	var price plan.Price
	switch {
	case aivenclient.IsNotFound(err):
		price.Unknown = fmt.Sprintf("Aiven has no price for %s in %s", key.Plan, key.Cloud)
	case err != nil:
		return fmt.Errorf("read price of plan %q in cloud %q of project %q: %w", key.Plan, key.Cloud, r.project, err)
	default:
		price = toPrice(out, key)
	}
	mu.Lock()
	defer mu.Unlock()
	cat.Prices[key] = price
	return nil
}

// toPrice reads the API's decimal strings exactly.
func toPrice(out *project.ProjectServicePlanPriceGetOut, key plan.PriceKey) plan.Price {
	base, err := plan.ParseUSD(out.BasePriceUsd)
	if err != nil {
		return plan.Price{Unknown: fmt.Sprintf("Aiven's price for %s in %s is not an exact amount: %v", key.Plan, key.Cloud, err)}
	}
	price := plan.Price{BaseHourly: base}
	if out.ExtraDiskPricePerGbUsd != nil && *out.ExtraDiskPricePerGbUsd != "" {
		disk, err := plan.ParseUSD(*out.ExtraDiskPricePerGbUsd)
		if err != nil {
			return plan.Price{Unknown: fmt.Sprintf("Aiven's extra disk price for %s in %s is not an exact amount: %v", key.Plan, key.Cloud, err)}
		}
		price.ExtraDiskHourlyPerGiB = &disk
	}
	return price
}

func (r *projectReader) readVPCs(ctx context.Context, cat *plan.Catalog) error {
	var vpcs []vpc.VpcOut
	err := r.c.do(ctx, func(ctx context.Context) (err error) {
		vpcs, err = r.c.api.VpcList(ctx, r.project)
		return err
	})
	if err != nil {
		return fmt.Errorf("list VPCs of project %q: %w", r.project, err)
	}
	cat.VPCs = make(map[string]plan.VPC, len(vpcs))
	for _, v := range vpcs {
		cat.VPCs[v.ProjectVpcId] = plan.VPC{ID: v.ProjectVpcId, Cloud: v.CloudName, State: string(v.State)}
	}
	return nil
}

// notFoundAsNoProject lets explain recognise a missing project: a 404 on a
// project-level list (services, clouds, VPCs) can only mean the project.
func notFoundAsNoProject(err error) error {
	if errors.Is(err, apply.ErrNotFound) {
		return errors.Join(errNoProject, err)
	}
	return err
}
