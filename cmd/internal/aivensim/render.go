package aivensim

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
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
type progressUpdateOut struct {
	Completed bool   `json:"completed"`
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

// backupOut is BackupOut.
type backupOut struct {
	BackupName      string    `json:"backup_name"`
	BackupTime      time.Time `json:"backup_time"`
	DataSize        int       `json:"data_size"`
	StorageLocation string    `json:"storage_location"`
}

// includeSecrets reports whether a GET asks for secrets in plain text. Write
// endpoints always redact them, as Aiven does.
func includeSecrets(r *http.Request) bool {
	return r.Method == http.MethodGet && r.URL.Query().Get("include_secrets") == "true"
}

// render builds the API's view of sv at the current time; secrets (the
// avnadmin password, also inside service_uri) only when asked for.
func (s *Server) render(p *project, sv *service, secrets bool) serviceOut {
	now := s.now()
	state := stateOf(p, sv, now)
	pl, _ := s.catalog.plan(sv.typ, sv.plan)
	cl, _ := s.catalog.cloud(sv.cloud)
	host, port, password := endpoint(p.name, sv)
	uri := fmt.Sprintf("%s://avnadmin@%s:%d", sv.typ, host, port)
	if secrets {
		uri = fmt.Sprintf("%s://avnadmin:%s@%s:%d", sv.typ, password, host, port)
	} else {
		password = redacted
	}
	out := serviceOut{
		Backups:          backups(sv, now),
		CloudDescription: cl.CloudDescription, CloudName: sv.cloud,
		Components:     []componentOut{{Component: sv.typ, Host: host, Port: port, Route: "dynamic", Usage: "primary"}},
		ConnectionInfo: map[string]any{sv.typ: []string{fmt.Sprintf("%s:%d", host, port)}},
		CreateTime:     sv.createTime, DiskSpaceMB: sv.diskSpaceMB, GroupList: []string{"default"},
		Maintenance: map[string]any{"dow": "sunday", "time": "04:00:00", "enabled": true, "updates": []any{}},
		NodeCount:   sv.nodeCount, NodeCPUCount: pl.NodeCPUCount, NodeMemoryMB: pl.NodeMemoryMB,
		NodeStates: s.nodeStates(p, sv, cl, now), Plan: sv.plan,
		ServiceIntegrations: []any{}, ServiceName: sv.name, ServiceType: sv.typ,
		ServiceTypeDescription: s.catalog.types[sv.typ].Description,
		ServiceURI:             uri,
		ServiceURIParams: map[string]string{"host": host, "port": fmt.Sprint(port),
			"user": "avnadmin", "password": password},
		State: state, Tags: sv.tags, TechEmails: []any{},
		TerminationProtection: sv.terminationProtection, UpdateTime: sv.updateTime,
		UserConfig: sv.userConfig,
		Users:      []userOut{{Username: "avnadmin", Type: "primary", Password: password}},
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

// nodeStates tells where each node's build is: a new node is set up, a
// joining or resized one streams data, and a powered-off service has none.
func (s *Server) nodeStates(p *project, sv *service, cl Cloud, now time.Time) []nodeStateOut {
	state, phases := "running", []progressUpdateOut{}
	switch stateOf(p, sv, now) {
	case "POWEROFF":
		return []nodeStateOut{}
	case "REBALANCING":
		state, phases = "syncing_data", []progressUpdateOut{{Phase: "stream"}}
	case "REBUILDING":
		state, phases = "setting_up_vm", []progressUpdateOut{{Phase: "prepare"}}
		if sv.joinPending {
			phases = append(phases, progressUpdateOut{Phase: "stream"})
		}
		if waitsForTarget(p, sv, now) {
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

// backupInterval and backupsKept are the backup_config of every plan.
const (
	backupInterval = 24 * time.Hour
	backupsKept    = 2
)

// backups lists the daily backups a service has taken since it was created,
// the newest backupsKept of them, oldest first.
func backups(sv *service, now time.Time) []backupOut {
	out := []backupOut{}
	n := int(now.Sub(sv.createTime) / backupInterval)
	for k := max(1, n-backupsKept+1); k <= n; k++ {
		at := sv.createTime.Add(time.Duration(k) * backupInterval)
		sum := sha256.Sum256([]byte(sv.name + at.Format(time.RFC3339)))
		out = append(out, backupOut{
			BackupName: fmt.Sprintf("%s-%s%06dZ", sv.name, at.Format("20060102T150405"), at.Nanosecond()/1000),
			BackupTime: at, DataSize: 1<<30 + int(binary.BigEndian.Uint64(sum[:8])%(8<<30)),
			StorageLocation: sv.cloud,
		})
	}
	return out
}

// backupsOut is ServiceBackupsGetOut.
type backupsOut struct {
	Backups             []backupOut        `json:"backups"`
	ScheduledBackupTime scheduledBackupOut `json:"scheduled_backup_time"`
}

// scheduledBackupOut is ScheduledBackupTimeOut.
type scheduledBackupOut struct {
	BackupHour          int `json:"backup_hour"`
	BackupIntervalHours int `json:"backup_interval_hours"`
	BackupMinute        int `json:"backup_minute"`
}

// getBackups answers ServiceBackupsGet: the service's backups, taken daily
// at the time of day it was created.
func (s *Server) getBackups(r *http.Request) (any, error) {
	_, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	created := sv.createTime.UTC()
	return backupsOut{Backups: backups(sv, s.now()), ScheduledBackupTime: scheduledBackupOut{
		BackupHour: created.Hour(), BackupMinute: created.Minute(), BackupIntervalHours: int(backupInterval.Hours()),
	}}, nil
}
