package aivensim

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// createIn is the part of ServiceCreateIn the emulator acts on; other fields
// (maintenance, tech_emails, static_ips, ...) are accepted and ignored.
// service_integrations is read by hand so that a malformed entry gets a
// message naming it.
type createIn struct {
	ServiceName           string            `json:"service_name"`
	ServiceType           string            `json:"service_type"`
	Plan                  string            `json:"plan"`
	Cloud                 *string           `json:"cloud"` // avn sends null without --cloud
	DiskSpaceMB           *int              `json:"disk_space_mb"`
	ProjectVPCID          *string           `json:"project_vpc_id"` // the client always sends it, often null
	Tags                  map[string]string `json:"tags"`
	TerminationProtection *bool             `json:"termination_protection"`
	UserConfig            map[string]any    `json:"user_config"`
	ServiceIntegrations   json.RawMessage   `json:"service_integrations"`
}

func badRequest(format string, args ...any) error {
	return errorf(http.StatusBadRequest, "bad_request", format, args...)
}

// newService is a validated create: the service and the link that makes
// it a member, if any.
type newService struct {
	sv   *service
	link *link
}

// validateCreate applies the create rules in the order a caller is most
// helped by: name, conflict, catalog, sizes, user_config, then the rules
// of a Cassandra join or a replication link. Nothing is changed.
func (s *Server) validateCreate(p *project, in createIn) (newService, error) {
	if !serviceNameRE.MatchString(in.ServiceName) {
		return newService{}, badRequest("Service name must consist of 1-64 alphanumerical characters")
	}
	if _, taken := p.services[in.ServiceName]; taken {
		return newService{}, errorf(http.StatusConflict, "", "Service name is already in use in this project")
	}
	if !slices.Contains(s.catalog.offered(p), in.ServiceType) {
		return newService{}, errorf(http.StatusBadRequest, "service_type_not_allowed",
			"Service type %q is not available in this project", in.ServiceType)
	}
	sv, pl, err := s.sizeCreate(p, in)
	if err != nil {
		return newService{}, err
	}
	if err := checkUserConfig(s.catalog.types[in.ServiceType].UserConfigSchema, in.UserConfig); err != nil {
		return newService{}, err
	}
	l, err := s.checkCreateLink(p, in, pl)
	if err != nil {
		return newService{}, err
	}
	if target := joinTarget(in.UserConfig); target != "" {
		if err := s.checkJoin(p, target, in.Plan, sv.diskSpaceMB, sv.cloud, datacenter(in.UserConfig)); err != nil {
			return newService{}, err
		}
	}
	// A joiner or a member builds from its source (join.go).
	sv.joinPending = l != nil || joinTarget(in.UserConfig) != ""
	s.setVersion(sv, l)
	return newService{sv: sv, link: l}, nil
}

// sizeCreate checks the cloud, plan, disk and VPC of a create and builds
// the service they describe.
func (s *Server) sizeCreate(p *project, in createIn) (*service, Plan, error) {
	cloud := p.defaultCloud
	if in.Cloud != nil {
		cloud = *in.Cloud
	}
	if _, ok := s.catalog.cloud(cloud); !ok {
		return nil, Plan{}, badRequest("Cloud %q is not available", cloud)
	}
	pl, ok := s.catalog.plan(in.ServiceType, in.Plan)
	if !ok {
		return nil, Plan{}, badRequest("Plan %q is not available for service type %q", in.Plan, in.ServiceType)
	}
	disk := pl.DiskSpaceMB
	if in.DiskSpaceMB != nil {
		disk = *in.DiskSpaceMB
	}
	if err := checkDisk(pl, disk); err != nil {
		return nil, Plan{}, err
	}
	vpc := ""
	if in.ProjectVPCID != nil {
		vpc = *in.ProjectVPCID
	}
	if err := checkVPC(p, vpc, cloud); err != nil {
		return nil, Plan{}, err
	}
	// Timestamps are shown to the second, as Aiven does; the provisioning
	// delay runs from the exact instant, or it would end up to a second early.
	exact := s.now().UTC()
	now := exact.Truncate(time.Second)
	uc, _ := cloneJSON(in.UserConfig)
	return &service{
		project: p.name, name: in.ServiceName, typ: in.ServiceType, plan: in.Plan, cloud: cloud,
		diskSpaceMB: disk, nodeCount: pl.NodeCount, usedDiskMB: defaultUsedDisk(disk), userConfig: uc,
		tags: orEmpty(in.Tags), terminationProtection: in.TerminationProtection != nil && *in.TerminationProtection,
		projectVPCID: vpc, powered: true, busyState: "REBUILDING", busyUntil: exact.Add(s.opts.ProvisionDelay),
		createTime: now, updateTime: now,
	}, pl, nil
}

// checkCreateLink reads the replication link a create asks for, from
// service_integrations or avn's legacy pg fields, and checks it; nil when
// the new service is standalone.
func (s *Server) checkCreateLink(p *project, in createIn, pl Plan) (*link, error) {
	reqs, err := s.parseServiceIntegrations(in.ServiceIntegrations)
	if err != nil {
		return nil, err
	}
	if reqs, err = legacyReplica(in.ServiceType, in.UserConfig, reqs); err != nil {
		return nil, err
	}
	switch {
	case len(reqs) == 0:
		return nil, nil
	case len(reqs) > 1:
		return nil, badRequest("service_integrations: a new service is the member of one replication integration, not %d",
			len(reqs))
	}
	version, _ := in.UserConfig[versionKey(in.ServiceType)].(string)
	m := member{project: p.name, name: in.ServiceName, typ: in.ServiceType, plan: pl, version: version}
	src, err := s.checkLink(reqs[0], m)
	if err != nil {
		return nil, err
	}
	return &link{kind: reqs[0].kind.name, srcProject: src.project, src: src.name, dstProject: p.name,
		dst: in.ServiceName, userConfig: reqs[0].userConfig}, nil
}

// legacyReplica turns avn's pg read replica request (`avn service create
// --read-replica-for`: user_config pg_read_replica true and
// service_to_fork_from) into the read_replica link the API makes of it
// (terraform-provider-aiven#534). The same link also asked for in
// service_integrations counts once.
func legacyReplica(typ string, uc map[string]any, reqs []linkRequest) ([]linkRequest, error) {
	if on, _ := uc["pg_read_replica"].(bool); typ != "pg" || !on {
		return reqs, nil
	}
	src, _ := uc["service_to_fork_from"].(string)
	if src == "" {
		return nil, badRequest("user_config.pg_read_replica needs user_config.service_to_fork_from, the primary's name")
	}
	srcProject, _ := uc["project_to_fork_from"].(string)
	for _, r := range reqs {
		if r.kind.name == kindReadReplica && r.src == src && r.srcProject == srcProject {
			return reqs, nil
		}
	}
	k, _ := kindNamed(kindReadReplica)
	return append(reqs, linkRequest{field: "user_config.pg_read_replica", kind: k, srcProject: srcProject, src: src,
		userConfig: map[string]any{}}), nil
}

// setVersion records the major version a new service runs in its
// user_config, as the API shows it (the Terraform provider reads
// pg_version): the one asked for, else its source's, else the type's
// default. Cassandra and Kafka services are left as they are asked for.
func (s *Server) setVersion(sv *service, l *link) {
	if !slices.Contains([]string{"pg", "mysql", "valkey", "opensearch"}, sv.typ) {
		return
	}
	key := versionKey(sv.typ)
	if v, ok := sv.userConfig[key].(string); ok && v != "" {
		return
	}
	version := s.catalog.types[sv.typ].DefaultVersion
	if l != nil {
		if src := s.lookup(l.srcProject, l.src); src != nil {
			version = s.versionOf(src)
		}
	}
	if version != "" {
		sv.userConfig[key] = version
	}
}

// checkDisk applies the plan's disk bounds, as Aiven and the Terraform
// provider do: at least the default, at most the cap, in whole steps.
func checkDisk(pl Plan, disk int) error {
	switch {
	case disk < pl.DiskSpaceMB:
		return badRequest("disk_space_mb %d is below the minimum %d of plan %q", disk, pl.DiskSpaceMB, pl.ServicePlan)
	case disk == pl.DiskSpaceMB:
		return nil
	case pl.DiskSpaceStepMB == 0 || disk > pl.DiskSpaceCapMB:
		return badRequest("disk_space_mb %d is above the maximum %d of plan %q", disk, max(pl.DiskSpaceCapMB, pl.DiskSpaceMB), pl.ServicePlan)
	case (disk-pl.DiskSpaceMB)%pl.DiskSpaceStepMB != 0:
		return badRequest("disk_space_mb %d must be %d plus a multiple of %d for plan %q",
			disk, pl.DiskSpaceMB, pl.DiskSpaceStepMB, pl.ServicePlan)
	}
	return nil
}

func checkVPC(p *project, id, cloud string) error {
	if id == "" {
		return nil
	}
	i := slices.IndexFunc(p.vpcs, func(v VPC) bool { return v.ProjectVPCID == id })
	switch {
	case i < 0:
		return badRequest("Project VPC %q does not exist in project %q", id, p.name)
	case p.vpcs[i].CloudName != cloud:
		return badRequest("Project VPC %q is in cloud %q, not %q", id, p.vpcs[i].CloudName, cloud)
	}
	return nil
}
