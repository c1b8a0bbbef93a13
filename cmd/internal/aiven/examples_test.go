package aiven_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/schema"
)

// exampleFile is a ccr file a newcomer is shown, and the seed it plans
// against: the seed.json of its own directory under examples/.
type exampleFile struct {
	name, seed string
	text       []byte
}

// exampleFiles lists every ccr file under examples/ and the README's
// sample file (the yaml block under "## The file").
func exampleFiles(t *testing.T) []exampleFile {
	t.Helper()
	root := filepath.Join("..", "..", "..")
	var files []exampleFile
	err := filepath.WalkDir(filepath.Join(root, "examples"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".yaml" {
			return err
		}
		text, err := os.ReadFile(path)
		files = append(files, exampleFile{name: path, seed: filepath.Join(filepath.Dir(path), "seed.json"), text: text})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, exampleFile{name: "README.md, ## The file", seed: filepath.Join(root, "examples", "seed.json"),
		text: []byte(sampleFile(t, string(readme)))})
	if len(files) < 5 {
		t.Fatalf("found %d example files, want the 4 under examples/ and the README's", len(files))
	}
	return files
}

// sampleFile is the first ```yaml block after the "## The file" heading.
func sampleFile(t *testing.T, readme string) string {
	t.Helper()
	_, section, ok := strings.Cut(readme, "\n## The file\n")
	_, block, ok2 := strings.Cut(section, "```yaml\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal(`README.md has no yaml block under "## The file"`)
	}
	return block
}

// TestExamplesPlanCleanly plans every example against the bundled emulator
// seeded with its directory's seed.json: each must read, pass preflight and
// plan with no conflict, and create something.
func TestExamplesPlanCleanly(t *testing.T) {
	for _, ex := range exampleFiles(t) {
		t.Run(filepath.Base(ex.name), func(t *testing.T) {
			seed, err := aivensim.ReadSeedFile(ex.seed)
			if err != nil {
				t.Fatalf("%s: %v", ex.name, err)
			}
			_, url := startSim(t, aivensim.Options{}, seed)
			spec, diags := schema.Load(filepath.Base(ex.name), ex.text)
			if len(diags) > 0 {
				t.Fatalf("%s is invalid: %v", ex.name, diags)
			}
			live, err := newClient(t, url, aiven.Config{}).ReadLive(context.Background(), spec)
			if err != nil {
				t.Fatalf("%s: read live state against %s: %v", ex.name, ex.seed, err)
			}
			p := plan.Compute(spec, live)
			for _, c := range p.Conflicts {
				t.Errorf("%s against %s: conflict: %+v", ex.name, ex.seed, c)
			}
			if p.Summary.Create == 0 {
				t.Errorf("%s against %s plans no create: %+v", ex.name, ex.seed, p.Summary)
			}
		})
	}
}
