package plan

import (
	"fmt"
	"strings"

	"github.com/ccr-dev/ccr/schema"
)

// planActive turns the group's `active` into a switchover when the service
// it names is passive: Aiven swaps the roles of a disaster recovery pair
// when the passive one is set active. A switchover needs both services
// RUNNING, so one powered off is a conflict. ccr never fails over or back:
// a failed service is a conflict when active would need a failback, and a
// warning when the file says nothing of roles or names the service that
// took over.
func (in *groupInput) planActive(r *groupPlan, primary *LiveService) {
	g := in.group
	di := drMember(g)
	if di < 0 {
		return
	}
	dr := in.idx.get(g.Members[di].Name)
	failover := primary != nil && dr != nil && (primary.Role == RoleFailed || dr.Role == RoleFailed)
	warnFailover := func() {
		if failover {
			r.warnings = append(r.warnings, Warning{Project: in.project, Message: failoverSeen(primary, dr)})
		}
	}
	if g.Active == "" {
		warnFailover()
		return
	}
	both := []string{g.Primary.Name, g.Members[di].Name}
	target, other := 0, di+1
	if g.Active != g.Primary.Name {
		target, other = di+1, 0
	}
	tc, oc := &r.changes[target], &r.changes[other]
	switch {
	case tc.Live == nil || tc.Action == Link || oc.Live == nil || oc.Action == Link:
		if target != 0 {
			r.conflict(in, KindReplication, g.ActivePos, both, fmt.Sprintf("%s is not yet the recovery service of %s: "+
				"a new recovery service starts passive; switch over in a later change, once it is RUNNING", tc.Service, oc.Service))
		}
	case tc.Live.Role == RoleActive:
		// The file names the service that is active now: nothing to do,
		// but a failover that made it so is still news.
		warnFailover()
	case tc.Live.Role == "" || oc.Live.Role == "":
		r.conflict(in, KindReplication, g.ActivePos, both, fmt.Sprintf("the API did not report the disaster_recovery_role "+
			"of %s and %s: ccr cannot tell which one is active", tc.Service, oc.Service))
	case tc.Live.Role == RoleFailed || oc.Live.Role == RoleFailed:
		r.conflict(in, KindReplication, g.ActivePos, both, failoverSeen(primary, dr)+
			"; ccr never fails back: set active to the service that is active now, or fail back by hand first")
	case switchoverPoweredOff(tc.Live, oc.Live) != "":
		r.conflict(in, KindReplication, g.ActivePos, both, switchoverPoweredOff(tc.Live, oc.Live))
	default:
		tc.Action, tc.DependsOn, tc.Await = Switchover, oc.Service, schema.AwaitRunning
	}
}

// switchoverPoweredOff says why a switchover to target, whose peer is
// other, cannot happen when either is powered off (POWEROFF), "" when
// neither is. Apply switches over only once both are RUNNING, and only
// their owner can power them on, so apply would wait in vain.
func switchoverPoweredOff(target, other *LiveService) string {
	var off []string
	for _, s := range []*LiveService{target, other} {
		if s.State == StatePoweroff {
			off = append(off, s.Name)
		}
	}
	is, it := "is", "it"
	switch len(off) {
	case 0:
		return ""
	case 2:
		is, it = "are", "them"
	}
	return fmt.Sprintf("%s %s powered off (POWEROFF): a switchover makes %s active only once both %s and %s are "+
		"RUNNING; power %s on first", strings.Join(off, " and "), is, target.Name, target.Name, other.Name, it)
}

// drMember is the index of the group's disaster recovery member, -1 when
// it has none.
func drMember(g *schema.Group) int {
	for i, m := range g.Members {
		if m.Kind == schema.KindDisasterRecovery {
			return i
		}
	}
	return -1
}

// failoverSeen describes a disaster recovery pair one of whose services
// has the role failed.
func failoverSeen(primary, dr *LiveService) string {
	return fmt.Sprintf("a failover happened: %s is %s and %s is %s (disaster_recovery_role)",
		primary.Name, shown(primary.Role), dr.Name, shown(dr.Role))
}
