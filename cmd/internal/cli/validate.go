package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/plan/render"
	"github.com/ccr-dev/ccr/schema"
)

type validateOptions struct {
	io    *IOStreams
	files []string
}

func newValidateCmd(io *IOStreams) *cobra.Command {
	opts := &validateOptions{io: io}
	cmd := &cobra.Command{
		Use:   "validate [-f FILE | FILE]...",
		Short: "Check ccr files offline against the schema and the CCR rules",
		Long: `Validate ccr files without contacting Aiven: the YAML syntax, the JSON Schema
that "ccr schema" prints, and the rules of a CCR pair (exactly two services,
different names, clouds and datacenters, a service in at most one pair per
project, replication factors of at least 2).

Every problem is reported on stderr as

  file:line:col: path: message

all of them in one run, sorted by position; file is relative to the working
directory. In GitHub Actions (GITHUB_ACTIONS=true) the first 10 problems are
also written as ::error workflow commands, which GitHub shows on the lines of
the pull request, followed by a notice counting the rest.

Files are given as arguments, with -f, or both; without either, ccr.yaml.

Exit status: 0 when every file is valid, 1 otherwise.`,
		Example: `  # Validate ccr.yaml in the current directory
  ccr validate

  # Validate several files; every file is checked even when one fails
  ccr validate prod/ccr.yaml staging/ccr.yaml
  ccr validate -f prod/ccr.yaml -f staging/ccr.yaml`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				// The default ccr.yaml stands only when no file is named.
				if !cmd.Flags().Changed("file") {
					opts.files = nil
				}
				opts.files = append(opts.files, args...)
			}
			return validateRun(opts)
		},
		ValidArgsFunction: ccrFileCompletion(-1),
	}
	cmd.Flags().StringArrayVarP(&opts.files, "file", "f", []string{defaultFile}, "a ccr `FILE` to validate (repeatable)")
	_ = cmd.MarkFlagFilename("file", "yaml", "yml")
	return cmd
}

func validateRun(opts *validateOptions) error {
	var all schema.Diagnostics
	for _, f := range opts.files {
		spec, diags := readSpec(f)
		all = append(all, diags...)
		if len(diags) > 0 {
			printDiagnostics(opts.io, diags)
			continue
		}
		fmt.Fprintf(opts.io.ErrOut, "%s: valid (%s)\n", spec.File, count(spec))
	}
	if len(all) == 0 {
		return nil
	}
	// One call for all files: GitHub's cap of 10 annotations is per step.
	if err := annotate(opts.io, all); err != nil {
		return withExit(ExitError, err)
	}
	return silentExit(ExitError)
}

// loadSpec reads and validates one file, printing its diagnostics on stderr
// and, in GitHub Actions, as annotations.
func loadSpec(io *IOStreams, name string) (*schema.Spec, schema.Diagnostics) {
	spec, diags := readSpec(name)
	if len(diags) > 0 {
		printDiagnostics(io, diags)
		if err := annotate(io, diags); err != nil {
			fmt.Fprintf(io.ErrOut, "Warning: %v\n", err)
		}
	}
	return spec, diags
}

// readSpec reads and validates one file. Diagnostics name the file relative
// to the working directory, as editors and GitHub expect.
func readSpec(name string) (*schema.Spec, schema.Diagnostics) {
	display := relativeName(name)
	data, err := readLimited(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, schema.Diagnostics{{File: display, Message: fmt.Sprintf("cannot read: %v", err)}}
	}
	return schema.Load(display, data)
}

// readLimited reads at most one byte more than schema.MaxFileSize, enough
// for Load to refuse a file that is too large without holding all of it. A
// file that is not a regular file is refused (see openRegular).
func readLimited(name string) ([]byte, error) {
	return readRegular(name, schema.MaxFileSize+1)
}

// relativeName returns name relative to the working directory when it lies
// below it, and name cleaned otherwise.
func relativeName(name string) string {
	if !filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	wd, err := os.Getwd()
	if err != nil {
		return name
	}
	rel, err := filepath.Rel(wd, name)
	if err != nil || !filepath.IsLocal(rel) {
		return name
	}
	return rel
}

// printDiagnostics prints one diagnostic per line; a file name or a value
// quoted in one cannot break the line or repaint the terminal.
func printDiagnostics(io *IOStreams, diags schema.Diagnostics) {
	fmt.Fprintln(io.ErrOut, render.Printable(diags.Error()))
}

// annotate writes diagnostics as GitHub workflow commands when ccr runs in
// GitHub Actions. They go to stderr with the rest of the diagnostics: the
// runner reads workflow commands from both streams (actions/runner feeds
// stdout and stderr to the same command processor), and stdout must stay
// data only, so that "ccr plan --format json > plan.json" keeps valid JSON.
func annotate(io *IOStreams, diags schema.Diagnostics) error {
	if !inGitHubActions(io) {
		return nil
	}
	as := make([]github.Annotation, len(diags))
	for i, d := range diags {
		msg := d.Message
		if d.Path != "" {
			msg = d.Path + ": " + msg
		}
		as[i] = github.Annotation{Level: github.LevelError, File: filepath.ToSlash(d.File),
			Line: d.Pos.Line, Col: d.Pos.Col, Title: "ccr validate", Message: msg}
	}
	return github.WriteAnnotations(io.Commands(), as, github.MaxAnnotations)
}

// count summarises a valid file: "2 projects, 3 pairs", and ", 1 replica
// group (3 services)" when it declares groups.
func count(spec *schema.Spec) string {
	pairs, groups, services := 0, 0, 0
	for _, p := range spec.Projects {
		pairs += len(p.Pairs)
		groups += len(p.Replicas)
		for i := range p.Replicas {
			services += len(p.Replicas[i].Names())
		}
	}
	out := plural(len(spec.Projects), "project")
	if pairs > 0 || groups == 0 {
		out += ", " + plural(pairs, "pair")
	}
	if groups > 0 {
		out += fmt.Sprintf(", %s (%s)", plural(groups, "replica group"), plural(services, "service"))
	}
	return out
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
