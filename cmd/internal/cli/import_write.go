package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ccr-dev/ccr/plan/adopt"
	"github.com/ccr-dev/ccr/schema"
)

// mergeTarget is the valid ccr file --merge adds to.
type mergeTarget struct {
	path string
	spec *schema.Spec
	data []byte
}

// loadMergeTarget reads and validates the --merge file before any request:
// an invalid file is reported as validate reports it, and nothing is read.
func loadMergeTarget(io *IOStreams, path string) (*mergeTarget, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, fmt.Errorf("--merge: %w", err)
	}
	spec, diags := schema.Load(relativeName(path), data)
	if len(diags) > 0 {
		printDiagnostics(io, diags)
		if err := annotate(io, diags); err != nil {
			fmt.Fprintf(io.ErrOut, "Warning: %v\n", err)
		}
		name := relativeName(path)
		return nil, fmt.Errorf("--merge: %s is not a valid ccr file; fix it first (ccr validate -f %s)", name, name)
	}
	return &mergeTarget{path: path, spec: spec, data: data}, nil
}

// mergeInto adds the pairs the target lacks and replaces it atomically. A
// target that declares everything found is left untouched, byte for byte.
func mergeInto(io *IOStreams, t *mergeTarget, r *adopt.Result, meta adopt.Meta) error {
	mg, err := adopt.Merge(t.spec, t.data, r, meta)
	if err != nil {
		return fmt.Errorf("merge into %s: %w", t.spec.File, err)
	}
	for _, ref := range mg.Refused {
		fmt.Fprintf(io.ErrOut, "Warning: project %s, pair %s + %s: not added: %s.\n", ref.Project,
			ref.Services[0], ref.Services[1], mask(io, ref.Reason))
	}
	for _, ref := range mg.RefusedGroups {
		fmt.Fprintf(io.ErrOut, "Warning: project %s, replica group of %s: not added: %s.\n", ref.Project,
			ref.Services[0], mask(io, ref.Reason))
	}
	present := len(mg.Present) + len(mg.PresentGroups)
	if len(mg.Added)+len(mg.AddedGroups) == 0 {
		fmt.Fprintf(io.ErrOut, "Nothing to add to %s: found %s; %d already declared.\n", t.spec.File, found(r), present)
		return nil
	}
	if err := replaceFile(t.path, []byte(mask(io, string(mg.Data)))); err != nil {
		return err
	}
	fmt.Fprintf(io.ErrOut, "Added %s to %s (%d already declared): %s.\n", addedWords(mg), t.spec.File, present,
		strings.Join(append(pairList(mg.Added), groupList(mg.AddedGroups)...), ", "))
	return nil
}

// addedWords counts what a merge added: "2 pairs", "1 replica group",
// "1 pair and 2 replica groups".
func addedWords(mg *adopt.Merged) string {
	var parts []string
	if n := len(mg.Added); n > 0 || len(mg.AddedGroups) == 0 {
		parts = append(parts, plural(n, "pair"))
	}
	if n := len(mg.AddedGroups); n > 0 {
		parts = append(parts, plural(n, "replica group"))
	}
	return strings.Join(parts, " and ")
}

func groupList(refs []adopt.GroupRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = fmt.Sprintf("%s/%s (%s)", r.Project, r.Services[0], plural(len(r.Services)-1, "member"))
	}
	return out
}

func pairList(refs []adopt.PairRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = fmt.Sprintf("%s/%s + %s", r.Project, r.Services[0], r.Services[1])
	}
	return out
}

// warnImport prints on stderr what the file will not declare: projects
// that do not offer Cassandra, broken pairings and values left out.
func warnImport(io *IOStreams, r *adopt.Result) {
	warn := func(format string, args ...any) {
		fmt.Fprintln(io.ErrOut, mask(io, "Warning: "+fmt.Sprintf(format, args...)))
	}
	for _, p := range r.Projects {
		if !p.CassandraOffered {
			warn("project %s does not offer the cassandra service type (Aiven retired it): ccr plan will report a "+
				"preflight conflict for it.", p.Name)
		}
		for _, b := range p.Broken {
			warn("project %s: %s not imported: %s.", p.Name, strings.Join(quoteNames(b.Services), ", "), b.Reason)
		}
	}
	for _, s := range r.Skipped {
		what := "service " + strings.Join(quoteNames(s.Services), ", ")
		switch {
		case s.Group != "" && len(s.Services) > 1:
			what = "replica group of " + adopt.Quote(s.Group)
		case s.Group == "" && len(s.Services) == 2:
			what = fmt.Sprintf("pair %s + %s", adopt.Quote(s.Services[0]), adopt.Quote(s.Services[1]))
		}
		if s.Field == "service_type" {
			warn("project %s, %s: not imported: %s.", s.Project, what, s.Reason)
			continue
		}
		warn("project %s, %s: %s left out: %s.", s.Project, what, s.Field, s.Reason)
	}
}

func quoteNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = adopt.Quote(n)
	}
	return out
}

// counts are the sizes of a Result.
type counts struct {
	pairs, groups, projects, unpaired, broken, brokenLinks int
	// standalone are services of a replica type with no replication link;
	// ignored are services of types ccr does not manage.
	standalone, ignored int
}

func countResult(r *adopt.Result) counts {
	c := counts{pairs: r.PairCount(), groups: r.GroupCount(), projects: len(r.Projects)}
	for _, p := range r.Projects {
		c.unpaired += len(p.Unpaired)
		for _, b := range p.Broken {
			if b.Via == adopt.ViaIntegrations {
				c.brokenLinks++
			} else {
				c.broken++
			}
		}
		for typ, n := range p.Ignored {
			if adopt.Standalone(typ) {
				c.standalone += n
			} else {
				c.ignored += n
			}
		}
	}
	return c
}

// found says what a Result holds: "0 pairs, 1 unpaired Cassandra service,
// 1 standalone service and 2 services of other types in 1 project".
func found(r *adopt.Result) string {
	c := countResult(r)
	parts := []string{plural(c.pairs, "pair")}
	if c.groups > 0 {
		parts = append(parts, plural(c.groups, "replica group"))
	}
	if c.unpaired > 0 {
		parts = append(parts, plural(c.unpaired, "unpaired Cassandra service"))
	}
	if c.broken > 0 {
		parts = append(parts, plural(c.broken, "broken pairing"))
	}
	if c.brokenLinks > 0 {
		parts = append(parts, plural(c.brokenLinks, "broken replica group"))
	}
	if c.standalone > 0 {
		parts = append(parts, plural(c.standalone, "standalone service"))
	}
	if c.ignored > 0 {
		parts = append(parts, plural(c.ignored, "service")+" of other types")
	}
	last := parts[len(parts)-1]
	if len(parts) > 1 {
		last = strings.Join(parts[:len(parts)-1], ", ") + " and " + last
	}
	return last + " in " + plural(c.projects, "project")
}

// imported says what a written file holds: "Imported 2 pairs from 1
// project; 1 unpaired Cassandra service listed as comments; 2 standalone
// services (no replication link) not declared; 3 services of other types
// ignored."
func imported(r *adopt.Result) string {
	c := countResult(r)
	what := plural(c.pairs, "pair")
	if c.groups > 0 {
		what += " and " + plural(c.groups, "replica group")
	}
	parts := []string{fmt.Sprintf("Imported %s from %s", what, plural(c.projects, "project"))}
	var listed []string
	if c.unpaired > 0 {
		listed = append(listed, plural(c.unpaired, "unpaired Cassandra service"))
	}
	if c.broken > 0 {
		listed = append(listed, plural(c.broken, "broken pairing"))
	}
	if c.brokenLinks > 0 {
		listed = append(listed, plural(c.brokenLinks, "broken replica group"))
	}
	if len(listed) > 0 {
		parts = append(parts, strings.Join(listed, " and ")+" listed as comments")
	}
	if c.standalone > 0 {
		parts = append(parts, plural(c.standalone, "standalone service")+" (no replication link) not declared")
	}
	if c.ignored > 0 {
		parts = append(parts, plural(c.ignored, "service")+" of other types ignored")
	}
	return strings.Join(parts, "; ") + "."
}

// writeNewFile writes data to path atomically. Without force it never
// replaces an existing file: the new file is linked into place, which fails
// when the name is taken, so there is no window between check and write.
func writeNewFile(path string, data []byte, force bool) error {
	tmp, err := writeTemp(path, data, 0o644)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // after a link or rename only the temporary name goes
	if force {
		return renameInto(tmp, path)
	}
	err = os.Link(tmp, path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return refuseExisting(path)
	}
	// The file system has no hard links: check, then rename.
	if err := refuseExisting(path); err != nil {
		return err
	}
	return renameInto(tmp, path)
}

// replaceFile replaces path (or the file a symbolic link at path points to)
// atomically, keeping its permissions.
func replaceFile(path string, data []byte) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	info, err := os.Stat(real)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := writeTemp(real, data, info.Mode().Perm())
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	return renameInto(tmp, real)
}

// writeTemp writes data to a new file beside path and returns its name.
func writeTemp(path string, data []byte, perm fs.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".ccr-import-*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return f.Name(), nil
}

func renameInto(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
