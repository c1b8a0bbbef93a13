// Package cli holds ccr's commands. It is the only package that wires the
// core (schema, plan, apply) to the adapters (Aiven, GitHub) and the
// environment.
package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ccr-dev/ccr/plan/render"
)

// Version is ccr's version. Release builds stamp it with -ldflags "-X
// github.com/ccr-dev/ccr/cmd/internal/cli.Version=v1.2.3"; when unstamped it
// is resolved from the binary's build info at start (see version.go): the
// module version after "go install …@v1.2.3", "(devel)" in a checkout.
var Version string

// Main runs ccr with args (without the program name) and returns the exit
// code.
func Main(args []string, io *IOStreams) int {
	flush := io.protect()
	defer flush()
	root := newRootCmd(io)
	root.SetArgs(args)
	err := root.Execute()
	code := exitCodeFor(err)
	var ee *exitError
	if err != nil && !(errors.As(err, &ee) && ee.err == nil) {
		fmt.Fprintf(io.ErrOut, "Error: %s\n", render.Printable(mask(io, err.Error())))
	}
	return int(code)
}

func newRootCmd(io *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "ccr",
		Short: "Keep Aiven replication (Cassandra CCR pairs, read replicas, disaster recovery) as code",
		Long: `ccr keeps Aiven replication declared in a YAML file: Apache Cassandra
cross-cluster replication (CCR) pairs, and replica groups (PostgreSQL, MySQL
and Valkey read replicas, PostgreSQL disaster recovery, OpenSearch
cross-cluster replication followers). It validates the file, plans it against
the live projects and applies the plan: it creates the services and
replication links that are missing (a pair's second service joins the first
with service_to_join_with and its own cassandra.datacenter), switches a
disaster recovery pair over when the file names the other service active,
and updates in place what the file declares: plan, disk_space_mb,
termination_protection and the tag keys the file names (every other key is
left alone).

ccr never deletes, powers off or moves a service, and never promotes a
replica or fails a service over: a promotion or failover seen live is
reported.

Typical use: "ccr validate" on every pull request, "ccr plan --comment" to show
reviewers what would change, "ccr apply --auto-approve --comment" after merge.

Exit status: 0 ok or no changes; 1 error, invalid file or conflicts;
2 changes to apply (plan --detailed-exitcode; drift alone is 0); 3 apply
interrupted, partly failed, or stopped by an API that did not answer (run it
again).

Environment: AIVEN_TOKEN (API token, never printed), AIVEN_WEB_URL (API base,
default https://api.aiven.io), CCR_REQUEST_TIMEOUT (deadline of each API
request, default 30s), NO_COLOR / CLICOLOR / CLICOLOR_FORCE, and the GITHUB_*
variables of GitHub Actions for --comment and --drift-issue.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// --version prints exactly what "ccr version" prints.
		Version: currentVersionLine(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	// Inherited by every subcommand.
	root.SetFlagErrorFunc(flagError)
	// Defined here so that cobra does not also take -v for it.
	root.Flags().Bool("version", false, `print the same line as "ccr version"`)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.AddCommand(
		newValidateCmd(io),
		newSchemaCmd(io),
		newPlanCmd(io),
		newApplyCmd(io),
		newImportCmd(io),
		newVersionCmd(io),
	)
	hintArgs(root.Commands())
	// Runnable, so that rootArgs, not cobra's built-in check, sees an
	// unknown command; without one it prints the help as before.
	root.Args = rootArgs
	root.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	return root
}
