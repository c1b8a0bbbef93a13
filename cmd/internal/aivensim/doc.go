// Package aivensim is an emulator of the part of the Aiven REST API that ccr
// uses, faithful enough that Aiven's official clients
// (github.com/aiven/go-client-codegen, and avn's requests) accept it
// unchanged. Aiven no longer runs Cassandra, so every ccr test, benchmark and
// the demo run against it; its Cassandra cross-cluster replication (CCR)
// rules come from Aiven's documentation (see reference/aiven-api.md), and so
// do its rules for the replication Aiven sells today: pg, mysql and valkey
// read replicas, pg disaster recovery and OpenSearch cross-cluster
// replication (reference/aiven-replicas.md; rules.go lists them, each
// documented or inferred). It never imports ccr's own packages: a test
// against it must be able to catch ccr being wrong.
//
// Endpoints, with the API's paths, envelopes and status codes:
//
//	GET  /v1/clouds                                   {"clouds": [...]}, no token needed
//	GET  /v1/project, /v1/project/{project}           {"projects": [...]}, {"project": {...}}
//	GET  /v1/project/{project}/clouds                 also for an empty project (/v1/project//clouds)
//	GET  /v1/project/{project}/service                {"services": [...]}
//	POST /v1/project/{project}/service                {"service": {...}}, 200; CCR and replication rules checked
//	GET|PUT|DELETE /v1/project/{project}/service/{service}
//	GET|PUT|PATCH  /v1/project/{project}/service/{service}/tags
//	GET  /v1/project/{project}/service/{service}/backups
//	GET  /v1/project/{project}/service/{service}/integration   {"service_integrations": [...]}
//	POST /v1/project/{project}/integration            {"service_integration": {...}}: link existing services
//	GET|DELETE /v1/project/{project}/integration/{integration_id}   DELETE promotes the member
//	GET  /v1/project/{project}/integration_types      the replication kinds
//	GET  /v1/project/{project}/static-ips             {"static_ips": []}
//	GET  /v1/project/{project}/service_types          {"service_types": {...}}, with plans
//	GET  /v1/project/{project}/service-types          the same map, flat, without plans
//	GET  /v1/project/{project}/service-types/{type}   user_config_schema, default_version
//	GET  /v1/project/{project}/service-types/{type}/plans[/{plan}]
//	GET  /v1/project/{project}/pricing/service-types/{type}/plans/{plan}/clouds/{cloud}
//	GET  /v1/project/{project}/vpcs                   {"vpcs": [...]}
//	GET  /_sim/stats, POST /_sim/reset-stats          the emulator's own counters (Stats)
//
// Every answer decodes into the official client's output type with unknown
// fields disallowed, except disaster_recovery_role, a service field Aiven
// documents and the client does not declare (roles.go). Service objects carry node_states (zones, progress),
// components, the avnadmin user and daily backups; passwords, also the one
// in service_uri, read "<redacted>" (or are left out of the URI) unless a
// GET asks for include_secrets=true, as Aiven documents.
//
// Errors have Aiven's shape, {"errors":[{"error_code","message","status"}],
// "message"}. Requests authenticate with "Authorization: aivenv1 TOKEN" or
// "Bearer TOKEN" (401 without, 403 authentication_failed when wrong). A path
// the emulator does not serve answers 404 "aiven-sim: METHOD PATH is not
// emulated"; a known path with another method 405 with an Allow header. Query
// parameters such as the client's limit=999 are accepted and ignored, and so is
// the Content-Type of bodiless requests.
//
// CCR: a create with user_config.service_to_join_with is checked against
// Aiven's rules (ccr.go) and accepted while its target is still REBUILDING,
// as Aiven's CCR guide does; the joiner then stays REBUILDING until its
// target is RUNNING too (join.go). Options.JoinRequiresRunning refuses such a
// join instead. Replication links (integrations.go) are created with the
// member (service_integrations, or avn's legacy pg fields) or, for disaster
// recovery and OpenSearch, between existing services; both ends list them.
// Members build from their source as joiners do, never take backups
// (backups.go), and a pg replica waits for its primary's first backup.
// Prices derive from each plan's list price and the cloud (pricing.go),
// overridable per seed and project.
//
// In-process use:
//
//	srv := aivensim.New(aivensim.Options{Token: "t", ProvisionDelay: time.Second})
//	err := srv.AddProject(aivensim.ProjectSeed{Project: "acme-prod"})
//	hs := httptest.NewServer(srv)
//	client, err := aiven.NewClient(aiven.TokenOpt("t"), aiven.HostOpt(hs.URL))
//	...
//	srv.Stats().Creates["acme-prod/orders-eu"] // 1: created exactly once
//
// As a process, cmd/aiven-sim calls Main; see its flags with "aiven-sim -h".
// Service states advance lazily from Options.Clock, so the emulator runs no
// goroutines of its own, and all state sits behind one mutex.
package aivensim
