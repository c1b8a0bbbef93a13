package apply_test

import (
	"maps"
	"strconv"

	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
)

// The update plans of these tests are built by hand as plan.Compute builds
// them: a CCR pair's plan and disk are updates of the first member, which
// its peer's change shows with Via set; protection and tags are each
// member's own.

// livePair is a RUNNING CCR pair, b joined to a, on startup-4 with the
// plan's disk.
func livePair(a, b string) (plan.LiveService, plan.LiveService) {
	first := plan.LiveService{Name: a, Type: plan.CassandraType, Plan: "startup-4", Cloud: "google-europe-west1",
		State: plan.StateRunning, Datacenter: a, DiskSpaceMB: 240000, Tags: map[string]string{"owner": "ops"}}
	second := first
	second.Name, second.Cloud, second.Datacenter, second.JoinedWith = b, "aws-us-east-1", b, a
	second.Tags = maps.Clone(first.Tags)
	return first, second
}

// upd is a FieldUpdate from before to after; before "" means a tag the
// service does not have.
func upd(field, before, after string) plan.FieldUpdate {
	u := plan.FieldUpdate{Field: field, After: after}
	if before != "" || field == plan.FieldPlan {
		u.Before = &before
	}
	return u
}

// updateOf is the Update of an existing service of pair index.
func updateOf(project string, live plan.LiveService, index int, ups ...plan.FieldUpdate) plan.Change {
	l := live
	return plan.Change{Project: project, Service: live.Name, Action: plan.Update, Pair: index, Cloud: live.Cloud,
		Plan: live.Plan, DiskSpaceMB: live.DiskSpaceMB, Datacenter: live.Datacenter, Updates: ups, Live: &l}
}

// resizePair is the plan of moving pair (a, b) to newPlan and disk: one
// request on a, which b's change shows via a. It seeds both into f.
func resizePair(f *applytest.Fake, project string, index int, a, b, newPlan string, disk int) []plan.Change {
	la, lb := livePair(a, b)
	f.Seed(project, la)
	f.Seed(project, lb)
	size := []plan.FieldUpdate{upd(plan.FieldPlan, la.Plan, newPlan),
		upd(plan.FieldDisk, strconv.Itoa(la.DiskSpaceMB), strconv.Itoa(disk))}
	peer := make([]plan.FieldUpdate, len(size))
	for i, u := range size {
		u.Via = a
		peer[i] = u
	}
	return []plan.Change{updateOf(project, la, index, size...), updateOf(project, lb, index, peer...)}
}

// updatePlan is a plan of changes, its summary counting its updates.
func updatePlan(changes ...plan.Change) *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: changes}
	for _, c := range changes {
		switch c.Action {
		case plan.Update:
			p.Summary.Update++
		case plan.Create:
			p.Summary.Create++
		}
	}
	return p
}
