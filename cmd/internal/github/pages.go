package github

import (
	"context"
	"fmt"

	gh "github.com/google/go-github/v60/github"
)

// perPage is the largest page GitHub serves; fewer pages, fewer requests
// against the rate limit.
const perPage = 100

// maxPages bounds one listing: 500 pages of 100 is more comments, issues or
// labels than GitHub keeps on a pull request, and a server that always
// names a next page must not hold a run forever.
const maxPages = 500

// listAll requests every page of a list, following the Link header's next
// page, and hands each item to visit. Reading every page matters: a sticky
// comment missed on page 3 becomes a duplicate. Each request goes through
// s.call, so rate limits are waited out per page.
func listAll[T any](ctx context.Context, s *session, list func(c *gh.Client, opts gh.ListOptions) ([]T, *gh.Response, error), visit func(T)) error {
	opts := gh.ListOptions{PerPage: perPage}
	for pages := 1; ; pages++ {
		if pages > maxPages {
			return fmt.Errorf("list: still more after %d pages of %d; giving up", maxPages, perPage)
		}
		var items []T
		next := 0
		err := s.call(ctx, func(c *gh.Client) (*gh.Response, error) {
			page, resp, err := list(c, opts)
			items = page
			if resp != nil {
				next = resp.NextPage
			}
			return resp, err
		})
		if err != nil {
			return err
		}
		for _, it := range items {
			visit(it)
		}
		if next == 0 {
			return nil
		}
		opts.Page = next
	}
}
