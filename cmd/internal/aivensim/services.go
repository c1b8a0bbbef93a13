package aivensim

import (
	"maps"
	"net/http"
	"slices"
	"time"
)

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
	s.settleJoins(s.now())
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
		out = append(out, s.render(p.services[name], includeSecrets(r)))
	}
	return map[string]any{"services": out}, nil
}

func (s *Server) getService(r *http.Request) (any, error) {
	_, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"service": s.render(sv, includeSecrets(r))}, nil
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
	n, err := s.validateCreate(p, in)
	if err != nil {
		return nil, err
	}
	sv := n.sv
	p.services[sv.name] = sv
	if target, ok := p.services[joinTarget(sv.userConfig)]; ok {
		sv.peer, target.peer = target.name, sv.name
	}
	if n.link != nil {
		s.addLink(n.link, s.now())
	}
	if !sv.joinPending {
		s.startBackups(sv, sv.busyUntil)
	}
	s.stats.created(p.name + "/" + sv.name)
	return map[string]any{"service": s.render(sv, includeSecrets(r))}, nil
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
	return map[string]any{"service": s.render(sv, includeSecrets(r))}, nil
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
	// Its replication links go with it [I]: a member whose source is
	// deleted becomes standalone, as after a promotion.
	for _, l := range s.linksOf(sv, "") {
		s.removeLink(l, s.now())
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
	return map[string]any{"tags": maps.Clone(sv.tags)}, nil
}

// replaceTags answers ProjectServiceTagsReplace: the body's tags become the
// service's tags.
func (s *Server) replaceTags(r *http.Request) (any, error) {
	return s.setTags(r, map[string]string{})
}

// updateTags answers ProjectServiceTagsUpdate: the body's tags are added to
// the service's, replacing equal keys; a key given null is deleted, as the
// API documents ("deleting ones given NULL value").
func (s *Server) updateTags(r *http.Request) (any, error) {
	_, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	return s.setTags(r, maps.Clone(sv.tags))
}

// setTags applies the body's {"tags": {...}} to base and makes the result
// the service's tags. Values are strings or null (delete the key).
func (s *Server) setTags(r *http.Request, base map[string]string) (any, error) {
	_, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	var in struct {
		Tags map[string]*string `json:"tags"`
	}
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	for k, v := range in.Tags {
		if v == nil {
			delete(base, k)
		} else {
			base[k] = *v
		}
	}
	sv.tags = orEmpty(base)
	sv.updateTime = s.now().UTC().Truncate(time.Second)
	return map[string]any{"message": "tags updated"}, nil
}
