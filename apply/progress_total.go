package apply

import (
	"fmt"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// phase groups rows for the total line under the live view.
type phase int

const (
	phaseWaiting phase = iota
	phaseCreating
	// phaseChanging is a link or switchover in progress.
	phaseChanging
	// phaseUpdating is an update in place in progress.
	phaseUpdating
	phaseRunning
	phaseFailed
	phaseSkipped
	phaseNotStarted
	phaseInterrupted
)

// phase is where r stands in the run: a service created but not yet
// RUNNING counts as creating until it is.
func (r *row) phase() phase {
	switch r.kind {
	case EventUpdating, EventUpdated:
		return phaseUpdating
	case EventCreating, EventRetrying, EventCreated, EventAlreadyPresent, EventState:
		if r.updating {
			return phaseUpdating
		}
		if r.action == plan.Link || r.action == plan.Switchover {
			return phaseChanging
		}
		return phaseCreating
	case EventLinking, EventLinked, EventSwitchingOver, EventSwitchedOver:
		return phaseChanging
	case EventRunning:
		return phaseRunning
	case EventFailed:
		return phaseFailed
	case EventSkipped:
		return phaseSkipped
	case EventNotStarted:
		return phaseNotStarted
	case EventInterrupted:
		return phaseInterrupted
	}
	return phaseWaiting
}

// total is the line under the live view, in parts to be joined with ", ":
//
//	3/8 RUNNING, 2 creating, 3 waiting, 0 failed, 1m12s
//
// RUNNING, creating and failed always show; the other phases (links,
// switchovers and updates in progress among them) only when a row is in
// them. The time is the run's so far.
func (b *board) total(now time.Time) []string {
	var n [phaseInterrupted + 1]int
	for _, r := range b.rows {
		n[r.phase()]++
	}
	parts := []string{
		fmt.Sprintf("%d/%d RUNNING", n[phaseRunning], len(b.rows)),
		fmt.Sprintf("%d creating", n[phaseCreating]),
	}
	if n[phaseChanging] > 0 {
		parts = append(parts, fmt.Sprintf("%d linking or switching over", n[phaseChanging]))
	}
	if n[phaseUpdating] > 0 {
		parts = append(parts, fmt.Sprintf("%d updating", n[phaseUpdating]))
	}
	if n[phaseWaiting] > 0 {
		parts = append(parts, fmt.Sprintf("%d waiting", n[phaseWaiting]))
	}
	parts = append(parts, fmt.Sprintf("%d failed", n[phaseFailed]))
	for _, extra := range []struct {
		p    phase
		name string
	}{{phaseSkipped, "skipped"}, {phaseNotStarted, "not started"}, {phaseInterrupted, "interrupted"}} {
		if n[extra.p] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[extra.p], extra.name))
		}
	}
	elapsed := time.Duration(0)
	if !b.started.IsZero() {
		elapsed = now.Sub(b.started)
	}
	return append(parts, clock(elapsed))
}
