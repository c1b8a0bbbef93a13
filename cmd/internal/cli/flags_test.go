package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// allCommands is every command ccr has, the root included.
func allCommands() []*cobra.Command {
	io, _, _ := Test(nil)
	root := newRootCmd(io)
	cmds := []*cobra.Command{root}
	for i := 0; i < len(cmds); i++ {
		cmds = append(cmds, cmds[i].Commands()...)
	}
	return cmds
}

// pflag shows the first back-quoted word of a flag's usage as its argument
// ("--out PLAN.json"); a quoted phrase lands in the argument's slot, and an
// unquoted string flag shows "string". Every flag that takes a value names
// it in capitals, but for numbers and durations, whose type reads well.
func TestFlagHelpNamesEveryArgument(t *testing.T) {
	placeholder := regexp.MustCompile(`^[A-Z][A-Z0-9_]*(\.json)?$`)
	for _, cmd := range allCommands() {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			name, usage := pflag.UnquoteUsage(f)
			where := cmd.CommandPath() + " --" + f.Name
			switch {
			case f.Value.Type() == "bool":
				if name != "" {
					t.Errorf("%s: a switch shows an argument %q", where, name)
				}
			case name == "int" || name == "duration":
			case !placeholder.MatchString(name):
				t.Errorf("%s: argument shows as %q, want a placeholder such as FILE (usage %q)", where, name, f.Usage)
			}
			if strings.Contains(usage, "`") {
				t.Errorf("%s: usage keeps a back quote after the first pair: %q", where, usage)
			}
			if usage == "" || strings.HasSuffix(usage, ".") {
				t.Errorf("%s: usage %q: want a phrase without a final full stop", where, usage)
			}
		})
	}
}

// Help never mentions a hidden flag: it exists for tests and would confuse
// a reader who cannot find it in any flag list.
func TestHelpNeverNamesHiddenFlags(t *testing.T) {
	cmds := allCommands()
	var hidden []string
	for _, cmd := range cmds {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden {
				hidden = append(hidden, "--"+f.Name)
			}
		})
	}
	if len(hidden) == 0 {
		t.Fatal("no hidden flag found; this test guards --poll-interval")
	}
	for _, cmd := range cmds {
		var help strings.Builder
		cmd.SetOut(&help)
		if err := cmd.Help(); err != nil {
			t.Fatal(err)
		}
		for _, h := range hidden {
			if strings.Contains(help.String(), h) {
				t.Errorf("%s --help names the hidden flag %s", cmd.CommandPath(), h)
			}
		}
	}
}

func TestUsageErrorsSuggestHelp(t *testing.T) {
	cases := map[string]struct {
		args []string
		want string
	}{
		"unknown flag":       {[]string{"plan", "--bogus"}, "Error: unknown flag: --bogus\nRun \"ccr plan --help\" for its usage\n"},
		"not a number":       {[]string{"apply", "--parallelism", "x"}, "Error: --parallelism \"x\": want a whole number\nRun \"ccr apply --help\" for its usage\n"},
		"duration sans unit": {[]string{"apply", "--wait-timeout", "5"}, "Error: --wait-timeout \"5\": want a duration such as 90s, 30m or 1h\nRun \"ccr apply --help\" for its usage\n"},
		"missing value":      {[]string{"import", "--project"}, "Error: flag needs an argument: --project\nRun \"ccr import --help\" for its usage\n"},
		"unknown command":    {[]string{"pla"}, "Error: unknown command \"pla\" for \"ccr\"; did you mean plan?\nRun \"ccr --help\" for its usage\n"},
		"extra argument":     {[]string{"plan", "x.yaml", "y.yaml"}, "Error: 2 files given (\"x.yaml\", \"y.yaml\"): ccr plan takes one file, because each file gets its own plan, saved plan and pull-request comment; run ccr plan once per file (ccr validate takes several)\nRun \"ccr plan --help\" for its usage\n"},
		"unknown join-after": {[]string{"apply", "--join-after", "soon", "--auto-approve"}, "Error: unknown --join-after \"soon\": use created or running\n"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := run(map[string]string{"AIVEN_TOKEN": "t0ken"}, tc.args...)
			if code != int(ExitError) || out != "" || errOut != tc.want {
				t.Errorf("ccr %v: exit %d, stdout %q, stderr %q; want stderr %q", tc.args, code, out, errOut, tc.want)
			}
		})
	}
}

// Shell completion offers the values --format and --join-after take, and
// files of the right kind where a file is expected.
func TestCompletion(t *testing.T) {
	cases := map[string]struct {
		args []string
		want string
	}{
		"plan --format":      {[]string{"plan", "--format", ""}, "text\nmarkdown\njson\n:4\n"},
		"apply --format":     {[]string{"apply", "--format", ""}, "text\njson\n:4\n"},
		"import --format":    {[]string{"import", "--format", ""}, "yaml\njson\n:4\n"},
		"apply --join-after": {[]string{"apply", "--join-after", ""}, "created\nrunning\n:4\n"},
		"plan -f":            {[]string{"plan", "-f", ""}, "yaml\nyml\n:8\n"},
		"apply's saved plan": {[]string{"apply", ""}, "json\n:8\n"},
		"plan --out":         {[]string{"plan", "--out", ""}, "json\n:8\n"},
		"validate -f":        {[]string{"validate", "-f", ""}, "yaml\nyml\n:8\n"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			code, out, _ := run(nil, append([]string{cobra.ShellCompRequestCmd}, tc.args...)...)
			if code != 0 || out != tc.want {
				t.Errorf("completion of ccr %v: exit %d, stdout %q, want %q", tc.args, code, out, tc.want)
			}
		})
	}
}

// Every flag that can refuse a value says what it wants: none falls back
// to "want another value", which told a user of --max-monthly-increase 1e3
// nothing.
func TestFlagErrorsSayWhatTheyWant(t *testing.T) {
	refusing := 0
	for _, cmd := range allCommands() {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Set("not-a-value") == nil {
				return // takes any text
			}
			refusing++
			if want := wantFor(f); want == "another value" {
				t.Errorf("%s --%s: a refused value says only %q", cmd.CommandPath(), f.Name, want)
			}
		})
	}
	if refusing == 0 {
		t.Fatal("no flag refused a value; this test guards --max-monthly-increase and the typed flags")
	}
}
