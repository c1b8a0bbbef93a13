package apply

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// noteAlreadyActive explains an AlreadyPresent switchover.
const noteAlreadyActive = "it was the active service already " +
	"(switched over by an earlier run whose response was lost, or by a concurrent apply)"

// noteActiveLost explains a SwitchedOver found by reading the roles: this
// run's request got no answer, and a read found it had taken effect.
const noteActiveLost = "the switchover's answer was lost; a read found it had taken effect"

// switchover runs one planned switchover: once the service and its active
// peer (DependsOn) are both RUNNING, and their roles are still passive and
// active, it makes the service active and waits until the roles show the
// swap. It never asks for any other role: a pair where either service is
// failed (an operator failed over) is left alone.
func (r *runner) switchover(ctx context.Context, n *node) {
	defer close(n.done)
	defer n.markExists(false)
	if !r.awaitDependency(n, false) || !r.awaitOwnRunning(ctx, n) {
		return
	}
	n.markExists(true)
	c := n.change
	// The peer first: a concurrent apply may switch over between the two
	// reads, and the later read of the service then shows it active.
	peer, ok := r.read(ctx, n, c.DependsOn, "read the roles before the switchover")
	if !ok {
		return
	}
	target, ok := r.read(ctx, n, c.Service, "read the roles before the switchover")
	if !ok {
		return
	}
	switch {
	case target.Role == plan.RoleActive:
		n.res.Outcome, n.res.Note, n.res.CreatedAt = AlreadyPresent, noteAlreadyActive, r.opts.Now()
		r.emit(r.event(n, EventAlreadyPresent))
	case target.Role == plan.RoleFailed || peer.Role == plan.RoleFailed:
		r.fail(n, fmt.Errorf("%s is %s and %s is %s: a failover happened; ccr never fails over or back: "+
			"fail back by hand, or set active to the service that is active now", c.Service, target.Role,
			c.DependsOn, peer.Role))
		return
	case target.Role != plan.RolePassive || peer.Role != plan.RoleActive:
		r.fail(n, fmt.Errorf("%s is %s and %s is %s, not passive and active: ccr switches over only a passive "+
			"service whose peer is active", c.Service, roleText(target.Role), c.DependsOn, roleText(peer.Role)))
		return
	default:
		if !r.sendActive(ctx, n) {
			return
		}
	}
	r.awaitRunning(ctx, n)
}

// roleText shows a role, or that the API gave none.
func roleText(role string) string {
	if role == "" {
		return "without a disaster_recovery_role"
	}
	return role
}

// sendActive sends the switchover, retrying transient failures, and
// reports whether it took effect. A retry after a lost answer first reads
// the role: the lost try may have switched over already. A refusal that a
// read shows to be moot (the service is active: a concurrent apply) counts
// as done.
func (r *runner) sendActive(ctx context.Context, n *node) bool {
	c := n.change
	sent, unanswered, found := false, false, false
	err := r.retrier(n).do(ctx, func(attempt int) error {
		if attempt == 1 {
			r.emit(r.event(n, EventSwitchingOver))
		} else if unanswered {
			if s, err := r.lim.get(ctx, c.Project, c.Service); err == nil && s.Role == plan.RoleActive {
				found = true
				return nil
			}
		}
		err := r.lim.makeActive(ctx, c.Project, c.Service, attempt == 1)
		sent = sent || !errors.Is(err, errNotSent)
		unanswered = unanswered || isUnanswered(err)
		return err
	})
	switch {
	case err == nil:
		n.res.Outcome, n.res.CreatedAt = SwitchedOver, r.opts.Now()
		if found {
			n.res.Note = noteActiveLost
		}
		r.emit(r.event(n, EventSwitchedOver))
		return true
	case !sent:
		r.notStarted(n, "apply was interrupted before the switchover was sent")
	case ctx.Err() != nil:
		r.cutShort(n, "the switchover was cancelled in flight; it may have taken effect: run ccr apply again to converge")
	case isTransient(err):
		r.fail(n, fmt.Errorf("switch over: %w; it may have taken effect: run ccr apply again to converge", err))
	default:
		return r.refusedActive(ctx, n, err)
	}
	return false
}

// refusedActive handles a switchover the API refused: done when the
// service is active after all (a concurrent apply switched over first),
// failed with the API's message otherwise.
func (r *runner) refusedActive(ctx context.Context, n *node, refusal error) bool {
	if s, err := r.lim.get(ctx, n.change.Project, n.change.Service); err == nil && s.Role == plan.RoleActive {
		n.res.Outcome, n.res.Note, n.res.CreatedAt = AlreadyPresent, noteAlreadyActive, r.opts.Now()
		r.emit(r.event(n, EventAlreadyPresent))
		return true
	}
	r.fail(n, fmt.Errorf("switch over: %w", refusal))
	return false
}

// waitRoles waits until the roles show the switchover: n's service active,
// then its peer passive, both RUNNING, within one WaitTimeout from the
// request.
func (r *runner) waitRoles(ctx context.Context, n *node) (string, error) {
	c := n.change
	onState := func(state string, elapsed time.Duration) {
		e := r.event(n, EventState)
		e.State, e.Elapsed = state, elapsed
		r.emit(e)
	}
	state, err := r.wait.waitFor(ctx, r.opts.Stop, nil, c.Project, c.Service,
		condition{what: untilRole, role: plan.RoleActive}, n.res.CreatedAt, onState)
	if err != nil {
		return state, err
	}
	_, err = r.wait.waitFor(ctx, r.opts.Stop, nil, c.Project, c.DependsOn,
		condition{what: untilRole, role: plan.RolePassive}, n.res.CreatedAt, nil)
	if err != nil {
		return state, fmt.Errorf("%s: %w", c.DependsOn, err)
	}
	return state, nil
}
