package aiven

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// ReadLive reads every project the spec names: one ServiceList per project
// plus the catalog facts preflight checks for each service type the project
// uses (the type, its plans and versions; clouds; VPCs when declared) and
// the prices the plan's cost needs, all requests issued concurrently under
// the client's concurrency bound. Prices are read once per distinct (type,
// plan, cloud) of a project. The only per-service calls are those a replica
// group needs and the list may not give (see readServiceExtras): the
// backups of a primary whose new member waits for one, and the roles of a
// disaster recovery pair whose group declares active. The first failure
// cancels the rest, so a bad token yields one error, not one per project.
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

// read issues every read of the project at once, except those only the
// live services reveal: the plan specs and prices of a plan inherited from
// an existing service or of a service whose plan or cloud differs from the
// file, a primary's backups and the roles of a disaster recovery pair the
// list did not give. Those start as soon as the service list is in.
func (r *projectReader) read(ctx context.Context, p schema.Project) (plan.ProjectState, error) {
	state := plan.ProjectState{Name: r.project}
	cat := &state.Catalog
	cat.Prices = map[plan.PriceKey]plan.Price{}
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	memory := map[string]bool{}
	for _, typ := range groupTypes(p) {
		memory[typ] = true
	}
	readPlansAndPrices := func(specs []planKey, keys []plan.PriceKey) {
		for _, k := range specs {
			if r.first("plan " + k.Type + " " + k.Plan) {
				r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readPlanSpec(ctx, &mu, cat, k)) })
			}
		}
		for _, key := range keys {
			if r.first("price " + key.Type + " " + key.Plan + " " + key.Cloud) {
				r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readPrice(ctx, &mu, cat, key)) })
			}
		}
	}
	r.run(ctx, g, func(ctx context.Context) error {
		services, extras, err := r.c.listServices(ctx, r.project)
		if err != nil {
			return r.explain(notFoundAsNoProject(err))
		}
		state.Services = services
		readPlansAndPrices(livePlans(p, services))
		r.readServiceExtras(ctx, g, &mu, p, state.Services, extras)
		return nil
	})
	for _, typ := range declaredTypes(p) {
		r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readServiceType(ctx, &mu, cat, typ)) })
		r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readPlanList(ctx, &mu, cat, typ, memory[typ])) })
	}
	r.run(ctx, g, func(ctx context.Context) error { return r.explain(notFoundAsNoProject(r.readClouds(ctx, cat))) })
	readPlansAndPrices(declaredPlans(p), declaredPrices(p))
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
