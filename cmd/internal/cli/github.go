package cli

import (
	"context"
	"fmt"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
)

// reportApply posts the apply result on the pull request(s) merged in this
// commit. A failure is a warning: it never changes apply's exit status.
func reportApply(ctx context.Context, io *IOStreams, p *plan.Plan, res *apply.Result) {
	fmt.Fprintln(io.ErrOut, "warning: --comment is not wired yet")
}
