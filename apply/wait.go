package apply

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// errPoweroff ends the wait for a service that was powered off.
var errPoweroff = errors.New("service is POWEROFF")

// errAborted ends a wait whose abort channel closed.
var errAborted = errors.New("wait aborted")

// errWaitTimeout is wrapped by a wait that outlasted WaitTimeout: the
// service exists and may still become RUNNING.
var errWaitTimeout = errors.New("wait timed out")

// waiter waits for services to reach a condition (RUNNING, linked, a role,
// a backup) with one ListServices per project per tick, however many
// services of that project are waited on: polling cost grows with
// projects, never with services. What a list cannot tell costs one more
// request per watch and tick: a backup count, or a role the list left out.
//
// Each service keeps its own schedule, counted from its own create: its
// first poll comes PollInterval after it, and each later one once the time
// waited has grown by a latenessShare-th, at most MaxPollInterval apart. A
// tick comes when the first service is due and lists every project with a
// watch, so services created together share their ticks. A service that
// becomes RUNNING after D ≥ PollInterval is thus seen by D + D/16 (or D +
// MaxPollInterval, which is less past 16 × MaxPollInterval), whenever it
// was created. Ticks timed from the first create saw a joiner created a
// moment after its target a whole interval late: 10 new pairs took 2 × D
// at D = PollInterval.
type waiter struct {
	lim  *limiter
	opts Options

	mu      sync.Mutex
	watches map[string]map[watchKey]*watch // project → service and condition → watch
	// holdOff is when the next tick may come at the earliest: a list that
	// was answered 429 asked for a wait (RetryAfter).
	holdOff time.Time
	kick    chan struct{}
	ticks   atomic.Int64
}

// watchKey names a watch within its project: a service may be waited on
// for several conditions at once (RUNNING by its dependents, a backup by
// its members).
type watchKey struct {
	service string
	what    condKind
}

// watch is one service being waited on.
type watch struct {
	project, service string
	cond             condition
	// since is when the service was created; the timeout, the grace for
	// its absence from the list and the poll schedule count from here.
	since time.Time
	// due is when it must be polled next.
	due     time.Time
	state   string
	onState func(state string, elapsed time.Duration)
	done    chan waitResult
}

// polled moves wt's next poll after a list sent at t: once the time waited
// has grown by a latenessShare-th, at most MaxPollInterval later, and never
// before its first poll is due (PollInterval after its create). A list
// sent early for wt, because another service was due, is no loss: wt's
// next poll comes as much sooner.
func (wt *watch) polled(t time.Time, opts Options) {
	waited := t.Sub(wt.since)
	wt.due = wt.since.Add(max(opts.PollInterval, waited+min(waited/latenessShare, opts.MaxPollInterval)))
}

type waitResult struct {
	state string
	err   error
}

func newWaiter(lim *limiter, opts Options) *waiter {
	return &waiter{
		lim:     lim,
		opts:    opts,
		watches: map[string]map[watchKey]*watch{},
		kick:    make(chan struct{}, 1),
	}
}

// wait blocks until the service is RUNNING, fails, or ctx ends, stop
// closes or abort closes (errAborted); it returns the last state seen.
// onState is told about every new pending state.
func (w *waiter) wait(ctx context.Context, stop, abort <-chan struct{}, project, service string, since time.Time,
	onState func(string, time.Duration)) (string, error) {
	return w.waitFor(ctx, stop, abort, project, service, condition{what: untilRunning}, since, onState)
}

// waitFor is wait for any condition.
func (w *waiter) waitFor(ctx context.Context, stop, abort <-chan struct{}, project, service string, cond condition,
	since time.Time, onState func(string, time.Duration)) (string, error) {
	if onState == nil {
		onState = func(string, time.Duration) {}
	}
	wt := &watch{project: project, service: service, cond: cond, since: since, onState: onState,
		done: make(chan waitResult, 1)}
	w.add(wt)
	// The deadline is kept here as well as by the polls, which check it
	// only when they return: a poll hanging on an API that never answers
	// must not stretch WaitTimeout.
	deadline := time.NewTimer(since.Add(w.opts.WaitTimeout).Sub(w.opts.Now()))
	defer deadline.Stop()
	select {
	case r := <-wt.done:
		return r.state, r.err
	case <-ctx.Done():
	case <-stop:
	case <-abort:
	case <-deadline.C:
	}
	// A result that arrived together with the stop wins, or one that a
	// poll settled while the stop was being taken: a service seen RUNNING
	// must not be reported as interrupted.
	state, settled := w.remove(wt)
	if settled {
		r := <-wt.done
		return r.state, r.err
	}
	switch {
	case ctx.Err() != nil:
		return state, ctx.Err()
	case closed(stop):
		return state, errStopped
	case closed(abort):
		return state, errAborted
	}
	return state, timedOut(w.opts.WaitTimeout, wt.cond, state)
}

// timedOut is the error of a wait that outlasted WaitTimeout.
func timedOut(timeout time.Duration, cond condition, state string) error {
	return fmt.Errorf("%w: not %s after %v (last state %s)", errWaitTimeout, cond, timeout, orUnseen(state))
}

func (w *waiter) add(wt *watch) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.watches[wt.project] == nil {
		w.watches[wt.project] = map[watchKey]*watch{}
	}
	wt.due = wt.since.Add(w.opts.PollInterval)
	w.watches[wt.project][wt.key()] = wt
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// remove drops a watch whose waiter gave up and returns its last state,
// or reports that a poll settled it first: then its result is in wt.done.
func (w *waiter) remove(wt *watch) (state string, settled bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.watches[wt.project][wt.key()] != wt {
		return wt.state, true
	}
	w.forget(wt)
	return wt.state, false
}

// forget deletes wt; w.mu must be held.
func (w *waiter) forget(wt *watch) {
	delete(w.watches[wt.project], wt.key())
	if len(w.watches[wt.project]) == 0 {
		delete(w.watches, wt.project)
	}
}

// finish ends wt's wait; w.mu must be held.
func (w *waiter) finish(wt *watch, err error) {
	w.forget(wt)
	wt.done <- waitResult{state: wt.state, err: err}
}

// run polls until ctx ends, sleeping without ticking while nothing is
// waited on. A new watch wakes it, since it may be due before the tick it
// sleeps towards.
func (w *waiter) run(ctx context.Context) {
	for {
		wait, ok := w.untilDue()
		if !ok {
			select {
			case <-w.kick:
				continue
			case <-ctx.Done():
				return
			}
		}
		select {
		case <-w.opts.After(wait):
		case <-w.kick:
			continue
		case <-ctx.Done():
			return
		}
		w.tick(ctx)
	}
}

// latenessShare bounds how late a poll may see a service turn RUNNING, as a
// share of how long that service has been waited on: a service that took D
// ≥ PollInterval to build is seen at most D/16 late, so a new pair, whose
// two services are built together, costs about D·(1+1/16).
const latenessShare = 16

// untilDue is how long until the next tick: when the first watch is due,
// and not before a 429's RetryAfter has passed. ok is false when nothing
// is waited on.
func (w *waiter) untilDue() (time.Duration, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var first time.Time
	for _, ws := range w.watches {
		for _, wt := range ws {
			if first.IsZero() || wt.due.Before(first) {
				first = wt.due
			}
		}
	}
	if first.IsZero() {
		return 0, false
	}
	if first.Before(w.holdOff) {
		first = w.holdOff
	}
	return max(first.Sub(w.opts.Now()), 0), true
}

func (w *waiter) projects() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	ps := make([]string, 0, len(w.watches))
	for p := range w.watches {
		ps = append(ps, p)
	}
	return ps
}

// tick lists every project with a watch, concurrently, and settles the
// watches from the answers.
func (w *waiter) tick(ctx context.Context) {
	projects := w.projects()
	if len(projects) == 0 {
		return
	}
	w.ticks.Add(1)
	var wg sync.WaitGroup
	for _, p := range projects {
		wg.Go(func() { w.poll(ctx, p) })
	}
	wg.Wait()
}

func (w *waiter) poll(ctx context.Context, project string) {
	sent := w.opts.Now()
	live, err := w.lim.list(ctx, project)
	now := w.opts.Now()
	w.mu.Lock()
	// Whatever the answer, the project's watches were polled: a failing
	// list is tried again on their schedule, not at once.
	for _, wt := range w.watches[project] {
		if !wt.since.After(sent) {
			wt.polled(sent, w.opts)
		}
	}
	var probes []*watch
	var te *TransientError
	switch {
	case err == nil:
		probes = w.settle(project, live, now)
	case errors.As(err, &te) || ctx.Err() != nil:
		// A poll is repeated by the next tick anyway; only the deadlines
		// still apply.
		if te != nil && now.Add(te.RetryAfter).After(w.holdOff) {
			w.holdOff = now.Add(te.RetryAfter)
		}
		w.expire(project, now)
	default:
		for _, wt := range w.watches[project] {
			w.finish(wt, fmt.Errorf("list services of project %q: %w", project, err))
		}
	}
	w.mu.Unlock()
	var wg sync.WaitGroup
	for _, wt := range probes {
		wg.Go(func() { w.probe(ctx, wt) })
	}
	wg.Wait()
}

// settle applies one service list to the project's watches and returns
// those the list cannot decide; w.mu is held.
func (w *waiter) settle(project string, live []plan.LiveService, now time.Time) []*watch {
	byName := make(map[string]plan.LiveService, len(live))
	for _, s := range live {
		byName[s.Name] = s
	}
	var probes []*watch
	for _, wt := range w.watches[project] {
		s, ok := byName[wt.service]
		switch {
		case !ok && now.Sub(wt.since) > w.opts.MissingGrace:
			w.finish(wt, fmt.Errorf("not in the service list %v after its create", w.opts.MissingGrace))
			continue
		case !ok:
			// Eventual consistency: a fresh service may not be listed yet.
			continue
		}
		if w.observe(wt, s, now) == undecided {
			probes = append(probes, wt)
		}
	}
	w.expire(project, now)
	return probes
}

// observe applies one reading of a watched service, finishing its watch
// when that settles it; w.mu is held.
func (w *waiter) observe(wt *watch, s plan.LiveService, now time.Time) verdict {
	v, err := wt.cond.check(s)
	switch {
	case s.State == plan.StatePoweroff:
		wt.state = s.State
		w.finish(wt, errPoweroff)
		return met
	case v == met:
		wt.state = s.State
		w.finish(wt, err)
		return met
	case s.State != wt.state:
		wt.state = s.State
		wt.onState(s.State, now.Sub(wt.since))
	}
	return v
}

// probe reads what a list could not tell of wt, once, and settles it if
// that decides it. A failed read is repeated by the next tick, unless it
// is permanent.
func (w *waiter) probe(ctx context.Context, wt *watch) {
	s, err := w.read(ctx, wt)
	now := w.opts.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.watches[wt.project][wt.key()] != wt {
		return // settled or given up meanwhile
	}
	var te *TransientError
	switch {
	case err == nil:
		w.observe(wt, s, now)
	case errors.As(err, &te) || ctx.Err() != nil:
		if te != nil && now.Add(te.RetryAfter).After(w.holdOff) {
			w.holdOff = now.Add(te.RetryAfter)
		}
	default:
		w.finish(wt, err)
	}
}

// read is the one request that completes a list's view of wt's service:
// its backup count, or the service itself for its role.
func (w *waiter) read(ctx context.Context, wt *watch) (plan.LiveService, error) {
	if wt.cond.what == untilBackup {
		n, err := w.lim.backups(ctx, wt.project, wt.service)
		return plan.LiveService{Name: wt.service, State: plan.StateRunning, Backups: &n}, err
	}
	return w.lim.get(ctx, wt.project, wt.service)
}

// expire fails the project's watches that are past WaitTimeout; w.mu is held.
func (w *waiter) expire(project string, now time.Time) {
	for _, wt := range w.watches[project] {
		if now.Sub(wt.since) >= w.opts.WaitTimeout {
			w.finish(wt, timedOut(w.opts.WaitTimeout, wt.cond, wt.state))
		}
	}
}

func orUnseen(state string) string {
	if state == "" {
		return "not seen"
	}
	return state
}
