package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/adopt"
)

type importOptions struct {
	networkOptions
	io              *IOStreams
	projects        []string
	services        []string
	out             string
	merge           string
	force           bool
	format          string
	includeUnpaired bool
	// now is the time written into the file's comments.
	now func() (time.Time, error)
}

func newImportCmd(io *IOStreams) *cobra.Command {
	opts := &importOptions{io: io, now: func() (time.Time, error) { return importTime(io) }}
	cmd := &cobra.Command{
		Use:   "import --project P... [--out FILE [--force] | --merge FILE] [--service NAME]... [--format yaml|json]",
		Short: "Write a ccr file from the CCR pairs and replica groups a project already has",
		Long: `Read each project (one service list per project, plus the default disk of each
plan in use and, for the types of replica groups, the default version) and
write a version-1 ccr file that declares the CCR pairs and replica groups
found.

A pair is two Cassandra services of which one names the other in
user_config.service_to_join_with; the joiner is the second service of its
pair. A replica group is a primary and the services its replication
integrations (read_replica, disaster_recovery,
opensearch_cross_cluster_replication) link to it, as either end lists them:
the primary is the source of every link, each member the destination of one.
Projects come in the order given, pairs sorted by name, groups by primary,
members by name, with only the fields needed to reproduce the live state:
plan, a disk that is not the plan's default, VPC, a datacenter that is not
the service name, the primary's version when it is not the type's default,
termination protection and tags when every service agrees. A group gets
active only when its disaster recovery service is active and its primary
passive (a switchover happened): then switching back is a reviewed change;
roles are left alone otherwise, and a failover is a comment (ccr plan warns
about it). "ccr plan" on the result reports no changes.

A ccr file declares replication, so a service with none is not declared:
unpaired Cassandra services are listed as comments (--include-unpaired is
refused for that reason); standalone services of the replica types (never
linked, or a promoted replica) are counted by type in a comment, and
services of types ccr does not manage (kafka, ...) as other types. Services whose links form no pair
(a service joined by two, a chain, a join to a service of another type, a
service that names itself, two services in one cloud) or no group (a member
of two primaries, a chain, a link across projects, services of two types,
more members than a file allows) are listed as comments and warned about. A
value the file cannot hold (a tag over 64 characters or with control
characters, a datacenter or VPC ID the schema refuses) or on which the
services disagree is left out with a warning naming the service and field:
ccr plan compares nothing for a field the file omits.

Without --out the file goes to stdout. --out FILE writes it atomically and
refuses to overwrite an existing file unless --force. --merge FILE adds the
pairs FILE lacks to it in place, leaving its projects, pairs, order and
comments as they are; a pair whose services FILE already declares otherwise is
refused with a warning. --format json prints what was found instead, for
scripts (format_version 1.1).

Every request has a deadline (--request-timeout, default 30s) and the client's
retries are bounded. The comments carry the time of the read.

Exit status: 0 written; 1 API error, no pair or group to write, invalid FILE or flags.

Environment: AIVEN_TOKEN (required), AIVEN_WEB_URL (default
https://api.aiven.io), SOURCE_DATE_EPOCH (seconds since 1970: the time the
comments show, for reproducible output).`,
		Example: `  ccr import --project acme-prod > ccr.yaml
  ccr import --project acme-prod --project acme-dr --out ccr.yaml
  ccr import --project acme-prod --merge ccr.yaml
  ccr import --project acme-prod --service orders-eu --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opts.resolve(cmd, io); err != nil {
				return err
			}
			return importRun(cmd.Context(), opts)
		},
	}
	opts.addFlags(cmd)
	f := cmd.Flags()
	f.StringArrayVar(&opts.projects, "project", nil, "Aiven `PROJECT` to read (repeatable, in file order)")
	f.StringArrayVar(&opts.services, "service", nil, "import only the pairs and services that include `NAME` (repeatable)")
	f.StringVar(&opts.out, "out", "", "write the file to `FILE` instead of stdout")
	f.BoolVar(&opts.force, "force", false, "let --out overwrite an existing file")
	f.StringVar(&opts.merge, "merge", "", "add the pairs `FILE` lacks to it, keeping what it has")
	f.StringVar(&opts.format, "format", "yaml", "output `FORMAT`: yaml (a ccr file) or json (what was found)")
	f.BoolVar(&opts.includeUnpaired, "include-unpaired", false, "refused: the file format has no single-service declaration")
	completeValues(cmd, "format", formatsImport...)
	completeFiles(cmd, "out", "yaml", "yml")
	completeFiles(cmd, "merge", "yaml", "yml")
	return cmd
}

func importRun(ctx context.Context, opts *importOptions) error {
	if err := checkImportFlags(opts); err != nil {
		return err
	}
	var target *mergeTarget
	if opts.merge != "" {
		var err error
		if target, err = loadMergeTarget(opts.io, opts.merge); err != nil {
			return err
		}
	}
	now, err := opts.now()
	if err != nil {
		return err
	}
	r, err := readAndInfer(ctx, opts)
	if err != nil {
		return err
	}
	warnImport(opts.io, r)
	meta := adopt.Meta{Time: now}
	switch {
	case opts.format == "json":
		data, err := adopt.EncodeJSON(r, meta)
		if err != nil {
			return err
		}
		return emit(opts, data)
	case target != nil:
		return mergeInto(opts.io, target, r, meta)
	}
	data, err := adopt.Encode(r, meta)
	if errors.Is(err, adopt.ErrNothing) {
		return fmt.Errorf("%w (found %s); nothing written", err, found(r))
	}
	if err != nil {
		return err
	}
	if err := emit(opts, data); err != nil {
		return err
	}
	fmt.Fprintln(opts.io.ErrOut, imported(r))
	return nil
}

// checkImportFlags refuses flag combinations before any request is sent.
func checkImportFlags(opts *importOptions) error {
	if err := checkFormat(opts.format, formatsImport...); err != nil {
		return err
	}
	switch {
	case opts.includeUnpaired:
		return errors.New("--include-unpaired: a ccr file (version 1) declares a Cassandra service only as one of a " +
			"pair and has no single-service declaration, so unpaired Cassandra services are listed as comments in " +
			"the file (and under \"unpaired\" with --format json); to manage one, add a pair that names it and a new peer")
	case len(opts.projects) == 0:
		return errors.New("name at least one project with --project")
	case opts.force && opts.out == "":
		return errors.New("--force only applies to --out FILE")
	case opts.out != "" && opts.merge != "":
		return errors.New("give either --out FILE or --merge FILE, not both")
	case opts.merge != "" && opts.format == "json":
		return errors.New("--merge writes a ccr file; it does not combine with --format json")
	}
	for i, p := range opts.projects {
		if slices.Contains(opts.projects[:i], p) {
			return fmt.Errorf("--project %s is given twice", adopt.Quote(p))
		}
		if opts.format == "yaml" && !adopt.ValidProjectName(p) {
			return fmt.Errorf("--project %s cannot be named in a ccr file (a lower-case letter, then up to 62 "+
				"lower-case letters, digits or hyphens)", adopt.Quote(p))
		}
	}
	if opts.out != "" && !opts.force {
		return refuseExisting(opts.out)
	}
	return nil
}

// readAndInfer reads the projects from the API and infers their pairs.
func readAndInfer(ctx context.Context, opts *importOptions) (*adopt.Result, error) {
	client, err := newAivenClient(opts.io, opts.networkOptions)
	if err != nil {
		return nil, err
	}
	states, err := client.ReadProjects(ctx, opts.projects)
	if err != nil {
		return nil, setupError(opts.io, fmt.Errorf("read live state: %w", err))
	}
	for i := range states {
		maskServices(opts.io, states[i].Services)
	}
	return adopt.Infer(states, opts.services)
}

// maskServices masks secrets in the values read before anything is built
// from them: masking the encoded file instead could turn a plain scalar
// into "***", which YAML reads as an alias.
func maskServices(io *IOStreams, services []plan.LiveService) {
	for i := range services {
		s := &services[i]
		for _, f := range []*string{&s.Name, &s.Type, &s.Plan, &s.Cloud, &s.State, &s.Datacenter, &s.JoinedWith,
			&s.ProjectVPCID, &s.Version, &s.Role} {
			*f = mask(io, *f)
		}
		for j := range s.Integrations {
			in := &s.Integrations[j]
			for _, f := range []*string{&in.ID, &in.Kind, &in.Source, &in.Dest, &in.SourceProject, &in.DestProject} {
				*f = mask(io, *f)
			}
		}
		if len(s.Tags) == 0 {
			continue
		}
		tags := make(map[string]string, len(s.Tags))
		for k, v := range s.Tags {
			tags[mask(io, k)] = mask(io, v)
		}
		s.Tags = tags
	}
}

// emit writes data to --out, or to stdout.
func emit(opts *importOptions, data []byte) error {
	if opts.out == "" {
		_, err := fmt.Fprint(opts.io.Out, mask(opts.io, string(data)))
		return err
	}
	if err := writeNewFile(opts.out, []byte(mask(opts.io, string(data))), opts.force); err != nil {
		return err
	}
	fmt.Fprintf(opts.io.ErrOut, "Wrote %s.\n", opts.out)
	return nil
}

// importTime is the time comments carry: SOURCE_DATE_EPOCH when set (the
// reproducible-builds convention), otherwise now.
func importTime(io *IOStreams) (time.Time, error) {
	v := io.Env("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Now(), nil
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if err != nil || secs < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%s: want seconds since 1970", adopt.Quote(v))
	}
	return time.Unix(secs, 0), nil
}

// refuseExisting refuses an --out that exists, so that no API call is made
// for a run that could not write.
func refuseExisting(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s exists; ccr import does not overwrite a file unless --force (or use --merge %s to add "+
			"the pairs it lacks)", path, path)
	}
	return nil
}
