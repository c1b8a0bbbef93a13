package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ccr-dev/ccr/schema"
)

// preflightCreate checks a group's service c (declared as m) that ccr
// would create against the project's catalog of its type: the type is
// offered, and the cloud, plan, disk, version and VPC exist. It records the
// disk the plan includes on c. Facts the catalog did not read are not
// checked.
func (in *groupInput) preflightCreate(c *Change, m schema.Member) []located {
	typ := c.ServiceType()
	tc, read := in.catalog.Types[typ]
	names := []string{c.Service}
	var out []located
	add := func(pos schema.Pos, msg string) { out = append(out, in.located(KindPreflight, pos, names, msg)) }
	if read && !tc.Offered {
		add(cmpPos(in.group.Primary.TypePos, m.Pos), fmt.Sprintf("project %q does not offer the %s service type, so %s cannot be created",
			in.project, typ, c.Service))
		return out
	}
	if in.catalog.Clouds != nil && !in.catalog.Clouds[c.Cloud] {
		add(m.CloudPos, fmt.Sprintf("cloud %q is not available in project %q%s", c.Cloud, in.project,
			didYouMean(closestNames(c.Cloud, in.catalog.Clouds))))
	}
	if msg := vpcProblem(in.catalog.VPCs, in.project, c); msg != "" {
		add(cmpPos(m.ProjectVPCIDPos, m.Pos), msg)
	}
	planPos := cmpPos(m.PlanPos, m.Pos)
	if ps, ok := tc.Plans[c.Plan]; ok {
		c.PlanDiskSpaceMB = ps.DiskSpaceMB
		if m.DiskSpaceMB != 0 {
			if msg := diskProblem(c.Plan, ps, m.DiskSpaceMB); msg != "" {
				add(m.DiskPos, msg)
			}
		}
	} else if tc.Plans != nil && c.Plan != "" {
		add(planPos, unknownPlan(c.Plan, typ, in.project, tc.Plans))
	}
	if v := m.Version; v != "" && tc.Versions != nil && !slices.Contains(tc.Versions, v) {
		add(m.VersionPos, fmt.Sprintf("version %q is not offered for %s in project %q; offered: %s",
			v, typ, in.project, orWords(tc.Versions)))
	}
	return out
}

// orWords joins words as "a, b or c".
func orWords(words []string) string {
	switch len(words) {
	case 0:
		return "none"
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
