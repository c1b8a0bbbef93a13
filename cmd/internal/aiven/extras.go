package aiven

import (
	"context"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// readServiceExtras completes the listed services with what the plan needs
// and the list may not give, reading one service at a time only where it
// must:
//   - a primary's backups, for a primary with a member to create that waits
//     for its first backup, when the list did not carry backups
//     (ServiceBackupsGet, once per such primary);
//   - the disaster_recovery_role of the services of a group that declares
//     active, when the list did not carry the field for a service that has
//     a disaster recovery link (ServiceGet, once per such service): a
//     service without one has no role to read.
//
// Writes to services go through mu; the caller reads them after g is done.
func (r *projectReader) readServiceExtras(ctx context.Context, g *errgroup.Group, mu *sync.Mutex, p schema.Project,
	services []plan.LiveService, extras map[string]extraFields) {
	index := make(map[string]int, len(services))
	for i := range services {
		index[services[i].Name] = i
	}
	for _, grp := range p.Replicas {
		if name, ok := primaryAwaitingBackup(grp, services, index); ok {
			if x, listed := extras[name]; listed && x.Backups != nil {
				mu.Lock()
				services[index[name]].Backups = x.backups()
				mu.Unlock()
			} else {
				r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readBackups(ctx, mu, &services[index[name]])) })
			}
		}
		if grp.Active == "" {
			continue
		}
		for _, name := range roleNames(grp) {
			i, exists := index[name]
			if !exists || extras[name].Role != nil || !hasRecoveryLink(services[i]) {
				continue
			}
			r.run(ctx, g, func(ctx context.Context) error { return r.explain(r.readRole(ctx, mu, &services[i])) })
		}
	}
}

// primaryAwaitingBackup names a group's existing primary when one of its
// members is missing and, by its kind's rule, waits for the primary's
// first backup before it is created.
func primaryAwaitingBackup(g schema.Group, services []plan.LiveService, index map[string]int) (string, bool) {
	i, ok := index[g.Primary.Name]
	if !ok || services[i].Type != g.Primary.Type {
		return "", false
	}
	for _, m := range g.Members {
		rule, known := g.Link(m)
		if _, exists := index[m.Name]; !exists && known && rule.Await == schema.AwaitBackup {
			return g.Primary.Name, true
		}
	}
	return "", false
}

// roleNames lists the services of a group that have roles: its primary
// and its disaster recovery members.
func roleNames(g schema.Group) []string {
	names := []string{g.Primary.Name}
	for _, m := range g.Members {
		if rule, ok := g.Link(m); ok && rule.Roles {
			names = append(names, m.Name)
		}
	}
	return names
}

// hasRecoveryLink reports whether s is either end of a disaster recovery
// link.
func hasRecoveryLink(s plan.LiveService) bool {
	return slices.ContainsFunc(s.Integrations, func(l plan.Integration) bool { return l.Kind == schema.KindDisasterRecovery })
}

func (r *projectReader) readBackups(ctx context.Context, mu *sync.Mutex, s *plan.LiveService) error {
	n, err := r.c.CountBackups(ctx, r.project, s.Name)
	if err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	s.Backups = &n
	return nil
}

func (r *projectReader) readRole(ctx context.Context, mu *sync.Mutex, s *plan.LiveService) error {
	got, err := r.c.GetService(ctx, r.project, s.Name)
	if err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	s.Role = got.Role
	return nil
}
