package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// installScript is the action's install logic under test.
const installScript = "../../.github/action/install.sh"

// installTools are the only programs install.sh may use. The tests run it
// with a PATH holding just these, so a new dependency fails here first, and
// a cosign installed on the machine cannot change what a test checks.
var installTools = []string{"bash", "curl", "tar", "gzip", "unzip", "awk", "tail",
	"od", "tr", "mktemp", "mkdir", "mv", "chmod", "rm", "basename", "cat", "sha256sum", "jq", "uname", "env"}

// installer runs install.sh as a runner would, against a fake release.
type installer struct {
	t     *testing.T
	rel   *fakeRelease
	dir   string // holds the tool cache, temp, PATH and the Actions files
	cache string
}

func newInstaller(t *testing.T, rel *fakeRelease) *installer {
	in := &installer{t: t, rel: rel, dir: t.TempDir()}
	in.cache = filepath.Join(in.dir, "toolcache")
	for _, d := range []string{"bin", "temp", "toolcache", "home"} {
		check(t, os.MkdirAll(filepath.Join(in.dir, d), 0o755))
	}
	for _, tool := range installTools {
		path, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("install.sh needs %s: %v", tool, err)
		}
		check(t, os.Symlink(path, filepath.Join(in.dir, "bin", tool)))
	}
	return in
}

// addCosign puts a fake cosign on PATH that records its arguments and its
// environment, and exits with code.
func (in *installer) addCosign(code string) {
	script := "#!/bin/sh\necho \"$@\" >> \"" + filepath.Join(in.dir, "cosign.args") + "\"\n" +
		"env >> \"" + filepath.Join(in.dir, "cosign.env") + "\"\nexit " + code + "\n"
	check(in.t, os.WriteFile(filepath.Join(in.dir, "bin", "cosign"), []byte(script), 0o755))
}

// spyOnCurl replaces curl on PATH with a script that records each call's
// arguments (one a line) and environment, then runs the real curl with the
// same arguments and stdin.
func (in *installer) spyOnCurl() {
	real, err := exec.LookPath("curl")
	check(in.t, err)
	script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> \"" + filepath.Join(in.dir, "curl.args") + "\"\n" +
		"env >> \"" + filepath.Join(in.dir, "curl.env") + "\"\nexec " + real + " \"$@\"\n"
	check(in.t, os.Remove(filepath.Join(in.dir, "bin", "curl")))
	check(in.t, os.WriteFile(filepath.Join(in.dir, "bin", "curl"), []byte(script), 0o755))
}

// run runs install.sh with the runner's environment plus env and returns
// its combined output.
func (in *installer) run(env ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(in.dir, "bin", "bash"), installScript)
	cmd.Env = append([]string{
		"PATH=" + filepath.Join(in.dir, "bin"),
		"HOME=" + filepath.Join(in.dir, "home"),
		"RUNNER_OS=Linux", "RUNNER_ARCH=X64",
		"RUNNER_TEMP=" + filepath.Join(in.dir, "temp"),
		"RUNNER_TOOL_CACHE=" + in.cache,
		"GITHUB_OUTPUT=" + filepath.Join(in.dir, "output"),
		"GITHUB_PATH=" + filepath.Join(in.dir, "path"),
		"GITHUB_API_URL=" + in.rel.srv.URL,
		"CCR_RELEASE_URL=" + in.rel.srv.URL,
	}, env...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		in.t.Fatalf("install.sh did not end within 2 minutes:\n%s", out)
	}
	return string(out), err
}

func (in *installer) read(name string) string {
	b, err := os.ReadFile(filepath.Join(in.dir, name))
	if err != nil && !os.IsNotExist(err) {
		in.t.Fatal(err)
	}
	return string(b)
}

// TestInstallVerifiedRelease installs a release whose archive matches its
// checksums.txt: the binary lands in the tool cache and runs, its directory
// is added to PATH, the outputs name it, and a second install is served from
// the cache without downloading again.
func TestInstallVerifiedRelease(t *testing.T) {
	rel := newFakeRelease(t)
	rel.publish(t, "v1.2.3", "v1.2.3")
	in := newInstaller(t, rel)

	out, err := in.run("CCR_VERSION=v1.2.3")
	if err != nil {
		t.Fatalf("install failed: %v\n%s", err, out)
	}
	dir := filepath.Join(in.cache, "ccr", "1.2.3", "amd64")
	for _, want := range []string{
		"ccr action: ccr_1.2.3_linux_amd64.tar.gz matches checksums.txt (sha256 ",
		"ccr action: cosign is not on PATH: verified against checksums.txt only",
		"ccr action: ccr v1.2.3 (commit 0123456789ab, go",
		"ccr action: installed ccr v1.2.3 at " + dir,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if got := in.read("path"); got != dir+"\n" {
		t.Errorf("GITHUB_PATH = %q, want %q", got, dir+"\n")
	}
	outputs, err := parseOutputs(in.read("output"))
	check(t, err)
	if outputs["version"] != "v1.2.3" || outputs["path"] != filepath.Join(dir, "ccr") || outputs["sha256"] != in.binarySum() {
		t.Errorf("outputs = %v, want sha256 %s", outputs, in.binarySum())
	}
	if got, want := rel.requested(), []string{"/v1.2.3/checksums.txt", "/v1.2.3/ccr_1.2.3_linux_amd64.tar.gz"}; !slices.Equal(got, want) {
		t.Errorf("requests = %v, want %v", got, want)
	}

	out, err = in.run("CCR_VERSION=1.2.3")
	if err != nil || !strings.Contains(out, "using ccr v1.2.3 from the tool cache ("+dir+"), sha256 matches the install's record") {
		t.Fatalf("second install did not use the cache: %v\n%s", err, out)
	}
	if n := len(rel.requested()); n != 2 {
		t.Errorf("the cached install downloaded again: %d requests in all", n)
	}
}

// binarySum is the SHA-256 of the ccr in the tool cache, as it is now.
func (in *installer) binarySum() string {
	b, err := os.ReadFile(filepath.Join(in.cache, "ccr", "1.2.3", "amd64", "ccr"))
	check(in.t, err)
	return sha256Hex(b)
}

// TestInstallTamperedCache pins that a cached binary is compared with the
// SHA-256 recorded at install before it is run: a cache whose binary was
// replaced (here by a script that reports the right version, so only the
// hash can tell) is never run and is reinstalled from the release,
// verified; the outputs name the release's binary again.
func TestInstallTamperedCache(t *testing.T) {
	rel := newFakeRelease(t)
	rel.publish(t, "v1.2.3", "v1.2.3")
	in := newInstaller(t, rel)
	out, err := in.run("CCR_VERSION=v1.2.3")
	if err != nil {
		t.Fatalf("install failed: %v\n%s", err, out)
	}
	genuine := in.binarySum()
	bin := filepath.Join(in.cache, "ccr", "1.2.3", "amd64", "ccr")
	ran := filepath.Join(in.dir, "tampered-ran")
	check(t, os.WriteFile(bin, []byte("#!/bin/sh\n: > "+ran+"\necho 'ccr v1.2.3 (commit "+fakeCommit[:12]+", go1)'\n"), 0o755))
	check(t, os.WriteFile(filepath.Join(in.dir, "output"), nil, 0o644))

	out, err = in.run("CCR_VERSION=v1.2.3")
	if err != nil {
		t.Fatalf("reinstall failed: %v\n%s", err, out)
	}
	want := "ccr action: the cached ccr v1.2.3 (" + bin + ") does not match the SHA-256 recorded when it was installed: reinstalling it from the release"
	if !strings.Contains(out, want) || strings.Contains(out, "from the tool cache (") {
		t.Errorf("output lacks %q, or used the cache:\n%s", want, out)
	}
	if _, err := os.Stat(ran); err == nil {
		t.Errorf("the tampered binary was run")
	}
	if got := in.binarySum(); got != genuine {
		t.Errorf("the tool cache holds sha256 %s, want the release's %s", got, genuine)
	}
	outputs, err := parseOutputs(in.read("output"))
	check(t, err)
	if outputs["sha256"] != genuine {
		t.Errorf("sha256 output = %q, want %s", outputs["sha256"], genuine)
	}
	if got := rel.requested(); len(got) != 4 || got[3] != "/v1.2.3/ccr_1.2.3_linux_amd64.tar.gz" {
		t.Errorf("requests = %v, want the release downloaded again", got)
	}
}

// TestInstallHelperEnvironment pins that the helper programs get none of
// the step's secrets: cosign and curl run with an environment that holds
// neither AIVEN_TOKEN, GITHUB_TOKEN nor any other variable the workflow set,
// and the GitHub token that resolves a major tag reaches the API as a
// header without ever being on curl's command line.
func TestInstallHelperEnvironment(t *testing.T) {
	const aivenToken, githubToken, other = "aiven-secret-4711", "ghs_secret0815", "workflow-value-42"
	rel := newFakeRelease(t)
	rel.publish(t, "v1.2.3", "v1.2.3")
	rel.put("v1.2.3", "checksums.txt.sigstore.json", []byte(`{}`))
	rel.setReleases([]map[string]any{{"tag_name": "v1.2.3", "draft": false, "prerelease": false}})
	in := newInstaller(t, rel)
	in.addCosign("0")
	in.spyOnCurl()
	out, err := in.run("CCR_ACTION_REF=v1", "AIVEN_TOKEN="+aivenToken, "GITHUB_TOKEN="+githubToken+"\n", "MY_SETTING="+other)
	if err != nil {
		t.Fatalf("install failed: %v\n%s", err, out)
	}
	if got := rel.authorization(); got != "Bearer "+githubToken {
		t.Errorf("the releases list was asked for with Authorization %q, want the token", got)
	}
	for _, file := range []string{"cosign.env", "curl.env", "curl.args", "cosign.args"} {
		text := in.read(file)
		if text == "" {
			t.Errorf("%s is empty: the helper was not run", file)
		}
		for _, secret := range []string{aivenToken, githubToken, other, "AIVEN_", "GITHUB_", "RUNNER_", "CCR_"} {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds %q:\n%s", file, secret, text)
			}
		}
	}
	if !strings.Contains(in.read("curl.args"), "--header\n@-\n") {
		t.Errorf("curl did not read the API headers from stdin:\n%s", in.read("curl.args"))
	}
}

// TestInstallWindowsZip installs the zip archive a Windows runner gets.
func TestInstallWindowsZip(t *testing.T) {
	rel := newFakeRelease(t)
	rel.publish(t, "v1.2.3", "v1.2.3")
	in := newInstaller(t, rel)
	out, err := in.run("CCR_VERSION=v1.2.3", "RUNNER_OS=Windows")
	if err != nil || !strings.Contains(out, "ccr_1.2.3_windows_amd64.zip matches checksums.txt") {
		t.Fatalf("install failed: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(in.cache, "ccr", "1.2.3", "amd64", "ccr.exe")); err != nil {
		t.Errorf("ccr.exe not installed: %v", err)
	}
}

// TestInstallRefuses covers every way an install must stop: each case
// fails with a message saying why, installs nothing and asks the server for
// no more than it needed to decide.
func TestInstallRefuses(t *testing.T) {
	const archive = "ccr_1.2.3_linux_amd64.tar.gz"
	cases := map[string]struct {
		setup    func(t *testing.T, rel *fakeRelease)
		env      []string
		want     string
		requests []string // exactly these; none when empty
		retried  bool     // instead: a bounded number of attempts at one file
	}{
		"wrong checksum": {
			setup: func(t *testing.T, rel *fakeRelease) {
				rel.publish(t, "v1.2.3", "v1.2.3")
				rel.put("v1.2.3", archive, tarGz(t, map[string][]byte{"ccr": []byte("#!/bin/sh\necho tampered\n")}))
			},
			env:      []string{"CCR_VERSION=v1.2.3"},
			want:     `checksum mismatch for ` + archive + `: checksums.txt says [0-9a-f]{64}, the download is [0-9a-f]{64}: refusing to install`,
			requests: []string{"/v1.2.3/checksums.txt", "/v1.2.3/" + archive},
		},
		"archive not in checksums.txt": {
			setup: func(t *testing.T, rel *fakeRelease) {
				rel.publish(t, "v1.2.3", "v1.2.3")
				rel.put("v1.2.3", "checksums.txt", []byte(strings.Repeat("0", 64)+"  ccr_1.2.3_darwin_arm64.tar.gz\n"))
			},
			env:      []string{"CCR_VERSION=v1.2.3"},
			want:     `checksums.txt of v1.2.3 lists no ` + archive + `: refusing to install`,
			requests: []string{"/v1.2.3/checksums.txt"},
		},
		"archive missing": {
			setup: func(t *testing.T, rel *fakeRelease) {
				rel.publish(t, "v1.2.3", "v1.2.3")
				rel.put("v1.2.3", archive, nil)
			},
			env:      []string{"CCR_VERSION=v1.2.3"},
			want:     `release v1.2.3 has no ` + archive,
			requests: []string{"/v1.2.3/checksums.txt", "/v1.2.3/" + archive},
		},
		"unknown version": {
			env:      []string{"CCR_VERSION=v9.9.9"},
			want:     `release v9.9.9 not found at http://127\.0\.0\.1:\d+/v9\.9\.9 \(no checksums.txt\): is v9\.9\.9 a published ccr release\?`,
			requests: []string{"/v9.9.9/checksums.txt"},
		},
		"latest": {
			env:  []string{"CCR_VERSION=latest"},
			want: `version "latest" is refused: pin a release tag such as v1\.2\.3`,
		},
		"version that is not a tag": {
			env:  []string{"CCR_VERSION=main"},
			want: `version "main" is not a release tag`,
		},
		"action at a branch": {
			env:  []string{"CCR_ACTION_REF=main"},
			want: `the action runs at "main", a branch or a commit, not a release: set its version input`,
		},
		"action at a commit": {
			env:  []string{"CCR_ACTION_REF=" + fakeCommit},
			want: `the action runs at "` + fakeCommit + `", a branch or a commit`,
		},
		"no version at all (uses: ./)": {
			env:  []string{"GITHUB_ACTION_PATH=/home/runner/work/ccr/ccr"},
			want: `no version to install: set the action's version input`,
		},
		"mislabelled archive": {
			setup:    func(t *testing.T, rel *fakeRelease) { rel.publish(t, "v1.2.4", "v1.2.3") },
			env:      []string{"CCR_VERSION=v1.2.4"},
			want:     `the archive for v1\.2\.4 holds a ccr that reports "ccr v1\.2\.3 \(commit`,
			requests: []string{"/v1.2.4/checksums.txt", "/v1.2.4/ccr_1.2.4_linux_amd64.tar.gz"},
		},
		"unsupported architecture": {
			setup: func(t *testing.T, rel *fakeRelease) { rel.publish(t, "v1.2.3", "v1.2.3") },
			env:   []string{"CCR_VERSION=v1.2.3", "RUNNER_ARCH=ARM"},
			want:  `no ccr release for architecture ARM`,
		},
		"server that never answers": {
			setup:   func(t *testing.T, rel *fakeRelease) { rel.setHang() },
			env:     []string{"CCR_VERSION=v1.2.3", "CCR_DOWNLOAD_TIMEOUT=1"},
			want:    `download http://127\.0\.0\.1:\d+/v1\.2\.3/checksums\.txt failed: curl: \(28\) Operation timed out after \d+ milliseconds with 0 bytes received$`,
			retried: true,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rel := newFakeRelease(t)
			if tc.setup != nil {
				tc.setup(t, rel)
			}
			in := newInstaller(t, rel)
			out, err := in.run(tc.env...)
			if err == nil {
				t.Fatalf("install succeeded, want a refusal:\n%s", out)
			}
			if !regexp.MustCompile(`(?m)^ccr action: ` + tc.want).MatchString(out) {
				t.Errorf("output does not match %q:\n%s", tc.want, out)
			}
			got := rel.requested()
			switch {
			case tc.retried:
				if len(got) < 2 || len(got) > 4 || len(slices.Compact(slices.Clone(got))) != 1 {
					t.Errorf("requests = %v, want 2 to 4 attempts at one file (bounded retries)", got)
				}
			case !slices.Equal(got, tc.requests):
				t.Errorf("requests = %v, want %v", got, tc.requests)
			}
			if entries, _ := os.ReadDir(filepath.Join(in.cache, "ccr")); len(entries) > 0 {
				t.Errorf("a refused install left %s in the tool cache", entries[0].Name())
			}
			if in.read("path") != "" {
				t.Errorf("a refused install added %q to PATH", in.read("path"))
			}
		})
	}
}

// TestInstallResolvesActionRef installs the release the action's own ref
// names: a release tag exactly; a major or minor tag as the newest
// published stable release in it, by version order (v1.10.0 after v1.9.0);
// and the ref in the action's download path when github.action_ref is empty.
func TestInstallResolvesActionRef(t *testing.T) {
	cases := map[string]struct {
		env  []string
		want string
	}{
		"release tag":           {[]string{"CCR_ACTION_REF=v1.2.3"}, "installed ccr v1.2.3"},
		"major tag":             {[]string{"CCR_ACTION_REF=v1", "GITHUB_TOKEN=ghs_test"}, "ccr action: v1 resolves to release v1.10.0"},
		"minor tag":             {[]string{"CCR_ACTION_REF=v1.2"}, "ccr action: v1.2 resolves to release v1.2.3"},
		"path of a release tag": {[]string{"GITHUB_ACTION_PATH=/home/runner/work/_actions/ccr-dev/ccr/v1.2.3"}, "installed ccr v1.2.3"},
		"version input wins":    {[]string{"CCR_ACTION_REF=v1", "CCR_VERSION=v1.2.3"}, "installed ccr v1.2.3"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rel := newFakeRelease(t)
			rel.publish(t, "v1.2.3", "v1.2.3")
			rel.publish(t, "v1.10.0", "v1.10.0")
			rel.setReleases([]map[string]any{
				{"tag_name": "v2.0.0", "draft": false, "prerelease": false},
				{"tag_name": "v1.11.0", "draft": true, "prerelease": false},
				{"tag_name": "v1.10.1-rc.1", "draft": false, "prerelease": true},
				{"tag_name": "v1.10.0", "draft": false, "prerelease": false},
				{"tag_name": "v1.9.0", "draft": false, "prerelease": false},
				{"tag_name": "v1.2.3", "draft": false, "prerelease": false},
				{"tag_name": "v1.2.2", "draft": false, "prerelease": false},
				{"tag_name": "v1.20-beta", "draft": false, "prerelease": false},
				{"tag_name": "v10.0.0", "draft": false, "prerelease": false},
			})
			in := newInstaller(t, rel)
			out, err := in.run(tc.env...)
			if err != nil {
				t.Fatalf("install failed: %v\n%s", err, out)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
		})
	}
}

// TestInstallWithCosign verifies checksums.txt with cosign when it is on
// PATH, against this repository's release workflow at the installed tag, and
// refuses a release whose bundle is missing or does not verify.
func TestInstallWithCosign(t *testing.T) {
	cases := map[string]struct {
		bundle bool
		exit   string
		want   string
		ok     bool
	}{
		"signature verifies":   {true, "0", "ccr action: checksums.txt signature verified (release workflow of ccr-dev/ccr at v1.2.3)", true},
		"signature is invalid": {true, "1", "ccr action: the signature of checksums.txt for v1.2.3 does not verify: refusing to install", false},
		"bundle missing":       {false, "0", "ccr action: release v1.2.3 has no checksums.txt.sigstore.json: refusing to install an unsigned release", false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rel := newFakeRelease(t)
			rel.publish(t, "v1.2.3", "v1.2.3")
			if tc.bundle {
				rel.put("v1.2.3", "checksums.txt.sigstore.json", []byte(`{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}`))
			}
			in := newInstaller(t, rel)
			in.addCosign(tc.exit)
			out, err := in.run("CCR_VERSION=v1.2.3")
			if (err == nil) != tc.ok || !strings.Contains(out, tc.want) {
				t.Fatalf("err = %v, want ok=%v and %q:\n%s", err, tc.ok, tc.want, out)
			}
			if !tc.bundle {
				return
			}
			args := in.read("cosign.args")
			for _, want := range []string{
				"verify-blob --bundle ",
				"--certificate-identity https://github.com/ccr-dev/ccr/.github/workflows/release.yml@refs/tags/v1.2.3 ",
				"--certificate-oidc-issuer https://token.actions.githubusercontent.com ",
				"checksums.txt\n",
			} {
				if !strings.Contains(args, want) {
					t.Errorf("cosign was called with %q, lacking %q", args, want)
				}
			}
			if !tc.ok && slices.Contains(rel.requested(), "/v1.2.3/ccr_1.2.3_linux_amd64.tar.gz") {
				t.Errorf("the archive was downloaded although checksums.txt was not trusted")
			}
		})
	}
}
