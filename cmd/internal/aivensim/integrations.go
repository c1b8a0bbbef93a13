package aivensim

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// link is a replication integration: src is the primary (leader), dst the
// member (read replica, recovery service, follower). Both ends list it in
// their service_integrations, as Aiven does (terraform-provider-aiven#172).
// Links live on the Server, not a project, so that a link may cross
// projects when the same-project rule is off.
type link struct {
	id              string
	kind            string
	srcProject, src string
	dstProject, dst string
	userConfig      map[string]any
}

func (l *link) hasSource(sv *service) bool { return l.srcProject == sv.project && l.src == sv.name }
func (l *link) hasDest(sv *service) bool   { return l.dstProject == sv.project && l.dst == sv.name }
func (l *link) is(src, dst *service) bool  { return l.hasSource(src) && l.hasDest(dst) }

// lookup finds a service by project and name; nil when either is missing.
func (s *Server) lookup(project, name string) *service {
	if p, ok := s.projects[project]; ok {
		return p.services[name]
	}
	return nil
}

// linksOf lists the links of kindName ("" for any) with sv at either end,
// oldest first.
func (s *Server) linksOf(sv *service, kindName string) []*link {
	var out []*link
	for _, l := range s.links {
		if (kindName == "" || l.kind == kindName) && (l.hasSource(sv) || l.hasDest(sv)) {
			out = append(out, l)
		}
	}
	return out
}

// linksFrom lists the links of kindName whose source is sv.
func (s *Server) linksFrom(sv *service, kindName string) []*link {
	var out []*link
	for _, l := range s.links {
		if l.kind == kindName && l.hasSource(sv) {
			out = append(out, l)
		}
	}
	return out
}

// memberLink is the link of kindName ("" for any) that sv is the member of.
func (s *Server) memberLink(sv *service, kindName string) *link {
	for _, l := range s.links {
		if (kindName == "" || l.kind == kindName) && l.hasDest(sv) {
			return l
		}
	}
	return nil
}

func (s *Server) linkByID(id string) *link {
	i := slices.IndexFunc(s.links, func(l *link) bool { return l.id == id })
	if i < 0 {
		return nil
	}
	return s.links[i]
}

// addLink records l, giving it an id when it has none, and the roles of a
// disaster recovery pair: the source active, the member passive.
func (s *Server) addLink(l *link, now time.Time) {
	if l.id == "" {
		l.id = s.newLinkID(l, now)
	}
	s.links = append(s.links, l)
	if l.kind == kindDR {
		src, dst := s.lookup(l.srcProject, l.src), s.lookup(l.dstProject, l.dst)
		if src != nil && src.drRole == "" {
			src.drRole = roleActive
		}
		if dst != nil && dst.drRole == "" {
			dst.drRole = rolePassive
		}
	}
}

// removeLink deletes l. Its member becomes a standalone service for good
// (a promotion), which starts taking backups; a disaster recovery pair
// loses its roles.
func (s *Server) removeLink(l *link, now time.Time) {
	s.links = slices.DeleteFunc(s.links, func(x *link) bool { return x == l })
	for _, sv := range []*service{s.lookup(l.srcProject, l.src), s.lookup(l.dstProject, l.dst)} {
		if sv == nil {
			continue
		}
		if l.kind == kindDR {
			sv.drRole = ""
		}
		s.startBackups(sv, now)
	}
}

// newLinkID derives a UUID from the link and the time, so that a fake clock
// gives the same ids on every run; the counter only breaks a tie with an
// existing id (the same link deleted and made again at the same instant).
func (s *Server) newLinkID(l *link, now time.Time) string {
	for n := 0; ; n++ {
		sum := sha256.Sum256(fmt.Appendf(nil, "integration/%s/%s/%s/%s/%s/%s/%d", l.kind, l.srcProject, l.src,
			l.dstProject, l.dst, now.Format(time.RFC3339Nano), n))
		sum[6], sum[8] = sum[6]&0x0f|0x40, sum[8]&0x3f|0x80 // version 4, RFC 4122 variant
		id := fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
		if s.linkByID(id) == nil {
			return id
		}
	}
}

// integrationOut is ServiceIntegrationOut (and the Create and Get answers,
// which share its shape). dest_service is always present: avn's
// integration-list reads it as a key.
type integrationOut struct {
	Active               bool                 `json:"active"`
	Description          string               `json:"description"`
	DestProject          string               `json:"dest_project"`
	DestService          string               `json:"dest_service"`
	DestServiceType      string               `json:"dest_service_type"`
	Enabled              bool                 `json:"enabled"`
	IntegrationStatus    integrationStatusOut `json:"integration_status"`
	IntegrationType      string               `json:"integration_type"`
	ServiceIntegrationID string               `json:"service_integration_id"`
	SourceProject        string               `json:"source_project"`
	SourceService        string               `json:"source_service"`
	SourceServiceType    string               `json:"source_service_type"`
	UserConfig           map[string]any       `json:"user_config"`
}

// integrationStatusOut is IntegrationStatusOut with its StateOut.
type integrationStatusOut struct {
	State struct {
		Errors []string       `json:"errors"`
		Nodes  map[string]any `json:"nodes"`
		Status string         `json:"status"`
	} `json:"state"`
	StatusUserDesc string `json:"status_user_desc"`
}

// active: a link is active once its member is RUNNING (after its first
// build) while the source is powered on [I]; Terraform waits for it.
func (s *Server) active(l *link, now time.Time) bool {
	src, dst := s.lookup(l.srcProject, l.src), s.lookup(l.dstProject, l.dst)
	return src != nil && dst != nil && src.powered && s.stateOf(dst, now) == "RUNNING"
}

func (s *Server) renderLink(l *link, now time.Time) integrationOut {
	k, _ := kindNamed(l.kind)
	out := integrationOut{
		Active: s.active(l, now), Description: k.description, DestProject: l.dstProject, DestService: l.dst,
		Enabled: true, IntegrationType: l.kind, ServiceIntegrationID: l.id, SourceProject: l.srcProject,
		SourceService: l.src, UserConfig: orEmpty(l.userConfig),
	}
	if src := s.lookup(l.srcProject, l.src); src != nil {
		out.SourceServiceType = src.typ
	}
	if dst := s.lookup(l.dstProject, l.dst); dst != nil {
		out.DestServiceType = dst.typ
	}
	out.IntegrationStatus.State.Errors, out.IntegrationStatus.State.Nodes = []string{}, map[string]any{}
	out.IntegrationStatus.State.Status = "starting"
	if out.Active {
		out.IntegrationStatus.State.Status = "running"
	}
	return out
}

func (s *Server) renderLinksOf(sv *service, now time.Time) []integrationOut {
	out := []integrationOut{}
	for _, l := range s.linksOf(sv, "") {
		out = append(out, s.renderLink(l, now))
	}
	return out
}

// integration resolves {integration_id} among the links with an end in
// {project}.
func (s *Server) integration(r *http.Request) (*link, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	l := s.linkByID(r.PathValue("integration_id"))
	if l == nil || (l.srcProject != p.name && l.dstProject != p.name) {
		return nil, errorf(http.StatusNotFound, "service_integration_not_found", "Service integration not found")
	}
	return l, nil
}

func (s *Server) getIntegration(r *http.Request) (any, error) {
	l, err := s.integration(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"service_integration": s.renderLink(l, s.now())}, nil
}

// deleteIntegration answers ServiceIntegrationDelete: for a replication
// link, a promotion of its member, one way.
func (s *Server) deleteIntegration(r *http.Request) (any, error) {
	l, err := s.integration(r)
	if err != nil {
		return nil, err
	}
	s.removeLink(l, s.now())
	return map[string]any{}, nil
}

func (s *Server) listServiceIntegrations(r *http.Request) (any, error) {
	_, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"service_integrations": s.renderLinksOf(sv, s.now())}, nil
}

// createIntegration answers ServiceIntegrationCreate, which links two
// existing services: refused for read_replica (created with the member
// only), accepted for disaster recovery (the member is rebuilt as the
// passive copy) and OpenSearch cross-cluster replication.
func (s *Server) createIntegration(r *http.Request) (any, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	var body json.RawMessage
	if err := decodeBody(r, &body); err != nil {
		return nil, err
	}
	req, err := s.parseIntegration("", body)
	if err != nil {
		return nil, err
	}
	l, err := s.checkIntegrationCreate(p, req)
	if err != nil {
		return nil, err
	}
	now := s.now()
	s.addLink(l, now)
	if l.kind == kindDR {
		dst := s.lookup(l.dstProject, l.dst)
		dst.joinPending = true
		dst.setBusy("REBUILDING", now.UTC().Add(s.opts.ProvisionDelay))
	}
	return map[string]any{"service_integration": s.renderLink(l, now)}, nil
}

func (s *Server) checkIntegrationCreate(p *project, req linkRequest) (*link, error) {
	if req.dst == "" {
		return nil, badRequest("dest_service: required, the name of the member service")
	}
	dstProject := orDefault(req.dstProject, p.name)
	dst := s.lookup(dstProject, req.dst)
	switch {
	case dst == nil:
		return nil, badRequest("Destination service %q was not found in project %q", req.dst, dstProject)
	case !req.kind.linkLater:
		return nil, errorf(http.StatusForbidden, "", "Service integrations are not available for this service")
	case !dst.powered && s.enforced(ruleSourcePowered):
		return nil, badRequest("Destination service %q is powered off", req.dst)
	}
	req.srcProject = orDefault(req.srcProject, p.name)
	pl, _ := s.catalog.plan(dst.typ, dst.plan)
	m := member{project: dstProject, name: dst.name, typ: dst.typ, plan: pl, version: s.versionOf(dst), existing: dst}
	src, err := s.checkLink(req, m)
	if err != nil {
		return nil, err
	}
	return &link{kind: req.kind.name, srcProject: src.project, src: src.name, dstProject: dstProject, dst: dst.name,
		userConfig: req.userConfig}, nil
}

// integrationTypeOut is IntegrationTypeOut.
type integrationTypeOut struct {
	DestDescription    string         `json:"dest_description"`
	DestServiceType    string         `json:"dest_service_type"`
	DestServiceTypes   []string       `json:"dest_service_types"`
	IntegrationType    string         `json:"integration_type"`
	SourceDescription  string         `json:"source_description"`
	SourceServiceTypes []string       `json:"source_service_types"`
	UserConfigSchema   map[string]any `json:"user_config_schema"`
}

var kindEnds = map[string][2]string{
	kindReadReplica: {"Primary service", "Read replica"},
	kindDR:          {"Primary service", "Disaster recovery service"},
	kindOSCCR:       {"Leader cluster", "Follower cluster"},
}

// listIntegrationTypes answers ServiceIntegrationTypes with the replication
// kinds and the service types the project offers for them.
func (s *Server) listIntegrationTypes(r *http.Request) (any, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	offered := s.catalog.offered(p)
	out := []integrationTypeOut{}
	for _, k := range kinds {
		types := slices.DeleteFunc(slices.Clone(k.types), func(t string) bool { return !slices.Contains(offered, t) })
		if len(types) == 0 {
			continue
		}
		out = append(out, integrationTypeOut{
			SourceDescription: kindEnds[k.name][0], DestDescription: kindEnds[k.name][1],
			DestServiceType: types[0], DestServiceTypes: types, SourceServiceTypes: types, IntegrationType: k.name,
			UserConfigSchema: map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{}},
		})
	}
	return map[string]any{"integration_types": out}, nil
}
