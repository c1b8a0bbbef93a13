package apply

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/ccr-dev/ccr/schema"
)

// applyMember runs the create of a replica group's member: once its
// primary (DependsOn) is RUNNING and, for a kind whose Await is backup,
// has a backup, so that Aiven's refusal of a replica without one is never
// provoked. Should the API refuse it all the same, the member waits for a
// backup seen after the refusal and is tried exactly once more.
func (r *runner) applyMember(ctx context.Context, n *node) {
	if !r.awaitDependency(n, false) || !r.awaitBackup(ctx, n, false) {
		return
	}
	switch r.create(ctx, n, true) {
	case createdOK:
		r.awaitRunning(ctx, n)
	case deferred:
		if r.awaitBackup(ctx, n, true) && r.create(ctx, n, false) == createdOK {
			r.awaitRunning(ctx, n)
		}
	}
}

// awaitBackup blocks until n's primary has a backup, and reports whether
// n may be created; otherwise n's outcome is recorded. Unless refused is
// set (the API refused n for want of one), a member whose kind does not
// wait for a backup, or whose primary the plan saw with one, goes at once.
// The primary's backups are read by one wait shared by all its members.
func (r *runner) awaitBackup(ctx context.Context, n *node, refused bool) bool {
	c := n.change
	if !refused && c.Await != schema.AwaitBackup {
		return true
	}
	dep := r.nodes[key{c.Project, c.DependsOn}]
	if !refused && dep.change.Live != nil && dep.change.Live.HasBackup() {
		return true
	}
	round := r.backups.round(key{c.Project, c.DependsOn}, refused, func() error {
		// Every task runs under Run's ctx: the first member's is everyone's.
		_, err := r.wait.waitFor(ctx, r.opts.Stop, nil, c.Project, c.DependsOn,
			condition{what: untilBackup}, r.opts.Now(), nil)
		return err
	})
	if round == nil {
		return true
	}
	if !refused && !closed(round.done) {
		e := r.event(n, EventWaitingDependency)
		e.WaitFor = "backup"
		r.emit(e)
	}
	<-round.done
	switch err := round.err; {
	case err == nil:
		return true
	case errors.Is(err, errStopped) || ctx.Err() != nil:
		r.notStarted(n, fmt.Sprintf("apply was interrupted while waiting for %s's first backup", c.DependsOn))
	case errors.Is(err, errPoweroff):
		r.skip(n, fmt.Sprintf("dependency %s was powered off while waiting for its first backup", c.DependsOn))
	case errors.Is(err, errWaitTimeout):
		r.fail(n, fmt.Errorf("%s had no backup within the wait timeout of %v, and Aiven creates a %s only from a "+
			"backup: run ccr apply again later", c.DependsOn, r.opts.WaitTimeout, kindTitle(c.ServiceType(), c.Kind)))
	default:
		r.fail(n, fmt.Errorf("wait for %s's first backup: %w", c.DependsOn, err))
	}
	return false
}

// kindTitle names a member of kind, such as "read replica".
func kindTitle(typ, kind string) string {
	if rule, ok := schema.LookupLink(typ, kind); ok {
		return rule.Title
	}
	return kind
}

// backupGates share the wait for a primary's first backup among its
// members: however many wait, one watch reads the primary's backups, once
// per tick, and only while someone waits.
type backupGates struct {
	mu    sync.Mutex
	gates map[key]*backupGate
}

// backupGate is one primary's: whether a backup was seen, and the wait in
// progress.
type backupGate struct {
	seen  bool
	round *backupRound
}

// backupRound is one wait for a backup; err is set before done closes.
type backupRound struct {
	done chan struct{}
	err  error
}

func newBackupGates() *backupGates { return &backupGates{gates: map[key]*backupGate{}} }

// round returns the wait to join for primary's backup: the one in
// progress, or a new one running wait. It returns nil when a backup was
// seen already, unless fresh asks for a backup seen from now on: a wait
// in progress has not seen one yet, so what it sees is fresh.
func (g *backupGates) round(primary key, fresh bool, wait func() error) *backupRound {
	g.mu.Lock()
	defer g.mu.Unlock()
	gate := g.gates[primary]
	if gate == nil {
		gate = &backupGate{}
		g.gates[primary] = gate
	}
	switch {
	case gate.round != nil:
		return gate.round
	case gate.seen && !fresh:
		return nil
	}
	rd := &backupRound{done: make(chan struct{})}
	gate.round = rd
	go func() {
		err := wait()
		g.mu.Lock()
		gate.round, gate.seen, rd.err = nil, gate.seen || err == nil, err
		g.mu.Unlock()
		close(rd.done)
	}()
	return rd
}
