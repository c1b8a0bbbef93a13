package cli

import (
	"github.com/spf13/cobra"

	"github.com/ccr-dev/ccr/schema"
)

func newSchemaCmd(io *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of ccr files",
		Long: `Print the JSON Schema (draft 2020-12) that ccr files are validated against.

Point your editor at it with a first line such as
  # yaml-language-server: $schema=./ccr.schema.json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := io.Out.Write(schema.JSONSchema())
			return err
		},
	}
}
