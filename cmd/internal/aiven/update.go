package aiven

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/apply"
)

// serviceUpdate is the body of an update: the fields ccr changes, each only
// when set. It is not the official client's ServiceUpdateIn, whose
// project_vpc_id has no omitempty: the client would send "project_vpc_id":
// null, and Aiven moves a service updated so to the public network.
type serviceUpdate struct {
	Plan                  *string `json:"plan,omitempty"`
	DiskSpaceMB           *int    `json:"disk_space_mb,omitempty"`
	TerminationProtection *bool   `json:"termination_protection,omitempty"`
}

// UpdateService sets u's plan, disk and termination protection on the
// existing service in one PUT …/service/{service}, sent through the
// official client's transport (its deadline and masking) and nothing else:
// never the service's network or cloud. It is sent once, like a create:
// apply retries it, after a try whose answer was lost only once a read
// shows it did not take effect. The API's refusal (a plan it does not offer,
// a disk outside the plan's bounds or below what the data uses, a
// protected service) is returned with its message.
func (c *Client) UpdateService(ctx context.Context, project, name string, u apply.ServiceUpdate) error {
	body := serviceUpdate{TerminationProtection: u.TerminationProtection}
	if u.Plan != "" {
		body.Plan = &u.Plan
	}
	if u.DiskSpaceMB != 0 {
		body.DiskSpaceMB = &u.DiskSpaceMB
	}
	path := fmt.Sprintf("/v1/project/%s/service/%s", url.PathEscape(project), url.PathEscape(name))
	err := c.doOnce(ctx, func(ctx context.Context) error {
		return c.raw.send(ctx, "ServiceUpdate", http.MethodPut, path, body)
	})
	if err != nil {
		return fmt.Errorf("update service %q in project %q: %w", name, project, err)
	}
	return nil
}

// UpdateTags sets the given tag keys on the service with
// ProjectServiceTagsUpdate (PATCH …/tags), which leaves every other key
// alone. Like UpdateService it is sent once; apply retries it.
func (c *Client) UpdateTags(ctx context.Context, project, name string, tags map[string]string) error {
	in := &service.ProjectServiceTagsUpdateIn{Tags: tags}
	err := c.doOnce(ctx, func(ctx context.Context) error {
		return c.api.ProjectServiceTagsUpdate(ctx, project, name, in)
	})
	if err != nil {
		return fmt.Errorf("set the tags of %q in project %q: %w", name, project, err)
	}
	return nil
}
