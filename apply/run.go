package apply

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// Run creates every service the plan marks Create, each once its DependsOn
// exists (or is RUNNING: see Options.JoinAfter; a replica group's member
// follows its Await), links the members the plan marks Link, switches over
// the services it marks Switchover and updates in place the settings the
// plan's Updates name (see update.go for when), all pairs and groups at
// once, and waits for each to be RUNNING as planned. It never deletes a
// service, promotes a member, fails over or changes anything else. It
// refuses, sending nothing, a plan with conflicts or with actions or
// dependencies it cannot follow; otherwise it always returns a Result,
// partial when interrupted (see Options.Stop).
func Run(ctx context.Context, api API, p *plan.Plan, opts Options) (*Result, error) {
	if err := check(p); err != nil {
		return nil, fmt.Errorf("refuse to apply: %w", err)
	}
	switch opts.JoinAfter {
	case "":
		opts.JoinAfter = p.JoinOrder()
	case plan.JoinAfterCreated, plan.JoinAfterRunning:
	default:
		return nil, fmt.Errorf("refuse to apply: join order %q is neither %q nor %q",
			opts.JoinAfter, plan.JoinAfterCreated, plan.JoinAfterRunning)
	}
	r := newRunner(api, p, opts.withDefaults())
	return r.run(ctx), nil
}

// check rejects plans that cannot be executed.
func check(p *plan.Plan) error {
	if !p.Applyable() {
		return fmt.Errorf("the plan has %s", plan.CountConflicts(p.Conflicts))
	}
	byKey := map[key]plan.Change{}
	for _, c := range p.Changes {
		if err := checkAction(c); err != nil {
			return err
		}
		byKey[key{c.Project, c.Service}] = c
	}
	for _, c := range p.Changes {
		if err := checkChain(c, byKey); err != nil {
			return err
		}
		if err := checkUpdates(c, byKey); err != nil {
			return err
		}
	}
	return nil
}

// checkAction rejects a change Run cannot carry out as the plan means it:
// a blocked service, an action or wait it does not know, or a link or
// switchover without the services it needs.
func checkAction(c plan.Change) error {
	name := c.Project + "/" + c.Service
	switch c.Action {
	case plan.Blocked:
		return fmt.Errorf("%s is blocked", name)
	case plan.Create, plan.NoOp:
		if len(c.Updates) > 0 {
			return fmt.Errorf("%s: updates ride only on an update, a link or a switchover, not on a %s", name, c.Action)
		}
	case plan.Update:
		if c.Live == nil || len(c.Updates) == 0 {
			return fmt.Errorf("%s: an update needs an existing service and the settings to change", name)
		}
	case plan.Link:
		if c.Kind == "" || c.Source == "" || c.DependsOn != c.Source || c.Live == nil {
			return fmt.Errorf("%s: a link needs an existing member, its kind and its primary as dependency", name)
		}
	case plan.Switchover:
		if c.DependsOn == "" || c.Live == nil {
			return fmt.Errorf("%s: a switchover needs an existing service and its active peer as dependency", name)
		}
	default:
		return fmt.Errorf("%s: unknown action %q", name, c.Action)
	}
	switch c.Await {
	case "", schema.AwaitRunning, schema.AwaitBackup:
	default:
		return fmt.Errorf("%s: unknown wait %q", name, c.Await)
	}
	if c.Action == plan.Create && c.Kind != "" && (c.Source == "" || c.DependsOn != c.Source) {
		return fmt.Errorf("%s: a member's create needs its primary as source and dependency", name)
	}
	return nil
}

// checkChain follows c's DependsOn chain: every link must be in the plan and
// the chain must end, or Run would wait forever.
func checkChain(c plan.Change, byKey map[key]plan.Change) error {
	seen := map[string]bool{c.Service: true}
	for cur := c; cur.DependsOn != ""; {
		dep, ok := byKey[key{cur.Project, cur.DependsOn}]
		if !ok {
			return fmt.Errorf("%s/%s depends on %q, which the plan does not contain", cur.Project, cur.Service, cur.DependsOn)
		}
		if seen[dep.Service] {
			return fmt.Errorf("%s/%s is part of a dependency cycle", c.Project, c.Service)
		}
		seen[dep.Service] = true
		cur = dep
	}
	return nil
}

// checkUpdates rejects updates Run cannot send as the plan means them: an
// unknown field or value, or a Via that names no other member of the plan
// whose own update sends that value.
func checkUpdates(c plan.Change, byKey map[key]plan.Change) error {
	name := c.Project + "/" + c.Service
	for _, u := range c.Updates {
		if err := checkField(u); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if u.Via == "" {
			continue
		}
		peer, ok := byKey[key{c.Project, u.Via}]
		sends := slices.ContainsFunc(peer.Updates, func(p plan.FieldUpdate) bool {
			return p.Field == u.Field && p.After == u.After && p.Via == ""
		})
		if !ok || u.Via == c.Service || !sends {
			return fmt.Errorf("%s: its %s changes through %s, whose own update does not set it to %s",
				name, u.Field, u.Via, u.After)
		}
	}
	return nil
}

type key struct{ project, service string }

// nodeStatus is how a service ended, as its dependents need to know it.
type nodeStatus int

const (
	statusRunning     nodeStatus = iota // dependents may go ahead
	statusFailed                        // dependents are Skipped
	statusInterrupted                   // dependents are NotStarted
)

// node is one change of the plan. Its task goroutine owns status, why and
// res until it closes done; readers wait for done.
type node struct {
	change plan.Change
	done   chan struct{}
	status nodeStatus
	why    string
	res    ServiceResult
	// settling marks an existing service Run waits for and reports.
	settling bool
	// exists is closed once the service exists as planned (its create was
	// committed, or it existed already and is not powered off), or once
	// its task ends without that; existed says which. A joiner that may
	// join early waits for it instead of done.
	exists     chan struct{}
	existed    bool
	existsOnce sync.Once
	// announced is closed once the create has said it is creating the
	// service, or once its task ends without; at once for a node that
	// creates nothing. A dependent says it waits for the service only
	// then, so that its "waiting for" never comes ahead of the "creating"
	// of what it waits for.
	announced     chan struct{}
	announcedOnce sync.Once
	// posts counts the create requests sent for it, every try included.
	posts int
	// update is the step that changes the service's settings in place
	// (the change's Updates), nil when there are none. It is a node of
	// its own, with its own task, outcome and events, so that an existing
	// service stays what it is for its dependents while it is updated.
	// Its exists closes once its own request was accepted or its values
	// found set (sentFields says which fields it sent), or once it ended
	// without: a CCR pair's peer waits for that.
	update *node
	// updating marks an update step.
	updating   bool
	sentFields map[string]bool
}

// markAnnounced closes announced, once.
func (n *node) markAnnounced() { n.announcedOnce.Do(func() { close(n.announced) }) }

// markExists records, once, whether the service came to exist as planned.
func (n *node) markExists(ok bool) {
	n.existsOnce.Do(func() {
		n.existed = ok
		close(n.exists)
	})
}

type runner struct {
	opts    Options
	lim     *limiter
	wait    *waiter
	backups *backupGates
	nodes   map[key]*node
	// actions are the nodes to create, link, switch over or update, in
	// plan order.
	actions []*node
	// creates are the nodes to create; units the nodes to create, link or
	// switch over of each pair and group. Updates wait for them.
	creates []*node
	units   map[unitKey][]*node
	// needed are existing services some create depends on, or that are
	// still provisioning (settling).
	needed map[key]bool
	// settling are existing services the plan saw REBUILDING or
	// REBALANCING, typically created by an earlier run that was killed or
	// interrupted: apply waits for them too, so that success means every
	// declared service is RUNNING.
	settling    []*node
	interrupted atomic.Bool
	emitMu      sync.Mutex
}

func newRunner(api API, p *plan.Plan, opts Options) *runner {
	lim := newLimiter(api, opts.Parallelism, opts.Stop)
	r := &runner{opts: opts, lim: lim, wait: newWaiter(lim, opts), backups: newBackupGates(),
		nodes: map[key]*node{}, needed: map[key]bool{}, units: map[unitKey][]*node{}}
	for _, c := range p.Changes {
		n := newNode(c)
		r.nodes[key{c.Project, c.Service}] = n
		switch c.Action {
		case plan.Create, plan.Link, plan.Switchover:
			r.actions = append(r.actions, n)
			r.units[unitOf(c)] = append(r.units[unitOf(c)], n)
		case plan.Update:
			r.actions = append(r.actions, n)
		}
		if c.Action == plan.Create {
			r.creates = append(r.creates, n)
		}
		if len(c.Updates) > 0 {
			n.update = newNode(c)
			n.update.updating = true
			n.update.markAnnounced() // an update creates nothing
			n.update.res.Updates = fieldResults(c.Updates)
		}
		if c.DependsOn != "" {
			r.needed[key{c.Project, c.DependsOn}] = true
		}
		if Settling(c) {
			n.settling = true
			r.needed[key{c.Project, c.Service}] = true
			r.settling = append(r.settling, n)
		}
	}
	for k, n := range r.nodes {
		if r.needed[k] && n.change.Action != plan.Create {
			r.knownExisting(n)
		}
	}
	return r
}

func newNode(c plan.Change) *node {
	n := &node{change: c, done: make(chan struct{}), exists: make(chan struct{}), announced: make(chan struct{}),
		res: ServiceResult{
			Project: c.Project, Service: c.Service, Action: c.Action, Cloud: c.Cloud, JoinWith: c.JoinWith,
			DependsOn: c.DependsOn, Kind: c.Kind, Source: c.Source,
		}}
	if c.Action != plan.Create {
		n.markAnnounced()
	}
	return n
}

// unitKey names a pair or a replica group.
type unitKey struct {
	project string
	group   bool
	index   int
}

// unitOf is c's pair or replica group. A group's services have Pair 0,
// which is also the first pair's index, so a group's service is never
// keyed by its Pair.
func unitOf(c plan.Change) unitKey {
	switch {
	case c.Group != nil:
		return unitKey{c.Project, true, *c.Group}
	case inGroup(c):
		return unitKey{c.Project, true, -1} // a group the plan did not number
	}
	return unitKey{c.Project, false, c.Pair}
}

// inGroup reports whether c is a service of a replica group (as
// plan/render tells them apart).
func inGroup(c plan.Change) bool { return c.Group != nil || c.Type != "" }

// knownExisting records, before any task starts, what the plan already
// knows of an existing service that a create or the run waits for: it
// exists unless it is powered off, and one the plan saw RUNNING is done. A
// dependent must never find it unresolved merely because its own task ran
// first, and announce that it waits for a service that exists.
func (r *runner) knownExisting(n *node) {
	live := n.change.Live
	if live == nil || live.State == plan.StatePoweroff {
		return
	}
	n.markExists(true)
	if live.State == plan.StateRunning {
		n.res.Outcome, n.res.Note = AlreadyPresent, noteExisted
		n.status, n.res.State, n.res.Running = statusRunning, live.State, true
		close(n.done)
	}
}

func (r *runner) run(ctx context.Context) *Result {
	res := &Result{StartedAt: r.opts.Now()}
	loopCtx, stopLoop := context.WithCancel(ctx)
	var bg sync.WaitGroup
	bg.Go(func() { r.wait.run(loopCtx) })
	bg.Go(func() { r.announceStop(loopCtx) })
	for _, n := range append(r.actions, r.settling...) {
		r.emit(r.event(n, EventPlanned))
	}
	var tasks sync.WaitGroup
	for k, n := range r.nodes {
		switch {
		case n.change.Action == plan.Create:
			tasks.Go(func() { r.apply(ctx, n) })
		case n.change.Action == plan.Link:
			tasks.Go(func() { r.link(ctx, n) })
		case n.change.Action == plan.Switchover:
			tasks.Go(func() { r.switchover(ctx, n) })
		case r.needed[k] && !closed(n.done):
			tasks.Go(func() { r.watchExisting(ctx, n) })
		}
		if n.update != nil {
			tasks.Go(func() { r.runUpdate(ctx, n) })
		}
	}
	tasks.Wait()
	stopLoop()
	bg.Wait()
	res.FinishedAt = r.opts.Now()
	res.Interrupted = r.interrupted.Load()
	for _, n := range append(r.actions, r.settling...) {
		res.Services = append(res.Services, resultOf(n))
	}
	res.Stats = Stats{
		Creates: int(r.lim.creates.Load()), Gets: int(r.lim.gets.Load()),
		Lists: int(r.lim.lists.Load()), PollTicks: int(r.wait.ticks.Load()),
		BackupReads: int(r.lim.backupReads.Load()), Links: int(r.lim.links.Load()),
		Switchovers: int(r.lim.actives.Load()), Updates: int(r.lim.updates.Load()),
		TagUpdates: int(r.lim.tagUpdates.Load()),
	}
	return res
}

// announceStop tells the observer when a graceful stop is requested.
func (r *runner) announceStop(ctx context.Context) {
	select {
	case <-r.opts.Stop:
		r.emit(Event{Kind: EventStopping})
	case <-ctx.Done():
	}
}

// emit stamps e and hands it to the observer, one event at a time.
func (r *runner) emit(e Event) {
	if e.Time.IsZero() {
		e.Time = r.opts.Now()
	}
	r.emitMu.Lock()
	defer r.emitMu.Unlock()
	r.opts.Observer.Observe(e)
}

// Settling reports whether c is an existing service that is not RUNNING,
// which Run reports on although it creates nothing for it: it waits for one
// still provisioning (REBUILDING, REBALANCING, or any other state) and fails
// one that is powered off, which only its owner can change. So a complete
// Result means every declared service is RUNNING.
func Settling(c plan.Change) bool {
	return c.Action == plan.NoOp && c.Live != nil && c.Live.State != plan.StateRunning
}

// noteExisted qualifies an existing service Run waited for.
const noteExisted = "existed already; waited for it to be RUNNING"

// watchExisting resolves an existing service that a create depends on, or
// that is settling, and that the plan did not see RUNNING (knownExisting
// resolved those): it fails one powered off, and waits for the others until
// a poll sees them RUNNING.
func (r *runner) watchExisting(ctx context.Context, n *node) {
	defer close(n.done)
	defer n.markExists(false)
	n.res.Outcome, n.res.Note = AlreadyPresent, noteExisted
	switch live := n.change.Live; {
	case live != nil && live.State == plan.StatePoweroff:
		n.res.State, n.res.Note = live.State, ""
		r.end(n, Failed, statusFailed, EventFailed, "is powered off", fmt.Sprintf(
			"%s exists but is powered off (POWEROFF): power it on, then run ccr apply again (ccr never powers a service on or off)",
			n.change.Service))
		return
	}
	start := r.opts.Now()
	state, err := r.wait.wait(ctx, r.opts.Stop, nil, n.change.Project, n.change.Service, start,
		func(state string, elapsed time.Duration) {
			e := r.event(n, EventState)
			e.State, e.Elapsed = state, elapsed
			r.emitSettling(n, e)
		})
	n.res.State, n.res.Elapsed = state, r.opts.Now().Sub(start)
	switch {
	case err == nil:
		n.status, n.res.Running, n.res.RunningAt = statusRunning, true, r.opts.Now()
		e := r.event(n, EventRunning)
		e.State, e.Elapsed = state, n.res.Elapsed
		r.emitSettling(n, e)
	case errors.Is(err, errStopped) || ctx.Err() != nil:
		n.status, n.why = statusInterrupted, fmt.Sprintf("%s was %s when apply was interrupted", n.change.Service, orUnseen(state))
		r.interrupted.Store(true)
	default:
		n.status, n.why = statusFailed, fmt.Sprintf("%s: %v", n.change.Service, err)
		n.res.Outcome, n.res.Error = Failed, n.why
		e := r.event(n, EventFailed)
		e.Message = n.why
		r.emitSettling(n, e)
	}
}

// emitSettling reports progress on a settling service; an existing service
// that is only a dependency shows through its dependent's events instead.
func (r *runner) emitSettling(n *node, e Event) {
	if n.settling {
		r.emit(e)
	}
}
