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
// plus the catalog facts preflight checks (service type, clouds, plans, VPCs),
// all requests issued concurrently under the client's concurrency bound.
// There are no per-service calls. The first failure cancels the rest, so a bad
// token yields one error, not one per project.
func (c *Client) ReadLive(ctx context.Context, spec *schema.Spec) (plan.Live, error) {
	g, ctx := errgroup.WithContext(ctx)
	limit := make(chan struct{}, c.concurrency)
	var mu sync.Mutex
	live := plan.Live{Projects: make(map[string]plan.ProjectState, len(spec.Projects))}
	for _, p := range spec.Projects {
		r := &projectReader{c: c, project: p.Name, limit: limit}
		g.Go(func() error {
			state, err := r.read(ctx, declaredPlans(p), declaresVPC(p))
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
}

func (r *projectReader) read(ctx context.Context, plans []string, withVPCs bool) (plan.ProjectState, error) {
	state := plan.ProjectState{Name: r.project}
	cat := &state.Catalog
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	r.run(ctx, g, func(ctx context.Context) (err error) {
		state.Services, err = r.c.ListServices(ctx, r.project)
		return r.explain(notFoundAsNoProject(err))
	})
	r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readServiceType(ctx, cat)) })
	r.run(ctx, g, func(ctx context.Context) error { return r.explain(notFoundAsNoProject(r.readClouds(ctx, cat))) })
	r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readPlanList(ctx, &mu, cat)) })
	for _, name := range plans {
		r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readPlanSpec(ctx, &mu, cat, name)) })
	}
	if withVPCs {
		r.run(ctx, g, func(ctx context.Context) error { return r.explain(notFoundAsNoProject(r.readVPCs(ctx, cat))) })
	}
	if err := g.Wait(); err != nil {
		return plan.ProjectState{}, err
	}
	return state, nil
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
