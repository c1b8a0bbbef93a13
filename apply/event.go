package apply

import (
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// EventKind says what happened to a service during Run.
type EventKind string

// Event kinds, in the order a service normally passes through them.
const (
	// EventPlanned is sent once per service to create before anything
	// starts, so a progress view knows every row up front.
	EventPlanned EventKind = "planned"
	// EventWaitingDependency: the create waits for DependsOn to be created
	// or RUNNING (WaitFor says which).
	EventWaitingDependency EventKind = "waiting-dependency"
	// EventJoinDeferred: the API refused to join DependsOn before it is
	// RUNNING; the create waits for that, then is tried once more.
	EventJoinDeferred EventKind = "join-deferred"
	// EventReplicaDeferred: the API refused the member because its primary
	// DependsOn has no backup yet; the create waits for one, then is tried
	// once more.
	EventReplicaDeferred EventKind = "replica-deferred"
	// EventCreating: the create request is being sent.
	EventCreating EventKind = "creating"
	// EventRetrying: a request failed transiently and is tried again after
	// Delay.
	EventRetrying EventKind = "retrying"
	// EventCreated: the API accepted the create.
	EventCreated EventKind = "created"
	// EventAlreadyPresent: the name was taken by a service matching the
	// plan, counted as created; or the link, role or values to update
	// were found as planned.
	EventAlreadyPresent EventKind = "already-present"
	// EventLinking: the link request is being sent.
	EventLinking EventKind = "linking"
	// EventLinked: the API accepted the link; Run waits until the member
	// lists it and is RUNNING.
	EventLinked EventKind = "linked"
	// EventSwitchingOver: the switchover request is being sent.
	EventSwitchingOver EventKind = "switching-over"
	// EventSwitchedOver: the API accepted the switchover; Run waits until
	// the roles show it.
	EventSwitchedOver EventKind = "switched-over"
	// EventUpdating: the update's requests are being sent; Message names
	// the fields they set.
	EventUpdating EventKind = "updating"
	// EventUpdated: the API accepted the update (or, for a CCR pair's
	// member, its peer's, which Message names); Run waits until the
	// service is RUNNING with the new values.
	EventUpdated EventKind = "updated"
	// EventState: a poll saw a new, not yet final State.
	EventState EventKind = "state"
	// EventRunning: the service is RUNNING (and linked, or active, as its
	// action asked); Elapsed is the wait since the request.
	EventRunning EventKind = "running"
	// EventFailed: the service failed; Message says why.
	EventFailed EventKind = "failed"
	// EventSkipped: a dependency failed, so the create never started.
	EventSkipped EventKind = "skipped"
	// EventNotStarted: the run was interrupted before the create started.
	EventNotStarted EventKind = "not-started"
	// EventInterrupted: a hard cancel cut the create short after it was
	// sent; whether the service exists is unknown until a re-run.
	EventInterrupted EventKind = "interrupted"
	// EventStopping: a graceful stop was requested (no service fields).
	EventStopping EventKind = "stopping"
)

// Event is one state change of one service. Events carry no secrets: no URI,
// no token, only names, states and error messages.
type Event struct {
	Kind    EventKind
	Time    time.Time
	Project string
	Service string
	// Action is the plan's action for the service (plan.Create,
	// plan.Link, plan.Switchover; plan.NoOp for one Run waits for), or
	// plan.Update for the events of an update, also one that follows a
	// link or switchover.
	Action plan.Action
	// JoinWith is the peer the service joins ("" for the first of a pair).
	JoinWith string
	// DependsOn is the service the request waits for: a pair's peer, a
	// member's primary, a switchover's active peer.
	DependsOn string
	// LinkKind is a member's link kind.
	LinkKind string
	// WaitFor is what EventWaitingDependency waits for: "created",
	// "RUNNING", "backup" (a first backup), "creates" (an update waits for
	// the run's creates to be answered) or "update" (a CCR pair's member
	// waits for its peer's update, which changes both).
	WaitFor string
	// WaitOn is the service EventWaitingDependency waits on when it is
	// not DependsOn: a link or switchover waits for its own service to be
	// RUNNING too.
	WaitOn string
	// State is the observed Aiven state for EventState and EventRunning.
	State string
	// Elapsed is the time since the create for EventState and EventRunning.
	Elapsed time.Duration
	// Delay is the backoff before the next try for EventRetrying.
	Delay time.Duration
	// Message explains EventRetrying, EventFailed and EventSkipped.
	Message string
}

// Observer receives the events of a Run. Run never calls Observe
// concurrently, so implementations need no locking of their own against Run.
type Observer interface {
	Observe(Event)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(Event)

// Observe calls f(e).
func (f ObserverFunc) Observe(e Event) { f(e) }

// Observers fans events out to several observers in order.
type Observers []Observer

// Observe passes e to each observer.
func (os Observers) Observe(e Event) {
	for _, o := range os {
		o.Observe(e)
	}
}
