package aivensim

import (
	"net/http"
	"regexp"
)

// serviceNameRE is the rule the API enforces on new service names (upper
// case is rejected, aiven-client#90); it is also the pattern of
// user_config.service_to_join_with.
var serviceNameRE = regexp.MustCompile(`^[a-z][-a-z0-9]{0,63}$`)

// defaultDatacenter is the Cassandra datacenter of a service created without
// user_config.cassandra.datacenter.
const defaultDatacenter = "aiven"

// errNotReady is the code of the refusal of a join to a target that is not
// RUNNING, under Options.JoinRequiresRunning. Aiven documents no such
// refusal and no code for it (its error-code list has nothing closer than
// not_powered, which means powered off); clients recognise the refusal by
// status 400 and the phrase "not running yet" in the message.
const errNotReady = "service_not_ready"

// checkJoin enforces Aiven's CCR limitations for a new service joining
// target: same project, an unpaired Cassandra service that is not powered
// off (and RUNNING, with JoinRequiresRunning), the identical plan and disk,
// another cloud, and a datacenter of its own.
func (s *Server) checkJoin(p *project, target, plan string, disk int, cloud, dc string) error {
	t, ok := p.services[target]
	if !ok {
		return badRequest("Service to join with %q was not found in project %q", target, p.name)
	}
	state := s.stateOf(t, s.now())
	switch {
	case t.typ != "cassandra":
		return badRequest("Service to join with %q is of type %q, not cassandra", target, t.typ)
	case state == "POWEROFF":
		return badRequest("Service to join with %q is powered off", target)
	case state != "RUNNING" && s.opts.JoinRequiresRunning:
		return errorf(http.StatusBadRequest, errNotReady, "Service to join with %q is not running yet (state %s)", target, state)
	case t.peer != "":
		return badRequest("Service %q is already in a cross-cluster replication pair with %q", target, t.peer)
	case plan != t.plan:
		return badRequest("Plan %q differs from plan %q of service %q: cross-cluster replication peers must use an identical plan",
			plan, t.plan, target)
	case disk != t.diskSpaceMB:
		return badRequest("disk_space_mb %d differs from %d of service %q: cross-cluster replication peers must have the same disk space",
			disk, t.diskSpaceMB, target)
	case cloud == t.cloud:
		return badRequest("Cloud %q is the cloud of service %q: cross-cluster replication peers must be in different clouds or regions",
			cloud, target)
	case dc == "":
		return badRequest("user_config.cassandra.datacenter must be set when joining service %q (its datacenter is %q)",
			target, datacenterOf(t))
	case dc == datacenterOf(t):
		return badRequest("Datacenter %q is already used by service %q: each service of a cross-cluster replication pair needs its own datacenter",
			dc, target)
	}
	return nil
}
