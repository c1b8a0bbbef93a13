package apply

import (
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/ccr-dev/ccr/plan"
)

// diff is one field in which a live service differs from a planned create.
type diff struct {
	field     string
	got, want string
}

// mismatch lists how live differs from what c's create would have made: every
// field the create request sets, with Aiven's defaults where c leaves one
// out (the plan's disk, the public network, no termination protection, no
// tags, datacenter "aiven"). An empty result means the service is the one
// the plan meant: an earlier create of ours whose response was lost, or a
// concurrent apply of the same plan. Anything else, however close, was made
// by someone else and must not be counted as ours.
func mismatch(c plan.Change, live plan.LiveService) []diff {
	var ds []diff
	add := func(field, got, want string) {
		if got != want {
			ds = append(ds, diff{field, got, want})
		}
	}
	quoted := strconv.Quote
	add("service_type", quoted(live.Type), quoted(plan.CassandraType))
	add("cloud", quoted(live.Cloud), quoted(c.Cloud))
	add("plan", quoted(live.Plan), quoted(c.Plan))
	if disk := plannedDisk(c); disk > 0 {
		add("disk_space_mb", strconv.Itoa(live.DiskSpaceMB), strconv.Itoa(disk))
	}
	add("project_vpc_id", network(live.ProjectVPCID), network(c.ProjectVPCID))
	add("datacenter", quoted(orDefault(live.Datacenter)), quoted(orDefault(c.Datacenter)))
	add("service_to_join_with", quoted(live.JoinedWith), quoted(c.JoinWith))
	add("termination_protection", strconv.FormatBool(live.TerminationProtection),
		strconv.FormatBool(c.TerminationProtection != nil && *c.TerminationProtection))
	if !maps.Equal(live.Tags, c.Tags) && (len(live.Tags) > 0 || len(c.Tags) > 0) {
		add("tags", tagsText(live.Tags), tagsText(c.Tags))
	}
	return ds
}

// plannedDisk is the disk c's service gets: the one the change sets, else
// the plan's; 0 when neither is known, and the disk is not compared.
func plannedDisk(c plan.Change) int {
	if c.DiskSpaceMB > 0 {
		return c.DiskSpaceMB
	}
	return c.PlanDiskSpaceMB
}

// network names a VPC by its ID (UUIDs compare case-insensitively), or the
// public network.
func network(vpc string) string {
	if vpc == "" {
		return "public network"
	}
	return strconv.Quote(strings.ToLower(vpc))
}

func orDefault(dc string) string {
	if dc == "" {
		return plan.DefaultDatacenter
	}
	return dc
}

// tagsText renders tags as JSON: sorted, quoted and escaped.
func tagsText(tags map[string]string) string {
	if len(tags) == 0 {
		return "{}"
	}
	data, err := json.Marshal(tags)
	if err != nil {
		return "(unprintable)"
	}
	return string(data)
}

// joinDiffs renders diffs as `cloud is "a", want "b"; plan is …`.
func joinDiffs(ds []diff) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s is %s, want %s", d.field, d.got, d.want)
	}
	return strings.Join(parts, "; ")
}
