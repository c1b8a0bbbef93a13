package cli

import (
	"runtime/debug"
	"testing"
)

func buildInfo(version string, settings ...string) *debug.BuildInfo {
	info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/ccr-dev/ccr", Version: version}}
	for i := 0; i+1 < len(settings); i += 2 {
		info.Settings = append(info.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
	}
	return info
}

func TestResolveVersion(t *testing.T) {
	cases := map[string]struct {
		stamped string
		info    *debug.BuildInfo
		want    string
	}{
		"release stamp wins over build info": {"v1.4.0", buildInfo("v1.3.9"), "v1.4.0"},
		"go install at a tag":                {"", buildInfo("v1.2.3"), "v1.2.3"},
		"go build in a clone (Go 1.24+)": {"", buildInfo("v0.0.0-20261201184854-662598fa2d7f+dirty"),
			"v0.0.0-20261201184854-662598fa2d7f+dirty"},
		"checkout without VCS stamping": {"", buildInfo("(devel)"), "(devel)"},
		"empty module version":          {"", buildInfo(""), "(devel)"},
		"no build info":                 {"", nil, "(devel)"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := resolveVersion(tc.stamped, tc.info); got != tc.want {
				t.Errorf("resolveVersion(%q, …) = %q, want %q", tc.stamped, got, tc.want)
			}
		})
	}
}

func TestResolveVCS(t *testing.T) {
	const full = "662598fa2d7f556301993f7165d81a819c72f811"
	cases := map[string]struct {
		stamped string
		info    *debug.BuildInfo
		want    buildVCS
	}{
		"clean checkout":     {"", buildInfo("(devel)", "vcs", "git", "vcs.revision", full, "vcs.modified", "false"), buildVCS{"662598fa2d7f", false}},
		"uncommitted change": {"", buildInfo("(devel)", "vcs.revision", full, "vcs.modified", "true"), buildVCS{"662598fa2d7f", true}},
		"stamp wins":         {"0123456789abcdef", buildInfo("v1.0.0", "vcs.revision", full), buildVCS{"0123456789ab", false}},
		"short stamp kept":   {"abc123", nil, buildVCS{"abc123", false}},
		"nothing known":      {"", buildInfo("v1.2.3"), buildVCS{}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := resolveVCS(tc.stamped, tc.info); got != tc.want {
				t.Errorf("resolveVCS(%q, …) = %+v, want %+v", tc.stamped, got, tc.want)
			}
		})
	}
}

func TestVersionLine(t *testing.T) {
	cases := map[string]struct {
		version string
		vcs     buildVCS
		want    string
	}{
		"release":  {"v1.2.3", buildVCS{"1a2b3c4d5e6f", false}, "ccr v1.2.3 (commit 1a2b3c4d5e6f, go1.26.0, linux/arm64)"},
		"modified": {"(devel)", buildVCS{"1a2b3c4d5e6f", true}, "ccr (devel) (commit 1a2b3c4d5e6f, modified, go1.26.0, linux/arm64)"},
		"no vcs":   {"v1.2.3", buildVCS{}, "ccr v1.2.3 (go1.26.0, linux/arm64)"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := versionLine(tc.version, tc.vcs, "go1.26.0", "linux/arm64"); got != tc.want {
				t.Errorf("versionLine = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestVersionIsResolvedForFooters pins that what comment footers and
// markers record is the resolved version, never an empty or placeholder one.
func TestVersionIsResolvedForFooters(t *testing.T) {
	io, _, _ := Test(nil)
	got := markdownOptions(io).Version
	info, _ := debug.ReadBuildInfo()
	if want := resolveVersion("", info); got != want {
		t.Errorf("footer version = %q, want the build info's %q", got, want)
	}
}
