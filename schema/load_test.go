package schema

import (
	"strings"
	"testing"
)

// valid is a minimal valid file that hostile cases build on.
const valid = "version: 1\nprojects:\n  - project: p\n    pairs:\n      - services:\n          - {name: a, cloud: aws-us-east-1}\n          - {name: b, cloud: aws-us-west-2}\n"

// hostileCases are inputs a parser can choke on; each must give positioned
// diagnostics, never a panic.
var hostileCases = []loadCase{
	{"empty file", "", []string{
		"ccr.yaml:1:1: file is empty; a ccr file starts with \"version: 1\" and lists projects",
	}},
	{"only comments", "# nothing here\n\n", []string{
		"ccr.yaml:1:1: file is empty; a ccr file starts with \"version: 1\" and lists projects",
	}},
	{"tab indentation", "version: 1\nprojects:\n\t- project: p\n", []string{
		"ccr.yaml:3:1: tab character in indentation; YAML indents with spaces only",
	}},
	{"tab after a key", "version: 1\n\tprojects: []\n", []string{
		"ccr.yaml:2:1: tab character in indentation; YAML indents with spaces only",
	}},
	// yaml.v3 names the line where the enclosing block starts (and that
	// one off by one); the position is the line that broke it.
	{"key less indented than its siblings", "version: 1\nprojects:\n  - project: p\n    pairs:\n      - services:\n" +
		"          - {name: a, cloud: aws-us-east-1}\n          - {name: b, cloud: aws-us-west-2}\n       plan: business-8\n", []string{
		"ccr.yaml:8:8: invalid YAML: did not find expected '-' indicator (check the indentation of this line)",
	}},
	{"list item at its key's indentation", "version: 1\nprojects:\n  - project: p\n    pairs:\n      - services:\n" +
		"          - name: a\n            cloud: aws-us-east-1\n        - name: b\n          cloud: aws-us-west-2\n", []string{
		"ccr.yaml:8:9: invalid YAML: did not find expected key (check the indentation of this line)",
	}},
	{"key of a list item less indented", "version: 1\nprojects:\n  - project: p\n    pairs:\n    - services:\n" +
		"        - {name: a, cloud: aws-us-east-1}\n        - {name: b, cloud: aws-us-west-2}\n      plan: business-8\n     disk_space_mb: 3\n", []string{
		"ccr.yaml:9:6: invalid YAML: did not find expected key (check the indentation of this line)",
	}},
	{"key more indented than its siblings", "version: 1\nprojects:\n  - project: p\n    pairs:\n      - services:\n" +
		"          - name: a\n             cloud: aws-us-east-1\n", []string{
		"ccr.yaml:7:14: invalid YAML: mapping values are not allowed in this context",
	}},
	{"indented top-level key", "version: 1\n projects: []\n", []string{
		"ccr.yaml:2:2: invalid YAML: mapping values are not allowed in this context",
	}},
	{"tab after the block's first line", "version: 1\nprojects:\n  - project: p\n    pairs:\n      - services:\n" +
		"          - name: a\n\t    cloud: aws-us-east-1\n", []string{
		"ccr.yaml:7:1: tab character in indentation; YAML indents with spaces only",
	}},
	{"missing comma in a flow list", "version: 1\nprojects: [\n  {project: p, pairs: []},\n  {project: q, pairs: []}\n  {project: r, pairs: []}\n]\n", []string{
		"ccr.yaml:4:3: invalid YAML: did not find expected ',' or ']'",
	}},
	{"unclosed flow list", "version: 1\nprojects: [\n", []string{
		"ccr.yaml:2:1: invalid YAML: did not find expected node content",
	}},
	{"mapping in a plain scalar", "version: 1\nprojects: a: b\n", []string{
		"ccr.yaml:2:1: invalid YAML: mapping values are not allowed in this context",
	}},
	{"unterminated quote", "version: 1\nprojects: 'p\n", []string{
		"ccr.yaml:2:1: invalid YAML: found unexpected end of stream",
	}},
	{"duplicate top-level key", "version: 1\nversion: 1\nprojects: []\n", []string{
		"ccr.yaml:2:1: version: duplicate key \"version\"; first defined at line 1",
		"ccr.yaml:3:1: projects: must not be empty",
	}},
	{"duplicate service key", strings.Replace(valid, "{name: a,", "{name: a, name: c,", 1), []string{
		"ccr.yaml:6:23: projects[0].pairs[0].services[0].name: duplicate key \"name\"; first defined at line 6",
	}},
	{"binary garbage", "\x7fELF\x02\x01\x01\x00\x00", []string{
		"ccr.yaml:1:1: control character U+007F is not allowed in YAML; is the file binary?",
	}},
	{"NUL in the middle", "version: 1\nprojects:\x00\n", []string{
		"ccr.yaml:2:10: control character U+0000 is not allowed in YAML; is the file binary?",
	}},
	{"invalid UTF-8", "version: 1\n# caf\xe9\n", []string{
		"ccr.yaml:2:6: file is not UTF-8 text (byte 0xe9); is it binary?",
	}},
	{"alias bomb", "version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\nprojects: *f\n", []string{
		"ccr.yaml:6:36: e[7]: aliases expand to more than 100000 values; ccr does not expand alias bombs",
	}},
	{"unknown anchor", "version: 1\nprojects: *nope\n", []string{
		"ccr.yaml:2:11: alias *nope refers to no anchor &nope defined before it",
	}},
	{"merge key", "version: 1\nprojects:\n  - <<: {project: p}\n    pairs: []\n", []string{
		"ccr.yaml:3:5: projects[0]: merge keys (<<) are not supported; write the fields out",
		"ccr.yaml:4:5: projects[0].pairs: must not be empty",
	}},
	{"custom tag", "version: !!int 1\nprojects:\n  - project: !vault p\n    pairs: []\n", []string{
		"ccr.yaml:3:14: projects[0].project: YAML tag !vault is not supported; remove it",
		"ccr.yaml:4:5: projects[0].pairs: must not be empty",
	}},
	{"list as a key", "version: 1\n[a]: b\nprojects: []\n", []string{
		"ccr.yaml:2:1: a mapping key must be a plain string, not a list",
		"ccr.yaml:3:1: projects: must not be empty",
	}},
	{"two documents", valid + "---\nversion: 1\n", []string{
		"ccr.yaml:8:1: a ccr file holds one YAML document; remove the second one (or the \"---\" before it)",
	}},
	{"root is a list", "- version: 1\n", []string{
		"ccr.yaml:1:1: must be a mapping; got a list",
	}},
	{"root is a scalar", "ccr\n", []string{
		"ccr.yaml:1:1: must be a mapping; got \"ccr\"",
	}},
	{"root is null", "~\n", []string{
		"ccr.yaml:1:1: must be a mapping; got nothing",
	}},
	{"deep nesting", "version: 1\nprojects: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n", []string{
		"ccr.yaml:2:12: projects[0]: must be a mapping; got a list",
	}},
	{"nesting beyond the parser's limit", "version: 1\nprojects: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n", []string{
		"ccr.yaml:2:1: invalid YAML: exceeded max depth of 10000",
	}},
	{"number too large for an integer", strings.Replace(valid, "      - services:", "      - disk_space_mb: 1e30\n        services:", 1), []string{
		"ccr.yaml:5:24: projects[0].pairs[0].disk_space_mb: must be at most 2147483647; got 1e30",
	}},
	{"infinity", strings.Replace(valid, "      - services:", "      - disk_space_mb: .inf\n        services:", 1), []string{
		"ccr.yaml:5:24: projects[0].pairs[0].disk_space_mb: must be an integer; got .inf",
	}},
	{"alias to a string key", "version: 1\nprojects:\n  - &k project: p\n    pairs: []\n", []string{
		"ccr.yaml:4:5: projects[0].pairs: must not be empty",
	}},
}

func TestHostile(t *testing.T) {
	for _, c := range hostileCases {
		t.Run(c.name, func(t *testing.T) { checkLoad(t, c) })
	}
}
