package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// The values each command's --format takes, for checking and completion.
var (
	formatsPlan   = []string{"text", "markdown", "json"}
	formatsApply  = []string{"text", "json"}
	formatsImport = []string{"yaml", "json"}
)

// checkChoice refuses a value of --flag that is not one of allowed.
func checkChoice(flag, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return fmt.Errorf("unknown --%s %q: use %s", flag, value, orList(allowed))
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// completeValues makes shell completion offer values for --flag, and no
// file names.
func completeValues(cmd *cobra.Command, flag string, values ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// completeFiles makes shell completion offer files with one of exts (no
// dot) for --flag.
func completeFiles(cmd *cobra.Command, flag string, exts ...string) {
	_ = cmd.MarkFlagFilename(flag, exts...)
}

// savedPlanCompletion offers JSON files for apply's one argument, a saved
// plan.
func savedPlanCompletion(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
}

// ccrFileCompletion offers ccr files (YAML) for a command's first n
// arguments; n < 0 offers them for every argument.
func ccrFileCompletion(n int) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if n >= 0 && len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
	}
}
