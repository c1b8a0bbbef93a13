package applytest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// CreateService creates c as a REBUILDING service. The join target must
// exist and be RUNNING, as Aiven requires; a taken name wraps
// apply.ErrNameTaken.
func (f *Fake) CreateService(ctx context.Context, project string, c plan.Change) error {
	if f.OnCreate != nil {
		f.OnCreate(project, c.Service)
	}
	return f.mutate(ctx, OpCreate, project, c.Service, func() {
		f.calls.Creates++
	}, func() error { return f.commit(project, c) })
}

// commit stores c unless the name is taken, the join target cannot be
// joined (missing, powered off, or not RUNNING when JoinRequiresRunning) or
// the primary cannot have the member; f.mu is held.
func (f *Fake) commit(project string, c plan.Change) error {
	if _, taken := f.projects[project][c.Service]; taken {
		return fmt.Errorf("[409]: Service name is already in use in this project: %w", apply.ErrNameTaken)
	}
	if err := f.checkJoin(project, c); err != nil {
		return err
	}
	if err := f.checkSource(project, c); err != nil {
		return err
	}
	dc, disk := c.Datacenter, c.DiskSpaceMB
	if dc == "" && c.Type == "" {
		dc = plan.DefaultDatacenter
	}
	if disk == 0 {
		disk = c.PlanDiskSpaceMB
	}
	e := &entry{
		svc: plan.LiveService{Name: c.Service, Type: c.ServiceType(), Plan: c.Plan, Cloud: c.Cloud,
			State: plan.StateRebuilding, Datacenter: dc, JoinedWith: c.JoinWith, DiskSpaceMB: disk,
			ProjectVPCID: c.ProjectVPCID, Tags: maps.Clone(c.Tags), Version: c.Version,
			TerminationProtection: c.TerminationProtection != nil && *c.TerminationProtection},
		fresh: true, createdAt: time.Now(), hidden: f.ListLag,
	}
	f.put(project, e)
	if c.Kind != "" {
		f.addLink(project, c.Kind, c.Source, c.Service)
	}
	f.calls.Committed[project+"/"+c.Service]++
	f.log = append(f.log, "create "+project+"/"+c.Service)
	return nil
}

func (f *Fake) checkJoin(project string, c plan.Change) error {
	if c.JoinWith == "" {
		return nil
	}
	peer := f.projects[project][c.JoinWith]
	switch {
	case peer == nil:
		return fmt.Errorf("[400]: service_to_join_with %s does not exist", c.JoinWith)
	case peer.svc.State == plan.StatePoweroff:
		return fmt.Errorf("[400]: service_to_join_with %s is powered off", c.JoinWith)
	case f.JoinRequiresRunning && peer.svc.State != plan.StateRunning:
		f.calls.RefusedJoins++
		return fmt.Errorf("[400]: Service to join with %s is not running yet (state %s): %w",
			c.JoinWith, peer.svc.State, apply.ErrJoinNotReady)
	}
	return nil
}

// checkSource refuses a member whose primary is missing, powered off, or
// (a pg or mysql read replica) has no backup yet; f.mu is held.
func (f *Fake) checkSource(project string, c plan.Change) error {
	if c.Kind == "" {
		return nil
	}
	src := f.projects[project][c.Source]
	switch {
	case src == nil:
		return fmt.Errorf("[404]: Service %s does not exist", c.Source)
	case src.svc.State == plan.StatePoweroff:
		return fmt.Errorf("[400]: Service %s is powered off", c.Source)
	case c.Kind == schema.KindReadReplica && (src.svc.Type == schema.TypePostgreSQL || src.svc.Type == schema.TypeMySQL) &&
		src.backups == 0 && !f.AllowReplicaWithoutBackup:
		f.calls.RefusedReplicas++
		return fmt.Errorf("[403]: Creation of a read replica not allowed under current plan: %w", apply.ErrReplicaNotReady)
	}
	return nil
}

// GetService returns one service, wrapping apply.ErrNotFound when absent.
func (f *Fake) GetService(ctx context.Context, project, service string) (plan.LiveService, error) {
	f.mu.Lock()
	f.calls.Gets++
	fault, faulted := f.begin(OpGet, project, service)
	var s plan.LiveService
	err := fault.Err
	if !faulted {
		if e := f.projects[project][service]; e != nil {
			s = f.observe(project, e)
		} else {
			err = fmt.Errorf("[404]: Service %s does not exist: %w", service, apply.ErrNotFound)
		}
	}
	f.mu.Unlock()
	if endErr := f.end(ctx, fault); endErr != nil {
		return plan.LiveService{}, endErr
	}
	return s, err
}

// ListServices returns every service of the project visible to lists.
func (f *Fake) ListServices(ctx context.Context, project string) ([]plan.LiveService, error) {
	f.mu.Lock()
	f.calls.Lists++
	f.calls.ListsByProject[project]++
	fault, faulted := f.begin(OpList, project, "")
	var out []plan.LiveService
	if !faulted {
		for _, e := range f.projects[project] {
			if e.hidden > 0 {
				e.hidden--
				continue
			}
			out = append(out, f.observe(project, e))
		}
	}
	f.mu.Unlock()
	if err := f.end(ctx, fault); err != nil {
		return nil, err
	}
	return out, fault.Err
}

// observe advances a fresh service's provisioning by one observation and
// returns it; f.mu is held. A joiner is RUNNING once its own provisioning
// is done and its target is RUNNING, as Aiven builds a pair.
func (f *Fake) observe(project string, e *entry) plan.LiveService {
	f.advanceSwitchover(project, e)
	f.advanceRebalance(project, e)
	if !e.fresh {
		return e.snapshot()
	}
	e.observed++
	ready := e.observed > f.ProvisionPolls
	if f.ProvisionDelay > 0 {
		ready = time.Since(e.createdAt) >= f.ProvisionDelay
	}
	if target := e.svc.JoinedWith; ready && target != "" {
		t := f.projects[project][target]
		ready = t != nil && f.observe(project, t).State == plan.StateRunning
	}
	if ready {
		e.svc.State, e.fresh, e.runningAt = plan.StateRunning, false, time.Now()
		for i := range e.svc.Integrations {
			f.activate(project, e.svc.Integrations[i].ID)
		}
		f.log = append(f.log, "running "+project+"/"+e.svc.Name)
	}
	return e.snapshot()
}

// snapshot is the service as a read returns it, sharing nothing the fake
// changes later.
func (e *entry) snapshot() plan.LiveService {
	s := e.svc
	s.Integrations = slices.Clone(e.svc.Integrations)
	return s
}

var _ apply.API = (*Fake)(nil)
