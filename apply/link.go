package apply

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// noteLinkAdopted explains an AlreadyPresent link.
const noteLinkAdopted = "the link existed already as planned " +
	"(made by an earlier run whose response was lost, or by a concurrent apply)"

// noteLinkLost explains a Linked found by its refusal: this run's link got
// no answer, and the retry met the link it had made.
const noteLinkLost = "the link's answer was lost; its retry found the link this run made, as planned"

// link runs one planned link: once the primary and the member are both
// RUNNING, it links them (POST /integration) and waits until the member is
// RUNNING and lists the link. A link the API says exists counts as done only
// when the member is linked exactly as planned.
func (r *runner) link(ctx context.Context, n *node) {
	defer close(n.done)
	defer n.markExists(false)
	if !r.awaitDependency(n, false) || !r.awaitOwnRunning(ctx, n) {
		return
	}
	n.markExists(true)
	if r.sendLink(ctx, n) {
		r.awaitRunning(ctx, n)
	}
}

// sendLink sends the link, retrying transient failures, and reports
// whether the member is now linked as planned.
func (r *runner) sendLink(ctx context.Context, n *node) bool {
	c := n.change
	sent, unanswered := false, false
	err := r.retrier(n).do(ctx, func(attempt int) error {
		if attempt == 1 {
			r.emit(r.event(n, EventLinking))
		}
		err := r.lim.link(ctx, c.Project, c, attempt == 1)
		sent = sent || !errors.Is(err, errNotSent)
		unanswered = unanswered || isUnanswered(err)
		return err
	})
	switch {
	case err == nil:
		n.res.Outcome, n.res.CreatedAt = Linked, r.opts.Now()
		r.emit(r.event(n, EventLinked))
		return true
	case errors.Is(err, ErrLinkExists):
		return r.adoptLink(ctx, n, unanswered)
	case !sent:
		r.notStarted(n, "apply was interrupted before the link was sent")
	case ctx.Err() != nil:
		r.cutShort(n, "the link was cancelled in flight; it may exist: run ccr apply again to converge")
	case isTransient(err):
		r.fail(n, fmt.Errorf("link: %w; the link may exist: run ccr apply again to converge", err))
	default:
		r.fail(n, fmt.Errorf("link: %w", err))
	}
	return false
}

// isUnanswered reports whether err says the request may have been run
// although its answer was lost.
func isUnanswered(err error) bool {
	var te *TransientError
	return errors.As(err, &te) && te.Unanswered
}

// adoptLink handles a link refused as existing: it counts as done only
// when the member is linked to the planned primary as the planned kind.
// When an earlier try of this link got no answer, that try made it: Linked;
// otherwise someone else did: AlreadyPresent.
func (r *runner) adoptLink(ctx context.Context, n *node, ours bool) bool {
	c := n.change
	live, ok := r.read(ctx, n, c.Service, "read the member whose link exists")
	if !ok {
		return false
	}
	if _, linked := live.LinkedTo(c.Kind, c.Source); !linked {
		r.fail(n, fmt.Errorf("the API says %s has a %s link already, but not from %s: %s",
			c.Service, c.Kind, c.Source, describeLinks(live)))
		return false
	}
	n.res.Outcome, n.res.Note, n.res.CreatedAt, n.res.State = AlreadyPresent, noteLinkAdopted, r.opts.Now(), live.State
	kind := EventAlreadyPresent
	if ours {
		n.res.Outcome, n.res.Note, kind = Linked, noteLinkLost, EventLinked
	}
	r.emit(r.event(n, kind))
	return true
}

// describeLinks lists the links that make s a member, for messages.
func describeLinks(s plan.LiveService) string {
	sources := s.Sources()
	if len(sources) == 0 {
		return "it has none"
	}
	text := "it has"
	for i, l := range sources {
		if i > 0 {
			text += ","
		}
		text += fmt.Sprintf(" %s from %s", l.Kind, l.Source)
	}
	return text
}

// read reads one service for n, retrying transient failures (and a 404,
// which right after a write is the read lagging behind it); what says what
// the read is for in the failure it records.
func (r *runner) read(ctx context.Context, n *node, service, what string) (plan.LiveService, bool) {
	var live plan.LiveService
	err := r.retrier(n).do(ctx, func(int) error {
		var err error
		live, err = r.lim.get(ctx, n.change.Project, service)
		if errors.Is(err, ErrNotFound) {
			return &TransientError{Err: err}
		}
		return err
	})
	switch {
	case ctx.Err() != nil:
		r.cutShort(n, fmt.Sprintf("cancelled while asked to %s", what))
		return plan.LiveService{}, false
	case err != nil:
		r.fail(n, fmt.Errorf("%s: %w", what, err))
		return plan.LiveService{}, false
	}
	return live, true
}

// awaitOwnRunning blocks until n's existing service is RUNNING, as a link
// or a switchover needs, and reports whether it is; otherwise n's outcome
// is recorded.
func (r *runner) awaitOwnRunning(ctx context.Context, n *node) bool {
	c := n.change
	switch {
	case c.Live.State == plan.StateRunning:
		return true
	case c.Live.State == plan.StatePoweroff:
		r.end(n, Failed, statusFailed, EventFailed, "is powered off", fmt.Sprintf(
			"%s exists but is powered off (POWEROFF): power it on, then run ccr apply again", c.Service))
		return false
	}
	e := r.event(n, EventWaitingDependency)
	e.WaitFor, e.WaitOn = plan.StateRunning, c.Service
	r.emit(e)
	state, err := r.wait.wait(ctx, r.opts.Stop, nil, c.Project, c.Service, r.opts.Now(), func(string, time.Duration) {})
	n.res.State = state
	switch {
	case err == nil:
		return true
	case errors.Is(err, errStopped) || ctx.Err() != nil:
		r.notStarted(n, fmt.Sprintf("apply was interrupted while waiting for %s to be RUNNING", c.Service))
	case errors.Is(err, errPoweroff):
		r.fail(n, fmt.Errorf("%s was powered off while waiting for it to be RUNNING", c.Service))
	default:
		r.fail(n, fmt.Errorf("wait for %s to be RUNNING: %w", c.Service, err))
	}
	return false
}
