package adopt

import (
	"encoding/json"
	"fmt"
	"regexp"
	"unicode/utf8"

	"github.com/ccr-dev/ccr/schema"
)

// limits are the constraints the file format puts on the values import
// writes. They are read from the embedded JSON Schema, so that import and
// validate can never disagree about what a file may hold.
type limits struct {
	project, name, cloud, datacenter, vpc, plan, version *regexp.Regexp
	tagKeyMax, tagValueMax                               int
	diskMax                                              int
}

// fileLimits panics at start-up if the schema no longer has the shape read
// here; TestLimitsFollowTheSchema pins it.
var fileLimits = mustLimits(schema.JSONSchema())

// jsonSchema is the part of ccr.schema.json that limits reads.
type jsonSchema struct {
	Defs map[string]struct {
		Properties map[string]property `json:"properties"`
	} `json:"$defs"`
}

type property struct {
	Pattern              string    `json:"pattern"`
	Maximum              int       `json:"maximum"`
	PropertyNames        *property `json:"propertyNames"`
	AdditionalProperties *property `json:"additionalProperties"`
	MaxLength            int       `json:"maxLength"`
}

func mustLimits(raw []byte) limits {
	l, err := readLimits(raw)
	if err != nil {
		panic(fmt.Sprintf("adopt: read limits from ccr.schema.json: %v", err))
	}
	return l
}

func readLimits(raw []byte) (limits, error) {
	var s jsonSchema
	if err := json.Unmarshal(raw, &s); err != nil {
		return limits{}, err
	}
	prop := func(def, name string) property { return s.Defs[def].Properties[name] }
	var l limits
	var err error
	for _, p := range []struct {
		dst       **regexp.Regexp
		def, name string
	}{
		{&l.project, "project", "project"},
		{&l.name, "service", "name"},
		{&l.cloud, "service", "cloud"},
		{&l.datacenter, "service", "datacenter"},
		{&l.vpc, "service", "project_vpc_id"},
		{&l.plan, "pair", "plan"},
		{&l.version, "primary", "version"},
	} {
		pattern := prop(p.def, p.name).Pattern
		if pattern == "" {
			return limits{}, fmt.Errorf("%s.%s has no pattern", p.def, p.name)
		}
		if *p.dst, err = regexp.Compile(pattern); err != nil {
			return limits{}, fmt.Errorf("%s.%s: %w", p.def, p.name, err)
		}
	}
	tags := prop("pair", "tags")
	if tags.PropertyNames == nil || tags.AdditionalProperties == nil {
		return limits{}, fmt.Errorf("pair.tags has no key or value constraints")
	}
	l.tagKeyMax, l.tagValueMax = tags.PropertyNames.MaxLength, tags.AdditionalProperties.MaxLength
	l.diskMax = prop("pair", "disk_space_mb").Maximum
	if l.tagKeyMax == 0 || l.tagValueMax == 0 || l.diskMax == 0 {
		return limits{}, fmt.Errorf("pair.tags or pair.disk_space_mb lost its bounds")
	}
	return l, nil
}

// ValidProjectName reports whether name can be written as a project of a
// ccr file.
func ValidProjectName(name string) bool { return fileLimits.project.MatchString(name) }

// tagProblem says why a tag cannot be written, "" when it can. A key or
// value with a character schema.InvisibleAt refuses (control, format,
// separator characters) is refused as validate would refuse it: a tag that
// holds one is garbage, and a reviewer could not see what the file says.
func tagProblem(key, value string) string {
	switch n := utf8.RuneCountInString(key); {
	case n == 0:
		return "the key is empty"
	case n > fileLimits.tagKeyMax:
		return fmt.Sprintf("the key is longer than %d characters", fileLimits.tagKeyMax)
	case utf8.RuneCountInString(value) > fileLimits.tagValueMax:
		return fmt.Sprintf("the value is longer than %d characters", fileLimits.tagValueMax)
	case schema.InvisibleAt(key) >= 0:
		return "the key holds control or invisible characters"
	case schema.InvisibleAt(value) >= 0:
		return "the value holds control or invisible characters"
	}
	return ""
}
