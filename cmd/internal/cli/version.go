package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// devel is the version of a binary built from a checkout without a release
// stamp: Go's own word for it in build info.
const devel = "(devel)"

// revision is the commit a release binary was built from, stamped with
// -ldflags "-X github.com/ccr-dev/ccr/cmd/internal/cli.revision=SHA" (see
// .goreleaser.yaml). Empty otherwise: the build info's vcs.revision is used.
var revision string

// Version is resolved once, before any command runs, so that everything
// that records it (comment footers and markers, the User-Agent) agrees with
// `ccr version`.
func init() {
	info, _ := debug.ReadBuildInfo()
	Version = resolveVersion(Version, info)
}

// buildVCS is what the binary knows about the commit it was built from.
type buildVCS struct {
	revision string // short commit hash, "" when unknown
	modified bool   // built from a work tree with uncommitted changes
}

// resolveVersion picks the version to report: a release stamp wins, then the
// module version that `go install …@vX` records, else "(devel)".
func resolveVersion(stamped string, info *debug.BuildInfo) string {
	if stamped != "" {
		return stamped
	}
	if info != nil && info.Main.Version != "" {
		return info.Main.Version
	}
	return devel
}

// resolveVCS reads the commit from the stamp or the build info.
func resolveVCS(stamped string, info *debug.BuildInfo) buildVCS {
	var v buildVCS
	if info != nil {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				v.revision = s.Value
			case "vcs.modified":
				v.modified = s.Value == "true"
			}
		}
	}
	if stamped != "" {
		v.revision = stamped
	}
	v.revision = shortRevision(v.revision)
	return v
}

// shortRevision keeps 12 hex digits, as Go's pseudo-versions do.
func shortRevision(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// versionLine is what `ccr version` and `ccr --version` print, e.g.
// "ccr v1.2.3 (commit 1a2b3c4d5e6f, go1.26.0, linux/amd64)".
func versionLine(version string, vcs buildVCS, goVersion, platform string) string {
	var details []string
	if vcs.revision != "" {
		details = append(details, "commit "+vcs.revision)
	}
	if vcs.modified {
		details = append(details, "modified")
	}
	details = append(details, goVersion, platform)
	return fmt.Sprintf("ccr %s (%s)", version, strings.Join(details, ", "))
}

// currentVersionLine is versionLine for this binary.
func currentVersionLine() string {
	info, _ := debug.ReadBuildInfo()
	return versionLine(Version, resolveVCS(revision, info), runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH)
}

func newVersionCmd(io *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print ccr's version and the commit it was built from",
		Long: `Print ccr's version: the release version for a release binary, the module
version for "go install github.com/ccr-dev/ccr/cmd/ccr@vX", or "(devel)" for a
build from a checkout; then the commit (and "modified" when the work tree had
uncommitted changes), the Go version and the platform. "ccr --version" prints
the same line.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(io.Out, currentVersionLine())
			return err
		},
	}
}
