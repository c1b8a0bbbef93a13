package aiven

import (
	"context"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/ccr-dev/ccr/plan"
)

// ReadProjects reads what ccr import needs of each project, in the order
// given: one ServiceList, whether the cassandra service type is offered, and
// the default disk of each plan its Cassandra services use (one read per
// distinct plan, never one per service); then, for the services that have
// replication integrations, each of their types' default version and the
// default disk of each of their plans (readGroupCatalog). Projects are read
// concurrently under the client's bound; the first failure cancels the rest
// and is explained as for ReadLive (refused token, unknown project, no
// access).
func (c *Client) ReadProjects(ctx context.Context, projects []string) ([]plan.ProjectState, error) {
	g, ctx := errgroup.WithContext(ctx)
	limit := make(chan struct{}, c.concurrency)
	out := make([]plan.ProjectState, len(projects))
	for i, name := range projects {
		r := &projectReader{c: c, project: name, limit: limit}
		g.Go(func() error {
			state, err := r.readForImport(ctx)
			if err == nil {
				err = r.readGroupCatalog(ctx, &state)
			}
			out[i] = state // each goroutine writes its own index
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// readForImport reads the services and the service type together, then the
// plans the services use: their names are known only after the list.
func (r *projectReader) readForImport(ctx context.Context) (plan.ProjectState, error) {
	state := plan.ProjectState{Name: r.project}
	cat := &state.Catalog
	g, gctx := errgroup.WithContext(ctx)
	r.run(gctx, g, func(ctx context.Context) (err error) {
		state.Services, err = r.c.ListServices(ctx, r.project)
		return r.explain(notFoundAsNoProject(err))
	})
	r.run(gctx, g, func(ctx context.Context) error {
		return r.explain(r.readServiceType(ctx, &sync.Mutex{}, cat, plan.CassandraType))
	})
	if err := g.Wait(); err != nil {
		return plan.ProjectState{}, err
	}
	if !cat.Offered(plan.CassandraType) {
		return state, nil // no plan of a type the project does not offer can be read
	}
	var mu sync.Mutex
	g, gctx = errgroup.WithContext(ctx)
	for _, name := range cassandraPlans(state.Services) {
		r.run(gctx, g, func(ctx context.Context) error {
			return r.explain(r.readPlanSpec(ctx, &mu, cat, planKey{plan.CassandraType, name}))
		})
	}
	if err := g.Wait(); err != nil {
		return plan.ProjectState{}, err
	}
	return state, nil
}

// cassandraPlans lists the distinct plans of the Cassandra services, sorted.
func cassandraPlans(services []plan.LiveService) []string {
	var names []string
	for _, s := range services {
		if s.Type == plan.CassandraType && s.Plan != "" {
			names = append(names, s.Plan)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// readGroupCatalog reads what import compares the services of replica
// groups with: for each type of a service that has a replication
// integration, whether the project offers it and its default version, and
// for each plan of those services its default disk, one read per distinct
// type and plan. Services without such a link are not declared, so
// nothing is read for them.
func (r *projectReader) readGroupCatalog(ctx context.Context, state *plan.ProjectState) error {
	types, plans := linkedTypesAndPlans(state.Services)
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	for _, typ := range types {
		r.run(gctx, g, func(ctx context.Context) error { return r.explain(r.readServiceType(ctx, &mu, &state.Catalog, typ)) })
	}
	for _, k := range plans {
		r.run(gctx, g, func(ctx context.Context) error { return r.explain(r.readPlanSpec(ctx, &mu, &state.Catalog, k)) })
	}
	return g.Wait()
}

// linkedTypesAndPlans lists, sorted and once each, the types and the
// (type, plan) of the services that have a replication integration.
func linkedTypesAndPlans(services []plan.LiveService) ([]string, []planKey) {
	var types []string
	var plans []planKey
	for _, s := range services {
		if s.Type == plan.CassandraType || len(s.Integrations) == 0 {
			continue
		}
		types = append(types, s.Type)
		if s.Plan != "" {
			plans = append(plans, planKey{Type: s.Type, Plan: s.Plan})
		}
	}
	slices.Sort(types)
	slices.SortFunc(plans, func(a, b planKey) int { return strings.Compare(a.Type+" "+a.Plan, b.Type+" "+b.Plan) })
	return slices.Compact(types), slices.Compact(plans)
}
