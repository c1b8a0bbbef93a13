package render

import (
	"strings"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// The wording of replica groups, shared by the views. Every name of a
// service type or a kind comes from schema's tables (ServiceType.Title,
// LinkRule.Title), so that adding a kind is adding a row there, not a case
// here. A plan saved by hand may hold a type or kind the tables lack: it is
// shown as written, underscores read as spaces.

// inGroup reports whether c is a service of a replica group.
func inGroup(c plan.Change) bool { return c.Group != nil || c.Type != "" }

// hasGroups reports whether the plan declares any replica group.
func hasGroups(p *plan.Plan) bool {
	for _, c := range p.Changes {
		if inGroup(c) {
			return true
		}
	}
	return false
}

// typeTitle names a service type as its product: "PostgreSQL".
func typeTitle(typ string) string {
	if t, ok := schema.LookupType(typ); ok {
		return t.Title
	}
	return typ
}

// kindTitle names a member of kind for a primary of type typ: "read
// replica", "disaster recovery service", "follower", "CCR peer".
func kindTitle(typ, kind string) string {
	if r, ok := schema.LookupLink(typ, kind); ok {
		return r.Title
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// version is the major version a group's service runs, or will run once
// created: the live one when it exists, the plan's otherwise.
func version(c plan.Change) string {
	if c.Live != nil && c.Live.Version != "" {
		return c.Live.Version
	}
	return c.Version
}

// typeText is a group's service type and version: "PostgreSQL 17". A
// service that exists is labelled by its live type, like its live version,
// even when the file declares another type (a conflict).
func typeText(c plan.Change) string {
	typ := c.ServiceType()
	if c.Live != nil && c.Live.Type != "" {
		typ = c.Live.Type
	}
	s := typeTitle(typ)
	if v := version(c); v != "" {
		s += " " + v
	}
	return s
}

// words is how a view marks up the parts of a phrase: a service name, and
// other text that may come from a plan saved by hand (a kind the tables
// lack).
type words struct{ name, text func(string) string }

var (
	textWords = words{name: same, text: same}
	mdWords   = words{name: cell, text: prose}
)

// memberOf says what the file makes c: "read replica of orders-pg", or
// "primary".
func memberOf(c plan.Change, w words) string {
	if c.Kind == "" {
		return "primary"
	}
	return w.text(kindTitle(c.ServiceType(), c.Kind)) + " of " + w.name(c.Source)
}

// describe is a group's service in a few words, for lines that name it:
// "PostgreSQL 17 read replica of orders-pg", "PostgreSQL 17 primary".
func describe(c plan.Change) string {
	return typeText(c) + " " + memberOf(c, textWords)
}

// linkPhrase is a Link change as an instruction: "link orders-dr as the
// disaster recovery service of orders-pg".
func linkPhrase(c plan.Change) string {
	return "link " + c.Service + " as the " + kindTitle(c.ServiceType(), c.Kind) + " of " + c.Source
}

// switchPhrase is a Switchover change: "switch over: orders-dr becomes
// active, orders-pg passive".
func switchPhrase(c plan.Change) string {
	return "switch over: " + c.Service + " becomes " + plan.RoleActive + ", " + c.DependsOn + " " + plan.RolePassive
}

// awaitPhrase says what a member's create waits for, "created once
// orders-pg has its first backup", or "" when it waits for nothing: it is no
// create of a member, or its primary exists and has reached it already.
// dep is the change of the service it depends on, nil when the plan lacks
// it.
func awaitPhrase(c plan.Change, dep *plan.Change, w words) string {
	if c.Action != plan.Create || c.Await == "" || c.DependsOn == "" {
		return ""
	}
	if dep != nil && dep.Action != plan.Create && awaitMet(c.Await, dep.Live) {
		return ""
	}
	switch c.Await {
	case schema.AwaitBackup:
		return "created once " + w.name(c.DependsOn) + " has its first backup"
	case schema.AwaitRunning:
		return "created once " + w.name(c.DependsOn) + " is RUNNING"
	}
	return "created once " + w.name(c.DependsOn) + " is " + w.text(string(c.Await))
}

// awaitMet reports whether an existing service has reached what a create
// awaits: RUNNING, with a backup when the create awaits one.
func awaitMet(await schema.Await, live *plan.LiveService) bool {
	if live == nil || live.State != plan.StateRunning {
		return false
	}
	return await != schema.AwaitBackup || live.HasBackup()
}

// changeIndex finds a change by project and service.
type changeIndex map[serviceKey]*plan.Change

func indexChanges(p *plan.Plan) changeIndex {
	m := make(changeIndex, len(p.Changes))
	for i := range p.Changes {
		c := &p.Changes[i]
		m[serviceKey{c.Project, c.Service}] = c
	}
	return m
}

// dependency is the change c depends on, nil when it has none.
func (m changeIndex) dependency(c plan.Change) *plan.Change {
	if c.DependsOn == "" {
		return nil
	}
	return m[serviceKey{c.Project, c.DependsOn}]
}
