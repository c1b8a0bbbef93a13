package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagError is every command's answer to flags it cannot parse: the problem
// in ccr's words, then where the flags are listed. Cobra would print only
// pflag's text, such as `invalid argument "5" for "--wait-timeout" flag:
// time: missing unit in duration "5"`.
func flagError(cmd *cobra.Command, err error) error {
	var invalid *pflag.InvalidValueError
	if errors.As(err, &invalid) {
		f := invalid.GetFlag()
		err = fmt.Errorf("--%s %q: want %s", f.Name, invalid.GetValue(), wantFor(f))
	}
	return helpHint(cmd, err)
}

// wanter is a flag value of ccr's own type that says what it takes.
type wanter interface {
	want() string
}

// wantFor says what a flag's value must look like.
func wantFor(f *pflag.Flag) string {
	if w, ok := f.Value.(wanter); ok {
		return w.want()
	}
	switch f.Value.Type() {
	case "int", "uint", "uint64":
		return "a whole number"
	case "duration":
		return "a duration such as 90s, 30m or 1h"
	case "bool":
		return "true or false (or no value)"
	}
	return "another value"
}

// helpHint adds to a usage error where the usage is.
func helpHint(cmd *cobra.Command, err error) error {
	return fmt.Errorf("%w\nRun \"%s --help\" for its usage", err, cmd.CommandPath())
}

// hintArgs makes every subcommand's refusal of its arguments, like a flag's,
// say where the usage is.
func hintArgs(cmds []*cobra.Command) {
	for _, c := range cmds {
		if check := c.Args; check != nil {
			c.Args = func(cmd *cobra.Command, args []string) error {
				if err := check(cmd, args); err != nil {
					return helpHint(cmd, err)
				}
				return nil
			}
		}
	}
}

// rootArgs refuses an unknown command as cobra does, with its suggestions,
// and says where the commands are listed.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	err := fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		err = fmt.Errorf("%w; did you mean %s?", err, orList(s))
	}
	return helpHint(cmd, err)
}
