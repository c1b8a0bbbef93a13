package apply

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// noteAdopted explains why AlreadyPresent counts as done.
const noteAdopted = "the name was already in use by a service matching the plan " +
	"(an earlier create whose response was lost, or a concurrent apply)"

// apply runs one planned create: wait for its dependency, create it, wait
// for it to be RUNNING. Each step records its own outcome when it ends the
// task.
func (r *runner) apply(ctx context.Context, n *node) {
	defer close(n.done)
	if r.awaitDependency(n) && r.create(ctx, n) {
		r.awaitRunning(ctx, n)
	}
}

// awaitDependency blocks until DependsOn has ended and reports whether it is
// RUNNING. It needs neither ctx nor Stop: both end the dependency's own task.
func (r *runner) awaitDependency(n *node) bool {
	c := n.change
	if c.DependsOn == "" {
		return true
	}
	dep := r.nodes[key{c.Project, c.DependsOn}]
	select {
	case <-dep.done:
	default:
		r.emit(r.event(n, EventWaitingDependency))
		<-dep.done
	}
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

// create sends the create, retrying transient failures, and reports whether
// the service now exists as planned.
func (r *runner) create(ctx context.Context, n *node) bool {
	c := n.change
	sent := false
	retry := r.retrier(n)
	err := retry.do(ctx, func(attempt int) error {
		if attempt == 1 {
			r.emit(r.event(n, EventCreating))
		}
		err := r.lim.create(ctx, c.Project, c, attempt == 1)
		sent = sent || !errors.Is(err, errNotSent)
		return err
	})
	switch {
	case err == nil:
		n.res.Outcome, n.res.CreatedAt = Created, r.opts.Now()
		r.emit(r.event(n, EventCreated))
		return true
	case errors.Is(err, ErrNameTaken):
		return r.adopt(ctx, n)
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
	return false
}

func isTransient(err error) bool {
	var te *TransientError
	return errors.As(err, &te)
}

// adopt handles a create refused because the name is taken: the service is
// counted as created when it is what the plan intended, and is left alone
// either way.
func (r *runner) adopt(ctx context.Context, n *node) bool {
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
	r.emit(r.event(n, EventAlreadyPresent))
	return true
}

// awaitRunning waits for a created service to be RUNNING.
func (r *runner) awaitRunning(ctx context.Context, n *node) {
	c := n.change
	if n.res.State == plan.StateRunning {
		r.running(n)
		return
	}
	state, err := r.wait.wait(ctx, r.opts.Stop, c.Project, c.Service, n.res.CreatedAt,
		func(state string, elapsed time.Duration) {
			e := r.event(n, EventState)
			e.State, e.Elapsed = state, elapsed
			r.emit(e)
		})
	if state != "" {
		n.res.State = state
	}
	n.res.Elapsed = r.opts.Now().Sub(n.res.CreatedAt)
	switch {
	case err == nil:
		r.running(n)
	case errors.Is(err, errStopped) || ctx.Err() != nil:
		n.res.Note = "created, not yet RUNNING: apply was interrupted while waiting"
		n.status, n.why = statusInterrupted, fmt.Sprintf("%s was not yet RUNNING", c.Service)
		r.interrupted.Store(true)
	default:
		r.fail(n, fmt.Errorf("wait for RUNNING: %w", err))
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

// fail records a failure; the outcome stays Failed even when the service
// was created, since it did not become what the plan asked for.
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
	return Event{Kind: kind, Project: n.change.Project, Service: n.change.Service,
		JoinWith: n.change.JoinWith, DependsOn: n.change.DependsOn}
}
