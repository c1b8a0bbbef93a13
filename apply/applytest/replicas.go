package applytest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// Link links c.Service to c.Source as c.Kind, as POST /integration does.
// Both must exist; a service that is already the destination of a link of
// that kind answers 409, wrapping apply.ErrLinkExists.
func (f *Fake) Link(ctx context.Context, project string, c plan.Change) error {
	if f.OnChange != nil {
		f.OnChange(OpLink, project, c.Service)
	}
	return f.mutate(ctx, OpLink, project, c.Service, func() {
		f.calls.Links++
	}, func() error { return f.commitLink(project, c) })
}

// commitLink makes the link unless an end is missing or the member has
// one of that kind already; f.mu is held.
func (f *Fake) commitLink(project string, c plan.Change) error {
	src, dst := f.projects[project][c.Source], f.projects[project][c.Service]
	switch {
	case src == nil:
		return fmt.Errorf("[404]: Service %s does not exist: %w", c.Source, apply.ErrNotFound)
	case dst == nil:
		return fmt.Errorf("[404]: Service %s does not exist: %w", c.Service, apply.ErrNotFound)
	}
	for _, l := range dst.svc.Integrations {
		if l.Dest == c.Service && l.Kind == c.Kind {
			return fmt.Errorf("[409]: Service integration already exists: %w", apply.ErrLinkExists)
		}
	}
	f.addLink(project, c.Kind, c.Source, c.Service)
	f.activate(project, f.lastLinkID())
	f.calls.LinksCommitted++
	f.log = append(f.log, "link "+project+"/"+c.Service)
	return nil
}

// MakeActive switches a disaster recovery pair over to service: it must be
// RUNNING, have a recovery link and a RUNNING peer. Repeating it on the
// active service changes nothing. The swap shows after SwitchoverPolls
// observations of service.
func (f *Fake) MakeActive(ctx context.Context, project, service string) error {
	if f.OnChange != nil {
		f.OnChange(OpActive, project, service)
	}
	return f.mutate(ctx, OpActive, project, service, func() {
		f.calls.Actives++
	}, func() error { return f.commitActive(project, service) })
}

func (f *Fake) commitActive(project, service string) error {
	e := f.projects[project][service]
	if e == nil {
		return fmt.Errorf("[404]: Service %s does not exist: %w", service, apply.ErrNotFound)
	}
	peer := f.drPeer(project, e)
	switch {
	case peer == nil:
		return fmt.Errorf("[400]: Service %s has no disaster recovery integration", service)
	case e.svc.Role == plan.RoleActive || e.swapIn > 0 || e.swapped:
		return nil
	case e.svc.Role == plan.RoleFailed:
		return fmt.Errorf("[400]: Service %s has failed over; fail back first", service)
	case e.svc.State != plan.StateRunning || peer.svc.State != plan.StateRunning:
		return fmt.Errorf("[409]: Switchover needs both services RUNNING")
	}
	f.calls.Switchovers++
	e.swapIn = f.SwitchoverPolls + 1
	f.advanceSwitchover(project, e)
	return nil
}

// advanceSwitchover counts one observation of e towards its requested
// switchover and makes it when due; f.mu is held.
func (f *Fake) advanceSwitchover(project string, e *entry) {
	if e.swapIn == 0 {
		return
	}
	if e.swapIn--; e.swapIn > 0 {
		return
	}
	if peer := f.drPeer(project, e); peer != nil {
		e.svc.Role, peer.svc.Role = plan.RoleActive, plan.RolePassive
		e.swapped = true
		f.log = append(f.log, "active "+project+"/"+e.svc.Name)
	}
}

// CountBackups returns how many backups a service has taken. A RUNNING
// service that is no member takes its first one after FirstBackupPolls
// reads (or FirstBackupDelay).
func (f *Fake) CountBackups(ctx context.Context, project, service string) (int, error) {
	f.mu.Lock()
	f.calls.BackupReads[project+"/"+service]++
	fault, faulted := f.begin(OpBackups, project, service)
	n, err := 0, fault.Err
	if !faulted {
		if e := f.projects[project][service]; e != nil {
			f.observe(project, e)
			n = f.takeBackups(project, e)
		} else {
			err = fmt.Errorf("[404]: Service %s does not exist: %w", service, apply.ErrNotFound)
		}
	}
	f.mu.Unlock()
	if endErr := f.end(ctx, fault); endErr != nil {
		return 0, endErr
	}
	return n, err
}

// SetBackups sets how many backups a service has, from then on fixed.
func (f *Fake) SetBackups(project, service string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e := f.projects[project][service]; e != nil {
		e.backups, e.backupReads = n, -1
	}
}

// SetRole sets a service's disaster_recovery_role, as a failover would.
func (f *Fake) SetRole(project, service, role string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e := f.projects[project][service]; e != nil {
		e.svc.Role = role
	}
}

// takeBackups advances e's backups by one read and returns the count;
// f.mu is held.
func (f *Fake) takeBackups(project string, e *entry) int {
	if e.backupReads < 0 || e.backups > 0 || e.svc.State != plan.StateRunning || isMember(e.svc) {
		return e.backups
	}
	e.backupReads++
	due := e.backupReads > f.FirstBackupPolls
	if f.FirstBackupDelay > 0 {
		due = time.Since(e.runningAt) >= f.FirstBackupDelay
	}
	if due {
		e.backups = 1
		f.log = append(f.log, "backup "+project+"/"+e.svc.Name)
	}
	return e.backups
}

// addLink records a new link on both its ends, with the roles of a
// disaster recovery pair; f.mu is held.
func (f *Fake) addLink(project, kind, source, dest string) {
	f.linkSeq++
	l := plan.Integration{ID: fmt.Sprintf("int-%04d", f.linkSeq), Kind: kind, Source: source, Dest: dest}
	for _, end := range []string{source, dest} {
		if e := f.projects[project][end]; e != nil {
			e.svc.Integrations = append(e.svc.Integrations, l)
		}
	}
	if kind != schema.KindDisasterRecovery {
		return
	}
	if src := f.projects[project][source]; src != nil && src.svc.Role == "" {
		src.svc.Role = plan.RoleActive
	}
	if dst := f.projects[project][dest]; dst != nil {
		dst.svc.Role = plan.RolePassive
	}
}

func (f *Fake) lastLinkID() string { return fmt.Sprintf("int-%04d", f.linkSeq) }

// activate marks a link active on both its ends; f.mu is held.
func (f *Fake) activate(project, id string) {
	for _, e := range f.projects[project] {
		for i := range e.svc.Integrations {
			if e.svc.Integrations[i].ID == id {
				e.svc.Integrations[i].Active = true
			}
		}
	}
}

// drPeer is the other service of e's disaster recovery link; f.mu is held.
func (f *Fake) drPeer(project string, e *entry) *entry {
	for _, l := range e.svc.Integrations {
		if l.Kind != schema.KindDisasterRecovery {
			continue
		}
		other := l.Source
		if other == e.svc.Name {
			other = l.Dest
		}
		return f.projects[project][other]
	}
	return nil
}

// isMember reports whether s is the destination of a link: members take
// no backups of their own.
func isMember(s plan.LiveService) bool {
	return slices.ContainsFunc(s.Integrations, func(l plan.Integration) bool { return l.Dest == s.Name })
}

func hasLink(s plan.LiveService, id string) bool {
	return slices.ContainsFunc(s.Integrations, func(l plan.Integration) bool { return l.ID == id })
}
