package apply

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// noteAdopted explains why AlreadyPresent counts as done.
const noteAdopted = "the name was already in use by a service matching the plan " +
	"(made by an earlier run whose response was lost, or by a concurrent apply)"

// noteMaybeCreated explains an AlreadyPresent this run may have made: a
// try of its create got no answer, so that try may have made the service,
// but so may a concurrent apply, and the API cannot tell which.
const noteMaybeCreated = "created by this run or a concurrent apply: a try of this run's create got no answer, " +
	"and the retry found the name taken by a service matching the plan"

// apply runs one planned create: wait for its dependency, create it, wait
// for it to be RUNNING. Each step records its own outcome when it ends the
// task. A joiner goes as soon as its target exists unless the order is
// JoinAfterRunning; if the API refuses that early join, it waits for the
// target to be RUNNING and tries once more, never early again.
func (r *runner) apply(ctx context.Context, n *node) {
	defer close(n.done)
	defer n.markExists(false)
	defer n.markAnnounced()
	if n.change.Await != "" {
		r.applyMember(ctx, n)
		return
	}
	early := r.opts.JoinAfter != plan.JoinAfterRunning
	if !r.awaitDependency(n, early) {
		return
	}
	switch r.create(ctx, n, early) {
	case createdOK:
		r.awaitRunning(ctx, n)
	case deferred:
		if r.awaitDependency(n, false) && r.create(ctx, n, false) == createdOK {
			r.awaitRunning(ctx, n)
		}
	}
}

// awaitDependency blocks until DependsOn exists (early) or has ended, and
// reports whether it may be joined: it exists, or it is RUNNING. It needs
// neither ctx nor Stop: both end the dependency's own task.
func (r *runner) awaitDependency(n *node, early bool) bool {
	c := n.change
	if c.DependsOn == "" {
		return true
	}
	dep := r.nodes[key{c.Project, c.DependsOn}]
	ready, what := dep.done, plan.StateRunning
	if early {
		ready, what = dep.exists, "created"
	}
	if !closed(ready) {
		<-dep.announced // its "creating" first, then this "waiting for" it
		if !closed(ready) {
			e := r.event(n, EventWaitingDependency)
			e.WaitFor = what
			r.emit(e)
		}
		<-ready
	}
	if early && dep.existed {
		return true
	}
	<-dep.done
	switch dep.status {
	case statusRunning:
		return true
	case statusFailed:
		r.skip(n, fmt.Sprintf("dependency %s", dependencyReason(dep)))
	default:
		r.notStarted(n, fmt.Sprintf("dependency %s", dependencyReason(dep)))
	}
	return false
}

func dependencyReason(dep *node) string {
	if dep.why != "" {
		return dep.why
	}
	return dep.change.Service + " " + string(dep.res.Outcome)
}

// createOutcome is how a create ended.
type createOutcome int

const (
	createdOK   createOutcome = iota // the service exists as planned
	createEnded                      // failed or interrupted; recorded
	// deferred: an early join was refused, or a member refused for want
	// of its primary's backup; nothing recorded
	deferred
)

// create sends the create, retrying transient failures, and reports whether
// the service now exists as planned. With deferrable set, a join the API
// refuses because its target is not ready, or a member it refuses because
// its primary has no backup yet, is not a failure: the caller waits for
// what is missing and tries once more.
func (r *runner) create(ctx context.Context, n *node, deferrable bool) createOutcome {
	c := n.change
	sent, unanswered := false, false
	retry := r.retrier(n)
	// MaxAttempts bounds the requests of the whole create: a second
	// series, after a refused early join, has what the first left.
	retry.attempts -= n.posts
	if retry.attempts < 1 {
		r.fail(n, fmt.Errorf("create: gave up after %d attempts", n.posts))
		return createEnded
	}
	err := retry.do(ctx, func(attempt int) error {
		if attempt == 1 {
			r.emit(r.event(n, EventCreating))
			n.markAnnounced() // after the emit, as dependents wait to say they wait
		}
		err := r.lim.create(ctx, c.Project, c, attempt == 1)
		if !errors.Is(err, errNotSent) {
			sent = true
			n.posts++
		}
		var te *TransientError
		unanswered = unanswered || errors.As(err, &te) && te.Unanswered
		return err
	})
	switch {
	case err == nil:
		n.res.Outcome, n.res.CreatedAt = Created, r.opts.Now()
		// Reported before the joiner waiting on it is released, so its
		// "creating" never comes ahead of this "created".
		r.emit(r.event(n, EventCreated))
		n.markExists(true)
		return createdOK
	case errors.Is(err, ErrNameTaken):
		if r.adopt(ctx, n, unanswered) {
			return createdOK
		}
		return createEnded
	case errors.Is(err, ErrJoinNotReady) && deferrable && c.JoinWith != "":
		e := r.event(n, EventJoinDeferred)
		e.Message = err.Error()
		r.emit(e)
		return deferred
	case errors.Is(err, ErrReplicaNotReady) && deferrable && c.Kind != "":
		e := r.event(n, EventReplicaDeferred)
		e.Message = err.Error()
		r.emit(e)
		return deferred
	case !sent:
		r.notStarted(n, "apply was interrupted before the create was sent")
	case ctx.Err() != nil:
		r.cutShort(n, "the create was cancelled in flight; the service may exist: run ccr apply again to converge")
	case isTransient(err):
		// Any of the tries may have been committed before its answer was lost.
		r.fail(n, fmt.Errorf("create: %w; the service may exist: run ccr apply again to converge", err))
	default:
		r.fail(n, fmt.Errorf("create: %w", err))
	}
	return createEnded
}

func isTransient(err error) bool {
	var te *TransientError
	return errors.As(err, &te)
}

// adopt handles a create refused because the name is taken: the service is
// counted as done when it is what the plan intended, and is left alone
// either way. Its outcome is AlreadyPresent, never Created: only a create
// the API answered with success is known to be this run's. When an
// earlier try of this create got no answer (maybe), that try may have made
// it, or a concurrent apply may have: the service is marked MaybeCreated.
// Two applies at once thus never both count one service as created, which
// they did when an unanswered try was taken to be the creator.
func (r *runner) adopt(ctx context.Context, n *node, maybe bool) bool {
	c := n.change
	var live plan.LiveService
	err := r.retrier(n).do(ctx, func(int) error {
		var err error
		live, err = r.lim.get(ctx, c.Project, c.Service)
		if errors.Is(err, ErrNotFound) {
			// The name was just taken, so the read lags behind the write.
			return &TransientError{Err: err}
		}
		return err
	})
	switch {
	case ctx.Err() != nil:
		r.cutShort(n, "cancelled while reading the service whose name was taken")
		return false
	case err != nil:
		r.fail(n, fmt.Errorf("read the service whose name was taken: %w", err))
		return false
	}
	if diffs := mismatch(c, live); len(diffs) > 0 {
		r.fail(n, fmt.Errorf("the name is taken by a service that differs from the plan: %s", joinDiffs(diffs)))
		return false
	}
	n.res.Outcome, n.res.Note, n.res.CreatedAt, n.res.State = AlreadyPresent, noteAdopted, r.opts.Now(), live.State
	if maybe {
		n.res.Note, n.res.MaybeCreated = noteMaybeCreated, true
	}
	e := r.event(n, EventAlreadyPresent)
	if maybe {
		e.Message = "created by this run or a concurrent apply"
	}
	r.emit(e) // before a joiner is released, as in create
	n.markExists(true)
	return true
}

// awaitRunning waits for a created (or linked, or switched over) service to
// be RUNNING as planned (see node.cond). A joiner created while its target
// was still being built cannot be RUNNING before the target is: if the
// target is powered off, the joiner's wait ends too.
func (r *runner) awaitRunning(ctx context.Context, n *node) {
	c := n.change
	if n.res.State == plan.StateRunning {
		// Found done as planned (adopted): seen RUNNING already.
		r.running(n)
		return
	}
	wait := r.waitJoined
	switch {
	case n.updating:
		wait = r.waitSettings
	case c.Action == plan.Switchover:
		wait = r.waitRoles
	}
	state, err := wait(ctx, n)
	if state != "" {
		n.res.State = state
	}
	n.res.Elapsed = r.opts.Now().Sub(n.res.CreatedAt)
	switch {
	case err == nil:
		r.running(n)
	case errors.Is(err, errAborted):
		r.failWait(n, fmt.Errorf("created joined to %s, which is powered off: it cannot become RUNNING until %s is powered on",
			c.DependsOn, c.DependsOn))
	case errors.Is(err, errStopped) || ctx.Err() != nil:
		n.res.Note = "apply was interrupted while waiting"
		n.status, n.why = statusInterrupted, fmt.Sprintf("%s was not yet RUNNING", c.Service)
		r.interrupted.Store(true)
	case errors.Is(err, errWaitTimeout):
		// It exists and may yet become RUNNING: created, not failed.
		n.res.Note = fmt.Sprintf("not %s within the wait timeout of %v", n.cond(), r.opts.WaitTimeout)
		n.status, n.why = statusFailed, fmt.Sprintf("%s was not %s within %v", c.Service, n.cond(), r.opts.WaitTimeout)
		e := r.event(n, EventState)
		e.State, e.Elapsed, e.Message = n.res.State, n.res.Elapsed, n.res.Note
		r.emit(e)
	default:
		r.failWait(n, fmt.Errorf("wait for %s: %w", n.cond(), err))
	}
}

// failWait records a wait that ended without what it waited for and will
// not go on. A service this run created (or may have: MaybeCreated) or
// updated keeps its outcome: it exists and is billed as changed, so it
// counts where it did, and Error says why it is not RUNNING. Any other
// service fails.
func (r *runner) failWait(n *node, err error) {
	if n.res.Outcome != Created && !n.res.MaybeCreated && n.res.Outcome != Updated {
		r.fail(n, err)
		return
	}
	n.res.Error = err.Error()
	n.status, n.why = statusFailed, fmt.Sprintf("%s did not become RUNNING", n.change.Service)
	e := r.event(n, EventFailed)
	e.State, e.Message = n.res.State, n.res.Error
	r.emit(e)
}

// cond is what n's wait after its request waits for: RUNNING, and for a
// link the link listed, for a switchover the role, for an update the new
// values.
func (n *node) cond() condition {
	if n.updating {
		return condition{what: untilSettings, updates: n.change.Updates}
	}
	switch n.change.Action {
	case plan.Link:
		return condition{what: untilLinked, kind: n.change.Kind, source: n.change.Source}
	case plan.Switchover:
		return condition{what: untilRole, role: plan.RoleActive}
	}
	return condition{what: untilRunning}
}

// waitJoined waits for n to be RUNNING (see cond). While n's target is still in its
// own task, that task's end also ends the wait: when the target is powered
// off, n never becomes RUNNING (errAborted); otherwise the wait goes on.
func (r *runner) waitJoined(ctx context.Context, n *node) (string, error) {
	c := n.change
	onState := func(state string, elapsed time.Duration) {
		e := r.event(n, EventState)
		e.State, e.Elapsed = state, elapsed
		r.emit(e)
	}
	var target <-chan struct{}
	dep := r.nodes[key{c.Project, c.DependsOn}]
	if dep != nil && !closed(dep.done) {
		target = dep.done
	}
	last := ""
	for {
		state, err := r.wait.waitFor(ctx, r.opts.Stop, target, c.Project, c.Service, n.cond(), n.res.CreatedAt, onState)
		last = cmp.Or(state, last)
		if !errors.Is(err, errAborted) || dep.res.State == plan.StatePoweroff {
			return last, err
		}
		target = nil
	}
}

func (r *runner) running(n *node) {
	n.res.Running, n.res.State, n.res.RunningAt = true, plan.StateRunning, r.opts.Now()
	n.res.Elapsed = n.res.RunningAt.Sub(n.res.CreatedAt)
	n.status = statusRunning
	e := r.event(n, EventRunning)
	e.State, e.Elapsed = plan.StateRunning, n.res.Elapsed
	r.emit(e)
}

// fail records a failure: the outcome becomes Failed (see failWait for a
// service this run created).
func (r *runner) fail(n *node, err error) {
	r.end(n, Failed, statusFailed, EventFailed, "failed", err.Error())
}

func (r *runner) skip(n *node, why string) {
	r.end(n, Skipped, statusFailed, EventSkipped, "was skipped", why)
}

func (r *runner) notStarted(n *node, why string) {
	r.end(n, NotStarted, statusInterrupted, EventNotStarted, "was not started", why)
}

// cutShort records a request that a hard cancel interrupted after it was sent.
func (r *runner) cutShort(n *node, why string) {
	r.end(n, Interrupted, statusInterrupted, EventInterrupted, "was interrupted", why)
}

// end records how a service that did not succeed ended: its outcome, what
// its dependents learn (status and "NAME verb"), and the event announcing it.
func (r *runner) end(n *node, o Outcome, status nodeStatus, kind EventKind, verb, why string) {
	n.res.Outcome, n.res.Error = o, why
	n.status, n.why = status, fmt.Sprintf("%s %s", n.change.Service, verb)
	if status == statusInterrupted {
		r.interrupted.Store(true)
	}
	e := r.event(n, kind)
	e.Message = why
	r.emit(e)
}

// retrier retries n's requests, reporting each retry as an event.
func (r *runner) retrier(n *node) retrier {
	return retrier{
		attempts: r.opts.MaxAttempts, base: r.opts.RetryBase, max: r.opts.RetryMax, after: r.opts.After,
		onRetry: func(delay time.Duration, err error) {
			e := r.event(n, EventRetrying)
			e.Delay, e.Message = delay, err.Error()
			r.emit(e)
		},
	}
}

func (r *runner) event(n *node, kind EventKind) Event {
	e := Event{Kind: kind, Project: n.change.Project, Service: n.change.Service, Action: n.change.Action,
		JoinWith: n.change.JoinWith, DependsOn: n.change.DependsOn, LinkKind: n.change.Kind}
	if n.updating {
		e.Action = plan.Update
	}
	return e
}
