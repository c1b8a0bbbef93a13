package cli

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/schema"
)

func TestImportFlagErrorsStopBeforeAnyRequest(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "ccr.yaml")
	if err := os.WriteFile(existing, []byte("keep me\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		args []string
		want string
	}{
		"no project":          {[]string{"import"}, "name at least one project with --project"},
		"include unpaired":    {[]string{"import", "--project", "p", "--include-unpaired"}, "declares a Cassandra service only as one of a pair and has no single-service declaration"},
		"force without out":   {[]string{"import", "--project", "p", "--force"}, "--force only applies to --out FILE"},
		"out and merge":       {[]string{"import", "--project", "p", "--out", "a.yaml", "--merge", "b.yaml"}, "either --out FILE or --merge FILE"},
		"merge as json":       {[]string{"import", "--project", "p", "--merge", "b.yaml", "--format", "json"}, "does not combine with --format json"},
		"unknown format":      {[]string{"import", "--project", "p", "--format", "toml"}, `unknown --format "toml"`},
		"a project twice":     {[]string{"import", "--project", "p", "--project", "p"}, "--project p is given twice"},
		"a project no file":   {[]string{"import", "--project", "Acme\nProd"}, `--project "Acme\nProd" cannot be named in a ccr file`},
		"an existing out":     {[]string{"import", "--project", "p", "--out", existing}, "exists; ccr import does not overwrite a file unless --force"},
		"a merge file absent": {[]string{"import", "--project", "p", "--merge", filepath.Join(dir, "none.yaml")}, "--merge: open"},
		"a merge file invalid": {[]string{"import", "--project", "p", "--merge", existing},
			"is not a valid ccr file; fix it first"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			// No AIVEN_WEB_URL: a request would go to the real API and fail
			// differently; every case must stop at the flags.
			code, out, errOut := run(map[string]string{"AIVEN_TOKEN": "t0ken"}, tc.args...)
			if code != int(ExitError) || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, tc.want)
			}
		})
	}
	if data, _ := os.ReadFile(existing); string(data) != "keep me\n" {
		t.Errorf("the existing file changed: %q", data)
	}
}

func TestImportTime(t *testing.T) {
	io, _, _ := Test(map[string]string{"SOURCE_DATE_EPOCH": "1767225600"})
	got, err := importTime(io)
	if err != nil || !got.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("importTime = %v, %v", got, err)
	}
	bad, _, _ := Test(map[string]string{"SOURCE_DATE_EPOCH": "yesterday\n"})
	if _, err := importTime(bad); err == nil || err.Error() != `SOURCE_DATE_EPOCH="yesterday\n": want seconds since 1970` {
		t.Errorf("err = %v", err)
	}
	unset, _, _ := Test(nil)
	if got, err := importTime(unset); err != nil || time.Since(got) > time.Minute {
		t.Errorf("without SOURCE_DATE_EPOCH: %v, %v; want now", got, err)
	}
}

func TestWriteNewFileNeverClobbers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ccr.yaml")
	if err := writeNewFile(path, []byte("one\n"), false); err != nil {
		t.Fatalf("first write: %v", err)
	}
	if err := writeNewFile(path, []byte("two\n"), false); err == nil || !strings.Contains(err.Error(), "unless --force") {
		t.Errorf("second write without force: err = %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "one\n" {
		t.Errorf("after a refused write: %q", data)
	}
	if err := writeNewFile(path, []byte("three\n"), true); err != nil {
		t.Fatalf("forced write: %v", err)
	}
	info, err := os.Stat(path)
	if data, _ := os.ReadFile(path); string(data) != "three\n" || err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("after a forced write: %q, mode %v, %v", data, info.Mode(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestReplaceFileFollowsLinksAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	link := filepath.Join(dir, "ccr.yaml")
	if err := os.WriteFile(real, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := replaceFile(link, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(link)
	if err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file: %v %v", info.Mode(), err)
	}
	data, _ := os.ReadFile(real)
	if st, _ := os.Stat(real); string(data) != "new\n" || st.Mode().Perm() != 0o640 {
		t.Errorf("real file: %q, mode %v", data, st.Mode())
	}
}

// TestImportMasksTheToken: a tag that holds the API token (a mistake, but
// one an API can hand back) never reaches stdout or a file.
func TestImportMasksTheToken(t *testing.T) {
	const token = "sim-secret-token-0042"
	sim := aivensim.New(aivensim.Options{Token: token})
	tags := map[string]string{"oops": token}
	err := sim.Seed(aivensim.SeedFile{Projects: []aivensim.ProjectSeed{{Project: "acme", Services: []aivensim.ServiceSeed{
		{ServiceName: "a", ServiceType: "cassandra", Plan: "startup-4", CloudName: "aws-us-east-1", Tags: tags},
		{ServiceName: "b", ServiceType: "cassandra", Plan: "startup-4", CloudName: "aws-us-west-2", Tags: tags,
			UserConfig: map[string]any{"service_to_join_with": "a"}},
	}}}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(sim)
	defer hs.Close()
	env := map[string]string{"AIVEN_TOKEN": token, "AIVEN_WEB_URL": hs.URL}
	for _, format := range []string{"yaml", "json"} {
		code, out, errOut := run(env, "import", "--project", "acme", "--format", format)
		if code != 0 || strings.Contains(out+errOut, token) || !strings.Contains(out, "***") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", format, code, out, errOut)
		}
		if format != "yaml" {
			continue
		}
		// Masked before encoding: a plain *** would read as an alias.
		if spec, diags := schema.Load("masked.yaml", []byte(out)); len(diags) > 0 || spec.Projects[0].Pairs[0].Tags["oops"] != "***" {
			t.Errorf("the masked file does not read back: %v\n%s", diags, out)
		}
	}
}
