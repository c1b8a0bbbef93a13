package aiven

import (
	"context"
	"fmt"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// ListServices reads every service of a project with one ServiceList call.
func (c *Client) ListServices(ctx context.Context, project string) ([]plan.LiveService, error) {
	out, err := c.api.ServiceList(ctx, project)
	if err != nil {
		return nil, fmt.Errorf("list services in project %q: %w", project, classify(err))
	}
	live := make([]plan.LiveService, len(out))
	for i := range out {
		s := &out[i]
		live[i] = toLive(s.ServiceName, s.ServiceType, s.Plan, s.CloudName, string(s.State), s.DiskSpaceMb, s.ProjectVpcId, s.UserConfig)
	}
	return live, nil
}

// GetService reads one service.
func (c *Client) GetService(ctx context.Context, project, name string) (plan.LiveService, error) {
	s, err := c.api.ServiceGet(ctx, project, name)
	if err != nil {
		return plan.LiveService{}, fmt.Errorf("get service %q in project %q: %w", name, project, classify(err))
	}
	return toLive(s.ServiceName, s.ServiceType, s.Plan, s.CloudName, string(s.State), s.DiskSpaceMb, s.ProjectVpcId, s.UserConfig), nil
}

// CreateService creates the Cassandra service a plan change describes; when
// c.JoinWith is set the new service joins that peer as its own datacenter.
func (c *Client) CreateService(ctx context.Context, project string, ch plan.Change) error {
	_, err := c.api.ServiceCreate(ctx, project, createRequest(ch))
	if err != nil {
		return fmt.Errorf("create service %q in project %q: %w", ch.Service, project, classify(err))
	}
	return nil
}

func createRequest(ch plan.Change) *service.ServiceCreateIn {
	userConfig := map[string]any{
		"cassandra": map[string]any{"datacenter": ch.Datacenter},
	}
	if ch.JoinWith != "" {
		userConfig["service_to_join_with"] = ch.JoinWith
	}
	in := &service.ServiceCreateIn{
		ServiceName:           ch.Service,
		ServiceType:           plan.CassandraType,
		Plan:                  ch.Plan,
		Cloud:                 &ch.Cloud,
		TerminationProtection: ch.TerminationProtection,
		UserConfig:            &userConfig,
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

// toLive maps the fields of an Aiven service object that plans depend on.
// The three service output types of the official client share no type, so
// the fields are passed one by one.
func toLive(name, typ, planName, cloud, state string, disk *int, vpc string, userConfig map[string]any) plan.LiveService {
	ls := plan.LiveService{
		Name: name, Type: typ, Plan: planName, Cloud: cloud, State: state,
		Datacenter:   plan.DefaultDatacenter,
		ProjectVPCID: vpc,
	}
	if disk != nil {
		ls.DiskSpaceMB = *disk
	}
	if cass, ok := userConfig["cassandra"].(map[string]any); ok {
		if dc, ok := cass["datacenter"].(string); ok && dc != "" {
			ls.Datacenter = dc
		}
	}
	if join, ok := userConfig["service_to_join_with"].(string); ok {
		ls.JoinedWith = join
	}
	return ls
}

// Client is what apply executes through.
var _ apply.API = (*Client)(nil)
