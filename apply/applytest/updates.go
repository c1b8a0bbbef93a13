package applytest

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// UpdateService sets u's fields on an existing service, as PUT
// …/service/{service} does. A plan or disk change applies to both members
// of a CCR pair and makes both REBALANCING (see RebalancePolls); a value
// equal to the live one changes nothing.
func (f *Fake) UpdateService(ctx context.Context, project, service string, u apply.ServiceUpdate) error {
	if f.OnChange != nil {
		f.OnChange(OpUpdate, project, service)
	}
	return f.mutate(ctx, OpUpdate, project, service, func() {
		f.calls.Updates++
		f.calls.UpdatesBy[project+"/"+service]++
	}, func() error { return f.commitUpdate(project, service, u) })
}

// commitUpdate applies u; f.mu is held.
func (f *Fake) commitUpdate(project, service string, u apply.ServiceUpdate) error {
	e := f.projects[project][service]
	if e == nil {
		return fmt.Errorf("[404]: Service %s does not exist: %w", service, apply.ErrNotFound)
	}
	resized := false
	for _, m := range []*entry{e, f.ccrPeer(project, e)} {
		if m == nil {
			continue
		}
		if u.Plan != "" && u.Plan != m.svc.Plan {
			m.svc.Plan, resized = u.Plan, true
			f.changed(project, m, plan.FieldPlan)
		}
		if u.DiskSpaceMB != 0 && u.DiskSpaceMB != m.svc.DiskSpaceMB {
			m.svc.DiskSpaceMB, resized = u.DiskSpaceMB, true
			f.changed(project, m, plan.FieldDisk)
		}
		if resized {
			f.rebalance(m)
		}
	}
	if p := u.TerminationProtection; p != nil && *p != e.svc.TerminationProtection {
		e.svc.TerminationProtection = *p
		f.changed(project, e, plan.FieldProtection)
	}
	return nil
}

// UpdateTags sets the given tag keys, leaving the others alone, as
// ProjectServiceTagsUpdate does.
func (f *Fake) UpdateTags(ctx context.Context, project, service string, tags map[string]string) error {
	if f.OnChange != nil {
		f.OnChange(OpTags, project, service)
	}
	return f.mutate(ctx, OpTags, project, service, func() {
		f.calls.TagUpdates++
		f.calls.TagUpdatesBy[project+"/"+service]++
	}, func() error { return f.commitTags(project, service, tags) })
}

func (f *Fake) commitTags(project, service string, tags map[string]string) error {
	e := f.projects[project][service]
	if e == nil {
		return fmt.Errorf("[404]: Service %s does not exist: %w", service, apply.ErrNotFound)
	}
	for k, v := range tags {
		if got, ok := e.svc.Tags[k]; ok && got == v {
			continue
		}
		if e.svc.Tags == nil {
			e.svc.Tags = map[string]string{}
		}
		e.svc.Tags[k] = v
		f.changed(project, e, plan.FieldTagPrefix+k)
	}
	return nil
}

// Set changes a service as someone else would (the Console, another
// tool), without counting a request.
func (f *Fake) Set(project, service string, change func(*plan.LiveService)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e := f.projects[project][service]; e != nil {
		change(&e.svc)
		e.svc.Tags = maps.Clone(e.svc.Tags)
	}
}

// changed counts and logs one value a request changed; f.mu is held.
func (f *Fake) changed(project string, e *entry, field string) {
	f.calls.Changed[project+"/"+e.svc.Name+" "+field]++
	f.log = append(f.log, "update "+project+"/"+e.svc.Name+" "+field)
}

// rebalance makes e REBALANCING after a resize; f.mu is held.
func (f *Fake) rebalance(e *entry) {
	if e.svc.State != plan.StateRunning && !e.rebalancing {
		return // provisioning or powered off: it stays as it is
	}
	e.svc.State, e.rebalancing = plan.StateRebalancing, true
	e.rebalanceLeft = f.RebalancePolls
	if f.RebalanceDelay > 0 {
		e.rebalanceUntil = time.Now().Add(f.RebalanceDelay)
	}
}

// advanceRebalance counts one observation of a rebalancing e and makes
// it RUNNING when due; f.mu is held.
func (f *Fake) advanceRebalance(project string, e *entry) {
	if !e.rebalancing {
		return
	}
	due := e.rebalanceLeft <= 0
	if f.RebalanceDelay > 0 {
		due = !time.Now().Before(e.rebalanceUntil)
	}
	e.rebalanceLeft--
	if due {
		e.svc.State, e.rebalancing = plan.StateRunning, false
		f.log = append(f.log, "rebalanced "+project+"/"+e.svc.Name)
	}
}

// ccrPeer is the other member of e's CCR pair, if any; f.mu is held.
func (f *Fake) ccrPeer(project string, e *entry) *entry {
	if e.svc.Type != plan.CassandraType {
		return nil
	}
	if e.svc.JoinedWith != "" {
		return f.projects[project][e.svc.JoinedWith]
	}
	for _, m := range f.projects[project] {
		if m.svc.JoinedWith == e.svc.Name {
			return m
		}
	}
	return nil
}
