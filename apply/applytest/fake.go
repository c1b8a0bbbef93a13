// Package applytest provides an in-memory apply.API for tests of apply and
// of the commands built on it. It models provisioning (REBUILDING, then
// RUNNING), the list's eventual consistency, injected faults, latency, and
// counts every call.
package applytest

import (
	"context"
	"errors"
	"maps"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// Op names an API method for fault injection.
type Op string

// Ops.
const (
	OpCreate  Op = "create"
	OpGet     Op = "get"
	OpList    Op = "list"
	OpBackups Op = "backups"
	OpLink    Op = "link"
	OpActive  Op = "active"
	OpUpdate  Op = "update"
	OpTags    Op = "tags"
)

// Fault replaces the answer to one call.
type Fault struct {
	Err error
	// Commit makes a faulted create take effect before Err is returned: the
	// response was lost after the server committed the create.
	Commit bool
	// Hang makes the call wait until its context ends, as against an API
	// that accepts a request and never answers.
	Hang bool
}

// Unavailable is a transient 503.
func Unavailable() error {
	return &apply.TransientError{Err: errors.New("[503]: service unavailable")}
}

// Lost is a request whose connection broke before the answer: it may have
// been committed (inject it with Commit to say it was).
func Lost() error {
	return &apply.TransientError{Err: errors.New("POST /v1/project/p/service: the connection broke before an answer: EOF"),
		Unanswered: true}
}

// RateLimited is a transient 429 asking to wait retryAfter.
func RateLimited(retryAfter time.Duration) error {
	return &apply.TransientError{Err: errors.New("[429]: rate limit exceeded"), RetryAfter: retryAfter}
}

// Calls counts the requests a Fake has served.
type Calls struct {
	Creates, Gets, Lists int
	// ListsByProject counts lists per project.
	ListsByProject map[string]int
	// Committed counts the creates that took effect per "project/service":
	// exactly-once means every value is 1.
	Committed map[string]int
	// RefusedJoins counts creates refused because the target was not
	// RUNNING (with JoinRequiresRunning).
	RefusedJoins int
	// RefusedReplicas counts read replicas refused because their primary
	// had no backup (Aiven's 403).
	RefusedReplicas int
	// BackupReads counts CountBackups calls per "project/service".
	BackupReads map[string]int
	// Links counts Link calls; LinksCommitted the links they made.
	Links, LinksCommitted int
	// Actives counts MakeActive calls; Switchovers the role swaps they made.
	Actives, Switchovers int
	// Updates counts UpdateService calls, TagUpdates UpdateTags calls.
	Updates, TagUpdates int
	// UpdatesBy counts UpdateService calls per "project/service",
	// TagUpdatesBy UpdateTags calls.
	UpdatesBy, TagUpdatesBy map[string]int
	// Changed counts, per "project/service field" (field as in
	// plan.FieldUpdate), the requests that changed that value: a pair's
	// plan changed by one request counts once on each member. "Nothing
	// changed twice" means every value is 1.
	Changed map[string]int
	// MaxInFlight is the most calls seen in progress at once.
	MaxInFlight int
}

// Fake is an in-memory apply.API. Set its exported fields before use; it is
// safe for concurrent calls.
type Fake struct {
	// ProvisionPolls is how many observations (lists or gets) show a new
	// service REBUILDING before it is RUNNING.
	ProvisionPolls int
	// ProvisionDelay, when set, makes a new service RUNNING this long after
	// its create instead, on the wall clock.
	ProvisionDelay time.Duration
	// ListLag is how many lists of its project leave out a new service.
	ListLag int
	// JoinRequiresRunning refuses a join whose target is not RUNNING,
	// wrapping apply.ErrJoinNotReady, as aiven-sim --join-requires-running
	// does; by default a target that is still being built can be joined.
	JoinRequiresRunning bool
	// Latency delays every answer; a cancelled ctx ends the delay with
	// ctx.Err(), after a create has committed.
	Latency time.Duration
	// OnCreate is called as a create arrives, before it commits;
	// OnChange as a link, switchover or update does.
	OnCreate func(project, service string)
	OnChange func(op Op, project, service string)
	// FirstBackupPolls is how many backup reads of a RUNNING service that
	// takes backups find none before its first one; FirstBackupDelay, when
	// set, makes the first backup come this long after the service was
	// first seen RUNNING instead, on the wall clock. A service seeded with
	// Backups keeps that count.
	FirstBackupPolls int
	FirstBackupDelay time.Duration
	// AllowReplicaWithoutBackup accepts a pg or mysql read replica of a
	// primary without a backup; by default it is refused with Aiven's 403,
	// wrapping apply.ErrReplicaNotReady.
	AllowReplicaWithoutBackup bool
	// SwitchoverPolls is how many observations of a service made active
	// still show the old roles.
	SwitchoverPolls int
	// RebalancePolls is how many observations show a service whose plan
	// or disk an update changed REBALANCING before it is RUNNING again
	// (both members of a CCR pair); RebalanceDelay, when set, makes it
	// RUNNING this long after the update instead, on the wall clock.
	RebalancePolls int
	RebalanceDelay time.Duration
	// Chaos, when set, fails calls at random besides the injected faults.
	Chaos *Chaos

	mu       sync.Mutex
	projects map[string]map[string]*entry
	faults   map[faultKey][]Fault
	calls    Calls
	inFlight int
	log      []string
	rng      *rand.Rand
	linkSeq  int
}

// Chaos fails a share of calls, drawn from a generator seeded with Seed.
type Chaos struct {
	Seed uint64
	// P5xx and P429 are the shares of calls answered 503 and 429 (with a
	// one-second RetryAfter); PDropAfterCommit the share of creates, links,
	// switchovers and updates that commit and then lose their response.
	P5xx, P429, PDropAfterCommit float64
}

type faultKey struct {
	op               Op
	project, service string
}

// entry is one service; fresh ones provision, seeded ones keep their state.
type entry struct {
	svc       plan.LiveService
	fresh     bool
	createdAt time.Time
	observed  int
	hidden    int
	// backups is how many backups it has; backupReads counts the reads
	// since it was RUNNING, runningAt is when it was first RUNNING.
	backups     int
	backupReads int
	runningAt   time.Time
	// swapIn counts the observations before a requested switchover shows.
	swapIn  int
	swapped bool
	// rebalancing marks a service an update resized: it is REBALANCING
	// for rebalanceLeft more observations, or until rebalanceUntil.
	rebalancing    bool
	rebalanceLeft  int
	rebalanceUntil time.Time
}

// New returns an empty Fake.
func New() *Fake {
	return &Fake{projects: map[string]map[string]*entry{}, faults: map[faultKey][]Fault{},
		calls: Calls{ListsByProject: map[string]int{}, Committed: map[string]int{}, BackupReads: map[string]int{},
			UpdatesBy: map[string]int{}, TagUpdatesBy: map[string]int{}, Changed: map[string]int{}}}
}

// Seed adds an existing service as it is; it never changes state by itself,
// but takes backups (see FirstBackupPolls) unless s.Backups sets a count.
// Its integrations are added to the services at their other ends.
func (f *Fake) Seed(project string, s plan.LiveService) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e := &entry{svc: s}
	if s.Backups != nil {
		e.backups, e.backupReads = *s.Backups, -1
	}
	e.svc.Backups = nil // a list or get never carries them
	if s.State == plan.StateRunning {
		e.runningAt = time.Now()
	}
	f.put(project, e)
	for _, l := range s.Integrations {
		for _, end := range []string{l.Source, l.Dest} {
			if other := f.projects[project][end]; other != nil && other != e && !hasLink(other.svc, l.ID) {
				other.svc.Integrations = append(other.svc.Integrations, l)
			}
		}
	}
}

// Inject queues faults for the next calls of op on project/service (service
// "" for lists); each fault answers one call.
func (f *Fake) Inject(op Op, project, service string, faults ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := faultKey{op, project, service}
	f.faults[k] = append(f.faults[k], faults...)
}

// SetState forces a service's state, e.g. POWEROFF; it then stops provisioning.
func (f *Fake) SetState(project, service, state string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e := f.projects[project][service]; e != nil {
		e.svc.State, e.fresh = state, false
	}
}

// Service returns a service as stored.
func (f *Fake) Service(project, service string) (plan.LiveService, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e := f.projects[project][service]
	if e == nil {
		return plan.LiveService{}, false
	}
	return e.snapshot(), true
}

// Calls returns a copy of the call counts.
func (f *Fake) Calls() Calls {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calls
	c.ListsByProject, c.Committed, c.BackupReads = maps.Clone(f.calls.ListsByProject),
		maps.Clone(f.calls.Committed), maps.Clone(f.calls.BackupReads)
	c.UpdatesBy, c.TagUpdatesBy, c.Changed = maps.Clone(f.calls.UpdatesBy), maps.Clone(f.calls.TagUpdatesBy),
		maps.Clone(f.calls.Changed)
	return c
}

// Log returns what happened in order: "create p/s" when a create commits,
// "running p/s" when a created service is first reported RUNNING, "backup
// p/s" when a read first finds a backup, "link p/s" when a link is made,
// "active p/s" when a switchover shows, "update p/s FIELD" when an update
// changes a value, "rebalanced p/s" when a resized service is RUNNING again.
func (f *Fake) Log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}

func (f *Fake) put(project string, e *entry) {
	if f.projects[project] == nil {
		f.projects[project] = map[string]*entry{}
	}
	f.projects[project][e.svc.Name] = e
}

// mutate runs one mutating call under f.mu: count records it, commit
// applies it unless a fault ends the call before its commit, and the
// caller gets the fault's error, or a lost answer, over commit's.
func (f *Fake) mutate(ctx context.Context, op Op, project, service string, count func(), commit func() error) error {
	f.mu.Lock()
	count()
	fault, faulted := f.begin(op, project, service)
	var err error
	if !faulted || fault.Commit {
		err = commit()
	}
	if faulted {
		err = fault.Err
	}
	f.mu.Unlock()
	if endErr := f.end(ctx, fault); endErr != nil {
		return endErr
	}
	return err
}

// begin counts a call in flight and pops its fault, if any; f.mu is held.
func (f *Fake) begin(op Op, project, service string) (Fault, bool) {
	f.inFlight++
	f.calls.MaxInFlight = max(f.calls.MaxInFlight, f.inFlight)
	k := faultKey{op, project, service}
	q := f.faults[k]
	if len(q) == 0 {
		return f.chaos(op)
	}
	f.faults[k] = q[1:]
	return q[0], true
}

// chaos draws a random fault for a call of op; f.mu is held.
func (f *Fake) chaos(op Op) (Fault, bool) {
	if f.Chaos == nil {
		return Fault{}, false
	}
	if f.rng == nil {
		f.rng = rand.New(rand.NewPCG(f.Chaos.Seed, f.Chaos.Seed))
	}
	x := f.rng.Float64()
	switch c := f.Chaos; {
	case x < c.P5xx:
		return Fault{Err: Unavailable()}, true
	case x < c.P5xx+c.P429:
		return Fault{Err: RateLimited(time.Second)}, true
	case (op == OpCreate || op == OpLink || op == OpActive || op == OpUpdate || op == OpTags) &&
		x < c.P5xx+c.P429+c.PDropAfterCommit:
		return Fault{Err: Lost(), Commit: true}, true
	}
	return Fault{}, false
}

// end waits out the latency (or, for a hanging fault, the context), then
// ends the call.
func (f *Fake) end(ctx context.Context, fault Fault) error {
	var err error
	if fault.Hang {
		<-ctx.Done()
		err = ctx.Err()
	} else if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			err = ctx.Err()
		}
	}
	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
	return err
}
