package aiven

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// ReadLive reads every project the spec names: one ServiceList per project
// plus the catalog facts preflight checks (service type, clouds, plans, VPCs)
// and the prices the plan's cost needs, all requests issued concurrently
// under the client's concurrency bound. There are no per-service calls:
// prices are read once per distinct (plan, cloud) of a project. The first
// failure cancels the rest, so a bad token yields one error, not one per
// project.
func (c *Client) ReadLive(ctx context.Context, spec *schema.Spec) (plan.Live, error) {
	g, ctx := errgroup.WithContext(ctx)
	limit := make(chan struct{}, c.concurrency)
	var mu sync.Mutex
	live := plan.Live{Projects: make(map[string]plan.ProjectState, len(spec.Projects))}
	for _, p := range spec.Projects {
		r := &projectReader{c: c, project: p.Name, limit: limit, started: map[string]bool{}}
		g.Go(func() error {
			state, err := r.read(ctx, p)
			if err != nil {
				return err
			}
			mu.Lock()
			live.Projects[p.Name] = state
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return plan.Live{}, err
	}
	return live, nil
}

// projectReader reads one project's state with requests run in parallel.
type projectReader struct {
	c       *Client
	project string
	limit   chan struct{}
	// started holds the plan specs and prices already asked for, so that
	// each is read once however many services need it.
	mu      sync.Mutex
	started map[string]bool
}

// read issues every read of the project at once, except the plan specs and
// prices that only the live services reveal (a plan inherited from an
// existing service, or a service whose plan or cloud differs from the
// file): those start as soon as the service list is in.
func (r *projectReader) read(ctx context.Context, p schema.Project) (plan.ProjectState, error) {
	state := plan.ProjectState{Name: r.project}
	cat := &state.Catalog
	cat.Prices = map[plan.PriceKey]plan.Price{}
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	plans, prices := declaredPlans(p), declaredPrices(p)
	readPlansAndPrices := func(names []string, keys []plan.PriceKey) {
		for _, name := range names {
			if r.first("plan " + name) {
				r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readPlanSpec(ctx, &mu, cat, name)) })
			}
		}
		for _, key := range keys {
			if r.first("price " + key.Plan + " " + key.Cloud) {
				r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readPrice(ctx, &mu, cat, key)) })
			}
		}
	}
	r.run(ctx, g, func(ctx context.Context) error {
		services, err := r.c.ListServices(ctx, r.project)
		if err != nil {
			return r.explain(notFoundAsNoProject(err))
		}
		state.Services = services
		readPlansAndPrices(livePlans(p, services))
		return nil
	})
	r.run(ctx, g, func(ctx context.Context) error {
		return r.explain(r.readServiceType(ctx, &mu, cat, plan.CassandraType))
	})
	r.run(ctx, g, func(ctx context.Context) error { return r.explain(notFoundAsNoProject(r.readClouds(ctx, cat))) })
	r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readPlanList(ctx, &mu, cat)) })
	readPlansAndPrices(plans, prices)
	if declaresVPC(p) {
		r.run(ctx, g, func(ctx context.Context) error { return r.explain(notFoundAsNoProject(r.readVPCs(ctx, cat))) })
	}
	if err := g.Wait(); err != nil {
		return plan.ProjectState{}, err
	}
	return state, nil
}

// first reports whether key is asked for the first time.
func (r *projectReader) first(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started[key] {
		return false
	}
	r.started[key] = true
	return true
}

// run starts f in g once a request slot is free.
func (r *projectReader) run(ctx context.Context, g *errgroup.Group, f func(context.Context) error) {
	g.Go(func() error {
		select {
		case r.limit <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { <-r.limit }()
		return f(ctx)
	})
}

// explain turns the errors every operator meets into one actionable line.
func (r *projectReader) explain(err error) error {
	switch {
	case err == nil:
		return nil
	case isUnauthorized(err):
		return fmt.Errorf("the API token was refused (%s): check AIVEN_TOKEN", apiMessage(err))
	case isForbidden(err):
		return fmt.Errorf("no access to project %q (%s): check that the AIVEN_TOKEN's user is a member of it", r.project, apiMessage(err))
	case notAiven(err) != nil:
		return notAiven(err)
	case errors.Is(err, errNoProject):
		return fmt.Errorf("project %q does not exist or the token cannot see it", r.project)
	}
	return err
}

func declaredPlans(p schema.Project) []string {
	seen := map[string]bool{}
	for _, pair := range p.Pairs {
		if pair.Plan != "" {
			seen[pair.Plan] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// declaredPrices lists the (plan, cloud) of every service of a pair whose
// plan the file names, in file order without repeats.
func declaredPrices(p schema.Project) []plan.PriceKey {
	var keys []plan.PriceKey
	seen := map[plan.PriceKey]bool{}
	for _, pair := range p.Pairs {
		for _, s := range pair.Services {
			if k := (plan.PriceKey{Type: plan.CassandraType, Plan: pair.Plan, Cloud: s.Cloud}); pair.Plan != "" && !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// livePlans lists what the cost needs beyond the file's own plans and
// prices once the live services are known: the plan and price of every
// declared Cassandra service that exists, and the price of a missing
// service in the plan it inherits from its existing peer. Most come out
// already read; the reader skips those.
func livePlans(p schema.Project, services []plan.LiveService) ([]string, []plan.PriceKey) {
	byName := make(map[string]*plan.LiveService, len(services))
	for i := range services {
		if services[i].Type == plan.CassandraType {
			byName[services[i].Name] = &services[i]
		}
	}
	var plans []string
	var keys []plan.PriceKey
	for _, pair := range p.Pairs {
		for i, s := range pair.Services {
			if l := byName[s.Name]; l != nil {
				plans = append(plans, l.Plan)
				keys = append(keys, plan.PriceKey{Type: plan.CassandraType, Plan: l.Plan, Cloud: l.Cloud})
			} else if peer := byName[pair.Services[1-i].Name]; peer != nil && pair.Plan == "" {
				keys = append(keys, plan.PriceKey{Type: plan.CassandraType, Plan: peer.Plan, Cloud: s.Cloud})
			}
		}
	}
	return plans, keys
}

func declaresVPC(p schema.Project) bool {
	for _, pair := range p.Pairs {
		for _, s := range pair.Services {
			if s.ProjectVPCID != "" {
				return true
			}
		}
	}
	return false
}
