package adopt

import (
	"fmt"
	"maps"
	"slices"

	"github.com/ccr-dev/ccr/plan"
)

// buildPair declares the pair target and joiner form (joiner named target
// in service_to_join_with), with only the fields needed to reproduce them.
// A value the file cannot hold, or on which the two services disagree, is
// left out and reported as a Skip: ccr plan compares a field the file omits
// with nothing, so leaving one out never produces drift or a conflict. It
// returns why when no ccr file can declare the two at all.
func buildPair(ps plan.ProjectState, target, joiner *plan.LiveService) (pair Pair, skips []Skip, why string) {
	if why := placementProblem(target, joiner); why != "" {
		return Pair{}, nil, why
	}
	b := &pairBuilder{project: ps.Name, a: target, b: joiner, catalog: ps.Catalog}
	pair = Pair{Services: [2]Service{b.service(target), b.service(joiner)}}
	b.separateDatacenters(&pair)
	pair.Plan = b.plan()
	pair.DiskSpaceMB = b.disk()
	pair.TerminationProtection = b.protection()
	pair.Tags = b.tags()
	return pair, b.skips, ""
}

// placementProblem says why no ccr file can name a and b as a pair: a name
// or cloud the format refuses, or one cloud for both (ccr validate requires
// two).
func placementProblem(a, b *plan.LiveService) string {
	for _, s := range []*plan.LiveService{a, b} {
		if !fileLimits.name.MatchString(s.Name) {
			return fmt.Sprintf("%s is not a service name a ccr file accepts (a lower-case letter, then up to 63 "+
				"lower-case letters, digits or hyphens)", Quote(s.Name))
		}
		if !fileLimits.cloud.MatchString(s.Cloud) {
			return fmt.Sprintf("%s runs in cloud %s, which is not a cloud name a ccr file accepts", s.Name, Quote(s.Cloud))
		}
	}
	if a.Cloud == b.Cloud {
		return fmt.Sprintf("%s and %s both run in %s, and a ccr file declares the two services of a pair in "+
			"different clouds", a.Name, b.Name, a.Cloud)
	}
	return ""
}

// pairBuilder collects the skips of one pair.
type pairBuilder struct {
	project string
	a, b    *plan.LiveService
	catalog plan.Catalog
	skips   []Skip
}

func (b *pairBuilder) skip(services []string, field, key, value, reason string) {
	b.skips = append(b.skips, Skip{Project: b.project, Services: services, Field: field, Key: key, Value: value, Reason: reason})
}

func (b *pairBuilder) both() []string { return []string{b.a.Name, b.b.Name} }

// service declares one member: its VPC when it has one, its datacenter when
// it is not the default (the service name).
func (b *pairBuilder) service(s *plan.LiveService) Service {
	out := Service{Name: s.Name, Cloud: s.Cloud, State: s.State}
	if vpc := s.ProjectVPCID; vpc != "" {
		if fileLimits.vpc.MatchString(vpc) {
			out.ProjectVPCID = vpc
		} else {
			b.skip([]string{s.Name}, "project_vpc_id", "", vpc, fmt.Sprintf("project_vpc_id %s is not a UUID", Quote(vpc)))
		}
	}
	if dc := datacenterOf(s); dc != s.Name {
		if fileLimits.datacenter.MatchString(dc) {
			out.Datacenter = dc
		} else {
			b.skip([]string{s.Name}, "datacenter", "", dc, fmt.Sprintf("datacenter %s is not one a ccr file accepts "+
				"(letters, digits, - and _, at most 128); ccr plan does not need it for an existing service", Quote(dc)))
		}
	}
	return out
}

// separateDatacenters leaves both datacenters out when the file would give
// the two services the same one (ccr validate refuses that). It happens
// only when the live datacenters collide or one was left out above.
func (b *pairBuilder) separateDatacenters(p *Pair) {
	effective := func(s Service) string {
		if s.Datacenter != "" {
			return s.Datacenter
		}
		return s.Name
	}
	dc := effective(p.Services[0])
	if dc != effective(p.Services[1]) {
		return
	}
	for i := range p.Services {
		if s := &p.Services[i]; s.Datacenter != "" {
			b.skip([]string{s.Name}, "datacenter", "", s.Datacenter, fmt.Sprintf("both services would be in "+
				"datacenter %s in the file, which ccr validate refuses; ccr plan does not need it for an existing service", Quote(dc)))
			s.Datacenter = ""
		}
	}
}

// plan is the pair's shared plan; left out when the services disagree.
func (b *pairBuilder) plan() string {
	pa, pb := b.a.Plan, b.b.Plan
	switch {
	case pa != pb:
		b.skip(b.both(), "plan", "", "", fmt.Sprintf("%s runs plan %s and %s plan %s; CCR peers share one plan",
			b.a.Name, Quote(pa), b.b.Name, Quote(pb)))
	case pa == "":
	case !fileLimits.plan.MatchString(pa):
		b.skip(b.both(), "plan", "", pa, fmt.Sprintf("plan %s is not a plan name a ccr file accepts", Quote(pa)))
	default:
		return pa
	}
	return ""
}

// disk is the pair's disk when it is not the plan's default (or the default
// is unknown); left out when the services disagree.
func (b *pairBuilder) disk() int {
	da, db := b.a.DiskSpaceMB, b.b.DiskSpaceMB
	switch {
	case da != db:
		b.skip(b.both(), "disk_space_mb", "", "", fmt.Sprintf("%s has disk_space_mb %d and %s %d; CCR peers have "+
			"the same disk space", b.a.Name, da, b.b.Name, db))
	case da <= 0:
	case da > fileLimits.diskMax:
		b.skip(b.both(), "disk_space_mb", "", fmt.Sprint(da), fmt.Sprintf("disk_space_mb %d is larger than a ccr "+
			"file accepts (%d)", da, fileLimits.diskMax))
	case b.a.Plan == b.b.Plan && b.catalog.Plans(plan.CassandraType)[b.a.Plan].DiskSpaceMB == da:
		// The plan's default: a file that omits it means the same.
	default:
		return da
	}
	return 0
}

// protection is true when both services are protected; left out when they
// disagree.
func (b *pairBuilder) protection() bool {
	pa, pb := b.a.TerminationProtection, b.b.TerminationProtection
	if pa != pb {
		on := b.a.Name
		if pb {
			on = b.b.Name
		}
		b.skip(b.both(), "termination_protection", "", "", fmt.Sprintf("termination protection is on for %s only", on))
	}
	return pa && pb
}

// tags are the tags both services carry with the same value; the others
// are left out, one skip per key.
func (b *pairBuilder) tags() map[string]string {
	keys := slices.Sorted(maps.Keys(b.a.Tags))
	for k := range b.b.Tags {
		if _, ok := b.a.Tags[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := map[string]string{}
	for _, k := range keys {
		va, oka := b.a.Tags[k]
		vb, okb := b.b.Tags[k]
		switch {
		case !oka || !okb:
			on, off := b.a.Name, b.b.Name
			if okb {
				on, off = off, on
			}
			b.skip(b.both(), "tags", k, "", fmt.Sprintf("tag %s is set on %s, not on %s", Quote(k), on, off))
		case va != vb:
			b.skip(b.both(), "tags", k, "", fmt.Sprintf("tag %s is %s on %s and %s on %s", Quote(k), Quote(va), b.a.Name, Quote(vb), b.b.Name))
		default:
			if why := tagProblem(k, va); why != "" {
				b.skip(b.both(), "tags", k, va, fmt.Sprintf("tag %s: %s", Quote(k), why))
				continue
			}
			out[k] = va
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
