package aiven

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// CreateService creates the service a plan change describes: a pair's
// Cassandra service, joined to c.JoinWith when set, or a replica group's
// service, linked to its primary c.Source as c.Kind when set.
func (c *Client) CreateService(ctx context.Context, project string, ch plan.Change) error {
	err := c.do(ctx, func(ctx context.Context) error {
		_, err := c.api.ServiceCreate(ctx, project, createRequest(ch))
		return err
	})
	switch {
	case ch.JoinWith != "" && targetNotReady(err):
		err = errors.Join(apply.ErrJoinNotReady, err)
	case ch.Kind != "" && replicaNotReady(err):
		err = errors.Join(apply.ErrReplicaNotReady, err)
	}
	if err != nil {
		return fmt.Errorf("create service %q in project %q: %w", ch.Service, project, err)
	}
	return nil
}

// joinNotReady matches the API's refusal of a join whose target is still
// being built: aiven-sim --join-requires-running answers 400 "Service to
// join with X is not running yet (state REBUILDING)". Aiven documents no
// such refusal (its guide creates both services back to back), so only this
// wording counts; any other refusal stays a failure.
var joinNotReady = regexp.MustCompile(`(?i)\bnot (running|ready) yet\b`)

// targetNotReady reports whether err is the API refusing a join because
// its target is not ready yet.
func targetNotReady(err error) bool {
	var e *apiError
	return errors.As(err, &e) && e.status == http.StatusBadRequest && joinNotReady.MatchString(e.msg)
}

// noBackupYet matches Aiven's refusal of a read replica whose primary has
// no backup yet: 403 "Creation of a read replica not allowed under current
// plan" (aiven-client#387), which the Aiven operator knows as "No valid
// backups for service" (aiven-operator#791). Any other 403 stays a failure.
var noBackupYet = regexp.MustCompile(`(?i)read replica not allowed under current plan|no valid backups`)

// replicaNotReady reports whether err is the API refusing a member because
// its primary has no backup yet.
func replicaNotReady(err error) bool {
	var e *apiError
	return errors.As(err, &e) && (e.status == http.StatusForbidden || e.status == http.StatusBadRequest) &&
		noBackupYet.MatchString(e.msg)
}

// createRequest is the ServiceCreate body for ch.
func createRequest(ch plan.Change) *service.ServiceCreateIn {
	in := &service.ServiceCreateIn{
		ServiceName:           ch.Service,
		ServiceType:           ch.ServiceType(),
		Plan:                  ch.Plan,
		Cloud:                 &ch.Cloud,
		TerminationProtection: ch.TerminationProtection,
	}
	if ch.Type == "" {
		userConfig := pairUserConfig(ch)
		in.UserConfig = &userConfig
	} else {
		groupFields(in, ch)
	}
	if ch.DiskSpaceMB > 0 {
		disk := ch.DiskSpaceMB
		in.DiskSpaceMb = &disk
	}
	if ch.ProjectVPCID != "" {
		vpc := ch.ProjectVPCID
		in.ProjectVpcId = &vpc
	}
	if len(ch.Tags) > 0 {
		tags := ch.Tags
		in.Tags = &tags
	}
	return in
}

// pairUserConfig is a pair's service's user_config: its datacenter, and
// the peer it joins.
func pairUserConfig(ch plan.Change) map[string]any {
	userConfig := map[string]any{
		"cassandra": map[string]any{"datacenter": ch.Datacenter},
	}
	if ch.JoinWith != "" {
		userConfig["service_to_join_with"] = ch.JoinWith
	}
	return userConfig
}

// groupFields sets what a replica group's service is created with beyond
// the common fields: its major version (user_config.<type>_version) when
// the plan names one, and for a member its link to the primary, as
// Terraform sends it: integration type and source, no destination (the new
// service is it), an empty user_config.
func groupFields(in *service.ServiceCreateIn, ch plan.Change) {
	if st, ok := schema.LookupType(ch.Type); ok && ch.Version != "" {
		userConfig := map[string]any{st.VersionKey: ch.Version}
		in.UserConfig = &userConfig
	}
	if ch.Kind == "" {
		return
	}
	source := ch.Source
	in.ServiceIntegrations = &[]service.ServiceIntegrationIn{{
		IntegrationType: service.IntegrationType(ch.Kind),
		SourceService:   &source,
		UserConfig:      &map[string]any{},
	}}
}
