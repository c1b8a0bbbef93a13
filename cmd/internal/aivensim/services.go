package aivensim

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"time"
)

// serviceOut is the API's service object (ServiceOut, ServiceGetOut, ...),
// with every field the API marks required present and non-null except
// project_vpc_id, which Aiven reports as null outside a VPC.
type serviceOut struct {
	CloudDescription       string            `json:"cloud_description,omitempty"`
	CloudName              string            `json:"cloud_name"`
	ConnectionInfo         map[string]any    `json:"connection_info"`
	CreateTime             time.Time         `json:"create_time"`
	DiskSpaceMB            int               `json:"disk_space_mb"`
	GroupList              []string          `json:"group_list"`
	Maintenance            map[string]any    `json:"maintenance"`
	NodeCount              int               `json:"node_count"`
	NodeCPUCount           int               `json:"node_cpu_count"`
	NodeMemoryMB           float64           `json:"node_memory_mb"`
	NodeStates             []nodeStateOut    `json:"node_states"`
	Plan                   string            `json:"plan"`
	ProjectVPCID           *string           `json:"project_vpc_id"`
	ServiceIntegrations    []any             `json:"service_integrations"`
	ServiceName            string            `json:"service_name"`
	ServiceType            string            `json:"service_type"`
	ServiceTypeDescription string            `json:"service_type_description"`
	ServiceURI             string            `json:"service_uri"`
	ServiceURIParams       map[string]string `json:"service_uri_params"`
	State                  string            `json:"state"`
	Tags                   map[string]string `json:"tags"`
	TechEmails             []any             `json:"tech_emails"`
	TerminationProtection  bool              `json:"termination_protection"`
	UpdateTime             time.Time         `json:"update_time"`
	UserConfig             map[string]any    `json:"user_config"`
}

type nodeStateOut struct {
	Name  string `json:"name"`
	State string `json:"state"`
}

// project resolves {project}: 404 when unknown, 403 when the token may not
// see it.
func (s *Server) project(r *http.Request) (*project, error) {
	name := r.PathValue("project")
	p, ok := s.projects[name]
	switch {
	case !ok:
		return nil, errorf(http.StatusNotFound, "project_not_found", "Project does not exist")
	case p.forbidden:
		return nil, errorf(http.StatusForbidden, "permission_denied", "Not authorized to access project %s", name)
	}
	return p, nil
}

// service resolves {project} and {service}.
func (s *Server) service(r *http.Request) (*project, *service, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, nil, err
	}
	sv, ok := p.services[r.PathValue("service")]
	if !ok {
		return nil, nil, errNoService(r.PathValue("service"))
	}
	return p, sv, nil
}

// errNoService carries the message the official client's retry policy
// matches (`Service \S+ does not exist`).
func errNoService(name string) error {
	return errorf(http.StatusNotFound, "service_not_found", "Service %s does not exist", name)
}

func (s *Server) listServices(r *http.Request) (any, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	out := []serviceOut{}
	for _, name := range slices.Sorted(maps.Keys(p.services)) {
		out = append(out, s.render(p, p.services[name]))
	}
	return map[string]any{"services": out}, nil
}

func (s *Server) getService(r *http.Request) (any, error) {
	p, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"service": s.render(p, sv)}, nil
}

func (s *Server) createService(r *http.Request) (any, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	var in createIn
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	sv, err := s.validateCreate(p, in)
	if err != nil {
		return nil, err
	}
	p.services[sv.name] = sv
	if target, ok := p.services[joinTarget(sv.userConfig)]; ok {
		sv.peer, target.peer = target.name, sv.name
	}
	s.stats.created(p.name + "/" + sv.name)
	return map[string]any{"service": s.render(p, sv)}, nil
}

func (s *Server) updateService(r *http.Request) (any, error) {
	p, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	var in updateIn
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	if err := s.applyUpdate(p, sv, in); err != nil {
		return nil, err
	}
	return map[string]any{"service": s.render(p, sv)}, nil
}

func (s *Server) deleteService(r *http.Request) (any, error) {
	p, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	if sv.terminationProtection {
		return nil, errTerminationProtected()
	}
	delete(p.services, sv.name)
	// Deleting a member splits the pair for good: the survivor may be
	// joined again, by a new service.
	if peer, ok := p.services[sv.peer]; ok {
		peer.peer = ""
	}
	return map[string]any{}, nil
}

func errTerminationProtected() error {
	return errorf(http.StatusForbidden, "termination_protected",
		"Service is protected against termination and powering off. Disable termination protection first.")
}

func (s *Server) getTags(r *http.Request) (any, error) {
	_, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"tags": sv.tags}, nil
}

// replaceTags answers ProjectServiceTagsReplace: the body's tags become the
// service's tags.
func (s *Server) replaceTags(r *http.Request) (any, error) {
	return s.setTags(r, func(_, in map[string]string) map[string]string { return in })
}

// updateTags answers ProjectServiceTagsUpdate: the body's tags are added to
// the service's, replacing equal keys.
func (s *Server) updateTags(r *http.Request) (any, error) {
	return s.setTags(r, func(cur, in map[string]string) map[string]string {
		out := maps.Clone(cur)
		maps.Copy(out, in)
		return out
	})
}

func (s *Server) setTags(r *http.Request, combine func(cur, in map[string]string) map[string]string) (any, error) {
	_, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	var in struct {
		Tags map[string]string `json:"tags"`
	}
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	sv.tags = orEmpty(combine(sv.tags, in.Tags))
	sv.updateTime = s.now().UTC().Truncate(time.Second)
	return map[string]any{"message": "tags updated"}, nil
}

// render builds the API's view of sv at the current time.
func (s *Server) render(p *project, sv *service) serviceOut {
	now := s.now()
	state := sv.state(now)
	pl, _ := s.catalog.plan(sv.typ, sv.plan)
	cl, _ := s.catalog.cloud(sv.cloud)
	host, port, password := endpoint(p.name, sv)
	out := serviceOut{
		CloudDescription: cl.CloudDescription, CloudName: sv.cloud,
		ConnectionInfo: map[string]any{sv.typ: []string{fmt.Sprintf("%s:%d", host, port)}},
		CreateTime:     sv.createTime, DiskSpaceMB: sv.diskSpaceMB, GroupList: []string{"default"},
		Maintenance: map[string]any{"dow": "sunday", "time": "04:00:00", "enabled": true, "updates": []any{}},
		NodeCount:   sv.nodeCount, NodeCPUCount: pl.NodeCPUCount, NodeMemoryMB: pl.NodeMemoryMB,
		NodeStates: nodeStates(sv.name, sv.nodeCount, state), Plan: sv.plan,
		ServiceIntegrations: []any{}, ServiceName: sv.name, ServiceType: sv.typ,
		ServiceTypeDescription: s.catalog.types[sv.typ].Description,
		ServiceURI:             fmt.Sprintf("%s://avnadmin:%s@%s:%d", sv.typ, password, host, port),
		ServiceURIParams: map[string]string{"host": host, "port": fmt.Sprint(port),
			"user": "avnadmin", "password": password},
		State: state, Tags: sv.tags, TechEmails: []any{},
		TerminationProtection: sv.terminationProtection, UpdateTime: sv.updateTime,
		UserConfig: sv.userConfig,
	}
	if sv.projectVPCID != "" {
		out.ProjectVPCID = &sv.projectVPCID
	}
	return out
}

// endpoint derives a service's fake host, port and password from its
// identity, so nothing secret is ever stored, even in the state file.
func endpoint(projectName string, sv *service) (host string, port int, password string) {
	sum := sha256.Sum256([]byte(projectName + "/" + sv.name + "/" + sv.createTime.Format(time.RFC3339)))
	host = fmt.Sprintf("%s-%s.a.aivencloud.com", sv.name, projectName)
	port = 10000 + int(binary.BigEndian.Uint16(sum[:2]))%20000
	return host, port, "AVNS_" + hex.EncodeToString(sum[2:14])
}

func nodeStates(name string, count int, state string) []nodeStateOut {
	nodeState := map[string]string{"RUNNING": "running", "REBUILDING": "setting_up_vm",
		"REBALANCING": "syncing_data"}[state]
	if nodeState == "" {
		return []nodeStateOut{}
	}
	out := make([]nodeStateOut, count)
	for i := range out {
		out[i] = nodeStateOut{Name: fmt.Sprintf("%s-%d", name, i+1), State: nodeState}
	}
	return out
}
