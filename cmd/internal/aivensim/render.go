package aivensim

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"time"
)

// redacted is what Aiven shows in place of a secret unless the request asks
// for include_secrets=true (aiven.io/docs/tools/api/secret-redaction).
const redacted = "<redacted>"

// serviceOut is the API's service object (ServiceOut, ServiceGetOut, ...),
// with every field the API marks required present and non-null except
// project_vpc_id, which Aiven reports as null outside a VPC.
type serviceOut struct {
	Backups                []backupOut       `json:"backups"`
	CloudDescription       string            `json:"cloud_description,omitempty"`
	CloudName              string            `json:"cloud_name"`
	Components             []componentOut    `json:"components"`
	ConnectionInfo         map[string]any    `json:"connection_info"`
	CreateTime             time.Time         `json:"create_time"`
	DisasterRecoveryRole   string            `json:"disaster_recovery_role,omitempty"` // not in go-client-codegen: see roles.go
	DiskSpaceMB            int               `json:"disk_space_mb"`
	GroupList              []string          `json:"group_list"`
	Maintenance            map[string]any    `json:"maintenance"`
	Metadata               map[string]any    `json:"metadata,omitempty"`
	NodeCount              int               `json:"node_count"`
	NodeCPUCount           int               `json:"node_cpu_count"`
	NodeMemoryMB           float64           `json:"node_memory_mb"`
	NodeStates             []nodeStateOut    `json:"node_states"`
	Plan                   string            `json:"plan"`
	ProjectVPCID           *string           `json:"project_vpc_id"`
	ServiceIntegrations    []integrationOut  `json:"service_integrations"`
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
	Users                  []userOut         `json:"users"`
}

// nodeStateOut is NodeStateOut.
type nodeStateOut struct {
	AvailabilityZone string              `json:"availability_zone"`
	Name             string              `json:"name"`
	ProgressUpdates  []progressUpdateOut `json:"progress_updates"`
	State            string              `json:"state"`
}

// progressUpdateOut is ProgressUpdateOut: one phase of a node's build.
// The API may leave current, max and min null; the emulator has no
// figures, so they are null, but present: avn reads all three keys of
// every phase (service get -v).
type progressUpdateOut struct {
	Completed bool   `json:"completed"`
	Current   *int   `json:"current"`
	Max       *int   `json:"max"`
	Min       *int   `json:"min"`
	Phase     string `json:"phase"`
}

// componentOut is ComponentOut: an endpoint clients connect to.
type componentOut struct {
	Component string `json:"component"`
	Host      string `json:"host"`
	Port      int    `json:"port"`
	Route     string `json:"route"`
	Usage     string `json:"usage"`
}

// userOut is UserOut: the service's built-in admin user.
type userOut struct {
	Password string `json:"password"`
	Type     string `json:"type"`
	Username string `json:"username"`
}

// includeSecrets reports whether a GET asks for secrets in plain text. Write
// endpoints always redact them, as Aiven does.
func includeSecrets(r *http.Request) bool {
	return r.Method == http.MethodGet && r.URL.Query().Get("include_secrets") == "true"
}

// render builds the API's view of sv at the current time; secrets (the
// avnadmin password, also inside service_uri) only when asked for.
func (s *Server) render(sv *service, secrets bool) serviceOut {
	now := s.now()
	pl, _ := s.catalog.plan(sv.typ, sv.plan)
	cl, _ := s.catalog.cloud(sv.cloud)
	c := s.connection(sv, secrets)
	out := serviceOut{
		Backups:          s.backups(sv, now),
		CloudDescription: cl.CloudDescription, CloudName: sv.cloud,
		Components:     []componentOut{{Component: sv.typ, Host: c.host, Port: c.port, Route: "dynamic", Usage: "primary"}},
		ConnectionInfo: c.info(),
		CreateTime:     sv.createTime, DisasterRecoveryRole: sv.drRole, DiskSpaceMB: sv.diskSpaceMB,
		GroupList:   []string{"default"},
		Maintenance: map[string]any{"dow": "sunday", "time": "04:00:00", "enabled": true, "updates": []any{}},
		Metadata:    metadata(sv.typ, pl),
		NodeCount:   sv.nodeCount, NodeCPUCount: pl.NodeCPUCount, NodeMemoryMB: pl.NodeMemoryMB,
		NodeStates: s.nodeStates(sv, cl, now), Plan: sv.plan,
		ServiceIntegrations: s.renderLinksOf(sv, now), ServiceName: sv.name, ServiceType: sv.typ,
		ServiceTypeDescription: s.catalog.types[sv.typ].Description,
		ServiceURI:             c.uri(),
		ServiceURIParams: map[string]string{"host": c.host, "port": fmt.Sprint(c.port),
			"user": c.user, "password": c.password},
		State: s.stateOf(sv, now), Tags: maps.Clone(sv.tags), TechEmails: []any{},
		TerminationProtection: sv.terminationProtection, UpdateTime: sv.updateTime,
		UserConfig: copyJSON(sv.userConfig),
		Users:      []userOut{{Username: c.user, Type: "primary", Password: c.password}},
	}
	if sv.projectVPCID != "" {
		vpc := sv.projectVPCID
		out.ProjectVPCID = &vpc
	}
	return out
}

// copyJSON deep-copies a decoded JSON object. An answer is encoded after
// the state lock is released, so it must share nothing a later request
// changes (a PUT's user_config, a PATCH of the tags, a move to a VPC).
func copyJSON(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = copyJSONValue(v)
	}
	return out
}

func copyJSONValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return copyJSON(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = copyJSONValue(e)
		}
		return out
	}
	return v
}

// endpoint derives a service's fake host, port and password from its
// identity, so nothing secret is ever stored, even in the state file.
func endpoint(sv *service) (host string, port int, password string) {
	projectName := sv.project
	sum := sha256.Sum256([]byte(projectName + "/" + sv.name + "/" + sv.createTime.Format(time.RFC3339)))
	host = fmt.Sprintf("%s-%s.a.aivencloud.com", sv.name, projectName)
	port = 10000 + int(binary.BigEndian.Uint16(sum[:2]))%20000
	return host, port, "AVNS_" + hex.EncodeToString(sum[2:14])
}

// nodeStates tells where each node's build is: a new node is set up, a
// joining or resized one streams data, and a powered-off service has none.
func (s *Server) nodeStates(sv *service, cl Cloud, now time.Time) []nodeStateOut {
	state, phases := "running", []progressUpdateOut{}
	switch s.stateOf(sv, now) {
	case "POWEROFF":
		return []nodeStateOut{}
	case "REBALANCING":
		state, phases = "syncing_data", []progressUpdateOut{{Phase: "stream"}}
	case "REBUILDING":
		state, phases = "setting_up_vm", []progressUpdateOut{{Phase: "prepare"}}
		if sv.joinPending {
			phases = append(phases, progressUpdateOut{Phase: "stream"})
		}
		if s.waitsForTarget(sv, now) {
			state, phases[0].Completed = "syncing_data", true
		}
	}
	zones := availabilityZones(cl)
	out := make([]nodeStateOut, sv.nodeCount)
	for i := range out {
		out[i] = nodeStateOut{Name: fmt.Sprintf("%s-%d", sv.name, i+1), State: state,
			AvailabilityZone: zones[i%len(zones)], ProgressUpdates: phases}
	}
	return out
}

// availabilityZones names three zones of a cloud region the way its
// provider does: europe-west1-b (Google), us-east-1a (AWS), westeurope-1.
func availabilityZones(cl Cloud) []string {
	region := strings.TrimPrefix(cl.CloudName, cl.Provider+"-")
	switch cl.Provider {
	case "google":
		return []string{region + "-b", region + "-c", region + "-d"}
	case "aws":
		return []string{region + "a", region + "b", region + "c"}
	}
	return []string{region + "-1", region + "-2", region + "-3"}
}
