package aivensim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// maxIntegrations is the OpenAPI maxItems of ServiceCreate's
// service_integrations.
const maxIntegrations = 64

// linkRequest is one replication link a request asks for, well formed but
// not yet checked against the services it names.
type linkRequest struct {
	field      string // where it came from, for messages: "service_integrations[0]" or ""
	kind       kind
	srcProject string // "" means the request's project
	src        string
	dstProject string
	dst        string // "" at create: the new service
	userConfig map[string]any
}

// integrationTypes is go-client-codegen's IntegrationTypeChoices: every
// integration_type the API knows. aiven-sim emulates only the replication
// kinds among them and says so for the others.
var integrationTypes = []string{"alert_triage_kafka", "alertmanager", "application_service_credential", "autoscaler",
	"autoscaler_service", "caching", "clickhouse_credentials", "clickhouse_kafka", "clickhouse_postgresql", "dashboard",
	"datadog", "datahub_metadata_ingestion", "datasource", "disaster_recovery", "external_aws_cloudwatch_logs",
	"external_aws_cloudwatch_metrics", "external_elasticsearch_logs", "external_google_cloud_logging",
	"external_opensearch_logs", "flink", "flink_external_bigquery", "flink_external_kafka", "flink_external_postgresql",
	"internal_connectivity", "jolokia", "kafka_connect", "kafka_connect_postgresql", "kafka_inkless_postgresql",
	"kafka_logs", "kafka_mirrormaker", "logs", "metrics", "opensearch_cross_cluster_replication",
	"opensearch_cross_cluster_search", "opentelemetry", "pg_for_analytics_credentials", "postgresql_clickhouse_cdc",
	"prometheus", "read_replica", "rsyslog", "schema_registry_proxy", "service_composition", "stresstester",
	"thanos_distributed_query", "thanos_migrate", "thanos_object_storage", "thanoscompactor", "thanosquery",
	"thanosruler", "thanosstore", "vector", "vmalert"}

// integrationKeys are the keys of ServiceIntegrationIn and
// ServiceIntegrationCreateIn.
var integrationKeys = []string{"dest_endpoint_id", "dest_project", "dest_service", "integration_type",
	"source_endpoint_id", "source_project", "source_service", "user_config"}

// parseServiceIntegrations reads ServiceCreate's service_integrations: absent,
// null or a list of at most 64 entries. Every shape error is a 400 naming
// the field.
func (s *Server) parseServiceIntegrations(raw json.RawMessage) ([]linkRequest, error) {
	if isNull(raw) {
		return nil, nil
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, badRequest("service_integrations: must be a list of objects, not %s", jsonKind(raw))
	}
	if len(entries) > maxIntegrations {
		return nil, badRequest("service_integrations: at most %d entries, not %d", maxIntegrations, len(entries))
	}
	var out []linkRequest
	for i, e := range entries {
		req, err := s.parseIntegration(fmt.Sprintf("service_integrations[%d]", i), e)
		if err != nil {
			return nil, err
		}
		if req.dst != "" {
			return nil, badRequest("%s.dest_service: the destination is the service being created; leave it out", req.field)
		}
		out = append(out, req)
	}
	return out, nil
}

// parseIntegration reads one integration object, an entry of
// service_integrations (field names it) or the body of POST /integration
// (field is "").
func (s *Server) parseIntegration(field string, raw json.RawMessage) (linkRequest, error) {
	req := linkRequest{field: field}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return req, badRequest("%s: must be an object, not %s", orBody(field), jsonKind(raw))
	}
	if err := s.checkIntegrationKeys(field, obj); err != nil {
		return req, err
	}
	k, err := parseKind(field, obj["integration_type"])
	if err != nil {
		return req, err
	}
	req.kind = k
	for _, f := range []struct {
		key string
		dst *string
	}{{"source_service", &req.src}, {"source_project", &req.srcProject}, {"dest_service", &req.dst},
		{"dest_project", &req.dstProject}} {
		if *f.dst, err = optionalString(field, f.key, obj[f.key]); err != nil {
			return req, err
		}
	}
	for _, key := range []string{"source_endpoint_id", "dest_endpoint_id"} {
		if !isNull(obj[key]) {
			return req, badRequest("%s: integration endpoints are not emulated by aiven-sim; name services", at2(field, key))
		}
	}
	if req.src == "" {
		return req, badRequest("%s: required, the name of the service to replicate from", at2(field, "source_service"))
	}
	req.userConfig, err = integrationUserConfig(field, k, obj["user_config"])
	return req, err
}

func (s *Server) checkIntegrationKeys(field string, obj map[string]json.RawMessage) error {
	if !s.enforced(ruleUnknownKeys) {
		return nil
	}
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		if !slices.Contains(integrationKeys, key) {
			return badRequest("%s: unknown field %q; the fields are %v", orBody(field), key, integrationKeys)
		}
	}
	return nil
}

func parseKind(field string, raw json.RawMessage) (kind, error) {
	var name string
	if isNull(raw) {
		return kind{}, badRequest("%s: required", at2(field, "integration_type"))
	}
	if err := json.Unmarshal(raw, &name); err != nil {
		return kind{}, badRequest("%s: must be a string, not %s", at2(field, "integration_type"), jsonKind(raw))
	}
	if k, ok := kindNamed(name); ok {
		return k, nil
	}
	if slices.Contains(integrationTypes, name) {
		return kind{}, badRequest("%s: %q is not emulated by aiven-sim, which emulates %s",
			at2(field, "integration_type"), name, kindNames())
	}
	return kind{}, badRequest("%s: %q is not a valid integration type", at2(field, "integration_type"), name)
}

func optionalString(field, key string, raw json.RawMessage) (string, error) {
	if isNull(raw) {
		return "", nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", badRequest("%s: must be a string, not %s", at2(field, key), jsonKind(raw))
	}
	if len(v) > 64 {
		return "", badRequest("%s: %q is longer than 64 characters", at2(field, key), v)
	}
	return v, nil
}

// integrationUserConfig reads an entry's user_config. None of the
// replication kinds has a setting: disaster_recovery's schema is an empty
// object and the others have none (go-api-schemas integration_types.yml),
// so only {} (or null) is accepted [I].
func integrationUserConfig(field string, k kind, raw json.RawMessage) (map[string]any, error) {
	uc := map[string]any{}
	if isNull(raw) {
		return uc, nil
	}
	if err := json.Unmarshal(raw, &uc); err != nil || uc == nil {
		return nil, badRequest("%s: must be an object, not %s", at2(field, "user_config"), jsonKind(raw))
	}
	if len(uc) > 0 {
		return nil, badRequest("%s: %q is not a setting of %s, which has none",
			at2(field, "user_config"), slices.Sorted(maps.Keys(uc))[0], k.name)
	}
	return uc, nil
}

func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// jsonKind names the JSON type of a value for messages.
func jsonKind(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// at2 joins a field path and a key: "service_integrations[0].source_service",
// or the key alone for a request body.
func at2(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

func orBody(field string) string {
	if field == "" {
		return "request body"
	}
	return field
}
