package aivensim

import "time"

// A joiner's first build. Aiven's CCR guide runs the two creates of a new
// pair back to back, so the second service joins a first that is still
// REBUILDING, and the Console creates both from one form. A joining node
// bootstraps by streaming from the target's nodes, so the emulator reports
// the joiner REBUILDING until both its own provision delay has passed and
// its target is RUNNING, whichever comes later.
//
// Read replicas, recovery services and followers build the same way from
// their source (bootstrapSource), which may still be REBUILDING where no
// rule asks for more. The wait is resolved lazily, like every state here:
// settleJoins runs at the start of each project-scoped request, so a change
// to the target (a power-off, a resize) is always applied after the joins
// it could affect have been settled at the right instant. Once finished, a
// joiner stays RUNNING whatever happens to its target later.
//
// When the target goes away while a joiner waits ([I]: Aiven documents
// neither case):
//   - powered off: the joiner keeps waiting and finishes once the target is
//     powered on again and RUNNING;
//   - deleted: the pair is split (the link removed), as for any delete, and
//     the join can never finish: the joiner stays REBUILDING, its nodes syncing_data, until it
//     is deleted in turn. A client waiting for RUNNING times out, which is
//     what it would see from a bootstrap with no one to stream from.

// bootstrapSource is the service sv's first build streams from: the target
// of a Cassandra join, or the source of the link sv is the member of; nil
// when it is gone.
func (s *Server) bootstrapSource(sv *service) *service {
	if sv.typ == "cassandra" {
		return s.lookup(sv.project, sv.peer)
	}
	if l := s.memberLink(sv, ""); l != nil {
		return s.lookup(l.srcProject, l.src)
	}
	return nil
}

// joinDoneAt reports whether sv's pending first build has finished by now,
// and at which instant: the later of the end of its own delay and the start
// of its source's current RUNNING period.
func (s *Server) joinDoneAt(sv *service, now time.Time) (time.Time, bool) {
	t := s.bootstrapSource(sv)
	if t == nil || sv.state(now) != "RUNNING" || t.state(now) != "RUNNING" {
		return time.Time{}, false
	}
	if t.busyUntil.After(sv.busyUntil) {
		return t.busyUntil, true
	}
	return sv.busyUntil, true
}

// settleJoins records the first builds that have finished by now, in every
// project (a link may cross projects), so that later changes to their
// sources cannot undo them. A service that takes backups schedules its
// first one from the instant its build finished.
func (s *Server) settleJoins(now time.Time) {
	for _, p := range s.projects {
		for _, sv := range p.services {
			if !sv.joinPending {
				continue
			}
			if at, done := s.joinDoneAt(sv, now); done {
				sv.joinPending, sv.busyState, sv.busyUntil = false, "REBUILDING", at
				s.startBackups(sv, at)
			}
		}
	}
}

// stateOf is the state the API reports for sv: its own state, except that a
// service still waiting for its source to finish its first build is
// REBUILDING.
func (s *Server) stateOf(sv *service, now time.Time) string {
	state := sv.state(now)
	if state == "RUNNING" && sv.joinPending {
		if _, done := s.joinDoneAt(sv, now); !done {
			return "REBUILDING"
		}
	}
	return state
}

// waitsForTarget reports whether sv is past its own delay and still waiting
// for its source: its nodes are streaming, not being set up.
func (s *Server) waitsForTarget(sv *service, now time.Time) bool {
	return sv.joinPending && sv.state(now) == "RUNNING" && s.stateOf(sv, now) == "REBUILDING"
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
