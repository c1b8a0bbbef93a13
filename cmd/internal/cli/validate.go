package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/ccr-dev/ccr/schema"
)

type validateOptions struct {
	io    *IOStreams
	files []string
}

func newValidateCmd(io *IOStreams) *cobra.Command {
	opts := &validateOptions{io: io}
	cmd := &cobra.Command{
		Use:   "validate [-f FILE]...",
		Short: "Check ccr files offline against the schema and the CCR rules",
		Long: `Validate ccr files without contacting Aiven. Every problem is reported as
file:line:col: path: message, all of them in one run.

Exit status: 0 when every file is valid, 1 otherwise.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return validateRun(opts) },
	}
	cmd.Flags().StringArrayVarP(&opts.files, "file", "f", []string{"ccr.yaml"}, "ccr file to validate (repeatable)")
	return cmd
}

func validateRun(opts *validateOptions) error {
	invalid := 0
	for _, f := range opts.files {
		if _, diags := loadSpec(opts.io, f); len(diags) > 0 {
			invalid++
		}
	}
	if invalid > 0 {
		return silentExit(ExitError)
	}
	fmt.Fprintf(opts.io.ErrOut, "%d file(s) valid\n", len(opts.files))
	return nil
}

// loadSpec reads and validates one file, printing its diagnostics on stderr.
func loadSpec(io *IOStreams, name string) (*schema.Spec, schema.Diagnostics) {
	data, err := os.ReadFile(name)
	if err != nil {
		d := schema.Diagnostics{{File: name, Message: fmt.Sprintf("cannot read file: %v", err)}}
		fmt.Fprintln(io.ErrOut, d.Error())
		return nil, d
	}
	spec, diags := schema.Load(name, data)
	if len(diags) > 0 {
		fmt.Fprintln(io.ErrOut, diags.Error())
	}
	return spec, diags
}
