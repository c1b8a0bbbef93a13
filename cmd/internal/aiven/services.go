package aiven

import (
	"context"
	"fmt"
	"maps"
	"strconv"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// ListServices reads every service of a project with one ServiceList call.
// Each service carries the replication integrations either end of them
// reports in the list, and its disaster_recovery_role when the answer
// gives one (read from a copy of the raw answer: the official client does
// not decode that field).
func (c *Client) ListServices(ctx context.Context, project string) ([]plan.LiveService, error) {
	services, _, err := c.listServices(ctx, project)
	return services, err
}

// listServices is ListServices that also returns the raw answer's extra
// fields by service name (nil when the answer could not be kept).
func (c *Client) listServices(ctx context.Context, project string) ([]plan.LiveService, map[string]extraFields, error) {
	var out []service.ServiceOut
	ctx, cp := withCapture(ctx)
	err := c.do(ctx, func(ctx context.Context) (err error) {
		out, err = c.api.ServiceList(ctx, project)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list services in project %q: %w", project, err)
	}
	extras := listExtras(cp)
	live := make([]plan.LiveService, len(out))
	var links []service.ServiceIntegrationOut
	for i := range out {
		s := &out[i]
		live[i] = toLive(serviceFields{
			name: s.ServiceName, typ: s.ServiceType, plan: s.Plan, cloud: s.CloudName, state: string(s.State),
			disk: s.DiskSpaceMb, vpc: s.ProjectVpcId, userConfig: s.UserConfig,
			tags: s.Tags, protected: s.TerminationProtection, role: extras[s.ServiceName].role(),
		})
		links = append(links, s.ServiceIntegrations...)
	}
	attachIntegrations(live, project, links)
	return live, extras, nil
}

// GetService reads one service, with the integrations it reports and its
// disaster_recovery_role when the answer gives one.
func (c *Client) GetService(ctx context.Context, project, name string) (plan.LiveService, error) {
	var s *service.ServiceGetOut
	ctx, cp := withCapture(ctx)
	err := c.do(ctx, func(ctx context.Context) (err error) {
		s, err = c.api.ServiceGet(ctx, project, name)
		return err
	})
	if err != nil {
		return plan.LiveService{}, fmt.Errorf("get service %q in project %q: %w", name, project, err)
	}
	extra, _ := getExtras(cp)
	live := []plan.LiveService{toLive(serviceFields{
		name: s.ServiceName, typ: s.ServiceType, plan: s.Plan, cloud: s.CloudName, state: string(s.State),
		disk: s.DiskSpaceMb, vpc: s.ProjectVpcId, userConfig: s.UserConfig,
		tags: s.Tags, protected: s.TerminationProtection, role: extra.role(),
	})}
	attachIntegrations(live, project, s.ServiceIntegrations)
	return live[0], nil
}

// CountBackups reads how many backups a service has (ServiceBackupsGet).
func (c *Client) CountBackups(ctx context.Context, project, name string) (int, error) {
	var out *service.ServiceBackupsGetOut
	err := c.do(ctx, func(ctx context.Context) (err error) {
		out, err = c.api.ServiceBackupsGet(ctx, project, name)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("read the backups of %q in project %q: %w", name, project, err)
	}
	return len(out.Backups), nil
}

// serviceFields are the fields of an Aiven service object that plans depend
// on. The official client's service output types share no type, so each
// read copies its fields into one of these.
type serviceFields struct {
	name, typ, plan, cloud, state string
	disk                          *int
	vpc                           string
	userConfig                    map[string]any
	tags                          map[string]string
	protected                     bool
	// role is disaster_recovery_role, "" when the answer had none.
	role string
}

// toLive maps a service object's fields into the plan's model.
func toLive(f serviceFields) plan.LiveService {
	ls := plan.LiveService{
		Name: f.name, Type: f.typ, Plan: f.plan, Cloud: f.cloud, State: f.state,
		Datacenter:            plan.DefaultDatacenter,
		ProjectVPCID:          f.vpc,
		TerminationProtection: f.protected,
	}
	if f.disk != nil {
		ls.DiskSpaceMB = *f.disk
	}
	if len(f.tags) > 0 {
		ls.Tags = maps.Clone(f.tags)
	}
	if cass, ok := f.userConfig["cassandra"].(map[string]any); ok {
		if dc, ok := cass["datacenter"].(string); ok && dc != "" {
			ls.Datacenter = dc
		}
	}
	if join, ok := f.userConfig["service_to_join_with"].(string); ok {
		ls.JoinedWith = join
	}
	ls.Version = majorVersion(f.typ, f.userConfig)
	ls.PersistenceOff = f.typ == schema.TypeValkey && f.userConfig["valkey_persistence"] == "off"
	ls.Role = f.role
	return ls
}

// majorVersion is the version in the user_config key of a replica group's
// service type (pg_version…), "" when unset. Cassandra's is not read: a
// pair's services never compare versions.
func majorVersion(typ string, userConfig map[string]any) string {
	st, ok := schema.LookupType(typ)
	if !ok || typ == plan.CassandraType {
		return ""
	}
	switch v := userConfig[st.VersionKey].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// Client is what apply executes through.
var _ apply.API = (*Client)(nil)
