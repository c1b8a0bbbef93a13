package aivensim

import (
	"net/http"
	"slices"
	"time"
)

// Disaster recovery roles (reference/aiven-replicas.md §2.4). A link of kind
// disaster_recovery makes its source "active" and its member "passive";
// the role is a top-level service field that Aiven documents with
// ServiceGet and that go-client-codegen does not declare. aiven-sim shows it
// in every service object of a pair (list, get, create, update) and
// nowhere else. PUT disaster_recovery_role changes it:
//
//	active on the passive service   switchover: the roles swap (after Options.SwitchoverDelay), both stay RUNNING
//	failed on the active service    failover: it powers off (POWEROFF, failed), the other becomes active
//	passive on the failed service   failback: it powers on and rebuilds (REBUILDING, then RUNNING) as passive
//
// Repeating a service's role changes nothing; any other change is a 400
// [I]. The link itself never changes direction, as Aiven's switchover
// guide implies. Only the active service takes backups.
const (
	roleActive  = "active"
	rolePassive = "passive"
	roleFailed  = "failed"
)

// drPeer is the other service of sv's disaster recovery pair, nil when sv
// has none.
func (s *Server) drPeer(sv *service) *service {
	links := s.linksOf(sv, kindDR)
	switch {
	case len(links) == 0:
		return nil
	case links[0].hasSource(sv):
		return s.lookup(links[0].dstProject, links[0].dst)
	}
	return s.lookup(links[0].srcProject, links[0].src)
}

// checkRole validates a PUT's disaster_recovery_role and returns the
// change to make once every other check of the request has passed (nil
// when there is none).
func (s *Server) checkRole(sv *service, role *string) (func(time.Time), error) {
	if role == nil || *role == sv.drRole {
		return nil, nil
	}
	peer := s.drPeer(sv)
	switch {
	case *role != roleActive && *role != rolePassive && *role != roleFailed:
		return nil, badRequest("disaster_recovery_role: %q is not one of active, passive, failed", *role)
	case peer == nil:
		return nil, badRequest("Service %q has no disaster recovery integration", sv.name)
	}
	switch *role {
	case roleActive:
		return s.switchover(sv, peer)
	case roleFailed:
		if sv.drRole != roleActive {
			return nil, badRequest("Only the active service of a disaster recovery pair fails over; %q is %s", sv.name, sv.drRole)
		}
		return func(now time.Time) {
			sv.drRole, sv.powered, peer.drRole = roleFailed, false, roleActive
			s.startBackups(peer, now)
		}, nil
	}
	if sv.drRole != roleFailed {
		return nil, badRequest("Service %q becomes passive by a switchover to %q (disaster_recovery_role active on it), "+
			"or by failing back after a failover", sv.name, peer.name)
	}
	return func(now time.Time) {
		sv.drRole, sv.powered = rolePassive, true
		sv.setBusy("REBUILDING", now.UTC().Add(s.opts.ProvisionDelay))
	}, nil
}

// switchover makes the passive sv active and its peer passive.
func (s *Server) switchover(sv, peer *service) (func(time.Time), error) {
	now := s.now()
	if sv.drRole == roleFailed {
		return nil, badRequest("Service %q has failed over; set disaster_recovery_role passive on it to fail back first", sv.name)
	}
	if s.enforced(ruleSwitchover) {
		for _, m := range []*service{sv, peer} {
			if st := s.stateOf(m, now); st != "RUNNING" {
				return nil, errorf(http.StatusConflict, "", "Switchover needs both services RUNNING; %q is %s", m.name, st)
			}
		}
	}
	return func(now time.Time) {
		if slices.ContainsFunc(s.swaps, func(w swap) bool { return w.active == sv }) {
			return // already switching over to sv: the first request's time stands
		}
		s.swaps = append(s.swaps, swap{active: sv, passive: peer, at: now.Add(s.opts.SwitchoverDelay)})
		s.settleSwapsLocked(now)
	}, nil
}

// swap is a switchover accepted at some time whose roles swap at at.
type swap struct {
	active, passive *service
	at              time.Time
}

// settleSwapsLocked swaps the roles of every switchover due by now.
func (s *Server) settleSwapsLocked(now time.Time) {
	s.swaps = slices.DeleteFunc(s.swaps, func(w swap) bool {
		if now.Before(w.at) {
			return false
		}
		w.active.drRole, w.passive.drRole = roleActive, rolePassive
		s.startBackups(w.active, now)
		return true
	})
}
