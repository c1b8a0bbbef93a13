package aivensim

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Seed applies a SeedFile: catalog overrides first, then its projects,
// which must not exist yet, then their replication links.
func (s *Server) Seed(f SeedFile) error {
	if err := checkPrices(f); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catalog.override(f.Clouds, f.ServiceTypes, f.Prices)
	var fresh []*service
	for _, p := range f.Projects {
		added, err := s.addProjectLocked(p)
		if err != nil {
			return err
		}
		fresh = append(fresh, added...)
	}
	for _, p := range f.Projects {
		for _, in := range p.ServiceIntegrations {
			if err := s.addLinkSeed(p.Project, in); err != nil {
				return fmt.Errorf("seed project %q: %w", p.Project, err)
			}
		}
	}
	s.seedVersions(fresh)
	for _, sv := range fresh {
		s.seedBackups(sv)
	}
	s.persistLocked()
	return nil
}

// seedVersions gives each seeded service that names no major version the
// one the API would show (clients such as the Terraform provider expect
// user_config.<type>_version always): a member its source's, any other
// service its type's default. Sources go first, so a member copies the
// version its source ends up with.
func (s *Server) seedVersions(fresh []*service) {
	for _, members := range []bool{false, true} {
		for _, sv := range fresh {
			if l := s.memberLink(sv, ""); (l != nil) == members {
				s.setVersion(sv, l)
			}
		}
	}
}

// AddProject adds a project with its VPCs, services and links.
func (s *Server) AddProject(p ProjectSeed) error {
	return s.Seed(SeedFile{Projects: []ProjectSeed{p}})
}

// AddService adds a service to an existing project, bypassing the API's
// create rules (a seeded service may break them, as real history can).
func (s *Server) AddService(projectName string, sv ServiceSeed) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.projects[projectName]
	if !ok {
		return fmt.Errorf("add service %q: project %q does not exist", sv.ServiceName, projectName)
	}
	added, err := s.addServiceLocked(p, sv)
	if err != nil {
		return err
	}
	linkPeers(p)
	s.seedVersions([]*service{added})
	s.seedBackups(added)
	s.persistLocked()
	return nil
}

// AddIntegration adds a replication link between existing services,
// bypassing the API's rules.
func (s *Server) AddIntegration(projectName string, in IntegrationSeed) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.addLinkSeed(projectName, in); err != nil {
		return fmt.Errorf("add integration: %w", err)
	}
	s.persistLocked()
	return nil
}

func (s *Server) addProjectLocked(ps ProjectSeed) ([]*service, error) {
	if ps.Project == "" {
		return nil, fmt.Errorf("seed project: empty name")
	}
	if _, dup := s.projects[ps.Project]; dup {
		return nil, fmt.Errorf("seed project %q: already exists", ps.Project)
	}
	p := &project{
		name:             ps.Project,
		defaultCloud:     ps.DefaultCloud,
		cassandraOffered: ps.CassandraOffered == nil || *ps.CassandraOffered,
		forbidden:        ps.Forbidden,
		vpcs:             slices.Clone(ps.VPCs),
		services:         map[string]*service{},
		prices:           slices.Clone(ps.Prices),
	}
	now := s.now().UTC().Truncate(time.Second)
	for i := range p.vpcs {
		if p.vpcs[i].CreateTime.IsZero() {
			p.vpcs[i].CreateTime, p.vpcs[i].UpdateTime = now, now
		}
	}
	if p.defaultCloud == "" {
		p.defaultCloud = s.catalog.clouds[0].CloudName
	}
	var added []*service
	for _, sv := range ps.Services {
		a, err := s.addServiceLocked(p, sv)
		if err != nil {
			return nil, fmt.Errorf("seed project %q: %w", ps.Project, err)
		}
		added = append(added, a)
	}
	linkPeers(p)
	s.projects[p.name] = p
	return added, nil
}

func (s *Server) addServiceLocked(p *project, in ServiceSeed) (*service, error) {
	if _, dup := p.services[in.ServiceName]; dup || in.ServiceName == "" {
		return nil, fmt.Errorf("seed service %q: empty or duplicate name", in.ServiceName)
	}
	pl, ok := s.catalog.plan(in.ServiceType, in.Plan)
	if !ok {
		return nil, fmt.Errorf("seed service %q: unknown plan %q for type %q", in.ServiceName, in.Plan, in.ServiceType)
	}
	uc, err := cloneJSON(in.UserConfig)
	if err != nil {
		return nil, fmt.Errorf("seed service %q: user_config: %w", in.ServiceName, err)
	}
	now := s.now().UTC().Truncate(time.Second)
	sv := &service{
		project: p.name, name: in.ServiceName, typ: in.ServiceType, plan: in.Plan, cloud: in.CloudName,
		diskSpaceMB: in.DiskSpaceMB, nodeCount: pl.NodeCount, usedDiskMB: in.UsedDiskMB,
		userConfig: uc, tags: orEmpty(maps.Clone(in.Tags)),
		terminationProtection: in.TerminationProtection, projectVPCID: in.ProjectVPCID,
		powered: in.State != "POWEROFF", peer: in.Peer, joinPending: in.JoinPending, drRole: in.DisasterRecoveryRole,
		createTime: timeOr(in.CreateTime, now), updateTime: timeOr(in.UpdateTime, now),
	}
	if sv.diskSpaceMB == 0 {
		sv.diskSpaceMB = pl.DiskSpaceMB
	}
	if sv.usedDiskMB == 0 {
		sv.usedDiskMB = defaultUsedDisk(sv.diskSpaceMB)
	}
	if in.State == "REBUILDING" || in.State == "REBALANCING" {
		sv.busyState = in.State
		sv.busyUntil = timeOr(in.BusyUntil, s.now().UTC().Add(s.opts.ProvisionDelay))
	}
	if in.FirstBackupTime != nil {
		sv.firstBackup = in.FirstBackupTime.UTC()
	}
	p.services[sv.name] = sv
	return sv, nil
}

// defaultUsedDisk is the data a service holds when nothing says otherwise:
// an eighth of its disk [I].
func defaultUsedDisk(diskMB int) int { return diskMB / 8 }

// seedBackups gives a seeded service that takes backups and names no first
// backup one: a service seeded as being built takes it a first-backup
// delay after the build, any other service has taken it when it was
// created (a seed is history). A joiner still waiting gets it when its
// build finishes (settleJoins).
func (s *Server) seedBackups(sv *service) {
	if !sv.firstBackup.IsZero() || sv.joinPending || !s.takesBackups(sv) {
		return
	}
	if sv.busyState == "REBUILDING" {
		s.startBackups(sv, sv.busyUntil)
		return
	}
	sv.firstBackup = sv.createTime
}

// addLinkSeed records a seeded replication link between existing services.
func (s *Server) addLinkSeed(projectName string, in IntegrationSeed) error {
	l := &link{id: in.ServiceIntegrationID, kind: in.IntegrationType,
		srcProject: orDefault(in.SourceProject, projectName), src: in.SourceService,
		dstProject: orDefault(in.DestProject, projectName), dst: in.DestService, userConfig: map[string]any{}}
	if _, ok := kindNamed(l.kind); !ok {
		return fmt.Errorf("integration %s -> %s: integration_type %q is not one of %s", l.src, l.dst, l.kind, kindNames())
	}
	for _, end := range [][2]string{{l.srcProject, l.src}, {l.dstProject, l.dst}} {
		if s.lookup(end[0], end[1]) == nil {
			return fmt.Errorf("integration %s -> %s: service %q not found in project %q", l.src, l.dst, end[1], end[0])
		}
	}
	if l.id != "" && s.linkByID(l.id) != nil {
		return fmt.Errorf("integration %s -> %s: duplicate service_integration_id %q", l.src, l.dst, l.id)
	}
	s.addLink(l, s.now())
	return nil
}

// linkPeers infers CCR pairs of seeded services from service_to_join_with.
// Names are visited in order so that an inconsistent seed (two joiners of
// one target) always pairs the same two.
func linkPeers(p *project) {
	for _, name := range slices.Sorted(maps.Keys(p.services)) {
		sv := p.services[name]
		target, ok := p.services[joinTarget(sv.userConfig)]
		if ok && target != sv && sv.peer == "" && target.peer == "" {
			sv.peer, target.peer = target.name, sv.name
		}
	}
}
