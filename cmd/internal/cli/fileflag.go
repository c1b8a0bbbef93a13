package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// defaultFile is the ccr file a command reads when -f is not given.
const defaultFile = "ccr.yaml"

// fileFlag is the -f of plan and apply, which take exactly one file: the
// plan's JSON form, a saved plan, the pull-request comment, the apply
// report and the drift issue are each keyed by one file's name. pflag's
// string flag would keep the last of several -f silently; this one keeps
// every value, so that the command can refuse the extra ones by name.
type fileFlag struct {
	values []string
}

func (f *fileFlag) String() string {
	if len(f.values) == 0 {
		return defaultFile
	}
	return f.values[len(f.values)-1]
}

func (f *fileFlag) Set(v string) error {
	f.values = append(f.values, v)
	return nil
}

func (f *fileFlag) Type() string { return "string" }

// addFileFlag registers -f on cmd; usage must name the argument `FILE`.
func addFileFlag(cmd *cobra.Command, f *fileFlag, usage string) {
	cmd.Flags().VarP(f, "file", "f", usage)
	_ = cmd.MarkFlagFilename("file", "yaml", "yml")
}

// one returns the file given, or says how to plan several files: command
// is "ccr plan" or "ccr apply".
func (f *fileFlag) one(command string) (string, error) {
	if len(f.values) <= 1 {
		return f.String(), nil
	}
	return "", fmt.Errorf("-f is given %d times (%s): %s takes one file, because each file gets its own plan, "+
		"saved plan and pull-request comment; run %s once per file (ccr validate takes several -f)",
		len(f.values), quotedList(f.values), command, command)
}

// oneFileArg checks the arguments of a command that takes the ccr file as
// its one argument or with -f: command is "ccr plan".
func oneFileArg(command string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) > 1:
			return fmt.Errorf("%d files given (%s): %s takes one file, because each file gets its own plan, "+
				"saved plan and pull-request comment; run %s once per file (ccr validate takes several)",
				len(args), quotedList(args), command, command)
		case len(args) == 1 && cmd.Flags().Changed("file"):
			return fmt.Errorf("give the ccr file either as an argument or with -f, not both")
		}
		return nil
	}
}

// quotedList quotes each value and joins them with commas.
func quotedList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ", ")
}
