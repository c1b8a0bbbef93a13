package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// fakeCommit is the commit the test releases claim to be built from.
const fakeCommit = "0123456789abcdef0123456789abcdef01234567"

// fakeRelease serves releases the way GitHub lays out download URLs,
// /TAG/FILE, plus the releases list of the API at /repos/OWNER/REPO/releases.
// Unknown paths are 404s, as on GitHub.
type fakeRelease struct {
	srv      *httptest.Server
	mu       sync.Mutex
	files    map[string][]byte // "TAG/FILE" → content
	releases []map[string]any  // the API's release list
	hang     bool              // accept requests and never answer
	requests []string
	auth     string // the Authorization header of the last releases list request
}

func newFakeRelease(t *testing.T) *fakeRelease {
	f := &fakeRelease{files: map[string][]byte{}}
	stop := make(chan struct{})
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve(stop)))
	t.Cleanup(func() { close(stop); f.srv.Close() })
	return f
}

func (f *fakeRelease) serve(stop <-chan struct{}) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.URL.Path)
		hang, body, ok := f.hang, f.files[strings.TrimPrefix(r.URL.Path, "/")], false
		if body != nil {
			ok = true
		}
		if strings.HasSuffix(r.URL.Path, "/releases") && f.releases != nil {
			body, _ = json.Marshal(f.releases)
			ok = true
			f.auth = r.Header.Get("Authorization")
		}
		f.mu.Unlock()
		switch {
		case hang:
			select {
			case <-stop:
			case <-r.Context().Done():
			}
		case ok:
			_, _ = w.Write(body)
		default:
			http.NotFound(w, r)
		}
	}
}

// put publishes FILE of release TAG.
func (f *fakeRelease) put(tag, file string, content []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[tag+"/"+file] = content
}

// requested lists the paths asked for so far.
func (f *fakeRelease) requested() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

// authorization is the Authorization header the releases list was last
// asked for with.
func (f *fakeRelease) authorization() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.auth
}

// setHang makes the server accept requests and never answer them.
func (f *fakeRelease) setHang() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hang = true
}

// setReleases sets the API's list of releases.
func (f *fakeRelease) setReleases(releases []map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.releases = releases
}

// publish puts a complete release of tag for linux and windows on amd64:
// archives holding a ccr that reports built, and a checksums.txt listing
// them. built is tag, except to make a mislabelled release.
func (f *fakeRelease) publish(t *testing.T, tag, built string) {
	for name, content := range releaseFiles(t, tag, built) {
		f.put(tag, name, content)
	}
}

// releaseFiles are the files of release tag holding ccr built, made once
// per test run even when parallel tests ask for them at the same time.
func releaseFiles(t *testing.T, tag, built string) map[string][]byte {
	t.Helper()
	v, _ := releaseFileCache.LoadOrStore(tag+" "+built, &releaseBuild{})
	b := v.(*releaseBuild)
	b.once.Do(func() {
		bin := stampedCCR(t, built)
		version := strings.TrimPrefix(tag, "v")
		b.files = map[string][]byte{
			"ccr_" + version + "_linux_amd64.tar.gz": tarGz(t, map[string][]byte{"ccr": bin, "LICENSE": []byte("license\n")}),
			"ccr_" + version + "_windows_amd64.zip":  zipped(t, map[string][]byte{"ccr.exe": bin, "LICENSE": []byte("license\n")}),
		}
		var sums strings.Builder
		for name, content := range b.files {
			fmt.Fprintf(&sums, "%s  %s\n", sha256Hex(content), name)
		}
		b.files["checksums.txt"] = []byte(sums.String())
	})
	if b.files == nil {
		t.Fatalf("release %s (ccr %s) could not be made; see the test that made it first", tag, built)
	}
	return b.files
}

type releaseBuild struct {
	once  sync.Once
	files map[string][]byte
}

var releaseFileCache sync.Map // "TAG BUILT" → *releaseBuild

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func tarGz(t *testing.T, files map[string][]byte) []byte {
	var buf bytes.Buffer
	// Stored, not deflated: the archive is as valid, and deflating 15 MB
	// with the race detector on took most of these tests' time.
	gz, _ := gzip.NewWriterLevel(&buf, gzip.NoCompression)
	tw := tar.NewWriter(gz)
	for name, content := range files {
		check(t, tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(content))}))
		_, err := tw.Write(content)
		check(t, err)
	}
	check(t, tw.Close())
	check(t, gz.Close())
	return buf.Bytes()
}

func zipped(t *testing.T, files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		check(t, err)
		_, err = w.Write(content)
		check(t, err)
	}
	check(t, zw.Close())
	return buf.Bytes()
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// releaseLdflags reads the ccr build's -ldflags from .goreleaser.yaml and
// fills in the template fields goreleaser would, so that test binaries are
// stamped exactly as release binaries are.
func releaseLdflags(t *testing.T, version string) string {
	t.Helper()
	data, err := os.ReadFile("../../.goreleaser.yaml")
	check(t, err)
	var cfg struct {
		Builds []struct {
			ID      string   `yaml:"id"`
			Ldflags []string `yaml:"ldflags"`
		} `yaml:"builds"`
	}
	check(t, yaml.Unmarshal(data, &cfg))
	fields := strings.NewReplacer("{{ .Version }}", version, "{{ .FullCommit }}", fakeCommit)
	for _, b := range cfg.Builds {
		if b.ID == "ccr" {
			flags := fields.Replace(strings.Join(b.Ldflags, " "))
			if regexp.MustCompile(`\{\{`).MatchString(flags) {
				t.Fatalf("ldflags use template fields this test does not fill in: %s", flags)
			}
			return flags
		}
	}
	t.Fatal(".goreleaser.yaml has no build with id ccr")
	return ""
}

// stampedCCR is ccr built as release tag would be built, with
// .goreleaser.yaml's ldflags; once per tag and test run.
func stampedCCR(t *testing.T, tag string) []byte {
	t.Helper()
	v, _ := stampedBuilds.LoadOrStore(tag, &stampedBuild{})
	b := v.(*stampedBuild)
	b.once.Do(func() {
		b.bin, b.err = buildStamped(strings.TrimPrefix(tag, "v"), releaseLdflags(t, strings.TrimPrefix(tag, "v")))
	})
	check(t, b.err)
	return b.bin
}

type stampedBuild struct {
	once sync.Once
	bin  []byte
	err  error
}

var stampedBuilds sync.Map // tag → *stampedBuild

func buildStamped(version, ldflags string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "ccr-release-test")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "ccr")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", out, "github.com/ccr-dev/ccr/cmd/ccr")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build ccr %s: %v\n%s", version, err, msg)
	}
	return os.ReadFile(out)
}

// ghaDelimiter is the form of the delimiters the action's scripts write.
var ghaDelimiter = regexp.MustCompile(`^ghadelimiter_[0-9a-f]{32}$`)

// parseOutputs decodes a GITHUB_OUTPUT file written in the multi-line form
// NAME<<DELIM / VALUE / DELIM, refusing anything else and a delimiter used
// twice.
func parseOutputs(data string) (map[string]string, error) {
	out := map[string]string{}
	seen := map[string]bool{}
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	for i := 0; i < len(lines) && data != ""; {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok || !ghaDelimiter.MatchString(delim) || seen[delim] {
			return nil, fmt.Errorf("GITHUB_OUTPUT line %d is not NAME<<ghadelimiter_HEX with a fresh delimiter: %q", i+1, lines[i])
		}
		seen[delim] = true
		var value []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			value = append(value, lines[i])
		}
		if i == len(lines) {
			return nil, fmt.Errorf("GITHUB_OUTPUT: output %s is not closed by its delimiter", name)
		}
		out[name] = strings.Join(value, "\n")
		i++
	}
	return out, nil
}
