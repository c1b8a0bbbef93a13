package schema

import (
	"slices"
	"testing"
)

type loadCase struct {
	name string
	src  string
	want []string
}

// ruleCases violate one rule each; want is every diagnostic, in order.
var ruleCases = []loadCase{
	{"version not 1", `
version: 2
projects: [{project: p, pairs: [{services: [{name: a, cloud: aws-us-east-1}, {name: b, cloud: aws-us-west-2}]}]}]
`, []string{
		"ccr.yaml:2:10: version: must be 1; got 2",
	}},
	{"version a string", `
version: "1"
projects: [{project: p, pairs: [{services: [{name: a, cloud: aws-us-east-1}, {name: b, cloud: aws-us-west-2}]}]}]
`, []string{
		"ccr.yaml:2:10: version: must be an integer; got \"1\"",
	}},
	{"missing version and projects", `
{}
`, []string{
		"ccr.yaml:2:1: missing required field \"projects\"",
		"ccr.yaml:2:1: missing required field \"version\"",
	}},
	{"service name pattern", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - name: Orders_EU
            cloud: aws-us-east-1
          - name: 9lives
            cloud: aws-us-west-2
`, []string{
		"ccr.yaml:7:19: projects[0].pairs[0].services[0].name: must be a lower-case letter, then up to 63 lower-case letters, digits or hyphens; got \"Orders_EU\"",
		"ccr.yaml:9:19: projects[0].pairs[0].services[1].name: must be a lower-case letter, then up to 63 lower-case letters, digits or hyphens; got \"9lives\"",
	}},
	{"service name too long", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - name: a2345678901234567890123456789012345678901234567890123456789012345
            cloud: aws-us-east-1
          - name: b
            cloud: aws-us-west-2
`, []string{
		"ccr.yaml:7:19: projects[0].pairs[0].services[0].name: must be a lower-case letter, then up to 63 lower-case letters, digits or hyphens; got \"a2345678901234567890123456789012345678901234567890123456789012345\"",
	}},
	{"one service", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - name: a
            cloud: aws-us-east-1
`, []string{
		"ccr.yaml:6:9: projects[0].pairs[0].services: must list exactly 2 services; got 1",
	}},
	{"three services", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
          - {name: c, cloud: aws-eu-west-1}
`, []string{
		"ccr.yaml:6:9: projects[0].pairs[0].services: must list exactly 2 services; got 3",
	}},
	{"same name in a pair", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: a, cloud: aws-us-west-2}
`, []string{
		"ccr.yaml:8:20: projects[0].pairs[0].services[1].name: name must differ from services[0] (both a)",
	}},
	{"same cloud in a pair", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - name: orders-eu
            cloud: google-europe-west1
          - name: orders-us
            cloud: google-europe-west1
`, []string{
		"ccr.yaml:10:20: projects[0].pairs[0].services[1].cloud: cloud must differ from services[0] (both google-europe-west1)",
	}},
	{"same explicit datacenter", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1, datacenter: dc1}
          - {name: b, cloud: aws-us-west-2, datacenter: dc1}
`, []string{
		"ccr.yaml:8:57: projects[0].pairs[0].services[1].datacenter: datacenter must differ from services[0] (both dc1)",
	}},
	{"datacenter equal to the other's default", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - name: a
            cloud: aws-us-east-1
            datacenter: b
          - name: b
            cloud: aws-us-west-2
`, []string{
		"ccr.yaml:9:25: projects[0].pairs[0].services[0].datacenter: datacenter must differ from services[1], whose datacenter defaults to its name (both b)",
	}},
	{"datacenter not CQL-safe", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1, datacenter: "dc 1'"}
          - {name: b, cloud: aws-us-west-2, datacenter: ""}
`, []string{
		"ccr.yaml:7:57: projects[0].pairs[0].services[0].datacenter: must be 1 to 128 letters, digits, hyphens or underscores; got \"dc 1'\"",
		"ccr.yaml:8:57: projects[0].pairs[0].services[1].datacenter: must be 1 to 128 letters, digits, hyphens or underscores; got \"\"",
	}},
	{"keyspace name and replication factor", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
        keyspaces:
          orders: 1
          bad-name: 3
          events: 2.5
          audit: "3"
`, []string{
		"ccr.yaml:10:19: projects[0].pairs[0].keyspaces.orders: must be at least 2; got 1",
		"ccr.yaml:11:11: projects[0].pairs[0].keyspaces.bad-name: name must be a letter, then up to 47 letters, digits or underscores (an unquoted CQL identifier); got \"bad-name\"",
		"ccr.yaml:12:19: projects[0].pairs[0].keyspaces.events: must be an integer; got 2.5",
		"ccr.yaml:13:18: projects[0].pairs[0].keyspaces.audit: must be an integer; got \"3\"",
	}},
	{"keyspaces differing in case", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
        keyspaces:
          orders: 3
          Orders: 3
`, []string{
		"ccr.yaml:11:11: projects[0].pairs[0].keyspaces.Orders: keyspace Orders is keyspace orders (line 10): CQL ignores the case of unquoted names",
	}},
	{"disk space not positive", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
        disk_space_mb: 0
      - services:
          - {name: c, cloud: aws-us-east-1}
          - {name: d, cloud: aws-us-west-2}
        disk_space_mb: 700GB
`, []string{
		"ccr.yaml:9:24: projects[0].pairs[0].disk_space_mb: must be a positive integer; got 0",
		"ccr.yaml:13:24: projects[0].pairs[1].disk_space_mb: must be an integer; got \"700GB\"",
	}},
	{"project listed twice", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
  - project: p
    pairs:
      - services:
          - {name: c, cloud: aws-us-east-1}
          - {name: d, cloud: aws-us-west-2}
`, []string{
		"ccr.yaml:4:14: projects[0].project: project p is declared again at line 9",
		"ccr.yaml:9:14: projects[1].project: project p is already declared at line 4; list each project once",
	}},
	{"service in two pairs", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
      - services:
          - {name: c, cloud: aws-us-east-1}
          - {name: a, cloud: aws-us-west-2}
`, []string{
		"ccr.yaml:7:20: projects[0].pairs[0].services[0].name: service a is declared again at line 11",
		"ccr.yaml:11:20: projects[0].pairs[1].services[1].name: service a is already declared at line 7; a service belongs to at most one pair or replica group",
	}},
	{"same service name in two projects is fine", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
  - project: q
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
`, nil},
	{"tags not strings", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
        tags:
          team: orders
          cost-center: 4711
          owners: [ann, bob]
`, []string{
		"ccr.yaml:11:24: projects[0].pairs[0].tags.cost-center: must be a string; got 4711 (quote it: \"4711\")",
		"ccr.yaml:12:19: projects[0].pairs[0].tags.owners: must be a string; got a list",
	}},
	{"empty tag key", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
        tags: {"": 1, team: orders}
`, []string{
		// The validator's pointer for an empty key is its mapping's:
		// whole-document validation reported "tags: must be a string".
		"ccr.yaml:9:16: projects[0].pairs[0].tags[\"\"]: name must not be empty",
		"ccr.yaml:9:20: projects[0].pairs[0].tags[\"\"]: must be a string; got 1 (quote it: \"1\")",
	}},
	{"project_vpc_id not a UUID", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1, project_vpc_id: vpc-123}
          - {name: b, cloud: aws-us-west-2, project_vpc_id: 5b7c2f0e-9d41-4a3e-8c6b-2e1f0a9d8c77}
`, []string{
		"ccr.yaml:7:61: projects[0].pairs[0].services[0].project_vpc_id: must be a UUID such as 1f0e3c52-8a4b-4c1d-9e2f-0a1b2c3d4e5f; got \"vpc-123\"",
	}},
	{"unknown fields", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {nmae: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2, zone: b}
        replicas: 3
`, []string{
		"ccr.yaml:7:14: projects[0].pairs[0].services[0].nmae: unknown field \"nmae\"; did you mean \"name\"?",
		"ccr.yaml:8:45: projects[0].pairs[0].services[1].zone: unknown field \"zone\"; allowed: cloud, datacenter, name, project_vpc_id",
		"ccr.yaml:9:9: projects[0].pairs[0].replicas: unknown field \"replicas\"; allowed: allow_downgrade, disk_space_mb, keyspaces, plan, services, tags, termination_protection",
	}},
	{"missing cloud", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - name: a
          - name: b
            cloud: aws-us-west-2
`, []string{
		"ccr.yaml:7:13: projects[0].pairs[0].services[0]: missing required field \"cloud\"",
	}},
	{"wrong types report once", `
version: 1
projects:
  - project: p
    pairs:
      - services: orders
        plan: [business-8]
        termination_protection: "yes"
`, []string{
		"ccr.yaml:6:19: projects[0].pairs[0].services: must be a list; got \"orders\"",
		"ccr.yaml:7:15: projects[0].pairs[0].plan: must be a string; got a list",
		"ccr.yaml:8:33: projects[0].pairs[0].termination_protection: must be true or false; got \"yes\"",
	}},
	{"empty lists", `
version: 1
projects:
  - project: p
    pairs: []
`, []string{
		"ccr.yaml:5:5: projects[0].pairs: must not be empty",
	}}, {"replica groups: kinds per type, limits, active, names across pairs and groups", `
version: 1
projects:
  - project: p
    pairs:
      - services: [{name: a, cloud: aws-us-east-1}, {name: b, cloud: aws-us-west-2}]
    replicas:
      - primary: {name: db, type: mysql, cloud: aws-us-east-1, plan: business-4}
        members:
          - {name: db-dr, kind: disaster_recovery, cloud: aws-us-east-1}
          - {name: a, kind: read_replica, cloud: aws-us-east-1}
        active: db
      - primary: {name: pg, type: pg, cloud: aws-us-east-1}
        members:
          - {name: pg-dr, kind: disaster_recovery, cloud: aws-us-east-1}
          - {name: pg-dr2, kind: disaster_recovery, cloud: aws-us-west-2}
        active: pg-x
      - primary: {name: cache, type: valkey, cloud: aws-us-east-1}
        members: [{name: c1, kind: read_replica, cloud: aws-us-east-1}, {name: c2, kind: read_replica, cloud: aws-us-east-1},
                  {name: c3, kind: read_replica, cloud: aws-us-east-1}, {name: c4, kind: read_replica, cloud: aws-us-east-1},
                  {name: c5, kind: read_replica, cloud: aws-us-east-1}, {name: c6, kind: read_replica, cloud: aws-us-east-1}]
      - primary: {name: logs, type: opensearch, cloud: aws-us-east-1}
        members: [{name: logs-ro, kind: read_replica, cloud: aws-us-west-2}]
  - project: q
`, []string{
		"ccr.yaml:6:27: projects[0].pairs[0].services[0].name: service a is declared again at line 11",
		"ccr.yaml:10:33: projects[0].replicas[0].members[0].kind: must be \"read_replica\" for a MySQL primary; got \"disaster_recovery\"",
		"ccr.yaml:11:20: projects[0].replicas[0].members[1].name: service a is already declared at line 6; a service belongs to at most one pair or replica group",
		"ccr.yaml:16:34: projects[0].replicas[1].members[1].kind: a PostgreSQL primary has at most 1 disaster recovery service; pg-dr2 is the 2nd",
		"ccr.yaml:17:17: projects[0].replicas[1].active: active must name pg, pg-dr or pg-dr2",
		"ccr.yaml:21:90: projects[0].replicas[2].members[5].kind: a Valkey primary has at most 5 read replicas; c6 is the 6th",
		"ccr.yaml:23:41: projects[0].replicas[3].members[0].kind: must be \"opensearch_cross_cluster_replication\" for an OpenSearch primary; got \"read_replica\"",
		"ccr.yaml:24:5: projects[1]: missing a required field: one of \"pairs\" or \"replicas\"",
	}},
}

func TestRules(t *testing.T) {
	for _, c := range ruleCases {
		t.Run(c.name, func(t *testing.T) { checkLoad(t, c) })
	}
}

// checkLoad loads c.src and compares every diagnostic with c.want. A case
// without diagnostics must yield a Spec.
func checkLoad(t *testing.T, c loadCase) {
	t.Helper()
	spec, ds := Load("ccr.yaml", []byte(c.src))
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	if !slices.Equal(got, c.want) {
		t.Errorf("diagnostics:\n got %q\nwant %q", got, c.want)
	}
	if (spec == nil) != (len(c.want) > 0) {
		t.Errorf("spec = %v with %d diagnostics; want a spec exactly when there are none", spec, len(ds))
	}
}
