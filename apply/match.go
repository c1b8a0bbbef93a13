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
// tags, datacenter "aiven" for a pair's service, no link for a group's
// primary). An empty result means the service is the one the plan meant: an
// earlier create of ours whose response was lost, or a concurrent apply of
// the same plan. Anything else, however close, was made by someone else and
// must not be counted as ours.
func mismatch(c plan.Change, live plan.LiveService) []diff {
	var ds []diff
	add := func(field, got, want string) {
		if got != want {
			ds = append(ds, diff{field, got, want})
		}
	}
	quoted := strconv.Quote
	add("service_type", quoted(live.Type), quoted(c.ServiceType()))
	add("cloud", quoted(live.Cloud), quoted(c.Cloud))
	add("plan", quoted(live.Plan), quoted(c.Plan))
	if disk := plannedDisk(c); disk > 0 {
		add("disk_space_mb", strconv.Itoa(live.DiskSpaceMB), strconv.Itoa(disk))
	}
	add("project_vpc_id", network(live.ProjectVPCID), network(c.ProjectVPCID))
	if c.Type == "" {
		add("datacenter", quoted(orDefault(live.Datacenter)), quoted(orDefault(c.Datacenter)))
	} else {
		ds = append(ds, groupMismatch(c, live)...)
	}
	add("service_to_join_with", quoted(live.JoinedWith), quoted(c.JoinWith))
	add("termination_protection", strconv.FormatBool(live.TerminationProtection),
		strconv.FormatBool(c.TerminationProtection != nil && *c.TerminationProtection))
	if !maps.Equal(live.Tags, c.Tags) && (len(live.Tags) > 0 || len(c.Tags) > 0) {
		add("tags", tagsText(live.Tags), tagsText(c.Tags))
	}
	return ds
}

// groupMismatch lists how live differs from a replica group's planned
// create in what only groups have: the version when the plan names one,
// and the link, which must be exactly the planned one (kind and primary)
// for a member, and none for a primary.
func groupMismatch(c plan.Change, live plan.LiveService) []diff {
	var ds []diff
	if c.Version != "" && live.Version != c.Version {
		ds = append(ds, diff{"version", strconv.Quote(live.Version), strconv.Quote(c.Version)})
	}
	sources := live.Sources()
	want := "none"
	if c.Kind != "" {
		want = linkText(c.Kind, c.Source)
	}
	_, linked := live.LinkedTo(c.Kind, c.Source)
	if c.Kind != "" && (!linked || len(sources) != 1) || c.Kind == "" && len(sources) > 0 {
		got := make([]string, len(sources))
		for i, l := range sources {
			got[i] = linkText(l.Kind, l.Source)
		}
		ds = append(ds, diff{"link", orNone(strings.Join(got, ", ")), want})
	}
	return ds
}

// linkText names a link as "read_replica of "pg-main"".
func linkText(kind, source string) string { return kind + " of " + strconv.Quote(source) }

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
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
