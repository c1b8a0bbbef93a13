package schema

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	yaml "gopkg.in/yaml.v3"
)

//go:embed ccr.schema.json
var schemaJSON []byte

// JSONSchema returns the embedded JSON Schema (draft 2020-12) of ccr files.
func JSONSchema() []byte { return schemaJSON }

// MaxFileSize is the largest ccr file Load accepts. A file of 10,000 pairs is
// about 3 MiB; the cap keeps memory bounded for hostile input (yaml.v3 nodes
// cost roughly a hundred times the bytes they come from).
const MaxFileSize = 8 << 20

// Load parses and validates a ccr file. name is used in diagnostics.
//
// The file is checked in stages, each stopping the load when it fails so
// that one root cause gives one message: size, text encoding, token count,
// YAML syntax, then the JSON Schema together with the rules a schema cannot
// express. Diagnostics are sorted by position. Spec is non-nil exactly when
// Diagnostics is empty.
func Load(name string, data []byte) (*Spec, Diagnostics) {
	l := &loader{file: name}
	if len(data) > MaxFileSize {
		l.errorf(Pos{1, 1}, "", "file is larger than %s, the limit for ccr files", mib(MaxFileSize))
		return nil, l.diags.sorted()
	}
	if pos, msg, ok := checkText(data); !ok {
		l.errorf(pos, "", "%s", msg)
		return nil, l.diags.sorted()
	}
	if pos, ok := checkTokens(data); !ok {
		l.errorf(pos, "", "file holds more than %d YAML tokens (words, brackets and commas), the limit for ccr files; "+
			"10,000 pairs hold about 300,000", MaxTokens)
		return nil, l.diags.sorted()
	}
	root, ok := l.parse(data)
	if !ok {
		return nil, l.diags.sorted()
	}
	if !l.checkTree(root) {
		return nil, l.diags.sorted()
	}
	l.validateSchema(root)
	spec := build(name, root)
	spec.FileDigest = fileDigest(data)
	l.checkRules(spec)
	if !l.diags.empty() {
		return nil, l.diags.sorted()
	}
	return spec, nil
}

// loader accumulates the diagnostics of one Load.
type loader struct {
	file  string
	diags collector
}

func (l *loader) errorf(pos Pos, path, format string, args ...any) {
	l.diags.add(Diagnostic{File: l.file, Pos: pos, Path: path, Message: fmt.Sprintf(format, args...)})
}

// unshown counts n problems at pos without building them, and reports
// true, when none of them could be shown (collector.skip). For problems
// that cannot repeat another: a value's schema violations, as each value
// is validated once and each violation is worded once.
func (l *loader) unshown(pos Pos, n int) bool {
	if n == 0 || !l.diags.past(pos) {
		return false
	}
	l.diags.skip(l.file, pos, n)
	return true
}

// parse reads exactly one YAML document into a node tree. It returns the
// document's root node, never a DocumentNode.
func (l *loader) parse(data []byte) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		pos, msg := syntaxError(data, err)
		l.errorf(pos, "", "%s", msg)
		return nil, false
	}
	if len(doc.Content) == 0 {
		l.errorf(Pos{1, 1}, "", "file is empty; a ccr file starts with \"version: 1\" and lists projects")
		return nil, false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF), err == nil && len(next.Content) == 0:
		// A trailing "---" opens an empty document: harmless.
	case err != nil:
		pos, msg := syntaxError(data, err)
		l.errorf(pos, "", "%s", msg)
		return nil, false
	default:
		l.errorf(Pos{next.Line, next.Column}, "", "a ccr file holds one YAML document; remove the second one (or the \"---\" before it)")
		return nil, false
	}
	return doc.Content[0], true
}

func mib(n int) string { return fmt.Sprintf("%d MiB", n>>20) }

// fileDigest is "sha256:" and the hex digest of data.
func fileDigest(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
