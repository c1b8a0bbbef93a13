package apply

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// When an update runs. An update only changes an existing service, but a
// resize makes it REBALANCING for a while, and a create, link or switchover
// that involves a service while it rebalances may be refused, or build a
// member from a primary changing under it. So an update starts:
//
//   - once every create of the run has been answered (committed, found
//     made, or ended): the creates go first and get the request slots, as
//     they start the longest waits; from then on updates overlap the new
//     services' provisioning, which involves other services only, and a run
//     that creates and resizes takes one provisioning time, not two;
//   - once every create, link and switchover of its own pair or group is
//     done (RUNNING as asked, or ended): those are the only ones that can
//     involve the services it changes;
//   - for updates riding on a link or switchover, once that link or
//     switchover is done as asked (else they are not attempted);
//   - for a CCR pair's member whose plan and disk its peer's request
//     changes (Via), once that request was accepted or its values found
//     set: Aiven resizes both members with one request, so the member sends
//     nothing for them and waits to see them.
//
// Updates of different pairs and groups run at once, bounded by
// Options.Parallelism like every request.
//
// Before its request an update reads the service (one GET) and sends only
// what still differs from the plan: the plan's live values can be minutes
// old by then (a confirmation, creates waited for), and a concurrent apply
// or an earlier run whose answer was lost may have set them. A plan or disk
// that is neither the value the plan was made from nor the one it sets was
// changed by someone since: the update is not sent, as the planned value
// could remove capacity nobody reviewed. A request sets values, so one
// repeated by a concurrent apply that read before this one's changes
// nothing more.

// noteValuesFound explains an AlreadyPresent update.
const noteValuesFound = "the service had the values already " +
	"(set by an earlier run whose answer was lost, a concurrent apply, or by hand)"

// noteUpdateLost explains an Updated found by reading the service: a try
// got no answer, and a read found it had taken effect.
const noteUpdateLost = "an update's answer was lost; a read found it had taken effect"

// runUpdate runs n's update step (n.update) once its turn comes (see
// above): read the service, send what of its own updates still differs,
// then wait until it is RUNNING with every new value.
func (r *runner) runUpdate(ctx context.Context, n *node) {
	u := n.update
	defer close(u.done)
	defer u.markExists(false)
	if !r.awaitUpdateTurn(n, u) {
		return
	}
	if n.change.Action == plan.Update && !r.awaitOwnRunning(ctx, u) {
		return
	}
	if r.awaitSender(u) && r.sendUpdate(ctx, u) {
		r.awaitRunning(ctx, u)
	}
}

// awaitUpdateTurn blocks until u may start: n's own link or switchover is
// done, every create of the run was answered, and the creates, links and
// switchovers of n's pair or group are done. It reports whether u goes
// on; when n's link or switchover failed, its row says why nothing was
// updated. A graceful stop ends the tasks waited for, and sendUpdate then
// sends nothing.
func (r *runner) awaitUpdateTurn(n, u *node) bool {
	if n.change.Action != plan.Update {
		<-n.done
		if n.status != statusRunning {
			u.status, u.why = n.status, n.why
			return false
		}
	}
	r.awaitEach(u, r.creates, func(c *node) <-chan struct{} { return c.exists }, func(e *Event, _ *node) {
		e.WaitFor = "creates"
	})
	var unit []*node
	for _, a := range r.units[unitOf(n.change)] {
		if a != n {
			unit = append(unit, a)
		}
	}
	r.awaitEach(u, unit, func(a *node) <-chan struct{} { return a.done }, func(e *Event, a *node) {
		e.WaitFor, e.WaitOn = plan.StateRunning, a.change.Service
	})
	return true
}

// awaitEach blocks until ch(n) is closed for every n of nodes, announcing
// the wait (as describe words it) once for each that is not.
func (r *runner) awaitEach(u *node, nodes []*node, ch func(*node) <-chan struct{}, describe func(*Event, *node)) {
	announced := false
	for _, n := range nodes {
		<-n.announced // as in awaitDependency: its "creating" first
		if closed(ch(n)) {
			continue
		}
		if !announced {
			e := r.event(u, EventWaitingDependency)
			describe(&e, n)
			r.emit(e)
			// One event says what waits; "creates" names no service.
			announced = e.WaitOn == ""
		}
		<-ch(n)
	}
}

// awaitSender blocks a CCR pair's member whose plan or disk its peer's
// request changes (Via) until that request was accepted or its values
// found set, and reports whether it was; otherwise the member's update
// does not happen either, and u says why.
func (r *runner) awaitSender(u *node) bool {
	name := via(u.change.Updates)
	if name == "" {
		return true
	}
	s := r.nodes[key{u.change.Project, name}].update
	if !closed(s.exists) {
		e := r.event(u, EventWaitingDependency)
		e.WaitFor, e.WaitOn = "update", name
		r.emit(e)
	}
	<-s.exists
	if s.existed {
		for i := range u.res.Updates {
			if f := &u.res.Updates[i]; f.Via != "" {
				f.Status = FieldFound
				if s.sentFields[f.Field] {
					f.Status = FieldByPeer
				}
			}
		}
		return true
	}
	<-s.done
	via := byPeer(u.change.Updates)
	why := fmt.Sprintf("%s %s with the update of %s, which did not happen: %s",
		fieldNames(via), changeVerb(via), name, dependencyReason(s))
	if s.status == statusInterrupted {
		r.notStarted(u, why)
	} else {
		r.skip(u, why)
	}
	return false
}

// sendUpdate reads the service and sends what of its own updates still
// differs: one request for plan, disk and protection, one for the tags.
// It reports whether the service has, or is getting, every new value;
// otherwise u's outcome is recorded.
func (r *runner) sendUpdate(ctx context.Context, u *node) bool {
	c := u.change
	mine := own(c.Updates)
	if len(mine) == 0 {
		// A pair's member whose peer's request changes all of it.
		u.markExists(true)
		r.updated(u)
		return true
	}
	if closed(r.opts.Stop) {
		r.notStarted(u, "apply was interrupted before the update was sent")
		return false
	}
	live, ok := r.read(ctx, u, c.Service, "read the service before its update")
	if !ok {
		return false
	}
	r.readBefore(u, live)
	if m := moved(mine, live); len(m) > 0 {
		r.fail(u, fmt.Errorf("%s was changed since the plan was made (%s): nothing was sent; run ccr plan again and review",
			c.Service, strings.Join(m, "; ")))
		return false
	}
	todo := differing(mine, live)
	r.setStatus(u, without(mine, todo), FieldFound, nil)
	var settings, tags []plan.FieldUpdate
	for _, f := range todo {
		if _, ok := f.IsTag(); ok {
			tags = append(tags, f)
		} else {
			settings = append(settings, f)
		}
	}
	if len(todo) > 0 {
		e := r.event(u, EventUpdating)
		e.Message = fieldNames(todo)
		r.emit(e)
	}
	if len(settings) > 0 && !r.sendFields(ctx, u, settings, true) {
		return false
	}
	// The plan and disk are set: a pair's peer may go and watch for them.
	u.markExists(true)
	if len(tags) > 0 && !r.sendFields(ctx, u, tags, len(settings) == 0) {
		return false
	}
	if live.State == plan.StateRunning && len(todo) == 0 && len(differing(c.Updates, live)) == 0 {
		u.res.State = live.State // found done: awaitRunning need not poll
	}
	r.updated(u)
	return true
}

// without lists the updates of ups that are not in todo.
func without(ups, todo []plan.FieldUpdate) []plan.FieldUpdate {
	var out []plan.FieldUpdate
	for _, u := range ups {
		if !slices.ContainsFunc(todo, func(t plan.FieldUpdate) bool { return t.Field == u.Field }) {
			out = append(out, u)
		}
	}
	return out
}

// readBefore records the values the service had when read before its
// update, for the fields its own request sets.
func (r *runner) readBefore(u *node, live plan.LiveService) {
	for i := range u.res.Updates {
		f := &u.res.Updates[i]
		if f.Via != "" {
			continue
		}
		f.Before = nil
		if v, ok := liveValue(live, f.Field); ok {
			f.Before = &v
		}
	}
}

// setStatus sets the status of the fields of ups in u's result, and their
// error: the API's message for a refused request, "" otherwise.
func (r *runner) setStatus(u *node, ups []plan.FieldUpdate, status FieldStatus, err error) {
	for _, up := range ups {
		for i := range u.res.Updates {
			if f := &u.res.Updates[i]; f.Field == up.Field {
				f.Status, f.Error = status, ""
				if err != nil {
					f.Error = err.Error()
				}
			}
		}
	}
}

// sendFields sends ups, all of one request (the service's settings or its
// tags), retrying transient failures. After a try whose answer was lost it
// reads the service first and sends only what still differs, or nothing
// when nothing does. first marks the first request of u's update, which a
// graceful stop prevents. It reports whether the values are set; otherwise
// u's outcome is recorded.
func (r *runner) sendFields(ctx context.Context, u *node, ups []plan.FieldUpdate, first bool) bool {
	c := u.change
	pending := ups
	sent, unanswered, found := false, false, false
	err := r.retrier(u).do(ctx, func(attempt int) error {
		if attempt > 1 && unanswered {
			if s, err := r.lim.get(ctx, c.Project, c.Service); err == nil {
				if pending = differing(ups, s); len(pending) == 0 {
					found = true
					return nil
				}
			}
		}
		req, tags := request(pending)
		var err error
		if tags != nil {
			err = r.lim.updateTags(ctx, c.Project, c.Service, tags, first && attempt == 1)
		} else {
			err = r.lim.updateService(ctx, c.Project, c.Service, req, first && attempt == 1)
		}
		sent = sent || !errors.Is(err, errNotSent)
		unanswered = unanswered || isUnanswered(err)
		return err
	})
	switch {
	case err == nil:
		r.setStatus(u, ups, FieldSent, nil)
		if u.sentFields == nil {
			u.sentFields = map[string]bool{}
		}
		for _, f := range ups {
			u.sentFields[f.Field] = true
		}
		if found {
			u.res.Note = noteUpdateLost
		}
		return true
	case !sent && first:
		r.notStarted(u, "apply was interrupted before the update was sent")
	case ctx.Err() != nil:
		r.cutShort(u, "the update was cancelled in flight; it may have taken effect: run ccr apply again to converge")
	case isTransient(err):
		r.fail(u, fmt.Errorf("update %s: %w; it may have taken effect: run ccr apply again to converge", fieldNames(ups), err))
	default:
		r.setStatus(u, ups, FieldRefused, err)
		r.fail(u, fmt.Errorf("update %s refused: %w", fieldNames(ups), err))
	}
	return false
}

// updated records that u's service has, or is getting, every new value:
// Updated when a request of this run (or its peer's) changed any,
// AlreadyPresent when it had them all.
func (r *runner) updated(u *node) {
	changed, sender := false, ""
	for _, f := range u.res.Updates {
		changed = changed || f.Status == FieldSent || f.Status == FieldByPeer
		if f.Status == FieldByPeer {
			sender = f.Via
		}
	}
	u.res.CreatedAt = r.opts.Now()
	if !changed {
		u.res.Outcome, u.res.Note = AlreadyPresent, cmp.Or(u.res.Note, noteValuesFound)
		r.emit(r.event(u, EventAlreadyPresent))
		return
	}
	u.res.Outcome = Updated
	e := r.event(u, EventUpdated)
	if sender != "" {
		via := byPeer(u.change.Updates)
		e.Message = fmt.Sprintf("%s %s with %s's request", fieldNames(via), changeVerb(via), sender)
	}
	r.emit(e)
}

// waitSettings waits for an update's service to be RUNNING with every new
// value, within one WaitTimeout from the request.
func (r *runner) waitSettings(ctx context.Context, n *node) (string, error) {
	c := n.change
	onState := func(state string, elapsed time.Duration) {
		e := r.event(n, EventState)
		e.State, e.Elapsed = state, elapsed
		r.emit(e)
	}
	return r.wait.waitFor(ctx, r.opts.Stop, nil, c.Project, c.Service, n.cond(), n.res.CreatedAt, onState)
}

// resultOf is n's row of the Result: for an update, its update step's;
// otherwise its own, with the update that rode on its link or switchover
// folded in. A link done whose update then failed is that failure: the
// change the plan asked for is not complete.
func resultOf(n *node) ServiceResult {
	u := n.update
	switch {
	case u == nil:
		return n.res
	case n.change.Action == plan.Update:
		return u.res
	}
	res := n.res
	res.Updates = u.res.Updates
	switch {
	case !res.Outcome.Done() || u.res.Outcome == "":
		// Not linked or switched over as asked: its own row says why.
	case u.res.Outcome.Done():
		res.Running = res.Running && u.res.Running
		res.State = cmp.Or(u.res.State, res.State)
		if u.res.Running {
			res.RunningAt = u.res.RunningAt
			res.Elapsed = res.RunningAt.Sub(res.CreatedAt)
		}
		res.Error = cmp.Or(res.Error, u.res.Error)
		res.Note = joinNotes(res.Note, u.res.Note)
	default:
		res.Outcome, res.Running = u.res.Outcome, false
		res.Error = fmt.Sprintf("%s as planned; then the update of its settings: %s", doneWords(res), u.res.Error)
	}
	return res
}

// doneWords says what a link or switchover row did.
func doneWords(res ServiceResult) string {
	switch {
	case res.Action == plan.Switchover && res.Outcome == AlreadyPresent:
		return "already the active service"
	case res.Action == plan.Switchover:
		return "switched over"
	case res.Outcome == AlreadyPresent:
		return "already linked"
	}
	return "linked"
}

func joinNotes(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "; " + b
}
