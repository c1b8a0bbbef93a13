package schema

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestExamples loads every YAML file under examples/: each must be valid and
// point editors at the schema by a path that works from its directory.
func TestExamples(t *testing.T) {
	var files []string
	err := filepath.WalkDir("../examples", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(path) == ".yaml" {
			files = append(files, path)
		}
		return err
	})
	if err != nil || len(files) < 3 {
		t.Fatalf("examples: %v, %v; want at least 3", files, err)
	}
	for _, f := range files {
		t.Run(strings.TrimPrefix(filepath.ToSlash(f), "../"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			comment := "# yaml-language-server: $schema=" + schemaPathFrom(t, filepath.Dir(f)) + "\n"
			if !bytes.HasPrefix(data, []byte(comment)) {
				t.Errorf("%s does not start with %q", f, comment)
			}
			spec, diags := Load(f, data)
			if len(diags) > 0 || spec == nil {
				t.Fatalf("Load(%s):\n%v", f, diags.Error())
			}
			if spec.Version != 1 || len(spec.Projects) == 0 {
				t.Errorf("spec = %+v; want version 1 and projects", spec)
			}
		})
	}
}

// schemaPathFrom returns the path of ccr.schema.json relative to dir.
func schemaPathFrom(t *testing.T, dir string) string {
	t.Helper()
	from, err1 := filepath.Abs(dir)
	to, err2 := filepath.Abs("ccr.schema.json")
	rel, err3 := filepath.Rel(from, to)
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel)
}

// TestLoadSpec pins the Spec built from new-pair.yaml: defaults resolved,
// keyspaces sorted, positions on every element.
func TestLoadSpec(t *testing.T) {
	data, err := os.ReadFile("../examples/new-pair.yaml")
	if err != nil {
		t.Fatal(err)
	}
	spec, diags := Load("new-pair.yaml", data)
	if diags != nil {
		t.Fatal(diags)
	}
	protect := true
	sum := sha256.Sum256(data) // the bytes, not their meaning
	want := &Spec{File: "new-pair.yaml", FileDigest: "sha256:" + hex.EncodeToString(sum[:]), Version: 1, Projects: []Project{{
		Name: "acme-prod", Pos: Pos{9, 14},
		Pairs: []Pair{{
			Services: [2]Service{
				{Name: "orders-eu", Cloud: "google-europe-west1", Datacenter: "orders-eu", Pos: Pos{12, 19}, CloudPos: Pos{13, 20}},
				{Name: "orders-us", Cloud: "aws-us-east-1", Datacenter: "orders-us", Pos: Pos{14, 19}, CloudPos: Pos{15, 20}},
			},
			Plan: "business-8", PlanPos: Pos{16, 15},
			DiskSpaceMB: 750000, DiskPos: Pos{17, 24},
			TerminationProtection: &protect,
			Tags:                  map[string]string{"team": "orders", "cost-center": "4711"},
			Keyspaces:             []Keyspace{{"order_events", 3, Pos{24, 11}}, {"orders", 3, Pos{23, 11}}},
			Pos:                   Pos{11, 9},
		}},
	}}}
	if !reflect.DeepEqual(spec, want) {
		t.Errorf("spec:\n got %+v\nwant %+v", spec, want)
	}
}

// TestLoadAliases checks that an anchor shared by two pairs gives both the
// same values, and that an explicit datacenter is kept with its position.
func TestLoadAliases(t *testing.T) {
	data, err := os.ReadFile("../examples/multi-project.yaml")
	if err != nil {
		t.Fatal(err)
	}
	spec, diags := Load("multi-project.yaml", data)
	if diags != nil {
		t.Fatal(diags)
	}
	pairs := spec.Projects[0].Pairs
	want := map[string]string{"team": "platform", "env": "prod"}
	if !reflect.DeepEqual(pairs[0].Tags, want) || !reflect.DeepEqual(pairs[1].Tags, want) {
		t.Errorf("tags = %v, %v; want %v twice", pairs[0].Tags, pairs[1].Tags, want)
	}
	if got := spec.Projects[1].Pairs[0].TerminationProtection; got == nil || *got {
		t.Errorf("termination_protection = %v; want explicit false", got)
	}
}
