package aiven

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/plan"
)

// Link links the existing member c.Service to its existing primary
// c.Source with an integration of kind c.Kind (POST /integration), the way
// the Console and Terraform link a recovery service or an OpenSearch
// follower that already exists. A 409 wraps apply.ErrLinkExists.
func (c *Client) Link(ctx context.Context, project string, ch plan.Change) error {
	source, dest := ch.Source, ch.Service
	in := &service.ServiceIntegrationCreateIn{
		IntegrationType: service.IntegrationType(ch.Kind),
		SourceService:   &source,
		DestService:     &dest,
		UserConfig:      &map[string]any{},
	}
	err := c.do(ctx, func(ctx context.Context) error {
		_, err := c.api.ServiceIntegrationCreate(ctx, project, in)
		return err
	})
	if err != nil {
		return fmt.Errorf("link %q to %q as %s in project %q: %w", dest, source, ch.Kind, project, err)
	}
	return nil
}

// roleUpdate is the body of a switchover: disaster_recovery_role and
// nothing else. It is not the official client's ServiceUpdateIn, which has
// no such field and whose project_vpc_id has no omitempty: an explicit
// null there would move the service to the public network.
type roleUpdate struct {
	Role string `json:"disaster_recovery_role"`
}

// MakeActive sets disaster_recovery_role "active" on service (PUT
// …/service/{service}), the documented switchover: its peer becomes
// passive. Setting it again on an active service is a repeat of the same
// request.
func (c *Client) MakeActive(ctx context.Context, project, name string) error {
	path := fmt.Sprintf("/v1/project/%s/service/%s", url.PathEscape(project), url.PathEscape(name))
	err := c.do(ctx, func(ctx context.Context) error {
		return c.raw.send(ctx, "ServiceUpdate", http.MethodPut, path, roleUpdate{Role: plan.RoleActive})
	})
	if err != nil {
		return fmt.Errorf("make %q the active service in project %q: %w", name, project, err)
	}
	return nil
}
