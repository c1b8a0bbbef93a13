package apply

import (
	"fmt"
	"strings"

	"github.com/ccr-dev/ccr/plan"
)

// diff is one field in which a live service differs from a planned create.
type diff struct {
	field     string
	got, want string
}

// mismatch lists how live differs from what c would have created, in the
// fields that make a service the intended peer: type, cloud, plan, join
// target and datacenter, plus disk and VPC when the plan sets them. An empty
// result means an earlier create of ours (or a concurrent apply) made it.
func mismatch(c plan.Change, live plan.LiveService) []diff {
	wantDC := c.Datacenter
	if wantDC == "" {
		wantDC = plan.DefaultDatacenter
	}
	var ds []diff
	add := func(field, got, want string) {
		if got != want {
			ds = append(ds, diff{field, got, want})
		}
	}
	add("service_type", live.Type, plan.CassandraType)
	add("cloud", live.Cloud, c.Cloud)
	add("plan", live.Plan, c.Plan)
	add("service_to_join_with", live.JoinedWith, c.JoinWith)
	add("datacenter", live.Datacenter, wantDC)
	if c.DiskSpaceMB > 0 {
		add("disk_space_mb", fmt.Sprint(live.DiskSpaceMB), fmt.Sprint(c.DiskSpaceMB))
	}
	if c.ProjectVPCID != "" {
		add("project_vpc_id", live.ProjectVPCID, c.ProjectVPCID)
	}
	return ds
}

// joinDiffs renders diffs as `cloud is "a", want "b"; plan is …`.
func joinDiffs(ds []diff) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s is %q, want %q", d.field, d.got, d.want)
	}
	return strings.Join(parts, "; ")
}
