package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Encode renders p in its versioned JSON form, indented, with a final
// newline, as `ccr plan --out` saves it. The form never holds secrets: no
// type in a Plan has a field for one.
func (p *Plan) Encode() ([]byte, error) {
	c := *p
	c.Conflicts = slices.Clone(p.Conflicts) // normalize writes into conflicts
	if p.Cost != nil {
		cost := *p.Cost // and into the cost's lists
		c.Cost = &cost
	}
	c.normalize()
	data, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	return append(data, '\n'), nil
}

// Decode reads a plan saved by Encode. It accepts any format_version with
// this package's major version (a newer minor version only adds fields) and
// rejects a plan that lacks what apply relies on or whose fingerprint does
// not match its facts.
func Decode(data []byte) (*Plan, error) {
	var p Plan
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("decode plan: %w", err)
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("decode plan: %w", err)
	}
	p.normalize()
	return &p, nil
}

// sha256Digest is the form of a digest a plan records.
var sha256Digest = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

// errMissing is wrapped when a required field is empty.
var errMissing = errors.New("missing required field")

// check validates a decoded plan.
func (p *Plan) check() error {
	if p.FormatVersion == "" {
		return fmt.Errorf("format_version: %w", errMissing)
	}
	if major(p.FormatVersion) != major(FormatVersion) {
		return fmt.Errorf("format_version %s is not supported (this ccr reads %s.x)", p.FormatVersion, major(FormatVersion))
	}
	for _, d := range [][2]string{{"spec_digest", p.SpecDigest}, {"fingerprint", p.Fingerprint}} {
		if !strings.HasPrefix(d[1], "sha256:") {
			return fmt.Errorf("%s %q: %w (sha256:…)", d[0], d[1], errMissing)
		}
	}
	if p.FileDigest != "" && !sha256Digest.MatchString(p.FileDigest) {
		return fmt.Errorf("file_digest %q: want \"sha256:\" and 64 lowercase hex digits", p.FileDigest)
	}
	if p.Changes == nil {
		return fmt.Errorf("changes: %w", errMissing)
	}
	for i, c := range p.Changes {
		if err := c.check(); err != nil {
			return fmt.Errorf("changes[%d]: %w", i, err)
		}
	}
	switch p.JoinAfter {
	case "", JoinAfterCreated, JoinAfterRunning:
	default:
		return fmt.Errorf("join_after %q: want %q or %q", p.JoinAfter, JoinAfterCreated, JoinAfterRunning)
	}
	if got := fingerprintOf(p.Facts); got != p.Fingerprint {
		return errors.New("fingerprint does not match the plan's facts: the file was edited")
	}
	return nil
}

// check validates one decoded change.
func (c Change) check() error {
	switch {
	case c.Project == "":
		return fmt.Errorf("project: %w", errMissing)
	case c.Service == "":
		return fmt.Errorf("service: %w", errMissing)
	}
	switch c.Action {
	case Create:
		if c.Plan == "" || c.Cloud == "" {
			return fmt.Errorf("create %s: plan and cloud: %w", c.Service, errMissing)
		}
	case Update:
		if len(c.Updates) == 0 {
			return fmt.Errorf("update %s: updates: %w", c.Service, errMissing)
		}
	case NoOp, Blocked, Link, Switchover:
	default:
		return fmt.Errorf("unknown action %q", c.Action)
	}
	return nil
}

// major is the part of a version before the first dot.
func major(v string) string {
	m, _, _ := strings.Cut(v, ".")
	return m
}

// normalize replaces nil slices with empty ones so the JSON form has []
// rather than null.
func (p *Plan) normalize() {
	p.Changes = nonNil(p.Changes)
	p.Conflicts = nonNil(p.Conflicts)
	p.Drift = nonNil(p.Drift)
	p.Warnings = nonNil(p.Warnings)
	p.Prerequisites = nonNil(p.Prerequisites)
	p.NextSteps = nonNil(p.NextSteps)
	p.Unmanaged = nonNil(p.Unmanaged)
	p.Facts = nonNil(p.Facts)
	for i := range p.Conflicts {
		p.Conflicts[i].Services = nonNil(p.Conflicts[i].Services)
	}
	if c := p.Cost; c != nil {
		c.Projects = nonNil(c.Projects)
		c.Changes = nonNil(c.Changes)
		c.Prices = nonNil(c.Prices)
		c.Budgets = nonNil(c.Budgets)
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
