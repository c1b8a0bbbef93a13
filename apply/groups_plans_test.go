package apply_test

import (
	"fmt"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/apply/applytest"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// The plans of these tests are built by hand, as plan.Compute would build
// them for replica groups: a primary's Change has a Type and no Kind; a
// member's has its Kind, its primary as Source and DependsOn, and the
// Await of its kind's rule.

// primary is the Create of a group's primary of type typ.
func primary(project, name, typ string) plan.Change {
	group := 0
	return plan.Change{Project: project, Service: name, Action: plan.Create, Group: &group, Type: typ,
		Cloud: "google-europe-west1", Plan: "business-4", PlanDiskSpaceMB: 81920, Version: "16"}
}

// member is the Create of a member of kind linked to source, waiting as
// its kind's rule says.
func member(project, name, source, typ, kind string) plan.Change {
	group := 0
	rule, _ := schema.LookupLink(typ, kind)
	return plan.Change{Project: project, Service: name, Action: plan.Create, Group: &group, Type: typ,
		Kind: kind, Source: source, DependsOn: source, Await: rule.Await, Version: "16",
		Cloud: "aws-us-east-1", Plan: "startup-4", PlanDiskSpaceMB: 81920}
}

// existing is a NoOp on a live service.
func existing(project string, live plan.LiveService) plan.Change {
	group := 0
	return plan.Change{Project: project, Service: live.Name, Action: plan.NoOp, Group: &group, Type: live.Type,
		Cloud: live.Cloud, Plan: live.Plan, Live: &live}
}

// running is a RUNNING service of type typ; backups nil means the plan did
// not read them.
func running(name, typ string, backups *int) plan.LiveService {
	return plan.LiveService{Name: name, Type: typ, Plan: "business-4", Cloud: "google-europe-west1",
		State: plan.StateRunning, DiskSpaceMB: 81920, Version: "16", Backups: backups}
}

// drPair is an existing pg primary and its recovery service, linked, with
// their roles.
func drPair(primaryRole, recoveryRole string) (plan.LiveService, plan.LiveService) {
	link := plan.Integration{ID: "dr-1", Kind: schema.KindDisasterRecovery, Source: "pg-main", Dest: "pg-dr", Active: true}
	main, dr := running("pg-main", "pg", nil), running("pg-dr", "pg", nil)
	main.Role, dr.Role = primaryRole, recoveryRole
	main.Integrations, dr.Integrations = []plan.Integration{link}, []plan.Integration{link}
	return main, dr
}

// switchoverTo is the Switchover making live active, from its peer.
func switchoverTo(project string, live plan.LiveService, peer string) plan.Change {
	c := existing(project, live)
	c.Action, c.DependsOn, c.Await = plan.Switchover, peer, schema.AwaitRunning
	return c
}

// linkTo is the Link of the existing live to source as kind.
func linkTo(project string, live plan.LiveService, source, kind string) plan.Change {
	c := existing(project, live)
	c.Action, c.Kind, c.Source, c.DependsOn, c.Await = plan.Link, kind, source, source, schema.AwaitRunning
	return c
}

// planOf wraps changes in a plan.
func planOf(changes ...plan.Change) *plan.Plan {
	return &plan.Plan{FormatVersion: plan.FormatVersion, Changes: changes}
}

// seedAll seeds f with the live services of the plan's changes.
func seedAll(f *applytest.Fake, p *plan.Plan) {
	for _, c := range p.Changes {
		if c.Live != nil {
			f.Seed(c.Project, *c.Live)
		}
	}
}

func ptr(n int) *int { return &n }

// errReplica is Aiven's 403 for a replica before its primary's backup.
func errReplica() error {
	return fmt.Errorf("[403]: Creation of a read replica not allowed under current plan: %w", apply.ErrReplicaNotReady)
}
