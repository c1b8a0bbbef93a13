package aivensim

import "time"

// A joiner's first build. Aiven's CCR guide runs the two creates of a new
// pair back to back, so the second service joins a first that is still
// REBUILDING, and the Console creates both from one form. A joining node
// bootstraps by streaming from the target's nodes, so the emulator reports
// the joiner REBUILDING until both its own provision delay has passed and
// its target is RUNNING, whichever comes later.
//
// The wait is resolved lazily, like every state here: settleJoins runs at
// the start of each project-scoped request, so a change to the target (a
// power-off, a resize) is always applied after the joins it could affect
// have been settled at the right instant. Once finished, a joiner stays
// RUNNING whatever happens to its target later.
//
// When the target goes away while a joiner waits ([I]: Aiven documents
// neither case):
//   - powered off: the joiner keeps waiting and finishes once the target is
//     powered on again and RUNNING;
//   - deleted: the pair is split, as for any delete, and the join can never
//     finish: the joiner stays REBUILDING, its nodes syncing_data, until it
//     is deleted in turn. A client waiting for RUNNING times out, which is
//     what it would see from a bootstrap with no one to stream from.

// joinDoneAt reports whether sv's pending join has finished by now, and at
// which instant: the later of the end of its own delay and the start of its
// target's current RUNNING period.
func joinDoneAt(p *project, sv *service, now time.Time) (time.Time, bool) {
	t, ok := p.services[sv.peer]
	if !ok || sv.state(now) != "RUNNING" || t.state(now) != "RUNNING" {
		return time.Time{}, false
	}
	if t.busyUntil.After(sv.busyUntil) {
		return t.busyUntil, true
	}
	return sv.busyUntil, true
}

// settleJoins records the joins of p that have finished by now, so that
// later changes to their targets cannot undo them.
func settleJoins(p *project, now time.Time) {
	for _, sv := range p.services {
		if !sv.joinPending {
			continue
		}
		if at, done := joinDoneAt(p, sv, now); done {
			sv.joinPending, sv.busyState, sv.busyUntil = false, "REBUILDING", at
		}
	}
}

// stateOf is the state the API reports for sv: its own state, except that a
// joiner still waiting for its target is REBUILDING.
func stateOf(p *project, sv *service, now time.Time) string {
	state := sv.state(now)
	if state == "RUNNING" && sv.joinPending {
		if _, done := joinDoneAt(p, sv, now); !done {
			return "REBUILDING"
		}
	}
	return state
}

// waitsForTarget reports whether sv is a joiner past its own delay that is
// still waiting for its target: its nodes are streaming, not being set up.
func waitsForTarget(p *project, sv *service, now time.Time) bool {
	return sv.joinPending && sv.state(now) == "RUNNING" && stateOf(p, sv, now) == "REBUILDING"
}

// setBusy starts a provision delay in state busy (REBUILDING or
// REBALANCING) that ends at until. A joiner still in its first build stays
// REBUILDING and never ends it earlier than already planned.
func (sv *service) setBusy(busy string, until time.Time) {
	if sv.joinPending {
		sv.busyState = "REBUILDING"
		if until.After(sv.busyUntil) {
			sv.busyUntil = until
		}
		return
	}
	sv.busyState, sv.busyUntil = busy, until
}
