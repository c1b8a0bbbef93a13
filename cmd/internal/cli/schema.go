package cli

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

func newSchemaCmd(io *IOStreams) *cobra.Command {
	var planForm, resultForm bool
	cmd := &cobra.Command{
		Use:   "schema [--plan | --result]",
		Short: "Print the JSON Schema of ccr files, plans or apply results",
		Long: `Print a JSON Schema (draft 2020-12): by default the one ccr files are
validated against, with --plan the one of the plan's JSON (ccr plan --format
json, ccr plan --out), with --result the one of the apply result's JSON
(ccr apply --format json). Every field is described and every enum value
listed; the plan and result schemas describe their format_version exactly.

Point your editor at the file schema with a first line such as
  # yaml-language-server: $schema=./ccr.schema.json`,
		Example: `  ccr schema > ccr.schema.json
  ccr schema --plan > plan.schema.json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if planForm && resultForm {
				return errors.New("--plan and --result each print one schema: give one of them")
			}
			out := schema.JSONSchema()
			switch {
			case planForm:
				out = plan.JSONSchema()
			case resultForm:
				out = apply.JSONSchema()
			}
			_, err := io.Out.Write(out)
			return err
		},
	}
	cmd.Flags().BoolVar(&planForm, "plan", false, "print the schema of the plan's JSON form")
	cmd.Flags().BoolVar(&resultForm, "result", false, "print the schema of the apply result's JSON form")
	return cmd
}
