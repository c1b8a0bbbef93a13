package aiven

import (
	"cmp"
	"slices"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// replicationKinds are the integration types that link a member to its
// primary; every other integration (metrics, logs, …) is not ccr's.
var replicationKinds = []string{schema.KindReadReplica, schema.KindDisasterRecovery, schema.KindOpenSearchCCR}

// attachIntegrations gives each service of project the replication
// integrations it takes part in, from the integrations any of them
// reported: both ends of a link list it, and an end that left it out still
// gets it from the other. Only enabled integrations with an ID count (a
// list may show possible integrations that are not enabled, without an
// ID); each is kept once per service, sorted by ID.
func attachIntegrations(live []plan.LiveService, project string, reported []service.ServiceIntegrationOut) {
	byID := map[string]plan.Integration{}
	for _, it := range reported {
		if l, ok := toIntegration(project, it); ok {
			byID[l.ID] = l
		}
	}
	links := make([]plan.Integration, 0, len(byID))
	for _, l := range byID {
		links = append(links, l)
	}
	slices.SortFunc(links, func(a, b plan.Integration) int { return cmp.Compare(a.ID, b.ID) })
	index := make(map[string]int, len(live))
	for i := range live {
		index[live[i].Name] = i
	}
	for _, l := range links {
		if i, ok := index[l.Source]; ok && l.SourceProject == "" {
			live[i].Integrations = append(live[i].Integrations, l)
		}
		if i, ok := index[l.Dest]; ok && l.DestProject == "" && l.Dest != l.Source {
			live[i].Integrations = append(live[i].Integrations, l)
		}
	}
}

// toIntegration maps one reported integration of project; ok is false for
// one ccr does not manage or that is not enabled.
func toIntegration(project string, it service.ServiceIntegrationOut) (plan.Integration, bool) {
	kind := string(it.IntegrationType)
	if !it.Enabled || it.ServiceIntegrationId == "" || !slices.Contains(replicationKinds, kind) ||
		it.DestService == nil || *it.DestService == "" || it.SourceService == "" {
		return plan.Integration{}, false
	}
	l := plan.Integration{ID: it.ServiceIntegrationId, Kind: kind, Source: it.SourceService, Dest: *it.DestService,
		Active: it.Active}
	if it.SourceProject != "" && it.SourceProject != project {
		l.SourceProject = it.SourceProject
	}
	if it.DestProject != "" && it.DestProject != project {
		l.DestProject = it.DestProject
	}
	return l, true
}
