package apply

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/ccr-dev/ccr/plan"
)

// Progress defaults: a CI log gets a heartbeat every HeartbeatInterval; a
// terminal view is redrawn at most every RedrawInterval.
const (
	HeartbeatInterval = 30 * time.Second
	RedrawInterval    = 250 * time.Millisecond
)

// ProgressOptions configures LineProgress and TTYProgress. The zero value
// uses the wall clock and a real ticker.
type ProgressOptions struct {
	// Now reads the clock where no tick brings the time (the final redraw).
	Now func() time.Time
	// Tick drives heartbeats (LineProgress) or redraws (TTYProgress); nil
	// means a ticker at HeartbeatInterval or RedrawInterval.
	Tick <-chan time.Time
	// Size measures the terminal in cells for TTYProgress, on every redraw;
	// 0 means unknown: the width is then taken to be DefaultWidth, and the
	// height unlimited. nil means both are unknown.
	Size func() (width, height int)
	// Resize receives a value when the terminal changed size (SIGWINCH), for
	// TTYProgress to redraw at once rather than on the next tick.
	Resize <-chan struct{}
	// Color lets TTYProgress colour states with ANSI codes. The caller
	// decides (terminal, NO_COLOR); apply never reads the environment.
	Color bool
}

// DefaultWidth is the terminal width TTYProgress assumes when it cannot
// measure one.
const DefaultWidth = 80

// row is one service on a progress board.
type row struct {
	project, service, joinWith, dependsOn string
	action                                plan.Action
	// updating is set while the row shows an update in place: its last
	// event was one of an update (also one that follows a link or
	// switchover).
	updating bool
	// waitFor is what a waiting request waits for: "created", "RUNNING",
	// "backup", "creates" or "update" (see Event.WaitFor); waitOn the
	// service it waits on ("" for dependsOn).
	waitFor, waitOn string
	kind            EventKind
	state           string
	// since is when the create was accepted, for live elapsed times.
	since   time.Time
	elapsed time.Duration
	delay   time.Duration
	message string
}

// waiting reports whether the service exists and is being waited on.
func (r *row) waiting() bool {
	switch r.kind {
	case EventCreated, EventAlreadyPresent, EventState, EventLinked, EventSwitchedOver, EventUpdated:
		return true
	}
	return false
}

// board is what both progress writers know: one row per planned service.
type board struct {
	rows     []*row
	byKey    map[key]*row
	projects map[string]bool
	stopping bool
	// started is the time of the first event, from which the run's elapsed
	// time counts.
	started time.Time
}

func newBoard() board { return board{byKey: map[key]*row{}, projects: map[string]bool{}} }

// update records e and returns its row (nil for run-wide events).
func (b *board) update(e Event) *row {
	if b.started.IsZero() {
		b.started = e.Time
	}
	if e.Kind == EventStopping {
		b.stopping = true
		return nil
	}
	k := key{e.Project, e.Service}
	r := b.byKey[k]
	if r == nil {
		r = &row{project: e.Project, service: e.Service, joinWith: e.JoinWith, dependsOn: e.DependsOn, action: e.Action}
		b.byKey[k] = r
		b.rows = append(b.rows, r)
		b.projects[e.Project] = true
	}
	if r.updating = e.Action == plan.Update; r.updating && e.Kind == EventAlreadyPresent {
		r.since = e.Time
	}
	if e.Kind == EventCreated || e.Kind == EventLinked || e.Kind == EventSwitchedOver || e.Kind == EventUpdated ||
		(e.Kind == EventAlreadyPresent && r.since.IsZero()) {
		r.since = e.Time
	}
	if e.Kind != EventRetrying || r.kind == EventCreating || r.kind == EventRetrying {
		// A retry while waiting for a poll does not change what the
		// service is doing.
		r.kind = e.Kind
	}
	if e.State != "" {
		r.state = oneLine(e.State)
	}
	if e.WaitFor != "" {
		r.waitFor, r.waitOn = e.WaitFor, e.WaitOn
	}
	r.elapsed, r.delay, r.message = e.Elapsed, e.Delay, oneLine(e.Message)
	return r
}

// label names a row: the bare service name unless several projects are in
// play.
func (b *board) label(r *row) string {
	if len(b.projects) > 1 {
		return r.project + "/" + r.service
	}
	return r.service
}

// status describes a row's present condition; now drives live elapsed times.
func (r *row) status(now time.Time) string {
	switch r.kind {
	case EventPlanned:
		return "pending"
	case EventWaitingDependency:
		return r.waitingStatus()
	case EventJoinDeferred:
		return "waiting for " + r.dependsOn + " to be RUNNING: Aiven refused to join it earlier"
	case EventReplicaDeferred:
		return "waiting for a backup of " + r.dependsOn + ": Aiven refused the replica without one"
	case EventLinking:
		return "linking to " + r.dependsOn
	case EventSwitchingOver:
		return "switching over from " + r.dependsOn
	case EventLinked:
		return fmt.Sprintf("linked, not yet listed %s", clock(now.Sub(r.since)))
	case EventSwitchedOver:
		return fmt.Sprintf("switched over, roles not yet swapped %s", clock(now.Sub(r.since)))
	case EventUpdating:
		return "updating " + r.message
	case EventUpdated:
		return fmt.Sprintf("updated, not yet RUNNING with the new values %s", clock(now.Sub(r.since)))
	case EventCreating:
		if r.joinWith != "" {
			return "creating (joins " + r.joinWith + ")"
		}
		return "creating"
	case EventRetrying:
		return fmt.Sprintf("retrying in %s: %s", formatElapsed(r.delay), r.message)
	case EventCreated, EventAlreadyPresent, EventState:
		state := r.state
		switch {
		case state == "" && r.updating:
			state = "values already set, not yet seen RUNNING"
		case state == "":
			state = "created"
		}
		return fmt.Sprintf("%s %s", state, clock(now.Sub(r.since)))
	case EventRunning:
		if r.updating {
			return "RUNNING with the new values after " + clock(r.elapsed)
		}
		switch r.action {
		case plan.Link:
			return "linked, RUNNING after " + clock(r.elapsed)
		case plan.Switchover:
			return "active after " + clock(r.elapsed)
		}
		return "RUNNING after " + clock(r.elapsed)
	case EventFailed:
		return "failed: " + r.message
	case EventSkipped:
		return "skipped: " + r.message
	case EventNotStarted:
		return "not started"
	case EventInterrupted:
		return "interrupted: " + r.message
	}
	return string(r.kind)
}

// waitingStatus says what a waiting request waits for.
func (r *row) waitingStatus() string {
	on := r.dependsOn
	if r.waitOn != "" {
		on = r.waitOn
	}
	switch r.waitFor {
	case "created":
		return "waiting for " + on + " to be created"
	case "backup":
		return "waiting for a backup of " + on
	case "creates":
		return "waiting for the run's creates to be sent"
	case "update":
		return "waiting for the update of " + on + ", which changes both"
	}
	return "waiting for " + on + " to be RUNNING"
}

// clock renders an elapsed time to the second, as a live counter reads.
func clock(d time.Duration) string { return max(d, 0).Truncate(time.Second).String() }

// oneLine keeps a message from the API from breaking a line-oriented
// display: white space runs become one space, and other control characters
// (a terminal escape) become U+FFFD.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, strings.Join(strings.Fields(s), " "))
}

// ticking calls fn with each tick's time until closed. The tick carries the
// time so that a test driving the ticks controls what fn sees as now.
type ticking struct {
	stop, done chan struct{}
	once       sync.Once
}

// startTicking runs fn on each value from tick, or from a ticker of every
// when tick is nil, and on each value from wake with the time from now.
// A nil wake never wakes.
func startTicking(tick <-chan time.Time, every time.Duration, fn func(time.Time),
	wake <-chan struct{}, now func() time.Time) *ticking {
	t := &ticking{stop: make(chan struct{}), done: make(chan struct{})}
	var ticker *time.Ticker
	if tick == nil {
		ticker = time.NewTicker(every)
		tick = ticker.C
	}
	go func() {
		defer close(t.done)
		if ticker != nil {
			defer ticker.Stop()
		}
		for {
			select {
			case at := <-tick:
				fn(at)
			case <-wake:
				fn(now())
			case <-t.stop:
				return
			}
		}
	}()
	return t
}

// close stops the ticking and waits until fn is no longer running.
func (t *ticking) close() {
	t.once.Do(func() { close(t.stop) })
	<-t.done
}

func (o ProgressOptions) now() func() time.Time {
	if o.Now == nil {
		return time.Now
	}
	return o.Now
}

// Progress is an Observer to close once Run has returned.
type Progress interface {
	Observer
	// Note writes a line of ccr's own (such as "Second interrupt:
	// cancelling.") without breaking the view.
	Note(msg string)
	io.Closer
}

// NewProgress returns the live view for a terminal, the line log otherwise.
func NewProgress(w io.Writer, tty bool, opts ProgressOptions) Progress {
	if tty {
		return NewTTYProgress(w, opts)
	}
	return NewLineProgress(w, opts)
}
