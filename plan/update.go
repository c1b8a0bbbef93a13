package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ccr-dev/ccr/schema"
)

// KindUpdate is a conflict with an update the file asks for that ccr will
// not make as asked: a change that removes capacity without
// allow_downgrade.
const KindUpdate = "update"

// Fields an update changes. A tag is "tags." and its key.
const (
	FieldPlan        = "plan"
	FieldDisk        = "disk_space_mb"
	FieldProtection  = "termination_protection"
	FieldTagPrefix   = "tags."
	protectionOffMsg = "%s: termination protection will be turned off; Aiven will then delete the service when asked"
)

// FieldUpdate is one setting of an existing service that apply changes in
// place to what the file declares.
type FieldUpdate struct {
	// Field is FieldPlan, FieldDisk, FieldProtection or "tags.KEY".
	Field string `json:"field"`
	// Before is the live value; nil for a tag the service does not have.
	Before *string `json:"before"`
	After  string  `json:"after"`
	// Via names the service whose request makes the change: a CCR pair's
	// plan and disk are one request on one member, which Aiven applies to
	// both, so the other member's change shows it with Via set and apply
	// waits to see it rather than asking twice. "" when this service's own
	// request makes it.
	Via string `json:"via,omitempty"`
}

// IsTag reports whether u changes a tag, and which.
func (u FieldUpdate) IsTag() (string, bool) { return strings.CutPrefix(u.Field, FieldTagPrefix) }

// sized is what a plan or disk update needs to know of the file.
type sized struct {
	plan     string
	planPos  schema.Pos
	disk     int
	diskPos  schema.Pos
	fallback schema.Pos // where to point when the file omits a value
	allow    bool       // allow_downgrade on the pair or group, or the flag
}

// sizeUpdates lists the plan and disk updates that bring live to what
// want declares, with the conflicts that stop them: a plan the catalog does
// not offer, a disk outside the new plan's bounds, or, unless allowed, a
// change that removes capacity. services names the services a conflict
// concerns.
func (in *updateInput) sizeUpdates(live *LiveService, want sized, services []string) ([]FieldUpdate, []located) {
	var ups []FieldUpdate
	var out []located
	add := func(kind string, pos schema.Pos, msg string) {
		out = append(out, newConflict(in.file, kind, in.project, cmpPos(pos, want.fallback), services, msg))
	}
	newPlan := live.Plan
	if want.plan != "" && want.plan != live.Plan {
		newPlan = want.plan
		ups = append(ups, update(FieldPlan, &live.Plan, want.plan))
	}
	newDisk := live.DiskSpaceMB
	if want.disk != 0 && want.disk != live.DiskSpaceMB {
		newDisk = want.disk
		ups = append(ups, diskUpdate(live, newDisk))
	}
	if len(ups) == 0 || in.plans == nil {
		return ups, nil
	}
	spec, ok := in.plans[newPlan]
	if !ok {
		add(KindPreflight, want.planPos, unknownPlan(newPlan, in.typ, in.project, in.plans))
		return ups, out
	}
	if want.disk == 0 && diskProblem(newPlan, spec, newDisk) != "" {
		// Aiven gives the new plan's default: an update of its own, shown,
		// priced and checked like a declared one.
		newDisk = spec.DiskSpaceMB
		if live.DiskSpaceMB != 0 && newDisk != live.DiskSpaceMB { // 0: the list did not say
			ups = append(ups, diskUpdate(live, newDisk))
		}
	} else if msg := diskProblem(newPlan, spec, newDisk); msg != "" {
		add(KindPreflight, want.diskPos, msg)
	}
	if why := in.downgrade(live, newPlan, newDisk, want.disk); why != "" && !want.allow {
		pos := want.planPos
		if newPlan == live.Plan {
			pos = want.diskPos
		}
		add(KindUpdate, pos, fmt.Sprintf("%s would lose capacity (%s): a downgrade needs allow_downgrade: true in the "+
			"file or --allow-downgrade", live.Name, why))
	}
	return ups, out
}

// diskUpdate moves live's disk to mb.
func diskUpdate(live *LiveService, mb int) FieldUpdate {
	before := strconv.Itoa(live.DiskSpaceMB)
	return update(FieldDisk, &before, strconv.Itoa(mb))
}

// downgrade says how moving live to newPlan with newDisk (declared is the
// file's disk_space_mb, 0 when it sets none) removes capacity, or "" when
// it does not (or the catalog cannot tell).
func (in *updateInput) downgrade(live *LiveService, newPlan string, newDisk, declared int) string {
	var why []string
	if newPlan != live.Plan {
		if w := smallerPlan(in.plans, newPlan, live.Plan); w != "" {
			if declared != 0 && smallerByDiskOnly(in.plans[newPlan], in.plans[live.Plan]) {
				// The service gets the declared disk, not the plan's: the
				// included disk only shows the plan is the smaller one.
				w = fmt.Sprintf("a smaller plan, which includes %d MB of disk, not %d; the file's disk_space_mb %d "+
					"sets the disk, not the plan's size",
					in.plans[newPlan].DiskSpaceMB, in.plans[live.Plan].DiskSpaceMB, declared)
			}
			why = append(why, fmt.Sprintf("plan %s after %s: %s", newPlan, live.Plan, w))
		}
	}
	if newDisk < live.DiskSpaceMB {
		why = append(why, fmt.Sprintf("disk_space_mb %d after %d", newDisk, live.DiskSpaceMB))
	}
	return strings.Join(why, "; ")
}

// smallerByDiskOnly reports whether plan a is smaller than plan b only by
// the disk it includes: as many nodes, and no less memory per node as far
// as the catalog tells.
func smallerByDiskOnly(a, b PlanSpec) bool {
	lessMemory := a.NodeMemoryMB > 0 && b.NodeMemoryMB > 0 && a.NodeMemoryMB < b.NodeMemoryMB
	return a.NodeCount >= b.NodeCount && !lessMemory && a.DiskSpaceMB < b.DiskSpaceMB
}

// settingUpdates lists the protection and tag updates that bring live to
// what the file declares; keys the file does not declare are left alone.
func settingUpdates(live *LiveService, protection *bool, tags map[string]string) []FieldUpdate {
	var ups []FieldUpdate
	if protection != nil && *protection != live.TerminationProtection {
		before := strconv.FormatBool(live.TerminationProtection)
		ups = append(ups, update(FieldProtection, &before, strconv.FormatBool(*protection)))
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		got, ok := live.Tags[k]
		if ok && got == tags[k] {
			continue
		}
		var before *string
		if ok {
			before = &got
		}
		ups = append(ups, FieldUpdate{Field: FieldTagPrefix + k, Before: before, After: tags[k]})
	}
	return ups
}

func update(field string, before *string, after string) FieldUpdate {
	b := *before
	return FieldUpdate{Field: field, Before: &b, After: after}
}

// updateInput is what planning updates in one project needs.
type updateInput struct {
	file, project, typ string
	plans              map[string]PlanSpec
}

// applyUpdates records ups on c, turning a no-op into an update, and warns
// when one turns termination protection off.
func applyUpdates(c *Change, ups []FieldUpdate, warn func(Warning)) {
	if len(ups) == 0 {
		return
	}
	c.Updates = append(c.Updates, ups...)
	if c.Action == NoOp {
		c.Action = Update
	}
	if turnsProtectionOff(ups) {
		warn(Warning{Project: c.Project, Message: fmt.Sprintf(protectionOffMsg, c.Service)})
	}
}

// turnsProtectionOff reports whether ups turn termination protection off
// by the service's own request (not via its pair's member).
func turnsProtectionOff(ups []FieldUpdate) bool {
	for _, u := range ups {
		if u.Field == FieldProtection && u.After == "false" && u.Via == "" {
			return true
		}
	}
	return false
}
